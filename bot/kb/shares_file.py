"""knowledge/shares.yaml: its schema, and the words folded into the runtime `ShareWords`
(`bot.kb.shares` reads the two-groups follow-up's typed answers with them)."""

from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo

from bot.core.errors import DataError, SchemaError
from bot.core.schema import rule_error
from bot.kb.answer_vocab import BREAK, answer_words
from bot.kb.fields import KbSchema, Number, Text, in_range, read
from bot.kb.shares import ShareWords


def _plain(text: str, info: ValidationInfo) -> str:
    words = answer_words(text)
    if not words or BREAK in words:
        raise rule_error(
            SchemaError,
            f"phrase {text!r} in '{info.field_name}' has no words or has punctuation",
            hint="write plain words",
        )
    return text


Phrase = Annotated[Text, AfterValidator(_plain)]


class ShareFile(KbSchema):
    """The whole file (what each list is for: the comments in knowledge/shares.yaml)."""

    long_term: tuple[Phrase, ...] = ()
    one_off: tuple[Phrase, ...] = ()
    amounts: dict[Phrase, Annotated[Number, in_range(0.0, 100.0)]] = Field(default_factory=dict)


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
    return ShareWords(sides, {answer_words(t): float(v) for t, v in p.amounts.items()})
