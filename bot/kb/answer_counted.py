"""How much of what: an amount that counts another question's thing says nothing here.

"Hourly rates mostly, plus some fixed fees" to "how much do people rely on you?": the "some"
counts fees, a payment phrase, not the people who rely; "most weeks" counts time, to a question
of no time. A reading that rests only on such amounts is no answer to this question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.kb.answer_index import DimReader
from bot.kb.answer_vocab import BREAK, AnswerVocab

THING = 2  # the thing counted: a word or two after the amount ("some fixed fees")


def counts_other(
    reader: DimReader,
    readers: Iterable[DimReader],
    vocab: AnswerVocab,
    words: tuple[str, ...],
    why: tuple[str, ...],
    fold: Callable[[str], tuple[str, ...]],
) -> bool:
    """Whether every one of `why` (a reading's words, folded by `fold`) is an amount counting
    another question's thing in `words` (none: False)."""
    amounts: list[tuple[str, ...]] = []
    for said in why:  # (most readings rest on no amount: the first word tells)
        amounts.append(fold(said))
        if amounts[-1] not in vocab.amounts:
            return False
    if not amounts:
        return False
    frame = vocab.fillers | vocab.plain_words
    others = [r for r in readers if r is not reader]
    for amount in amounts:
        at = next((k for k in range(len(words)) if words[k : k + len(amount)] == amount), None)
        if at is None:
            return False
        rest = words[at + len(amount) :]
        thing = (rest[: rest.index(BREAK)] if BREAK in rest else rest)[:THING]
        if not _others_thing(reader, others, vocab, frame, thing):
            return False
    return True


def _others_thing(
    reader: DimReader,
    others: list[DimReader],
    vocab: AnswerVocab,
    frame: frozenset[str],
    thing: tuple[str, ...],
) -> bool:
    """Whether `thing` is time (to a question of no time), or holds another dimension's phrase
    and none of `reader`'s."""
    if thing and thing[0] in vocab.units and not reader.uses_time:
        return True  # "most weeks", "some days": how often

    def named(r: DimReader) -> bool:
        return any(
            thing[k : k + len(p)] == p
            for k in range(len(thing))
            if thing[k] not in frame
            for p, _ in r.index.get(thing[k], ())
        )

    return not named(reader) and any(named(r) for r in others)
