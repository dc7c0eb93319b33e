"""Declarative schemas for the YAML data: pydantic models, with errors mapped back to file:line.

Every data file is checked in three stages (as Rasa does for its flows): this module's schema
check, which turns a line-aware YAML tree (`bot.core.yamlio`) into typed, frozen objects; then logic
checks in the loaders; then lint. Schema models derive from `Schema`, which refuses unknown keys
with a "did you mean …?" hint. A validator that enforces a rule of its own raises `rule_error`
naming the `DataError` class for that rule, so each rule keeps its own error class.

Why pydantic v2: declarative, typed models that mypy understands, a compiled core that checks
the 700-industry knowledge base in milliseconds, and error locations as key paths, which
`locate` maps onto the line numbers `bot.core.yamlio` records.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from bot.core.errors import DataError, DataErrors, Location, SchemaError
from bot.core.suggest import did_you_mean
from bot.core.suggest import hint as suggest
from bot.core.yamlio import LinedDict, LinedList

M = TypeVar("M", bound=BaseModel)

_UNKNOWN_KEYS = "unknown_keys"
_RULE = "advisor_rule"
# DataError classes that validators may name in `rule_error`, by class name.
_RULE_CLASSES: dict[str, type[DataError]] = {}
_KNOWN_TYPES = frozenset(get_args(ErrorType))  # pydantic's own error types

_ALLOWED: dict[type[BaseModel], list[str]] = {}


def _allowed_keys(cls: type[BaseModel]) -> list[str]:
    """The keys a schema takes, computed once per class (the check runs on every item)."""
    keys = _ALLOWED.get(cls)
    if keys is None:
        keys = _ALLOWED[cls] = [f.alias or name for name, f in cls.model_fields.items()]
    return keys


class Schema(BaseModel):
    """Base of every data schema: frozen, and unknown keys are errors with a suggestion."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="wrap")
    @classmethod
    def _known_keys(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if not isinstance(data, dict):
            return handler(data)
        allowed = _allowed_keys(cls)
        unknown = [str(k) for k in data if str(k) not in allowed]
        if not unknown:
            return handler(data)
        # The rest of the mapping is still checked, so one run reports all of its problems.
        errors = [
            InitErrorDetails(
                type=PydanticCustomError(
                    _UNKNOWN_KEYS, "unknown keys {keys}", {"keys": unknown, "allowed": allowed}
                ),
                loc=(),
                input=data,
            )
        ]
        # A key missing because it is misspelt is said once, by its "did you mean".
        meant = {did_you_mean(k, allowed) for k in unknown}
        try:
            handler({k: v for k, v in data.items() if str(k) not in unknown})
        except ValidationError as exc:
            errors += [
                _again(e)
                for e in exc.errors(include_url=False)
                if not (e["type"] == "missing" and len(e["loc"]) == 1 and e["loc"][0] in meant)
            ]
        raise ValidationError.from_exception_data(cls.__name__, errors)


def _again(err: ErrorDetails) -> InitErrorDetails:
    """A reported error, to raise once more among others."""
    ctx = err.get("ctx") or {}
    if err["type"] in _KNOWN_TYPES:
        again = InitErrorDetails(type=err["type"], loc=err["loc"], input=err["input"])
        if ctx:
            again["ctx"] = ctx
        return again
    return InitErrorDetails(
        type=PydanticCustomError(err["type"], "{_msg}", {**ctx, "_msg": err["msg"]}),
        loc=err["loc"],
        input=err["input"],
    )


def rule_error(
    cls: type[DataError],
    message: str,
    *,
    hint: str | None = None,
    key: str | int | None = None,
    placed: bool = False,
) -> PydanticCustomError:
    """An error for a validator to raise, reported as `cls` (one class per rule).

    `key` points below the failing value (a key or index of it) for a more precise line.
    `placed` names the item first ("cases[3] (id 'c4'): ..."), for rules on items of long lists.
    """
    _RULE_CLASSES[cls.__name__] = cls
    ctx = {"cls": cls.__name__, "message": message, "hint": hint or "", "key": key, "at": placed}
    return PydanticCustomError(_RULE, "{message}", ctx)


def locate(data: Any, loc: tuple[str | int, ...]) -> int | None:
    """The line of the deepest node of `data` that `loc` reaches.

    Parts that name no key or item (pydantic's union and discriminator tags) are skipped.
    """
    line = data.line if isinstance(data, LinedDict | LinedList) else None
    node = data
    for part in loc:
        if isinstance(node, LinedDict) and str(part) in node:
            line = node.line_of(str(part))
            node = node[str(part)]
        elif isinstance(node, LinedList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.line_of(part)
            node = node[part]
    return line


def _path(loc: tuple[str | int, ...], data: Any) -> str:
    """Readable key path of `loc`: only the parts that exist in the data."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and str(part) in node:
            parts.append(str(part))
            node = node[str(part)]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            parts.append(f"[{part}]")
            node = node[part]
    return ".".join(parts).replace(".[", "[")


def _node(data: Any, loc: tuple[str | int, ...]) -> Any:
    """The deepest node of `data` that `loc` reaches."""
    node = data
    for part in loc:
        if isinstance(node, dict) and str(part) in node:
            node = node[str(part)]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
    return node


def _named(where: str, data: Any, loc: tuple[str | int, ...], name_key: str | None) -> str:
    """`where`, followed by the name of the mapping there when it has one ("industries[3]
    (id 'barber')"), so a message says which item without opening the file."""
    if name_key is None:
        return where
    node = _node(data, loc)
    name = node.get(name_key) if isinstance(node, dict) else None
    if isinstance(name, str | int) and not isinstance(name, bool):
        return f"{where} ({name_key} '{name}')" if where else f"{name_key} '{name}'"
    return where


@dataclass(frozen=True, slots=True)
class _Source:
    """What the errors are about: the data, its file, and how messages name it."""

    data: Any
    path: str
    what: str
    flow: str | None
    step: str | None
    name_key: str | None

    def at(self, loc: tuple[str | int, ...]) -> Location:
        """path:line of the node `loc` reaches."""
        return Location(self.path, locate(self.data, loc))


def data_errors(
    exc: ValidationError,
    data: Any,
    path: str,
    *,
    what: str = "",
    flow: str | None = None,
    step: str | None = None,
    name_key: str | None = None,
) -> Iterator[DataError]:
    """One `DataError` per problem in `exc`, each naming path:line.

    With `name_key` ("id"), unknown and missing keys also name the item they are in."""
    src = _Source(data, path, what, flow, step, name_key)
    for err in exc.errors(include_url=False):
        yield from _errors_of(err, src)


def _errors_of(err: ErrorDetails, src: _Source) -> Iterator[DataError]:
    """The `DataError`s for one pydantic error, by its type."""
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    where = _named(_path(loc, src.data), src.data, loc, src.name_key)
    if err["type"] == _UNKNOWN_KEYS:
        yield from _unknown_keys(loc, ctx, where, src)
    elif err["type"] == _RULE:
        yield _rule_broken(loc, ctx, src)
    elif err["type"] == "missing":
        yield _missing(loc, src)
    elif err["type"] == "string_too_short" and ctx.get("min_length") == 1:
        yield _empty(loc, where, src)
    else:
        yield _other(err, loc, where, src)


def _unknown_keys(
    loc: tuple[str | int, ...], ctx: dict[str, Any], where: str, src: _Source
) -> Iterator[DataError]:
    """One error per key the model does not know, with the nearest allowed key as the hint."""
    allowed = list(ctx["allowed"])
    for key in ctx["keys"]:
        yield SchemaError(
            f"unknown key '{key}' in {where or src.what or 'the file'}",
            src.at((*loc, key)),
            flow=src.flow,
            step=src.step,
            hint=suggest(key, allowed) or f"allowed keys: {', '.join(allowed)}",
        )


def _place(loc: tuple[str | int, ...], src: _Source) -> str:
    """Where `loc` is: the nearest item around it that has a name, else its key path."""
    for n in range(len(loc), 0, -1):
        if isinstance(node := _node(src.data, loc[:n]), dict) and src.name_key in node:
            return _named(_path(loc[:n], src.data), src.data, loc[:n], src.name_key)
    return _path(loc, src.data)


def _rule_broken(loc: tuple[str | int, ...], ctx: dict[str, Any], src: _Source) -> DataError:
    """A rule of the house (a model validator) broken, as the error class it names."""
    cls = _RULE_CLASSES.get(ctx["cls"], SchemaError)
    sub = () if ctx.get("key") is None else (ctx["key"],)
    place = f"{_place(loc, src)}: " if ctx.get("at") else ""
    return cls(
        place + str(ctx["message"]),
        src.at((*loc, *sub)),
        flow=src.flow,
        step=src.step,
        hint=str(ctx.get("hint")) or None,
    )


def _missing(loc: tuple[str | int, ...], src: _Source) -> DataError:
    """A required key that is absent, named with the item it is missing from."""
    key = str(loc[-1]) if loc else "?"
    place = (
        _named(_path(loc[:-1], src.data), src.data, loc[:-1], src.name_key) if src.name_key else ""
    ) or src.what
    return SchemaError(
        f"missing '{key}'" + (f" in {place}" if place else ""),
        src.at(loc[:-1]),
        flow=src.flow,
        step=src.step,
        hint=f"add a '{key}:' line",
    )


def _empty(loc: tuple[str | int, ...], where: str, src: _Source) -> DataError:
    """A text that must not be empty and is."""
    return SchemaError(
        f"{where or src.what or 'text'} is empty",
        src.at(loc),
        flow=src.flow,
        step=src.step,
        hint="write some text",
    )


def _other(err: ErrorDetails, loc: tuple[str | int, ...], where: str, src: _Source) -> DataError:
    """Any other pydantic error: its own message, lower-cased, after the place."""
    label = where or src.what or "value"
    return SchemaError(
        f"{label}: {err['msg'][0].lower()}{err['msg'][1:]}",
        src.at(loc),
        flow=src.flow,
        step=src.step,
    )


def validate(
    model: type[M],
    data: Any,
    path: str,
    *,
    what: str = "",
    flow: str | None = None,
    step: str | None = None,
    name_key: str | None = None,
    context: Mapping[str, Any] | None = None,
) -> M:
    """`data` as a `model`, or `DataErrors` listing every problem with its file:line.

    `context` reaches validators as `info.context` (names known only at load time).
    """
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise DataErrors(
            list(data_errors(exc, data, path, what=what, flow=flow, step=step, name_key=name_key))
        ) from None


def flatten_texts(
    node: Any, path: str, noun: str, errors: list[DataError], prefix: str = ""
) -> dict[str, tuple[str, Location]]:
    """A free-form tree of texts (messages, knowledge texts) as dotted key -> (text, place).

    Its keys are data, not a schema, so each leaf is checked here: anything but a non-empty
    string is an error naming its line."""
    out: dict[str, tuple[str, Location]] = {}
    if not isinstance(node, LinedDict):
        return out
    for key, value in node.items():
        dotted = f"{prefix}.{key}" if prefix else key
        if isinstance(value, LinedDict):
            out.update(flatten_texts(value, path, noun, errors, dotted))
        elif isinstance(value, str) and value.strip():
            out[dotted] = (value, Location(path, node.line_of(key)))
        else:
            errors.append(
                SchemaError(
                    f"{noun} '{dotted}' must be a non-empty string",
                    Location(path, node.line_of(key)),
                    hint="quote the text",
                )
            )
    return out
