"""Small helpers to build user-facing text from the knowledge base's templates."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from functools import lru_cache

from bot.core.richtext import RichText, Span, parse_markup
from bot.kb.model import KnowledgeBase

_FORMATTER = string.Formatter()


@lru_cache(maxsize=4096)
def _parsed(template: str) -> tuple[tuple[Span, tuple[tuple[str, str | None], ...]], ...]:
    # Templates are few and used often (thousands of one-shot verdicts a second in --jsonl),
    # so markup and placeholders are parsed once; the result equals bot.richtext.fill's.
    return tuple(
        (span, tuple((lit, field) for lit, field, _spec, _conv in _FORMATTER.parse(span.text)))
        for span in parse_markup(template)
    )


def fill_cached(template: str, values: Mapping[str, object]) -> RichText:
    """`bot.core.richtext.fill` with the template's parse cached."""
    out: list[Span] = []
    for span, pieces in _parsed(template):
        text = "".join(
            lit + ("" if field is None else str(values.get(field, "{" + field + "}")))
            for lit, field in pieces
        )
        out.append(Span(text, span.bold, span.italic))
    return tuple(out)


def plain(kb: KnowledgeBase, key: str, lang: str, **values: object) -> str:
    """A template filled and flattened to plain text."""
    return "".join(s.text for s in fill_cached(kb.text(key, lang), values))


def rich(kb: KnowledgeBase, key: str, lang: str, **values: object) -> RichText:
    """A template filled as rich text (values stay plain characters)."""
    return fill_cached(kb.text(key, lang), values)


def listing(kb: KnowledgeBase, items: Sequence[str], lang: str) -> str:
    """ "a", "a and b", "a, b and c" in the language's words."""
    if len(items) <= 1:
        return "".join(items)
    sep, last = kb.text("list.sep", lang), kb.text("list.last", lang)
    return sep.join(items[:-1]) + last + items[-1]
