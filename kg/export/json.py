"""Node-link JSON (networkx ``node_link_data``, d3-style) of the whole graph.

The graph as it is, nothing flattened: node attributes, edge attributes with
their ``evidence`` lists and ``amount`` dicts, and each edge's ``key`` (its
predicate), under ``"nodes"`` and ``"edges"`` (networkx 3.4+ naming;
``nx.node_link_graph(data, edges="edges")`` reads it back). UTF-8 with
``ensure_ascii=False`` so the Chinese stays readable; deterministic bytes:
nodes sorted by id, edges by (source, target, key), object keys sorted; dates
and any other non-JSON value written as strings, sets as sorted lists. Control
characters are escaped by JSON itself; a lone surrogate becomes ``?``.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import networkx as nx


def _default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def node_link(graph: nx.MultiDiGraph) -> dict:
    """``node_link_data`` of ``graph`` in a deterministic order."""
    try:
        data = nx.node_link_data(graph, edges="edges")
    except TypeError:  # networkx < 3.4 names the argument ``link``
        data = nx.node_link_data(graph, link="edges")
    # the vocabulary (kg.schema) is not part of the graph's data: a build
    # that adds to it writes its schema.json beside the graph
    # nor are the articles' titles and sites (articles.jsonl beside it holds them)
    data["graph"] = {k: v for k, v in data["graph"].items() if k not in ("schema", "articles")}
    data["nodes"] = sorted(data["nodes"], key=lambda n: str(n["id"]))
    data["edges"] = sorted(data["edges"], key=lambda e: (str(e["source"]), str(e["target"]), str(e.get("key"))))
    return data


def json_bytes(graph: nx.MultiDiGraph) -> bytes:
    text = json.dumps(node_link(graph), ensure_ascii=False, sort_keys=True, indent=1, default=_default)
    return (text + "\n").encode("utf-8", errors="replace")


def write_json(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``graph`` as node-link JSON (UTF-8) to ``path``."""
    Path(path).write_bytes(json_bytes(graph))
