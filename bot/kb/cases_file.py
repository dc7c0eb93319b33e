"""Labelled description sets (`advisor eval FILE`, tests/kb/fixtures/*.yaml): the schema of a
`cases:` list of {id, text, label}, then case ids unique.

The optional keys are those some sets carry for their own readers and tests: the expected
`industry`, the `part` (tune or held), the labeller's `why`, and the stated-answers sets'
`stated` (dimension -> option) and `decoy`.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import StrictBool, StringConstraints

from bot.core.errors import DataError, DataErrors, DuplicateIdError, Location
from bot.kb.fields import KbSchema, Text, at, one_of, read
from bot.kb.model import LABELS


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled description."""

    id: str
    text: str
    label: str


class CaseSchema(KbSchema):
    """One case: the description as written (not trimmed) and its label."""

    id: Text | None = None  # the case's number in the file when absent
    text: Annotated[str, StringConstraints(min_length=1)]
    label: Annotated[Text, one_of(LABELS, what="label", placed=True)]
    industry: Text | None = None
    part: Text | None = None
    why: Text | None = None
    stated: dict[Text, Text] | None = None
    decoy: StrictBool = False


class CasesFile(KbSchema):
    """A cases file."""

    cases: tuple[CaseSchema, ...]


def read_cases(path: Path) -> list[Case]:
    """Cases from a YAML file (`cases:` of id, text, label); DataErrors on any problem."""
    errors: list[DataError] = []
    parsed, data = read(CasesFile, path, errors)
    DataErrors.raise_if_any(errors)
    assert parsed is not None  # read reports every failure in `errors`
    cases: list[Case] = []
    seen: dict[str, Location] = {}
    for i, (case, raw) in enumerate(zip(parsed.cases, data["cases"], strict=True)):
        cid = case.id if case.id is not None else str(i + 1)
        place = at(path, raw, "id") if "id" in raw else at(path, data["cases"], i)
        if cid in seen:
            errors.append(
                DuplicateIdError(
                    f"case id '{cid}' is also used at line {seen[cid].line}",
                    place,
                    hint="give each case its own id",
                )
            )
        seen.setdefault(cid, place)
        cases.append(Case(cid, case.text, case.label))
    DataErrors.raise_if_any(errors)
    return cases
