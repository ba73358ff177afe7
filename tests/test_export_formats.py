"""The GraphML, GEXF, CSV and JSON exports, read back by real readers:
networkx, python-igraph, lxml and the csv/json modules."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import igraph
import networkx as nx
import pytest
from lxml import etree

from kg.export import EXPORTERS
from kg.export.gexf import normalize_date
from kg.graph import build_graph, load_graph, node_id

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
FORMATS = ("graphml", "gexf", "csv", "json")
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write(graph: nx.MultiDiGraph, name: str, folder: Path) -> list[Path]:
    """Write ``graph`` through the exporter registry, as the CLI does."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f for f in EXPORTERS[name].files]
    EXPORTERS[name].write(graph, *paths)
    return paths


def triple(subject, predicate, obj, sentence="句子。", doc="001.txt", start=0, confidence=0.8, **attrs):
    return {"subject": subject, "subject_type": "Platform", "predicate": predicate, "object": obj,
            "object_type": "Platform", "attrs": attrs, "confidence": confidence,
            "evidence": {"doc": doc, "sentence": sentence, "start": start, "end": start + len(sentence)}}


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def seeds(seed_build) -> nx.MultiDiGraph:
    graph = load_graph(seed_build)
    assert graph.number_of_nodes() > 10 and graph.number_of_edges() > 10
    return graph


@pytest.fixture(scope="module")
def parallel() -> nx.MultiDiGraph:
    """抖音 -blocks_link-> 淘宝 and 抖音 -partners_with-> 淘宝 (and one back)."""
    return build_graph([
        triple("抖音", "blocks_link", "淘宝", "抖音切断淘宝外链。", date="2020-10-09", scope="直播间购物车",
               status="effective"),
        triple("抖音", "partners_with", "淘宝", "抖音与淘宝合作。", date="2021", what="互联互通"),
        triple("淘宝", "blocks_link", "抖音", "淘宝屏蔽抖音。", doc="002.txt", date="2022-03"),
    ], [{"name": "抖音", "type": "Platform", "aliases": ["抖音电商"]}, {"name": "淘宝", "type": "Platform"}])


HOSTILE = {
    "script": '<script>alert("x")</script>',
    "hyperlink": '=HYPERLINK("http://evil.example","点我")',
    "plus": "+1",
    "minus": "-2+3",
    "at": "@SUM(A1:A9)",
    "cdata": "a]]>b</div>&amp;\"'<!--",
    "control": "控\x00制\x01字\x07符\x0b\x0c\x1f end",
    "tab": "\t制表",
    "cr": "\r回车\r\n换行",
}


@pytest.fixture(scope="module")
def hostile() -> nx.MultiDiGraph:
    names = list(HOSTILE.values())
    triples = [triple(names[i], "partners_with", names[i + 1], f"证据 {names[i]} ]]></div> {names[i + 1]}\x00。",
                      start=i, confidence=0.8, scope=names[(i + 2) % len(names)], date="2021",
                      amount={"value": -5, "unit": "CNY"})
               for i in range(len(names) - 1)]
    entities = [{"name": n, "type": "Platform", "aliases": [HOSTILE["at"], "别名\x01"]} for n in names]
    return build_graph(triples, entities)


# 1. The seeds' graph, read back ------------------------------------------------

def test_graphml_seeds_read_back_by_networkx_and_igraph(seeds, tmp_path):
    (path,) = write(seeds, "graphml", tmp_path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (seeds.number_of_nodes(), seeds.number_of_edges())
    for v, d in back.nodes(data=True):
        assert d["label"] == seeds.nodes[v]["label"] and d["type"] == seeds.nodes[v]["type"]
        assert d["degree"] == seeds.degree(v)
    for u, v, key, d in back.edges(keys=True, data=True):
        assert d["predicate"] == d["label"] and seeds.has_edge(u, v, d["predicate"])
        assert key == f"{u}|{d['predicate']}|{v}"
    assert {(u, v, d["predicate"]) for u, v, d in back.edges(data=True)} == set(seeds.edges(keys=True))

    g = igraph.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount()) == (seeds.number_of_nodes(), seeds.number_of_edges())
    assert g.is_directed()
    assert all(g.vs["label"]) and all(g.vs["type"])
    assert all(g.es["predicate"]) and g.es["label"] == g.es["predicate"]


