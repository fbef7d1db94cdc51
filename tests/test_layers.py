"""The package's floors: each module imports only modules of its own floor or the floors below, with no cycle.

files → store → SPARQL → tables | views → measures | pages: the floors below are the
package's order (README, "Architecture"); ``scripts/draw-imports`` draws the same graph.
Imports inside functions count too, so a cycle cannot hide in one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lls_kg"
#: Floors, lowest first: a module name (or its subpackage) -> its floor.
FLOORS = [
    {"errors", "text", "namespaces", "choices", "resources", "output", "i18n", "heap"},
    {"store"},
    {"sparql"},
    {"build", "formats", "turtle", "stats", "validate", "dataset"},
    {"network"},
    {"html"},
    {"sheets", "extract", "serve"},
    {"api"},
    {"cli", "__main__", "__init__"},
]
#: The longest a module may be before the README must say why.
LONGEST = 450


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> nx.DiGraph:
    """Every module of the package and the package modules it imports (anywhere in its text)."""
    graph = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        graph.add_node(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("lls_kg")):
                base = package.split(".")
                base = base[:len(base) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    graph.add_edge(name, candidate if _exists(candidate) else target)
            elif isinstance(node, ast.Import):
                graph.add_edges_from((name, alias.name) for alias in node.names if alias.name.startswith("lls_kg"))
    graph.remove_edges_from([(a, b) for a, b in graph.edges if a == b])
    return graph


def floor(module: str) -> int:
    parts = module.split(".")
    key = parts[1] if len(parts) > 1 else "__init__"
    return next(level for level, names in enumerate(FLOORS) if key in names)


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def test_every_module_has_a_floor() -> None:
    for module in imports():
        assert floor(module) >= 0, module


def test_no_module_imports_from_a_higher_floor() -> None:
    upward = [(a, b) for a, b in imports().edges if floor(b) > floor(a)]
    assert upward == []


def test_the_imports_have_no_cycle() -> None:
    assert list(nx.simple_cycles(imports())) == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: module_name(p))
def test_modules_are_short(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= LONGEST


def test_the_drawing_sees_the_imports() -> None:
    graph = imports()
    assert {("lls_kg.api", "lls_kg.store"), ("lls_kg.html.report", "lls_kg.network"),
            ("lls_kg.sparql.run", "lls_kg.sparql.resolve"), ("lls_kg.store.embedded", "lls_kg.store.files")} \
        <= set(graph.edges)
    assert list(graph.successors("lls_kg")) == []  # the package's API names load lazily (lls_kg/__init__.py)
