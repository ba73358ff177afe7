"""The command line, through click's CliRunner."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from kg import __version__, pipeline
from kg.cli import cli
from tests.conftest import SEEDS


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def test_help_and_version(runner):
    assert "build" in run(runner, "--help").output
    assert __version__ in run(runner, "--version").output


def test_build_seeds(runner, tmp_path):
    out = tmp_path / "out"
    result = run(runner, "build", str(SEEDS), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Read 5 articles" in result.output and "skipped 0" in result.output
    rows = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == sorted(p.name for p in SEEDS.iterdir())
    assert set(rows[0]) >= {"id", "title", "date", "source", "encoding", "text"}


def test_missing_path_is_a_one_line_error(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "nope" in result.output


def test_folder_without_readable_article(runner, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no readable article" in result.output
    assert not (tmp_path / "out" / "articles.jsonl").exists()


def test_bad_files_are_reported_and_the_rest_processed(runner, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(SEEDS / "001_49ce12ed3743b5b7.txt", corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (corpus / "broken.txt").write_bytes(bytes([0x81, 0x30, 0xff, 0xfe]) * 100)
    (corpus / "huge.txt").write_text("抖音" * 5000, encoding="utf-8")
    result = run(runner, "build", str(corpus), "-o", str(tmp_path / "out"), "--max-size", "10k")
    assert result.exit_code == 0
    assert "Read 1 articles" in result.output and "skipped 4" in result.output
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary"), ("broken.txt", "undecodable"),
                         ("huge.txt", "too large")]:
        assert any(name in line and reason in line for line in result.output.splitlines()), name
    assert len((tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_failed_run_leaves_previous_output(runner, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run(runner, "build", str(SEEDS), "-o", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def explode(article):  # a crash in the middle of the run
        if article.id.startswith("003"):
            raise RuntimeError("boom")
        return {"id": article.id}

    monkeypatch.setattr(pipeline, "article_record", explode)
    with pytest.raises(RuntimeError):
        run(runner, "build", str(SEEDS), "-o", str(out))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_thousand_copies_with_progress_and_report(runner, tmp_path):
    corpus = tmp_path / "corpus"
    for i in range(200):
        folder = corpus / f"batch{i:03d}"
        folder.mkdir(parents=True)
        for seed in SEEDS.iterdir():
            shutil.copy(seed, folder / seed.name)
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Reading articles" in result.stderr
    assert "Read 1000 articles" in result.output and "skipped 0" in result.output
    assert len((tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 1000