def test_graphml_is_what_gephi_reads(seeds, tmp_path):
    (path,) = write(seeds, "graphml", tmp_path)
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{GRAPHML}graphml"
    keys = root.findall(f"{GRAPHML}key")
    # one key per (domain, name): one declared type each
    assert len({(k.get("for"), k.get("attr.name")) for k in keys}) == len(keys)
    ids = {k.get("id") for k in keys}
    assert len(ids) == len(keys) and not ids & {"d3", "d7"}  # yEd's label ids, which Gephi maps to labels
    by_name = {(k.get("for"), k.get("attr.name")): k for k in keys}
    node_label, edge_label = by_name["node", "label"], by_name["edge", "label"]
    assert node_label.get("attr.type") == edge_label.get("attr.type") == "string"
    assert root.find(f"{GRAPHML}graph").get("edgedefault") == "directed"
    for node in root.iter(f"{GRAPHML}node"):
        assert node.find(f"{GRAPHML}data[@key='{node_label.get('id')}']").text
    edge_ids = []
    for edge in root.iter(f"{GRAPHML}edge"):
        edge_ids.append(edge.get("id"))
        label = edge.find(f"{GRAPHML}data[@key='{edge_label.get('id')}']").text
        predicate = edge.find(f"{GRAPHML}data[@key='{by_name['edge', 'predicate'].get('id')}']").text
        assert label == predicate and label in edge.get("id")
    assert len(edge_ids) == len(set(edge_ids)) == seeds.number_of_edges()
    # every value fits its declared type
    types = {k.get("id"): k.get("attr.type") for k in keys}
    for data in root.iter(f"{GRAPHML}data"):
        {"int": int, "double": float, "string": str}[types[data.get("key")]](data.text)


def test_gexf_seeds_read_back(seeds, tmp_path):
    (path,) = write(seeds, "gexf", tmp_path)
    back = nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (seeds.number_of_nodes(), seeds.number_of_edges())
    assert back.graph["mode"] == "dynamic"
    for v, d in back.nodes(data=True):
        assert d["label"] == seeds.nodes[v]["label"] and d["type"] == seeds.nodes[v]["type"]
        assert set(d["viz"]) == {"color", "size"} and d["viz"]["size"] > 0
    for u, v, d in back.edges(data=True):
        assert seeds.has_edge(u, v, d["label"]) and d["predicate"] == d["label"]

    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == ("dynamic", "date", "directed")
    type_colors = {}
    for node in graph.iter(f"{GEXF}node"):
        color, size = node.find(f"{VIZ}color"), node.find(f"{VIZ}size")
        rgb = tuple(int(color.get(c)) for c in "rgb")
        assert all(0 <= c <= 255 for c in rgb) and float(size.get("value")) > 0
        type_colors.setdefault(seeds.nodes[node.get("id")]["type"], set()).add(rgb)
        assert node.get("label") == seeds.nodes[node.get("id")]["label"]
    assert all(len(colors) == 1 for colors in type_colors.values())  # one colour per type
    assert len({c for colors in type_colors.values() for c in colors}) == len(type_colors)
    dated = 0
    for edge in graph.iter(f"{GEXF}edge"):
        data = seeds.edges[edge.get("source"), edge.get("target"), edge.get("kind")]
        assert edge.get("label") == edge.get("kind") == data["predicate"]
        assert edge.find(f"{VIZ}color") is not None
        if data["first_date"]:
            dated += 1
            assert edge.get("start") == normalize_date(data["first_date"])
            assert edge.get("end") == normalize_date(data["last_date"])
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", edge.get("start"))
        else:
            assert edge.get("start") is None and edge.get("end") is None
    assert dated > 0
    ids = [e.get("id") for e in graph.iter(f"{GEXF}edge")]
    assert len(ids) == len(set(ids)) == seeds.number_of_edges()


