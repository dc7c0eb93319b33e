"""`advisor plan "DESCRIPTION" [--answer DIMENSION=OPTION …] [-o FILE.pdf] [--json]`.

The relationship plan from the command line: the same assessment and document as the
interview's "Get my plan" button. `--json` prints exactly one object (label, industry,
strengths, advice in rank order); `-o` writes the PDF (without either, it goes to
`relationship-plan[-industry].pdf` in the current folder).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.cli.common import Subcommand, Subparsers
from bot.contracts import AdvicePlan, DimensionRef
from bot.core.errors import AdvisorError
from bot.core.suggest import did_you_mean

EXIT_USAGE = 2


class UsageError(Exception):
    """A bad argument: the message says what was wrong and what is valid."""


def _valid(dimensions: Sequence[DimensionRef]) -> dict[str, tuple[str, ...]]:
    """Answerable dimension id -> its option ids (the industry is told by the description)."""
    return {d.id: tuple(o.id for o in d.options) for d in dimensions if d.options}


def _suggest(word: str, choices: Sequence[str]) -> str:
    best = did_you_mean(word, choices)
    return f" (did you mean '{best}'?)" if best else ""


def parse_answers(raw: Sequence[str], dimensions: Sequence[DimensionRef]) -> dict[str, str]:
    """`DIMENSION=OPTION` strings -> answers; UsageError names the valid ids."""
    valid = _valid(dimensions)
    answers: dict[str, str] = {}
    for item in raw:
        dim, sep, option = (part.strip() for part in item.partition("="))
        if not sep or not dim or not option:
            raise UsageError(f"--answer {item!r}: expected DIMENSION=OPTION, e.g. payment=retainer")
        if dim not in valid:
            raise UsageError(
                f"unknown dimension {dim!r}{_suggest(dim, list(valid))}; "
                f"valid dimensions: {', '.join(valid)}"
            )
        if option not in valid[dim]:
            raise UsageError(
                f"unknown option {option!r} for {dim}"
                f"{_suggest(option, valid[dim])}; valid options for {dim}: "
                f"{', '.join(valid[dim])}"
            )
        if dim in answers and answers[dim] != option:
            raise UsageError(f"{dim} is answered twice ({answers[dim]} and {option})")
        answers[dim] = option
    return answers


def plan_json(plan: AdvicePlan | None, label: str) -> dict[str, Any]:
    """The one object `--json` prints."""
    if plan is None:
        return {"label": label, "industry": None, "strengths": [], "advice": []}
    return {
        "label": plan.label,
        "industry": plan.industry,
        "strengths": list(plan.strengths),
        "advice": [
            {"text": i.text, "first_step": i.first_step, "figure": i.figure} for i in plan.items
        ],
    }


def main(args: argparse.Namespace) -> int:
    """Assess the description and answers, then print JSON and/or write the PDF."""
    description = " ".join(args.description).strip()
    if not description:
        print(
            'advisor plan: no description given, e.g. advisor plan "we run a bakery" '
            "--answer payment=per_sale",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from bot.config import MESSAGES_FILE, Settings
    from bot.core.messages import Messages
    from bot.engine.plandoc import plan_document
    from bot.kb.brain import KnowledgeBrain

    try:
        settings = Settings.load()
        brain = KnowledgeBrain.load(settings.knowledge_dir)
        messages = Messages.load(settings.dialogues_dir / MESSAGES_FILE)
        dims = [d for d in (brain.dimension(k.id) for k in brain.kb.dimensions) if d]
        answers = parse_answers(args.answer or [], dims)
    except (UsageError, AdvisorError) as exc:
        print(f"advisor plan: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, UsageError) else 1
    assessment = brain.assess(None, answers, description)
    if args.json:
        print(json.dumps(plan_json(assessment.plan, assessment.label), ensure_ascii=False))
        if not args.output:
            return 0
    doc = plan_document(assessment, messages, "en", description)
    if doc is None:
        print(
            "advisor plan: no plan: I could not tell what kind of business that is; name "
            'it (e.g. "bakery") or add answers with --answer',
            file=sys.stderr,
        )
        return 1
    from bot.ops.plan_pdf import render_plan

    target = Path(args.output) if args.output else Path(f"{doc.filename}.pdf")
    try:
        target.write_bytes(render_plan(doc))
    except OSError as exc:
        print(f"advisor plan: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not args.json:
        print(messages.plain("console.plan_saved", path=target))
    return 0


def declare(sub: Subparsers) -> None:
    """`advisor plan DESCRIPTION [--answer DIMENSION=OPTION ...] [-o FILE.pdf] [--json]`."""
    p = sub.add_parser("plan", help="the relationship plan for a description, as a PDF or JSON")
    p.add_argument("description", nargs="*", help="what the business does, in your words")
    p.add_argument(
        "--answer",
        "-a",
        action="append",
        default=[],
        metavar="DIMENSION=OPTION",
        help="an interview answer, ids as in knowledge/dimensions.yaml, e.g. "
        "payment=retainer (repeatable)",
    )
    p.add_argument(
        "--output",
        "-o",
        default=None,
        metavar="FILE.pdf",
        help="where to write the PDF (default: relationship-plan[-industry].pdf "
        "here; with --json, no PDF unless -o is given)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help='print one JSON object: {"label", "industry", "strengths", "advice"}',
    )


SUBCOMMANDS = {"plan": Subcommand(declare, main)}
