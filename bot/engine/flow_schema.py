"""The schema of a flow file: pydantic models checked through the one adapter (`bot.core.schema`).

`StepSchema` holds what every step may say; each step kind narrows it with a subclass next to
its handler (`bot/engine/steps/`), declaring what it needs (`needs_prompt`, `needs_slot`,
`takes_options`…). Every rule raises `rule_error` with its own message, so errors read as they
always did and name file:line. Names known only at load time (the registered kinds, the `ask_if`
conditions) arrive as validation context: `{"kinds": (...), "guards": (...)}`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from bot.core.errors import DuplicateIdError, SchemaError
from bot.core.schema import Schema, rule_error
from bot.core.suggest import hint
from bot.engine.model import OPS, Condition

# 24 characters at most: a button carries "<question no>|<step id>|<option id>" in Telegram's
# 64 bytes of callback data, so two ids of 24 always fit.
ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
ID_HINT = "ids are 1-24 characters: lowercase letters, digits and _, starting with a letter"

Text = tuple[str, dict[str, str]]  # English, and every language's text when translated


def ident(what: str, value: Any) -> str:
    """`value` if it is a valid id, else a rule error naming `what`."""
    if not isinstance(value, str) or not ID_RE.match(value):
        raise rule_error(SchemaError, f"{what} {value!r} is not a valid id", hint=ID_HINT)
    return value


def text(key: str, value: Any, *, required: bool) -> Text | None:
    """A user-facing text: a string (English) or a mapping of language -> string."""
    if value is None:
        if required:
            raise rule_error(SchemaError, f"missing '{key}'", hint=f"add a '{key}:' line")
        return None
    if isinstance(value, str) and value.strip():
        return value, {}
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(v, str) and v.strip() for v in value.values())
    ):
        if "en" not in value:
            raise rule_error(
                SchemaError,
                f"'{key}' has translations but no 'en'",
                hint="English is the default language; add an 'en:' entry",
            )
        return str(value["en"]), {str(k): str(v) for k, v in value.items()}
    raise rule_error(
        SchemaError, f"'{key}' must be a non-empty string or a mapping of language to text"
    )


def _condition(node: Any) -> Condition:
    if not isinstance(node, dict):
        raise rule_error(SchemaError, "'when' must be a mapping like {slot: x, eq: value}")
    slot = node.get("slot")
    ops = [k for k in node if k != "slot"]
    if not isinstance(slot, str) or len(ops) != 1 or ops[0] not in OPS:
        bad = next((k for k in ops if k not in OPS), None)
        raise rule_error(
            SchemaError,
            "'when' needs 'slot' and exactly one of " + ", ".join(OPS),
            hint=hint(bad, OPS) if bad else None,
        )
    op = ops[0]
    raw = node[op]
    if op in ("set", "unset"):
        return Condition(slot, op)
    if op in ("in", "not_in"):
        if not isinstance(raw, list) or not raw:
            raise rule_error(SchemaError, f"'{op}' needs a non-empty list", key=op)
        return Condition(slot, op, tuple(str(v) for v in raw))
    if isinstance(raw, list | dict) or raw is None:
        raise rule_error(SchemaError, f"'{op}' needs a single value", key=op)
    return Condition(slot, op, (str(raw).lower() if isinstance(raw, bool) else str(raw),))


class BranchSchema(Schema):
    """`{when: {slot: S, OP: VALUE}, goto: STEP}`; no `when` is the default branch."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    when: Annotated[Condition | None, BeforeValidator(_condition)] = None
    goto: str = Field("", validate_default=True)

    @field_validator("goto", mode="before")
    @classmethod
    def _goto(cls, value: Any) -> str:
        if not isinstance(value, str) or not value:
            raise rule_error(SchemaError, "each branch needs 'goto: <step id>'")
        return value


