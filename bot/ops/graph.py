"""`advisor graph`: a dialogue flow drawn as Mermaid, Graphviz DOT or a PNG.

Each step is a box with its id, kind and the start of its prompt; edges carry the option labels
that lead along them, or the condition of a conditional `next`; result steps are highlighted.
The PNG is laid out and drawn here with Pillow (layers top to bottom), so Graphviz is not needed.
"""

from __future__ import annotations

import argparse
import io
import itertools
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw

from bot.core.suggest import hint
from bot.engine.model import Flow, StepDef
from bot.ops.charts import FontT, font, wrap

if TYPE_CHECKING:
    from bot.contracts import Brain

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
        if not prompt and step.kind == "dimension" and step.dimension:
            prompt = f"dimension {step.dimension}"
        nodes.append(Node(step.id, step.kind, _shorten(prompt, PROMPT_EXCERPT),
                          step.id == flow.start, step.kind == "result",
                          (step.ask_if or "").replace("_", " ")))
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
    if step.kind == "dimension" and info is not None:
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

_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;",
                     "&": "#amp;"}


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
        f"    graph [rankdir=TB, labelloc=t, fontname=\"DejaVu Sans\", "
        f"label={_dot_quote([graph.title or graph.flow])}];",
        '    node [shape=box, style="rounded,filled", fillcolor="#ffffff", '
        'fontname="DejaVu Sans"];',
        '    edge [fontname="DejaVu Sans", fontsize=10];',
    ]
    for n in graph.nodes:
        attrs = [f"label={_dot_quote(n.lines)}"]
        if n.result:
            attrs += ['fillcolor="#fde2c8"', 'color="#e8833a"', "penwidth=3"]
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


# -- PNG ---------------------------------------------------------------------------------------

BOX_WIDTH = 340
BOX_PAD = 14
H_GAP = 70
V_GAP = 120
LANE_GAP = 24
PAGE = 40
EDGE_LABEL_WIDTH = 240
BG = (250, 250, 247)
INK = (33, 37, 41)
MUTED = (108, 117, 125)
EDGE = (96, 104, 112)
FILLS: Mapping[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    # kind -> (fill, outline)
    "result": ((253, 226, 200), (232, 131, 58)),
    "start": ((219, 233, 252), (47, 128, 237)),
    "dimension": ((241, 243, 245), (173, 181, 189)),
    "message": ((255, 248, 219), (214, 184, 76)),
    "other": ((255, 255, 255), (173, 181, 189)),
}


def _layers(graph: Graph) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """Longest-path layers over the forward edges; back edges (loops) are returned apart."""
    ids = [n.id for n in graph.nodes]
    succ: dict[str, list[str]] = {i: [] for i in ids}
    for e in graph.edges:
        if e.src in succ and e.dst in succ and e.dst not in succ[e.src]:
            succ[e.src].append(e.dst)
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = done
    starts = [n.id for n in graph.nodes if n.start] + ids
    for root in starts:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, i = stack.pop()
            if i < len(succ[node]):
                stack.append((node, i + 1))
                nxt = succ[node][i]
                if state.get(nxt) == 1:
                    back.add((node, nxt))
                elif nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, 0))
            else:
                state[node] = 2
    indegree = {i: 0 for i in ids}
    for src, targets in succ.items():
        for dst in targets:
            if (src, dst) not in back:
                indegree[dst] += 1
    layer = {i: 0 for i in ids}
    ready = [i for i in ids if indegree[i] == 0]
    while ready:
        node = ready.pop(0)
        for dst in succ[node]:
            if (node, dst) in back:
                continue
            layer[dst] = max(layer[dst], layer[node] + 1)
            indegree[dst] -= 1
            if indegree[dst] == 0:
                ready.append(dst)
    return layer, back


def _wrap(draw: ImageDraw.ImageDraw, text: str, f: FontT, width: float) -> list[str]:
    return wrap(draw, text, f, width, max_lines=1_000)


