"""Entities the gazetteer lacks, found by the cues of data/entity_cues.jsonl."""
from __future__ import annotations

import pytest

from kg.nlp import parse
from kg.resolve import mention_of


@pytest.mark.parametrize("text, name, label", [
    ("快手主播“阿枫严选”因诱导交易被暂停直播。", "阿枫严选", "Person"),
    ("网络主播王某某因偷逃税款被处罚。", "王某某", "Person"),
    ("美团近日上线“神枪手”业务。", "神枪手", "Program"),
    ("“团购配送”项目仍在试点。", "团购配送", "Program"),
    ("低价电商平台“乐享优选”被罚款。", "乐享优选", "Platform"),
    ("杭州星禾传媒有限公司被责令停业整顿。", "杭州星禾传媒有限公司", "Company"),
    ("苏州童趣优选电子商务有限公司被罚没86.5万元。", "苏州童趣优选电子商务有限公司", "Company"),
    ("杭州市税务局稽查局依法作出处罚。", "杭州市税务局稽查局", "Authority"),
    ("京东零售CEO王海涛表示将进军外卖。", "王海涛", "Person"),
])
def test_cue_finds_entity(extractor, text, name, label):
    doc = parse(extractor.nlp, text)
    found = {(m.name, m.type) for m in (mention_of(e) for e in doc.ents)}
    assert (name, label) in found


@pytest.mark.parametrize("text, absent", [
    ("字节跳动以统筹公司旗下抖音的电商业务。", "统筹公司"),
    ("作为蚂蚁集团的控股股东,君瀚被罚。", "作为蚂蚁集团"),
    ("该公司表示不予置评。", "该公司"),
])
def test_no_false_name(extractor, text, absent):
    doc = parse(extractor.nlp, text)
    assert absent not in [e.text for e in doc.ents]


def test_legal_name_of_a_known_firm_resolves_to_it(extractor):
    doc = parse(extractor.nlp, "京东起诉浙江天猫网络有限公司与支付宝(中国)网络技术有限公司。")
    assert {mention_of(e).name for e in doc.ents} >= {"京东", "天猫", "支付宝"}