def test_csv_and_json_seeds(seeds, tmp_path):
    nodes_path, edges_path = write(seeds, "csv", tmp_path)
    nodes, edges = read_csv(nodes_path), read_csv(edges_path)
    assert len(nodes) == seeds.number_of_nodes() and len(edges) == seeds.number_of_edges()
    assert list(nodes[0])[:8] == ["id", "label", "type", "en", "aliases", "mentions", "docs", "degree"]
    for column in ("id", "source", "target", "source_label", "target_label", "predicate", "status", "first_date",
                   "last_date", "sources", "confidence", "amount_value", "amount_unit", "rate", "scope",
                   "action", "what", "evidence", "kind", "label"):
        assert column in edges[0]
    for row in edges:
        data = seeds.edges[row["source"], row["target"], row["predicate"]]
        assert row["source_label"] == seeds.nodes[row["source"]]["label"] and row["kind"] == row["predicate"]
        assert float(row["confidence"]) == data["confidence"] and int(row["sources"]) == data["sources"]
        assert all(e["doc"] in row["evidence"] for e in data["evidence"])
    amounts = [r for r in edges if r["amount_value"]]
    assert amounts and all(float(r["amount_value"]) > 0 and r["amount_unit"] for r in amounts)

    (json_path,) = write(seeds, "json", tmp_path)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="edges")
    assert isinstance(back, nx.MultiDiGraph)
    assert sorted(back.edges(keys=True)) == sorted(seeds.edges(keys=True))
    assert all(dict(back.nodes[v]) == seeds.nodes[v] for v in seeds)
    assert all(back.edges[e] == seeds.edges[e] for e in seeds.edges(keys=True))
    assert [n["id"] for n in data["nodes"]] == sorted(seeds.nodes)
    assert "抖音" in json_path.read_text(encoding="utf-8")  # not \u-escaped


# 2. Parallel edges -------------------------------------------------------------

def test_parallel_edges_stay_two_typed_edges(parallel, tmp_path):
    douyin, taobao = node_id("抖音"), node_id("淘宝")
    assert sorted(parallel[douyin][taobao]) == ["blocks_link", "partners_with"]
    (graphml,) = write(parallel, "graphml", tmp_path)
    root = etree.parse(str(graphml)).getroot()
    label_key = root.find(f"{GRAPHML}key[@for='edge'][@attr.name='label']").get("id")
    pair = [e for e in root.iter(f"{GRAPHML}edge") if (e.get("source"), e.get("target")) == (douyin, taobao)]
    assert len(pair) == 2 and pair[0].get("id") != pair[1].get("id")
    assert sorted(e.find(f"{GRAPHML}data[@key='{label_key}']").text for e in pair) == ["blocks_link", "partners_with"]
    g = igraph.Graph.Read_GraphML(str(graphml))
    between = g.es.select(_source=g.vs.find(id=douyin).index, _target=g.vs.find(id=taobao).index)
    assert len(between) == 2 and sorted(between["label"]) == ["blocks_link", "partners_with"]
    assert g.ecount() == 3
    back = nx.read_graphml(graphml, force_multigraph=True)
    assert sorted(d["predicate"] for d in back[douyin][taobao].values()) == ["blocks_link", "partners_with"]

    (gexf,) = write(parallel, "gexf", tmp_path)
    edges = [e for e in etree.parse(str(gexf)).getroot().iter(f"{GEXF}edge")
             if (e.get("source"), e.get("target")) == (douyin, taobao)]
    assert sorted(e.get("kind") for e in edges) == ["blocks_link", "partners_with"]  # Gephi's edge type
    assert len({e.get("id") for e in edges}) == 2
    assert {e.get("kind"): (e.get("start"), e.get("end")) for e in edges} == {
        "blocks_link": ("2020-10-09", "2020-10-09"), "partners_with": ("2021-01-01", "2021-01-01")}
    colors = {tuple(e.find(f"{VIZ}color").get(c) for c in "rgb") for e in edges}
    assert len(colors) == 2
    assert nx.read_gexf(gexf).number_of_edges() == 3


def test_normalize_date():
    assert normalize_date("2021") == "2021-01-01"
    assert normalize_date("2022-03") == "2022-03-01"
    assert normalize_date("2020-10-09") == "2020-10-09"
    assert normalize_date(None) is None and normalize_date("2021年") is None and normalize_date("2021-13") is None


# 3. Hostile strings ------------------------------------------------------------

