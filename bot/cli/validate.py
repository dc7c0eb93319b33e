"""`advisor validate`: check flows, messages and the knowledge base; exit 1 on any error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import Subcommand, Subparsers
from bot.core.errors import AdvisorError, DataError, DataErrors

if TYPE_CHECKING:  # (pydantic's settings are imported when `validate` runs, not on every command)
    from bot.config import Settings


def _is_knowledge_dir(path: Path) -> bool:
    return path.is_dir() and (path / "dimensions.yaml").exists()


def validate(paths: list[Path], settings: Settings) -> tuple[list[DataError], list[str]]:
    """All errors found under `paths`, and a summary line per thing checked."""
    from bot.advisor import load_flows
    from bot.config import MESSAGES_FILE
    from bot.core.messages import Messages
    from bot.kb.brain import KnowledgeBrain
    from bot.kb.loader import validate_knowledge

    errors: list[DataError] = []
    summary: list[str] = []
    knowledge_dirs = [p for p in paths if _is_knowledge_dir(p)] or [settings.knowledge_dir]
    flow_paths = [p for p in paths if not _is_knowledge_dir(p)] or [settings.dialogues_dir]
    dims: dict[str, frozenset[str]] | None = None
    for kdir in knowledge_dirs:
        found = validate_knowledge(kdir)
        errors += found
        if not found:
            brain = KnowledgeBrain.load(kdir)
            dims = brain.answer_ids()
            summary.append(
                f"knowledge {kdir}: {len(brain.sectors())} sectors, {len(dims)} dimensions"
            )
    for p in flow_paths:
        messages = (p if p.is_dir() else p.parent) / MESSAGES_FILE
        if messages.exists():
            try:
                Messages.load(messages)
            except DataErrors as exc:
                errors += exc.errors
    flows, flow_errors = load_flows(flow_paths, dims)
    errors += flow_errors
    summary += [f"flow {f.id} ({f.path}): {len(f.steps)} steps" for f in flows.values()]
    return errors, summary


def main(args: argparse.Namespace) -> int:
    from bot.config import Settings

    try:
        settings = Settings.load()
    except AdvisorError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 1
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            print(f"{p}: no such file or folder", file=sys.stderr)
        return 1
    errors, summary = validate(paths, settings)
    for err in errors:
        print(err.render(), file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s) found.", file=sys.stderr)
        return 1
    for line in summary:
        print(f"ok  {line}")
    return 0


def declare(sub: Subparsers) -> None:
    """`advisor validate [PATH ...]`."""
    p = sub.add_parser("validate", help="check dialogues and knowledge; exit 1 on any error")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="flow files or folders (default: the configured dialogues and knowledge)",
    )


SUBCOMMANDS = {"validate": Subcommand(declare, main)}
