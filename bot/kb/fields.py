"""Field types shared by the knowledge base's schemas, and reading one file against a schema.

Texts are trimmed and may be written as bare numbers; lists of texts may be written as one
text; ids are lower-case; numbers have a range. Each rule fails with its own message naming
the field, at the value's line (`bot.core.schema`).
"""

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    StringConstraints,
    ValidationInfo,
)

from bot.core.errors import DataError, DataErrors, Location, SchemaError
from bot.core.schema import Schema, rule_error, validate
from bot.core.suggest import hint as suggest
from bot.core.yamlio import LinedDict, LinedList, load_file
from bot.kb.normalize import fold

M = TypeVar("M", bound=BaseModel)
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _ident(value: str, info: ValidationInfo) -> str:
    if not ID_RE.match(value):
        raise rule_error(
            SchemaError,
            f"id '{value}' must be lower-case letters, digits and _",
            hint="e.g. law_firm",
        )
    return value


def _one_or_many(value: Any) -> Any:
    """`aliases: barber` means `aliases: [barber]`."""
    return (
        [value] if isinstance(value, str | int | float) and not isinstance(value, bool) else value
    )


def _some(value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    if not value:
        raise rule_error(SchemaError, f"'{info.field_name}' is empty", hint="list at least one")
    return value


class KbSchema(Schema):
    """Base of the knowledge base's schemas: a number where text is expected is text."""

    model_config = ConfigDict(coerce_numbers_to_str=True)


# Trimmed and checked in pydantic's core (fast); an empty one is reported as "is empty".
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
MaybeText = Annotated[str, StringConstraints(strip_whitespace=True)]  # may be empty
Ident = Annotated[Text, AfterValidator(_ident)]
Texts = Annotated[tuple[Text, ...], BeforeValidator(_one_or_many)]
SomeTexts = Annotated[Texts, AfterValidator(_some)]  # at least one


Number = Annotated[float, Strict()]  # a bool or a quoted number is not one
# strict: a number or a true/false written as a word is a mistake, not a word
StrictText = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]


def one_word(hint: str) -> AfterValidator:
    """A validator: the text folds to exactly one word (`hint`: what to write instead)."""

    def check(text: str, info: ValidationInfo) -> str:
        if len(fold(text).split()) != 1:
            raise rule_error(
                SchemaError, f"'{text}' in '{info.field_name}' must be one word", hint=hint
            )
        return text

    return AfterValidator(check)


def in_range(lo: float, hi: float) -> AfterValidator:
    """A validator: the number runs from `lo` to `hi`."""

    def check(value: float, info: ValidationInfo) -> float:
        if not lo <= value <= hi:
            raise rule_error(
                SchemaError,
                f"'{info.field_name}' is {value:g}, outside {lo:g}..{hi:g}",
                hint=f"use a value between {lo:g} and {hi:g}",
            )
        return value

    return AfterValidator(check)


def one_of(choices: Sequence[str], *, what: str = "", placed: bool = False) -> AfterValidator:
    """A validator: the text must be one of `choices`, else a hint at the closest (`placed`:
    the message names the item, as `rule_error` does)."""

    def check(value: str, info: ValidationInfo) -> str:
        if value not in choices:
            raise rule_error(
                SchemaError,
                f"{what or info.field_name} '{value}' must be "
                f"{', '.join(choices[:-1])} or {choices[-1]}",
                hint=suggest(value, choices) or f"one of {', '.join(choices)}",
                placed=placed,
            )
        return value

    return AfterValidator(check)


def at(path: Path | str, node: Any, key: str | int | None = None) -> Location:
    """The location of `node` (or of its key or item) in `path`."""
    line: int | None = None
    if isinstance(node, LinedDict):
        line = node.line_of(str(key)) if key is not None else node.line
    elif isinstance(node, LinedList):
        line = node.line_of(key) if isinstance(key, int) else node.line
    return Location(str(path), line)


def read(
    model: type[M],
    path: Path,
    errors: list[DataError],
    *,
    prepare: Callable[[Any], None] | None = None,
    context: Mapping[str, Any] | None = None,
) -> tuple[M | None, Any]:
    """The file at `path` as a `model` and its line-aware tree; problems go to `errors`.

    `prepare` may adjust the tree first (in place); `context` goes to the validators."""
    try:
        data = load_file(path)
        if prepare is not None:
            prepare(data)
        if not isinstance(data, LinedDict):
            raise DataErrors(
                [
                    SchemaError(
                        f"{path.name} must be a mapping (key: value lines)",
                        at(path, data) if isinstance(data, LinedList) else Location(str(path), 1),
                        hint="see docs/knowledge.md",
                    )
                ]
            )
        parsed = validate(model, data, str(path), what=path.name, name_key="id", context=context)
        return parsed, data
    except DataErrors as exc:
        errors.extend(exc.errors)
    except DataError as exc:  # a syntax error or an unreadable file
        errors.append(exc)
    return None, None


def yes_no_keys(data: Any) -> None:
    """YAML reads bare `yes:`/`no:` keys of a file's `dimensions` as booleans: give them back
    their names, in place."""
    dims = data.get("dimensions") if isinstance(data, LinedDict) else None
    for dim in dims.values() if isinstance(dims, LinedDict) else ():
        for flag, word in (("True", "yes"), ("False", "no")):
            if isinstance(dim, LinedDict) and flag in dim and word not in dim:
                dim[word] = dim.pop(flag)
                dim.key_lines[word] = dim.key_lines.get(flag, dim.line)
