"""The answer reader's small parts: weights, an option's side, spans, signals, clause state."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.contracts import OptionSide
from bot.kb.model import Option

MAX_CHARS = 2000  # an answer longer than this is read from its start (bounds the cost)
MIDDLE_WEIGHT = 1.5  # "both", "it depends": stronger than one cue for an end of the scale
SURE, GUESS = 1.0, 0.5  # weight a reading needs to be read / to be worth confirming
MARGIN = 0.5  # the best option must lead the next by this much to be read
CONTESTED_MARGIN = 1.0  # ... and by this much when it is an end and other words point elsewhere
TWO_GROUPS = 0.6  # the weaker end must be this share of the stronger to mean two groups
AMOUNT_REACH = 6
FAR_PART = 2  # words between a part and its cue that make the part a subject ("some dogs ...")
BARE_NO_WORDS = 6  # a negation with nothing after it is a "no" only in a short answer


def option_side(score: float) -> OptionSide:
    """An option's place on the client-customer scale from its score (-1..1)."""
    if score > 0.33:
        return "client"
    if score < -0.33:
        return "customer"
    return "mixed"


@dataclass(frozen=True, slots=True)
class Span:
    """Words of an answer found to mean something (phrase tags, a duration, a period)."""

    start: int
    end: int
    tags: tuple[tuple[str, object], ...]


@dataclass(slots=True)
class Signal:
    """Evidence for one option."""

    option: Option
    weight: float
    words: str
    clause: int
    origin: OptionSide | None = None  # the end a part ("some ...") was taken from
    people: bool = False  # from a word naming a group of people ("walk-ins", "regulars")
    at: tuple[int, int] = (-1, -1)  # the words it was read from (-1: the whole answer)
    far: bool = False  # a part that reached its cue across other words ("some dogs I've ...")
    timed: bool = False  # from a duration or a period ("after a few months", "quarterly")


@dataclass(slots=True)
class Clause:
    """What is pending inside one clause while its spans are read."""

    neg_end: int = -1  # where the last negator ended (-1: none pending)
    comparative: bool = False  # that negator is "than"/"rather than" (not for lengths of time)
    fallback: list[Signal] = field(default_factory=list)  # a negator's own meaning
    amount: tuple[str, int, str] | None = None  # level, where it ended, its words
    amount_used: bool = False  # it reached a cue (else it is an answer by itself: "a few")
    neg_cue: str | None = None  # the option of the cue whose opening negator is pending
    neg_reach: int = 0  # how far the pending negator reaches (0: negation_reach)
