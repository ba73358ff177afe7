"""The graph: a networkx ``MultiDiGraph`` with one node per canonical entity
and one edge per (subject, predicate, object) merged across documents.

Node ids are deterministic: the gazetteer id where the entity has one, else
``x_`` and a short hash of the canonical name. Edge keys are predicates.

Node attributes: ``label`` (canonical name), ``type``, ``en``, ``aliases``
(list), ``mentions`` (count in the corpus), ``docs`` (list).
Edge attributes: ``predicate``, ``label``, ``evidence`` (list of dicts: doc,
sentence, start, end, date of the article), ``sources`` (number of
documents), ``first_date``/``last_date`` (from the triples' dates),
``status``, ``confidence`` (the highest), and the merged attributes
``amount``, ``rate``, ``scope``, ``action``, ``what`` where given.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Iterable

import networkx as nx

from kg.datafiles import read_jsonl

# When documents disagree, the status that says most about the fact wins.
STATUS_ORDER = ("effective", "announced", "forecast", "rumor", "negated")


def node_id(name: str, gazetteer_id: str | None = None) -> str:
    if gazetteer_id:
        return gazetteer_id
    return "x_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def build_graph(triples: Iterable[dict], entities: Iterable[dict],
                article_dates: dict[str, str | None] | None = None) -> nx.MultiDiGraph:
    """The graph of a build, from the records of triples.jsonl and
    entities.jsonl (and the articles' dates, for the evidence)."""
    article_dates = article_dates or {}
    graph = nx.MultiDiGraph()
    ids: dict[str, str] = {}
    for e in sorted(entities, key=lambda e: e["name"]):
        nid = node_id(e["name"], e.get("id"))
        ids[e["name"]] = nid
        graph.add_node(nid, label=e["name"], type=e["type"], en=e.get("en"), aliases=list(e.get("aliases", [])),
                       mentions=int(e.get("mentions", 0)), docs=list(e.get("docs", [])))
    merged: dict[tuple, list[dict]] = {}
    for t in triples:
        for side in ("subject", "object"):
            if t[side] not in ids:  # a triple whose entity is not listed still gets a node
                ids[t[side]] = node_id(t[side])
                graph.add_node(ids[t[side]], label=t[side], type=t[f"{side}_type"], en=None, aliases=[],
                               mentions=0, docs=[])
        merged.setdefault((ids[t["subject"]], ids[t["object"]], t["predicate"]), []).append(t)
    for (u, v, predicate), group in sorted(merged.items()):
        graph.add_edge(u, v, key=predicate, **edge_attributes(predicate, group, article_dates))
    return graph


def edge_attributes(predicate: str, group: list[dict], article_dates: dict) -> dict:
    group = sorted(group, key=lambda t: (t["evidence"]["doc"], t["evidence"]["start"]))
    dates = sorted(t["attrs"]["date"] for t in group if t["attrs"].get("date"))
    statuses = [t["attrs"]["status"] for t in group if t["attrs"].get("status")]
    attrs = {
        "predicate": predicate,
        "label": predicate,
        "evidence": [{**t["evidence"], "date": article_dates.get(t["evidence"]["doc"])} for t in group],
        "sources": len({t["evidence"]["doc"] for t in group}),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "status": min(statuses, key=STATUS_ORDER.index) if statuses else None,
        "confidence": max(t["confidence"] for t in group),
    }
    for name in ("amount", "rate", "scope", "action", "what"):
        values = [t["attrs"][name] for t in group if name in t["attrs"]]
        if values:
            attrs[name] = values[0]
    return attrs


def load_graph(out_dir: str | Path) -> nx.MultiDiGraph:
    """The graph of a previous build, from its output folder."""
    out_dir = Path(out_dir)
    articles = out_dir / "articles.jsonl"
    dates = {a["id"]: a.get("date") for _, a in read_jsonl(articles)} if articles.exists() else {}
    return build_graph([t for _, t in read_jsonl(out_dir / "triples.jsonl")],
                       [e for _, e in read_jsonl(out_dir / "entities.jsonl")], dates)


def counts(graph: nx.MultiDiGraph) -> tuple[Counter, Counter]:
    """Nodes by type and edges by predicate."""
    return (Counter(d["type"] for _, d in graph.nodes(data=True)),
            Counter(k for _, _, k in graph.edges(keys=True)))


def most_connected(graph: nx.MultiDiGraph, n: int = 10) -> list[tuple[str, int]]:
    """(label, degree) of the ``n`` nodes with most edges; ties by label."""
    ranked = sorted(graph.nodes, key=lambda v: (-graph.degree(v), graph.nodes[v]["label"]))
    return [(graph.nodes[v]["label"], graph.degree(v)) for v in ranked[:n]]


def find_node(graph: nx.MultiDiGraph, name: str) -> str | None:
    """The node named ``name`` (canonical name, alias or English name)."""
    wanted = name.strip().lower()
    for v, d in graph.nodes(data=True):
        names = [d["label"], *(d.get("aliases") or []), d.get("en") or ""]
        if wanted in (n.lower() for n in names if n):
            return v
    return None
