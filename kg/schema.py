"""The vocabulary of the graph, read from ``data/schema.json`` (and the
``schema.json`` of a user's data folders, ``kg build --data DIR``): entity
types, predicates with everything the rules, the graph, the exporters and
the page need to know of them, triple attributes, actions and statuses.

This is the only module that reads a schema file; everything else asks a
``Schema`` (``SCHEMA`` is the shipped one). A user's ``schema.json`` holds
``predicates`` and ``entity_types`` only, in the shipped file's format: a
name the shipped schema (or an earlier folder) already declares is replaced
by the user's declaration, a new one is added. Errors name the file, the
line of the offending key and the reason (``kg.datafiles.DataFileError``).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from kg.datafiles import DataFileError, data_path, read_json_object
from kg.userdata import snapshot

SCHEMA_FILE = "schema.json"
# what the engine can find for an attribute, and what each kind means to the graph
ATTRIBUTE_KINDS = ("date", "money", "text", "status")
USER_KEYS = ("predicates", "entity_types")  # what a user's schema.json may declare
_COLOR = re.compile(r"#[0-9a-f]{6}")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# The look of names the schema does not declare (a graph from another version).
OTHER_TYPE_COLOR, OTHER_SHAPE, OTHER_SYMBOL = "#888888", "dot", "\u25cf"
OTHER_PREDICATE_COLOR = "#555555"
SHAPES = ("dot", "square", "diamond", "triangle", "triangleDown", "star", "hexagon", "ellipse", "box")


@dataclass(frozen=True)
class Predicate:
    name: str
    symmetric: bool
    zh: str
    en: str
    color: str  # "#rrggbb", on the page and in Gephi alike
    attributes: tuple[str, ...]  # the attributes its triples take
    statuses: tuple[str, ...]  # the statuses its triples may get from the status cues


@dataclass(frozen=True)
class EntityType:
    name: str
    zh: str
    color: str
    shape: str  # vis-network node shape on the page
    symbol: str  # the page legend's symbol for that shape


@dataclass(frozen=True, eq=False)
class Schema:
    """The vocabulary in force: the shipped schema and any user additions."""

    entity_types: Mapping[str, EntityType]
    predicates: Mapping[str, Predicate]
    attributes: Mapping[str, str]  # name -> kind, in the order a triple's attrs are written
    actions: tuple[str, ...]  # in order of precedence
    timed_actions: Mapping[str, str]  # an action said with a duration -> the action it is
    statuses: tuple[str, ...]  # in order of precedence when documents disagree
    sources: tuple[str, ...] = ()  # the files read, shipped first

    @property
    def symmetric(self) -> frozenset[str]:
        """The predicates whose subject and object may change places."""
        return frozenset(p.name for p in self.predicates.values() if p.symmetric)

    @property
    def merged_attributes(self) -> tuple[str, ...]:
        """Attributes the graph keeps as they are on an edge (not dates or statuses)."""
        return tuple(name for name, kind in self.attributes.items() if kind not in ("date", "status"))

    def predicate_color(self, name: str) -> str:
        spec = self.predicates.get(name)
        return spec.color if spec else OTHER_PREDICATE_COLOR

    def type_style(self, name: str) -> tuple[str, str, str]:
        """(colour, shape, symbol) of an entity type."""
        spec = self.entity_types.get(name)
        return (spec.color, spec.shape, spec.symbol) if spec else (OTHER_TYPE_COLOR, OTHER_SHAPE, OTHER_SYMBOL)

    def declarations(self) -> dict:
        """``predicates`` and ``entity_types`` in the format of schema.json:
        written into a build's folder, so that ``kg export`` knows them
        without the data folders."""
        return {
            "entity_types": {t.name: {"zh": t.zh, "color": t.color, "shape": t.shape, "symbol": t.symbol}
                             for t in self.entity_types.values()},
            "predicates": {p.name: {"symmetric": p.symmetric, "zh": p.zh, "en": p.en, "color": p.color,
                                    "attributes": list(p.attributes), "statuses": list(p.statuses)}
                           for p in self.predicates.values()},
        }


def schema_of(graph) -> Schema:
    """The vocabulary a graph was built with (``graph.graph["schema"]``, set
    by ``kg.graph.build_graph``); the shipped one for a graph that does not say.

    Examples
    --------
    >>> import networkx as nx
    >>> schema_of(nx.MultiDiGraph()) is SCHEMA
    True
    """
    schema = graph.graph.get("schema")
    return schema if isinstance(schema, Schema) else SCHEMA


def derived_color(name: str) -> str:
    """A stable colour for a name declared without one."""
    digest = hashlib.sha1(name.encode("utf-8", "replace")).digest()
    return "#" + "".join(f"{60 + b % 160:02x}" for b in digest[:3])


def rgb(color: str) -> tuple[int, int, int]:
    """``"#d62728"`` -> ``(214, 39, 40)``."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _line_of(text: str, section: str, key: str) -> int | None:
    """The line of ``"key"`` inside ``"section"`` in a JSON text (for errors)."""
    start = text.find(f'"{section}"')
    at = text.find(f'"{key}"', max(start, 0))
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _entries(section: Any, what: str) -> Iterable[tuple[str, Any]]:
    if not isinstance(section, dict):
        raise ValueError(f"{what!r} must be an object")
    return ((k, v) for k, v in section.items() if not k.startswith("_"))


