"""The `advisor` command line: one module per subcommand group, the parser in `main`."""

from bot.cli.main import main

__all__ = ["main"]
