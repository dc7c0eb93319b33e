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

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.errors import DataErrors, Location, SchemaError
from bot.core.yamlio import LinedDict, LinedList, load_file
from bot.engine.session import Session

TRANSCRIPT_KEYS = ("title", "given_session", "turns")
TURN_KEYS = ("send", "press", "expect", "absent")


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


def _strings(node: Any, key: str, path: str, line: int) -> tuple[Expectation, ...]:
    value = node.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataErrors([SchemaError(f"'{key}' must be a string or a list of strings",
                                      Location(path, line))])
    for v in value:
        if v.startswith("re:"):
            try:
                re.compile(v[3:])
            except re.error as exc:
                raise DataErrors([SchemaError(f"bad regular expression {v!r}: {exc}",
                                              Location(path, line))]) from None
    return tuple(Expectation(v) for v in value)


@dataclass(frozen=True)
class Transcript:
    """A parsed golden transcript."""

    path: str
    title: str
    turns: tuple[TurnSpec, ...]
    given_session: Session | None = None

    @classmethod
    def load(cls, path: Path) -> Transcript:
        data = load_file(path)
        where = str(path)
        if not isinstance(data, LinedDict) or not isinstance(data.get("turns"), LinedList):
            raise DataErrors([SchemaError("a transcript needs a 'turns' list",
                                          Location(where, 1))])
        unknown = [k for k in data if k not in TRANSCRIPT_KEYS]
        if unknown:
            raise DataErrors([SchemaError(f"unknown key '{unknown[0]}'",
                                          Location(where, data.line_of(unknown[0])))])
        turns: list[TurnSpec] = []
        raw_turns: LinedList = data["turns"]
        for i, raw in enumerate(raw_turns):
            line = raw_turns.line_of(i)
            if not isinstance(raw, LinedDict) or ("send" in raw) == ("press" in raw):
                raise DataErrors([SchemaError("each turn needs exactly one of 'send' or 'press'",
                                              Location(where, line))])
            bad = [k for k in raw if k not in TURN_KEYS]
            if bad:
                raise DataErrors([SchemaError(f"unknown key '{bad[0]}' in a turn",
                                              Location(where, raw.line_of(bad[0])))])
            send = raw.get("send")
            press = raw.get("press")
            turns.append(TurnSpec(
                send=None if send is None else str(send),
                press=None if press is None else str(press),
                expect=_strings(raw, "expect", where, line),
                absent=_strings(raw, "absent", where, line),
                line=line,
            ))
        given = None
        if "given_session" in data:
            import json

            try:
                given = Session.from_json(json.dumps({"v": 1, **data["given_session"]}))
            except Exception as exc:
                raise DataErrors([SchemaError(f"bad given_session: {exc}", Location(
                    where, data.line_of("given_session")))]) from None
        return cls(where, str(data.get("title", path.stem)), tuple(turns), given)


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
