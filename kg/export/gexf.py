"""GEXF 1.3 for Gephi: colours, sizes, edge kinds and a timeline.

Written with lxml: networkx's ``write_gexf`` (3.6) writes no edge ``kind``, a
wrong XSI namespace for 1.3, declares each attribute with the type of the
first value it meets (then writes ``"a"`` under a ``long``), and stamps today's
``lastmodifieddate``, so its bytes change from day to day.

* nodes: ``label``, ``viz:color`` by entity type (the colour of the page:
  one table, the graph's schema), ``viz:size`` by degree
  (``8 + 4 * sqrt(degree)``) and the flattened attributes of
  ``kg.export.flatten`` as ``attvalues``;
* edges: unique id ``source|predicate|target``, ``label`` and ``kind`` = the
  predicate, ``viz:color`` by predicate. Gephi's GEXF importer (gephi/gephi
  ``modules/ImportPlugin/src/main/java/org/gephi/io/importer/plugin/file/ImporterGEXF.java``,
  ``readEdge``: ``if (!kind.isEmpty()) edge.setType(kind)``) makes ``kind``
  the edge type, and Gephi only merges edges of the same (source, target,
  type) (``DefaultProcessor``: ``graph.getEdge(source, target, edgeType)``),
  so parallel edges with different predicates stay two typed edges in Gephi
  (GEXF 1.3 added ``kind`` for multigraphs, gephi/gexf PR #13). Gephi also
  reads the edge ``label`` attribute and the ``viz:color``/``viz:size``
  elements;
* time: ``mode="dynamic"`` and ``timeformat="date"``; a dated edge gets
  ``start`` = its ``first_date`` and ``end`` = its ``last_date``, partial dates
  taken at their first day ("2021" -> 2021-01-01, "2022-03" -> 2022-03-01);
  an undated edge (or one whose dates do not parse) has neither, so Gephi's
  timeline always shows it. Nodes have no interval: they are always there.
"""
from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
from lxml import etree

from kg.dates import first_day
from kg.export import flatten

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
TYPES = {"string": "string", "int": "integer", "double": "double"}
normalize_date = first_day  # partial dates taken at their first day


def interval(data: dict) -> tuple[str | None, str | None]:
    """(start, end) of an edge for Gephi's timeline, or (None, None)."""
    first, last = normalize_date(data.get("first_date")), normalize_date(data.get("last_date"))
    first, last = first or last, last or first
    if first is None:
        return None, None
    return min(first, last), max(first, last)


def _value(value) -> str:
    return repr(value) if isinstance(value, float) else flatten.xml_safe(str(value))


def _attributes(graph_el, domain: str, prefix: str, columns) -> dict[str, str]:
    attrs = etree.SubElement(graph_el, f"{{{NS}}}attributes", {"class": domain})
    ids = {}
    for n, (name, kind) in enumerate(columns):
        ids[name] = f"{prefix}{n}"
        etree.SubElement(attrs, f"{{{NS}}}attribute", id=ids[name], title=flatten.xml_safe(name), type=TYPES[kind])
    return ids


def _attvalues(parent, row: dict, ids: dict[str, str], skip: str = "label") -> None:
    values = [(name, _value(v)) for name, v in row.items() if name != skip]
    values = [(name, v) for name, v in values if v]
    if values:
        el = etree.SubElement(parent, f"{{{NS}}}attvalues")
        for name, v in values:
            etree.SubElement(el, f"{{{NS}}}attvalue", {"for": ids[name], "value": v})


def _color(parent, rgb: tuple[int, int, int]) -> None:
    etree.SubElement(parent, f"{{{VIZ}}}color", r=str(rgb[0]), g=str(rgb[1]), b=str(rgb[2]))


def gexf_bytes(graph: nx.MultiDiGraph) -> bytes:
    root = etree.Element(f"{{{NS}}}gexf", nsmap={None: NS, "viz": VIZ, "xsi": XSI}, version="1.3")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA)
    meta = etree.SubElement(root, f"{{{NS}}}meta")
    etree.SubElement(meta, f"{{{NS}}}creator").text = "kg"
    etree.SubElement(meta, f"{{{NS}}}description").text = "China's platform economy, from Chinese news"
    g = etree.SubElement(root, f"{{{NS}}}graph", mode="dynamic", defaultedgetype="directed", timeformat="date")
    node_columns = [c for c in flatten.node_columns(graph) if c[0] != "label"]
    edge_columns = [c for c in flatten.edge_columns(graph) if c[0] != "label"]
    node_ids = _attributes(g, "node", "n", node_columns)
    edge_ids = _attributes(g, "edge", "e", edge_columns)
    nodes_el = etree.SubElement(g, f"{{{NS}}}nodes")
    for v in flatten.nodes(graph):
        row = flatten.node_row(graph, v, [("label", "string"), *node_columns])
        node = etree.SubElement(nodes_el, f"{{{NS}}}node", id=flatten.xml_safe(str(v)), label=_value(row["label"]))
        _attvalues(node, row, node_ids)
        _color(node, flatten.node_color(graph, str(row.get("type", ""))))
        size = 8 + 4 * math.sqrt(graph.degree(v))
        etree.SubElement(node, f"{{{VIZ}}}size", value=f"{size:.2f}")
    edges_el = etree.SubElement(g, f"{{{NS}}}edges")
    ids = flatten.edge_ids(graph)
    for u, v, k in flatten.edges(graph):
        row = flatten.edge_row(graph, u, v, k, [("label", "string"), *edge_columns])
        attrib = {"id": flatten.xml_safe(ids[u, v, k]), "source": flatten.xml_safe(str(u)),
                  "target": flatten.xml_safe(str(v)), "label": _value(row["label"]),
                  "kind": flatten.xml_safe(str(k))}
        start, end = interval(graph.edges[u, v, k])
        if start:
            attrib.update(start=start, end=end)
        edge = etree.SubElement(edges_el, f"{{{NS}}}edge", attrib)
        _attvalues(edge, row, edge_ids)
        _color(edge, flatten.edge_color(graph, str(k)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``graph`` as GEXF 1.3 (UTF-8) to ``path``."""
    Path(path).write_bytes(gexf_bytes(graph))
