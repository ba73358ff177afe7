"""The data that flows between the stages: frozen dataclasses, nothing else.

Names follow ../SCHEMA.md (the wire format of ``triples.jsonl``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

ENTITY_TYPES = ("Platform", "Program", "Company", "Person", "Authority", "Group")
PREDICATES = (
    "blocks_link",
    "charges_fee",
    "penalizes",
    "advertises_on",
    "drives_traffic_to",
    "partners_with",
    "owns",
    "launches",
    "competes_with",
    "works_with",
)
SYMMETRIC_PREDICATES = frozenset({"partners_with", "competes_with"})
ACTIONS = ("fine", "suspend", "ban", "warn", "refund", "rectify", "expel")
STATUSES = ("effective", "announced", "rumor", "forecast", "negated")


@dataclass(frozen=True)
class Article:
    """One source document after ingestion and normalization."""

    id: str  # the file name; evidence.doc points here
    path: str
    text: str  # normalized text: every offset in the graph points into it
    encoding: str
    title: str | None = None
    date: str | None = None  # ISO, as precise as known: 2020-10-29, 2020-08, 2020
    source: str | None = None
    author: str | None = None
    url: str | None = None


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
