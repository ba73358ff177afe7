"""The data that flows between the stages: frozen dataclasses, nothing else.

Names follow ../SCHEMA.md (the wire format of ``triples.jsonl``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

def _load_schema() -> dict:
    """The vocabulary of data/schema.json, checked when kg is imported."""
    path = Path(__file__).parent / "data" / "schema.json"
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
        for key in ("entity_types", "actions", "statuses"):
            if not all(isinstance(v, str) and v for v in schema[key]):
                raise ValueError(f"{key!r} must list non-empty strings")
        for name, spec in schema["predicates"].items():
            if not isinstance(spec.get("symmetric"), bool):
                raise ValueError(f"predicate {name!r} needs 'symmetric': true or false")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ValueError(f"{path}: {e}") from e
    return schema


_SCHEMA = _load_schema()
ENTITY_TYPES = tuple(_SCHEMA["entity_types"])
PREDICATES = tuple(_SCHEMA["predicates"])
SYMMETRIC_PREDICATES = frozenset(p for p, spec in _SCHEMA["predicates"].items() if spec["symmetric"])
ACTIONS = tuple(_SCHEMA["actions"])
STATUSES = tuple(_SCHEMA["statuses"])


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
