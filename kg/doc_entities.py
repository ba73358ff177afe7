"""A Doc's entities as plain tuples, read and written through token arrays.

``Doc.ents`` makes a Span per entity and walks every token in Python, both
to read and to set, for every entity component and ``Extractor.mentions``.
``read_entities`` and ``set_entities`` give and take the same entities as
``doc.ents`` (same boundaries, labels and ids, the same token state
afterwards), with numpy doing the per-token work.

``set_entities`` keeps what it set in ``doc._.kept_entities`` with the
token arrays it wrote (entity IOB, type, id and KB id). ``read_entities``
reads the arrays again, cheaper than making the tuples, and uses the kept
list only if they are equal: entities set any other way (``doc.ents = ...``,
``from_array``, a retokenizer) change the arrays, so the kept list is never
used stale; the tuples are then made from the arrays."""
from __future__ import annotations

from typing import NamedTuple

import numpy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.tokens import Doc

import kg.doc_extensions  # noqa: F401  (declares doc._.kept_entities)

_INSIDE, _OUTSIDE, _BEGIN = 1, 2, 3  # spaCy's ENT_IOB values (0 is missing)
_COLUMNS = [ENT_IOB, ENT_TYPE, ENT_ID, ENT_KB_ID]
# What a component that sets entities through ``set_entities`` assigns (its factory's ``assigns``).
ENTITY_ATTRS = ["doc.ents", "token.ent_iob", "token.ent_type", "token.ent_id", "token.ent_kb_id",
                "doc._.kept_entities"]


class EntitySpan(NamedTuple):
    """An entity over tokens [start, end); ``entity_id`` is the span id
    (the gazetteer id), "" for none. Equal tuples are equal Spans: tokens
    are never empty, so equal token offsets are equal character offsets."""

    start: int
    end: int
    label: str
    entity_id: str = ""
    kb_id: str = ""


def read_entities(doc: Doc) -> list[EntitySpan]:
    """What ``doc.ents`` gives, as tuples in order."""
    return read_entities_to_update(doc)[0]


def read_entities_to_update(doc: Doc) -> tuple[list[EntitySpan], bool]:
    """The entities, and whether setting them again as they are would change
    no token: then a component that ends up with the same list need not set
    it (true when the tokens of each entity share its ids, as after
    ``set_entities`` of entities with ids)."""
    if len(doc) == 0:
        return [], True
    arrays = doc.to_array(_COLUMNS)
    kept = doc._.kept_entities  # (the _COLUMNS as rows, entities, whether setting them again is a no-op)
    if kept is not None and kept[0].shape == arrays.T.shape and numpy.array_equal(kept[0], arrays.T):
        return list(kept[1]), kept[2]
    return _entities_from_arrays(doc, arrays), False


def _entities_from_arrays(doc: Doc, arrays: numpy.ndarray) -> list[EntitySpan]:
    """As ``Doc.ents`` reads them: an entity opens at a B token with a type
    and runs to the next token that is not I; label and ids are the B token's."""
    iob, types, ids, kb_ids = arrays.T
    opens = (iob == _BEGIN) & (types != 0)
    if iob[0] == _INSIDE or (iob[1:] == _INSIDE)[~(opens[:-1] | (iob[:-1] == _INSIDE))].any():
        return [EntitySpan(e.start, e.end, e.label_, e.id_, e.kb_id_) for e in doc.ents]  # spaCy's error
    bounds = numpy.flatnonzero(iob != _INSIDE)
    ends = numpy.append(bounds[1:], len(doc))[opens[bounds]].tolist()
    starts = bounds[opens[bounds]]
    columns = [types[starts].tolist(), ids[starts].tolist(), kb_ids[starts].tolist()]
    strings = doc.vocab.strings
    names = {h: strings[h] for column in columns for h in set(column)}
    return [EntitySpan(s, e, names[t], names[i], names[k]) for s, e, t, i, k in zip(starts.tolist(), ends, *columns)]


