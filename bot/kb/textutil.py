"""Small helpers to build user-facing text from the knowledge base's templates."""

from __future__ import annotations

from collections.abc import Sequence

from bot.kb.model import KnowledgeBase
from bot.richtext import RichText, fill, to_plain


def plain(kb: KnowledgeBase, key: str, lang: str, **values: object) -> str:
    """A template filled and flattened to plain text."""
    return to_plain(fill(kb.text(key, lang), values))


def rich(kb: KnowledgeBase, key: str, lang: str, **values: object) -> RichText:
    """A template filled as rich text (values stay plain characters)."""
    return fill(kb.text(key, lang), values)


def listing(kb: KnowledgeBase, items: Sequence[str], lang: str) -> str:
    """ "a", "a and b", "a, b and c" in the language's words."""
    if len(items) <= 1:
        return "".join(items)
    sep, last = kb.text("list.sep", lang), kb.text("list.last", lang)
    return sep.join(items[:-1]) + last + items[-1]
