"""What the subcommands share: how one is declared, and loading the knowledge base once."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.errors import AdvisorError
from bot.core.paths import data_dir

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


def unconfigured() -> bool:
    """Whether no ADVISOR_ variable is set, in the environment or a ./.env file: the one-shot
    commands then take the defaults without loading the settings model (importing pydantic
    is a third of their start-up). Anything set goes through the settings' checks."""
    return not any(k.startswith("ADVISOR_") for k in os.environ) and not Path(".env").exists()


def knowledge_dir() -> Path:
    """The configured knowledge folder."""
    if unconfigured():
        return data_dir("knowledge")
    from bot.config import Settings

    return Settings.load().knowledge_dir


def load_brain() -> Any:
    """The knowledge base as configured (from the cache when there is one)."""
    from bot.kb.cache import load_brain as load

    if unconfigured():
        return load(data_dir("knowledge"), cache=True)
    from bot.config import Settings

    settings = Settings.load()
    return load(settings.knowledge_dir, cache=settings.kb_cache)


def fail(exc: AdvisorError) -> int:
    """Print a data or settings error and return exit status 1."""
    print(f"error: {exc}", file=sys.stderr)
    return 1
