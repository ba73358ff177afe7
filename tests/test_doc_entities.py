import random

import pytest
import spacy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.doc_entities import EntitySpan, filter_entity_spans, read_entities, read_entities_to_update, set_entities

ATTRS = [ENT_IOB, ENT_TYPE, ENT_ID, ENT_KB_ID]


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("zh").vocab


def _doc(vocab, n: int) -> Doc:
    return Doc(vocab, words=[f"w{i}" for i in range(n)], spaces=[False] * n)


def _random_entities(rng: random.Random, n: int) -> list[EntitySpan]:
    entities, i = [], 0
    while i < n:
        i += rng.randint(0, 3)
        end = min(n, i + rng.randint(1, 3))
        if i < end:
            entities.append(EntitySpan(i, end, rng.choice(["Person", "Company"]), rng.choice(["", "a", "b"]),
                                       rng.choice(["", "", "Q2"])))
        i = end
    return entities


def _as_tuples(doc: Doc) -> list[EntitySpan]:
    return [EntitySpan(e.start, e.end, e.label_, e.ent_id_, e.kb_id_) for e in doc.ents]


def test_set_and_read_are_doc_ents(vocab):
    """The same token state and the same entities as ``doc.ents = ...``,
    over several rounds (ids of spans with none are kept from before), also
    when the entities read are set again."""
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(1, 30)
        ours, theirs = _doc(vocab, n), _doc(vocab, n)
        for doc in (ours, theirs):  # KB ids, which spaCy clears under each entity set
            doc.ents = [Span(doc, 0, 1, label="Person", kb_id="Q1", span_id="x")]
        for round in range(4):
            entities = _random_entities(rng, n) if round != 2 else read_entities(ours)
            set_entities(ours, entities)
            theirs.ents = [Span(theirs, e.start, e.end, label=e.label, span_id=e.entity_id, kb_id=e.kb_id)
                           for e in entities]
            assert (ours.to_array(ATTRS) == theirs.to_array(ATTRS)).all()
            assert read_entities(ours) == _as_tuples(theirs) == _as_tuples(ours)
            if read_entities_to_update(ours)[1]:  # setting them again is a no-op: check with spaCy
                before = theirs.to_array(ATTRS)
                theirs.ents = list(theirs.ents)
                assert (theirs.to_array(ATTRS) == before).all()


def test_entities_set_elsewhere_are_read_from_the_tokens(vocab):
    doc = _doc(vocab, 6)
    set_entities(doc, [EntitySpan(0, 2, "Company", "tmall")])
    doc.ents = [Span(doc, 3, 5, label="Person")]
    assert read_entities(doc) == [EntitySpan(3, 5, "Person", "")]
    doc.ents = []
    assert read_entities(doc) == []


def test_overlapping_entities_are_an_error(vocab):
    doc = _doc(vocab, 5)
    with pytest.raises(ValueError):
        set_entities(doc, [EntitySpan(0, 3, "Company"), EntitySpan(2, 4, "Person")])


def test_filter_is_spacy_filter_spans(vocab):
    rng = random.Random(3)
    doc = _doc(vocab, 20)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, 19)
            spans.append(EntitySpan(start, rng.randint(start + 1, 20), rng.choice(["A", "B"])))
        expected = filter_spans([Span(doc, s.start, s.end, label=s.label) for s in spans])
        assert [(s.start, s.end, s.label) for s in filter_entity_spans(spans)] == \
               [(s.start, s.end, s.label_) for s in expected]
