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
    assert sorted(p.name for p in out.iterdir()) == [".kg-manifest.json", "a.jsonl"]  # no staging folder left


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


def test_the_output_folder_inside_the_input_folder_is_never_read(tmp_path):
    import shutil

    from click.testing import CliRunner

    from kg.cli import cli
    from tests.conftest import SEEDS

    corpus = tmp_path / "in"
    shutil.copytree(SEEDS, corpus)
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(corpus), "-o", str(corpus / "out"), "--no-cache"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["build", str(corpus), "-o", str(corpus / "out"), "--no-cache"])
    assert second.exit_code == 0, second.output
    assert f"Read {len(list(SEEDS.iterdir()))} articles" in second.output
    assert "output folder, never read as input" in second.output
    assert (corpus / "out" / "triples.jsonl").read_bytes() == (tmp_path / "in" / "out" / "triples.jsonl").read_bytes()
    ids = [line for line in (corpus / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert not any('"graph.html"' in line or '"id": "out/' in line for line in ids)


def test_a_build_of_fewer_formats_removes_its_own_stale_exports_and_nothing_else(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli
    from tests.conftest import SEEDS

    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(SEEDS), "-o", str(out), "-f", "all", "--no-cache"]).exit_code == 0
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    (out / "graph.pdf").write_text("not kg's", encoding="utf-8")
    assert (out / "graph.graphml").exists() and (out / "nodes.csv").exists()
    assert runner.invoke(cli, ["build", str(SEEDS), "-o", str(out), "-f", "html", "--no-cache"]).exit_code == 0
    assert (out / "graph.html").exists() and (out / "triples.jsonl").exists()
    for stale in ("graph.graphml", "graph.gexf", "nodes.csv", "edges.csv", "graph.json"):
        assert not (out / stale).exists(), stale
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "graph.pdf").exists()
    # an export adds to the folder: it removes nothing
    assert runner.invoke(cli, ["export", "--from", str(out), "-o", str(out), "-f", "gexf"]).exit_code == 0
    assert (out / "graph.gexf").exists() and (out / "graph.html").exists()