def test_hostile_strings_stay_well_formed_xml(hostile, tmp_path):
    (graphml,) = write(hostile, "graphml", tmp_path)
    (gexf,) = write(hostile, "gexf", tmp_path)
    etree.parse(str(graphml)), etree.parse(str(gexf))  # well-formed, or lxml raises
    clean = {node_id(name): ILLEGAL.sub("", name) for name in HOSTILE.values()}

    back = nx.read_graphml(graphml, force_multigraph=True)
    assert {v: d["label"] for v, d in back.nodes(data=True)} == clean
    assert all(d["aliases"] == "@SUM(A1:A9) | 别名" for _, d in back.nodes(data=True))
    for u, v, d in back.edges(data=True):
        sentence = ILLEGAL.sub("", hostile.edges[u, v, "partners_with"]["evidence"][0]["sentence"])
        assert d["evidence_first"] == sentence and d["evidence"] == f"[001.txt] {sentence}"
    g = igraph.Graph.Read_GraphML(str(graphml))
    assert sorted(g.vs["label"]) == sorted(clean.values())

    back = nx.read_gexf(gexf)
    assert {v: d["label"] for v, d in back.nodes(data=True)} == clean
    assert {d["scope"] for _, _, d in back.edges(data=True)} <= set(clean.values())
    assert all(d["evidence_first"] == ILLEGAL.sub("", hostile.edges[u, v, "partners_with"]["evidence"][0]["sentence"])
               for u, v, d in back.edges(data=True))


def test_hostile_strings_in_csv(hostile, tmp_path):
    nodes_path, edges_path = write(hostile, "csv", tmp_path)
    assert nodes_path.read_bytes().startswith(b"\xef\xbb\xbf") and edges_path.read_bytes().startswith(b"\xef\xbb\xbf")
    nodes = {row["id"]: row for row in read_csv(nodes_path)}
    expected = {"script": '<script>alert("x")</script>', "hyperlink": '\'=HYPERLINK("http://evil.example","点我")',
                "plus": "'+1", "minus": "'-2+3", "at": "'@SUM(A1:A9)", "cdata": "a]]>b</div>&amp;\"'<!--",
                "control": "控制字符 end", "tab": "'\t制表",
                "cr": "'\r回车\r\n换行"}
    for name, label in expected.items():
        row = nodes[node_id(HOSTILE[name])]
        assert row["label"] == label
        assert (row["type"], row["mentions"], row["aliases"]) == ("Platform", "0", "'@SUM(A1:A9) | 别名")
        assert int(row["degree"]) == hostile.degree(node_id(HOSTILE[name]))
    edges = read_csv(edges_path)
    assert len(edges) == hostile.number_of_edges()
    for row in edges:
        assert row["confidence"] == "0.8" and row["amount_value"] == "-5.0"  # numbers stay numbers
        assert row["amount_unit"] == "CNY" and row["predicate"] == "partners_with" and row["first_date"] == "2021"
        assert row["source_label"] == nodes[row["source"]]["label"]
        assert row["scope"] in expected.values() and row["evidence"].startswith("[001.txt] 证据 ")
    formula = re.compile(r"^[=+\-@\t\r]")
    for path in (nodes_path, edges_path):
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                assert not any(formula.match(cell) and not re.fullmatch(r"-?\d+(\.\d+)?", cell) for cell in row)


def test_hostile_strings_in_json(hostile, tmp_path):
    (path,) = write(hostile, "json", tmp_path)
    data = json.loads(path.read_bytes().decode("utf-8"))
    assert {n["id"]: n["label"] for n in data["nodes"]} == {node_id(n): n for n in HOSTILE.values()}
    back = nx.node_link_graph(data, edges="edges")
    assert all(back.edges[e] == hostile.edges[e] for e in hostile.edges(keys=True))


# 4. Determinism ----------------------------------------------------------------

def shuffled(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph, its nodes and edges inserted in reverse order."""
    copy = nx.MultiDiGraph()
    copy.add_nodes_from(reversed(list(graph.nodes(data=True))))
    copy.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    return copy


@pytest.mark.parametrize("name", FORMATS)
def test_same_graph_same_bytes(seeds, hostile, tmp_path, name):
    for i, graph in enumerate((seeds, hostile)):
        first = write(graph, name, tmp_path / f"{i}a")
        second = write(graph, name, tmp_path / f"{i}b")
        third = write(shuffled(graph), name, tmp_path / f"{i}c")
        for a, b, c in zip(first, second, third):
            assert a.read_bytes() == b.read_bytes() == c.read_bytes()
