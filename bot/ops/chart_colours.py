"""The result chart's colours and the 8-bit palette its PNGs are written in."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image

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
def palette() -> Image.Image:
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
def palette_index() -> dict[Colour, int]:
    """The palette index of each of the chart's exact colours."""
    flat = palette().getpalette() or []
    index: dict[Colour, int] = {}
    for i in range(len(flat) // 3):
        index.setdefault((flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]), i)
    return index
