"""Short replies read in the context of what was just offered: yes, no, "the second",
"the stationery one".

After the bot offers a few named options ("did you mean …?"), people answer as they would to a
person. Those replies are read against the options just shown before anything else is tried,
so "yes" is never taken for a new business description. The words live in
dialogues/messages.yaml (`engine.yes_words`, `engine.no_words`, `engine.ordinal_words`,
`engine.last_words`, `engine.filler_words`, `engine.unsure_words`, `engine.lead_in_words`,
`engine.question_words`, `engine.meaning_words`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from bot.core.messages import Messages
from bot.engine.matching import simplify

NAME_CUTOFF = 85.0  # how close a typed word must be to a word of an option's name
PREFIX_MIN = 4  # "book" picks "Bookshop": a prefix of at least this many letters counts
SHORT_PICK = 3  # "the second", "3rd please": an ordinal picks only in a reply this short

Pick = int | Literal["no"]


def _only(text: str, marks: frozenset[str]) -> bool:
    """Whether `text` is nothing but these marks ("👍", "👍👍")."""
    for mark in sorted(marks, key=len, reverse=True):
        text = text.replace(mark, "")
    return not text.strip()


def _marks(raw: str) -> frozenset[str]:
    """Emoji as typed (simplify would strip them), without variation selectors."""
    return frozenset(m.strip().replace("\ufe0f", "") for m in raw.split(",") if m.strip())


def _phrases(raw: str) -> frozenset[str]:
    return frozenset(p for p in (simplify(w) for w in raw.split(",")) if p)


@dataclass(frozen=True)
class PickWords:
    """The vocabulary of short in-context replies, in one language."""

    yes: frozenset[str]
    no: frozenset[str]
    ordinals: tuple[frozenset[str], ...]
    last: frozenset[str]
    filler: frozenset[str]
    unsure: frozenset[str] = frozenset()  # "idk", "not sure": no answer, and no mistake either
    lead_ins: frozenset[str] = frozenset()  # "no, MORE LIKE some tweaks": what leads to an answer
    openers: frozenset[str] = frozenset()  # "WHAT do you mean?": the first words of a question
    meaning: frozenset[str] = frozenset()  # "what do you MEAN by tailor?": asks what it means
    both: frozenset[str] = frozenset()  # "both really": more than one of those offered
    result_now: frozenset[str] = frozenset()  # "just show me the result": no answer
    corrections: frozenset[str] = frozenset()  # "no wait, i meant …": the last answer again
    complaints: frozenset[str] = frozenset()  # "thats not what i said": back to the last one
    yes_marks: frozenset[str] = frozenset()  # 👍 alone
    no_marks: frozenset[str] = frozenset()  # 👎 alone
    detail: frozenset[str] = frozenset()  # "do you need the EXACT number?": a rough one does
    aside: frozenset[str] = frozenset()  # "2 BUT i am alone": the pick, then a remark
    denials: frozenset[str] = frozenset()  # "DIDN'T say anything about …": an item declined
    others: frozenset[str] = frozenset()  # "not the OTHER one": the items not named

    @classmethod
    def load(cls, messages: Messages, lang: str) -> PickWords:
        """The words for `lang` (English where a translation leaves them out)."""
        ordinals = tuple(
            frozenset(simplify(w) for w in group.split("/") if simplify(w))
            for group in messages.plain("engine.ordinal_words", lang).split(",")
        )
        return cls(
            yes=_phrases(messages.plain("engine.yes_words", lang)),
            no=_phrases(messages.plain("engine.no_words", lang)),
            ordinals=ordinals,
            last=_phrases(messages.plain("engine.last_words", lang)),
            filler=_phrases(messages.plain("engine.filler_words", lang)),
            unsure=_phrases(messages.plain("engine.unsure_words", lang)),
            lead_ins=_phrases(messages.plain("engine.lead_in_words", lang)),
            openers=_phrases(messages.plain("engine.question_words", lang)),
            meaning=_phrases(messages.plain("engine.meaning_words", lang)),
            both=_phrases(messages.plain("engine.both_words", lang)),
            result_now=_phrases(messages.plain("engine.result_now_words", lang)),
            corrections=_phrases(messages.plain("engine.correction_words", lang)),
            complaints=_phrases(messages.plain("engine.complaint_words", lang)),
            yes_marks=_marks(messages.plain("engine.yes_marks", lang)),
            no_marks=_marks(messages.plain("engine.no_marks", lang)),
            detail=_phrases(messages.plain("engine.detail_words", lang)),
            aside=_phrases(messages.plain("engine.aside_words", lang)),
            denials=_phrases(messages.plain("engine.denial_words", lang)),
            others=_phrases(messages.plain("engine.other_item_words", lang)),
        )


def unsure(text: str, words: PickWords) -> bool:
    """The reply says the person does not know ("idk", "not sure tbh", a lone "?")."""
    plain = simplify(text)
    if not plain:
        return "?" in text
    # "no idea tbh", "um not sure really": the phrase and words that say nothing
    kept = " ".join(t for t in plain.split() if t not in words.filler)
    return plain in words.unsure or kept in words.unsure


def wants_result(text: str, words: PickWords) -> bool:
    """The reply asks for the result instead of answering ("just show me the result pls")."""
    plain = simplify(text)
    kept = " ".join(t for t in plain.split() if t not in words.filler)
    return bool(plain) and (plain in words.result_now or kept in words.result_now)


LEAD_MAX = 4  # words in the longest leading phrase looked for ("no sorry i meant")


def _leading(tokens: list[str], phrases: frozenset[str]) -> int:
    """How many of the first `tokens` form one of `phrases` (the longest, with a word after
    it), else 0."""
    for n in range(min(LEAD_MAX, len(tokens) - 1), 0, -1):
        if " ".join(tokens[:n]) in phrases:
            return n
    return 0


def after_yes(text: str, words: PickWords) -> str | None:
    """The words after a leading yes ("yep, restaurants invoiced monthly" -> "restaurants
    invoiced monthly"); None when the reply does not open with a yes word."""
    tokens = _past_fillers(simplify(text).split(), words)
    n = _leading(tokens, words.yes)
    return " ".join(tokens[n:]) if n else None


def _past_fillers(tokens: list[str], words: PickWords) -> list[str]:
    """`tokens` from the first that is not a filler ("hm no, per project" -> "no, per
    project"); a yes or no word is never skipped."""
    k = 0
    while (
        k < len(tokens) and tokens[k] in words.filler and not {tokens[k]} & (words.yes | words.no)
    ):
        k += 1
    return tokens[k:] if k < len(tokens) else tokens


def correction(text: str, words: PickWords) -> str | None:
    """The words after a correction of the last answer ("no wait, i meant some tweaks" ->
    "some tweaks"), or None when the reply opens with no correction phrase."""
    tokens = simplify(text).split()
    n = _leading(tokens, words.corrections)
    return " ".join(t for t in tokens[n:] if t not in words.lead_ins) if n else None


def after_no(text: str, words: PickWords) -> str:
    """The words after a leading no ("no, more like some tweaks" -> "more like some tweaks");
    the text itself when it does not open with a no word or has nothing after it."""
    tokens = _past_fillers(simplify(text).split(), words)
    n = _leading(tokens, words.no)
    while n and (more := _leading(tokens[n:], words.no)):
        n += more  # "no, that is not accurate. they rely on us a great deal"
    rest = " ".join(t for t in tokens[n:] if t not in words.lead_ins) if n else ""
    return rest or text


def yes_no(text: str, words: PickWords) -> Literal["yes", "no"] | None:
    """ "yes"/"no" when the reply is one of the yes or no words (give or take filler words),
    else None."""
    mark = text.strip().replace("\ufe0f", "")
    if mark and _only(mark, words.yes_marks):
        return "yes"
    if mark and _only(mark, words.no_marks):
        return "no"
    simple = simplify(text)
    if simple in words.yes:
        return "yes"
    if simple in words.no:
        return "no"
    tokens = simple.split()
    # "yes please", "nope, thanks": one of the words plus words that say nothing
    answers: tuple[tuple[Literal["yes", "no"], frozenset[str]], ...] = (
        ("yes", words.yes),
        ("no", words.no),
    )
    for answer, group in answers:
        if any(t in group for t in tokens) and all(t in group or t in words.filler for t in tokens):
            return answer
        # "yes thats right", "yep spot on", "yeah fine": the word, then more of the same
        rest = " ".join(t for t in tokens[1:] if t not in words.filler)
        if tokens and tokens[0] in group and (rest in group or " ".join(tokens[1:]) in group):
            return answer  # ("no not really": "really" is a filler alone, not in "not really")
    return None


def several(simple: str, tokens: list[str], offered: int, words: PickWords) -> int | None:
    """ "both really, 1 and 2": several of those offered; the first named (the answers will
    show the mix), else None."""
    numbers = [int(t) for t in tokens if t.isdecimal() and len(t) < 3]
    # only numbers and small words ("1 and 3", "both, 2 and 4"): "regulars every 6-8 weeks"
    # names no options
    other = [t for t in tokens if not t.isdecimal() and t not in words.filler]
    picks_only = all(t in words.both or t in ("and", "or", "&") for t in other)
    if len(numbers) > 1 and picks_only and all(1 <= n <= offered for n in numbers):
        return numbers[0] - 1
    if offered > 1 and (simple in words.both or any(t in words.both for t in tokens[:2])):
        return 0
    return None


def names_word(token: str, name: str) -> bool:
    for word in simplify(name).split():
        if fuzz.ratio(token, word) >= NAME_CUTOFF:
            return True
        if len(token) >= PREFIX_MIN and (
            word.startswith(token) or (token.startswith(word) and len(word) >= PREFIX_MIN)
        ):
            return True
    return False


def picks_several(text: str, offered: int, words: PickWords) -> bool:
    """Whether the reply picks more than one of those offered ("both", "1 and 3")."""
    simple = simplify(text)
    return several(simple, simple.split(), offered, words) is not None


def pick(
    text: str, names: Sequence[str], words: PickWords, *, yes_means_first: bool = True
) -> Pick | None:
    """Which of `names` (as just offered, in order) the reply designates: its index, "no" for
    none of them, or None when the reply is something else (a new description, say).
    `yes_means_first`: the first name was offered as the best guess, so "yes" takes it."""
    simple = simplify(text)
    if not simple or not names:
        return None
    if yes_no(text, words) == "no":
        return "no"
    tokens = simple.split()
    first = _number_aside(tokens, len(names), words)
    if first is None:
        first = several(simple, tokens, len(names), words)
    if first is not None:
        return first
    placed = _by_place(tokens, len(names), words)
    if placed is not None:
        return placed
    content = [t for t in tokens if t not in words.filler and t not in words.yes]
    if content:
        fitting = [i for i, name in enumerate(names) if all(names_word(t, name) for t in content)]
        if len(fitting) == 1:
            return fitting[0]
        return None
    # only yes and filler words ("yes", "yep, that one"): the option offered first
    return 0 if yes_means_first else None


def _by_place(tokens: list[str], offered: int, words: PickWords) -> int | None:
    """An option named by its place in a short reply ("the second", "the last one"; not
    "maybe a THIRD go on to a retainer")."""
    if len([t for t in tokens if t not in words.filler]) > SHORT_PICK:
        return None
    for token in tokens:
        for index, group in enumerate(words.ordinals):
            if token in group and index < offered:
                return index
        if token in words.last:
            return offered - 1
    return None


def _number_aside(tokens: list[str], offered: int, words: PickWords) -> int | None:
    """ "2 but i am alone, not agency": option 2, and a remark about it."""
    if len(tokens) < 2 or not tokens[0].isdecimal() or tokens[1] not in words.aside:
        return None
    return int(tokens[0]) - 1 if 1 <= int(tokens[0]) <= offered else None


PICK_NOUNS = frozenset({"option", "number", "no", "answer", "choice", "button", "nr", "num"})
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six")


def option_number(text: str, offered: int, words: PickWords) -> int | None:
    """The option a reply names by its place and nothing else ("three", "option 3", "number
    three", "the third one", "the last one"), or None."""
    tokens = simplify(text).split()
    rest = [t for t in tokens if t not in words.filler and t not in PICK_NOUNS]
    if not rest and "one" in tokens:
        rest = ["one"]  # ("option one": "one" is a filler word elsewhere)
    if len(rest) != 1 or offered < 1:
        return None
    (token,) = rest
    if token in words.last:
        return offered - 1
    index = next((i for i, group in enumerate(words.ordinals) if token in group), None)
    if index is None and token in NUMBER_WORDS:
        index = NUMBER_WORDS.index(token)
    return index if index is not None and index < offered else None
