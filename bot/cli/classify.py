"""`advisor classify`, `advisor eval` and `advisor answer`: the classifier and the answer reader
from a terminal.

`classify --jsonl` reads one description per line on stdin and writes one JSON object per line,
in the same order; a blank line gives an object with label "unknown" (so line numbers of the
input and the output always agree). `answer --jsonl` does the same for typed answers: a line
that is not a JSON object with a dimension and a text gives an "unread" object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.cli.common import LABELS, Subcommand, Subparsers, fail, load_brain
from bot.cli.jsonl import default_workers, run_lines
from bot.core.errors import AdvisorError, DataError, DataErrors, Location, SchemaError
from bot.core.richtext import to_plain

PREDICTED = (*LABELS, "unknown")


# --- classify ----------------------------------------------------------------------------------


def classify_main(args: argparse.Namespace) -> int:
    """One-shot verdicts: readable, --json, or --jsonl over stdin."""
    text = " ".join(args.text).strip()
    if args.jsonl and text:
        print("advisor classify: --jsonl reads stdin; give no text argument", file=sys.stderr)
        return 2
    if not args.jsonl and not text:
        print(
            'advisor classify: no text given, e.g. advisor classify "we run a bakery" '
            "(or pipe lines into advisor classify --jsonl)",
            file=sys.stderr,
        )
        return 2
    try:
        brain = load_brain()
    except AdvisorError as exc:
        return fail(exc)
    if args.jsonl:
        workers = args.workers if args.workers is not None else default_workers()
        return run_lines(_classify_line(brain), sys.stdin, sys.stdout, workers)
    result = brain.classify_text(text)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    print(to_plain(result.card))
    print(f"\nlabel: {result.label}   confidence: {result.confidence:.0%}")
    if result.candidates:
        print("candidates: " + ", ".join(f"{n} ({s:.2f})" for n, s in result.candidates))
    return 0


def _classify_line(brain: Any) -> Callable[[str], str]:
    dumps = json.dumps

    def one(line: str) -> str:
        return dumps(brain.classify_text(line.strip()).to_json(), ensure_ascii=False)

    return one


# --- eval --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    text: str
    label: str


def read_cases(path: Path) -> list[Case]:
    """Cases from a YAML file (`cases:` of id, text, label); DataErrors on any problem."""
    from bot.core.yamlio import LinedDict, LinedList, load_file

    data = load_file(path)
    errors: list[DataError] = []
    where = str(path)
    items = data.get("cases") if isinstance(data, LinedDict) else None
    if not isinstance(items, LinedList):
        raise DataErrors(
            [
                SchemaError(
                    "expected a mapping with a 'cases:' list",
                    Location(where, 1),
                    hint='each case: {id: c1, label: client, text: "..."}',
                )
            ]
        )
    cases: list[Case] = []
    for i, raw in enumerate(items):
        line = items.line_of(i)
        if not isinstance(raw, LinedDict):
            errors.append(
                SchemaError(
                    f"case {i + 1} must be a mapping",
                    Location(where, line),
                    hint="give it id, text and label",
                )
            )
            continue
        text, label = raw.get("text"), raw.get("label")
        if not isinstance(text, str):
            errors.append(
                SchemaError(
                    f"case {i + 1} has no text", Location(where, line), hint='add text: "..."'
                )
            )
            continue
        if label not in LABELS:
            errors.append(
                SchemaError(
                    f"case {i + 1} has label {label!r}",
                    Location(where, raw.line_of("label")),
                    hint="use client, customer or hybrid",
                )
            )
            continue
        cases.append(Case(str(raw.get("id", i + 1)), text, str(label)))
    DataErrors.raise_if_any(errors)
    return cases


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


# --- answer, eval --answers ----------------------------------------------------------------------


def _reading_json(dimension: str | None, reading: Any | None) -> dict[str, Any]:
    """The one JSON object `advisor answer --json` prints (unread when there is no reading)."""
    if reading is None:
        return {"dimension": dimension, "status": "unread", "option": None, "side": None}
    return {
        "dimension": reading.dimension,
        "status": reading.status,
        "option": reading.option,
        "side": reading.side,
    }


def answer_main(args: argparse.Namespace) -> int:
    """How a typed answer is read: readable, --json, or --jsonl over stdin."""
    text = " ".join(args.text).strip()
    if args.jsonl:
        if args.dimension or text:
            print("advisor answer: --jsonl reads stdin; give no dimension or text", file=sys.stderr)
            return 2
    elif not args.dimension or not text:
        print(
            "advisor answer: give a dimension and an answer, e.g. advisor answer loyalty "
            '"they would not switch" (or pipe lines into advisor answer --jsonl)',
            file=sys.stderr,
        )
        return 2
    try:
        brain = load_brain()
    except AdvisorError as exc:
        return fail(exc)
    if args.jsonl:
        # one process: reading an answer costs less than handing it to a worker
        return run_lines(_answer_line(brain), sys.stdin, sys.stdout)
    dim = brain.dimension(args.dimension)
    if dim is None or not dim.options:
        known = ", ".join(d.id for d in brain.dimensions() if d.options)
        print(
            f"advisor answer: unknown dimension {args.dimension!r}; one of: {known}",
            file=sys.stderr,
        )
        return 2
    reading = brain.read_answer(args.dimension, text)
    if args.json:
        print(json.dumps(_reading_json(args.dimension, reading), ensure_ascii=False))
        return 0
    labels = {o.id: o.label for o in dim.options}
    print(f"dimension: {dim.id} ({dim.question})")
    print(f"status:    {reading.status}")
    if reading.option is not None:
        print(
            f"option:    {reading.option} ({labels.get(reading.option, '?')}), side {reading.side}"
        )
    print(
        "why:       " + ("; ".join(reading.why) if reading.why else "nothing in it names an answer")
    )
    return 0


def _answer_line(brain: Any) -> Callable[[str], str]:
    dumps = json.dumps

    def one(line: str) -> str:
        dimension: str | None = None
        reading = None
        try:
            item = json.loads(line) if line.strip() else None
        except ValueError:
            item = None
        if isinstance(item, dict):
            raw_dim, raw_text = item.get("dimension"), item.get("text")
            dimension = raw_dim if isinstance(raw_dim, str) else None
            if dimension is not None and isinstance(raw_text, str):
                reading = brain.read_answer(dimension, raw_text)
        return dumps(_reading_json(dimension, reading), ensure_ascii=False)

    return one


def _eval_answers(args: argparse.Namespace) -> int:
    """`advisor eval --answers FILE`: per dimension, read right / confirmed / unread / wrong."""
    from bot.kb.answer_eval import evaluate, read_answer_cases

    try:
        brain = load_brain()
        cases = read_answer_cases(Path(args.answers), brain.known_dimension_ids())
    except AdvisorError as exc:
        return fail(exc)
    ev = evaluate(brain, cases)
    head = (
        f"{'':<16}{'answers':>8}{'read right':>12}{'confirmed':>11}{'unread':>8}"
        f"{'read wrong':>12}{'right after confirming':>24}"
    )
    print(head)

    def row(name: str, f: Any) -> None:
        c = f.counts
        print(
            f"{name:<16}{f.total:>8}{_pct(c['right'], f.total):>12}"
            f"{_pct(c['confirmed'] + c['confirmed_wrong'], f.total):>11}"
            f"{_pct(c['unread'], f.total):>8}{_pct(c['wrong'], f.total):>12}"
            f"{_pct(c['right'] + c['confirmed'], f.total):>24}"
        )

    for dim in (d.id for d in brain.dimensions()):
        if dim in ev.by_dimension:
            row(dim, ev.by_dimension[dim])
    print()
    for part in ("tuned", "held"):
        if part in ev.by_part:
            row(f"{part} part", ev.by_part[part])
    row("all", ev.overall)
    wrong = [m for m in ev.misses if m[2] == "wrong"]
    if not args.quiet:
        print(f"\nread wrong ({len(wrong)})")
        for case, reading, _ in wrong:
            print(
                f"  {case.id}: meant {case.side}, read {reading.option} ({reading.side})"
                f"  {case.text}"
            )
            print(f"      why: {'; '.join(reading.why)}")
        others = [m for m in ev.misses if m[2] != "wrong"]
        print(f"\nconfirmed or unread ({len(others)})")
        for case, reading, result in others:
            print(
                f"  {case.id}: meant {case.side}, {result}"
                + (f" {reading.option} ({reading.side})" if reading.option else "")
                + f"  {case.text}"
            )
    return 0


# --- arguments ---------------------------------------------------------------------------------


def _declare_classify(sub: Subparsers) -> None:
    p = sub.add_parser("classify", help="one-shot verdict for a business description")
    p.add_argument("text", nargs="*", help="the description (omit with --jsonl)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help="read one text per line on stdin, write one JSON object per line",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="with --jsonl: processes to spread the lines over (default: one per "
        "CPU; 1 = this process only); output stays in input order",
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


def _declare_answer(sub: Subparsers) -> None:
    p = sub.add_parser("answer", help="how a typed answer to a dimension question is read")
    p.add_argument("dimension", nargs="?", help="dimension id, e.g. loyalty (omit with --jsonl)")
    p.add_argument("text", nargs="*", help="the answer as typed")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"dimension": ..., "text": ...} lines on stdin, write one JSON object per line',
    )


SUBCOMMANDS = {
    "classify": Subcommand(_declare_classify, classify_main),
    "eval": Subcommand(_declare_eval, eval_main),
    "answer": Subcommand(_declare_answer, answer_main),
}
