"""Where the revenue comes from, read from typed words: the two-groups follow-up's answer.

"landlord plans are about 70% of turnover", "fleet is maybe a fifth", "mostly passing trade",
"all one-offs really": each share said (a percentage, a fraction or an amount word) belongs to
the nearest side named in its clause, the long-term accounts or the one-off buyers (the words of
knowledge/shares.yaml and the `groups` of answers.yaml). Their estimates of the long-term share
are averaged and mapped to the follow-up's options: `accounts` (most from long-term accounts),
`split` (about half each) or `one_off`. Nothing named, no share said or two sides said
inconsistently: None (the step's usual re-prompt).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from bot.contracts import TWO_GROUPS
from bot.kb.answer_vocab import BREAK, Phrase, answer_words

ACCOUNTS, SPLIT, ONE_OFF = TWO_GROUPS
MOST_FROM = 60.0  # a long-term share this high is "most from long-term accounts"; 100 - it ...
SPREAD = 25.0  # ... estimates further apart than this contradict each other: nothing read
PERCENT = ("percent", "per", "pc")
V = TypeVar("V")  # "70%" is folded to "70 percent"; "70 per cent"


@dataclass(frozen=True, slots=True)
class ShareWords:
    """knowledge/shares.yaml, folded: side phrases ("client" = long-term, "customer" = one-off)
    and shares in words (phrase -> percent)."""

    sides: Mapping[Phrase, str] = field(default_factory=dict)
    amounts: Mapping[Phrase, float] = field(default_factory=dict)

    def with_groups(self, groups: Mapping[Phrase, str]) -> ShareWords:
        """These words and answers.yaml's `groups` (this file's side wins where both list one)."""
        return ShareWords({**groups, **self.sides}, self.amounts)


def read_share(words: ShareWords, text: str) -> str | None:
    """`accounts`, `split` or `one_off`, or None when the text says no share of a side."""
    said = answer_words(text)
    clause = list(itertools.accumulate(w == BREAK for w in said))  # clause number per word
    sides = _found(said, words.sides)
    estimates: list[float] = []
    for at, value in _shares(said, words.amounts):
        # the side named in the share's clause, else anywhere ("regulars, maybe 85%")
        near = [s for s in sides if clause[s[0]] == clause[at]] or sides
        if near:
            _, side = min(near, key=lambda s: (abs(s[0] - at), s[0] < at))
            estimates.append(value if side == "client" else 100.0 - value)
    if not estimates or max(estimates) - min(estimates) > SPREAD:
        return None
    long_term = sum(estimates) / len(estimates)
    if long_term >= MOST_FROM:
        return ACCOUNTS
    return ONE_OFF if long_term <= 100.0 - MOST_FROM else SPLIT


def _found(words: Phrase, phrases: Mapping[Phrase, V]) -> list[tuple[int, V]]:
    """(position, value) of each phrase found, longest first where they overlap."""
    longest = max((len(p) for p in phrases), default=0)
    found: list[tuple[int, V]] = []
    k = 0
    while k < len(words):
        for n in range(min(longest, len(words) - k), 0, -1):
            value = phrases.get(words[k : k + n])
            if value is not None:
                found.append((k, value))
                k += n
                break
        else:
            k += 1
    return found


def _shares(words: Phrase, amounts: Mapping[Phrase, float]) -> list[tuple[int, float]]:
    """(position, percent) of each share said: "70 percent", "a third", "most"."""
    out: list[tuple[int, float]] = []
    taken: set[int] = set()
    for k, w in enumerate(words):
        percent = k + 1 < len(words) and words[k + 1] in PERCENT
        if percent and w.replace(".", "", 1).isdigit() and (value := float(w)) <= 100.0:
            out.append((k, value))
            taken.update((k, k + 1))
    out += [(k, value) for k, value in _found(words, amounts) if k not in taken]
    return out