def _entity_type(name: str, spec: Any) -> EntityType:
    if not _NAME.fullmatch(name):
        raise ValueError(f"entity type {name!r} must be ASCII letters, digits and _")
    if not isinstance(spec, dict):
        raise ValueError(f"entity type {name!r} must be an object")
    unknown = set(spec) - {"zh", "color", "shape", "symbol"}
    if unknown:
        raise ValueError(f"entity type {name!r}: unknown keys {sorted(unknown)}")
    color = spec.get("color", derived_color(name))
    if not isinstance(color, str) or not _COLOR.fullmatch(color):
        raise ValueError(f"entity type {name!r}: 'color' must be '#rrggbb' (lower case)")
    shape = spec.get("shape", OTHER_SHAPE)
    if shape not in SHAPES:
        raise ValueError(f"entity type {name!r}: 'shape' must be one of {', '.join(SHAPES)}")
    zh, symbol = spec.get("zh", name), spec.get("symbol", OTHER_SYMBOL)
    if not isinstance(zh, str) or not zh or not isinstance(symbol, str) or not symbol:
        raise ValueError(f"entity type {name!r}: 'zh' and 'symbol' must be non-empty strings")
    return EntityType(name, zh, color, shape, symbol)


def _predicate(name: str, spec: Any, attributes: Mapping[str, str], statuses: tuple[str, ...]) -> Predicate:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ValueError(f"predicate {name!r} must be lower-case ASCII letters, digits and _")
    if not isinstance(spec, dict):
        raise ValueError(f"predicate {name!r} must be an object")
    unknown = set(spec) - {"symmetric", "zh", "en", "color", "attributes", "statuses"}
    if unknown:
        raise ValueError(f"predicate {name!r}: unknown keys {sorted(unknown)}")
    if not isinstance(spec.get("symmetric"), bool):
        raise ValueError(f"predicate {name!r} needs 'symmetric': true or false")
    zh, en = spec.get("zh", name), spec.get("en", name.replace("_", " "))
    if not isinstance(zh, str) or not zh or not isinstance(en, str) or not en:
        raise ValueError(f"predicate {name!r}: 'zh' and 'en' must be non-empty strings")
    color = spec.get("color", derived_color(name))
    if not isinstance(color, str) or not _COLOR.fullmatch(color):
        raise ValueError(f"predicate {name!r}: 'color' must be '#rrggbb' (lower case)")
    takes = spec.get("attributes", ["date"])
    known = [a for a in attributes if attributes[a] != "status"]
    if not isinstance(takes, list) or any(a not in known for a in takes):
        raise ValueError(f"predicate {name!r}: 'attributes' must list some of {', '.join(known)}")
    applies = spec.get("statuses", list(statuses))
    if not isinstance(applies, list) or any(s not in statuses for s in applies):
        raise ValueError(f"predicate {name!r}: 'statuses' must list some of {', '.join(statuses)}")
    return Predicate(name, spec["symmetric"], zh, en, color, tuple(takes), tuple(applies))


