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
    (corpus / "broken.txt").write_bytes(bytes([0x80, 0xff]) * 200)  # no encoding reads a byte of it
    (corpus / "huge.txt").write_text("抖音" * 5000, encoding="utf-8")
    good = (SEEDS / "000_6a6f5a81fdfbb592.txt").read_bytes()
    (corpus / "damaged.txt").write_bytes(good[:300] + b"\xff\xfe\x80\x81" + good[300:])
    result = run(runner, "build", str(corpus), "-o", str(tmp_path / "out"), "--max-size", "10k")
    assert result.exit_code == 0
    assert "Read 2 articles" in result.output and "skipped 4" in result.output
    assert any("damaged.txt" in line and "4 undecodable bytes replaced" in line for line in result.output.splitlines())
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary"), ("broken.txt", "undecodable"),
                         ("huge.txt", "too large")]:
        assert any(name in line and reason in line for line in result.output.splitlines()), name
    assert len((tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_failed_run_leaves_previous_output(runner, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run(runner, "build", str(SEEDS), "-o", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def explode(article, duplicate_of=None):  # a crash in the middle of the run
        if article.id.startswith("003"):
            raise RuntimeError("boom")
        return {"id": article.id}

    monkeypatch.setattr(pipeline, "article_record", explode)
    failed = runner.invoke(cli, ["build", str(SEEDS), "-o", str(out)])
    assert failed.exit_code == 1 and "RuntimeError: boom" in failed.output
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


def test_build_writes_every_format_and_says_where_the_graph_is(runner, tmp_path):
    out = tmp_path / "out"
    result = run(runner, "build", str(SEEDS), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0
    for name in ("graph.html", "graph.graphml", "graph.gexf", "nodes.csv", "edges.csv", "graph.json",
                 "triples.jsonl", "entities.jsonl", "articles.jsonl"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "graph.html").resolve().as_uri() in result.output


def test_format_choice_and_unknown_format(runner, tmp_path):
    out = tmp_path / "out"
    assert run(runner, "build", str(SEEDS), "-o", str(out), "-f", "graphml,csv").exit_code == 0
    assert (out / "graph.graphml").exists() and (out / "nodes.csv").exists()
    assert not (out / "graph.html").exists()
    bad = runner.invoke(cli, ["build", str(SEEDS), "-o", str(out), "-f", "pdf"])
    assert bad.exit_code == 2 and "unknown format pdf" in bad.output


def test_export_stats_show_from_a_previous_build(runner, tmp_path):
    out = tmp_path / "out"
    run(runner, "build", str(SEEDS), "-o", str(out), "-f", "csv")
    exported = run(runner, "export", "--from", str(out), "-o", str(tmp_path / "again"), "-f", "gexf,json")
    assert exported.exit_code == 0
    assert (tmp_path / "again" / "graph.gexf").exists() and (tmp_path / "again" / "graph.json").exists()
    assert not (tmp_path / "again" / "triples.jsonl").exists()  # nothing extracted again
    stats = run(runner, "stats", "--from", str(out), "-n", "3")
    assert "entities by type" in stats.output and "relations by predicate" in stats.output
    assert "抖音" in stats.output.split("most connected")[1]
    show = run(runner, "show", "三只羊", "--from", str(out))
    assert "penalizes" in show.output and "003_681de31ad7f99937.txt" in show.output
    missing = runner.invoke(cli, ["show", "不存在的公司", "--from", str(out)])
    assert missing.exit_code == 2 and "no entity named" in missing.output
    nobuild = runner.invoke(cli, ["stats", "--from", str(tmp_path / "empty")])
    assert nobuild.exit_code == 2 and "run kg build first" in nobuild.output


def test_extract_text(runner):
    result = run(runner, "extract", "--text", "市场监管总局对阿里巴巴处以182.28亿元罚款。", "--date", "2021-04-10")
    assert "市场监管总局 (Authority) -penalizes-> 阿里巴巴 (Company)" in result.output
    assert "evidence [0:" in result.output
    as_json = run(runner, "extract", "--text", "三只羊被罚没6894.91万元。", "--json")
    line = json.loads(as_json.output.splitlines()[0])
    assert line["object"] == "三只羊" and line["attrs"]["amount"] == {"value": 68949100, "unit": "CNY"}


def test_show_finds_an_entity_named_in_traditional_script(runner, tmp_path):
    out = tmp_path / "out"
    run(runner, "build", str(SEEDS), "-o", str(out), "-f", "csv")
    simplified = run(runner, "show", "淘宝", "--from", str(out)).output
    traditional = run(runner, "show", "淘寶", "--from", str(out)).output
    assert simplified.startswith("淘宝") and traditional == simplified


def test_stats_columns_line_up_with_chinese_names_and_top_must_be_positive(runner, tmp_path):
    from wcwidth import wcswidth

    out = tmp_path / "out"
    run(runner, "build", str(SEEDS), "-o", str(out), "-f", "csv")
    rows = run(runner, "stats", "--from", str(out)).output.split("most connected\n")[1].splitlines()
    assert any(any("\u4e00" <= c <= "\u9fff" for c in row) for row in rows)
    # the count's last digit stands in the same terminal column on every row
    assert len({wcswidth(row) for row in rows if row.strip()}) == 1
    for bad in ("-5", "0"):
        refused = runner.invoke(cli, ["stats", "--from", str(out), "-n", bad])
        assert refused.exit_code == 2 and "--top" in refused.output


def test_extract_refuses_a_date_that_is_not_one(runner):
    for bad in ("notadate", "2021-02-31", "2021-13"):
        refused = runner.invoke(cli, ["extract", "--text", "抖音与淘宝合作。", "--date", bad])
        assert refused.exit_code == 2 and "is not a date" in refused.output
    accepted = run(runner, "extract", "--text", "去年抖音与淘宝达成合作。", "--date", "2021/4/10")
    assert accepted.exit_code == 0


def test_symlink_loops_and_unlistable_folders_are_reported_and_the_rest_is_built(runner, tmp_path, monkeypatch):
    import os

    corpus = tmp_path / "in"
    (corpus / "locked").mkdir(parents=True)
    shutil.copy(SEEDS / "001_49ce12ed3743b5b7.txt", corpus / "good.txt")
    shutil.copy(SEEDS / "002_e2b2725616ee361b.txt", corpus / "locked" / "hidden.txt")
    (corpus / "a.txt").symlink_to("b.txt")
    (corpus / "b.txt").symlink_to("a.txt")
    real_scandir = os.scandir

    def scandir(path):  # tests run as root, where chmod 000 does not keep a folder closed
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run(runner, "build", str(corpus), "-o", str(tmp_path / "out"), "-f", "json")
    assert result.exit_code == 0 and "Read 1 articles" in result.output
    lines = result.output.splitlines()
    assert any("a.txt" in line and "symbolic links" in line for line in lines)
    assert any("locked" in line and "folder cannot be listed: Permission denied" in line for line in lines)


def test_when_nothing_is_readable_every_reason_is_given(runner, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "big.txt").write_text("抖音" * 100, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "out"), "--max-size", "100"])
    assert result.exit_code == 2 and "no readable article" in result.output
    assert any("empty.txt" in line and "empty" in line for line in result.output.splitlines())
    assert any("big.txt" in line and "limit 100" in line and "--max-size" in line
               for line in result.output.splitlines())


def test_build_stats_and_page_count_relations_the_same_way(runner, tmp_path):
    import json
    import re

    out = tmp_path / "out"
    built = run(runner, "build", str(SEEDS), "-o", str(out), "-f", "json")
    found = re.search(r"Found (\d+) triples: (\d+) relations between (\d+) entities", built.output)
    assert found, built.output
    triples, relations, entities = map(int, found.groups())
    assert triples == len((out / "triples.jsonl").read_text(encoding="utf-8").splitlines())
    assert relations < triples  # some facts are stated in several sentences
    stats = run(runner, "stats", "--from", str(out)).output
    assert stats.startswith(f"{entities} entities, {relations} relations")
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert len(graph.get("edges", graph.get("links", []))) == relations


def page_nodes_and_note(path) -> tuple[int, str | None]:
    """How many entities graph.html holds, and its note on those left out."""
    text = path.read_text(encoding="utf-8")
    marker = '<script id="kg-data" type="application/json">'
    start = text.index(marker) + len(marker)
    data = json.loads(text[start:text.index("</script>", start)])
    return len(data["nodes"]), data["note"]


def test_max_nodes_on_build_and_export(runner, tmp_path):
    out = tmp_path / "out"
    result = run(runner, "build", str(SEEDS), "-o", str(out), "-f", "html,json", "--max-nodes", "5")
    assert result.exit_code == 0, result.output
    shown, note = page_nodes_and_note(out / "graph.html")
    total = len(json.loads((out / "graph.json").read_text(encoding="utf-8"))["nodes"])  # other formats: all
    assert shown == 5 < total and "--max-nodes 0" in note
    for every in ("0", "all"):
        result = run(runner, "export", "--from", str(out), "-f", "html", "--max-nodes", every)
        assert result.exit_code == 0, result.output
        assert page_nodes_and_note(out / "graph.html") == (total, None)
    for command in ("build", "export"):  # the help says how to get every entity
        assert "--max-nodes N" in run(runner, command, "--help").output
        assert "0 or 'all' shows every entity" in " ".join(run(runner, command, "--help").output.split())


@pytest.mark.parametrize("command", ["build", "export"])
@pytest.mark.parametrize("value", ["-1", "many", "2.5", ""])
def test_a_bad_max_nodes_is_exit_2_with_one_error_line(runner, tmp_path, command, value):
    result = runner.invoke(cli, [command, "--max-nodes", value])
    assert result.exit_code == 2 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if "Error" in line]
    assert len(errors) == 1 and "--max-nodes" in errors[0] and "not a number of entities" in errors[0]
