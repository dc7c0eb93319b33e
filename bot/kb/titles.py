"""Formal industry titles as everyday words ("Offices of Lawyers" -> "Lawyers"): statistics
offices name industries in a grammar of their own (docs/knowledge.md, "Formal industry titles")."""

from __future__ import annotations

import re
from functools import lru_cache

# Statistics offices name industries in a grammar of their own ("Offices of Lawyers", "Furniture
# Retailers", "Skiing Facilities", "Retail sale of books in specialised stores", "Other
# Personal Care Services", "Casinos (except Casino Hotels)"). read_title rewrites it into
# everyday words before anything is matched; plain descriptions pass through unchanged.
_EXCEPT = re.compile(
    r"\s*\(?\b(?:except|excluding|other than)\b[^()]*?(?:\)|(?=[,;.]|$))", re.IGNORECASE
)
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_PERSONAL = re.compile(r"\b(?:we|i|our|my|us|me|you|your|im|i'm|we're)\b", re.IGNORECASE)
_TITLE_RULES = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (r"^\s*(?:all\s+)?others?\s+", ""),  # "Other Personal Care Services"
        (r"[,\s]+n\.?\s*e\.?\s*c\.?\s*$|[,\s]+not elsewhere classified\s*$", ""),
        (r"^\s*offices? of\s+", ""),  # "Offices of Lawyers": the lawyers' practice
        (r"^\s*(?:operation|activities) of\s+", ""),  # "Activities of travel agencies"
        (
            r"^\s*retail (?:sale|trade) (?:of|in)\s+(.*?)"
            r"(?:\s+in (?:non-)?speciali[sz]ed stores)?\s*$",
            r"\1 shop",
        ),  # "Retail sale of books in specialised stores"
        (r"^\s*retail (?:sale|trade) via\s+(.*)$", r"\1 retail"),
        (r"\bretailers?\s*$", "shop"),  # "Furniture Retailers"
        (r"^(.*\S)\s+(?:facilities|establishments|activities)\s*$", r"\1"),
    )
)


@lru_cache(maxsize=16384)
def read_title(text: str) -> str:
    """Formal industry-title grammar as everyday words: "Offices of Lawyers" -> "Lawyers",
    "Furniture Retailers" -> "Furniture shop", "Skiing Facilities" -> "Skiing"; an "except"
    clause is dropped and other parentheses go last, as secondary evidence."""
    if len(text) > 160 or _PERSONAL.search(text):
        return text  # a description ("I work with retailers"), not a title
    out = _EXCEPT.sub("", text)
    extra = [m.strip() for m in _PAREN.findall(out) if m.strip()]
    out = _PAREN.sub("", out)
    for pattern, repl in _TITLE_RULES:
        out = pattern.sub(repl, out, count=1)
    out = out.strip()
    if not out:
        return text
    return ". ".join((out, *extra)) if extra else out
