"""`advisor classify`: one-shot verdicts for business descriptions from a terminal.

`classify --jsonl` reads one description per line on stdin and writes one JSON object per line,
in the same order; a blank line gives an object with label "unknown" (so line numbers of the
input and the output always agree).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from bot.cli.common import Subcommand, Subparsers, fail, load_brain
from bot.cli.jsonl import default_workers, run_lines
from bot.core.errors import AdvisorError
from bot.core.richtext import to_plain


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


SUBCOMMANDS = {
    "classify": Subcommand(_declare_classify, classify_main),
}
