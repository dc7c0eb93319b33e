"""`advisor eval`: the classifier's accuracy on a labelled file, and (`--answers`) how typed
answers are read on a labelled answers file."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.common import LABELS, Subcommand, Subparsers, fail, load_brain
from bot.core.errors import AdvisorError

if TYPE_CHECKING:
    from bot.kb.cases_file import Case

PREDICTED = (*LABELS, "unknown")


def read_cases(path: Path) -> list[Case]:
    """Cases from a YAML file (`cases:` of id, text, label); DataErrors on any problem."""
    from bot.kb.cases_file import read_cases as read  # pydantic only when a file is read

    return read(path)


def eval_main(args: argparse.Namespace) -> int:
    """Accuracy, per-label accuracy, confusion matrix and misses on a labelled file."""
    if args.answers:
        return _eval_answers(args)
    if not args.file:
        print("advisor eval: give a cases file, or --answers FILE", file=sys.stderr)
        return 2
    try:
        cases = read_cases(Path(args.file))
        brain = load_brain()
    except AdvisorError as exc:
        return fail(exc)
    confusion: Counter[tuple[str, str]] = Counter()
    misses: list[tuple[Case, Any]] = []
    for case in cases:
        result = brain.classify_text(case.text)
        confusion[(case.label, result.label)] += 1
        if result.label != case.label:
            misses.append((case, result))
    _print_accuracy(confusion, len(cases), len(misses))
    if getattr(args, "calibration", False):
        _calibration(brain, cases)
    if not args.quiet and misses:
        print(f"\nmisses ({len(misses)})")
        for case, result in misses:
            cands = ", ".join(f"{n} {s:.2f}" for n, s in result.candidates) or "no candidates"
            print(
                f"  {case.id}: expected {case.label}, got {result.label} "
                f"({result.confidence:.2f})  {case.text}"
            )
            print(f"      candidates: {cands}")
            print(f"      why: {result.explanation}")
    return 0


def _print_accuracy(confusion: Counter[tuple[str, str]], total: int, missed: int) -> None:
    """Overall and per-label accuracy, then the confusion matrix."""
    print(f"cases: {total}   accuracy: {_pct(total - missed, total)}")
    for label in LABELS:
        n = sum(v for (exp, _), v in confusion.items() if exp == label)
        ok = confusion[(label, label)]
        print(f"  {label:<9} {_pct(ok, n)}  ({ok}/{n})")
    both = ("client", "customer")
    n2 = sum(v for (exp, _), v in confusion.items() if exp in both)
    ok2 = sum(confusion[(lbl, lbl)] for lbl in both)
    print(f"  client+customer {_pct(ok2, n2)}  ({ok2}/{n2})")
    print("\nconfusion (rows: expected, columns: predicted)")
    print(f"  {'':<9}" + "".join(f"{p:>9}" for p in PREDICTED))
    for label in LABELS:
        print(f"  {label:<9}" + "".join(f"{confusion[(label, p)]:>9}" for p in PREDICTED))


def _calibration(brain: Any, cases: list[Case]) -> None:
    """Confidence against accuracy: one-shot, and the interview read from the description."""
    from bot.kb.calibration import render, table

    oneshot = []
    interview = []
    for case in cases:
        result = brain.classify_text(case.text)
        oneshot.append((result.confidence, result.label == case.label))
        assessed = brain.assess(None, {}, case.text)
        if assessed.label != "unknown":
            interview.append((assessed.confidence, assessed.label == case.label))
    print()
    print("\n".join(render("calibration, one-shot (advisor classify)", table(oneshot))))
    print(
        "\n".join(
            render(
                f"calibration, interview from the description ({len(interview)} with a verdict)",
                table(interview),
            )
        )
    )


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:5.1f}%" if whole else "   n/a"


def _eval_answers(args: argparse.Namespace) -> int:
    """`advisor eval --answers FILE`: per dimension, read right / confirmed / unread / wrong."""
    from bot.kb.answer_eval import evaluate, read_answer_cases

    try:
        brain = load_brain()
        cases = read_answer_cases(Path(args.answers), brain.known_dimension_ids())
    except AdvisorError as exc:
        return fail(exc)
    ev = evaluate(brain, cases)
    _print_answer_table(brain, ev)
    if not args.quiet:
        _print_answer_misses(ev.misses)
    return 0


def _print_answer_table(brain: Any, ev: Any) -> None:
    """One row per dimension, then per part (tuned, held) and all answers."""
    head = (
        f"{'':<16}{'answers':>8}{'read right':>12}{'confirmed':>11}{'unread':>8}"
        f"{'read wrong':>12}{'right after confirming':>24}"
    )
    print(head)
    for dim in (d.id for d in brain.dimensions()):
        if dim in ev.by_dimension:
            _answer_row(dim, ev.by_dimension[dim])
    print()
    for part in ("tuned", "held"):
        if part in ev.by_part:
            _answer_row(f"{part} part", ev.by_part[part])
    _answer_row("all", ev.overall)


def _answer_row(name: str, f: Any) -> None:
    """One row of the answers table: shares of read right, confirmed, unread and read wrong."""
    c = f.counts
    print(
        f"{name:<16}{f.total:>8}{_pct(c['right'], f.total):>12}"
        f"{_pct(c['confirmed'] + c['confirmed_wrong'], f.total):>11}"
        f"{_pct(c['unread'], f.total):>8}{_pct(c['wrong'], f.total):>12}"
        f"{_pct(c['right'] + c['confirmed'], f.total):>24}"
    )


def _print_answer_misses(misses: list[Any]) -> None:
    """The answers read wrong, then those only confirmed or left unread."""
    wrong = [m for m in misses if m[2] == "wrong"]
    print(f"\nread wrong ({len(wrong)})")
    for case, reading, _ in wrong:
        print(
            f"  {case.id}: meant {case.side}, read {reading.option} ({reading.side})  {case.text}"
        )
        print(f"      why: {'; '.join(reading.why)}")
    others = [m for m in misses if m[2] != "wrong"]
    print(f"\nconfirmed or unread ({len(others)})")
    for case, reading, result in others:
        print(
            f"  {case.id}: meant {case.side}, {result}"
            + (f" {reading.option} ({reading.side})" if reading.option else "")
            + f"  {case.text}"
        )


def _declare_eval(sub: Subparsers) -> None:
    p = sub.add_parser("eval", help="accuracy of the classifier on a labelled YAML file")
    p.add_argument(
        "file",
        nargs="?",
        help="YAML file with a 'cases:' list of {id, text, label}; the "
        "repository's own: tests/kb/fixtures/extra-cases.yaml (docs/knowledge.md)",
    )
    p.add_argument(
        "--answers",
        metavar="FILE",
        default=None,
        help="instead: how typed answers are read, on a labelled answers file "
        "(the format of tests/kb/fixtures/answers.yaml)",
    )
    p.add_argument("--quiet", action="store_true", help="summary only, no list of misses")
    p.add_argument(
        "--calibration",
        action="store_true",
        help="also print confidence against accuracy (one-shot and interview)",
    )


SUBCOMMANDS = {
    "eval": Subcommand(_declare_eval, eval_main),
}
