"""The gazetteer: entities of the domain with type, canonical name, aliases
and English name (``data/gazetteer.jsonl``). One line per entity, in the
shape of a spaCy pattern with an id:

    {"id": "douyin", "label": "Platform", "name": "抖音", "en": "Douyin",
     "aliases": ["抖音电商", "抖音直播", "Douyin"], "owner": "bytedance"}

``owner`` (optional) is the id of the firm that owns the entity; a firm
does not launch what another firm owns (``kg.resolve.Resolver.owned_elsewhere``).

Names and aliases are normalized like article text (Traditional folded to
Simplified, full-width to half-width) when loaded, so a Traditional alias
matches the normalized text. The file is validated when loaded (its records
by ``data/schemas/gazetteer.json``): a bad id, an unknown label, an empty
name or a name claimed by two entities is rejected with the file and line.
A user's data folders add their own ``gazetteer.jsonl`` on top
(``kg.userdata`` says how they meet)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from kg.datafiles import DataFileError, check_record, data_path, read_jsonl
from kg.model import ENTITY_TYPES, Entity
from kg.normalize import normalize_text
from kg.schema import load_schema
from kg.userdata import layers, snapshot


@dataclass(frozen=True)
class Gazetteer:
    entities: tuple[Entity, ...]
    by_id: dict  # id -> Entity
    by_surface: dict  # lower-cased normalized surface form -> Entity
    path: str = ""  # the file it was loaded from
    data_dirs: tuple[str, ...] = ()  # the user's data folders read on top of it

    def lookup(self, surface: str) -> Entity | None:
        """The entity a surface form names, in either script."""
        return self.by_surface.get(surface.lower()) or self.by_surface.get(normalize_text(surface).lower())

    def surfaces(self) -> list[tuple[str, Entity]]:
        """Every (surface form, entity), longest first, in a stable order."""
        return sorted(((s, e) for e in self.entities for s in (e.name, *e.aliases)),
                      key=lambda pair: (-len(pair[0]), pair[0]))

    def patterns(self) -> list[dict]:
        """spaCy entity-ruler phrase patterns with ids."""
        return [{"label": e.type, "pattern": s, "id": e.id} for s, e in self.surfaces()]


def _entity(record: dict, types: Iterable[str] = ENTITY_TYPES) -> Entity:
    check_record(record, "gazetteer", {"entity_types": tuple(types)})
    entity_id, name, en = record["id"], record["name"], record.get("en")
    aliases = record.get("aliases", [])
    name = normalize_text(name)
    folded: list[str] = []
    seen = {name.lower()}
    for alias in [*aliases, *([en] if en else [])]:
        alias = normalize_text(alias)
        if alias.lower() not in seen:
            seen.add(alias.lower())
            folded.append(alias)
    return Entity(name=name, type=record["label"], aliases=tuple(folded), en=en, id=entity_id,
                  owner=record.get("owner"))


def load_gazetteer(path: str | Path | None = None, data_dirs: Iterable[str] = ()) -> Gazetteer:
    """The gazetteer of ``path`` (default: the shipped one) with the
    ``gazetteer.jsonl`` of each data folder read on top (``kg.userdata``)."""
    data_dirs = tuple(str(d) for d in data_dirs)
    # the folders' contents are part of the key: a file edited between two builds is read again
    return _load(str(path or data_path("gazetteer.jsonl")), data_dirs, snapshot(data_dirs))


def _read(path: Path, types: Iterable[str]) -> list[tuple[int, Entity]]:
    """The entities of one file, checked against each other."""
    found: list[tuple[int, Entity]] = []
    by_id: set[str] = set()
    by_surface: dict[str, Entity] = {}
    for n, record in read_jsonl(path):
        try:
            entity = _entity(record, types)
        except ValueError as e:
            raise DataFileError(path, n, str(e)) from e
        if entity.id in by_id:
            raise DataFileError(path, n, f"duplicate id {entity.id!r}")
        for surface in (entity.name, *entity.aliases):
            other = by_surface.get(surface.lower())
            if other is not None:
                raise DataFileError(path, n, f"{surface!r} already names {other.id!r}")
            by_surface[surface.lower()] = entity
        by_id.add(entity.id)
        found.append((n, entity))
    return found


def _overlay(entities: dict[str, Entity], path: Path, found: list[tuple[int, Entity]]) -> None:
    """A user's entities over ``entities`` (id -> entity): the user's win
    (see ``kg.userdata``)."""
    for n, entity in found:
        surfaces = {s.lower() for s in (entity.name, *entity.aliases)}
        for other in list(entities.values()):
            if other.id == entity.id or not surfaces & {s.lower() for s in (other.name, *other.aliases)}:
                continue
            if other.name.lower() in surfaces:
                raise DataFileError(path, n, f"{other.name!r} is the name of {other.id!r}: "
                                             f"give id {other.id!r} to replace that entity")
            entities[other.id] = replace(other, aliases=tuple(a for a in other.aliases if a.lower() not in surfaces))
        entities[entity.id] = entity  # a known id keeps its place


@lru_cache(maxsize=None)
def _load(path: str, data_dirs: tuple[str, ...], contents: tuple) -> Gazetteer:
    types = tuple(load_schema(data_dirs).entity_types)
    entities = {e.id: e for _, e in _read(Path(path), types)}
    if not entities:
        raise DataFileError(path, None, "no entities")
    for user in layers("gazetteer.jsonl", data_dirs):
        _overlay(entities, user, _read(user, types))
    for entity in entities.values():
        if entity.owner is not None and entity.owner not in entities:
            raise DataFileError(path, None, f"{entity.id!r} is owned by {entity.owner!r}, which is no entity's id")
    by_surface = {s.lower(): e for e in entities.values() for s in (e.name, *e.aliases)}
    return Gazetteer(tuple(entities.values()), dict(entities), by_surface, path, data_dirs)
