"""A flow diagram drawn as a PNG with Pillow: layers top to bottom, loops in lanes on the right.

Hand-made rather than Graphviz: the DOT text exists (`graph.to_dot`), but no well-kept package on
PyPI renders it without the system Graphviz binaries (see docs/dependencies.md).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Mapping, Sequence

from PIL import Image, ImageDraw

from bot.ops.flow_layout import (
    BOX_PAD,
    BOX_WIDTH,
    PAGE,
    Fonts,
    Layout,
    Point,
    label_size,
    layout,
    line_height,
)
from bot.ops.graph import Edge, Graph
from bot.ops.text_fit import FontT, font

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

Rect = tuple[float, float, float, float]
Label = tuple[tuple[str, ...], float, float, bool]  # lines, x, y, anchored left


# -- drawing -----------------------------------------------------------------------------------


def _arrow(
    draw: ImageDraw.ImageDraw, tip: Point, direction: Point, colour: tuple[int, int, int]
) -> None:
    dx, dy = direction
    length = max(1e-6, (dx * dx + dy * dy) ** 0.5)
    ux, uy = dx / length, dy / length
    size = 14
    base = (tip[0] - ux * size, tip[1] - uy * size)
    left = (base[0] - uy * size * 0.5, base[1] + ux * size * 0.5)
    right = (base[0] + uy * size * 0.5, base[1] - ux * size * 0.5)
    draw.polygon([tip, left, right], fill=colour)


def _dashed(
    draw: ImageDraw.ImageDraw, points: Sequence[Point], colour: tuple[int, int, int], dashed: bool
) -> None:
    if not dashed:
        draw.line(list(points), fill=colour, width=3, joint="curve")
        return
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = max(1e-6, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
        steps = int(length // 12)
        for k in range(0, steps, 2):
            a, b = k / steps, min(1.0, (k + 1) / steps)
            draw.line(
                (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                fill=colour,
                width=3,
            )


def _label(
    draw: ImageDraw.ImageDraw,
    lines: Sequence[str],
    f: FontT,
    x: float,
    y: float,
    anchor_left: bool = False,
) -> None:
    """Edge label lines centred on (x, y) (or starting at x) over a background patch."""
    w, h = label_size(draw, lines, f)
    left = x if anchor_left else x - w / 2
    top = y - h / 2
    draw.rounded_rectangle(
        (left, top, left + w, top + h), radius=6, fill=BG, outline=(222, 226, 230)
    )
    for i, line in enumerate(lines):
        draw.text((left + 6, top + 3 + i * line_height(f, 4)), line, font=f, fill=MUTED)


def separate(rect: Rect, placed: Sequence[Rect], gap: float = 6.0) -> tuple[float, float]:
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


class _Ports:
    """Ports along the bottom of each box: straight edges ordered by where they go (no crossing
    among siblings), then the laned ones on the right."""

    def __init__(self, lay: Layout) -> None:
        self.pos = lay.pos
        self.rows: dict[str, list[Edge]] = {}
        for e in sorted(lay.straight, key=lambda e: lay.pos[e.dst][0]):
            self.rows.setdefault(e.src, []).append(e)
        for e in lay.laned:
            self.rows.setdefault(e.src, []).append(e)

    def x(self, e: Edge) -> float:
        row = self.rows[e.src]
        sx = self.pos[e.src][0]
        if len(row) == 1:
            return sx + BOX_WIDTH / 2
        k = row.index(e)
        return sx + BOX_WIDTH * (0.2 + 0.6 * k / (len(row) - 1))


def _draw_straight(draw: ImageDraw.ImageDraw, lay: Layout, ports: _Ports) -> list[Label]:
    labels: list[Label] = []
    fan_in: dict[str, int] = {}
    for e in lay.straight:
        fan_in[e.dst] = fan_in.get(e.dst, 0) + 1
    for e in lay.straight:
        x0, y0 = ports.x(e), lay.pos[e.src][1] + lay.box_h[e.src]
        x1, y1 = lay.pos[e.dst][0] + BOX_WIDTH / 2, lay.pos[e.dst][1]
        _dashed(draw, [(x0, y0), (x1, y1)], EDGE, e.conditional)
        _arrow(draw, (x1, y1), (x1 - x0, y1 - y0), EDGE)
        if e.label:
            # Put the label where sibling edges are furthest apart: near the targets when
            # fanning out, near the sources when converging.
            t = 0.6 if len(ports.rows[e.src]) > 1 else 0.35 if fan_in[e.dst] > 1 else 0.5
            labels.append((e.label, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, False))
    return labels


def _draw_laned(draw: ImageDraw.ImageDraw, lay: Layout, ports: _Ports) -> list[Label]:
    """Laned edges run in the gaps between rows and down a lane right of everything, so they
    never cross a box: below the source row, along the lane, above the target row, down."""
    labels: list[Label] = []
    row_bottom = {
        i: lay.layer_top[i] + max(lay.box_h[n.id] for n in row) for i, row in lay.rows.items()
    }
    incoming: dict[str, int] = {}
    for k, (e, lx) in enumerate(zip(lay.laned, lay.lane_x, strict=True)):
        x0, y0 = ports.x(e), lay.pos[e.src][1] + lay.box_h[e.src]
        offset = 18 + 10 * (k % 6)
        gy0 = row_bottom[lay.layer[e.src]] + offset
        gy1 = lay.layer_top[lay.layer[e.dst]] - offset
        j = incoming.get(e.dst, 0)
        incoming[e.dst] = j + 1
        x1, y1 = lay.pos[e.dst][0] + BOX_WIDTH - 24 - 14 * j, lay.pos[e.dst][1]
        points = [(x0, y0), (x0, gy0), (lx, gy0), (lx, gy1), (x1, gy1), (x1, y1)]
        _dashed(draw, points, EDGE, e.conditional)
        _arrow(draw, (x1, y1), (0.0, 1.0), EDGE)
        if e.label:
            labels.append((e.label, lx + 8, (gy0 + gy1) / 2, True))
    return labels


def _draw_boxes(draw: ImageDraw.ImageDraw, lay: Layout, fonts: Fonts) -> None:
    head_h, body_h = line_height(fonts.head, 8), line_height(fonts.body, 6)
    for n in lay.graph.nodes:
        x0, y0 = lay.pos[n.id]
        key = (
            "result"
            if n.result
            else "start"
            if n.start
            else (n.kind if n.kind in FILLS else "other")
        )
        fill, outline = FILLS[key]
        draw.rounded_rectangle(
            (x0, y0, x0 + BOX_WIDTH, y0 + lay.box_h[n.id]),
            radius=14,
            fill=fill,
            outline=outline,
            width=4 if key in ("result", "start") else 2,
        )
        head, body = lay.box_lines[n.id]
        ty = y0 + BOX_PAD
        for line in head:
            draw.text((x0 + BOX_PAD, ty), line, font=fonts.head, fill=INK)
            ty += head_h
        for line in body:
            draw.text((x0 + BOX_PAD, ty), line, font=fonts.body, fill=MUTED)
            ty += body_h


def _draw_labels(draw: ImageDraw.ImageDraw, labels: Sequence[Label], f: FontT) -> None:
    placed: list[Rect] = []
    for lines, lx, ly, left in labels:
        w, h = label_size(draw, lines, f)
        lx, ly = separate((lx if left else lx - w / 2, ly - h / 2, w, h), placed)
        placed.append((lx, ly, w, h))
        _label(draw, lines, f, lx, ly + h / 2, anchor_left=True)


def to_png(graph: Graph) -> bytes:
    """The flow drawn top to bottom; loops and layer-skipping edges run in lanes on the right."""
    fonts = Fonts(font(30, True), font(20, True), font(18), font(16))
    lay = layout(graph, fonts)
    img = Image.new("RGB", (lay.width, lay.height), BG)
    draw = ImageDraw.Draw(img)
    ty: float = PAGE
    for line in lay.title_lines:
        draw.text((PAGE, ty), line, font=fonts.title, fill=INK)
        ty += line_height(fonts.title, 10)
    ports = _Ports(lay)
    labels = _draw_straight(draw, lay, ports) + _draw_laned(draw, lay, ports)
    _draw_boxes(draw, lay, fonts)
    _draw_labels(draw, labels, fonts.edge)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
