"""From signals to an outcome: two groups, the majority, read / confirm / unread."""

from __future__ import annotations

from bot.contracts import AnswerReading
from bot.kb.answer_index import DimReader
from bot.kb.answer_types import (
    CONTESTED_MARGIN,
    GUESS,
    MARGIN,
    MIDDLE_WEIGHT,
    SURE,
    TWO_GROUPS,
    Signal,
    option_side,
)
from bot.kb.answer_words import CONCLUDE, RESTRICT, clause_start

ENDS = ("client", "customer")


def decide(
    reader: DimReader,
    signals: list[Signal],
    uncertain: bool,
    most: set[int],
    fixed: frozenset[int] = frozenset(),
) -> AnswerReading:
    """The outcome the signals support."""
    did = reader.dim.id
    if not signals:
        return AnswerReading(did, "unread")
    mid = reader.middle
    signals = _detail_parts(signals)
    if mid is not None:
        dropped = _minor_side(signals, {g for g in most if g >= 0})
        if dropped is not None:  # "some come back, but most we never see again"
            signals = [
                s for s in signals if option_side(s.option.score) != dropped and s.origin != dropped
            ]
            # the majority's end is a fair guess, but "a mix" may be what was meant
            uncertain = True
        elif groups := _two_groups(signals, {-1 - g for g in most if g < 0}):
            why = tuple(dict.fromkeys(s.words for s in signals))
            # two groups only inferred from words that disagree: ask before recording
            return AnswerReading(
                did, "read" if groups == "said" else "confirm", mid.id, option_side(mid.score), why
            )
    reading = _ranked(reader, signals, uncertain, fixed)
    if reading.status == "read" and _only_far_parts(reading, signals, most):
        return AnswerReading(did, "confirm", reading.option, reading.side, reading.why)
    return reading


def _only_far_parts(reading: AnswerReading, signals: list[Signal], most: set[int]) -> bool:
    """Whether a middle reading rests only on parts said of a subject ("some of the dogs I've
    walked since they were puppies"): a few for long says little of the rest; asked first."""
    if reading.side != "mixed" or any(g < 0 for g in most):
        return False
    support = [s for s in signals if s.option.id == reading.option and s.weight > 0]
    origins = {s.origin for s in support}
    return (
        bool(support)
        and all(s.far for s in support)
        and not any(option_side(s.option.score) not in ("mixed", *origins) for s in signals)
    )


def _ranked(
    reader: DimReader, signals: list[Signal], uncertain: bool, fixed: frozenset[int]
) -> AnswerReading:
    """The option with the most weight: read when it is clear, else confirmed or unread."""
    did, mid = reader.dim.id, reader.middle
    totals: dict[str, float] = {}
    for s in signals:
        totals[s.option.id] = totals.get(s.option.id, 0.0) + s.weight
    # (a tie between an end and the middle proposes the middle: "a standard core with extras")
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0] != (mid and mid.id)))
    best_id, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    opt = reader.by_id[best_id]
    why = tuple(dict.fromkeys(s.words for s in signals if s.option.id == best_id))
    side = option_side(opt.score)
    if best < GUESS:
        return AnswerReading(did, "unread")
    # an end of the scale read against words pointing elsewhere needs a clear lead
    against = sum(s.weight for s in signals if s.option.id != best_id)
    margin = MARGIN if side == "mixed" or against == 0 else CONTESTED_MARGIN
    # an end read while another group of the answer takes the middle ("the big accounts
    # weekly, the small ones only when they call"): two groups, maybe; ask first
    won = {s.clause for s in signals if s.option.id == best_id}
    split = side != "mixed" and any(
        s.clause not in won and s.weight > 0 and option_side(s.option.score) != side
        for s in signals
    )
    sure = (
        best >= SURE
        and best - second >= margin
        and not (uncertain and side != "mixed")
        and not split
        and not _thin([s for s in signals if s.option.id == best_id and s.weight > 0], fixed)
    )
    return AnswerReading(did, "read" if sure else "confirm", opt.id, side, why)


def _thin(support: list[Signal], fixed: frozenset[int]) -> bool:
    """Whether a reading rests only on risky typo corrections ("sme" read as "same" or
    "some"): a silent misreading is the worst outcome, so it is confirmed first."""
    placed = [s for s in support if s.at[0] >= 0]
    return (
        bool(placed)
        and len(placed) == len(support)
        and all(all(k in fixed for k in range(*s.at)) for s in placed)
    )


def alone(reader: DimReader, amount: tuple[str, int, str], clause: int) -> list[Signal]:
    """An amount said on its own ("a few", "most of them"): the dimension's option for it."""
    opt = reader.resolve(reader.dv.alone.get(amount[0]))
    return [] if opt is None else [Signal(opt, SURE, amount[2], clause)]


def _group_sides(signals: list[Signal]) -> dict[int, dict[str, float]]:
    groups: dict[int, dict[str, float]] = {}
    for s in signals:
        side = option_side(s.option.score)
        g = groups.setdefault(s.clause, {})
        g[side] = g.get(side, 0.0) + s.weight
    return groups


def _winner(weights: dict[str, float], least: float = SURE) -> str | None:
    """The key with the most weight, if it has `least` and leads the next by MARGIN."""
    ranked = sorted(weights.items(), key=lambda kv: -kv[1])
    if ranked[0][1] < least or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MARGIN):
        return None
    return ranked[0][0]


def _detail_parts(signals: list[Signal]) -> list[Signal]:
    """A part of one end that only adds detail to an answer at that same end ("years and
    years, some since 2004") supports that end, not the middle."""
    origins = {s.origin for s in signals if s.origin is not None}
    if len(origins) != 1 or any(
        s.origin is None and s.option.score == 0 and s.weight > 0 for s in signals
    ):
        return signals
    end = origins.pop()
    ends = {option_side(s.option.score) for s in signals if s.origin is None}
    part_clauses = {s.clause for s in signals if s.origin is not None}
    if ends != {end} or not any(s.clause not in part_clauses for s in signals if s.origin is None):
        return signals
    return [s for s in signals if s.origin is None]


