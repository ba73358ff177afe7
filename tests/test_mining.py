"""``kg mine``: the words between two known names, counted (kg/mining.py)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.mining import COLUMNS, Miner, iter_rows, mine, write_rows
from kg.model import Article


@pytest.fixture(scope="module")
def miner_of(extractor):
    """A fresh miner sharing the session's extractor."""
    return lambda **options: Miner(extractor, **options)


def article(text: str, name: str = "a.txt") -> Article:
    return Article(id=name, path=name, encoding="utf-8", text=text)


def seen(miner: Miner, text: str) -> list[tuple]:
    return [(o.pair, o.kind, o.words, o.predicates) for o in miner.observe(article(text))]


def test_the_text_between_and_its_verbs_by_the_pair_types(miner_of):
    found = seen(miner_of(), "腾讯领投了京东的新一轮融资。")
    assert ("Company→Platform", "between", "领投了", ("owns",)) in found
    assert ("Company→Platform", "verb", "领投", ("owns",)) in found


def test_a_pair_kg_extracts_nothing_for_has_no_predicates(miner_of):
    found = seen(miner_of(), "美团今天悄悄上架了一款和抖音很像的应用。")
    assert found and all(predicates == () for *_, predicates in found)
    assert ("Platform→Platform", "between", "今天悄悄上架了一款和", ()) in found


def test_numbers_are_one_symbol(miner_of):
    found = seen(miner_of(), "阿里巴巴以10亿美元收购了饿了么。")
    assert ("Company→Platform", "between", "以N亿美元收购了", ("owns",)) in found


def test_names_in_two_clauses_are_no_pair(miner_of):
    assert seen(miner_of(), "美团股价大涨，抖音则按兵不动。") == []


def test_only_names_side_by_side_are_paired(miner_of):
    pairs = [(p, w) for p, kind, w, _ in seen(miner_of(), "淘宝和京东都在与拼多多竞争。") if kind == "between"]
    assert pairs == [("Platform→Platform", "和"), ("Platform→Platform", "都在与")]


def test_a_long_stretch_gives_its_verbs_only(miner_of):
    text = "美团在过去整整三年的时间里一直都在默默地学习和研究抖音。"
    found = seen(miner_of(max_between=8), text)
    assert [kind for _, kind, _, _ in found] and all(kind == "verb" for _, kind, _, _ in found)


def test_rows_count_sort_and_name_the_lexicons(miner_of, tmp_path):
    miner = miner_of()
    miner.add(article("腾讯入股了快手。阿里巴巴入股了美团。", "b.txt"))
    miner.add(article("百度入股了小红书。", "c.txt"))
    miner.add(article("字节跳动起诉了腾讯。", "d.txt"))
    rows = miner.rows()
    top = rows[0]
    assert (top["pair"], top["kind"], top["words"], top["count"]) == ("Company→Platform", "between", "入股了", 3)
    assert top["doc"] == "b.txt" and top["example"] == "腾讯入股了快手。"
    assert "invest" in top["lexicons"].split(",") or "stake_buy" in top["lexicons"].split(",")
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert rows == miner.rows()  # the same order every time
    assert [r for r in miner.rows(min_count=3) if r["count"] < 3] == []
    path = tmp_path / "mined.tsv"
    write_rows(rows, path)
    assert path.read_text(encoding="utf-8").splitlines()[0].split("\t") == list(COLUMNS)
    back = list(iter_rows(path))
    assert [(r["count"], r["pair"], r["kind"], r["words"], r["example"]) for r in back] == [
        (r["count"], r["pair"], r["kind"], r["words"], r["example"]) for r in rows]


def test_a_sentence_reposted_counts_once(miner_of):
    miner = miner_of()
    miner.add(article("腾讯入股了快手。", "b.txt"))
    miner.add(article("腾讯入股了快手。另有消息。", "c.txt"))
    assert {(r["words"], r["count"]) for r in miner.rows() if r["kind"] == "between"} == {("入股了", 1)}


def test_mine_reads_folders_in_sorted_order(miner_of, tmp_path):
    (tmp_path / "b.txt").write_text("百度入股了小红书。", encoding="utf-8")
    (tmp_path / "a.txt").write_text("腾讯入股了快手。", encoding="utf-8")
    rows = mine([tmp_path], miner_of()).rows()
    assert rows[0]["count"] == 2 and rows[0]["doc"] == "a.txt"


def test_the_command_writes_the_tsv(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("腾讯入股了快手。百度入股了小红书。", encoding="utf-8")
    out = tmp_path / "mined.tsv"
    result = CliRunner().invoke(cli, ["mine", str(tmp_path / "docs"), "-o", str(out), "--min-count", "2"])
    assert result.exit_code == 0, result.output
    assert "Read 1 articles" in result.output
    rows = list(iter_rows(out))
    assert rows and all(r["count"] >= 2 for r in rows)
    assert ("Company→Platform", "入股了") in {(r["pair"], r["words"]) for r in rows}
