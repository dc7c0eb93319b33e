"""`advisor graph [FLOW] --format mermaid|dot|png [-o FILE]`: draw a dialogue flow."""

from __future__ import annotations

import argparse

from bot.cli.common import Subcommand, Subparsers


def declare(sub: Subparsers) -> None:
    """`advisor graph` and its arguments."""
    p = sub.add_parser("graph", help="draw a dialogue flow as a diagram")
    p.add_argument("flow", nargs="?", default="main", help="flow id (default: main)")
    p.add_argument("--format", choices=["mermaid", "dot", "png"], default="mermaid")
    p.add_argument(
        "--output", "-o", default=None, help="file to write (default: stdout; required for png)"
    )


def main(args: argparse.Namespace) -> int:
    """Draw the flow: the CLI loads the advisor and hands it to the ops code.

    The drawing code is imported only now: it loads Pillow.
    """
    from bot.advisor import Advisor
    from bot.config import Settings
    from bot.ops.graph_command import run

    return run(args, lambda: Advisor.load(Settings.load()))


SUBCOMMANDS = {"graph": Subcommand(declare, main)}
