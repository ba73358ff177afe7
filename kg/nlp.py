"""The spaCy pipeline: blank ``zh`` with a tokenizer on rjieba (jieba-rs),
a sentencizer for Chinese, the gazetteer, cues for entities the gazetteer
lacks, and quantities. ``build_nlp`` is the one place it is made; each
pipeline owns its tokenizer's dictionary.

The components read the tokens as arrays (``Doc.to_array``), not as Token
objects: creating a Python object per token was most of the time spent."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property
from itertools import accumulate

import numpy
import spacy
from dataclasses import dataclass

from spacy.attrs import IDX, LOWER, ORTH, SENT_START, TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

import kg.entity_cues  # noqa: F401  (registers the kg_entity_cues factory)
from kg.doc_entities import EntitySpan, filter_entity_spans, set_entities
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
        if not pairs:
            return Doc(self.vocab, words=[])
        words, tags = map(list, zip(*pairs))
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        # Tags as one array: setting ``token.tag_`` one by one (what Doc(tags=...)
        # does) made a Token object per word and took half of Doc creation.
        hashes = {tag: self.vocab.strings.add(tag) for tag in set(tags)}
        tag_ids = numpy.array([hashes[t] for t in tags], dtype="uint64")
        doc.from_array([TAG], tag_ids.reshape(-1, 1))
        doc.user_data["_token_table"] = TokenTable(words, tags, list(accumulate(map(len, words), initial=0))[:-1],
                                                   tag_ids)
        return doc


@spacy.registry.tokenizers("kg.rjieba_tokenizer.v1")
def create_rjieba_tokenizer():
    def make(nlp: Language) -> RJiebaTokenizer:
        return RJiebaTokenizer(nlp.vocab)

    return make


@dataclass(frozen=True)
class TokenTable:
    """The tokens of a Doc as plain lists: text, POS tag, start offset; and
    the tags' string hashes as an array."""

    words: list
    tags: list
    starts: list
    tag_ids: numpy.ndarray

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.words[i])

    @cached_property
    def joined(self) -> str:
        return "".join(self.words)

    @cached_property
    def contiguous(self) -> bool:
        """No space between words (what our tokenizer makes)."""
        return not self.words or (self.starts[0] == 0 and len(self.joined) == self.end(len(self.words) - 1))

    @cached_property
    def ends(self) -> list[int]:
        if self.contiguous:
            return [*self.starts[1:], self.end(len(self.words) - 1)] if self.words else []
        return [start + len(word) for start, word in zip(self.starts, self.words)]

    @cached_property
    def text(self) -> str:
        """The text the offsets point into: the words joined (a space where
        a Doc made elsewhere has one after a word)."""
        if self.contiguous:
            return self.joined
        return "".join(" " * (start - before) + word for start, before, word
                       in zip(self.starts, [0, *self.ends[:-1]], self.words))


def doc_text(doc: Doc) -> str:
    """The text of a Doc, kept once: ``Doc.text`` joins every token anew."""
    text = doc.user_data.get("_text")
    if text is None or len(text) != (doc[-1].idx + len(doc[-1]) if len(doc) else 0):
        text = doc.user_data["_text"] = doc.text
    return text


def token_table(doc: Doc) -> TokenTable:
    """Made once per Doc (kept in ``doc.user_data``) from arrays, with no
    Token objects."""
    table = doc.user_data.get("_token_table")
    if table is None or len(table.words) != len(doc):
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, TAG, IDX]).reshape(-1, 3)
        orth, tag, idx = columns.T.tolist()
        table = doc.user_data["_token_table"] = TokenTable([strings[h] for h in orth], [strings[h] for h in tag], idx,
                                                           columns[:, 1].copy())
    return table


@Language.factory("kg_sentences", default_config={"punct_chars": SENTENCE_ENDS})
def make_sentences(nlp: Language, name: str, punct_chars: list[str]):
    ends = numpy.array(sorted(nlp.vocab.strings.add(c) for c in punct_chars), dtype="uint64")

    def sentences(doc: Doc) -> Doc:
        """A sentence starts after 。！？；!?; … or a line break."""
        if len(doc) == 0:
            return doc
        is_end = numpy.isin(doc.to_array(ORTH), ends)
        starts = numpy.full(len(doc), -1, dtype="int64")
        starts[0] = 1
        starts[1:][is_end[:-1] & ~is_end[1:]] = 1  # a run of ends (!\n, ？！) closes one sentence
        doc.from_array([SENT_START], starts.view("uint64").reshape(-1, 1))
        return doc

    return sentences


