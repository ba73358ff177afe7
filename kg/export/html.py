"""The interactive HTML export: one self-contained page that works offline,
from any folder.

How pyvis is used: only for the vis-network build it ships
(``pyvis/templates/lib/vis-9.1.2/vis-network.min.js`` and ``.css``), which is
inlined into the page. The page itself is our own template
(``kg/export/templates/graph.html``, ``graph.js``, ``graph.css``) and the
node/edge data JSON is generated here: pyvis's ``Network.from_nx`` is slow
(22 s for 10k nodes), ``add_edge`` is quadratic, its template loads Bootstrap
from a CDN and ``Network.write_html`` leaves a ``lib/`` folder behind.

The page: nodes coloured and shaped by entity type and sized by degree; edges
coloured and labelled by predicate (colours, shapes, names and the attributes
shown all come from the graph's schema, ``kg.schema``, as in the GEXF),
dashed when rumoured or forecast, dotted when negated, without arrowheads
when symmetric; labels in Chinese or English (a toggle the page remembers).
Hover for evidence; click an entity to focus it (the rest dimmed) and list
its relations by predicate with their evidence and articles (title, site,
date, link; reposts of one story as one source); the shortest paths
between two entities and a search of the evidence sentences, each lit on
the canvas and listed with its evidence; the page's own words in both
languages (``strings.js``); filters by type and predicate, a search box and
a from-to year range over each relation's first and last dates, with a
play control (they set the ``hidden`` flags of vis's items, where they
change). Physics settles the layout, then is switched off, and every entity
keeps its position while filters hide and show it. Graphs of
``LAID_OUT_NODES`` nodes or more come laid out from here (Pivot MDS) and are
drawn without physics; their labels appear from a zoom level on, hubs
first, and their leaves are folded into their neighbour (``kg bench --page
N`` times such a page in Chromium). Graphs above ``max_nodes`` (``kg
build/export --max-nodes``) keep their most connected nodes and the page
says what was left out. The view (filters, time range, focus, language)
lives in the URL fragment, so a link reopens it; a button saves it as a
PNG.

Safety: article text is untrusted. The data is embedded as JSON in a
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped; the page's script inserts it with ``textContent`` only; a
Content-Security-Policy allows just the page's own two scripts (by hash) and
no network access at all.

Output is deterministic: nodes and edges sorted, JSON keys sorted, the vis
layout seeded.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.schema import SCHEMA, Schema, schema_of

DEFAULT_MAX_NODES = 1500
BIG_NODES = 300  # above this (or BIG_EDGES): straight edges, barnesHut, fewer iterations
BIG_EDGES = 1000
# from this many nodes (or LAID_OUT_EDGES edges) the layout is computed here and drawn as it is, without
# physics: vis's barnesHut takes about 0.5 s an iteration at 10,000 nodes, and those graphs get few labels
LAID_OUT_NODES = 2000
LAID_OUT_EDGES = 6000
LABELS_AT_FIT = 40  # laid out: about this many labels show at the whole graph's fit (hubs), 4x at twice the zoom
FIT_AREA = (1170, 860)  # px: the graph's area in a 1440x900 window, where the fit is estimated
LABEL_DRAW_THRESHOLD = 8  # vis draws a label once it is drawThreshold - 1 px on screen
VIS_VERSION = "vis-9.1.2"
APP_SCRIPTS = ("strings.js", "graph.js", "focus.js", "fold.js", "lod.js", "panel.js", "timerange.js", "png.js",
               "paths.js", "evidence.js", "viewstate.js")  # viewstate.js last: it restores what the others set up
SPRING_LENGTH = 130  # small graphs

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans", Arial, sans-serif')

# status -> vis ``dashes``: False (solid) or a dash pattern
STATUS_DASHES = {"rumor": [8, 5], "forecast": [8, 5], "negated": [2, 5]}



def edge_fields(schema: Schema = SCHEMA) -> tuple[str, ...]:
    """The edge attributes the page shows, the schema's among them.

    Examples
    --------
    >>> edge_fields()
    ('status', 'first_date', 'last_date', 'amount', 'rate', 'scope', 'action', 'what', 'sources', 'confidence')
    """
    return ("status", "first_date", "last_date", *schema.merged_attributes, "sources", "confidence")


_TEMPLATES = resources.files("kg.export") / "templates"
_SLOT = re.compile(r"/\*KG:(\w+)\*/")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def write_html(graph: nx.MultiDiGraph, path: str | Path, *, max_nodes: int | None = DEFAULT_MAX_NODES,
               title: str = "kg \u00b7 China's platform economy") -> None:
    """Write ``graph`` as one self-contained interactive page (UTF-8).

    Graphs with more than ``max_nodes`` nodes keep the ``max_nodes`` most
    connected ones and the edges among them (None: keep everything)."""
    data = page_data(graph, max_nodes)
    data["title"] = title
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(render(data, title))


def page_data(graph: nx.MultiDiGraph, max_nodes: int | None = DEFAULT_MAX_NODES) -> dict:
    """Everything the page's script needs, JSON-ready and deterministic.

    Parameters
    ----------
    graph : the graph of a build
    max_nodes : keep the most connected nodes (None: all)

    Returns
    -------
    dict
        ``nodes`` (with ``x``, ``y`` when big and ``font`` for the hubs of a
        laid-out graph), ``edges``, the legend's ``types`` and
        ``predicates``, ``articles``, ``note``, vis ``options`` (physics off
        when laid out) and the rest the page reads.
    """
    if max_nodes is not None and max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {max_nodes}")
    schema = schema_of(graph)
    degree = dict(graph.degree())
    ids = sorted(keep_nodes(graph, degree, max_nodes), key=str)
    kept = set(ids)
    nodes = [node_record(v, graph.nodes[v], degree[v]) for v in ids]
    edge_keys = sorted(((u, v, k) for u, v, k in graph.edges(keys=True) if u in kept and v in kept),
                       key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    big = len(nodes) > BIG_NODES or len(edge_keys) > BIG_EDGES
    laid_out = len(nodes) >= LAID_OUT_NODES or len(edge_keys) >= LAID_OUT_EDGES
    if big:  # start vis from a layout that scales, so that few physics iterations suffice
        for node, (x, y) in zip(nodes, pivot_mds(graph, ids)):
            node["x"], node["y"] = x, y
    if laid_out:
        label_sizes(nodes)
    bundles = {} if big else parallel_edges(edge_keys)
    fields = edge_fields(schema)
    edges = [edge_record(i, u, v, k, graph.edges[u, v, k], *bundles.get((u, v, k), (None, None)), fields=fields)
             for i, (u, v, k) in enumerate(edge_keys)]
    types = sorted({n["type"] for n in nodes}, key=known_first(schema.entity_types))
    predicates = sorted({e["predicate"] for e in edges}, key=known_first(schema.predicates))
    return {
        "nodes": nodes,
        "edges": edges,
        "types": [type_style(t, sum(n["type"] == t for n in nodes), schema) for t in types],
        "predicates": [predicate_style(p, sum(e["predicate"] == p for e in edges), schema) for p in predicates],
        "attributes": [{"name": name, "kind": schema.attributes[name]} for name in schema.merged_attributes],
        "dashes": STATUS_DASHES,
        "years": sorted({y for e in edges if e["years"] for y in e["years"]}),
        "articles": cited_articles(graph, edges),
        "note": limit_note(graph, len(nodes), len(edges)),
        "font": FONT_STACK,
        "options": vis_options(big, len(nodes) + len(edge_keys) // 2, laid_out=laid_out),
    }


def cited_articles(graph: nx.MultiDiGraph, edges: list[dict]) -> dict:
    """What the page shows of each article the kept edges cite, and of the
    first article of its story (``graph.graph["articles"]``, from
    articles.jsonl): title, site, URL, date, ``duplicate_of``. A URL is kept
    only when it is http(s): the page makes links of these alone."""
    known = graph.graph.get("articles") or {}
    docs = {ev["doc"] for e in edges for ev in e["evidence"] if ev.get("doc") in known}
    docs |= {known[d]["duplicate_of"] for d in docs if known[d].get("duplicate_of") in known}
    out = {}
    for doc in sorted(docs, key=str):
        record = {k: v for k, v in known[doc].items() if v is not None}
        if not re.match(r"https?://", str(record.get("url", "")), re.I):
            record.pop("url", None)
        out[str(doc)] = record
    return out


def known_first(known: dict):
    """Sort key: the names of ``known`` in its order, then any other name."""
    order = {name: i for i, name in enumerate(known)}
    return lambda name: (order.get(name, len(order)), name)


def keep_nodes(graph: nx.MultiDiGraph, degree: dict, max_nodes: int | None) -> set:
    if max_nodes is None or graph.number_of_nodes() <= max_nodes:
        return set(graph.nodes)
    ranked = sorted(graph.nodes, key=lambda v: (-degree[v], str(graph.nodes[v].get("label", v)), str(v)))
    return set(ranked[:max_nodes])


def limit_note(graph: nx.MultiDiGraph, shown_nodes: int, shown_edges: int) -> str | None:
    total_nodes, total_edges = graph.number_of_nodes(), graph.number_of_edges()
    if shown_nodes == total_nodes:
        return None
    return (f"Showing the {shown_nodes:,} most connected of {total_nodes:,} entities and the "
            f"{shown_edges:,} relations among them: {total_nodes - shown_nodes:,} entities and "
            f"{total_edges - shown_edges:,} relations left out (kg export --max-nodes 0 writes them all; "
            f"a larger N, more).")


def type_style(name: str, count: int, schema: Schema = SCHEMA) -> dict:
    """An entity type's legend entry: the schema's colour, shape, symbol and Chinese name."""
    color, shape, symbol = schema.type_style(name)
    spec = schema.entity_types.get(name)
    return {"name": name, "color": color, "shape": shape, "symbol": symbol, "count": count,
            "zh": spec.zh if spec else None}


def predicate_style(name: str, count: int, schema: Schema = SCHEMA) -> dict:
    """A predicate's legend entry: the schema's colour and names."""
    spec = schema.predicates.get(name)
    return {"name": name, "color": schema.predicate_color(name), "count": count,
            "zh": spec.zh if spec else None, "en": spec.en if spec else None,
            "symmetric": bool(spec and spec.symmetric)}


def node_record(v, d: dict, degree: int) -> dict:
    return {
        "id": str(v),
        "label": str(d.get("label") or v),
        "type": str(d.get("type") or "Other"),
        "en": d.get("en") or None,
        "aliases": [str(a) for a in d.get("aliases") or []],
        "docs": [str(doc) for doc in d.get("docs") or []],
        "mentions": d.get("mentions") or 0,
        "degree": degree,
    }


def edge_record(i: int, u, v, key, d: dict, roundness: float | None, length: int | None,
                fields: tuple[str, ...] = edge_fields()) -> dict:
    record = {
        "id": f"e{i}",
        "from": str(u),
        "to": str(v),
        "predicate": str(d.get("predicate") or key),
        "years": edge_years(d),
        "evidence": [{"doc": ev.get("doc"), "sentence": ev.get("sentence"), "date": ev.get("date")}
                     for ev in d.get("evidence") or []],
        "roundness": roundness,
        "length": length,
    }
    record.update({name: d[name] for name in fields if d.get(name) is not None})
    return record


def edge_years(d: dict) -> list[int] | None:
    """The years of an edge's first and last dates, for the page's time
    range (a relation is shown when these overlap the range); None when
    undated.

    Examples
    --------
    >>> edge_years({"first_date": "2014-03", "last_date": "2016"}), edge_years({"first_date": None})
    ([2014, 2016], None)
    """
    first, last = (str(d.get(name) or "")[:4] for name in ("first_date", "last_date"))
    if not first.isdigit():
        return None
    return [int(first), int(last) if last.isdigit() else int(first)]


def parallel_edges(edge_keys: list[tuple]) -> dict[tuple, tuple[float, int]]:
    """(roundness, spring length) of each edge, so that edges between the same
    two nodes do not overlap: each one its own curve (curvedCW bends the two
    directions to opposite sides), and longer springs for bigger bundles, which
    leaves room for their labels."""
    bundle = Counter(frozenset((u, v)) for u, v, _ in edge_keys)
    seen: Counter = Counter()
    out = {}
    for u, v, k in edge_keys:
        out[(u, v, k)] = (round(0.12 + 0.18 * seen[(u, v)], 2), SPRING_LENGTH + 35 * (bundle[frozenset((u, v))] - 1))
        seen[(u, v)] += 1
    return out


def pivot_mds(graph: nx.MultiDiGraph, ids: list, pivots: int = 40, spacing: float = 45.0) -> list[tuple]:
    """Positions of ``ids`` (in that order) from Pivot MDS (Brandes and Pich,
    2006): breadth-first distances from a few far-apart pivots, projected on
    their two principal axes. Linear in the graph's size (5k nodes and 20k
    edges: about a second), where ``nx.spring_layout`` takes minutes; vis then
    only refines it."""
    import numpy as np

    if len(ids) < 3:
        return [(0.0, 150.0 * i) for i in range(len(ids))]

    index = {v: i for i, v in enumerate(ids)}
    undirected = nx.Graph(graph.subgraph(ids).to_undirected(as_view=True))
    n, k = len(ids), min(pivots, len(ids))
    dist = np.zeros((n, k))
    nearest = np.full(n, np.inf)
    order = sorted(range(n), key=lambda i: -undirected.degree(ids[i]))
    pivot = order[0]
    for j in range(k):
        column = np.full(n, -1.0)
        for v, d in nx.single_source_shortest_path_length(undirected, ids[pivot]).items():
            column[index[v]] = d
        column[column < 0] = column.max() + 2  # other components: a bit further than anything
        dist[:, j] = column
        nearest = np.minimum(nearest, column)
        pivot = int(np.argmax(nearest))  # the next pivot: the node furthest from all pivots so far
    sq = dist ** 2
    centred = -0.5 * (sq - sq.mean(axis=0) - sq.mean(axis=1, keepdims=True) + sq.mean())
    _, vectors = np.linalg.eigh(centred.T @ centred)
    xy = centred @ vectors[:, ::-1][:, :2]
    xy *= np.sign(xy[order[0]] + 1e-9)  # eigenvector signs are arbitrary: fix them
    # small-world graphs have short distances: scale by area, ``spacing`` px a node
    radius = float(np.sqrt((xy ** 2).sum(axis=1).mean()))
    xy *= spacing * np.sqrt(n / np.pi) / max(radius, 1e-9)
    # nodes at the same place (leaves of one hub, small components) are spread on a small spiral
    angle = np.arange(n) * 2.39996
    xy += np.c_[np.cos(angle), np.sin(angle)] * (4 * np.sqrt(np.arange(n) % 64))[:, None]
    return [(round(float(x), 1), round(float(y), 1)) for x, y in xy]


def label_sizes(nodes: list[dict], base: int = 12) -> None:
    """Labels by zoom, hubs first: give the most connected of the laid-out
    ``nodes`` a font (``node["font"]``, px) above ``base``, so big that vis
    draws the label of the one ranked r from the zoom ``fit * sqrt(r /
    LABELS_AT_FIT)`` on (``fit``: the zoom at which the whole graph fills
    ``FIT_AREA``). About LABELS_AT_FIT labels show at the fit, four times as
    many at twice that zoom; the page caps their size on screen (lod.js).

    Examples
    --------
    >>> nodes = [{"id": str(i), "degree": 9 - i, "x": 100.0 * i, "y": 0.0} for i in range(10)]
    >>> label_sizes(nodes)  # 900 px wide: the fit is 1.3, where a 12 px label is 15.6 px on screen
    >>> [n.get("font") for n in nodes]
    [34, 24, 20, 17, 15, 14, 13, None, None, None]
    """
    if not nodes:
        return
    span = [max(1.0, max(n[k] for n in nodes) - min(n[k] for n in nodes)) for k in ("x", "y")]
    fit = min(FIT_AREA[0] / span[0], FIT_AREA[1] / span[1])
    for rank, node in enumerate(sorted(nodes, key=lambda n: (-n["degree"], n["id"])), 1):
        font = round((LABEL_DRAW_THRESHOLD - 1) / (fit * math.sqrt(rank / LABELS_AT_FIT)))
        if font > base:
            node["font"] = font


def vis_options(big: bool, size: int = 0, laid_out: bool = False) -> dict:
    """vis-network options: a quick, readable layout; physics is switched off
    by the page once stabilization is done.

    Parameters
    ----------
    big : straight edges, barnesHut from the Pivot MDS positions, few iterations
    size : nodes + edges / 2, which sets how many iterations
    laid_out : no physics at all: the page draws the Pivot MDS positions as
        they are, and labels appear from a zoom level on (graph.js sizes the
        nodes' labels by degree rank, so hubs are named first); edges get
        their labels only in a focus.
    """
    if laid_out:
        physics = {"stabilization": {"enabled": False}}
    elif big:
        physics = {"solver": "barnesHut", "barnesHut": {
            "gravitationalConstant": -6000, "centralGravity": 0.3, "springLength": 110,
            "springConstant": 0.04, "damping": 0.4, "avoidOverlap": 0.05},
            "stabilization": {"enabled": True, "iterations": max(25, min(150, 250_000 // max(size, 1))),
                              "updateInterval": 5, "fit": True},
            "minVelocity": 1.5, "timestep": 0.5}
    else:
        physics = {"solver": "forceAtlas2Based", "forceAtlas2Based": {
            "gravitationalConstant": -150, "centralGravity": 0.03, "springLength": SPRING_LENGTH,
            "springConstant": 0.05, "damping": 0.5, "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 500, "updateInterval": 25, "fit": True},
            "minVelocity": 0.75}
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": not big},
        "physics": {"enabled": not laid_out, **physics},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "multiselect": False},
        "nodes": {"borderWidth": 1.5, "font": {"face": FONT_STACK, "size": 12 if big else 15, "color": "#1d2430",
                                               "strokeWidth": 4, "strokeColor": "#ffffff"},
                  # a label is drawn when its size on screen reaches drawThreshold - 1 px (lod.js caps it)
                  "scaling": {"label": {"enabled": False, "drawThreshold": LABEL_DRAW_THRESHOLD if laid_out else 5}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "font": {"face": FONT_STACK, "size": 11, "align": "middle", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": 7 if laid_out else 5}},
                  "smooth": False if big else {"enabled": True, "type": "curvedCW", "roundness": 0.12},
                  "selectionWidth": 2, "hoverWidth": 1.5},
    }


def script_json(obj) -> str:
    """JSON that is safe inside a ``<script>`` element (and valid JSON)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
                      allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS, as shipped in the pyvis package."""
    lib = resources.files("pyvis") / "templates" / "lib" / VIS_VERSION
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if re.search(r"</script", js, re.I) or re.search(r"</style", css, re.I):
        raise RuntimeError("the vis-network assets cannot be inlined: they close their element")
    return js, css


def csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render(data: dict, title: str) -> str:
    vis_js, vis_css = vis_assets()
    # the page's scripts, in order, as one element (one CSP hash): strings.js
    # holds the page's words in both languages, graph.js draws and filters,
    # focus.js focuses and lists an entity's relations (and dims what a
    # focus, a path or an evidence search leaves out), fold.js folds a big
    # graph's leaves into their neighbours, lod.js leaves out what a big
    # graph's far zoom would not show, panel.js folds the panel on small
    # screens, timerange.js is the year range and its play control, png.js
    # saves the view as a PNG, paths.js finds how two entities are
    # connected, evidence.js searches the evidence sentences, viewstate.js
    # keeps the view in the URL fragment
    app_js = "\n".join((_TEMPLATES / name).read_text(encoding="utf-8") for name in APP_SCRIPTS)
    app_css = (_TEMPLATES / "graph.css").read_text(encoding="utf-8")
    if re.search(r"</script", app_js, re.I):
        raise RuntimeError("the page's scripts must not contain a closing script tag")
    csp = ("default-src 'none'; script-src " + csp_hash(vis_js) + " " + csp_hash(app_js)
           + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    slots = {
        "CSP": html.escape(csp), "TITLE": html.escape(title), "VIS_CSS": vis_css, "CSS": app_css,
        "VIS_JS": vis_js, "JS": app_js, "DATA": script_json(data),
    }
    page = (_TEMPLATES / "graph.html").read_text(encoding="utf-8")
    # one pass, so that text put into a slot is never searched for slots again
    return _SLOT.sub(lambda m: slots[m.group(1)], page)
