"""Copies and reposts of one story count once: in each fact's ``sources``,
in the build report, and in ``articles.jsonl`` (``duplicate_of``)."""
import json
import shutil

from click.testing import CliRunner

from kg.cli import cli
from kg.duplicates import Stories
from tests.conftest import SEEDS


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def repost(text: str) -> str:
    """What a syndicating site does: its own head line, one sentence cut, a footer."""
    sentences = text.split("。")
    del sentences[len(sentences) // 2]
    return "转载自某财经网\n" + "。".join(sentences) + "\n（责任编辑：小王）"


def test_copies_and_reposts_count_as_one_story(tmp_path):
    seeds = sorted(SEEDS.iterdir())
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(4):
        for seed in seeds:
            shutil.copy(seed, corpus / f"copy{n}_{seed.name}")
    for seed in seeds:
        (corpus / f"repost_{seed.name}").write_text(repost(seed.read_text(encoding="utf-8")), encoding="utf-8")
    clean = tmp_path / "clean"
    shutil.copytree(SEEDS, clean)
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "out"), "-f", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert f"Duplicates: {4 * len(seeds)} articles repeat {len(seeds)} stories" in result.output
    articles = lines(tmp_path / "out" / "articles.jsonl")
    firsts = [a["id"] for a in articles if a["duplicate_of"] is None]
    assert firsts == [f"copy0_{s.name}" for s in seeds]
    assert {a["duplicate_of"] for a in articles if a["id"].startswith("repost_")} == set(firsts)
    runner.invoke(cli, ["build", str(clean), "-o", str(tmp_path / "out-clean"), "-f", "json", "--no-cache"])
    graph = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    clean_graph = json.loads((tmp_path / "out-clean" / "graph.json").read_text(encoding="utf-8"))
    edges = graph.get("edges", graph.get("links"))
    clean_edges = clean_graph.get("edges", clean_graph.get("links"))
    sources = {(e["source"], e["target"], e["key"]): e["sources"] for e in edges}
    clean_sources = {(e["source"], e["target"], e["key"]): e["sources"] for e in clean_edges}
    assert sources == clean_sources  # 21 files, 5 stories: the counts of the 5 articles alone


def test_different_stories_on_one_topic_stay_apart():
    stories = Stories("。！？\n")
    first = "抖音宣布切断淘宝的外链。此举影响了大量商家。平台称这是为了保护用户体验。"
    other = "抖音宣布与京东达成合作。双方将在物流方面展开合作。合作将从下月开始。"
    assert stories.add("a.txt", first) is None
    assert stories.add("b.txt", other) is None
    assert stories.groups() == {}


def test_short_texts_are_duplicates_only_when_equal():
    stories = Stories("。！？\n")
    assert stories.add("a.txt", "抖音切断外链。") is None
    assert stories.add("b.txt", "抖音切断外链了。") is None
    assert stories.add("c.txt", "抖音切断外链。") == "a.txt"
