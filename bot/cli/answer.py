"""`advisor answer`: how a typed answer to a dimension question is read, from a terminal.

`answer --jsonl` reads one JSON object per line on stdin and writes one JSON object per line, in
the same order: a line that is not a JSON object with a dimension and a text gives an "unread"
object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from bot.cli.common import Subcommand, Subparsers, fail, load_brain
from bot.cli.jsonl import run_lines
from bot.core.errors import AdvisorError


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
    _print_reading(brain, dim, reading, text)
    return 0


def _print_reading(brain: Any, dim: Any, reading: Any, text: str) -> None:
    """The readable form: the outcome, the option, why, and the two voices behind it."""
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
    rules, odds = brain.answers.voices(dim.id, text)
    print(f"rules:     {rules.status}" + (f" {rules.option}" if rules.option else ""))
    if odds is not None:
        sides = ("client", "mixed", "customer")
        print(
            "model:     "
            + ", ".join(f"{s} {p:.0%}" for s, p in zip(sides, odds.probs, strict=True))
        )


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
    "answer": Subcommand(_declare_answer, answer_main),
}
