"""A dialogue flow reduced to boxes and arrows, written as Mermaid or Graphviz DOT.

Each step is a box with its id, kind and the start of its prompt; edges carry the option labels
that lead along them, or the condition of a conditional `next`; result steps are highlighted.
The PNG is drawn from the same graph by `flow_png.py`; `advisor graph` is `graph_command.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.engine.model import Flow, StepDef
from bot.engine.steps import kind_of

PROMPT_EXCERPT = 48
OPTION_LABEL_MAX = 28
MAX_OPTIONS_ON_EDGE = 5


@dataclass(frozen=True)
class DimensionInfo:
    """What a dimension step asks, from the knowledge base."""

    question: str
    options: tuple[str, ...]
    ids: tuple[str, ...] = ()  # the options' ids, for steps that relabel them


DimensionLookup = Callable[[str], DimensionInfo | None]


@dataclass(frozen=True)
class Node:
    """One step as drawn."""

    id: str
    kind: str
    excerpt: str
    start: bool
    result: bool
    condition: str = ""  # `ask_if`: the step is asked only when this holds
    style: tuple[str, ...] = ()  # Graphviz attributes its kind gives it (`Kind.dot_style`)

    @property
    def head(self) -> str:
        return f"{self.id} · {self.kind}" + (f" · if {self.condition}" if self.condition else "")

    @property
    def lines(self) -> list[str]:
        return [self.head, self.excerpt] if self.excerpt else [self.head]


@dataclass(frozen=True)
class Edge:
    """One arrow; `label` lines are option labels or a condition."""

    src: str
    dst: str
    label: tuple[str, ...]
    conditional: bool


@dataclass(frozen=True)
class Graph:
    """A flow reduced to boxes and arrows."""

    flow: str
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def _plain(text: str) -> str:
    """Prompt text without markup and with whitespace collapsed."""
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    return " ".join(text.split())


def _shorten(text: str, limit: int) -> str:
    text = _plain(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def _option_lines(labels: Sequence[str]) -> tuple[str, ...]:
    shown = [_shorten(label, OPTION_LABEL_MAX) for label in labels[:MAX_OPTIONS_ON_EDGE]]
    if len(labels) > MAX_OPTIONS_ON_EDGE:
        shown.append(f"+{len(labels) - MAX_OPTIONS_ON_EDGE} more")
    return tuple(shown)


def build_graph(flow: Flow, dimensions: DimensionLookup | None = None) -> Graph:
    """Boxes and arrows for `flow`; `dimensions` supplies questions and answers of dimension
    steps (they live in the knowledge base, not in the flow)."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    for step in flow.steps.values():
        info = dimensions(step.dimension) if dimensions and step.dimension else None
        prompt = step.prompt or (info.question if info else "")
        if not prompt and kind_of(step).dimension_of(step):
            prompt = f"dimension {step.dimension}"
        nodes.append(
            Node(
                step.id,
                step.kind,
                _shorten(prompt, PROMPT_EXCERPT),
                step.id == flow.start,
                kind_of(step).ends,
                (step.ask_if or "").replace("_", " "),
                kind_of(step).dot_style,
            )
        )
        edges += _step_edges(step, info)
    return Graph(flow.id, flow.title, tuple(nodes), tuple(edges))


def _step_edges(step: StepDef, info: DimensionInfo | None) -> list[Edge]:
    # (target, conditional label or "") -> label lines, in first-seen order
    found: dict[tuple[str, str], list[str]] = {}
    own_next = [o for o in step.options if o.next]
    for option in own_next:
        assert option.next is not None
        found.setdefault((option.next, ""), []).append(option.label)
    following = [o.label for o in step.options if not o.next]
    if kind_of(step).dimension_of(step) and info is not None:
        # a dimension step's answers come from the knowledge base; the step may relabel them
        relabel = {o.id: o.label for o in step.options}
        ids = info.ids or tuple(str(i) for i in range(len(info.options)))
        following = [relabel.get(i, label) for i, label in zip(ids, info.options, strict=False)]
    conditional = any(b.when is not None for b in step.next)
    for branch in step.next:
        if branch.when is not None:
            found.setdefault((branch.goto, "if " + branch.when.describe()), [])
        elif conditional:
            found.setdefault((branch.goto, "otherwise"), [])
        else:
            found.setdefault((branch.goto, ""), []).extend(following)
    out: list[Edge] = []
    for (dst, condition), labels in found.items():
        lines = (condition,) if condition else _option_lines(labels)
        out.append(Edge(step.id, dst, lines, bool(condition)))
    return out


