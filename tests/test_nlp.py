from __future__ import annotations

from kg.nlp import build_nlp, parse


def test_tokenizer_keeps_pos_tags_and_gazetteer_words(extractor):
    doc = parse(extractor.nlp, "疯狂小杨哥背后的三只羊被罚没6894.91万元。")
    assert "疯狂小杨哥" in [t.text for t in doc]  # a gazetteer name stays one token
    assert all(t.tag_ for t in doc)
    assert doc.text == "疯狂小杨哥背后的三只羊被罚没6894.91万元。"


def test_sentences_end_at_chinese_punctuation_and_lines(extractor):
    doc = parse(extractor.nlp, "抖音切断外链。快手呢？淘宝；京东!\n拼多多")
    assert [s.text for s in doc.sents] == ["抖音切断外链。", "快手呢？", "淘宝；", "京东!\n", "拼多多"]


def test_entities_and_quantities(extractor):
    doc = parse(extractor.nlp, "三只羊被罚没6894.91万元,自2022年3月1日起生效。", "2024-10-01")
    assert [(e.text, e.label_) for e in doc.ents] == [("三只羊", "Company")]
    assert [(s.text, s.label_) for s in doc.spans["quantities"]] == [("6894.91万元", "money"), ("2022年3月1日起", "date")]
    assert doc._.quantities[0].value == {"value": 68949100, "unit": "CNY"}


def test_each_pipeline_owns_its_dictionary(extractor):
    other = build_nlp(extractor.gazetteer)
    other.tokenizer.add_words({"切断外链": "v"})
    assert "切断外链" in [t.text for t in other("抖音切断外链")]
    assert "切断外链" not in [t.text for t in extractor.nlp("抖音切断外链")]


def test_token_table_offsets_point_into_its_text():
    """Also for a Doc made elsewhere, with spaces between words."""
    import spacy
    from spacy.tokens import Doc

    from kg.tokens import token_table

    vocab = spacy.blank("zh").vocab
    for words, spaces in [(["抖音", "电商"], [False, False]), (["ab", "c", "d"], [True, False, True]), ([], [])]:
        doc = Doc(vocab, words=words, spaces=spaces)
        table = token_table(doc)
        assert [table.text[s:e] for s, e in zip(table.starts, table.ends)] == words
        assert table.text == doc.text.rstrip(" ")

