"""The modules of kg import one another without a cycle: imports inside
functions count too (they only postpone the cycle); imports under
``if TYPE_CHECKING:`` do not (they never run)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def kg_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST):
    """Every import statement, at any depth, except under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                stack.extend(child.orelse)
            else:
                stack.append(child)


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The kg modules that ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # ``from kg.export import flatten``: the module kg.export.flatten if there is one
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        found.update(t for t in targets if t in modules and t != name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = kg_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle as a list of modules (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def test_kg_modules_import_each_other_without_a_cycle():
    graph = import_graph()
    assert "kg.nlp" in graph and "kg.extract" in graph["kg.runner"]  # the graph is read at all
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("source, expected", [
    ("def f():\n    from kg.b import x\n", {"kg.b"}),  # inside a function: counted
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kg.b import x\n", set()),
    ("from . import b\n", {"kg.b"}),
    ("import kg.b  # noqa\n", {"kg.b"}),
])
def test_imports_are_read_where_they_stand(tmp_path, source, expected):
    path = tmp_path / "a.py"
    path.write_text(source, encoding="utf-8")
    modules = {"kg": tmp_path / "__init__.py", "kg.a": path, "kg.b": tmp_path / "b.py"}
    assert imported_modules("kg.a", path, modules) == expected


def test_a_cycle_is_named():
    assert find_cycle({"kg.a": {"kg.b"}, "kg.b": {"kg.c"}, "kg.c": {"kg.a"}}) == ["kg.a", "kg.b", "kg.c", "kg.a"]
    assert find_cycle({"kg.a": {"kg.b"}, "kg.b": set()}) is None