def set_entities(doc: Doc, entities: list[EntitySpan]) -> None:
    """What ``doc.ents = entities`` does: every other token becomes O with no
    type; an entity with no id keeps the ids its tokens had (spaCy keeps
    them, and ``Span.ent_id_`` reads them); overlapping entities are an error.
    (spaCy's repair of I tags after O or after another type has nothing to
    repair here: each entity is one B and then I tags of its own type.)"""
    n = len(doc)
    starts, ends, labels, entity_ids, kb_ids = zip(*entities) if entities else ((),) * 5
    starts, ends = numpy.array(starts, dtype="int64"), numpy.array(ends, dtype="int64")
    if (ends <= starts).any() or (starts[1:] < ends[:-1]).any():  # not sorted and apart, as entities mostly are
        order = numpy.flatnonzero(starts < ends)  # spaCy sets nothing for an empty span
        order = order[numpy.argsort(starts[order], kind="stable")].tolist()
        entities = [entities[i] for i in order]
        starts, ends = starts[order], ends[order]
        labels, entity_ids, kb_ids = ([column[i] for i in order] for column in (labels, entity_ids, kb_ids))
    if not all(labels):
        raise ValueError("an entity with no label")
    if len(starts) and (starts[0] < 0 or ends[-1] > n):
        raise ValueError(f"an entity outside the {n} tokens of the Doc")
    if (starts[1:] < ends[:-1]).any():
        raise ValueError("overlapping entities")
    if n == 0:
        return
    written = numpy.empty((len(_COLUMNS), n), dtype="uint64")  # a row per column: what the Doc will hold
    iob, types, ids, kbs = written
    iob.fill(_OUTSIDE)
    types.fill(0)
    written[2:] = doc.to_array([ENT_ID, ENT_KB_ID]).T
    changed = [0, 1]  # rows to write: and the ids and KB ids where they change
    settled = True  # each entity's tokens have its first token's ids
    if len(starts):
        strings = doc.vocab.strings
        hashes = {name: strings.add(name) for name in {*labels, *entity_ids, *kb_ids} if name}
        hashes[""] = 0
        lengths = ends - starts
        if lengths.sum() == len(starts):  # a token each (as nearly all gazetteer names): nothing to repeat
            tokens = starts

            def per_token(values: list) -> numpy.ndarray:
                return numpy.array(values, dtype="uint64")
        else:  # the token indices of every entity, entity after entity
            tokens = numpy.arange(lengths.sum()) + numpy.repeat(starts - (numpy.cumsum(lengths) - lengths), lengths)

            def per_token(values: list) -> numpy.ndarray:
                return numpy.repeat(numpy.array(values, dtype="uint64"), lengths)
        iob[tokens] = _INSIDE
        iob[starts] = _BEGIN
        types[tokens] = per_token([hashes[t] for t in labels])
        span_ids = per_token([hashes[i] for i in entity_ids])
        with_id = span_ids != 0
        if (ids[tokens[with_id]] != span_ids[with_id]).any():
            ids[tokens[with_id]] = span_ids[with_id]
            changed.append(2)
        span_kbs = per_token([hashes[k] for k in kb_ids]) if any(kb_ids) else 0
        if (kbs[tokens] != span_kbs).any():
            kbs[tokens] = span_kbs
            changed.append(3)
        if not all(entity_ids):  # an entity with no id reads the id its first token kept
            start_ids = ids[starts]
            entities = [e if e.entity_id else e._replace(entity_id=strings[start_id])
                        for e, start_id in zip(entities, start_ids.tolist())]
            settled = numpy.array_equal(ids[tokens], numpy.repeat(start_ids, lengths))
    doc.from_array([_COLUMNS[row] for row in changed], (written if len(changed) == len(_COLUMNS) else written[changed]).T)
    doc._.kept_entities = (written, tuple(entities), settled)


def filter_entity_spans(spans: list[EntitySpan]) -> list[EntitySpan]:
    """``spacy.util.filter_spans`` for tuples: the longest (then the first)
    of overlapping spans wins; sorted by start."""
    ordered = sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True)
    kept = []
    seen: set[int] = set()
    for span in ordered:
        if span.start not in seen and span.end - 1 not in seen:  # spaCy checks the two ends only
            kept.append(span)
            seen.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)
