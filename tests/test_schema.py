"""The schema (kg/schema.py, kg/data/schema.json) is the one place that
knows predicates and entity types: their names, colours, attributes and
statuses."""
from __future__ import annotations

from lxml import etree

from kg.export.gexf import gexf_bytes
from kg.export.html import page_data
from kg.graph import build_graph
from kg.model import ENTITY_TYPES, PREDICATES

VIZ = "{http://gexf.net/1.3/viz}"
NS = "{http://gexf.net/1.3}"


def every_kind_graph():
    """A graph with a node of every entity type and an edge of every predicate."""
    entities = [{"name": f"n{i}", "type": t} for i, t in enumerate(ENTITY_TYPES)]
    triples = [{"subject": f"n{i % len(ENTITY_TYPES)}", "subject_type": ENTITY_TYPES[i % len(ENTITY_TYPES)],
                "predicate": p, "object": f"n{(i + 1) % len(ENTITY_TYPES)}",
                "object_type": ENTITY_TYPES[(i + 1) % len(ENTITY_TYPES)], "attrs": {}, "confidence": 0.8,
                "evidence": {"doc": "d", "sentence": "s", "start": 0, "end": 1}}
               for i, p in enumerate(PREDICATES)]
    return build_graph(triples, entities)


def hex_of(viz) -> str:
    return "#" + "".join(f"{int(viz.get(c)):02x}" for c in "rgb")


def test_page_and_gephi_show_the_same_colour_for_every_predicate_and_type():
    """Defect: the page and the GEXF had two colour tables (penalizes was
    #8b1a4a on the page and (148, 103, 189) in Gephi)."""
    graph = every_kind_graph()
    data = page_data(graph)
    root = etree.fromstring(gexf_bytes(graph))
    gexf_edges = {e.get("kind"): hex_of(e.find(f"{VIZ}color")) for e in root.iter(f"{NS}edge")}
    gexf_nodes = {graph.nodes[n.get("id")]["type"]: hex_of(n.find(f"{VIZ}color")) for n in root.iter(f"{NS}node")}
    assert {p["name"]: p["color"] for p in data["predicates"]} == gexf_edges
    assert {t["name"]: t["color"] for t in data["types"]} == gexf_nodes
    assert set(gexf_edges) == set(PREDICATES) and set(gexf_nodes) == set(ENTITY_TYPES)
