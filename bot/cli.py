"""The `advisor` command and its subcommands.

Arguments are declared here, in one place; each subcommand's work lives in the module that owns
it and is imported only when that subcommand runs (so `advisor classify` does not pay for
importing the Telegram library).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import cast

from bot import __version__
from bot.config import SETTINGS_HELP

Handler = Callable[[argparse.Namespace], int]

# subcommand -> "module:function" taking the parsed arguments and returning an exit status
COMMANDS: dict[str, str] = {
    "console": "bot.frontends.console:main",
    "validate": "bot.cli.validate:main",
    "classify": "bot.cli.classify:classify_main",
    "eval": "bot.cli.classify:eval_main",
    "answer": "bot.cli.classify:answer_main",
    "kb": "bot.cli.classify:kb_main",
    "run": "bot.frontends.telegram.runner:main",
    "graph": "bot.ops.graph:main",
    "plan": "bot.cli.plan:main",
}


def _settings_epilog() -> str:
    lines = ["settings (environment variables, or KEY=VALUE lines in ./.env):"]
    lines += [f"  {name:<24} {text}" for name, text in SETTINGS_HELP.items()]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Client-based or customer-based? The advisor's command line.",
    )
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("console", help="talk to the advisor in this terminal (no token needed)")
    p.add_argument("--transcript", metavar="FILE", action="append", default=[],
                   help="replay a golden transcript and fail on the first mismatch "
                   "(repeatable)")
    p.add_argument("--flow", default="main", help="flow id to run (default: main)")
    p.add_argument("--lang", default="en", help="language code (default: en)")
    p.add_argument("--store", default="memory://",
                   help="session store URL (default memory://, nothing kept)")
    p.add_argument("--chart-dir", default=None,
                   help="where result charts are saved (default: a temporary folder)")
    p.add_argument("--no-color", action="store_true", help="plain output even on a terminal")

    p = sub.add_parser("validate", help="check dialogues and knowledge; exit 1 on any error")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="flow files or folders (default: the configured dialogues and knowledge)")

    p = sub.add_parser("classify", help="one-shot verdict for a business description")
    p.add_argument("text", nargs="*", help="the description (omit with --jsonl)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--jsonl", action="store_true",
                   help="read one text per line on stdin, write one JSON object per line")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="with --jsonl: processes to spread the lines over (default: one per "
                   "CPU; 1 = this process only); output stays in input order")

    p = sub.add_parser("plan", help="the relationship plan for a description, as a PDF or JSON")
    p.add_argument("description", nargs="*", help="what the business does, in your words")
    p.add_argument("--answer", "-a", action="append", default=[], metavar="DIMENSION=OPTION",
                   help="an interview answer, ids as in knowledge/dimensions.yaml, e.g. "
                   "payment=retainer (repeatable)")
    p.add_argument("--output", "-o", default=None, metavar="FILE.pdf",
                   help="where to write the PDF (default: relationship-plan[-industry].pdf "
                   "here; with --json, no PDF unless -o is given)")
    p.add_argument("--json", action="store_true",
                   help='print one JSON object: {"label", "industry", "strengths", "advice"}')

    p = sub.add_parser("eval", help="accuracy of the classifier on a labelled YAML file")
    p.add_argument("file", nargs="?",
                   help="YAML file with a 'cases:' list of {id, text, label}; the "
                   "repository's own: tests/kb/fixtures/extra-cases.yaml (docs/knowledge.md)")
    p.add_argument("--answers", metavar="FILE", default=None,
                   help="instead: how typed answers are read, on a labelled answers file "
                   "(the format of tests/kb/fixtures/answers.yaml)")
    p.add_argument("--quiet", action="store_true", help="summary only, no list of misses")
    p.add_argument("--calibration", action="store_true",
                   help="also print confidence against accuracy (one-shot and interview)")

    p = sub.add_parser("answer", help="how a typed answer to a dimension question is read")
    p.add_argument("dimension", nargs="?", help="dimension id, e.g. loyalty (omit with --jsonl)")
    p.add_argument("text", nargs="*", help="the answer as typed")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--jsonl", action="store_true",
                   help='read {"dimension": ..., "text": ...} lines on stdin, write one JSON '
                   "object per line")

    p = sub.add_parser("kb", help="knowledge base tools")
    kb = p.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    q = kb.add_parser("unmatched",
                      help="descriptions that matched nothing, with nearest candidates")
    q.add_argument("--store", default=None, help="store URL (default: ADVISOR_STORE)")
    q.add_argument("--limit", type=int, default=50)
    kb.add_parser("lint", help="lint the knowledge base")
    kb.add_parser("stats", help="counts of industries, aliases and sectors")
    q = kb.add_parser("match", help="ranked industry candidates for a text")
    q.add_argument("text", nargs="+")

    p = sub.add_parser(
        "run", help="start the Telegram bot (long polling, or webhook when configured)",
        epilog=_settings_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--check", action="store_true",
                   help="load settings, data and store, then exit without connecting")

    p = sub.add_parser("graph", help="draw a dialogue flow as a diagram")
    p.add_argument("flow", nargs="?", default="main", help="flow id (default: main)")
    p.add_argument("--format", choices=["mermaid", "dot", "png"], default="mermaid")
    p.add_argument("--output", "-o", default=None, help="file to write (default: stdout; "
                   "required for png)")
    return parser


def _resolve(target: str) -> Handler:
    module_name, func_name = target.split(":")
    return cast(Handler, getattr(importlib.import_module(module_name), func_name))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return _resolve(COMMANDS[args.command])(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`advisor kb stats | head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
