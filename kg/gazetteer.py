"""The gazetteer: entities of the domain with type, canonical name, aliases
and English name (``data/gazetteer.jsonl``). One line per entity, in the
shape of a spaCy pattern with an id:

    {"id": "douyin", "label": "Platform", "name": "抖音", "en": "Douyin",
     "aliases": ["抖音电商", "抖音直播", "Douyin"]}

Names and aliases are normalized like article text (Traditional folded to
Simplified, full-width to half-width) when loaded, so a Traditional alias
matches the normalized text. The file is validated when loaded (its records
by ``data/schemas/gazetteer.json``): a bad id, an unknown label, an empty
name or a name claimed by two entities is rejected with the file and line."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.datafiles import DataFileError, check_record, data_path, read_jsonl
from kg.model import ENTITY_TYPES, Entity
from kg.normalize import normalize_text


@dataclass(frozen=True)
class Gazetteer:
    entities: tuple[Entity, ...]
    by_id: dict  # id -> Entity
    by_surface: dict  # lower-cased normalized surface form -> Entity
    path: str = ""  # the file it was loaded from

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


def _entity(record: dict) -> Entity:
    check_record(record, "gazetteer", {"entity_types": ENTITY_TYPES})
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
    return Entity(name=name, type=record["label"], aliases=tuple(folded), en=en, id=entity_id)


@lru_cache(maxsize=None)
def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    path = Path(path) if path else data_path("gazetteer.jsonl")
    entities: list[Entity] = []
    by_id: dict[str, Entity] = {}
    by_surface: dict[str, Entity] = {}
    for n, record in read_jsonl(path):
        try:
            entity = _entity(record)
        except ValueError as e:
            raise DataFileError(path, n, str(e)) from e
        if entity.id in by_id:
            raise DataFileError(path, n, f"duplicate id {entity.id!r}")
        for surface in (entity.name, *entity.aliases):
            other = by_surface.get(surface.lower())
            if other is not None:
                raise DataFileError(path, n, f"{surface!r} already names {other.id!r}")
            by_surface[surface.lower()] = entity
        by_id[entity.id] = entity
        entities.append(entity)
    if not entities:
        raise DataFileError(path, None, "no entities")
    return Gazetteer(tuple(entities), by_id, by_surface, str(path))
