"""The result chart as a PNG drawn with Pillow: the overall verdict on top (headline with its
confidence, a wide track and a big marker), then one track per dimension, customer-based on the
left, client-based on the right, and a marker where the business stands.

Sized for a phone: 1080 px wide (Telegram shows photos at full width), fonts of 34 px and more.
"""

from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from PIL import Image, ImageDraw

from bot.contracts import Chart
from bot.ops import text_fit
from bot.ops.files import save_once
from bot.ops.text_fit import FontT, ellipsize, font, text_width, wrap

T = TypeVar("T")

WIDTH = 1080
MARGIN = 64
TRACK_LEFT = MARGIN + 26  # room for the marker's radius at the extremes
TRACK_RIGHT = WIDTH - MARGIN - 26
TRACK_HEIGHT = 14
MARKER_RADIUS = 22
OVERALL_TRACK_HEIGHT = 24
OVERALL_RADIUS = 28  # with its ring, still inside the margin at the ends

Colour = tuple[int, int, int]
BACKGROUND = (250, 250, 247)
INK = (33, 37, 41)
MUTED = (108, 117, 125)
CUSTOMER = (47, 128, 237)  # left end of the track
CLIENT = (235, 131, 52)  # right end of the track
MARKER = (20, 24, 82)  # a colour used nowhere else, so tests can find the marker
MARKER_RING = (255, 255, 255)
UNKNOWN = (160, 168, 176)  # the hollow marker of a dimension without an answer
MIDLINE = (206, 212, 218)

MAX_LABEL_LINES = 2


@dataclass(frozen=True)
class Fonts:
    """The sizes the chart uses."""

    title: FontT
    label: FontT
    axis: FontT
    headline: FontT


def fonts() -> Fonts:
    """The chart's fonts (DejaVu when installed, else Pillow's scalable default)."""
    return Fonts(
        title=font(46, bold=True),
        label=font(36),
        axis=font(32, bold=True),
        headline=font(40, bold=True),
    )


def clamp_position(position: float) -> float:
    """-1..+1; NaN (no answer) sits in the middle, infinities at the ends."""
    if math.isnan(position):
        return 0.0
    return max(-1.0, min(1.0, position))


def marker_x(position: float) -> int:
    """The x pixel of the marker's centre for a position."""
    p = clamp_position(position)
    return round(TRACK_LEFT + (p + 1.0) / 2.0 * (TRACK_RIGHT - TRACK_LEFT))


def _line_height(font: FontT) -> int:
    top, bottom = font.getbbox("ÁgjÉ|")[1::2]
    return int(bottom - top) + 10


@lru_cache(maxsize=2)
def _track_images(height: int = TRACK_HEIGHT) -> tuple[Image.Image, Image.Image]:
    """The gradient strip and its rounded mask, made once (drawing them per pixel is slow)."""
    width = TRACK_RIGHT - TRACK_LEFT
    ends = Image.new("RGB", (2, 1))
    ends.putpixel((0, 0), CUSTOMER)
    ends.putpixel((1, 0), CLIENT)
    # Resizing two pixels with bilinear filtering is a linear gradient between them.
    strip = ends.resize((width, height), Image.Resampling.BILINEAR, box=(0.5, 0, 1.5, 1))
    mask = Image.new("L", strip.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, width - 1, height - 1), radius=height // 2, fill=255
    )
    return strip, mask


