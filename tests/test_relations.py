"""Extraction cases: sentences of our own with the triples they must give
(tests/cases/relations/*.jsonl). A case the extractor does not yet get
right carries ``"xfail": "<reason>"`` and is a strict xfail: when it starts
passing, the test says so and the mark must go."""
from __future__ import annotations

import pytest

from kg.model import SYMMETRIC_PREDICATES, Article
from kg.normalize import normalize_text
from tests.conftest import CASES, read_cases

CASE_FILES = sorted((CASES / "relations").glob("*.jsonl"))
ALL_CASES = [case for path in CASE_FILES for case in read_cases(path)]


def key(subject: str, predicate: str, obj: str) -> tuple:
    if predicate in SYMMETRIC_PREDICATES:
        return (predicate, *sorted((subject, obj)))
    return (subject, predicate, obj)


def params():
    for case in ALL_CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        yield pytest.param(case, id=case["id"], marks=marks)


def test_enough_cases_for_every_predicate():
    from kg.model import PREDICATES

    assert len(ALL_CASES) >= 60
    for predicate in PREDICATES:
        cases = [c for c in ALL_CASES if any(t["predicate"] == predicate for t in c["triples"])]
        assert len(cases) >= 3, predicate
    assert sum(1 for c in ALL_CASES if not c["triples"]) >= 10


@pytest.mark.parametrize("case", list(params()))
def test_case(extractor, case):
    text = normalize_text(case["text"])
    result = extractor(Article(id="case.txt", path="", text=text, encoding="utf-8", date=case.get("date")))
    got = {key(t.subject, t.predicate, t.object): t for t in result.triples}
    want = {key(t["subject"], t["predicate"], t["object"]): t for t in case["triples"]}
    assert sorted(got) == sorted(want)
    for k, expected in want.items():
        for name, value in expected.get("attrs", {}).items():
            assert got[k].attrs.get(name) == value, (k, name)


def test_evidence_points_into_the_text(extractor):
    text = "自10月9日起,抖音将不再支持淘宝、京东等第三方平台的商品链接进入直播间购物车。"
    result = extractor(Article(id="a.txt", path="", text=text, encoding="utf-8", date="2020-08-26"))
    triples = {(t.subject, t.object): t for t in result.triples if t.predicate == "blocks_link"}
    assert set(triples) == {("抖音", "淘宝"), ("抖音", "京东")}
    for t in triples.values():
        assert text[t.evidence.start:t.evidence.end] == t.evidence.sentence
        assert t.attrs["date"] == "2020-10-09" and t.attrs["status"] == "announced"
        assert t.attrs["scope"] == "直播间购物车"
        assert 0 < t.confidence <= 1
