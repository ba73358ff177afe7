"""The exporters, behind one registry. Each format is a module with a
``write_<fmt>(G, *paths)`` function (networkx's readwrite style); the CLI's
``--format`` choices come from ``EXPORTERS``."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import networkx as nx


@dataclass(frozen=True)
class Exporter:
    name: str
    files: tuple[str, ...]  # file names written into the output folder
    function: str  # "module:function", imported when used
    help: str
    options: tuple[str, ...] = ()  # the keyword options its function takes (html: max_nodes)

    def write(self, graph: nx.MultiDiGraph, *paths: Path, **options) -> None:
        """Write ``graph``; of ``options``, only those this exporter takes are passed."""
        module, name = self.function.split(":")
        taken = {k: v for k, v in options.items() if k in self.options}
        getattr(importlib.import_module(module), name)(graph, *paths, **taken)


EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("html", ("graph.html",), "kg.export.html:write_html",
             "interactive graph for the browser (pyvis, works offline)", ("max_nodes",)),
    Exporter("graphml", ("graph.graphml",), "kg.export.graphml:write_graphml", "GraphML for Gephi, yEd, igraph"),
    Exporter("gexf", ("graph.gexf",), "kg.export.gexf:write_gexf", "GEXF for Gephi, with colours and a timeline"),
    Exporter("csv", ("nodes.csv", "edges.csv"), "kg.export.csv:write_csv", "node and edge tables (UTF-8 with BOM)"),
    Exporter("json", ("graph.json",), "kg.export.json:write_json", "node-link JSON (networkx, d3)"),
)}


def parse_formats(value: str | None) -> list[str]:
    """``"html,graphml"`` -> the exporters' names, in registry order; None
    or ``"all"`` -> all of them. Raises ValueError on an unknown name."""
    if value is None or value.strip() == "all":
        return list(EXPORTERS)
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in wanted if v not in EXPORTERS]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}; choose from {', '.join(EXPORTERS)}")
    return [name for name in EXPORTERS if name in wanted]
