"""Flat, typed rows of the graph for the file exporters (GraphML, GEXF, CSV).

Every node and edge becomes a dict of scalars (str, int or float) in a fixed
column order, each column with one declared type across the whole graph, so
the XML formats never declare a key twice and the CSV columns never change
their meaning:

* lists are joined with ``SEP``; ``None`` and empty strings are left out;
* the columns of edge attributes come from the graph's schema (``kg.schema``):
  a money attribute (``amount``) becomes ``amount_value`` (number) and
  ``amount_unit``;
* ``evidence`` becomes ``evidence_count``, ``evidence_docs``, ``evidence_first``
  (the first sentence) and ``evidence`` (every sentence, "[doc] sentence");
* a numeric column only ever holds a real number: a value that is not one
  (text in ``confidence``, NaN, a bool) is left out rather than typed as text;
* attributes this module does not know become string columns, sorted by name.

Order is deterministic: nodes by id, edges by (source, target, predicate), and
each edge gets a stable unique id ``source|predicate|target``.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any, Iterable

import networkx as nx

from kg.schema import SCHEMA, Schema, rgb, schema_of

SEP = " | "

# Characters XML 1.0 forbids (C0 controls but tab, newline, carriage return;
# lone surrogates; U+FFFE, U+FFFF). lxml refuses them; we drop them.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

NODE_COLUMNS = (("label", "string"), ("type", "string"), ("en", "string"), ("aliases", "string"),
                ("mentions", "int"), ("docs", "string"), ("degree", "int"))
_NODE_KNOWN = {"label", "type", "en", "aliases", "mentions", "docs", "degree"}
EVIDENCE_COLUMNS = (("evidence_count", "int"), ("evidence_docs", "string"), ("evidence_first", "string"),
                    ("evidence", "string"))


def edge_base_columns(schema: Schema = SCHEMA) -> tuple[tuple[str, str], ...]:
    """The edge columns of a graph of ``schema``: the edge's own, then one per
    attribute the schema declares (a money attribute as ``<name>_value`` and
    ``<name>_unit``), then the evidence.

    Examples
    --------
    >>> [name for name, _ in edge_base_columns()][7:13]
    ['amount_value', 'amount_unit', 'rate', 'scope', 'action', 'what']
    """
    columns = [("predicate", "string"), ("label", "string"), ("status", "string"),
               ("first_date", "string"), ("last_date", "string"), ("sources", "int"), ("confidence", "double")]
    for name in schema.merged_attributes:
        if schema.attributes[name] == "money":
            columns += [(f"{name}_value", "double"), (f"{name}_unit", "string")]
        else:
            columns.append((name, "string"))
    return tuple(columns) + EVIDENCE_COLUMNS


EDGE_COLUMNS = edge_base_columns()


def _money(schema: Schema) -> tuple[str, ...]:
    return tuple(name for name, kind in schema.attributes.items() if kind == "money")


def node_color(graph: nx.MultiDiGraph, entity_type: str) -> tuple[int, int, int]:
    """(r, g, b) of an entity type, from the graph's schema (as on the page)."""
    return rgb(schema_of(graph).type_style(entity_type)[0])


def edge_color(graph: nx.MultiDiGraph, predicate: str) -> tuple[int, int, int]:
    """(r, g, b) of a predicate, from the graph's schema (as on the page)."""
    return rgb(schema_of(graph).predicate_color(predicate))


def xml_safe(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry."""
    return _ILLEGAL_XML.sub("", value)


def text(value: Any) -> str | None:
    """A scalar as text: lists joined, dicts as JSON, None or "" -> None."""
    if value is None:
        return None
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        parts = [t for t in (text(v) for v in value) if t is not None]
        value = SEP.join(parts)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    value = str(value)
    return value if value != "" else None


def number(value: Any, kind: str) -> int | float | None:
    """``value`` as an int or a finite float, else None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = int(value) if kind == "int" else float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if isinstance(result, float) and not math.isfinite(result):
        return None
    return result


def _typed(row: dict[str, Any], columns: Iterable[tuple[str, str]]) -> dict[str, Any]:
    out = {}
    for name, kind in columns:
        if name in row:
            value = text(row[name]) if kind == "string" else number(row[name], kind)
            if value is not None:
                out[name] = value
    return out


def nodes(graph: nx.MultiDiGraph) -> list:
    return sorted(graph.nodes, key=str)


def edges(graph: nx.MultiDiGraph) -> list[tuple]:
    return sorted(graph.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def edge_ids(graph: nx.MultiDiGraph) -> dict[tuple, str]:
    """A unique, deterministic id per edge: ``source|predicate|target``."""
    ids, used = {}, set()
    for u, v, k in edges(graph):
        base = candidate = f"{u}|{k}|{v}"
        n = 1
        while candidate in used:
            n += 1
            candidate = f"{base}#{n}"
        used.add(candidate)
        ids[u, v, k] = candidate
    return ids


def node_columns(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    extra = {k for _, d in graph.nodes(data=True) for k in d} - _NODE_KNOWN
    return list(NODE_COLUMNS) + [(k, "string") for k in sorted(extra, key=str)]


def edge_columns(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    schema = schema_of(graph)
    columns = edge_base_columns(schema)
    known = {name for name, _ in columns} | set(_money(schema))
    extra = {k for _, _, d in graph.edges(data=True) for k in d} - known
    return list(columns) + [(k, "string") for k in sorted(extra, key=str)]


def node_row(graph: nx.MultiDiGraph, v, columns: list[tuple[str, str]]) -> dict[str, Any]:
    data = graph.nodes[v]
    row = {**data, "degree": graph.degree(v)}
    row["label"] = text(data.get("label")) or str(v)
    return _typed(row, columns)


def edge_row(graph: nx.MultiDiGraph, u, v, k, columns: list[tuple[str, str]]) -> dict[str, Any]:
    data = graph.edges[u, v, k]
    money = _money(schema_of(graph))
    row = {name: value for name, value in data.items() if name not in money and name != "evidence"}
    row.setdefault("predicate", k)
    row["label"] = text(data.get("label")) or str(k)
    for name in money:
        amount = data.get(name)
        if isinstance(amount, dict):
            row[f"{name}_value"], row[f"{name}_unit"] = amount.get("value"), amount.get("unit")
        elif amount is not None:
            row[f"{name}_value"] = amount
    evidence = [e for e in data.get("evidence") or [] if isinstance(e, dict)]
    if evidence:
        docs = [str(e["doc"]) for e in evidence if e.get("doc")]
        row["evidence_count"] = len(evidence)
        row["evidence_docs"] = sorted(set(docs))
        row["evidence_first"] = evidence[0].get("sentence")
        row["evidence"] = [f"[{e.get('doc', '')}] {e.get('sentence', '')}" for e in evidence]
    return _typed(row, columns)