class GazetteerMatcher:
    """The gazetteer's names as entities, with the gazetteer id as the
    span id. Names that are one token (nearly all: they are in the
    tokenizer's dictionary) are found by array lookups; the few the
    tokenizer still splits go through a PhraseMatcher, run only on a Doc
    holding two tokens such a name begins with."""

    KEY_BITS = 20  # a 1 MB table of low hash bits: few tokens of a text pass it without being a name

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        strings = nlp.vocab.strings
        self.single: dict[int, tuple[str, str]] = {}  # LOWER hash -> (label, id)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrase_starts = set()  # (LOWER, LOWER) of the first two tokens of each split name
        for surface, entity in gazetteer.surfaces():
            doc = nlp.make_doc(surface)  # as written: the tokenizer's dictionary is case-sensitive
            if len(doc) == 1:
                self.single.setdefault(strings.add(surface.lower()), (entity.type, entity.id))
            else:
                self.phrases.add(f"{entity.type}\t{entity.id}", [doc])
                if len(doc) > 1:
                    phrase_starts.add((doc[0].lower, doc[1].lower))
        self.phrase_starts = phrase_starts
        self.mask = numpy.uint64((1 << self.KEY_BITS) - 1)
        self.may_be_name = self._low_bits_of(self.single)
        self.may_begin_phrase = self._low_bits_of(first for first, _ in phrase_starts)

    def _low_bits_of(self, hashes) -> numpy.ndarray:
        table = numpy.zeros(1 << self.KEY_BITS, dtype=bool)
        table[numpy.array(list(hashes), dtype="uint64") & self.mask] = True
        return table

    def _may_hold_phrase(self, lower: numpy.ndarray, low_bits: numpy.ndarray) -> bool:
        """Whether two tokens in a row are the first two of a split name:
        a phrase match begins so."""
        at = numpy.flatnonzero(self.may_begin_phrase[low_bits[:-1]])
        return any(pair in self.phrase_starts for pair in zip(lower[at].tolist(), lower[at + 1].tolist()))

    def __call__(self, doc: Doc) -> Doc:
        lower = doc.to_array(LOWER)
        low_bits = lower & self.mask
        # a table lookup passes the candidates, a dict lookup decides: faster than numpy.isin
        maybe = numpy.flatnonzero(self.may_be_name[low_bits])
        single = self.single
        spans = [EntitySpan(i, i + 1, *single[key]) for i, key in zip(maybe.tolist(), lower[maybe].tolist())
                 if key in single]
        phrases = []
        if self._may_hold_phrase(lower, low_bits):
            phrases = [EntitySpan(start, end, *doc.vocab.strings[match_id].split("\t"))
                       for match_id, start, end in self.phrases(doc)]
        # one-token hits never overlap each other: filter only when a phrase is there
        set_entities(doc, filter_entity_spans(spans + phrases) if phrases else spans)
        return doc


@Language.factory("kg_gazetteer", default_config={"path": None})
def make_gazetteer(nlp: Language, name: str, path: str | None):
    return GazetteerMatcher(nlp, load_gazetteer(path))


@Language.component("kg_quantities")
def quantities_component(doc: Doc) -> Doc:
    """Money, percentages and dates, normalized, as ``doc.spans["quantities"]``
    (label = kind) with the parsed values in ``doc.user_data["quantities"]``."""
    found = find_quantities(doc_text(doc), doc.user_data.get("article_date"))
    doc.user_data["quantities"] = found
    doc.spans["quantities"] = [char_span(doc, q.start, q.end, q.kind) for q in found]
    return doc


def char_span(doc: Doc, start: int, end: int, label: str) -> Span:
    """The span of the tokens covering characters [start, end). A binary
    search over token offsets: ``Doc.char_span`` scans the tokens each call,
    which is quadratic over a long document with many spans."""
    first, last = token_range(token_table(doc).starts, start, end)
    return Span(doc, first, last, label=label)


def token_range(starts: list[int], start: int, end: int) -> tuple[int, int]:
    """The tokens [first, last) covering characters [start, end), at least one."""
    first = max(bisect_right(starts, start) - 1, 0)
    return first, max(bisect_left(starts, end), first + 1)


def build_nlp(gazetteer: Gazetteer | None = None) -> Language:
    """The pipeline. Gazetteer names go into the tokenizer's dictionary
    before the entity patterns are made, so both segment alike."""
    gazetteer = gazetteer or load_gazetteer()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.rjieba_tokenizer.v1"}}})
    tags = {"Person": "nr", "Company": "nt", "Authority": "nt"}
    nlp.tokenizer.add_words({s: tags.get(e.type, "nz") for s, e in gazetteer.surfaces()})
    nlp.add_pipe("kg_sentences")
    nlp.add_pipe("kg_gazetteer", config={"path": gazetteer.path})
    nlp.add_pipe("kg_entity_cues")
    nlp.add_pipe("kg_quantities")
    return nlp


def parse(nlp: Language, text: str, article_date: str | None = None) -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data["article_date"] = article_date
    doc.user_data["_text"] = text
    return nlp(doc)

