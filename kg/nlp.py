"""The spaCy pipeline: blank ``zh`` with a tokenizer on rjieba (jieba-rs),
a sentencizer for Chinese, the gazetteer, cues for entities the gazetteer
lacks, and quantities. ``build_nlp`` is the one place it is made; each
pipeline owns its tokenizer's dictionary, and each component owns the data
it was handed (the end characters in its config, the gazetteer and the
cues through ``initialize``). Results go on the Doc extensions of
``kg.doc_extensions``.

The components read the tokens as arrays (``Doc.to_array``, ``kg.tokens``),
not as Token objects."""
from __future__ import annotations

from typing import Callable, Iterable

import numpy
import spacy
from spacy.attrs import LOWER, ORTH, SENT_START, TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

import kg.doc_extensions  # noqa: F401  (declares the doc._ attributes set here)
from kg.doc_entities import ENTITY_ATTRS, EntitySpan, filter_entity_spans, set_entities
from kg.entity_cues import EntityCue, load_entity_cues
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.quantities import find_quantities
from kg.rules import load_rules
from kg.tokens import TokenTable, char_spans, doc_text


class RJiebaTokenizer:
    """Words and POS tags (``token.tag_``) from a jieba-rs instance of its
    own; the token table (``doc._.token_table``) made on the way."""

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
        # The tags as one array: ``Doc(tags=...)`` sets ``token.tag_`` through a Token object per word.
        hashes = {tag: self.vocab.strings.add(tag) for tag in set(tags)}
        tag_ids = numpy.array([hashes[t] for t in tags], dtype="uint64")
        doc.from_array([TAG], tag_ids.reshape(-1, 1))
        doc._.token_table = TokenTable.of_words(words, tags, tag_ids)
        return doc


@spacy.registry.tokenizers("kg.rjieba_tokenizer.v1")
def create_rjieba_tokenizer():
    def make(nlp: Language) -> RJiebaTokenizer:
        return RJiebaTokenizer(nlp.vocab)

    return make


