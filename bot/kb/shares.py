"""Where the revenue comes from, read from typed words: the two-groups follow-up's answer.

"landlord plans are about 70% of turnover", "fleet is maybe a fifth", "mostly passing trade",
"all one-offs really": each share said (a percentage, a fraction or an amount word) belongs to
the nearest side named in its clause, the long-term accounts or the one-off buyers (the words of
knowledge/shares.yaml and the `groups` of answers.yaml). Their estimates of the long-term share
are averaged and mapped to the follow-up's options: `accounts` (most from long-term accounts),
`split` (about half each) or `one_off`; `one` when only one side is there at all ("all one-off
couples, no accounts": one group, not two). A share with no side named ("70%", "60/40") is the
long-term accounts' share, the side the question names first; a share in words with no side
("mostly installs", "most of it") is no answer: most of which is not said. A share in a clause
that names no side, beside clauses whose side has its own share, is the other side's ("the club
is 40 percent, shop 60": the club is no side word, and the % said once covers figures adding up
to 100). Nothing named, no share said or two sides said inconsistently: None (the step's usual
re-prompt).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from bot.contracts import TWO_GROUPS
from bot.kb.answer_vocab import BREAK, Phrase, answer_words

ACCOUNTS, SPLIT, ONE_OFF = TWO_GROUPS
ONE_GROUP = "one"  # every pound from one side: no second group
NEGATED_REACH = 3  # "we don't have any accounts": a negator this few words before a side
BARE = 3  # a share with no side named is read only in a reply this short ("about 70%"), or as
# a split ("60/40"); "books 85%, cafe 15%" names groups that are no side
MOST_FROM = 60.0  # a long-term share above this is "most from long-term accounts", below 100 - it
# "most from one-off buyers"; 60/40 is about half each (40 % from two office contracts is no
# small second group)
SPREAD = 25.0  # ... estimates further apart than this contradict each other: nothing read
ODD_ONES = 5.0  # a side this small is the odd exception, not a second group ("all contracts,
# the odd one-off deep clean, maybe 5%": one group)
PERCENT = ("percent", "per", "pc")
HALF = 50.0
V = TypeVar("V")  # "70%" is folded to "70 percent"; "70 per cent"


@dataclass(frozen=True, slots=True)
class ShareWords:
    """knowledge/shares.yaml, folded: side phrases ("client" = long-term, "customer" = one-off)
    and shares in words (phrase -> percent)."""

    sides: Mapping[Phrase, str] = field(default_factory=dict)
    amounts: Mapping[Phrase, float] = field(default_factory=dict)
    negators: Mapping[Phrase, bool] = field(default_factory=dict)  # "no accounts": none of it
    rest: Mapping[Phrase, bool] = field(default_factory=dict)  # "hotels the rest": the remainder
    numbers: Mapping[str, float] = field(default_factory=dict)  # "forty" -> 40
    percent: frozenset[str] = frozenset()  # "procent", "pct": more ways to say percent
    # "70% of turnover": a share of these is of the revenue; said in passing, a share "of"
    # anything else ("~70% of buyers") counts people, not money
    of_revenue: frozenset[str] = frozenset()

    def with_groups(self, groups: Mapping[Phrase, str]) -> ShareWords:
        """These words and answers.yaml's `groups` (this file's side wins where both list one)."""
        return replace(self, sides={**groups, **self.sides})

    def figures(self, said: Phrase) -> Phrase:
        """`said` with numbers in words as figures and every way of saying percent as one
        ("forty per cent" -> "40 per cent", "twenty five procent" -> "25 percent")."""
        out: list[str] = []
        for w in said:
            value = self.numbers.get(w, 0.0)
            tens = bool(out) and out[-1].isdigit() and int(out[-1]) % 10 == 0
            if tens and 0 < value < 10:
                out[-1] = str(int(out[-1]) + int(value))  # "twenty five"
            elif value >= 10:  # ("one off", "two accounts": no share)
                out.append(str(int(value)))
            else:
                out.append(PERCENT[0] if w in self.percent else w)
        return tuple(out)


def read_share(
    words: ShareWords,
    text: str,
    *,
    sides_named: bool = False,
    fixed: Phrase = (),
    quiet: frozenset[str] = frozenset(),
) -> str | None:
    """`accounts`, `split`, `one_off` or `one` (one side only), or None when the text says no
    share of a side (with `sides_named`, or names no side: "a lot, half of them don't know what
    a VAT return is", said to another question, is no share of the revenue). `fixed`: the words
    with typos fixed, as the answer reader folds them ("agncy" -> agency); `quiet`: words that
    name nothing ("like", "probably")."""
    said = words.figures(typo_fixed(answer_words(text), fixed, words.sides))
    clause = list(itertools.accumulate(int(w == BREAK) for w in said))  # clause no. per word
    named = _found(said, words.sides)
    if sides_named and not named:
        return None
    nots = [k for k, _ in _found(said, words.negators)]
    negated = {
        s
        for s in named
        if any(0 < s[0] - k <= NEGATED_REACH and clause[k] == clause[s[0]] for k in nots)
    }
    sides = [s for s in named if s not in negated]
    # a side said to be absent: none of the revenue is its
    estimates = [0.0 if side == "client" else 100.0 for _, side in negated]
    shares, split = _shares(said, words.amounts)
    if sides_named:  # (said in passing: "web = 1-off for ~70% of buyers" is no split)
        shares = [(k, v) for k, v in shares if not _of_people(said, k, words.of_revenue)]
    if not named and shares and (split or (len(said) <= BARE and _figure(said, shares[0][0]))):
        return _option([shares[0][1]])  # "70%", "60/40": the accounts' share, asked first
    # ("mostly installs", "most of it": most of which side is not said)
    if not named and shares and all(value == HALF for _, value in shares):
        return SPLIT  # "hmm prob half n half? …": half is half, whichever side it is said of
    rest = {clause[k] for k, _ in _found(said, words.rest)}
    bare = {c for c in set(clause) if _names_nothing(said, clause, c, quiet)}
    estimates += _side_estimates(shares, sides, clause, rest, sides_named, bare)
    return _option(estimates)


def _side_estimates(
    shares: list[tuple[int, float]],
    sides: list[tuple[int, str]],
    clause: list[int],
    rest: set[int],
    sides_named: bool,
    bare: set[int],
) -> list[float]:
    """The long-term share each share said gives, from the side it is said of (`rest`: the
    clauses of a side said to be "the rest", which has what the shares elsewhere leave over;
    `bare`: the clauses that name nothing but figures)."""
    # "70% contract 30% domestic" names each side after its figure, "pubs 65% taproom 35%"
    # before it: the way more figures are said decides
    starts = {k for k, _ in sides}
    sides_after = sum(bool({at + 1, at + 2} & starts) for at, _ in shares)
    sides_before = sum(at - 1 in starts for at, _ in shares)
    shared = {clause[at] for at, _ in shares}
    estimates: list[float] = []
    for at, value in shares:
        # the side named in the share's clause, else anywhere ("regulars, maybe 85%")
        own = [s for s in sides if clause[s[0]] == clause[at]]
        # (said in passing, a share must name its side: "40% carry on to the next level. The
        # companies renew every year" is no share of the companies)
        near = own or ([] if sides_named else sides)
        if not near:
            continue
        after = [s for s in near if s[0] in (at + 1, at + 2)]
        where, side = (
            after[0]
            if after and sides_after > sides_before
            else min(near, key=lambda s: (abs(s[0] - at), s[0] < at))
        )
        if not own and clause[at] not in bare and clause[where] in (rest | shared):
            # "a third …, rest is walk-ins"; "the club is 40%, shop 60%": a share in a
            # clause naming a group no side word knows is the other side's
            side = "customer" if side == "client" else "client"
        estimates.append(value if side == "client" else 100.0 - value)
    return estimates


def typo_fixed(said: Phrase, fixed: Phrase, sides: Mapping[Phrase, str]) -> Phrase:
    """`said` with a typo fixed where the fix is a side's word ("agncy" -> agency); only there:
    a fix elsewhere may be wrong ("cent" -> cant)."""
    if len(fixed) != len(said):
        return said
    firsts = {p[0] for p in sides if p}
    return tuple(f if f != w and f in firsts else w for w, f in zip(said, fixed, strict=True))


def _names_nothing(said: Phrase, clause: list[int], c: int, quiet: frozenset[str]) -> bool:
    """Whether clause `c` holds only figures and words that name nothing ("like 85% probably"):
    it goes on about the side named before it ("most from regulars, like 85%")."""
    return all(
        w.replace(".", "", 1).isdigit() or w in PERCENT or w in quiet or w == BREAK
        for w, k in zip(said, clause, strict=True)
        if k == c
    )


def _of_people(said: Phrase, at: int, of_revenue: frozenset[str]) -> bool:
    """Whether the share at `at` is "of" something that is not revenue ("70% of buyers")."""
    k = at + 1 + (at + 1 < len(said) and said[at + 1] in PERCENT)
    following = said[k + 1 : k + 3] if k < len(said) and said[k] == "of" else ()
    return bool(following) and not any(w in of_revenue for w in following)


def _figure(words: Phrase, at: int) -> bool:
    """The share at `at` is a figure ("70%", "60"), not a word ("mostly")."""
    return words[at].replace(".", "", 1).isdigit()


def _option(estimates: list[float]) -> str | None:
    """The option for the long-term share estimates (None: none, or inconsistent)."""
    if not estimates or max(estimates) - min(estimates) > SPREAD:
        return None
    long_term = sum(estimates) / len(estimates)
    if long_term <= ODD_ONES or long_term >= 100.0 - ODD_ONES:
        return ONE_GROUP
    if long_term > MOST_FROM:
        return ACCOUNTS
    return ONE_OFF if long_term < 100.0 - MOST_FROM else SPLIT


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


# "each quarter", "every half term": how often, not how much of the revenue
PERIOD_BEFORE = frozenset({"each", "every", "per", "this", "last", "next", "once", "twice"})


def _shares(words: Phrase, amounts: Mapping[Phrase, float]) -> tuple[list[tuple[int, float]], bool]:
    """(position, percent) of each share said: "70 percent", "a third", "most"; and whether a
    split was said ("60/40")."""
    out: list[tuple[int, float]] = []
    taken: set[int] = set()
    for k, w in enumerate(words):
        # "60/40", "70-30": a split, the first part for the side named first
        gap = 2 if words[k + 1 : k + 2] in (("to",), ("|",), ("and",)) else 1
        other = words[k + gap] if k + gap < len(words) else ""
        if w.isdigit() and other.isdigit() and abs(int(w) + int(other) - 100) <= 5:
            out.append((k, float(w)))
            taken.update(range(k, k + gap + 1))
    split = bool(out)
    if len(words) == 1 and words[0].isdigit() and 10 <= int(words[0]) <= 100:
        out.append((0, float(words[0])))  # a bare "60" at this question: a share
        taken.add(0)
    for k, w in enumerate(words):
        percent = k + 1 < len(words) and words[k + 1] in PERCENT
        if k not in taken and percent and w.replace(".", "", 1).isdigit() and float(w) <= 100.0:
            out.append((k, float(w)))
            taken.update((k, k + 1))
    out += _unmarked(words, out, taken)
    out += [
        (k, value)
        for k, value in _found(words, amounts)
        if k not in taken and not (k and words[k - 1] in PERIOD_BEFORE)
    ]
    return out, split


def _unmarked(
    words: Phrase, out: list[tuple[int, float]], taken: set[int]
) -> list[tuple[int, float]]:
    """ "the club is 40 percent, shop 60": the % said once, the rest of the figures are shares
    too when they all add up to about 100 ("70% from our 12 contracts" has no second share)."""
    bare = [
        (k, float(w))
        for k, w in enumerate(words)
        if k not in taken and w.isdigit() and 0 < int(w) <= 100
    ]
    if not out or not bare or abs(sum(v for _, v in (*out, *bare)) - 100.0) > 5.0:
        return []
    taken.update(k for k, _ in bare)
    return bare