def _arrow(draw: ImageDraw.ImageDraw, tip: tuple[float, float], direction: tuple[float, float],
           colour: tuple[int, int, int]) -> None:
    dx, dy = direction
    length = max(1e-6, (dx * dx + dy * dy) ** 0.5)
    ux, uy = dx / length, dy / length
    size = 14
    base = (tip[0] - ux * size, tip[1] - uy * size)
    left = (base[0] - uy * size * 0.5, base[1] + ux * size * 0.5)
    right = (base[0] + uy * size * 0.5, base[1] - ux * size * 0.5)
    draw.polygon([tip, left, right], fill=colour)


def _dashed(draw: ImageDraw.ImageDraw, points: Sequence[tuple[float, float]],
            colour: tuple[int, int, int], dashed: bool) -> None:
    if not dashed:
        draw.line(list(points), fill=colour, width=3, joint="curve")
        return
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = max(1e-6, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
        steps = int(length // 12)
        for k in range(0, steps, 2):
            a, b = k / steps, min(1.0, (k + 1) / steps)
            draw.line((x0 + (x1 - x0) * a, y0 + (y1 - y0) * a,
                       x0 + (x1 - x0) * b, y0 + (y1 - y0) * b), fill=colour, width=3)


def _line_height(f: FontT, gap: int) -> int:
    top, bottom = f.getbbox("ÁgjÉ|")[1::2]
    return int(bottom - top) + gap


def _label_size(draw: ImageDraw.ImageDraw, lines: Sequence[str], f: FontT) -> tuple[float, float]:
    widths = [draw.textlength(line, font=f) for line in lines]
    return max(widths, default=0) + 12, _line_height(f, 4) * len(lines) + 6


def _label(draw: ImageDraw.ImageDraw, lines: Sequence[str], f: FontT, x: float, y: float,
           anchor_left: bool = False) -> None:
    """Edge label lines centred on (x, y) (or starting at x) over a background patch."""
    w, h = _label_size(draw, lines, f)
    left = x if anchor_left else x - w / 2
    top = y - h / 2
    draw.rounded_rectangle((left, top, left + w, top + h), radius=6, fill=BG,
                           outline=(222, 226, 230))
    for i, line in enumerate(lines):
        draw.text((left + 6, top + 3 + i * _line_height(f, 4)), line, font=f, fill=MUTED)


def separate(rect: tuple[float, float, float, float],
             placed: Sequence[tuple[float, float, float, float]],
             gap: float = 6.0) -> tuple[float, float]:
    """Top-left for `rect` (x, y, w, h), moved right until it overlaps none of `placed`."""
    x, y, w, h = rect
    moved = True
    while moved:
        moved = False
        for px, py, pw, ph in placed:
            if x < px + pw + gap and px < x + w + gap and y < py + ph and py < y + h:
                x = px + pw + gap
                moved = True
    return x, y


def to_png(graph: Graph) -> bytes:
    """The flow drawn top to bottom; loops and layer-skipping edges run in lanes on the right."""
    title_font, head_font, body_font, edge_font = font(30, True), font(20, True), font(18), font(16)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    # Long option labels and conditions wrap inside their label patch.
    graph = Graph(graph.flow, graph.title, graph.nodes, tuple(
        Edge(e.src, e.dst, tuple(part for line in e.label
                                 for part in _wrap(probe, line, edge_font, EDGE_LABEL_WIDTH)),
             e.conditional)
        for e in graph.edges))
    layer, back = _layers(graph)
    by_layer: dict[int, list[Node]] = {}
    for n in graph.nodes:
        by_layer.setdefault(layer[n.id], []).append(n)
    # Order each layer by the mean position of its parents (fewer crossings), stable otherwise.
    order: dict[str, float] = {}
    preds: dict[str, list[str]] = {}
    for e in graph.edges:
        if (e.src, e.dst) not in back:
            preds.setdefault(e.dst, []).append(e.src)
    for index in sorted(by_layer):
        row = by_layer[index]
        keyed = []
        for i, n in enumerate(row):
            parents = [order[p] for p in preds.get(n.id, []) if p in order]
            keyed.append((sum(parents) / len(parents) if parents else float(i), i, n))
        row[:] = [n for _, _, n in sorted(keyed, key=lambda t: (t[0], t[1]))]
        for i, n in enumerate(row):
            order[n.id] = float(i)
    # Box sizes.
    text_w = BOX_WIDTH - 2 * BOX_PAD
    box_lines: dict[str, tuple[list[str], list[str]]] = {}
    box_h: dict[str, int] = {}
    head_h = _line_height(head_font, 8)
    body_h = _line_height(body_font, 6)
    for n in graph.nodes:
        head = _wrap(probe, n.head, head_font, text_w)
        body = _wrap(probe, n.excerpt, body_font, text_w) if n.excerpt else []
        box_lines[n.id] = (head, body)
        box_h[n.id] = 2 * BOX_PAD + len(head) * head_h + len(body) * body_h
    # Geometry: layers centred on the widest one.
    widest = max((len(r) for r in by_layer.values()), default=1)
    content_w = widest * BOX_WIDTH + (widest - 1) * H_GAP
    title_lines = _wrap(probe, graph.title or graph.flow, title_font, max(content_w, 600))
    title_line_h = _line_height(title_font, 10)
    title_h = len(title_lines) * title_line_h + 60  # room for edges entering row 0
    pos: dict[str, tuple[float, float]] = {}  # top-left of each box
    y = PAGE + title_h
    layer_top: dict[int, float] = {}
    for index in sorted(by_layer):
        row = by_layer[index]
        row_w = len(row) * BOX_WIDTH + (len(row) - 1) * H_GAP
        x = PAGE + (content_w - row_w) / 2
        layer_top[index] = y
        for n in row:
            pos[n.id] = (x, y)
            x += BOX_WIDTH + H_GAP
        y += max(box_h[n.id] for n in row) + V_GAP
    height = int(y - V_GAP + PAGE)
    # Edges between neighbouring layers go straight; the others take a lane on the right.
    straight = [e for e in graph.edges
                if (e.src, e.dst) not in back and layer[e.dst] == layer[e.src] + 1]
    laned = [e for e in graph.edges if e not in straight]
    lane_x: list[float] = []
    x = PAGE + content_w + LANE_GAP * 2
    for e in laned:
        lane_x.append(x)
        w, _ = _label_size(probe, e.label, edge_font) if e.label else (0.0, 0.0)
        x += LANE_GAP + w
    width = int(max(x, PAGE + content_w) + PAGE)
    img = Image.new("RGB", (width, height), BG)
    draw = ImageDraw.Draw(img)
    ty: float = PAGE
    for line in title_lines:
        draw.text((PAGE, ty), line, font=title_font, fill=INK)
        ty += title_line_h
    labels: list[tuple[tuple[str, ...], float, float, bool]] = []
    row_bottom = {i: layer_top[i] + max(box_h[n.id] for n in row) for i, row in by_layer.items()}
    # Ports along the bottom of each box: straight edges ordered by where they go (no crossing
    # among siblings), then the laned ones on the right.
    ports: dict[str, list[Edge]] = {}
    for e in sorted(straight, key=lambda e: pos[e.dst][0]):
        ports.setdefault(e.src, []).append(e)
    for e in laned:
        ports.setdefault(e.src, []).append(e)

    def port_x(e: Edge) -> float:
        row = ports[e.src]
        sx = pos[e.src][0]
        if len(row) == 1:
            return sx + BOX_WIDTH / 2
        k = row.index(e)
        return sx + BOX_WIDTH * (0.2 + 0.6 * k / (len(row) - 1))

    fan_in: dict[str, int] = {}
    for e in straight:
        fan_in[e.dst] = fan_in.get(e.dst, 0) + 1
    for e in straight:
        x0, y0 = port_x(e), pos[e.src][1] + box_h[e.src]
        x1, y1 = pos[e.dst][0] + BOX_WIDTH / 2, pos[e.dst][1]
        _dashed(draw, [(x0, y0), (x1, y1)], EDGE, e.conditional)
        _arrow(draw, (x1, y1), (x1 - x0, y1 - y0), EDGE)
        if e.label:
            # Put the label where sibling edges are furthest apart: near the targets when
            # fanning out, near the sources when converging.
            t = 0.6 if len(ports[e.src]) > 1 else 0.35 if fan_in[e.dst] > 1 else 0.5
            labels.append((e.label, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, False))
    # Laned edges run in the gaps between rows and down a lane right of everything, so they
    # never cross a box: below the source row, along the lane, above the target row, down.
    incoming: dict[str, int] = {}
    for k, (e, lx) in enumerate(zip(laned, lane_x, strict=True)):
        x0, y0 = port_x(e), pos[e.src][1] + box_h[e.src]
        offset = 18 + 10 * (k % 6)
        gy0 = row_bottom[layer[e.src]] + offset
        gy1 = layer_top[layer[e.dst]] - offset
        j = incoming.get(e.dst, 0)
        incoming[e.dst] = j + 1
        x1, y1 = pos[e.dst][0] + BOX_WIDTH - 24 - 14 * j, pos[e.dst][1]
        points = [(x0, y0), (x0, gy0), (lx, gy0), (lx, gy1), (x1, gy1), (x1, y1)]
        _dashed(draw, points, EDGE, e.conditional)
        _arrow(draw, (x1, y1), (0.0, 1.0), EDGE)
        if e.label:
            labels.append((e.label, lx + 8, (gy0 + gy1) / 2, True))
    for n in graph.nodes:
        x0, y0 = pos[n.id]
        key = "result" if n.result else "start" if n.start else (
            n.kind if n.kind in FILLS else "other")
        fill, outline = FILLS[key]
        draw.rounded_rectangle((x0, y0, x0 + BOX_WIDTH, y0 + box_h[n.id]), radius=14,
                               fill=fill, outline=outline, width=4 if key in ("result", "start")
                               else 2)
        head, body = box_lines[n.id]
        ty = y0 + BOX_PAD
        for line in head:
            draw.text((x0 + BOX_PAD, ty), line, font=head_font, fill=INK)
            ty += head_h
        for line in body:
            draw.text((x0 + BOX_PAD, ty), line, font=body_font, fill=MUTED)
            ty += body_h
    placed: list[tuple[float, float, float, float]] = []
    for lines, lx, ly, left in labels:
        w, h = _label_size(draw, lines, edge_font)
        lx, ly = separate((lx if left else lx - w / 2, ly - h / 2, w, h), placed)
        placed.append((lx, ly, w, h))
        _label(draw, lines, edge_font, lx, ly + h / 2, anchor_left=True)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


# -- command line ------------------------------------------------------------------------------


def brain_lookup(brain: Brain) -> DimensionLookup:
    """Questions and answer labels of dimensions, from the knowledge base."""

    def lookup(dimension_id: str) -> DimensionInfo | None:
        ref = brain.dimension(dimension_id)
        if ref is None:
            return None
        return DimensionInfo(ref.question, tuple(o.label for o in ref.options),
                             tuple(o.id for o in ref.options))

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


def main(args: argparse.Namespace) -> int:
    """Entry point of `advisor graph [FLOW] --format mermaid|dot|png [-o FILE]`."""
    from bot.advisor import Advisor
    from bot.config import Settings
    from bot.core.errors import AdvisorError

    fmt: str = args.format
    output: str | None = args.output
    if fmt == "png" and not output:
        print("advisor graph: --format png needs -o FILE", file=sys.stderr)
        return 2
    try:
        advisor = Advisor.load(Settings.load())
    except AdvisorError as exc:  # DataErrors, or a single DataError from one file
        print(f"advisor graph: cannot load the dialogues:\n{exc}", file=sys.stderr)
        return 1
    flows: Mapping[str, Any] = advisor.flows
    flow_id: str = args.flow
    if flow_id not in flows:
        suggestion = hint(flow_id, flows)
        known = ", ".join(sorted(flows))
        print(f"advisor graph: unknown flow '{flow_id}'"
              + (f"; {suggestion}" if suggestion else "") + f" (flows: {known})",
              file=sys.stderr)
        return 1
    result = render(build_graph(flows[flow_id], brain_lookup(advisor.brain)), fmt)
    if output and fmt == "mermaid" and output.endswith(".md"):
        assert isinstance(result, str)
        result = markdown_page(flows[flow_id], result)
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
    return 0
