"""knowledge/served.yaml: its schema, and the words folded into the runtime `ServedVocab`
(what each list is for: the comments in that file; the rules: `bot.kb.served`)."""

from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo

from bot.core.errors import DataError, SchemaError
from bot.core.schema import rule_error
from bot.kb.fields import KbSchema, StrictText, one_word, read
from bot.kb.normalize import fold
from bot.kb.served_vocab import ServedVocab


def _some_words(text: str, info: ValidationInfo) -> str:
    if not fold(text).split():
        raise rule_error(
            SchemaError,
            f"phrase '{text}' in '{info.field_name}' has no words",
            hint="e.g. work with",
        )
    return text


Words = tuple[Annotated[StrictText, one_word("write several words under 'phrases'")], ...]


class ServedFile(KbSchema):
    """The whole file: one list of words per use (see the comments in knowledge/served.yaml)."""

    openers: Words = ()
    verbs: Words = ()
    ings: Words = ()
    own_object: Words = ()
    phrases: tuple[Annotated[StrictText, AfterValidator(_some_words)], ...] = ()
    not_after_for: Words = ()
    for_skip: Words = ()
    list_goes_on: Words = ()
    not_before_for: Words = ()
    to_party: Words = ()
    not_before_to: Words = ()
    of_not_after: Words = ()
    of_not_before: Words = ()
    supply: Words = ()
    serve: Words = ()
    clause_starters: Words = ()
    particles: Words = ()
    owners: Words = ()
    consumers: Words = ()
    parties: Words = ()
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
