"""Node and edge tables as CSV, for spreadsheets and Gephi's spreadsheet import.

* UTF-8 with a BOM (``utf-8-sig``) so Excel and friends show the Chinese;
  ``\\r\\n`` line ends, every cell that needs it quoted (the csv module).
* ``nodes.csv``: id, label, type, en, aliases, mentions, docs, degree (then any
  attribute the graph adds). ``edges.csv``: id, source, target, source_label,
  target_label, kind, then the flattened edge columns of ``kg.export.flatten``
  (predicate, label, status, first_date, last_date, sources, confidence,
  amount_value, amount_unit, rate, scope, action, what, evidence_count,
  evidence_docs, evidence_first, evidence). ``id``/``source``/``target``/
  ``label``/``kind`` are the column names Gephi's spreadsheet importer
  recognizes (``ImportEdgesProcess.java``): ``kind`` = the predicate keeps
  parallel edges with different predicates apart there.
* Formula injection: a *text* cell that begins with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return gets a leading ``'`` so a spreadsheet shows it as
  text. Numeric columns (mentions, degree, sources, confidence, amount_value,
  evidence_count) are never prefixed: they hold only numbers that kg produced
  (``flatten.number``), so a negative amount stays a number. The decision is
  by column, not by content: a label "-2" is text and becomes "'-2".
* Characters XML 1.0 forbids (NUL and other C0 controls) are dropped here
  too, so all exports carry the same strings.
"""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from kg.export import flatten

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: str) -> str:
    """``value`` made safe to open in a spreadsheet (see the module doc)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cell(value, kind: str) -> str | int | float:
    if value is None:
        return ""
    if kind != "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else value
    return neutralize(flatten.xml_safe(str(value)))


def _write(path: str | Path, columns: list[tuple[str, str]], rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow([neutralize(flatten.xml_safe(name)) for name, _ in columns])
        for row in rows:
            writer.writerow([_cell(row.get(name), kind) for name, kind in columns])


def write_csv(graph: nx.MultiDiGraph, nodes_path: str | Path, edges_path: str | Path) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` for ``graph``."""
    node_columns = flatten.node_columns(graph)
    node_rows = ({"id": v, **flatten.node_row(graph, v, node_columns)} for v in flatten.nodes(graph))
    _write(nodes_path, [("id", "string"), *node_columns], node_rows)

    edge_columns = flatten.edge_columns(graph)
    ids = flatten.edge_ids(graph)
    labels = {v: flatten.node_row(graph, v, [("label", "string")])["label"] for v in graph.nodes}

    def edge_rows():
        for u, v, k in flatten.edges(graph):
            yield {"id": ids[u, v, k], "source": u, "target": v, "source_label": labels[u],
                   "target_label": labels[v], "kind": k, **flatten.edge_row(graph, u, v, k, edge_columns)}

    head = [("id", "string"), ("source", "string"), ("target", "string"), ("source_label", "string"),
            ("target_label", "string"), ("kind", "string")]
    _write(edges_path, head + edge_columns, edge_rows())
