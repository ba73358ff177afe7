"""The spaCy pipeline: blank ``zh`` with a tokenizer on rjieba (jieba-rs),
a sentencizer for Chinese, the gazetteer as an entity ruler, cues for
entities the gazetteer lacks, and quantities. ``build_nlp`` is the one
place it is made; each pipeline owns its tokenizer's dictionary."""
from __future__ import annotations

import spacy
from spacy.language import Language
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span

import kg.entity_cues  # noqa: F401  (registers the kg_entity_cues factory)
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.quantities import find_quantities

SENTENCE_ENDS = ["。", "！", "？", "；", "!", "?", ";", "\n", "…"]


class RJiebaTokenizer:
    """Words and POS tags (``token.tag_``) from a jieba-rs instance of its own."""

    def __init__(self, vocab, jieba=None):
        import rjieba

        self.vocab = vocab
        self.jieba = jieba if jieba is not None else rjieba.Jieba()

    def add_words(self, words: dict[str, str]) -> None:
        """Add domain words (word -> POS tag) so that segmentation keeps them
        whole. A moderate frequency: high enough to join the word, low enough
        not to tear neighbours apart (完美团队 stays 完美 + 团队)."""
        for word, tag in sorted(words.items()):
            if len(word) > 1:
                self.jieba.add_word(word, 3000 if len(word) == 2 else 20000, tag)

    def __call__(self, text: str) -> Doc:
        pairs = self.jieba.tag(text, True)
        words = [w for w, _ in pairs]
        return Doc(self.vocab, words=words, spaces=[False] * len(words), tags=[t for _, t in pairs])


@spacy.registry.tokenizers("kg.rjieba_tokenizer.v1")
def create_rjieba_tokenizer():
    def make(nlp: Language) -> RJiebaTokenizer:
        return RJiebaTokenizer(nlp.vocab)

    return make


@Language.component("kg_quantities")
def quantities_component(doc: Doc) -> Doc:
    """Money, percentages and dates, normalized, as ``doc.spans["quantities"]``
    (label = kind) with the parsed values in ``doc.user_data["quantities"]``."""
    found = find_quantities(doc.text, doc.user_data.get("article_date"))
    doc.user_data["quantities"] = found
    doc.spans["quantities"] = [char_span(doc, q.start, q.end, q.kind) for q in found]
    return doc


def char_span(doc: Doc, start: int, end: int, label: str) -> Span:
    """The span of the tokens covering characters [start, end). A binary
    search over token offsets: ``Doc.char_span`` scans the tokens each call,
    which is quadratic over a long document with many spans."""
    starts = doc.user_data.get("_token_starts")
    if starts is None or len(starts) != len(doc):
        starts = doc.user_data["_token_starts"] = [t.idx for t in doc]
    first = max(bisect_right(starts, start) - 1, 0)
    last = max(bisect_left(starts, end), first + 1)
    return Span(doc, first, last, label=label)


def build_nlp(gazetteer: Gazetteer | None = None) -> Language:
    """The pipeline. Gazetteer names go into the tokenizer's dictionary
    before the entity patterns are made, so both segment alike."""
    gazetteer = gazetteer or load_gazetteer()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.rjieba_tokenizer.v1"}}})
    tags = {"Person": "nr", "Company": "nt", "Authority": "nt"}
    nlp.tokenizer.add_words({s: tags.get(e.type, "nz") for s, e in gazetteer.surfaces()})
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_ENDS})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(gazetteer.patterns())
    nlp.add_pipe("kg_entity_cues")
    nlp.add_pipe("kg_quantities")
    return nlp


def parse(nlp: Language, text: str, article_date: str | None = None) -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data["article_date"] = article_date
    return nlp(doc)

