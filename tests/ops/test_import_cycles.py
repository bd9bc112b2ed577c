"""No import cycle between the packages of marketplace/ (DEVELOPERS.md, "Layers").

A second check beside import-linter's contracts (`make lint`), with nothing but the
standard library: every import in marketplace/, also those inside functions, becomes an
edge between the top-level packages and modules (``marketplace.postings``,
``marketplace.outbox``, ...); imports under ``if TYPE_CHECKING:`` are left out, as they do
not run. The app factory (``marketplace/__init__.py``) imports everything and is left out.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "marketplace"

Graph = dict[str, dict[str, list[str]]]


def _module_name(path: Path, root: Path) -> list[str]:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(child) for child in ast.walk(node))
    return hidden


def _imported(node: ast.Import | ast.ImportFrom, module: list[str], is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: from . import x, from ..y import z
        base = module if is_package else module[:-1]
        base = base[: len(base) - (node.level - 1)]
        name = ".".join([*base, node.module] if node.module else base)
    else:
        name = node.module or ""
    # "from marketplace import events" imports the module marketplace.events
    return [f"{name}.{alias.name}" for alias in node.names] if "." not in name else [name]


def package_graph(root: Path = ROOT) -> Graph:
    """source top-level name -> imported top-level name -> ["file:line", ...]"""
    graph: Graph = defaultdict(lambda: defaultdict(list))
    package = root.name
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        if len(module) < 2:
            continue  # marketplace/__init__.py: the app factory
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hidden = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in hidden:
                continue
            for name in _imported(node, module, path.name == "__init__.py"):
                parts = name.split(".")
                if parts[0] == package and len(parts) > 1 and parts[1] != module[1]:
                    where = f"{path.relative_to(root.parent)}:{node.lineno}"
                    graph[module[1]][parts[1]].append(where)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(set(graph) | {t for targets in graph.values() for t in targets}):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_the_packages_of_marketplace():
    graph = package_graph()
    found = cycles(graph)
    explained = [
        f"{' <-> '.join(component)}: "
        + "; ".join(
            f"{source} -> {target} ({graph[source][target][0]})"
            for source in component
            for target in component
            if target in graph.get(source, {})
        )
        for component in found
    ]
    assert not found, "import cycles between packages:\n" + "\n".join(explained)


def test_the_cycle_finder_finds_a_cycle():
    graph: Graph = {"a": {"b": ["x:1"]}, "b": {"c": ["x:2"]}, "c": {"a": ["x:3"]}, "d": {}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_graph_sees_imports_inside_functions_but_not_type_checking_ones(tmp_path):
    root = tmp_path / "shop"
    for name, text in {
        "__init__.py": "from shop.a import x\n",
        "a/__init__.py": "",
        "a/x.py": "def f():\n    from shop.b import y  # inside a function: still an import\n",
        "b/__init__.py": "",
        "b/y.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shop.a import x\n",
        "c.py": "from shop import a\nfrom . import b\n",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    graph = package_graph(root)
    assert {source: sorted(targets) for source, targets in graph.items()} == {
        "a": ["b"],
        "c": ["a", "b"],
    }
    assert cycles(graph) == []