def _gradient_track(img: Image.Image, y: int, height: int = TRACK_HEIGHT) -> None:
    """A rounded track fading from the customer colour to the client colour."""
    strip, mask = _track_images(height)
    img.paste(strip, (TRACK_LEFT, y - height // 2), mask)


def _ramp(a: Colour, b: Colour, steps: int) -> list[Colour]:
    return [
        (
            round(a[0] + (b[0] - a[0]) * i / (steps - 1)),
            round(a[1] + (b[1] - a[1]) * i / (steps - 1)),
            round(a[2] + (b[2] - a[2]) * i / (steps - 1)),
        )
        for i in range(steps)
    ]


@lru_cache(maxsize=1)
def _palette() -> Image.Image:
    """The chart's own 8-bit palette: its colours exactly, plus the ramps that anti-aliasing
    and the track's gradient need. PNGs come out 3x smaller than RGB, 10x faster than an
    adaptive quantizer, and without the banding a 256-colour adaptive palette leaves."""
    colours = _ramp(CUSTOMER, CLIENT, 100)
    colours += _ramp(INK, BACKGROUND, 24)
    colours += _ramp(CUSTOMER, BACKGROUND, 16) + _ramp(CLIENT, BACKGROUND, 16)
    colours += _ramp(MARKER, MARKER_RING, 12) + _ramp(UNKNOWN, BACKGROUND, 8)
    colours += [*_ramp(MIDLINE, BACKGROUND, 4), MARKER_RING]
    unique = list(dict.fromkeys(colours))
    assert len(unique) <= 256
    flat = [v for colour in unique for v in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[:3] * (256 - len(unique)))
    return palette


@lru_cache(maxsize=1)
def _palette_index() -> dict[Colour, int]:
    """The palette index of each of the chart's exact colours."""
    flat = _palette().getpalette() or []
    index: dict[Colour, int] = {}
    for i in range(len(flat) // 3):
        index.setdefault((flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]), i)
    return index


@dataclass(frozen=True)
class _Layout:
    title: list[str]
    headline: list[str]
    labels: list[list[str]]
    height: int


def _layout(chart: Chart, f: Fonts) -> _Layout:
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    text_width = WIDTH - 2 * MARGIN
    title = wrap(probe, chart.title, f.title, text_width, 3) if chart.title.strip() else []
    headline = (
        wrap(probe, chart.verdict, f.headline, text_width, 2) or [""]
        if chart.overall is not None
        else []
    )
    labels = [
        wrap(probe, bar.label, f.label, text_width, MAX_LABEL_LINES) or [""] for bar in chart.bars
    ]
    height = MARGIN
    height += len(title) * _line_height(f.title) + (24 if title else 0)
    height += _line_height(f.axis) + 28
    if chart.overall is not None:
        height += len(headline) * _line_height(f.headline) + 2 * OVERALL_RADIUS + 60
    for lines in labels:
        height += len(lines) * _line_height(f.label) + 2 * MARKER_RADIUS + 34
    height += MARGIN - 20
    return _Layout(title, headline, labels, height)


def _draw_ends(draw: ImageDraw.ImageDraw, chart: Chart, f: Fonts, y: int) -> int:
    """The two ends, once, above all tracks; arrows are drawn, not glyphs (any font works).
    Returns the y below them."""
    arrow = 22
    half = (WIDTH - 2 * MARGIN) / 2 - arrow - 24
    left = ellipsize(draw, chart.left_label, f.axis, half)
    right = ellipsize(draw, chart.right_label, f.axis, half)
    axis_mid = y + _line_height(f.axis) // 2 - 4
    draw.polygon(
        [
            (MARGIN, axis_mid),
            (MARGIN + arrow, axis_mid - arrow // 2 - 2),
            (MARGIN + arrow, axis_mid + arrow // 2 + 2),
        ],
        fill=CUSTOMER,
    )
    draw.text((MARGIN + arrow + 12, y), left, font=f.axis, fill=CUSTOMER)
    end = WIDTH - MARGIN
    draw.polygon(
        [
            (end, axis_mid),
            (end - arrow, axis_mid - arrow // 2 - 2),
            (end - arrow, axis_mid + arrow // 2 + 2),
        ],
        fill=CLIENT,
    )
    draw.text(
        (end - arrow - 12 - text_width(draw, right, f.axis), y), right, font=f.axis, fill=CLIENT
    )
    return y + _line_height(f.axis) + 28


def _draw_static(chart: Chart, f: Fonts) -> tuple[Image.Image, tuple[int, ...]]:
    """Everything but the markers, already in the chart's palette, and each track's centre y
    (the overall track's first when the chart has one)."""
    layout = _layout(chart, f)
    title, labels = layout.title, layout.labels
    img = Image.new("RGB", (WIDTH, layout.height), BACKGROUND)
    draw = ImageDraw.Draw(img)
    y = MARGIN
    for line in title:
        draw.text((MARGIN, y), line, font=f.title, fill=INK)
        y += _line_height(f.title)
    if title:
        y += 24
    y = _draw_ends(draw, chart, f, y)
    mid = marker_x(0.0)
    centres: list[int] = []
    if chart.overall is not None:
        # The verdict first: the one line a reader takes away, then where it sits.
        for line in layout.headline:
            draw.text((MARGIN, y), line, font=f.headline, fill=INK)
            y += _line_height(f.headline)
        cy = y + OVERALL_RADIUS
        draw.line(
            (mid, cy - OVERALL_RADIUS + 2, mid, cy + OVERALL_RADIUS - 2), fill=MIDLINE, width=5
        )
        _gradient_track(img, cy, OVERALL_TRACK_HEIGHT)
        centres.append(cy)
        y = cy + OVERALL_RADIUS + 26
        # A rule between the verdict and the dimensions it is made of.
        draw.line((MARGIN, y, WIDTH - MARGIN, y), fill=MIDLINE, width=2)
        y += 34
    for lines in labels:
        for line in lines:
            draw.text((MARGIN, y), line, font=f.label, fill=INK)
            y += _line_height(f.label)
        cy = y + MARKER_RADIUS
        draw.line((mid, cy - MARKER_RADIUS + 4, mid, cy + MARKER_RADIUS - 4), fill=MIDLINE, width=4)
        _gradient_track(img, cy)
        centres.append(cy)
        y = cy + MARKER_RADIUS + 34
    return img.quantize(palette=_palette(), dither=Image.Dither.NONE), tuple(centres)


# Rendered charts and their marker-less backgrounds, most recently used last. A verdict's
# chart is drawn in a worker thread (several at once), hence the lock. Answer patterns repeat
# a lot (same industry, same answers), so even a small cache saves most renders.
_CACHE_SIZE = 64
_BACKGROUND_CACHE_SIZE = 16
_lock = threading.Lock()
_pngs: OrderedDict[Hashable, bytes] = OrderedDict()
_backgrounds: OrderedDict[Hashable, tuple[Image.Image, tuple[int, ...]]] = OrderedDict()


def _remember(cache: OrderedDict[Hashable, T], key: Hashable, value: T, size: int) -> None:
    with _lock:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > size:
            cache.popitem(last=False)


def _recall(cache: OrderedDict[Hashable, T], key: Hashable) -> T | None:
    with _lock:
        value = cache.get(key)
        if value is not None:
            cache.move_to_end(key)
        return value


def _keys(chart: Chart) -> tuple[Hashable, Hashable]:
    """Cache keys: the background's (its texts and fonts) and the whole chart's (plus where
    each marker is drawn, so positions that land on the same pixel share a PNG)."""
    background = (
        str(text_fit.FONT_DIR),
        chart.title,
        chart.left_label,
        chart.right_label,
        tuple(bar.label for bar in chart.bars),
        chart.overall is not None,
        chart.verdict,
    )
    positions = [bar.position for bar in chart.bars]
    if chart.overall is not None:
        positions.insert(0, chart.overall)
    markers = tuple(-1 if math.isnan(p) else marker_x(p) for p in positions)
    return background, (background, markers)


def cached_chart(chart: Chart) -> bytes | None:
    """The chart's PNG if it was rendered recently (cheap: no drawing)."""
    return _recall(_pngs, _keys(chart)[1])


def clear_cache() -> None:
    """Forget rendered charts and backgrounds (fonts changed, tests)."""
    with _lock:
        _pngs.clear()
        _backgrounds.clear()


def render_chart(chart: Chart) -> bytes:
    """The chart as PNG bytes (about 40 KB for ten dimensions).

    The background (texts, tracks) is drawn once per set of labels and only the markers are
    drawn on a copy; both the background and the finished PNG are cached.
    """
    background_key, key = _keys(chart)
    png = _recall(_pngs, key)
    if png is not None:
        return png
    static = _recall(_backgrounds, background_key)
    if static is None:
        static = _draw_static(chart, fonts())
        _remember(_backgrounds, background_key, static, _BACKGROUND_CACHE_SIZE)
    base, centres = static
    img = base.copy()
    # Markers are drawn in palette indices: the colours are in the palette exactly and
    # ellipses are not anti-aliased, so this equals drawing in RGB and quantizing after.
    ink = _palette_index()
    draw = ImageDraw.Draw(img)
    markers = [(bar.position, MARKER_RADIUS) for bar in chart.bars]
    if chart.overall is not None:
        markers.insert(0, (chart.overall, OVERALL_RADIUS))
    for (position, r), cy in zip(markers, centres, strict=True):
        x = marker_x(position)
        draw.ellipse((x - r - 4, cy - r - 4, x + r + 4, cy + r + 4), fill=ink[MARKER_RING])
        if math.isnan(position):
            # No answer: a hollow marker in the middle, so it does not read as "balanced".
            draw.ellipse(
                (x - r, cy - r, x + r, cy + r), fill=ink[BACKGROUND], outline=ink[UNKNOWN], width=6
            )
        else:
            draw.ellipse((x - r, cy - r, x + r, cy + r), fill=ink[MARKER])
    out = io.BytesIO()
    # Level 1: a third of level 6's time for a PNG about 1.5x bigger (Telegram re-encodes
    # photos anyway; only the upload grows, by ~15 KB).
    img.save(out, format="PNG", compress_level=1)
    png = out.getvalue()
    _remember(_pngs, key, png, _CACHE_SIZE)
    return png


def save_chart(chart: Chart, folder: Path | str) -> Path:
    """Write the chart into `folder` (created if needed) under a name made from its content."""
    return save_once(render_chart(chart), folder, "chart", "png", 16)