class OptionSchema(Schema):
    """A button of a choice step (or a relabelled answer of a dimension step)."""

    id: str = Field(None, validate_default=True)
    label: Text | None = Field(None, validate_default=True)
    synonyms: tuple[str, ...] = ()
    next: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> str:
        return ident("option id", value)

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, value: Any) -> Text | None:
        return text("label", value, required=True)

    @field_validator("synonyms", mode="before")
    @classmethod
    def _synonyms(cls, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise rule_error(SchemaError, "'synonyms' must be a list of strings")
        return value

    @field_validator("next", mode="before")
    @classmethod
    def _next(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise rule_error(SchemaError, "an option's 'next' must be a step id")
        return value


class StepSchema(Schema):
    """What any step may say; a kind's subclass declares what it needs."""

    needs_prompt: ClassVar[bool] = True
    needs_slot: ClassVar[bool] = False  # a slot to store the answer in
    needs_options: ClassVar[bool] = False
    takes_options: ClassVar[bool] = False  # choice steps list them, dimension steps relabel
    needs_dimension: ClassVar[bool] = False

    id: str = Field("", validate_default=True)
    kind: str = Field(None, validate_default=True)
    prompt: Text | None = Field(None, validate_default=True)
    slot: str | None = Field(None, validate_default=True)
    options: tuple[OptionSchema, ...] | None = Field(None, validate_default=True)
    next: tuple[BranchSchema, ...] = ()
    dimension: str | None = Field(None, validate_default=True)
    skippable: bool = True
    max_length: int = 500
    ask_if: str | None = None

    def default_slot(self) -> str | None:
        """The slot when the step names none."""
        return None

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> str:
        if value is None or value == "":
            raise rule_error(SchemaError, "step without 'id'", hint="add 'id: <step id>'")
        return ident("step id", value)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any, info: ValidationInfo) -> str:
        kinds = tuple((info.context or {}).get("kinds", ()))
        if value not in kinds:
            raise rule_error(
                SchemaError,
                f"unknown kind {value!r}",
                hint=hint(str(value), kinds) or f"kinds: {', '.join(kinds)}",
            )
        return str(value)

    @field_validator("prompt", mode="before")
    @classmethod
    def _prompt(cls, value: Any) -> Text | None:
        return text("prompt", value, required=cls.needs_prompt)

    @field_validator("slot", mode="before")
    @classmethod
    def _slot(cls, value: Any, info: ValidationInfo) -> str | None:
        if value is None and cls.needs_slot:
            raise rule_error(
                SchemaError,
                f"a {info.data.get('kind', '?')} step needs a 'slot' to store the answer in",
            )
        return None if value is None else ident("slot", value)

    @field_validator("options", mode="before")
    @classmethod
    def _options(cls, value: Any, info: ValidationInfo) -> Any:
        kind = info.data.get("kind", "?")
        if value is None:
            if cls.needs_options:
                raise rule_error(SchemaError, f"a {kind} step needs 'options'")
            return None
        if not isinstance(value, list) or not value:
            raise rule_error(SchemaError, "'options' must be a non-empty list")
        if not cls.takes_options:
            raise rule_error(
                SchemaError,
                f"a {kind} step takes no 'options'",
                hint="only choice steps list options, and dimension steps relabel them",
            )
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise rule_error(
                    SchemaError, "each option must be a mapping with 'id' and 'label'", key=i
                )
        return value

    @field_validator("options")
    @classmethod
    def _unique_options(
        cls, value: tuple[OptionSchema, ...] | None
    ) -> tuple[OptionSchema, ...] | None:
        seen: set[str] = set()
        for i, option in enumerate(value or ()):
            if option.id in seen:
                raise rule_error(
                    DuplicateIdError,
                    f"option id '{option.id}' is used twice",
                    hint="give each option of a step its own id",
                    key=i,
                )
            seen.add(option.id)
        return value

    @field_validator("next", mode="before")
    @classmethod
    def _next(cls, value: Any) -> Any:
        if isinstance(value, str):
            return ({"goto": value},)
        if not isinstance(value, list):
            raise rule_error(SchemaError, "'next' must be a step id or a list of {when, goto}")
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise rule_error(SchemaError, "each branch needs 'goto: <step id>'", key=i)
        return value

    @field_validator("dimension", mode="before")
    @classmethod
    def _dimension(cls, value: Any) -> Any:
        if cls.needs_dimension and not isinstance(value, str):
            raise rule_error(SchemaError, "a dimension step needs 'dimension: <dimension id>'")
        return value

    @field_validator("skippable", mode="before")
    @classmethod
    def _skippable(cls, value: Any) -> Any:
        if not isinstance(value, bool):
            raise rule_error(SchemaError, "'skippable' must be true or false")
        return value

    @field_validator("max_length", mode="before")
    @classmethod
    def _max_length(cls, value: Any) -> Any:
        if not isinstance(value, int) or value < 1:
            raise rule_error(SchemaError, "'max_length' must be a positive whole number")
        return value

    @field_validator("ask_if", mode="before")
    @classmethod
    def _ask_if(cls, value: Any, info: ValidationInfo) -> Any:
        guards = tuple((info.context or {}).get("guards", ()))
        if value is not None and value not in guards:
            raise rule_error(
                SchemaError,
                f"unknown 'ask_if' condition {value!r}",
                hint=hint(str(value), guards) or f"conditions: {', '.join(guards)}",
            )
        return value


class UnknownKindSchema(StepSchema):
    """A step of a kind nobody registered: its kind is the error, nothing more is asked."""

    needs_prompt = False
    takes_options = True


class FlowSchema(Schema):
    """A flow file's top level; its steps are checked one by one, each by its kind's schema."""

    flow: str = Field(None, validate_default=True)
    title: Text | None = None
    start: str | None = None
    steps: tuple[Any, ...] = Field((), validate_default=True)

    @field_validator("flow", mode="before")
    @classmethod
    def _flow(cls, value: Any) -> str:
        if not isinstance(value, str) or not ID_RE.match(value):
            raise rule_error(SchemaError, f"missing or invalid 'flow' id {value!r}", hint=ID_HINT)
        return value

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> Text | None:
        return text("title", value, required=False)

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise rule_error(SchemaError, "'start' must be a step id")
        return value

    @field_validator("steps", mode="before")
    @classmethod
    def _steps(cls, value: Any) -> Any:
        if not isinstance(value, list) or not value:
            raise rule_error(SchemaError, "'steps' must be a non-empty list")
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise rule_error(SchemaError, "each step must be a mapping", key=i)
        return value