def _words(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{key!r} must list non-empty strings")
    return tuple(value)


def _read(path: Path) -> tuple[dict, str]:
    return read_json_object(path)


def _declare(schema: dict, data: dict, text: str, path: Path) -> None:
    """Add (or replace) the entity types and predicates ``data`` declares."""
    for section, make in (("entity_types", lambda k, v: _entity_type(k, v)),
                          ("predicates", lambda k, v: _predicate(k, v, schema["attributes"], schema["statuses"]))):
        if section not in data:
            continue
        try:
            entries = list(_entries(data[section], section))
        except ValueError as e:
            raise DataFileError(path, _line_of(text, section, section), str(e)) from e
        for name, spec in entries:
            try:
                schema[section][name] = make(name, spec)
            except ValueError as e:
                raise DataFileError(path, _line_of(text, section, name), str(e)) from e


def _shipped(path: Path) -> dict:
    data, text = _read(path)
    schema: dict = {"entity_types": {}, "predicates": {}, "sources": (str(path),)}
    try:
        attributes = dict(_entries(data["attributes"], "attributes"))
        if any(not isinstance(v, dict) or v.get("kind") not in ATTRIBUTE_KINDS for v in attributes.values()):
            raise ValueError(f"every attribute needs a 'kind': one of {', '.join(ATTRIBUTE_KINDS)}")
        schema["attributes"] = {name: spec["kind"] for name, spec in attributes.items()}
        schema["actions"] = _words(data["actions"], "actions")
        schema["statuses"] = _words(data["statuses"], "statuses")
        timed = dict(_entries(data.get("timed_actions", {}), "timed_actions"))
        if any(k not in schema["actions"] or v not in schema["actions"] for k, v in timed.items()):
            raise ValueError("'timed_actions' must map actions to actions")
        schema["timed_actions"] = timed
    except (KeyError, ValueError) as e:
        raise DataFileError(path, None, str(e) if isinstance(e, ValueError) else f"missing {e}") from e
    _declare(schema, data, text, path)
    return schema


def _user(schema: dict, path: Path) -> None:
    data, text = _read(path)
    unknown = [k for k in data if not k.startswith("_") and k not in USER_KEYS]
    if unknown:
        raise DataFileError(path, _line_of(text, unknown[0], unknown[0]),
                            f"a user's schema.json declares only {' and '.join(USER_KEYS)}, not {unknown[0]!r}")
    _declare(schema, data, text, path)
    schema["sources"] += (str(path),)


@lru_cache(maxsize=None)
def _load(path: str, data_dirs: tuple[str, ...], contents: tuple) -> Schema:
    schema = _shipped(Path(path))
    for folder in data_dirs:
        user = Path(folder) / SCHEMA_FILE
        if user.is_file():
            _user(schema, user)
    return Schema(**schema)


def load_schema(data_dirs: Iterable[str | Path] = (), path: str | Path | None = None) -> Schema:
    """The shipped schema with the additions of each data folder's
    ``schema.json`` (later folders over earlier ones).

    Parameters
    ----------
    data_dirs : folders of user data, in order; those without a schema.json add nothing
    path : the base schema file (default: the shipped ``kg/data/schema.json``)

    Returns
    -------
    Schema

    Examples
    --------
    >>> schema = load_schema()
    >>> schema.predicates["penalizes"].attributes
    ('date', 'amount', 'action')
    >>> sorted(schema.symmetric)
    ['competes_with', 'partners_with']
    >>> schema.predicate_color("penalizes"), schema.type_style("Platform")
    ('#8b1a4a', ('#3b76c4', 'dot', '●'))
    """
    data_dirs = tuple(str(d) for d in data_dirs)
    # the folders' contents are part of the key: a file edited between two builds is read again
    return _load(str(path or data_path(SCHEMA_FILE)), data_dirs, snapshot(data_dirs))


SCHEMA = load_schema()
