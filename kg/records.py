"""Each record's one dict form: an article, a triple, an entity and a
mention as they stand in ``articles.jsonl``, ``triples.jsonl`` and
``entities.jsonl`` (the wire format of SCHEMA.md) and in the extraction
cache, and back. The pipeline, the cache and the CLI write and read
records only through these functions."""
from __future__ import annotations

from dataclasses import fields
from typing import Any

from kg.model import Article, Entity, Evidence, Mention, Triple

# An article's record holds every field but its path, which is where the file
# happens to be and is no part of what was read.
_ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name != "path")


def article_record(article: Article, duplicate_of: str | None = None) -> dict[str, Any]:
    """An article as a line of ``articles.jsonl``: every field but ``path``,
    and ``duplicate_of``, the first article of its story when it is a copy
    or a repost (``kg.duplicates``).

    Examples
    --------
    >>> article = Article(id="a.txt", path="/tmp/a.txt", text="抖音。", encoding="utf-8")
    >>> article_record(article)["id"], "path" in article_record(article)
    ('a.txt', False)
    >>> article_from_record(article_record(article), "/tmp/a.txt") == article
    True
    """
    return {**{name: getattr(article, name) for name in _ARTICLE_FIELDS}, "duplicate_of": duplicate_of}


def article_from_record(record: dict[str, Any], path: str) -> Article:
    """The article of a record, found at ``path`` (a field the record was
    written without, such as ``date_source`` in an older cache, is None)."""
    return Article(path=path, **{name: record.get(name) for name in _ARTICLE_FIELDS})


def evidence_record(evidence: Evidence) -> dict[str, Any]:
    return {"doc": evidence.doc, "sentence": evidence.sentence, "start": evidence.start, "end": evidence.end}


def triple_record(triple: Triple) -> dict[str, Any]:
    """A triple as a line of ``triples.jsonl`` (SCHEMA.md).

    Examples
    --------
    >>> triple = Triple("抖音", "Platform", "blocks_link", "淘宝", "Platform",
    ...                 Evidence("a.txt", "抖音屏蔽淘宝。", 0, 7), {"status": "effective"}, 0.8)
    >>> list(triple_record(triple))
    ['subject', 'subject_type', 'predicate', 'object', 'object_type', 'attrs', 'evidence', 'confidence']
    >>> triple_from_record(triple_record(triple)) == triple
    True
    """
    return {
        "subject": triple.subject, "subject_type": triple.subject_type, "predicate": triple.predicate,
        "object": triple.object, "object_type": triple.object_type, "attrs": dict(triple.attrs),
        "evidence": evidence_record(triple.evidence), "confidence": triple.confidence,
    }


def triple_from_record(record: dict[str, Any]) -> Triple:
    """The triple of a ``triples.jsonl`` record."""
    return Triple(subject=record["subject"], subject_type=record["subject_type"], predicate=record["predicate"],
                  object=record["object"], object_type=record["object_type"],
                  evidence=Evidence(**record["evidence"]), attrs=record["attrs"], confidence=record["confidence"])


def entity_record(entity: Entity) -> dict[str, Any]:
    """An entity as a line of ``entities.jsonl``: ``en`` and ``id`` only
    when known.

    Examples
    --------
    >>> entity_record(Entity("三只羊", "Company", ("三只羊公司",), mentions=2, docs=("a.txt",)))
    {'name': '三只羊', 'type': 'Company', 'aliases': ['三只羊公司'], 'mentions': 2, 'docs': ['a.txt']}
    """
    record = {"name": entity.name, "type": entity.type, "aliases": list(entity.aliases)}
    if entity.en:
        record["en"] = entity.en
    if entity.id:
        record["id"] = entity.id
    record["mentions"] = entity.mentions
    record["docs"] = list(entity.docs)
    return record


def mention_record(mention: Mention) -> list:
    """A mention as the extraction cache keeps it: a list in the order of
    the fields (an article has hundreds; keys would double their size).

    Examples
    --------
    >>> mention = Mention("淘寶", 3, 5, "淘宝", "Platform")
    >>> mention_record(mention)
    ['淘寶', 3, 5, '淘宝', 'Platform', 'gazetteer']
    >>> mention_from_record(mention_record(mention)) == mention
    True
    """
    return [mention.text, mention.start, mention.end, mention.name, mention.type, mention.source]


def mention_from_record(record: list) -> Mention:
    return Mention(*record)
