"""Person names beside titles (data/entity_cues.jsonl, the people-r3 lines)
and what is no person's name (kg/entity_cues.py)."""
from __future__ import annotations

import pytest

from kg.nlp import parse
from kg.resolve import mention_of


def found(extractor, text: str) -> set:
    return {(m.name, m.type) for m in (mention_of(e) for e in parse(extractor.nlp, text).ents)}


@pytest.mark.parametrize("text, name", [
    ("中国人民银行党委书记邹明远近日接受了采访。", "邹明远"),
    ("的士小巴商会理事长周国强日前回应传媒。", "周国强"),
    ("某某协会会长顾立松晒出了账单。", "顾立松"),
    ("立法会议员陈明波今早在节目中表示。", "陈明波"),
    ("搜狗输入法之父马立凯，他从2010年起担任产品顾问。", "马立凯"),
    ("公司创始人兼CTO **邵明哲**\n曾参与研发。", "邵明哲"),
])
def test_a_name_after_a_title_is_a_person(extractor, text, name):
    assert (name, "Person") in found(extractor, text)


@pytest.mark.parametrize("text, absent", [
    ("鹿鸣文化旗下主播“甜心小鹿”被处罚。", "鹿鸣"),
    ("国务院总理这一职位的任期为五年。", "这一"),
])
def test_no_person_where_a_firm_or_a_word_stands(extractor, text, absent):
    assert absent not in {name for name, kind in found(extractor, text) if kind == "Person"}
