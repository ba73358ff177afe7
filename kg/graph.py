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
``amount``, ``rate``, ``scope``, ``action``, ``what`` where given (the
schema's attributes: ``kg.schema``). ``graph.graph["schema"]`` is the
vocabulary of the build.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Iterable

import networkx as nx

from kg.datafiles import read_jsonl
from kg.normalize import normalize_text
from kg.schema import SCHEMA, SCHEMA_FILE, Schema, load_schema

# Two tiny builds for the examples below.
_EXAMPLE_ENTITIES = [{"name": "抖音", "type": "Platform", "id": "douyin", "aliases": ["抖音电商"]},
                     {"name": "淘宝", "type": "Platform", "id": "taobao"}]
_EXAMPLE_TRIPLES = [
    {"subject": "抖音", "subject_type": "Platform", "predicate": "blocks_link", "object": "淘宝",
     "object_type": "Platform", "attrs": {"date": "2021-01", "status": "effective"}, "confidence": 0.8,
     "evidence": {"doc": "a.txt", "sentence": "抖音切断淘宝外链。", "start": 0, "end": 9}},
    {"subject": "抖音", "subject_type": "Platform", "predicate": "blocks_link", "object": "淘宝",
     "object_type": "Platform", "attrs": {"date": "2020-10", "status": "rumor"}, "confidence": 0.7,
     "evidence": {"doc": "b.txt", "sentence": "据传抖音屏蔽淘宝。", "start": 0, "end": 9}}]


def node_id(name: str, gazetteer_id: str | None = None) -> str:
    """The id of an entity's node: its gazetteer id, else ``x_`` and a short
    hash of its canonical name.

    Examples
    --------
    >>> node_id("抖音", "douyin")
    'douyin'
    >>> node_id("某公司")
    'x_46f0a30c2e'
    """
    if gazetteer_id:
        return gazetteer_id
    return "x_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def build_graph(triples: Iterable[dict], entities: Iterable[dict],
                article_dates: dict[str, str | None] | None = None, schema: Schema | None = None,
                stories: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """The graph of a build.

    Parameters
    ----------
    triples, entities : the records of triples.jsonl and entities.jsonl
    article_dates : article id -> its date, given to each piece of evidence
    schema : the vocabulary of the build (default: the shipped one); kept as
        ``graph.graph["schema"]`` so that exporters colour and name the
        predicates of a user's data without the data folder
    stories : duplicate article id -> the first article of its story
        (``kg.duplicates``): an edge's ``sources`` counts stories

    Returns
    -------
    networkx.MultiDiGraph
        One node per entity, one edge per (subject, predicate, object), keyed
        by the predicate.

    Examples
    --------
    >>> graph = build_graph(_EXAMPLE_TRIPLES, _EXAMPLE_ENTITIES, {"a.txt": "2021-02-01"})
    >>> list(graph.edges(keys=True))
    [('douyin', 'taobao', 'blocks_link')]
    >>> edge = graph.edges["douyin", "taobao", "blocks_link"]
    >>> edge["sources"], edge["first_date"], edge["last_date"], edge["status"]
    (2, '2020-10', '2021-01', 'effective')
    >>> graph.graph["schema"] is SCHEMA
    True
    >>> build_graph(_EXAMPLE_TRIPLES, _EXAMPLE_ENTITIES, stories={"b.txt": "a.txt"}).edges[
    ...     "douyin", "taobao", "blocks_link"]["sources"]
    1
    """
    schema = schema or SCHEMA
    article_dates = article_dates or {}
    graph = nx.MultiDiGraph(schema=schema)
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
        graph.add_edge(u, v, key=predicate, **edge_attributes(predicate, group, article_dates, schema, stories))
    return graph


def edge_attributes(predicate: str, group: list[dict], article_dates: dict, schema: Schema = SCHEMA,
                    stories: dict[str, str] | None = None) -> dict:
    """The attributes of the edge that merges ``group`` (triple records of
    one subject, predicate and object): evidence in document order, the
    first and last date, the status first in the schema's order of
    precedence, the highest confidence, the number of stories that state it
    (``sources``: reposts of one story, ``stories``, count once), and the
    first value of each other attribute the schema declares.

    Examples
    --------
    >>> attrs = edge_attributes("blocks_link", _EXAMPLE_TRIPLES, {})
    >>> [e["doc"] for e in attrs["evidence"]], attrs["status"], attrs["confidence"]
    (['a.txt', 'b.txt'], 'effective', 0.8)
    """
    group = sorted(group, key=lambda t: (t["evidence"]["doc"], t["evidence"]["start"]))
    dates = sorted(t["attrs"]["date"] for t in group if t["attrs"].get("date"))
    statuses = [t["attrs"]["status"] for t in group if t["attrs"].get("status")]
    order = {status: n for n, status in enumerate(schema.statuses)}
    attrs = {
        "predicate": predicate,
        "label": predicate,
        "evidence": [{**t["evidence"], "date": article_dates.get(t["evidence"]["doc"])} for t in group],
        "sources": len({(stories or {}).get(t["evidence"]["doc"], t["evidence"]["doc"]) for t in group}),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "status": min(statuses, key=lambda s: order.get(s, len(order))) if statuses else None,
        "confidence": max(t["confidence"] for t in group),
    }
    for name in schema.merged_attributes:
        values = [t["attrs"][name] for t in group if name in t["attrs"]]
        if values:
            attrs[name] = values[0]
    return attrs


def load_graph(out_dir: str | Path) -> nx.MultiDiGraph:
    """The graph of a previous build, from its output folder (with the
    vocabulary of the build's ``schema.json`` when it wrote one); ``graph.graph["articles"]`` holds
    what the page shows of each article (``source_record``).

    Examples
    --------
    >>> import json, tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> for name, records in (("triples.jsonl", _EXAMPLE_TRIPLES), ("entities.jsonl", _EXAMPLE_ENTITIES)):
    ...     _ = (out / name).write_text("".join(json.dumps(r) + "\\n" for r in records), encoding="utf-8")
    >>> load_graph(out).number_of_edges()
    1
    """
    out_dir = Path(out_dir)
    articles = out_dir / "articles.jsonl"
    records = [a for _, a in read_jsonl(articles)] if articles.exists() else []
    dates = {a["id"]: a.get("date") for a in records}
    stories = {a["id"]: a["duplicate_of"] for a in records if a.get("duplicate_of")}
    schema = load_schema([out_dir]) if (out_dir / SCHEMA_FILE).is_file() else SCHEMA
    graph = build_graph([t for _, t in read_jsonl(out_dir / "triples.jsonl")],
                        [e for _, e in read_jsonl(out_dir / "entities.jsonl")], dates, schema, stories)
    graph.graph["articles"] = {a["id"]: source_record(a) for a in records}
    return graph


def source_record(article: dict) -> dict:
    """What the page shows of an article (a record of articles.jsonl): its
    title, site (the source it names, else the URL's host), URL, date and
    the first article of its story when it is a repost (``duplicate_of``).

    Examples
    --------
    >>> source_record({"id": "a", "title": "T", "url": "https://www.example.com/x", "date": "2024"})
    {'title': 'T', 'site': 'www.example.com', 'url': 'https://www.example.com/x', 'date': '2024', 'duplicate_of': None}
    """
    from urllib.parse import urlsplit

    url = article.get("url") or None
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        host = None
    return {"title": article.get("title") or None, "site": article.get("source") or host or None, "url": url,
            "date": article.get("date") or None, "duplicate_of": article.get("duplicate_of") or None}


def counts(graph: nx.MultiDiGraph) -> tuple[Counter, Counter]:
    """Nodes by type and edges by predicate.

    Examples
    --------
    >>> by_type, by_predicate = counts(build_graph(_EXAMPLE_TRIPLES, _EXAMPLE_ENTITIES))
    >>> dict(by_type), dict(by_predicate)
    ({'Platform': 2}, {'blocks_link': 1})
    """
    return (Counter(d["type"] for _, d in graph.nodes(data=True)),
            Counter(k for _, _, k in graph.edges(keys=True)))


def most_connected(graph: nx.MultiDiGraph, n: int = 10) -> list[tuple[str, int]]:
    """(label, degree) of the ``n`` nodes with most edges; ties by label.

    Examples
    --------
    >>> most_connected(build_graph(_EXAMPLE_TRIPLES, _EXAMPLE_ENTITIES), 1)
    [('抖音', 1)]
    """
    ranked = sorted(graph.nodes, key=lambda v: (-graph.degree(v), graph.nodes[v]["label"]))
    return [(graph.nodes[v]["label"], graph.degree(v)) for v in ranked[:n]]


def find_node(graph: nx.MultiDiGraph, name: str) -> str | None:
    """The node named ``name`` (canonical name, alias or English name, in
    any case and either script), or None.

    Examples
    --------
    >>> graph = build_graph(_EXAMPLE_TRIPLES, _EXAMPLE_ENTITIES)
    >>> find_node(graph, "抖音电商"), find_node(graph, "抖音電商"), find_node(graph, "微博")
    ('douyin', 'douyin', None)
    """
    wanted = {name.strip().lower(), normalize_text(name.strip()).lower()}  # either script
    for v, d in graph.nodes(data=True):
        names = [d["label"], *(d.get("aliases") or []), d.get("en") or ""]
        if wanted.intersection(n.lower() for n in names if n):
            return v
    return None
