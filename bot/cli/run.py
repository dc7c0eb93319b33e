"""`advisor console` and `advisor run`: talk to the advisor in a terminal, or start the bot.

The front-ends are imported only when their subcommand runs, so `advisor classify` does not pay
for importing the Telegram library or prompt_toolkit.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from bot.cli.common import Subcommand, Subparsers


def _declare_console(sub: Subparsers) -> None:
    p = sub.add_parser("console", help="talk to the advisor in this terminal (no token needed)")
    p.add_argument(
        "--transcript",
        metavar="FILE",
        action="append",
        default=[],
        help="replay a golden transcript and fail on the first mismatch (repeatable)",
    )
    p.add_argument("--flow", default="main", help="flow id to run (default: main)")
    p.add_argument("--lang", default="en", help="language code (default: en)")
    p.add_argument(
        "--store", default="memory://", help="session store URL (default memory://, nothing kept)"
    )
    p.add_argument(
        "--chart-dir",
        default=None,
        help="where result charts are saved (default: a temporary folder)",
    )
    p.add_argument("--no-color", action="store_true", help="plain output even on a terminal")


def _settings_epilog() -> str:
    from bot.config import SETTINGS_HELP

    lines = ["settings (environment variables, or KEY=VALUE lines in ./.env):"]
    lines += [f"  {name:<24} {text}" for name, text in SETTINGS_HELP.items()]
    return "\n".join(lines)


def _declare_run(sub: Subparsers) -> None:
    p = sub.add_parser(
        "run",
        help="start the Telegram bot (long polling, or webhook when configured)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    plain: Callable[[], str] = p.format_help

    def with_settings() -> str:
        # the settings' help needs pydantic: built when help is shown, not on every command
        p.epilog = _settings_epilog()
        return plain()

    p.format_help = with_settings
    p.add_argument(
        "--check",
        action="store_true",
        help="load settings, data and store, then exit without connecting",
    )


def console_main(args: argparse.Namespace) -> int:
    """`advisor console`: the terminal front-end."""
    from bot.frontends.console import main

    return main(args)


def run_main(args: argparse.Namespace) -> int:
    """`advisor run`: the Telegram bot."""
    from bot.frontends.telegram.runner import main

    return main(args)


SUBCOMMANDS = {
    "console": Subcommand(_declare_console, console_main),
    "run": Subcommand(_declare_run, run_main),
}
