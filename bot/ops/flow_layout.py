"""Where a flow diagram's boxes, arrows and lanes go: layers top to bottom, loops on the right.

The geometry half of the hand-made PNG (`flow_png.py` draws it); see that module for why no
layout library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from bot.ops.graph import Edge, Graph, Node
from bot.ops.text_fit import FontT, wrap

BOX_WIDTH = 340
BOX_PAD = 14
H_GAP = 70
V_GAP = 120
LANE_GAP = 24
PAGE = 40
EDGE_LABEL_WIDTH = 240

Point = tuple[float, float]


# -- layers ------------------------------------------------------------------------------------


def _successors(graph: Graph) -> dict[str, list[str]]:
    succ: dict[str, list[str]] = {n.id: [] for n in graph.nodes}
    for e in graph.edges:
        if e.src in succ and e.dst in succ and e.dst not in succ[e.src]:
            succ[e.src].append(e.dst)
    return succ


def _back_edges(graph: Graph, succ: Mapping[str, list[str]]) -> set[tuple[str, str]]:
    """Edges that close a loop, found by a depth-first walk from the start step."""
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = done
    for root in [n.id for n in graph.nodes if n.start] + list(succ):
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, i = stack.pop()
            if i >= len(succ[node]):
                state[node] = 2
                continue
            stack.append((node, i + 1))
            nxt = succ[node][i]
            if state.get(nxt) == 1:
                back.add((node, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, 0))
    return back


def _layers(graph: Graph) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """Longest-path layers over the forward edges; back edges (loops) are returned apart."""
    succ = _successors(graph)
    back = _back_edges(graph, succ)
    forward = {src: [d for d in targets if (src, d) not in back] for src, targets in succ.items()}
    indegree = dict.fromkeys(succ, 0)
    for targets in forward.values():
        for dst in targets:
            indegree[dst] += 1
    layer = dict.fromkeys(succ, 0)
    ready = [i for i in succ if indegree[i] == 0]
    while ready:
        node = ready.pop(0)
        for dst in forward[node]:
            layer[dst] = max(layer[dst], layer[node] + 1)
            indegree[dst] -= 1
            if indegree[dst] == 0:
                ready.append(dst)
    return layer, back


def _ordered_rows(
    graph: Graph, layer: Mapping[str, int], back: set[tuple[str, str]]
) -> dict[int, list[Node]]:
    """Nodes per layer, each layer ordered by the mean position of its parents (fewer
    crossings), stable otherwise."""
    by_layer: dict[int, list[Node]] = {}
    for n in graph.nodes:
        by_layer.setdefault(layer[n.id], []).append(n)
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
    return by_layer


# -- text --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fonts:
    title: FontT
    head: FontT
    body: FontT
    edge: FontT


def wrap_all(draw: ImageDraw.ImageDraw, text: str, f: FontT, width: float) -> list[str]:
    """`text` wrapped to `width` pixels, however many lines it takes."""
    return wrap(draw, text, f, width, max_lines=1_000)


def line_height(f: FontT, gap: int) -> int:
    top, bottom = f.getbbox("ÁgjÉ|")[1::2]
    return int(bottom - top) + gap


def label_size(draw: ImageDraw.ImageDraw, lines: Sequence[str], f: FontT) -> tuple[float, float]:
    widths = [draw.textlength(line, font=f) for line in lines]
    return max(widths, default=0) + 12, line_height(f, 4) * len(lines) + 6


def _wrapped_edges(graph: Graph, probe: ImageDraw.ImageDraw, f: FontT) -> Graph:
    """Long option labels and conditions wrapped to fit inside their label patch."""
    return Graph(
        graph.flow,
        graph.title,
        graph.nodes,
        tuple(
            Edge(
                e.src,
                e.dst,
                tuple(
                    part for line in e.label for part in wrap_all(probe, line, f, EDGE_LABEL_WIDTH)
                ),
                e.conditional,
            )
            for e in graph.edges
        ),
    )


# -- geometry ----------------------------------------------------------------------------------


@dataclass
class Layout:
    """Where everything goes, before anything is drawn."""

    graph: Graph
    layer: dict[str, int]
    back: set[tuple[str, str]]
    rows: dict[int, list[Node]]
    box_lines: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    box_h: dict[str, int] = field(default_factory=dict)
    pos: dict[str, Point] = field(default_factory=dict)  # top-left of each box
    layer_top: dict[int, float] = field(default_factory=dict)
    title_lines: list[str] = field(default_factory=list)
    content_w: float = 0.0
    height: int = 0
    straight: list[Edge] = field(default_factory=list)
    laned: list[Edge] = field(default_factory=list)
    lane_x: list[float] = field(default_factory=list)
    width: int = 0


def _size_boxes(lay: Layout, probe: ImageDraw.ImageDraw, fonts: Fonts) -> None:
    text_w = BOX_WIDTH - 2 * BOX_PAD
    head_h, body_h = line_height(fonts.head, 8), line_height(fonts.body, 6)
    for n in lay.graph.nodes:
        head = wrap_all(probe, n.head, fonts.head, text_w)
        body = wrap_all(probe, n.excerpt, fonts.body, text_w) if n.excerpt else []
        lay.box_lines[n.id] = (head, body)
        lay.box_h[n.id] = 2 * BOX_PAD + len(head) * head_h + len(body) * body_h


def _place_rows(lay: Layout, probe: ImageDraw.ImageDraw, fonts: Fonts) -> None:
    """Layers one under the other, each centred on the widest one, below the title."""
    widest = max((len(r) for r in lay.rows.values()), default=1)
    lay.content_w = widest * BOX_WIDTH + (widest - 1) * H_GAP
    title = lay.graph.title or lay.graph.flow
    lay.title_lines = wrap_all(probe, title, fonts.title, max(lay.content_w, 600))
    title_h = len(lay.title_lines) * line_height(fonts.title, 10) + 60  # edges enter row 0
    y = PAGE + title_h
    for index in sorted(lay.rows):
        row = lay.rows[index]
        row_w = len(row) * BOX_WIDTH + (len(row) - 1) * H_GAP
        x = PAGE + (lay.content_w - row_w) / 2
        lay.layer_top[index] = y
        for n in row:
            lay.pos[n.id] = (x, y)
            x += BOX_WIDTH + H_GAP
        y += max(lay.box_h[n.id] for n in row) + V_GAP
    lay.height = int(y - V_GAP + PAGE)


def _place_lanes(lay: Layout, probe: ImageDraw.ImageDraw, fonts: Fonts) -> None:
    """Edges between neighbouring layers go straight; the others take a lane on the right."""
    lay.straight = [
        e
        for e in lay.graph.edges
        if (e.src, e.dst) not in lay.back and lay.layer[e.dst] == lay.layer[e.src] + 1
    ]
    lay.laned = [e for e in lay.graph.edges if e not in lay.straight]
    x = PAGE + lay.content_w + LANE_GAP * 2
    for e in lay.laned:
        lay.lane_x.append(x)
        w, _ = label_size(probe, e.label, fonts.edge) if e.label else (0.0, 0.0)
        x += LANE_GAP + w
    lay.width = int(max(x, PAGE + lay.content_w) + PAGE)


def layout(graph: Graph, fonts: Fonts) -> Layout:
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    graph = _wrapped_edges(graph, probe, fonts.edge)
    layer, back = _layers(graph)
    lay = Layout(graph, layer, back, _ordered_rows(graph, layer, back))
    _size_boxes(lay, probe, fonts)
    _place_rows(lay, probe, fonts)
    _place_lanes(lay, probe, fonts)
    return lay
