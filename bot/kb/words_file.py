"""knowledge/words.yaml: its schema, and the groups of words that are one word to the matcher
(`bot.kb.same_words`)."""

from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator

from bot.core.errors import DataError, KnowledgeError, SchemaError
from bot.core.schema import rule_error
from bot.kb.fields import KbSchema, StrictText, at, one_word, read
from bot.kb.normalize import fold, token
from bot.kb.same_words import SameWords


def _two_or_more(group: tuple[str, ...]) -> tuple[str, ...]:
    if len(group) < 2:
        raise rule_error(
            SchemaError, "a group needs two words or more", hint="e.g. [colour, color]"
        )
    return group


Group = Annotated[
    tuple[Annotated[StrictText, one_word("a group lists single words")], ...],
    AfterValidator(_two_or_more),
]


class WordsFile(KbSchema):
    """The whole file: groups of words that are one word (see the comments in the file)."""

    same: tuple[Group, ...] = ()


def _word(text: str) -> str:
    return token(fold(text))


def parse_words(path: Path, errors: list[DataError]) -> SameWords:
    """The groups in `path` (none when absent); problems go to `errors`."""
    if not path.is_file():
        return SameWords()
    p, tree = read(WordsFile, path, errors)
    if p is None:
        return SameWords()
    seen: dict[str, int] = {}
    groups: list[tuple[str, ...]] = []
    for n, group in enumerate(p.same):
        words = tuple(dict.fromkeys(_word(w) for w in group))
        for w in words:
            if w in seen:
                errors.append(
                    KnowledgeError(
                        f"'{w}' is in two groups (items {seen[w] + 1} and {n + 1} of 'same')",
                        at(path, tree["same"], n),
                        hint="merge the two groups, or keep the word in one",
                    )
                )
            seen.setdefault(w, n)
        groups.append(words)
    return SameWords(tuple(groups))