def _minor_side(signals: list[Signal], most: set[int]) -> str | None:
    """The end only "some" or "a few" speak for, when a group at the other end is "most" of
    the people ("a few come back, but most we never see again"), else None."""
    parts = {s.origin for s in signals if s.origin is not None}
    for g, sides in _group_sides(signals).items():
        w = _winner(sides)
        if g in most and w in ENDS:
            other = "customer" if w == "client" else "client"
            if other in parts:
                return other
    return None


def _two_groups(signals: list[Signal], contrasted: set[int]) -> str | None:
    """Whether an answer speaks of two groups at the two ends of the scale, or of two groups
    that each take another option that is not the middle ("retainer for big clients, per
    project for small ones"): "said", "inferred" (only a guess worth confirming) or None."""
    ends = {option_side(s.option.score) for s in signals if s.weight > 0}
    if set(ENDS) <= ends and any(
        s.weight >= MIDDLE_WEIGHT and s.option.score == 0 for s in signals
    ):
        return "said"  # "a bit of both, quick wins and long-term results"
    people = {s.clause for s in signals if s.people} | contrasted
    won: set[str] = set()
    for clause, sides in _group_sides(signals).items():
        # a group named by who they are ("regulars on weekdays"), or set against another by
        # "but", "while"..., needs less to count
        w = _winner(sides, GUESS if clause in people else SURE)
        if w is not None:
            won.add(w)
    if set(ENDS) <= won:
        return "said"
    said_middle = any(s.option.score == 0 and s.weight >= MIDDLE_WEIGHT for s in signals)
    if len(_picked_options(signals)) > 1 or _same_side_pair(signals):
        # two options for no named group ("day rate, invoiced weekly"): a guess to confirm
        return "said" if people or said_middle else "inferred"
    return "said" if _parts_against(signals) else None


def _same_side_pair(signals: list[Signal]) -> bool:
    """Two options at the same end, each said plainly ("a monthly support contract and
    projects quoted separately": a retainer and project fees): two ways of paying."""
    totals: dict[str, float] = {}
    sides: dict[str, str] = {}
    for s in signals:
        if abs(s.option.score) > 0.33:
            totals[s.option.id] = totals.get(s.option.id, 0.0) + s.weight
            sides[s.option.id] = option_side(s.option.score)
    strong = [oid for oid, w in totals.items() if w >= SURE]
    return len(strong) > 1 and len({sides[o] for o in strong}) == 1


def _picked_options(signals: list[Signal]) -> set[str]:
    """The end options that win a clause of their own."""
    options: dict[int, dict[str, float]] = {}
    for s in signals:
        if abs(s.option.score) > 0.33:
            by_option = options.setdefault(s.clause, {})
            by_option[s.option.id] = by_option.get(s.option.id, 0.0) + s.weight
    return {w for weights in options.values() if (w := _winner(weights)) is not None}


def _parts_against(signals: list[Signal]) -> bool:
    """Whether a part of one end stands beside the other end ("some regulars we know well,
    but lots of one-off tourists"), or both ends weigh alike."""
    total = {"client": 0.0, "customer": 0.0}
    part = {"client": 0.0, "customer": 0.0}
    for s in signals:
        side = option_side(s.option.score)
        if side in total:
            total[side] += s.weight
        if s.origin in part:
            part[s.origin] += s.weight
    groups = _group_sides(signals)
    if len(groups) > 1:
        for g, sides in groups.items():
            w = _winner(sides)
            if w in ENDS and any(
                s.origin is not None and s.origin != w and s.clause != g for s in signals
            ):
                return True
    strong, weak = max(total.values()), min(total.values())
    if weak >= SURE and weak >= TWO_GROUPS * strong:
        return True
    # "some stay for years, others cancel after a month": a part of one end, the other end
    return any(
        part[a] > 0 and 0 < total[b] <= 1.5 * part[a] + 0.5
        for a, b in (("client", "customer"), ("customer", "client"))
    )


def conclude(
    reader: DimReader, signals: list[Signal], words: tuple[str, ...], clause_words: list[int]
) -> list[Signal]:
    """A last clause that concludes ("a roof lasts twenty years, so once, really"; "...,
    so no") is the answer; a clause that restricts what came before ("they trust us on the
    technical side, not on pricing") makes it the middle option."""
    placed = [s for s in signals if s.at[0] >= 0]
    if not placed:
        return signals
    last = clause_words[-1] if clause_words else 0
    for c in range(last, 0, -1):
        start = clause_start(words, clause_words, c)
        if start[:1] in CONCLUDE or start in CONCLUDE:
            # (a short verdict: "so no", "so once, really"; a long "so ..." explains)
            if sum(1 for k in clause_words if k == c) <= 4 and any(
                clause_words[s.at[0]] >= c for s in placed
            ):
                return [s for s in signals if s.at[0] < 0 or clause_words[s.at[0]] >= c]
            break
    for c in range(1, last + 1):
        start = clause_start(words, clause_words, c)
        if (
            start in RESTRICT
            and reader.middle is not None
            and any(clause_words[s.at[0]] < c and abs(s.option.score) > 0.33 for s in placed)
        ):
            kept = [s for s in signals if s.at[0] < 0 or clause_words[s.at[0]] != c]
            return [
                *kept,
                Signal(
                    reader.middle,
                    MIDDLE_WEIGHT,
                    " ".join(start) + " …",
                    kept[-1].clause if kept else 0,
                ),
            ]
    return signals
