"""The data that flows between the stages: frozen dataclasses, nothing else.

Names follow ../SCHEMA.md (the wire format of ``triples.jsonl``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from kg.schema import SCHEMA

# The shipped vocabulary (kg/schema.py reads it); a build with user data
# asks its own ``Schema`` instead.
ENTITY_TYPES = tuple(SCHEMA.entity_types)
PREDICATES = tuple(SCHEMA.predicates)
SYMMETRIC_PREDICATES = SCHEMA.symmetric
ACTIONS = SCHEMA.actions
STATUSES = SCHEMA.statuses


@dataclass(frozen=True)
class Article:
    """One source document after ingestion and normalization."""

    id: str  # the path under the input folder it was found in (kg.ingest.article_ids); evidence.doc points here
    path: str
    text: str  # normalized text: every offset in the graph points into it
    encoding: str
    title: str | None = None
    date: str | None = None  # ISO, as precise as known: 2020-10-29, 2020-08, 2020
    date_source: str | None = None  # where the date came from: metadata, head, url, dateline, signoff, none
    source: str | None = None
    author: str | None = None
    url: str | None = None
    replaced: int = 0  # bytes of the file that no encoding decoded, replaced by U+FFFD
    note: str | None = None  # what ingestion left undone, for the report (an end-of-page rule not applied)


@dataclass(frozen=True)
class Evidence:
    doc: str
    sentence: str
    start: int  # offsets of the sentence in Article.text
    end: int


@dataclass(frozen=True)
class Mention:
    """A span of text that names an entity."""

    text: str
    start: int
    end: int
    name: str  # canonical name
    type: str
    source: str = "gazetteer"  # or the cue that found it: "quoted", "suffix", ...


@dataclass(frozen=True)
class Entity:
    name: str  # canonical Simplified name: the node's identity
    type: str
    aliases: tuple[str, ...] = ()
    en: str | None = None
    id: str | None = None  # gazetteer id when known
    owner: str | None = None  # gazetteer id of the firm that owns it (淘宝 -> alibaba), when known
    mentions: int = 0  # how often the corpus names it
    docs: tuple[str, ...] = ()  # the documents that name it


@dataclass(frozen=True)
class Triple:
    subject: str
    subject_type: str
    predicate: str
    object: str
    object_type: str
    evidence: Evidence
    attrs: Mapping[str, Any] = field(default_factory=dict)
    confidence: float = 0.5

    def key(self) -> tuple[str, str, str, str]:
        return (self.evidence.doc, self.subject, self.predicate, self.object)
