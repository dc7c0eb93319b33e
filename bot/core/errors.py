"""The advisor's exception tree.

Every error the project raises on purpose derives from ``AdvisorError``::

    AdvisorError
    ├── ConfigError                  a setting is missing or malformed
    ├── DataError                    a YAML file is broken (names file:line, says how to fix it)
    │   ├── YamlSyntaxError          the file is not valid YAML
    │   ├── SchemaError              a field is missing, unknown or of the wrong type
    │   ├── FlowLogicError           a flow's steps do not fit together
    │   │   ├── DuplicateIdError         two steps (or options) share an id
    │   │   ├── UnknownTargetError       `next` names a step that does not exist
    │   │   ├── UnreachableStepError     no path from the start reaches the step
    │   │   ├── DeadEndError             a step has nowhere to go and is not a result
    │   │   ├── SlotOrderError           a condition reads a slot before it is set
    │   │   ├── MissingDefaultError      conditional `next` without a default branch
    │   │   ├── MissingOptionError       a step lacks an option its kind needs
    │   │   └── UnknownReferenceError    a dimension, message key or similar is unknown
    │   └── KnowledgeError           the knowledge base fails its lint
    ├── StorageError                 the session store cannot be reached or written
    │   └── CorruptSessionError      a stored session cannot be decoded
    └── TranscriptMismatch           a golden transcript did not match the bot's replies

``DataErrors`` collects several ``DataError`` so that validation reports all of them at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class AdvisorError(Exception):
    """Base of every error the advisor raises on purpose."""


class ConfigError(AdvisorError):
    """A setting is missing or malformed."""


@dataclass(frozen=True)
class Location:
    """Where in a data file something stands (1-based line)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class DataError(AdvisorError):
    """A data file (flow, knowledge, messages) is broken."""

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        *,
        flow: str | None = None,
        step: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.location = location
        self.flow = flow
        self.step = step
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = f"{self.location}: " if self.location else ""
        ctx = []
        if self.flow:
            ctx.append(f"flow '{self.flow}'")
        if self.step:
            ctx.append(f"step '{self.step}'")
        prefix = f"{where}{', '.join(ctx)}: " if ctx else where
        text = f"{prefix}{type(self).__name__}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class YamlSyntaxError(DataError):
    """The file is not valid YAML."""


class SchemaError(DataError):
    """A field is missing, unknown or of the wrong type."""


class FlowLogicError(DataError):
    """A flow's steps do not fit together."""


class DuplicateIdError(FlowLogicError):
    """Two steps or options share an id."""


class UnknownTargetError(FlowLogicError):
    """`next` names a step that does not exist."""


class UnreachableStepError(FlowLogicError):
    """No path from the start step reaches this step."""


class DeadEndError(FlowLogicError):
    """A step has nowhere to go and is not a result step."""


class SlotOrderError(FlowLogicError):
    """A condition reads a slot that may not be set yet."""


class MissingDefaultError(FlowLogicError):
    """A conditional `next` has no default branch."""


class MissingOptionError(FlowLogicError):
    """A step lacks an option its kind needs (a share step's `accounts`, say)."""


class UnknownReferenceError(FlowLogicError):
    """A dimension, message key or other reference is unknown."""


class KnowledgeError(DataError):
    """The knowledge base fails its lint."""


class DataErrors(AdvisorError):
    """Several data errors, reported together."""

    def __init__(self, errors: Sequence[DataError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(e.render() for e in self.errors))

    @classmethod
    def raise_if_any(cls, errors: Iterable[DataError]) -> None:
        found = list(errors)
        if found:
            raise cls(found)


class StorageError(AdvisorError):
    """The session store cannot be reached or written."""


class CorruptSessionError(StorageError):
    """A stored session cannot be decoded."""


class TranscriptMismatch(AdvisorError):
    """A golden transcript did not match the bot's replies."""