class SentenceSplitter:
    """Sentences as spaCy's ``sentencizer`` makes them with the same end
    characters (``punct_chars``), on arrays: a sentence ends after a run of
    end characters and the closing quotes and brackets that follow it
    (``closing_chars``: 。” stays in its sentence). Unlike spaCy's, an
    opening quote after an end starts the next sentence (。“京东…)."""

    def __init__(self, vocab, punct_chars: Iterable[str], closing_chars: Iterable[str]):
        strings = vocab.strings
        self.ends = numpy.array(sorted(strings.add(c) for c in punct_chars), dtype="uint64")
        self.closers = numpy.array(sorted(strings.add(c) for c in closing_chars), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        orth = doc.to_array(ORTH)
        is_end = numpy.isin(orth, self.ends)
        tail = is_end | numpy.isin(orth, self.closers)  # what a sentence may end with
        at = numpy.arange(len(doc))
        last_end = numpy.maximum.accumulate(numpy.where(is_end, at, -1))
        last_other = numpy.maximum.accumulate(numpy.where(tail, -1, at))
        starts = numpy.full(len(doc), -1, dtype="int64")
        starts[0] = 1
        # a token that is not part of a tail, after a tail holding an end (。！\n, 。”)
        starts[1:][~tail[1:] & (last_end[:-1] > last_other[:-1])] = 1
        doc.from_array([SENT_START], starts.view("uint64").reshape(-1, 1))
        return doc


@Language.factory("kg_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str, punct_chars: list[str], closing_chars: list[str]) -> SentenceSplitter:
    return SentenceSplitter(nlp.vocab, punct_chars, closing_chars)


class GazetteerMatcher:
    """The names of the gazetteer it was given (``initialize``) as entities,
    with the gazetteer id as the span id. Names that are one token (nearly
    all: they are in the tokenizer's dictionary) are found by array
    lookups; the few the tokenizer still splits go through a PhraseMatcher,
    run only on a Doc holding two tokens such a name begins with."""

    KEY_BITS = 20  # a 1 MB table of low hash bits: few tokens of a text pass it without being a name

    def __init__(self, nlp: Language, name: str = "kg_gazetteer"):
        self.name = name
        self.gazetteer: Gazetteer | None = None
        self.mask = numpy.uint64((1 << self.KEY_BITS) - 1)

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language, gazetteer: Gazetteer) -> None:
        """Take the names to match, as spaCy's ``SpanRuler.initialize`` takes patterns.

        Parameters
        ----------
        get_examples : callable, optional
            Unused (spaCy's signature).
        nlp : spacy.language.Language
            The pipeline: names are segmented by its tokenizer, so put them
            in its dictionary first (``build_nlp`` does).
        gazetteer : Gazetteer
            The names matched, exactly these.
        """
        strings = nlp.vocab.strings
        self.single: dict[int, tuple[str, str]] = {}  # LOWER hash -> (label, id)
        self.latin_initial: dict[int, bool] = {}  # LOWER hash of a capitalised Latin name -> True
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrase_starts = set()  # (LOWER, LOWER) of the first two tokens of each split name
        for surface, entity in gazetteer.surfaces():
            doc = nlp.make_doc(surface)  # as written: the tokenizer's dictionary is case-sensitive
            if len(doc) == 1:
                key = strings.add(surface.lower())
                self.single.setdefault(key, (entity.type, entity.id))
                if surface[:1].isascii() and surface[:1].isupper():
                    # "Hello" (哈啰) is a name, "hello" a word: a capitalised Latin name keeps its capital
                    # (a name written in lower case, ofo, may begin a sentence as Ofo)
                    self.latin_initial.setdefault(key, True)
            else:
                self.phrases.add(f"{entity.type}\t{entity.id}", [doc])
                if len(doc) > 1:
                    phrase_starts.add((doc[0].lower, doc[1].lower))
        self.phrase_starts = phrase_starts
        self.may_be_name = self._low_bits_of(self.single)
        self.may_begin_phrase = self._low_bits_of(first for first, _ in phrase_starts)
        self.gazetteer = gazetteer

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
        if self.gazetteer is None:
            raise ValueError(f"{self.name} has no gazetteer: call its initialize(nlp=..., gazetteer=...)")
        lower = doc.to_array(LOWER)
        low_bits = lower & self.mask
        # a table lookup passes the candidates, a dict lookup decides: faster than numpy.isin
        maybe = numpy.flatnonzero(self.may_be_name[low_bits])
        single = self.single
        latin = self.latin_initial
        spans = [EntitySpan(i, i + 1, *single[key]) for i, key in zip(maybe.tolist(), lower[maybe].tolist())
                 if key in single and (key not in latin or doc[i].text[0].isupper() == latin[key])]
        phrases = []
        if self._may_hold_phrase(lower, low_bits):
            phrases = [EntitySpan(start, end, *doc.vocab.strings[match_id].split("\t"))
                       for match_id, start, end in self.phrases(doc)]
        # one-token hits never overlap each other: filter only when a phrase is there
        set_entities(doc, filter_entity_spans(spans + phrases) if phrases else spans)
        return doc


@Language.factory("kg_gazetteer", assigns=ENTITY_ATTRS)
def make_gazetteer(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, name)


@Language.component("kg_quantities", assigns=["doc._.quantities", "doc.spans"])
def quantities_component(doc: Doc) -> Doc:
    """Money, percentages and dates, normalized against ``doc._.article_date``:
    the values in ``doc._.quantities``, the spans in ``doc.spans["quantities"]``
    (label = kind)."""
    found = find_quantities(doc_text(doc), doc._.article_date)
    doc._.quantities = found
    doc.spans["quantities"] = char_spans(doc, [(q.start, q.end, q.kind) for q in found])
    return doc


def build_nlp(gazetteer: Gazetteer | None = None, lexicons: dict[str, tuple[str, ...]] | None = None,
              entity_cues: tuple[EntityCue, ...] | None = None) -> Language:
    """The pipeline, with the data each component uses handed to it.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        The names to match (default: the shipped gazetteer). They go into the
        tokenizer's dictionary before the matcher is made, so both segment alike.
    lexicons : dict, optional
        Named word lists (default: the shipped ones, ``kg.rules``); the
        sentencizer reads ``sentence_ends`` and ``sentence_closers``.
    entity_cues : tuple of EntityCue, optional
        The cues for names the gazetteer lacks (default: the shipped ones).

    Returns
    -------
    spacy.language.Language
    """
    gazetteer = gazetteer or load_gazetteer()
    lexicons = lexicons if lexicons is not None else load_rules().lexicons
    entity_cues = entity_cues if entity_cues is not None else load_entity_cues()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.rjieba_tokenizer.v1"}}})
    tags = {"Person": "nr", "Company": "nt", "Authority": "nt"}
    nlp.tokenizer.add_words({s: tags.get(e.type, "nz") for s, e in gazetteer.surfaces()})
    # an office word of three characters or more is one token (执法队, 消防救援总队), so the cue sees it
    nlp.tokenizer.add_words({w: "n" for c in entity_cues if c.kind == "suffix" and c.label == "Authority"
                             for w in c.words if len(w) > 2})
    # a firm's form word of five characters or more is one token (律师事务所律师 is 律师事务所 + 律师), so the cue sees it
    nlp.tokenizer.add_words({w: "n" for c in entity_cues if c.kind == "suffix" and c.label == "Company"
                             for w in c.words if len(w) > 4 and w.isalpha()})
    nlp.add_pipe("kg_sentences", config={"punct_chars": list(lexicons["sentence_ends"]),
                                         "closing_chars": list(lexicons["sentence_closers"])})
    nlp.add_pipe("kg_gazetteer").initialize(nlp=nlp, gazetteer=gazetteer)
    nlp.add_pipe("kg_entity_cues").initialize(nlp=nlp, cues=entity_cues)
    nlp.add_pipe("kg_quantities")
    return nlp


def parse(nlp: Language, text: str, article_date: str | None = None) -> Doc:
    """``text`` through the pipeline.

    Parameters
    ----------
    nlp : spacy.language.Language
        A pipeline from ``build_nlp``.
    text : str
        Normalized article text.
    article_date : str, optional
        The article's ISO date (``doc._.article_date``): relative dates are read against it.

    Returns
    -------
    spacy.tokens.Doc
        With sentences, entities, ``doc._.quantities`` and ``doc.spans["quantities"]``.

    Examples
    --------
    >>> nlp = build_nlp()
    >>> doc = parse(nlp, "抖音切断外链。”随后快手跟进。", "2021-03-01")
    >>> [s.text for s in doc.sents]
    ['抖音切断外链。”', '随后快手跟进。']
    >>> [(e.text, e.label_, e.ent_id_) for e in doc.ents]
    [('抖音', 'Platform', 'douyin'), ('快手', 'Platform', 'kuaishou')]
    """
    doc = nlp.make_doc(text)
    doc._.article_date = article_date
    doc._.doc_text = text
    return nlp(doc)
