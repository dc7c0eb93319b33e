"""Finding what an answer's words mean: phrases by longest match, durations and periods."""

from __future__ import annotations

from bot.kb.answer_index import DimReader
from bot.kb.answer_types import Span
from bot.kb.answer_vocab import AnswerVocab, Phrase
from bot.kb.answer_words import (
    BETWEEN_NUMBERS,
    COUNTS,
    EITHER,
    EVERY,
    KIND,
    KIND_OF,
    MONEY,
    ONCE,
    OR,
    PER,
    PER_ITEM,
    PERCENT,
    SUBJECTS,
    TIMES,
    clause_end,
)

RATED_OUT_OF = 10  # "9/10": a mark out of ten


def find_spans(
    reader: DimReader, vocab: AnswerVocab, words: tuple[str, ...], plural: tuple[bool, ...]
) -> list[Span]:
    """Phrases by longest match, plus durations and frequencies, in text order."""
    phrases = _phrases(reader, vocab, words)
    covered = {k for p in phrases for k in range(p.start, p.end)}
    for k in range(len(words) - 1):  # "40% come back", "90 percent stay": a share
        if words[k + 1] == PERCENT and k + 1 not in covered and words[k][0].isdigit():
            share = float(words[k]) if words[k].replace(".", "", 1).isdigit() else 0.0
            phrases.append(Span(k, k + 2, (("amount", _share_level(share)),)))
        elif (rated := _rating(words, k, vocab)) and not covered & set(range(k, k + rated[0])):
            phrases.append(Span(k, k + rated[0], (("amount", _share_level(rated[1])),)))
    phrases.sort(key=lambda sp: sp.start)
    if not reader.uses_time:
        return phrases
    times = find_times(vocab, words, plural, prices=reader.per_other is not None)
    if not times:
        return phrases
    kept = [
        p
        for p in phrases
        if not any(
            p.start < t.end
            and t.start < p.end
            and not (
                p.start <= t.start
                and t.end <= p.end
                and (p.end - p.start > t.end - t.start or t.tags[0][0] == "per_item")
            )
            for t in times
        )
    ]
    times = [t for t in times if not any(p.start <= t.start and t.end <= p.end for p in kept)]
    return sorted(kept + times, key=lambda s: s.start)


def _share_level(share: float) -> str:
    """How much a share in percent says (of the people, mostly: "90% order the same")."""
    return "most" if share >= 70 else "part" if share >= 25 else "none"


def _rating(words: tuple[str, ...], k: int, vocab: AnswerVocab) -> tuple[int, float] | None:
    """A mark out of ten at word `k` ("9/10", "7 out of 10"; not "9 10 hours"): its length in
    words and the share it gives in percent; None when there is none."""
    if not words[k].isdecimal() or int(words[k]) > RATED_OUT_OF:
        return None
    for tail in ((str(RATED_OUT_OF),), ("out", "of", str(RATED_OUT_OF))):
        end = k + 1 + len(tail)
        if words[k + 1 : end] == tail and (end == len(words) or words[end] not in vocab.units):
            return 1 + len(tail), 100.0 * int(words[k]) / RATED_OUT_OF
    return None


def _phrases(reader: DimReader, vocab: AnswerVocab, words: tuple[str, ...]) -> list[Span]:
    """The index's phrases in the words, longest first at each place."""
    phrases: list[Span] = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        best: tuple[Phrase, tuple[tuple[str, object], ...]] | None = None
        for phrase, tags in reader.index.get(w, ()):
            if words[i : i + len(phrase)] == phrase:
                best = (phrase, tags)
                break
        if best is None or _not_meant(vocab, words, i):
            i += 1
            continue
        phrases.append(Span(i, i + len(best[0]), best[1]))
        i += len(best[0])
    return phrases


def _not_meant(vocab: AnswerVocab, words: tuple[str, ...], i: int) -> bool:
    """ "this kind of audit" is no hedge, "once a company signs" no single visit, "it either
    works or it doesn't" no "both"."""
    w, n = words[i], len(words)
    return (
        (i > 0 and w in KIND and words[i - 1] in KIND_OF)
        or (
            w == ONCE and i + 2 < n and words[i + 1] in SUBJECTS and words[i + 2] not in vocab.units
        )
        or (w == EITHER and OR in words[i + 2 : clause_end(words, i)])
    )


def number(vocab: AnswerVocab, word: str) -> float | None:
    """A word's value as a number ("7", "two", "couple"), or None."""
    if word[0].isdigit():
        try:
            return float(word)
        except ValueError:
            return None
    return vocab.numbers.get(word)


def find_times(
    vocab: AnswerVocab, words: tuple[str, ...], plural: tuple[bool, ...], prices: bool = False
) -> list[Span]:
    """Durations ("7 years", "12 to 18 months") and periods ("every week", "twice a
    year", "quarterly") as spans tagged with their length in days; with `prices`, also a
    price per thing ("£25 a walk", "40 quid a head")."""
    out: list[Span] = []
    for i, w in enumerate(words):
        found = _per_item(vocab, words, i) or (_price_each(vocab, words, i) if prices else None)
        if found is None and w in vocab.every:
            found = Span(i, i + 1, (("period", vocab.every[w]),))
        unit = vocab.units.get(w)
        if found is None and unit is not None:
            found = _rate(vocab, words, i, unit) or _length(vocab, words, plural, i, unit)
        if found is not None:
            out.append(found)
    return out


