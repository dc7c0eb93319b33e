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


ONE_SHOT_SETTINGS = ("ADVISOR_KNOWLEDGE", "ADVISOR_KB_CACHE", "ADVISOR_DIALOGUES")


def quick_settings() -> tuple[Path, bool] | None:
    """The knowledge folder and the cache switch, read without the settings model (importing
    pydantic is a third of a one-shot command's start-up) when there is nothing to check: no
    ./.env, no ADVISOR_ variable but ONE_SHOT_SETTINGS, ADVISOR_KB_CACHE blank, 0 or 1. Else
    None, and the settings model reads and checks everything, as `advisor run` does."""
    env = {k: v.strip() for k, v in os.environ.items() if k.startswith("ADVISOR_")}
    cache = env.get("ADVISOR_KB_CACHE", "")
    if Path(".env").exists() or set(env) - set(ONE_SHOT_SETTINGS) or cache not in ("", "0", "1"):
        return None
    folder = env.get("ADVISOR_KNOWLEDGE")
    return (Path(folder) if folder else data_dir("knowledge")), cache != "0"


def knowledge_dir() -> Path:
    """The configured knowledge folder."""
    quick = quick_settings()
    if quick is not None:
        return quick[0]
    from bot.config import Settings

    return Settings.load().knowledge_dir


def load_brain() -> Any:
    """The knowledge base as configured (from the cache when there is one)."""
    from bot.kb.cache import load_brain as load

    quick = quick_settings()
    if quick is not None:
        return load(quick[0], cache=quick[1])
    from bot.config import Settings

    settings = Settings.load()
    return load(settings.knowledge_dir, cache=settings.kb_cache)


def fail(exc: AdvisorError) -> int:
    """Print a data or settings error and return exit status 1."""
    print(f"error: {exc}", file=sys.stderr)
    return 1
