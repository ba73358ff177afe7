from __future__ import annotations

import json

import pytest

from kg.datafiles import DataFileError
from kg.gazetteer import load_gazetteer
from kg.model import ENTITY_TYPES


def test_gazetteer_is_broad():
    gazetteer = load_gazetteer()
    assert len(gazetteer.entities) >= 300
    counts = {t: sum(e.type == t for e in gazetteer.entities) for t in ENTITY_TYPES}
    assert all(n >= 10 for n in counts.values()), counts
    assert sum(bool(e.aliases) for e in gazetteer.entities) >= 250
    for name in ("美团", "饿了么", "拼多多", "唯品会", "得物", "微博", "哔哩哔哩", "知乎", "百度", "视频号",
                 "支付宝", "市场监管总局", "商务部", "薇娅", "李佳琦", "辛巴", "抖音小店", "淘宝联盟", "字节跳动"):
        assert gazetteer.lookup(name) is not None, name


def test_major_foreign_firms_investors_and_regulators_are_known():
    gazetteer = load_gazetteer()
    assert gazetteer.lookup("Uber").name == gazetteer.lookup("優步").name == "优步"
    assert gazetteer.lookup("MoneyGram").name == "速汇金"
    assert gazetteer.lookup("Sequoia Capital").name == "红杉资本"
    assert gazetteer.lookup("高瓴资本").type == "Company"
    assert gazetteer.lookup("CFIUS").type == "Authority"
    assert gazetteer.lookup("花瓣支付").name == "华为支付"
    for ambiguous in ("腾讯投资", "高瓴投资", "易到", "快的", "口碑", "荣耀"):  # a verb or a common word first
        assert gazetteer.lookup(ambiguous) is None, ambiguous


def test_traditional_and_short_names_resolve_to_one_entity():
    gazetteer = load_gazetteer()
    assert gazetteer.lookup("淘寶").name == "淘宝"  # folded to Simplified when loaded
    assert gazetteer.lookup("字节").name == "字节跳动"
    assert gazetteer.lookup("阿里").name == "阿里巴巴"
    assert gazetteer.lookup("小杨哥").name == "疯狂小杨哥"
    assert gazetteer.lookup("抖音电商").name == "抖音"
    assert gazetteer.lookup("抖音小店").name == "抖音小店"  # a program stays apart from its parent
    assert gazetteer.lookup("淘宝联盟").type == "Program"


def test_patterns_are_spacy_patterns_with_ids():
    patterns = load_gazetteer().patterns()
    assert {"label", "pattern", "id"} == set(patterns[0])
    assert any(p["pattern"] == "抖音电商" and p["id"] == "douyin" for p in patterns)


GOOD = {"id": "a", "label": "Platform", "name": "甲平台", "aliases": ["甲"]}


@pytest.mark.parametrize("bad, reason", [
    ({**GOOD, "id": "a"}, "duplicate id"),
    ({**GOOD, "id": "b", "label": "Planet"}, "unknown label"),
    ({**GOOD, "id": "b", "name": " "}, "'name' must be a non-empty string"),
    ({**GOOD, "id": "b", "name": "乙", "aliases": ["甲"]}, "already names 'a'"),
    ({**GOOD, "id": "B-1"}, "'id' must be"),
    ({**GOOD, "id": "b", "name": "乙", "aliases": [""]}, "'aliases'"),
])
def test_bad_entry_is_rejected_with_file_and_line(tmp_path, bad, reason):
    path = tmp_path / "gazetteer.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (GOOD, bad)) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_gazetteer(str(path))
    assert f"{path}:2" in str(info.value) and reason in str(info.value)


def test_matcher_finds_one_token_and_split_names_with_ids(extractor):
    """Names the tokenizer keeps whole and names it splits (found by the
    PhraseMatcher), in any case."""
    from kg.nlp import parse

    doc = parse(extractor.nlp, "据报道，ministry of industry and information technology约谈抖音和Douyin。")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("ministry of industry and information technology", "Authority", "miit"),
        ("抖音", "Platform", "douyin"), ("Douyin", "Platform", "douyin")]


def test_extractor_matches_exactly_the_gazetteer_it_is_given():
    """A gazetteer made in the program (read from no file) is the one the
    pipeline matches: its names are found with their ids, and the shipped
    file is not read instead (抖音 is not in it, so it is no gazetteer name)."""
    from kg.extract import Extractor
    from kg.gazetteer import Gazetteer
    from kg.model import Article, Entity

    entity = Entity(name="甲平台", type="Platform", id="jia")
    extractor = Extractor(gazetteer=Gazetteer((entity,), {"jia": entity}, {"甲平台": entity}))
    doc = extractor.nlp("甲平台和抖音达成合作。")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents if e.ent_id_] == [("甲平台", "Platform", "jia")]
    article = Article(id="a", path="a.txt", text="甲平台和抖音达成合作。", encoding="utf-8")
    mentions = extractor(article).mentions
    assert [(m.name, m.source) for m in mentions] == [("甲平台", "gazetteer")]


def test_a_latin_name_keeps_the_case_of_its_first_letter(extractor):
    from kg.model import Article

    def names(text):
        return [m.name for m in extractor(Article(id="x", path="", text=text, encoding="utf-8")).mentions]

    assert names("hello world") == []  # the word, not 哈啰 (alias "Hello")
    assert names("Hello出行上线新功能") == ["哈啰"]
    assert names("HELLO出行上线新功能") == ["哈啰"]
    assert names("他在Othello里") == []  # never inside a word
    assert names("抖音和TikTok") == ["抖音", "TikTok"]
    assert names("Ofo和摩拜宣布合并。") == ["ofo", "摩拜"]  # a lower-case name may begin a sentence


def test_an_owner_must_be_a_known_entity(tmp_path):
    from kg.datafiles import DataFileError
    from kg.gazetteer import load_gazetteer

    path = tmp_path / "gazetteer.jsonl"
    path.write_text('{"id": "a", "label": "Platform", "name": "甲平台", "owner": "nobody"}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="owned by 'nobody', which is no entity's id"):
        load_gazetteer(path)
