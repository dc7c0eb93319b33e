"""The layer rules of docs/architecture.md hold, and no module of bot/ is part of an import cycle.

Imports inside functions and under `if TYPE_CHECKING:` count too: hiding an import does not
remove the dependency.
"""

from __future__ import annotations

import configparser
from collections import deque
from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.application.use_cases import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_layer_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    configuration.configure()  # what the lint-imports command does first
    kept = lint_imports(config_filename=str(ROOT / ".importlinter"), cache_dir=None, no_logo=True)
    report = capsys.readouterr().out
    assert kept, report


def test_every_part_of_bot_has_a_layer() -> None:
    """A new package or top-level module must be placed in a layer, or no rule would hold it."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    placed = {
        name.strip()
        for line in config["importlinter:contract:layers"]["layers"].split()
        for name in line.split("|")
        if name.strip()
    }
    parts = {
        f"bot.{p.stem}"
        for p in (ROOT / "bot").iterdir()
        if (p.suffix == ".py" or (p / "__init__.py").exists())
        and p.stem not in ("__init__", "__main__")
    }
    assert parts - placed == set()


def import_cycles(graph: grimp.ImportGraph) -> list[tuple[list[str], list[str]]]:
    """Each group of modules that import each other in a loop (a strongly connected component
    of two or more modules, or a module importing itself), with one shortest loop in it."""
    groups = sorted(sorted(group) for group in _tangles(graph))
    return [(group, _shortest_loop(graph, group)) for group in groups]


def _tangles(graph: grimp.ImportGraph) -> list[set[str]]:
    """Strongly connected components with a loop in them (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.find_modules_directly_imported_by(nxt)))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1 or graph.direct_import_exists(importer=node, imported=node):
                        found.append(group)
    return found


def _shortest_loop(graph: grimp.ImportGraph, group: list[str]) -> list[str]:
    """The shortest path from the group's first module back to itself, inside the group."""
    start = group[0]
    members = set(group)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph.find_modules_directly_imported_by(node)):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if nxt in members and nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return [start, start]  # a module importing itself


def test_no_import_cycle_in_bot() -> None:
    cycles = import_cycles(grimp.build_graph("bot", cache_dir=None))
    listed = "\n".join(
        f"{', '.join(group)}\n    e.g. {' -> '.join(loop)}" for group, loop in cycles
    )
    assert not cycles, f"{len(cycles)} group(s) of modules importing each other:\n{listed}"


def test_cycle_finder_finds_loops_and_only_loops() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in [
        ("p.a", "p.b"),
        ("p.b", "p.c"),
        ("p.c", "p.a"),  # a loop of 3
        ("p.c", "p.d"),
        ("p.d", "p.e"),  # a chain out of it
        ("p.x", "p.y"),
        ("p.y", "p.x"),
    ]:  # a loop of 2
        graph.add_import(importer=importer, imported=imported)
    assert import_cycles(graph) == [
        (["p.a", "p.b", "p.c"], ["p.a", "p.b", "p.c", "p.a"]),
        (["p.x", "p.y"], ["p.x", "p.y", "p.x"]),
    ]
    graph.remove_import(importer="p.c", imported="p.a")
    assert import_cycles(graph) == [(["p.x", "p.y"], ["p.x", "p.y", "p.x"])]
