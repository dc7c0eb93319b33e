"""What the subcommands share: how one is declared, and loading the knowledge base once."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.errors import AdvisorError

LABELS = ("client", "customer", "hybrid")

Handler = Callable[[argparse.Namespace], int]
# what `ArgumentParser.add_subparsers()` returns (a private class, hence Any)
Subparsers = Any


@dataclass(frozen=True, slots=True)
class Subcommand:
    """One `advisor` subcommand: `declare` adds its parser and arguments, `run` does the work
    and returns the exit status."""

    declare: Callable[[Subparsers], None]
    run: Handler


def knowledge_dir() -> Path:
    """The configured knowledge folder."""
    from bot.config import Settings

    return Settings.load().knowledge_dir


def load_brain() -> Any:
    """The knowledge base as configured (from the cache when there is one)."""
    from bot.config import Settings
    from bot.kb.cache import load_brain as load

    settings = Settings.load()
    return load(settings.knowledge_dir, cache=settings.kb_cache)


def fail(exc: AdvisorError) -> int:
    """Print a data or settings error and return exit status 1."""
    print(f"error: {exc}", file=sys.stderr)
    return 1
