"""Flat, typed rows of the graph for the file exporters (GraphML, GEXF, CSV).

Every node and edge becomes a dict of scalars (str, int or float) in a fixed
column order, each column with one declared type across the whole graph, so
the XML formats never declare a key twice and the CSV columns never change
their meaning:

* lists are joined with ``SEP``; ``None`` and empty strings are left out;
* ``amount`` becomes ``amount_value`` (number) and ``amount_unit``;
* ``evidence`` becomes ``evidence_count``, ``evidence_docs``, ``evidence_first``
  (the first sentence) and ``evidence`` (every sentence, "[doc] sentence");
* a numeric column only ever holds a real number: a value that is not one
  (text in ``confidence``, NaN, a bool) is left out rather than typed as text;
* attributes this module does not know become string columns, sorted by name.

Order is deterministic: nodes by id, edges by (source, target, predicate), and
each edge gets a stable unique id ``source|predicate|target``.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any, Iterable

import networkx as nx

SEP = " | "

# Characters XML 1.0 forbids (C0 controls but tab, newline, carriage return;
# lone surrogates; U+FFFE, U+FFFF). lxml refuses them; we drop them.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

NODE_COLUMNS = (("label", "string"), ("type", "string"), ("en", "string"), ("aliases", "string"),
                ("mentions", "int"), ("docs", "string"), ("degree", "int"))
EDGE_COLUMNS = (("predicate", "string"), ("label", "string"), ("status", "string"),
                ("first_date", "string"), ("last_date", "string"), ("sources", "int"),
                ("confidence", "double"), ("amount_value", "double"), ("amount_unit", "string"),
                ("rate", "string"), ("scope", "string"), ("action", "string"), ("what", "string"),
                ("evidence_count", "int"), ("evidence_docs", "string"), ("evidence_first", "string"),
                ("evidence", "string"))
_NODE_KNOWN = {"label", "type", "en", "aliases", "mentions", "docs", "degree"}
_EDGE_KNOWN = {name for name, _ in EDGE_COLUMNS} | {"amount"}

# Colours (r, g, b) for Gephi: node by entity type, edge by predicate (SCHEMA.md).
TYPE_COLORS = {"Platform": (31, 119, 180), "Program": (255, 127, 14), "Company": (44, 160, 44),
               "Person": (214, 39, 40), "Authority": (148, 103, 189), "Group": (140, 86, 75)}
PREDICATE_COLORS = {"blocks_link": (214, 39, 40), "charges_fee": (255, 127, 14), "penalizes": (148, 103, 189),
                    "advertises_on": (188, 189, 34), "drives_traffic_to": (23, 190, 207),
                    "partners_with": (44, 160, 44), "owns": (31, 119, 180), "launches": (227, 119, 194),
                    "competes_with": (140, 86, 75), "works_with": (127, 127, 127)}


def color(name: str, palette: dict[str, tuple[int, int, int]]) -> tuple[int, int, int]:
    """The palette's colour, or a stable one derived from the name."""
    if name in palette:
        return palette[name]
    digest = hashlib.sha1(name.encode("utf-8", "replace")).digest()
    return (60 + digest[0] % 160, 60 + digest[1] % 160, 60 + digest[2] % 160)


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
    extra = {k for _, _, d in graph.edges(data=True) for k in d} - _EDGE_KNOWN
    return list(EDGE_COLUMNS) + [(k, "string") for k in sorted(extra, key=str)]


def node_row(graph: nx.MultiDiGraph, v, columns: list[tuple[str, str]]) -> dict[str, Any]:
    data = graph.nodes[v]
    row = {**data, "degree": graph.degree(v)}
    row["label"] = text(data.get("label")) or str(v)
    return _typed(row, columns)


def edge_row(graph: nx.MultiDiGraph, u, v, k, columns: list[tuple[str, str]]) -> dict[str, Any]:
    data = graph.edges[u, v, k]
    row = {name: value for name, value in data.items() if name not in ("amount", "evidence")}
    row.setdefault("predicate", k)
    row["label"] = text(data.get("label")) or str(k)
    amount = data.get("amount")
    if isinstance(amount, dict):
        row["amount_value"], row["amount_unit"] = amount.get("value"), amount.get("unit")
    elif amount is not None:
        row["amount_value"] = amount
    evidence = [e for e in data.get("evidence") or [] if isinstance(e, dict)]
    if evidence:
        docs = [str(e["doc"]) for e in evidence if e.get("doc")]
        row["evidence_count"] = len(evidence)
        row["evidence_docs"] = sorted(set(docs))
        row["evidence_first"] = evidence[0].get("sentence")
        row["evidence"] = [f"[{e.get('doc', '')}] {e.get('sentence', '')}" for e in evidence]
    return _typed(row, columns)