# -- Mermaid -----------------------------------------------------------------------------------

_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "&": "#amp;",
}


def _mermaid_text(lines: Sequence[str]) -> str:
    escaped = ["".join(_MERMAID_ENTITIES.get(ch, ch) for ch in line) for line in lines]
    return "<br/>".join(escaped)


def _mermaid_id(step_id: str) -> str:
    # A prefix keeps ids like `end` or `graph` from clashing with Mermaid keywords.
    return "s_" + re.sub(r"\W", "_", step_id)


def to_mermaid(graph: Graph) -> str:
    """A Mermaid `flowchart` (renders on GitHub inside a ```mermaid fence)."""
    out = ["flowchart TD"]
    if graph.title:
        out.append(f"    %% {graph.flow}: {' '.join(graph.title.split())}")
    for n in graph.nodes:
        text = _mermaid_text(n.lines)
        shape = f'(["{text}"])' if n.result else f'["{text}"]'
        out.append(f"    {_mermaid_id(n.id)}{shape}")
    for e in graph.edges:
        arrow = "-.->" if e.conditional else "-->"
        label = f'|"{_mermaid_text(e.label)}"|' if e.label else ""
        out.append(f"    {_mermaid_id(e.src)} {arrow}{label} {_mermaid_id(e.dst)}")
    out.append("    classDef result fill:#fde2c8,stroke:#e8833a,stroke-width:3px,color:#212529")
    out.append("    classDef start fill:#dbe9fc,stroke:#2f80ed,stroke-width:3px,color:#212529")
    results = [_mermaid_id(n.id) for n in graph.nodes if n.result]
    starts = [_mermaid_id(n.id) for n in graph.nodes if n.start and not n.result]
    if results:
        out.append(f"    class {','.join(results)} result")
    if starts:
        out.append(f"    class {','.join(starts)} start")
    return "\n".join(out) + "\n"


# -- Graphviz DOT ------------------------------------------------------------------------------


def _dot_quote(lines: Sequence[str]) -> str:
    escaped = [line.replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def to_dot(graph: Graph) -> str:
    """A Graphviz digraph (`dot -Tsvg` renders it)."""
    out = [
        f"digraph {_dot_quote([graph.flow])} {{",
        f'    graph [rankdir=TB, labelloc=t, fontname="DejaVu Sans", '
        f"label={_dot_quote([graph.title or graph.flow])}];",
        '    node [shape=box, style="rounded,filled", fillcolor="#ffffff", '
        'fontname="DejaVu Sans"];',
        '    edge [fontname="DejaVu Sans", fontsize=10];',
    ]
    for n in graph.nodes:
        attrs = [f"label={_dot_quote(n.lines)}"]
        if n.style:
            attrs += n.style
        elif n.start:
            attrs += ['fillcolor="#dbe9fc"', 'color="#2f80ed"', "penwidth=3"]
        out.append(f"    {_dot_quote([n.id])} [{', '.join(attrs)}];")
    for e in graph.edges:
        attrs = [f"label={_dot_quote(e.label)}"] if e.label else []
        if e.conditional:
            attrs.append("style=dashed")
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        out.append(f"    {_dot_quote([e.src])} -> {_dot_quote([e.dst])}{suffix};")
    out.append("}")
    return "\n".join(out) + "\n"
