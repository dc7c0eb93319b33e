"""The `advisor` command: the parser and the dispatch to its subcommands.

Each subcommand group lives in its own module of this package and declares its own arguments
(`SUBCOMMANDS`); work that needs a heavy library imports it only when that subcommand runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot import __version__
from bot.cli import answer, classify, evaluate, graph, kb, plan, run, validate
from bot.cli.common import Subcommand

SUBCOMMANDS: dict[str, Subcommand] = {
    **run.SUBCOMMANDS,
    **validate.SUBCOMMANDS,
    **classify.SUBCOMMANDS,
    **evaluate.SUBCOMMANDS,
    **answer.SUBCOMMANDS,
    **plan.SUBCOMMANDS,
    **kb.SUBCOMMANDS,
    **graph.SUBCOMMANDS,
}
# the order `advisor --help` lists them in
ORDER = ("console", "validate", "classify", "plan", "eval", "answer", "kb", "run", "graph")


def build_parser() -> argparse.ArgumentParser:
    """The `advisor` parser with every subcommand's arguments."""
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Client-based or customer-based? The advisor's command line.",
    )
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in ORDER:
        SUBCOMMANDS[name].declare(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv` (default: the command line) and run the subcommand; its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return SUBCOMMANDS[args.command].run(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`advisor kb stats | head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
