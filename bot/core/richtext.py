"""Rich text as plain data: spans with a style, rendered (and escaped) by each front-end.

Templates in YAML may use ``**bold**`` and ``__italic__``. Placeholders ``{name}`` are filled
*after* the markup is parsed, so user text can never inject markup: it always lands inside a
span as plain characters, and every front-end escapes span text when it renders it.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_MARKUP = re.compile(r"(\*\*.+?\*\*|__.+?__)", re.DOTALL)
_FORMATTER = string.Formatter()


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False


RichText = tuple[Span, ...]


def parse_markup(template: str) -> RichText:
    """Split a template into styled spans (placeholders are kept as written)."""
    spans: list[Span] = []
    for part in _MARKUP.split(template):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            spans.append(Span(part[2:-2], bold=True))
        elif part.startswith("__") and part.endswith("__") and len(part) > 4:
            spans.append(Span(part[2:-2], italic=True))
        else:
            spans.append(Span(part))
    return tuple(spans)


def placeholders(template: str) -> set[str]:
    """Names of the ``{name}`` placeholders a template uses."""
    return {field for _, field, _, _ in _FORMATTER.parse(template) if field}


def _substitute(text: str, values: Mapping[str, object]) -> str:
    out: list[str] = []
    for literal, field, _spec, _conv in _FORMATTER.parse(text):
        out.append(literal)
        if field is not None:
            out.append(str(values.get(field, "{" + field + "}")))
    return "".join(out)


def fill(template: str, values: Mapping[str, object] | None = None) -> RichText:
    """Parse a template's markup, then fill its placeholders with plain values."""
    vals = values or {}
    return tuple(Span(_substitute(s.text, vals), s.bold, s.italic) for s in parse_markup(template))


def text(value: str, *, bold: bool = False, italic: bool = False) -> RichText:
    """Wrap plain (possibly user-supplied) text as rich text, verbatim."""
    return (Span(value, bold, italic),) if value else ()


def join(parts: Iterable[RichText], sep: str = "\n") -> RichText:
    """Concatenate rich texts with a plain separator."""
    out: list[Span] = []
    for i, part in enumerate(p for p in parts if p):
        if i and sep:
            out.append(Span(sep))
        out.extend(part)
    return tuple(out)


def to_plain(rt: RichText) -> str:
    """The text without styles."""
    return "".join(s.text for s in rt)


def to_html(rt: RichText) -> str:
    """Telegram HTML: every span escaped, styles as <b>/<i>."""
    out: list[str] = []
    for s in rt:
        chunk = html.escape(s.text, quote=False)
        if s.italic:
            chunk = f"<i>{chunk}</i>"
        if s.bold:
            chunk = f"<b>{chunk}</b>"
        out.append(chunk)
    return "".join(out)
