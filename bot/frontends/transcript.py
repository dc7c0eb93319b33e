"""Golden transcripts: what the user sends, and what the bot must answer.

A transcript is YAML::

    title: Happy path by buttons
    given_session: {flow: main, flow_version: old, step: payment, answers: {...}}  # optional
    turns:
      - send: /start                      # typed text or a command
        expect: ["What does your business do", "re:(?i)question 1 of \\d+"]
      - press: Law firm                   # the button whose label contains this text
        expect: ["Law firm"]
        absent: ["Traceback"]

Expectations match the turn's combined reply text: a plain string is a case-insensitive
substring; `re:` starts a regular expression. The console and the Telegram e2e tests run the
same files; `press` clicks a button on Telegram and chooses the option on the console (or, in
"typed" mode, types the button's label).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BeforeValidator, ConfigDict, model_validator

from bot.core.errors import DataErrors, Location, SchemaError
from bot.core.schema import Schema, rule_error, validate
from bot.core.yamlio import LinedDict, load_file
from bot.engine.session import Session


def _listed(value: Any) -> Any:
    """`expect: "Hi"` means `expect: ["Hi"]`."""
    return [value] if isinstance(value, str) else value


def _regex(value: str) -> str:
    if value.startswith("re:"):
        try:
            re.compile(value[3:])
        except re.error as exc:
            raise rule_error(
                SchemaError,
                f"bad regular expression {value!r}: {exc}",
                hint="check the pattern after re:",
            ) from None
    return value


Expectations = Annotated[
    tuple[Annotated[str, AfterValidator(_regex)], ...], BeforeValidator(_listed)
]


class TurnSchema(Schema):
    """One turn as written: `send` or `press`, and what must (not) appear."""

    model_config = ConfigDict(coerce_numbers_to_str=True)  # `send: 1` types "1"

    send: str | None = None
    press: str | None = None
    expect: Expectations = ()
    absent: Expectations = ()

    @model_validator(mode="after")
    def _one_action(self) -> Self:
        if (self.send is None) == (self.press is None):
            raise rule_error(SchemaError, "each turn needs exactly one of 'send' or 'press'")
        return self


class TranscriptFile(Schema):
    """A transcript file as written."""

    model_config = ConfigDict(coerce_numbers_to_str=True)

    title: str | None = None
    given_session: dict[str, Any] | None = None
    turns: tuple[TurnSchema, ...]


@dataclass(frozen=True)
class Expectation:
    """A substring (case-insensitive) or, with a `re:` prefix, a regular expression."""

    raw: str

    def matches(self, output: str) -> bool:
        if self.raw.startswith("re:"):
            return re.search(self.raw[3:], output) is not None
        return self.raw.casefold() in output.casefold()


@dataclass(frozen=True)
class TurnSpec:
    """One user action and what must (and must not) appear in the answer."""

    send: str | None
    press: str | None
    expect: tuple[Expectation, ...]
    absent: tuple[Expectation, ...]
    line: int

    @property
    def action(self) -> str:
        return f"send {self.send!r}" if self.send is not None else f"press {self.press!r}"

    def check(self, output: str) -> str | None:
        """None if the output fits, else a readable diff."""
        missing = [e.raw for e in self.expect if not e.matches(output)]
        present = [e.raw for e in self.absent if e.matches(output)]
        if not missing and not present:
            return None
        lines = [f"line {self.line}: after {self.action}:"]
        lines += [f"  - expected: {m}" for m in missing]
        lines += [f"  - unexpected: {p}" for p in present]
        lines.append("  bot replied:")
        lines += [f"  | {row}" for row in (output.splitlines() or ["(nothing)"])]
        return "\n".join(lines)


@dataclass(frozen=True)
class Transcript:
    """A parsed golden transcript."""

    path: str
    title: str
    turns: tuple[TurnSpec, ...]
    given_session: Session | None = None

    @classmethod
    def load(cls, path: Path) -> Transcript:
        """The transcript of `path`; DataErrors naming file:line for every problem."""
        data = load_file(path)
        where = str(path)
        if not isinstance(data, LinedDict):
            raise DataErrors([SchemaError("a transcript needs a 'turns' list", Location(where, 1))])
        parsed = validate(TranscriptFile, data, where, what="the transcript")
        turns = tuple(
            TurnSpec(
                send=t.send,
                press=t.press,
                expect=tuple(map(Expectation, t.expect)),
                absent=tuple(map(Expectation, t.absent)),
                line=data["turns"].line_of(i),
            )
            for i, t in enumerate(parsed.turns)
        )
        given = None
        if parsed.given_session is not None:
            try:
                given = Session.from_json(json.dumps({"v": 1, **parsed.given_session}))
            except Exception as exc:
                raise DataErrors(
                    [
                        SchemaError(
                            f"bad given_session: {exc}",
                            Location(where, data.line_of("given_session")),
                        )
                    ]
                ) from None
        return cls(where, parsed.title or path.stem, turns, given)


def find_button(press: str, choices: list[tuple[str, str]]) -> str | None:
    """The id of the first button whose label contains `press` (case-insensitive)."""
    wanted = press.casefold()
    exact = [cid for cid, label in choices if label.casefold() == wanted]
    if exact:
        return exact[0]
    return next((cid for cid, label in choices if wanted in label.casefold()), None)


def transcript_files(paths: list[Path]) -> list[Path]:
    """Transcript files among files and folders."""
    found: list[Path] = []
    for p in paths:
        found += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    return found
