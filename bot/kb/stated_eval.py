"""Measuring stated answers: which dimensions a labelled set of business descriptions states,
against what `Brain.stated_answers` pre-fills (per-dimension recall and precision)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.contracts import AnswerReading

Reader = Callable[[str, str], Mapping[str, AnswerReading]]


@dataclass(frozen=True)
class StatedCase:
    """One labelled description: what it states (dimension -> option id)."""

    id: str
    text: str
    label: str
    part: str
    stated: Mapping[str, str]
    decoy: bool = False


@dataclass
class DimCount:
    """Counts for one dimension: stated and read right, stated, pre-filled."""

    right: int = 0
    stated: int = 0
    filled: int = 0


@dataclass
class StatedScore:
    """Recall and precision of stated answers over a set, with every mistake."""

    dims: dict[str, DimCount] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)  # a pre-fill not stated, or a wrong option
    missed: list[str] = field(default_factory=list)
    empty_filled: int = 0  # descriptions stating nothing that still got a pre-fill
    empty: int = 0

    def total(self) -> DimCount:
        """The counts summed over dimensions."""
        out = DimCount()
        for c in self.dims.values():
            out.right, out.stated, out.filled = (
                out.right + c.right,
                out.stated + c.stated,
                out.filled + c.filled,
            )
        return out


def load_cases(path: Path) -> list[StatedCase]:
    """The cases of a stated-answers set (tests/kb/fixtures/stated-answers.yaml)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    return [
        StatedCase(
            str(c["id"]),
            str(c["text"]),
            str(c["label"]),
            str(c.get("part", "")),
            dict(c.get("stated") or {}),
            bool(c.get("decoy", False)),
        )
        for c in raw
    ]


def score(cases: Sequence[StatedCase], read: Reader, lang: str = "en") -> StatedScore:
    """Compare each case's labels with what `read` (Brain.stated_answers) pre-fills."""
    out = StatedScore()
    for case in cases:
        got = {d: r.option for d, r in read(case.text, lang).items() if r.option is not None}
        if not case.stated:
            out.empty += 1
            out.empty_filled += bool(got)
        for dim in set(case.stated) | set(got):
            count = out.dims.setdefault(dim, DimCount())
            want, have = case.stated.get(dim), got.get(dim)
            count.stated += want is not None
            count.filled += have is not None
            count.right += want is not None and want == have
            if have is not None and want != have:
                out.wrong.append(f"{case.id} {dim}: read {have}, stated {want}  {case.text}")
            elif want is not None and have is None:
                out.missed.append(f"{case.id} {dim}: {want}")
    return out


def report(title: str, result: StatedScore) -> list[str]:
    """Lines: recall and precision per dimension and in all, then the wrong pre-fills."""
    lines = [f"{title}: dimension      recall          precision"]
    for dim, c in [*sorted(result.dims.items()), ("ALL", result.total())]:
        lines.append(f"  {dim:<15} {_pct(c.right, c.stated):>14}  {_pct(c.right, c.filled):>14}")
    lines.append(
        f"  descriptions stating nothing given a pre-fill: {result.empty_filled} of {result.empty}"
    )
    lines.extend(f"  WRONG {w}" for w in result.wrong)
    return lines


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} {100 * part / whole:5.1f} %" if whole else "-"
