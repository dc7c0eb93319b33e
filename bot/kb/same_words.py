"""Words that are one word to the matcher: spellings (American and British), clipped forms and
everyday names for the same thing, as loaded from knowledge/words.yaml (`bot.kb.words_file`).

A text's word finds every vocabulary word of its group ("jewelry" finds the alias word
"jewellery"), so an alias needs writing in one spelling only. The -ize/-ise spellings are a rule,
not a list: "organizer" and "organiser" are one word wherever they come.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

# the stem needs three letters: "prize" and "size" are not "prise" and "sise"
_IZE = re.compile(r"^(\w{3,})iz(e|er|ed|ing|ation)$")


def respelled(word: str) -> str:
    """`word` with an -ize ending spelled -ise ("organizer" -> "organiser")."""
    return _IZE.sub(r"\1is\2", word) if "iz" in word else word


@dataclass(frozen=True, eq=False)
class SameWords:
    """Groups of words that are one word (folded, singular); empty: each word is only itself."""

    groups: tuple[tuple[str, ...], ...] = ()
    _first: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        first = {w: group[0] for group in self.groups for w in group}
        object.__setattr__(self, "_first", first)

    def key(self, word: str) -> str:
        """The one form a word and all its same words share."""
        word = respelled(word)
        return self._first.get(word, word)

    def index(self, vocab: Iterable[str]) -> dict[str, frozenset[str]]:
        """The vocabulary words by key, for every key another spelling may lead to."""
        by_key: dict[str, set[str]] = defaultdict(set)
        for w in vocab:
            by_key[self.key(w)].add(w)
        return {k: frozenset(ws) for k, ws in by_key.items() if k in self._first or ws != {k}}
