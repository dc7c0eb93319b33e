"""Fonts and text fitted into pixels, for the result chart and the flow diagrams."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

FontT = ImageFont.FreeTypeFont | ImageFont.ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@lru_cache(maxsize=8)
def font(size: int, bold: bool = False) -> FontT:
    """DejaVu Sans at `size` px when installed, else Pillow's scalable built-in font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = FONT_DIR / name
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    # Pillow >= 10.1 scales its built-in font; older versions ignore the size.
    return ImageFont.load_default(size=size)


def text_width(draw: ImageDraw.ImageDraw, text: str, font: FontT) -> float:
    """Width of `text` in pixels."""
    return draw.textlength(text, font=font)


def ellipsize(draw: ImageDraw.ImageDraw, text: str, font: FontT, width: float) -> str:
    """`text` cut with '…' to fit `width` pixels (at a word boundary when that loses little)."""
    if text_width(draw, text, font) <= width:
        return text
    while text and text_width(draw, text + "…", font) > width:
        text = text[:-1]
    # Cut at a word boundary when that loses little.
    head, space, _tail = text.rpartition(" ")
    if space and len(head) > len(text) * 0.6:
        text = head
    return text.rstrip(" ,;:-") + "…"


def wrap(
    draw: ImageDraw.ImageDraw, text: str, font: FontT, width: float, max_lines: int
) -> list[str]:
    """Greedy word wrap into at most `max_lines`, the last one cut with '…' if needed."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if text_width(draw, candidate, font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    # A single word wider than the line (a long compound name) is cut too.
    return [ellipsize(draw, line, font, width) for line in lines]
