"""`advisor graph [FLOW] --format mermaid|dot|png [-o FILE]`: a flow diagram on stdout or in a file.

The loaded advisor is handed in by the caller (`bot/cli/graph.py`): ops code does not import the top
level, it only says what it needs from it (`FlowSource`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from bot.contracts import Brain
from bot.core.errors import AdvisorError
from bot.core.suggest import hint
from bot.engine.model import Flow
from bot.ops.flow_png import to_png
from bot.ops.graph import DimensionInfo, DimensionLookup, Graph, build_graph, to_dot, to_mermaid


class FlowSource(Protocol):
    """What drawing a flow needs from the loaded advisor."""

    @property
    def flows(self) -> Mapping[str, Flow]:
        """The loaded flows by id."""
        ...

    @property
    def brain(self) -> Brain:
        """The knowledge base, for the dimension steps' questions and answers."""
        ...


def brain_lookup(brain: Brain) -> DimensionLookup:
    """Questions and answer labels of dimensions, from the knowledge base."""

    def lookup(dimension_id: str) -> DimensionInfo | None:
        ref = brain.dimension(dimension_id)
        if ref is None:
            return None
        return DimensionInfo(
            ref.question, tuple(o.label for o in ref.options), tuple(o.id for o in ref.options)
        )

    return lookup


def render(graph: Graph, fmt: str) -> str | bytes:
    """The graph in `fmt` (mermaid, dot: text; png: bytes)."""
    if fmt == "mermaid":
        return to_mermaid(graph)
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "png":
        return to_png(graph)
    raise ValueError(f"unknown format {fmt!r}")


def markdown_page(flow: Flow, mermaid: str) -> str:
    """A Markdown page around a Mermaid diagram (GitHub renders the fenced block)."""
    source = Path(flow.path).name
    return (
        f"# The `{flow.id}` flow: {flow.title}\n\n"
        f"Generated from `dialogues/{source}` and the knowledge base by\n"
        f"`advisor graph {flow.id} -o docs/{flow.id}-flow.md`; do not edit by hand.\n"
        "Boxes are steps (id · kind, then the start of the question); edge labels are the\n"
        "answers that lead along them, or the condition of a conditional step (dashed).\n"
        "The rounded box is the result.\n\n"
        f"```mermaid\n{mermaid}```\n"
    )


def run(args: argparse.Namespace, load: Callable[[], FlowSource]) -> int:
    """Entry point of `advisor graph`; `load` gives the advisor (its errors are reported)."""
    fmt: str = args.format
    output: str | None = args.output
    if fmt == "png" and not output:
        print("advisor graph: --format png needs -o FILE", file=sys.stderr)
        return 2
    try:
        advisor = load()
    except AdvisorError as exc:  # DataErrors, or a single DataError from one file
        print(f"advisor graph: cannot load the dialogues:\n{exc}", file=sys.stderr)
        return 1
    flows = advisor.flows
    flow_id: str = args.flow
    if flow_id not in flows:
        suggestion = hint(flow_id, flows)
        known = ", ".join(sorted(flows))
        print(
            f"advisor graph: unknown flow '{flow_id}'"
            + (f"; {suggestion}" if suggestion else "")
            + f" (flows: {known})",
            file=sys.stderr,
        )
        return 1
    result = render(build_graph(flows[flow_id], brain_lookup(advisor.brain)), fmt)
    if output and fmt == "mermaid" and output.endswith(".md"):
        assert isinstance(result, str)
        result = markdown_page(flows[flow_id], result)
    _write(result, output)
    return 0


def _write(result: str | bytes, output: str | None) -> None:
    """To the file named `output`, or text to stdout."""
    if output:
        path = Path(output)
        if isinstance(result, bytes):
            path.write_bytes(result)
        else:
            path.write_text(result, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    else:
        assert isinstance(result, str)
        sys.stdout.write(result)
