"""Who is served: the parts of a description that name the people or organisations a business
works for ("IT support for law firms"), not the business itself (docs/knowledge.md)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from bot.kb.normalize import NUM, STOPWORDS, fold, singular
from bot.kb.served_vocab import ServedVocab

_CLAUSE_MARKS = re.compile(r"(?<!\d)[,.](?!\d)|[;:!?()\[\]|]+|\s[-–—]+\s|[–—]")


_COMMA, _STOP = "qcomma", "qstop"


def _mark_word(mark: re.Match[str]) -> str:
    return f" {_COMMA} " if mark.group().strip() == "," else f" {_STOP} "


def _opener(v: ServedVocab, ws: tuple[str, ...], plural: tuple[bool, ...], i: int) -> int:
    """How many words open a served part at word `i` (0: none)."""
    if k := _phrase_opener(v, ws, i):
        return k
    if i + 1 >= len(ws):
        return 0
    w, nxt, prev = ws[i], ws[i + 1], ws[i - 1] if i else ""
    if w in v.verbs and prev in ("we", "i", "also"):
        return _verb_opener(v, ws, i)
    if w == "supplying" or (w == "supply" and prev in ("we", "i", "also", "that", "who")):
        return _supply_opener(v, ws, i)
    if w in v.ings:
        return int(i > 0 and prev not in ("we", "i", "also") and nxt not in v.own_object)
    if w in v.serve:
        return int(_serves_party(v, ws, i))
    if w in v.openers:
        return 0 if w == "for" and not _for_party(v, ws, plural, i) else 1
    if w in ("to", "from"):
        return _to_opener(v, ws, plural, i)
    if w == "of":
        return int(
            nxt not in v.of_not_after
            and prev not in v.of_not_before
            and any(x in ("the", "their", "its") for x in ws[max(0, i - 3) : i])
        )
    return 0


FOR_REACH = 3  # words after "for" passed over to what it is about ("for the next two weeks")


def _for_what(v: ServedVocab, ws: tuple[str, ...], i: int) -> int:
    """Where the word "for" at `i` is about stands, past numbers and words like "a", "the",
    "few" ("for 20 years", "for a few days", "for the season"): a party, or a time, a price, a
    purpose (-1: nothing after it)."""
    for k in range(i + 1, min(len(ws), i + 2 + FOR_REACH)):
        if ws[k] != NUM and ws[k] not in v.for_skip:
            return k
    return -1


def _for_party(v: ServedVocab, ws: tuple[str, ...], plural: tuple[bool, ...], i: int) -> bool:
    """Whether "for" at `i` names a party: not a time or price ("for 20 years", "for hire"),
    not after "looking", and not a purpose ("for cleaning and pressing", "for cleaning of
    offices", but "for working parents", "for roofing and drywall contractors")."""
    if i and ws[i - 1] in v.not_before_for:
        return False
    k = _for_what(v, ws, i)
    what = ws[k] if k >= 0 else ""
    if what in v.not_after_for:
        return False
    if what.endswith("ing") and len(what) > 4:
        if ws[k + 1 : k + 2] == ("of",):
            return False  # "a company for cleaning of offices": the work, and what it is done to
        heads = range(k + 1, min(len(ws), k + 1 + FOR_REACH))
        return any(_is_head(v, ws, plural, h) for h in heads)
    return True


def _verb_opener(v: ServedVocab, ws: tuple[str, ...], i: int) -> int:
    """ "we manage rental properties" (for others) opens a served part, but "we manage a hotel"
    runs it, and "we manage social media on behalf of cafes" names the party later: the verb's
    object is the work."""
    later = range(i + 2, min(len(ws), i + 2 + VERB_REACH))
    if any(ws[k] == "for" or _phrase_opener(v, ws, k) for k in later):
        return 0
    return int(ws[i] != "manage" or ws[i + 1] not in v.own_object)


def _phrase_opener(v: ServedVocab, ws: tuple[str, ...], i: int) -> int:
    """How many words of a served-part phrase ("on behalf of") start at word `i` (0: none)."""
    for phrase in v.phrases_by_first.get(ws[i], ()):
        if ws[i : i + len(phrase)] == phrase:
            return len(phrase)
    return 0


VERB_REACH = 4  # words after a verb like "manage" in which a later opener names the party
SERVE_REACH = 4  # words after "serve" in which the party served must be named


def _serves_party(v: ServedVocab, ws: tuple[str, ...], i: int) -> bool:
    """ "we serve local families", "serving dentists and vets" name who is served; "we serve
    three course dinners", "serving brunch" name what is served (the business's own words)."""
    for w in ws[i + 1 : i + 1 + SERVE_REACH]:
        if w in v.people or w in _PRONOUNS:
            return True
        if w in v.clause_starters:
            return False
    return False


def _supply_opener(v: ServedVocab, ws: tuple[str, ...], i: int) -> int:
    """ "supplying fishing fleets" opens a served part, but "supplying fish to restaurants"
    names the goods first."""
    for k in range(i + 1, min(len(ws), i + 7)):
        if ws[k] in ("to", "for") or ws[k] in v.clause_starters:
            return int(ws[k] not in ("to", "for"))
    return 1


def _to_opener(v: ServedVocab, ws: tuple[str, ...], plural: tuple[bool, ...], i: int) -> int:
    """ "to" / "from" open a served part before a party ("to local cafes"), not a verb."""
    w, nxt, prev = ws[i], ws[i + 1], ws[i - 1] if i else ""
    if prev in v.not_before_to or (w == "from" and nxt == NUM):
        return 0
    if nxt in v.to_party:
        return 1
    for k in range(i + 1, min(len(ws), i + 4)):
        if plural[k]:
            return 1
        if ws[k] in STOPWORDS:
            break
    return 0


class Served(NamedTuple):
    """One part of a text that names who is served, as word indices among fold(text)'s words."""

    opener: int  # where the opener ("for", "on behalf of") starts
    start: int  # the first word served
    end: int  # just after the last
    heads: tuple[int, ...]  # the last word of each name ("law firms", "kids' clubs")


@lru_cache(maxsize=16384)
def clause_words(text: str) -> tuple[tuple[str, ...], dict[int, bool]]:
    """The words of fold(text) and where clause marks stand: word index -> True when a mark
    other than a comma stands before it, False for a comma (one fold keeps them in place)."""
    raw: list[str] = []
    marks: dict[int, bool] = {}
    for w in fold(_CLAUSE_MARKS.sub(_mark_word, text)).split():
        if w in (_COMMA, _STOP):
            marks[len(raw)] = marks.get(len(raw), False) or w == _STOP
        else:
            raw.append(w)
    return tuple(raw), marks


@lru_cache(maxsize=16384)
def served_parts(v: ServedVocab, text: str) -> tuple[Served, ...]:
    """The parts of a text that name who is served (the openers of knowledge/served.yaml)."""
    if v.opener_re is None or not v.opener_re.search(text):
        return ()
    raw, marks = clause_words(text)
    ws = tuple(map(singular, raw))
    # plurals, so "to" can tell "to restaurants" from "to swim"
    plural = tuple(len(w) > 3 and s != w for w, s in zip(raw, ws, strict=True))
    parts: list[Served] = []
    opened: tuple[int, int] | None = None
    headed = False  # the last word named the party: what follows may be the work
    i = 0
    n = len(ws)
    while i <= n:
        w = ws[i] if i < n else ""
        # (every opener starts with one of opener_first: most words need no closer look)
        k = _opener(v, ws, plural, i) if w in v.opener_first else 0
        if opened and (
            k
            or not w
            or w in v.clause_starters
            or (w == "and" and i + 1 < n and ws[i + 1] in v.clause_starters)
            or ends_at_comma(v, ws, marks, i)
            or (headed and not _names_party(v, ws, plural, i))
        ):
            first, start = opened
            if i > start:
                heads = tuple(
                    h
                    for h in range(start, i)
                    if h + 1 == i
                    or h + 1 in marks
                    or (ws[h + 1] in STOPWORDS and ws[h + 1] not in v.particles)
                )
                parts.append(Served(first, start, i, heads))
            opened = None
            headed = False
        if k:
            opened = (i, i + k)
            headed = False
            i += k
        elif opened:
            # "we help people | fix their credit", "pools | to check the chlorine": once a
            # party is named, what follows is the work ("and" awaits the next party)
            headed = _is_head(v, ws, plural, i)
            i += 1
        else:
            i += 1
    return tuple(parts)


_LIST_WORDS = frozenset(("and", "or"))  # ("&" is folded to "and")


def _names_party(v: ServedVocab, ws: tuple[str, ...], plural: tuple[bool, ...], i: int) -> bool:
    """Word `i`, after a party's head, still names the party: another head, "and", or a
    participle that describes it ("families moving to london")."""
    return (
        ws[i] in _LIST_WORDS
        or ws[i] in v.list_goes_on
        or ws[i].endswith("ing")
        or _is_head(v, ws, plural, i)
    )


def _is_head(v: ServedVocab, ws: tuple[str, ...], plural: tuple[bool, ...], i: int) -> bool:
    """Word `i` can end the name of a party: a plural, or a word for people or organisations
    ("people", "landlords", "small firms")."""
    return plural[i] or ws[i] in v.consumers or ws[i] in v.owners or ws[i] in _PRONOUNS


_PRONOUNS = frozenset(("you", "them", "others", "folk", "everyone", "anyone"))


def ends_at_comma(v: ServedVocab, ws: tuple[str, ...], marks: dict[int, bool], i: int) -> bool:
    """A mark before word `i` ends the served part, unless it is a comma inside a list that
    goes on to "and"/"or" ("for cafes, bars and hotels", not "for two chains, 5-year deals")."""
    if i not in marks:
        return False
    if marks[i] or ws[i] in ("and", "or"):
        return True
    if ws[i] in v.list_goes_on:
        return False  # "for small firms, mostly pubs and cafes"
    for k in range(i, len(ws)):
        if k > i and k in marks and marks[k]:
            return True
        if ws[k] in ("and", "or"):
            return k + 1 < len(ws) and ws[k + 1] in v.clause_starters
    return True


def names_served(v: ServedVocab, text: str) -> bool:
    """Whether a text (an alias, say) names who is served: "bookkeeping for small firms"."""
    return bool(served_parts(v, text))


@lru_cache(maxsize=16384)
def served_words(v: ServedVocab, text: str) -> frozenset[int]:
    """Indices among the words of fold(text) that name who is served."""
    return frozenset(i for part in served_parts(v, text) for i in range(part.start, part.end))
