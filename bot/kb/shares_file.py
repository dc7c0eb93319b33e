"""knowledge/shares.yaml: its schema, and the words folded into the runtime `ShareWords`
(`bot.kb.shares` reads the two-groups follow-up's typed answers with them)."""

from pathlib import Path
from typing import Annotated

from pydantic import Field

from bot.core.errors import DataError
from bot.kb.answer_vocab import answer_words
from bot.kb.answers_file import Phrases, PlainPhrase
from bot.kb.fields import KbSchema, Number, in_range, read
from bot.kb.shares import ShareWords

Percent = Annotated[Number, in_range(0.0, 100.0)]


class ShareFile(KbSchema):
    """The whole file (what each list is for: the comments in knowledge/shares.yaml)."""

    long_term: Phrases = ()
    one_off: Phrases = ()
    amounts: dict[PlainPhrase, Annotated[Number, in_range(0.0, 100.0)]] = Field(
        default_factory=dict
    )
    negators: Phrases = ()
    rest: Phrases = ()
    numbers: dict[PlainPhrase, Percent] = Field(default_factory=dict)
    percent: Phrases = ()
    of_revenue: Phrases = ()


def parse_shares(path: Path, errors: list[DataError]) -> ShareWords:
    """The words in `path` (none when absent: only answers.yaml's groups name the sides);
    problems go to `errors`."""
    if not path.is_file():
        return ShareWords()
    p, _ = read(ShareFile, path, errors)
    if p is None:
        return ShareWords()
    sides = {answer_words(t): "client" for t in p.long_term}
    sides.update({answer_words(t): "customer" for t in p.one_off})
    amounts = {answer_words(t): float(v) for t, v in p.amounts.items()}
    return ShareWords(
        sides,
        amounts,
        {answer_words(t): True for t in p.negators},
        {answer_words(t): True for t in p.rest},
        {w: float(v) for t, v in p.numbers.items() for w in answer_words(t)},
        frozenset(w for t in p.percent for w in answer_words(t)),
        frozenset(w for t in p.of_revenue for w in answer_words(t)),
    )
