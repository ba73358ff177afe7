from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("text, expected", [
    ("抖音关闭外链。”随后快手跟进。", ["抖音关闭外链。”", "随后快手跟进。"]),
    ("他说：“好。”\n随后", ["他说：“好。”\n", "随后"]),
    ("你好……”他说", ["你好……”", "他说"]),
    ("好！」然后。》然后", ["好！」", "然后。》", "然后"]),
    ("（完）。）随后", ["（完）。）", "随后"]),
])
def test_closing_quotes_and_brackets_stay_in_their_sentence(extractor, text, expected):
    """As spaCy's own sentencizer with the same end characters does."""
    from spacy.pipeline import Sentencizer

    doc = parse(extractor.nlp, text)
    assert [s.text for s in doc.sents] == expected
    ends = ["。", "！", "？", "；", "!", "?", ";", "\n", "…"]
    spacy_doc = Sentencizer(punct_chars=ends)(extractor.nlp.make_doc(text))
    assert [s.text for s in spacy_doc.sents] == expected


def test_an_opening_quote_after_an_end_starts_the_next_sentence(extractor):
    """Where spaCy's sentencizer (which keeps any punctuation) differs:
    “ opens the sentence that follows."""
    doc = parse(extractor.nlp, "这一观点。\n“京东、淘宝的商品以后")
    assert [s.text for s in doc.sents] == ["这一观点。\n", "“京东、淘宝的商品以后"]


def test_sentences_are_spacys_over_words_ends_and_closers(extractor):
    """Over any mix of words, end characters and closing marks, the
    sentences are those of spaCy's sentencizer with the same ends."""
    import random

    from spacy.pipeline import Sentencizer
    from spacy.tokens import Doc

    ends = list(extractor.rules.words("sentence_ends"))
    pieces = ["抖音", "快手", "随后", *ends, *extractor.rules.words("sentence_closers")]
    spacy_sentences = Sentencizer(punct_chars=ends)
    ours = extractor.nlp.get_pipe("kg_sentences")
    rng = random.Random(3)
    for _ in range(300):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 12))]
        doc = ours(Doc(extractor.nlp.vocab, words=words, spaces=[False] * len(words)))
        expected = spacy_sentences(Doc(extractor.nlp.vocab, words=words, spaces=[False] * len(words)))
        assert [s.text for s in doc.sents] == [s.text for s in expected.sents], words


def test_components_declare_what_they_assign_and_require(extractor):
    analysis = extractor.nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values())
    assigns = {name: set(meta["assigns"]) for name, meta in analysis["summary"].items()}
    assert "token.is_sent_start" in assigns["kg_sentences"]
    assert {"doc.ents", "doc._.kept_entities"} <= assigns["kg_gazetteer"] & assigns["kg_entity_cues"]
    assert "doc._.quantities" in assigns["kg_quantities"]


def test_a_component_given_no_data_says_so():
    import spacy

    nlp = spacy.blank("zh")
    for name, hint in [("kg_gazetteer", "gazetteer"), ("kg_entity_cues", "cues")]:
        with pytest.raises(ValueError, match=f"has no {hint}"):
            nlp.add_pipe(name)(nlp.make_doc("抖音"))


def test_kg_doc_extensions_are_declared_in_one_module():
    """Every ``doc._.name`` the package reads or writes is declared in
    kg.doc_extensions, and no module keeps anything in ``doc.user_data``."""
    import re
    from pathlib import Path

    import kg
    from kg.doc_extensions import EXTENSIONS

    used = set()
    for path in Path(kg.__file__).parent.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if path.name != "doc_extensions.py":
            assert not re.search(r"\.user_data\b", source) and "set_extension" not in source, path
            used |= set(re.findall(r"\bdoc\._\.(\w+)", source))
    assert used and used <= set(EXTENSIONS)
