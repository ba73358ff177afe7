"""Extraction cases: sentences of our own with the triples they must give
(tests/cases/relations/*.jsonl). Each expected triple is a test of its own
(extracted, with its attrs), and each case has one more: nothing else is
extracted. A triple the extractor does not yet get right carries
``"xfail": "<reason>"``, a case that gives more than it should carries
``"xfail_extra": "<reason>"``; both are strict xfails: when one starts
passing, the test says so and the mark must go. A rule that breaks one
triple of a case fails that triple's test, whatever the others do."""
from __future__ import annotations

import pytest

from kg.model import SYMMETRIC_PREDICATES, Article
from kg.normalize import normalize_text
from tests.conftest import CASES, read_cases

CASE_FILES = sorted((CASES / "relations").glob("*.jsonl"))
ALL_CASES = [case for path in CASE_FILES for case in read_cases(path)]
CASE_KEYS = {"id", "text", "date", "triples", "note", "xfail_extra"}
TRIPLE_KEYS = {"subject", "predicate", "object", "attrs", "xfail"}


def key(subject: str, predicate: str, obj: str) -> tuple:
    if predicate in SYMMETRIC_PREDICATES:
        return (predicate, *sorted((subject, obj)))
    return (subject, predicate, obj)


def strict_xfail(reason: str | None) -> list:
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def triple_params():
    for case in ALL_CASES:
        for i, triple in enumerate(case["triples"]):
            yield pytest.param(case, i, id=f"{case['id']}/{i}-{triple['predicate']}",
                               marks=strict_xfail(triple.get("xfail")))


def case_params():
    for case in ALL_CASES:
        yield pytest.param(case, id=case["id"], marks=strict_xfail(case.get("xfail_extra")))


@pytest.fixture(scope="module")
def extracted(extractor):
    """The triples of a case by key, extracted once for all its tests."""
    found: dict[str, dict] = {}

    def triples_of(case: dict) -> dict:
        if case["id"] not in found:
            text = normalize_text(case["text"])
            result = extractor(Article(id="case.txt", path="", text=text, encoding="utf-8", date=case.get("date")))
            found[case["id"]] = {key(t.subject, t.predicate, t.object): t for t in result.triples}
        return found[case["id"]]

    return triples_of


def test_enough_cases_for_every_predicate():
    from kg.model import PREDICATES

    assert len(ALL_CASES) >= 60
    for predicate in PREDICATES:
        cases = [c for c in ALL_CASES if any(t["predicate"] == predicate for t in c["triples"])]
        assert len(cases) >= 3, predicate
    assert sum(1 for c in ALL_CASES if not c["triples"]) >= 10


def test_case_files_give_reasons_per_triple():
    """A reason stands on the triple or on the nothing-else check it is
    about, never on a whole case (where it would hide a new failure)."""
    for case in ALL_CASES:
        assert set(case) <= CASE_KEYS, case["id"]
        assert all(set(t) <= TRIPLE_KEYS for t in case["triples"]), case["id"]
        assert len({key(t["subject"], t["predicate"], t["object"]) for t in case["triples"]}) == len(case["triples"])


@pytest.mark.parametrize("case, i", list(triple_params()))
def test_expected_triple(extracted, case, i):
    expected = case["triples"][i]
    got = extracted(case).get(key(expected["subject"], expected["predicate"], expected["object"]))
    assert got is not None, "not extracted"
    for name, value in expected.get("attrs", {}).items():
        assert got.attrs.get(name) == value, name


@pytest.mark.parametrize("case", list(case_params()))
def test_nothing_else(extracted, case):
    wanted = {key(t["subject"], t["predicate"], t["object"]) for t in case["triples"]}
    assert sorted(set(extracted(case)) - wanted) == []


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


def test_case_ids_are_unique():
    """Two branches adding cases can give two the same id; pytest would then
    suffix one silently and its xfail reasons would read as another's."""
    from collections import Counter

    repeated = [i for i, n in Counter(case["id"] for case in ALL_CASES).items() if n > 1]
    assert not repeated, repeated
