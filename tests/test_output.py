"""The output folder is written atomically."""
from __future__ import annotations

import pytest

from kg.output import StagedOutput


def test_success_moves_files_into_place(tmp_path):
    out = tmp_path / "out"
    with StagedOutput(out) as stage:
        stage.path("a.jsonl").write_text("new", encoding="utf-8")
        assert not (out / "a.jsonl").exists()  # nothing final before the end
    assert (out / "a.jsonl").read_text(encoding="utf-8") == "new"
    assert [p.name for p in out.iterdir()] == ["a.jsonl"]  # no staging folder left


def test_failure_leaves_previous_output_and_foreign_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.jsonl").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("the user's own file", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with StagedOutput(out) as stage:
            stage.path("a.jsonl").write_text("half", encoding="utf-8")
            stage.path("b.jsonl").write_text("half", encoding="utf-8")
            raise RuntimeError("extraction failed midway")
    assert sorted(p.name for p in out.iterdir()) == ["a.jsonl", "notes.txt"]
    assert (out / "a.jsonl").read_text(encoding="utf-8") == "old"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "the user's own file"
