"""The relationship plan (`bot.engine.replies.Document`) as a PDF, made with fpdf2.

One page shaped for a phone: 120 mm wide (a phone shows it at full width, body text as large as
a web page's) and as tall as the plan, so it scrolls like a message and never breaks mid-item.
The text font is Open Sans from the `ttf-opensans` package (Latin, Greek, Cyrillic), embedded as
a subset; characters it lacks (CJK, emoji…) become '?' rather than blank boxes or warnings.
User text arrives inside rich-text spans and is written as plain characters: there is no
markup language in between that it could inject into.
"""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from pathlib import Path

import ttf_opensans
from fontTools.ttLib import TTFont
from fpdf import FPDF
from PIL import Image

from bot.core.richtext import RichText
from bot.engine.replies import DocBlock, Document
from bot.ops.charts import render_chart
from bot.ops.files import save_once

PAGE_WIDTH = 120.0  # mm
MARGIN = 9.0
MIN_HEIGHT = 200.0
MAX_HEIGHT = 5000.0  # PDF viewers stop at 5080 mm; longer plans continue on a second page
FONT = "OpenSans"
BODY_SIZE = 10.5  # pt
INDENT = 5.0
CHART_WIDTH = PAGE_WIDTH - 2 * MARGIN
REPLACEMENT = "?"

Rgb = tuple[int, int, int]
INK: Rgb = (33, 37, 41)
MUTED: Rgb = (108, 117, 125)
ACCENT: Rgb = (235, 131, 52)  # the chart's client colour: headings match the picture
RULE: Rgb = (206, 212, 218)

_STYLES = {
    "": ttf_opensans.OPENSANS_REGULAR,
    "B": ttf_opensans.OPENSANS_BOLD,
    "I": ttf_opensans.OPENSANS_ITALIC,
    "BI": ttf_opensans.OPENSANS_BOLDITALIC,
}


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    """Code points every style of the font can draw."""
    sets = []
    for style in _STYLES.values():
        with TTFont(str(style.path), lazy=True) as font:
            sets.append(set(font.getBestCmap()))
    return frozenset(set.intersection(*sets))


def clean(text: str) -> str:
    """Text the PDF font can draw: composed, control characters out (tabs and line breaks
    become spaces), anything without a glyph shown as '?'."""
    glyphs = _glyphs()
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "\t\r\n\v\f":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue  # invisible or unassigned: zero-width joiners, bidi overrides, NUL…
        elif ord(ch) in glyphs:
            out.append(ch)
        else:
            out.append(REPLACEMENT)
    return "".join(out)


def _style(bold: bool, italic: bool) -> str:
    return ("B" if bold else "") + ("I" if italic else "")


def _new(title: str, styles: set[str]) -> FPDF:
    """A document on a page as tall as any plan; `_fit` cuts it to the content.

    Fonts are loaded for each document, only the styles it uses (a fifth of the time each):
    output subsets a font in place (fpdf2 2.8), so two documents must never share one."""
    pdf = FPDF(unit="mm", format=(PAGE_WIDTH, MAX_HEIGHT))
    for style in sorted(styles | {""}):
        pdf.add_font(FONT, style, str(_STYLES[style].path))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, MARGIN)
    pdf.set_title(clean(title))
    pdf.set_lang("en")
    pdf.set_creator("the advisor")
    pdf.add_page()
    return pdf


def _fit(pdf: FPDF, height: float) -> None:
    """Cut the last page down to `height` mm: its drawing moves up by what is cut off.

    One layout pass instead of two (measure, then draw on a page of the right size): fpdf2
    places everything from the page's top, so a translation of the page's content stream is
    all it takes."""
    height = min(MAX_HEIGHT, max(MIN_HEIGHT, height))
    page = pdf.pages[pdf.page]
    shift = (MAX_HEIGHT - height) * pdf.k
    assert isinstance(page.contents, bytearray), "fpdf2 keeps a page's stream as bytes"
    page.contents[:0] = f"1 0 0 1 0 {-shift:.2f} cm\n".encode()
    page.set_dimensions(PAGE_WIDTH * pdf.k, height * pdf.k)


def _paragraph(
    pdf: FPDF,
    rt: RichText,
    *,
    size: float,
    colour: Rgb,
    indent: float = 0.0,
    bullet: str = "",
    after: float = 2.0,
) -> None:
    """Styled spans as one paragraph wrapped as a whole (line breaks in the text kept)."""
    pdf.set_text_color(*colour)
    pdf.set_font(FONT, "", size)
    with (
        pdf.text_columns(l_margin=MARGIN, r_margin=MARGIN, line_height=1.2) as region,
        region.paragraph(
            indent=indent, bullet_string=bullet, bullet_r_margin=1.5, bottom_margin=after
        ) as par,
    ):
        for span in rt:
            pdf.set_font(FONT, _style(span.bold, span.italic), size)
            for i, piece in enumerate(span.text.split("\n")):
                if i:
                    par.ln()
                cleaned = clean(piece)
                if cleaned:
                    par.write(cleaned)


def _block(pdf: FPDF, block: DocBlock, chart: bytes | None, chart_size: tuple[int, int]) -> None:
    if block.kind == "title":
        _paragraph(pdf, block.text, size=18, colour=INK, after=3.0)
    elif block.kind == "heading":
        pdf.ln(3)
        _paragraph(pdf, block.text, size=13, colour=ACCENT, after=1.0)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.3)
        pdf.line(MARGIN, pdf.get_y(), PAGE_WIDTH - MARGIN, pdf.get_y())
        pdf.ln(2)
    elif block.kind == "chart":
        if chart is None:
            return
        height = CHART_WIDTH * chart_size[1] / chart_size[0]
        if pdf.will_page_break(height):
            pdf.add_page()
        pdf.image(io.BytesIO(chart), x=MARGIN, y=pdf.get_y(), w=CHART_WIDTH, h=height)
        pdf.set_y(pdf.get_y() + height)
    elif block.kind == "bullet":
        _paragraph(pdf, block.text, size=BODY_SIZE, colour=INK, indent=INDENT, bullet="•")
    elif block.kind == "indent":
        _paragraph(pdf, block.text, size=BODY_SIZE, colour=MUTED, indent=INDENT, after=1.5)
    else:
        _paragraph(pdf, block.text, size=BODY_SIZE, colour=INK)


def _draw(pdf: FPDF, doc: Document, chart: bytes | None, chart_size: tuple[int, int]) -> float:
    for block in doc.blocks:
        _block(pdf, block, chart, chart_size)
    return pdf.get_y()


def render_plan(doc: Document) -> bytes:
    """The plan as PDF bytes (one phone-shaped page, about 60 KB with the chart)."""
    chart = render_chart(doc.chart) if doc.chart is not None else None
    size = (1, 1)
    if chart is not None:
        with Image.open(io.BytesIO(chart)) as img:
            size = img.size
    pdf = _new(doc.title, {_style(s.bold, s.italic) for b in doc.blocks for s in b.text})
    _fit(pdf, _draw(pdf, doc, chart, size) + MARGIN)
    return bytes(pdf.output())


def save_plan(doc: Document, folder: Path | str) -> Path:
    """Write the plan into `folder` (created if needed) as `<doc.filename>-<hash>.pdf`."""
    return save_once(render_plan(doc), folder, doc.filename, "pdf", 8)