def _per_item(vocab: AnswerVocab, words: tuple[str, ...], i: int) -> Span | None:
    """ "by the session", "per load": a price per thing."""
    w, v = words[i], vocab
    if (
        w == "by"
        and i + 2 < len(words)
        and words[i + 1] == "the"
        and (
            words[i + 2] not in v.units and words[i + 2].isalpha() and words[i + 2] not in v.fillers
        )
    ):
        return Span(i, i + 3, (("per_item", 1.0),))
    if (
        w in PER_ITEM
        and i + 1 < len(words)
        and words[i + 1] not in v.units
        and (
            words[i + 1] not in v.every and words[i + 1].isalpha() and words[i + 1] not in v.fillers
        )
    ):
        return Span(i, i + 2, (("per_item", 1.0),))
    return None


def _price_each(vocab: AnswerVocab, words: tuple[str, ...], i: int) -> Span | None:
    """ "£25 a walk", "40 quid a head": an amount, then "a" and a thing that is no unit of
    time, is a price per thing."""
    if words[i] not in PER or words[i] == "per" or i == 0 or i + 1 >= len(words):
        return None
    amount = (
        words[i - 1]
        if words[i - 1][0].isdigit()
        else (words[i - 2] if i > 1 and words[i - 1] in MONEY and words[i - 2][0].isdigit() else "")
    )
    nxt = words[i + 1]
    if (
        not amount
        or not nxt.isalpha()
        or nxt in vocab.units
        or nxt in vocab.fillers
        or (nxt in vocab.every)
    ):
        return None
    return Span(i, i + 2, (("per_item", 1.0),))


def _rate(vocab: AnswerVocab, words: tuple[str, ...], i: int, unit: float) -> Span | None:
    """ "once a week", "3 times a month", "twice per year", "per month": so many times per
    unit."""
    prev = words[i - 1] if i else ""
    prev2 = words[i - 2] if i > 1 else ""
    if prev in PER and i > 1:
        counted = _count(vocab, words, i)
        if counted is not None:
            count, start = counted
            if (
                start > 1
                and words[start - 1] == "or"
                and (  # "once or twice a year"
                    words[start - 2] in COUNTS or number(vocab, words[start - 2])
                )
            ):
                start -= 2
            # (tagged a count: "twice a year" says how often, not what a price is per)
            return Span(start, i + 1, (("period", unit / count), ("count", count)))
        if prev == "per" or (prev2 and (prev2[0].isdigit() or prev2 in vocab.numbers)):
            return Span(i - 1, i + 1, (("period", unit),))
    if prev == "per":
        return Span(i - 1, i + 1, (("period", unit),))
    return None


def _count(vocab: AnswerVocab, words: tuple[str, ...], i: int) -> tuple[float, int] | None:
    """How many times per unit, and where that is said ("twice a", "3 times a", "several
    calls a")."""
    prev2 = words[i - 2]
    count = COUNTS.get(prev2)
    start = i - 2
    if prev2 in TIMES and i > 2:
        return number(vocab, words[i - 3]) or 3.0, i - 3
    if (
        count is None
        and i > 2
        and (n3 := number(vocab, words[i - 3]))
        and (prev2 not in vocab.units and words[i - 3] not in ("a", "an"))
        and words[i - 3] not in COUNTS  # "come once after a night out": no count of things
    ):
        return n3, i - 3  # "several calls a week", "2 sessions a month"
    return None if count is None else (count, start)


def _length(
    vocab: AnswerVocab, words: tuple[str, ...], plural: tuple[bool, ...], i: int, unit: float
) -> Span | None:
    """Numbers before the unit: "7", "12 to 18", "a couple of", "a few", "several"; "every
    3 weeks" is a period, bare "years" two years."""
    nums: list[float] = []
    j = i - 1
    while j >= 0 and i - j <= 5:
        num = number(vocab, words[j])
        if num is not None:
            nums.append(num)
        elif words[j] not in BETWEEN_NUMBERS:
            break
        j -= 1
    start = j + 1
    if start > 0 and words[start - 1] in EVERY:
        n = nums[0] if nums else 1.0
        return Span(start - 1, i + 1, (("period", n * unit),))
    if nums:
        # "12 to 18 months": the middle; "a couple of months": the last number said
        count = sum(nums) / len(nums) if len(nums) > 1 and words[start] != "a" else nums[0]
        return Span(start, i + 1, (("duration", count * unit),))
    w = words[i]
    if plural[i] or (w.endswith("s") and len(w) <= 4):  # "years", "yrs", "mins"
        return Span(i, i + 1, (("duration", 2 * unit),))
    return None
