"""knowledge/served.yaml: its schema, and the words folded into the runtime `ServedVocab`
(what each list is for: the comments in that file; the rules: `bot.kb.served`)."""

from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, StringConstraints, ValidationInfo

from bot.core.errors import DataError, SchemaError
from bot.core.schema import rule_error
from bot.kb.fields import KbSchema, read
from bot.kb.normalize import fold
from bot.kb.served_vocab import ServedVocab

# strict: a number or a true/false written as a word is a mistake, not a word
_Str = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]


def _one_word(text: str, info: ValidationInfo) -> str:
    if len(fold(text).split()) != 1:
        raise rule_error(
            SchemaError,
            f"'{text}' in '{info.field_name}' must be one word",
            hint="write several words under 'phrases'",
        )
    return text


def _some_words(text: str, info: ValidationInfo) -> str:
    if not fold(text).split():
        raise rule_error(
            SchemaError,
            f"phrase '{text}' in '{info.field_name}' has no words",
            hint="e.g. work with",
        )
    return text


Words = tuple[Annotated[_Str, AfterValidator(_one_word)], ...]


class ServedFile(KbSchema):
    """The whole file: one list of words per use (see the comments in knowledge/served.yaml)."""

    openers: Words = ()
    verbs: Words = ()
    ings: Words = ()
    own_object: Words = ()
    phrases: tuple[Annotated[_Str, AfterValidator(_some_words)], ...] = ()
    not_after_for: Words = ()
    not_before_for: Words = ()
    to_party: Words = ()
    not_before_to: Words = ()
    of_not_after: Words = ()
    of_not_before: Words = ()
    supply: Words = ()
    clause_starters: Words = ()
    particles: Words = ()
    owners: Words = ()
    consumers: Words = ()
    standing: Words = ()


WORD_LISTS = tuple(name for name in ServedFile.model_fields if name != "phrases")


def _folded(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def parse_served(path: Path, errors: list[DataError]) -> ServedVocab:
    """The vocabulary in `path` (empty when absent: nothing reads as served); problems go to
    `errors`."""
    if not path.is_file():
        return ServedVocab()
    p, _ = read(ServedFile, path, errors)
    if p is None:
        return ServedVocab()
    # every list but the phrases is a set of folded words, under the same name in ServedVocab
    lists = {name: _folded(getattr(p, name)) for name in WORD_LISTS}
    phrases = tuple(tuple(fold(ph).split()) for ph in p.phrases)
    return ServedVocab(phrases=phrases, **lists)
