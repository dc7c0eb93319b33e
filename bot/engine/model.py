"""The flow model: typed, immutable objects built from `dialogues/*.yaml`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Op = Literal["eq", "ne", "in", "not_in", "set", "unset"]
OPS: tuple[Op, ...] = ("eq", "ne", "in", "not_in", "set", "unset")


@dataclass(frozen=True, slots=True)
class Condition:
    """A test on an earlier answer; an unset (skipped) slot equals nothing."""

    slot: str
    op: Op
    values: tuple[str, ...] = ()

    def holds(self, answers: Mapping[str, str]) -> bool:
        value = answers.get(self.slot)
        if self.op == "set":
            return value is not None
        if self.op == "unset":
            return value is None
        if self.op in ("eq", "in"):
            return value is not None and value in self.values
        return value is None or value not in self.values  # ne, not_in

    def describe(self) -> str:
        if self.op in ("set", "unset"):
            return f"{self.slot} {self.op}"
        return f"{self.slot} {self.op} {', '.join(self.values)}"


@dataclass(frozen=True, slots=True)
class Branch:
    """Where to go next; `when` None is the default branch."""

    goto: str
    when: Condition | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class OptionDef:
    """A button of a choice step; typed text matching the label or a synonym chooses it."""

    id: str
    label: str
    synonyms: tuple[str, ...] = ()
    next: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    line: int = 0

    def label_in(self, lang: str) -> str:
        return self.labels.get(lang, self.label)


@dataclass(frozen=True, slots=True)
class StepDef:
    """One step of a flow."""

    id: str
    kind: str  # a kind registered in bot/engine/steps (what it means lives there)
    prompt: str
    slot: str | None = None
    options: tuple[OptionDef, ...] = ()
    next: tuple[Branch, ...] = ()
    dimension: str | None = None
    skippable: bool = True
    max_length: int = 500
    prompts: Mapping[str, str] = field(default_factory=dict)
    line: int = 0
    ask_if: str | None = None  # a named condition (bot/engine/groups.py) for asking at all

    def prompt_in(self, lang: str) -> str:
        return self.prompts.get(lang, self.prompt)

    def targets(self) -> tuple[str, ...]:
        """Every step id this step can lead to."""
        found = [b.goto for b in self.next] + [o.next for o in self.options if o.next]
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Flow:
    """A validated flow. `version` is a hash of its file's content."""

    id: str
    version: str
    title: str
    start: str
    steps: Mapping[str, StepDef]
    path: str

    def step(self, step_id: str) -> StepDef | None:
        return self.steps.get(step_id)
