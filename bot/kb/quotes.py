"""Quotes of a description as the person typed it, never as the matcher's internal words.

Cue matching runs on normalised words, where amounts are `qmoney`, numbers `qnum`, "IT" is
`infotech`, plurals are singular and cue phrases may hold `<num>`, `<money>` and `...`. A
reason shown to a person quotes their own words instead: the quote's words are searched for
in the original text (plurals, hyphens, dropped articles and the markers allowed for), and
when that fails the markers are replaced by plain words, so no internal token is ever shown.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NUM = r"\d[\d.,]*(?:\s?(?:k|m|st|nd|rd|th))?"
_CURRENCY = r"(?:[$£€¥₹]|usd|eur|gbp|aud|cad|chf|rs\.?)"
_MONEY = (
    rf"(?:{_CURRENCY}\s?{_NUM}|{_NUM}\s?(?:{_CURRENCY}|euros?|dollars?|pounds?|quid|"
    r"bucks|cents?|pence|p\b))"
)
_SEP = r"[\W_]+(?:(?:a|an|the)[\W_]+)?"  # articles are dropped before cue matching
_TOKENS = {
    "qnum": _NUM,
    "<num>": _NUM,
    "qmoney": _MONEY,
    "<money>": _MONEY,
    "infotech": r"it",
    "and": r"(?:and|&|\+)",
    "per": r"(?:per|/|a|an)",
    "percent": r"(?:percent|per\s?cent|%)",
}
_PLAIN = {
    "qnum": "",
    "<num>": "",
    "qmoney": "a price",
    "<money>": "a price",
    "infotech": "IT",
    "...": "…",
}
_GAP = r"(?:[\W_]+[^\W_]+){0,3}?"
_APOSTROPHE = "['’]?"


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _word(token: str) -> str:
    if token in _TOKENS:
        return _TOKENS[token]
    stem = token[:-1] if len(token) > 3 and token.endswith("y") else token
    # "agency" ~ "agencies", "box" ~ "boxes"; folding dropped apostrophes: "peoples" ~ "people's"
    return _APOSTROPHE.join(map(re.escape, stem)) + r"[^\W_]*"


@lru_cache(maxsize=4096)
def _pattern(quote: str) -> re.Pattern[str] | None:
    parts: list[str] = []
    for piece in quote.split():
        if piece == "...":
            parts.append(_GAP)
            continue
        if parts and parts[-1] != _GAP:
            parts.append(_SEP)
        elif parts:
            parts.append(r"[\W_]+")
        parts.append(_word(piece))
    if not parts:
        return None
    return re.compile(r"(?<![^\W_])" + "".join(parts) + r"(?![^\W_])", re.IGNORECASE)


def plain_quote(quote: str) -> str:
    """The quote with internal markers replaced by plain words (the fallback)."""
    out = [_PLAIN.get(t, t) for t in quote.split()]
    return " ".join(w for w in out if w).strip()


def as_typed(text: str, quote: str) -> str:
    """`quote` (normalised words or a cue phrase) as it stands in `text`, else plain words."""
    pattern = _pattern(quote)
    if pattern is not None:
        found = pattern.search(_strip_accents(text))
        if found:
            return " ".join(found.group(0).split())
    return plain_quote(quote)
