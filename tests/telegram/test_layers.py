"""The Telegram package imports downward only: no cycle, nothing hidden from the checker.

An AST check of bot/frontends/telegram: every import of a module of the package counts, at any
depth (inside functions and under TYPE_CHECKING too), so a cycle cannot hide in a lazy import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import bot.frontends.telegram as package

PACKAGE = package.__name__
ROOT = Path(package.__file__).parent


def _imported(node: ast.AST) -> Iterator[str]:
    """Module names one import statement names (`from pkg import mod` names pkg.mod too)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        yield node.module
        yield from (f"{node.module}.{alias.name}" for alias in node.names)


def import_graph(root: Path = ROOT, package_name: str = PACKAGE) -> dict[str, set[str]]:
    """module -> the package's modules it imports."""
    modules = {f"{package_name}.{p.stem}": p for p in root.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[name] = {
            m for node in ast.walk(tree) for m in _imported(node) if m in modules and m != name
        }
    return graph


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first module repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def test_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_graph_sees_lazy_imports(tmp_path: Path) -> None:
    (tmp_path / "one.py").write_text("from pkg import two\n")
    (tmp_path / "two.py").write_text("def f():\n    from pkg.one import x\n")
    graph = import_graph(tmp_path, "pkg")
    assert find_cycle(graph) == ["pkg.one", "pkg.two", "pkg.one"]


def test_no_import_cycle_in_the_telegram_package() -> None:
    graph = import_graph()
    assert len(graph) >= 20 and any(graph.values()), "the checker must see the package"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_hidden_imports_of_our_own_modules() -> None:
    # imports inside functions and ImportError fallbacks are how cycles were hidden before
    for path in ROOT.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = [m for node in ast.walk(func) for m in _imported(node)]
                assert not [m for m in inner if m.startswith("bot")], (path.name, func.name)
        for handler in ast.walk(tree):
            if isinstance(handler, ast.ExceptHandler) and isinstance(handler.type, ast.Name):
                assert handler.type.id not in {"ImportError", "ModuleNotFoundError"}, path.name
