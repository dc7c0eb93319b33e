"""`advisor kb lint|stats|match|unmatched|train-answers`: the knowledge base from a terminal."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from bot.cli.common import LABELS, Subcommand, Subparsers, fail, knowledge_dir, load_brain
from bot.cli.kb_train import train_answers
from bot.core.errors import AdvisorError


def declare(sub: Subparsers) -> None:
    """`advisor kb` and its own subcommands."""
    p = sub.add_parser("kb", help="knowledge base tools")
    kb = p.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    q = kb.add_parser(
        "unmatched", help="descriptions that matched nothing, with nearest candidates"
    )
    q.add_argument("--store", default=None, help="store URL (default: ADVISOR_STORE)")
    q.add_argument("--limit", type=int, default=50)
    kb.add_parser("lint", help="lint the knowledge base")
    kb.add_parser("stats", help="counts of industries, aliases and sectors")
    q = kb.add_parser("match", help="ranked industry candidates for a text")
    q.add_argument("text", nargs="+")
    q = kb.add_parser(
        "train-answers", help="train the learned answer reading on labelled answer files"
    )
    q.add_argument("files", nargs="+", help="answer files (tests/kb/fixtures/answers*.yaml)")
    q.add_argument("--out", default=None, help="where to write (default: the knowledge folder)")


def kb_main(args: argparse.Namespace) -> int:
    """`advisor kb lint|stats|match|unmatched`."""
    handlers = {
        "lint": _lint,
        "stats": _stats,
        "match": _match,
        "unmatched": _unmatched,
        "train-answers": train_answers,
    }
    try:
        return handlers[args.kb_command](args)
    except AdvisorError as exc:
        return fail(exc)


def _lint(_args: argparse.Namespace) -> int:
    from bot.kb.loader import validate_knowledge

    folder = knowledge_dir()
    errors = validate_knowledge(folder)
    for e in errors:
        print(e.render())
    if errors:
        print(f"{len(errors)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: no problems")
    return 0


def _stats(_args: argparse.Namespace) -> int:
    brain = load_brain()
    kb = brain.kb
    labels = Counter(i.label for i in kb.industries)
    aliases = sum(len(i.aliases) + 1 for i in kb.industries)
    sides = Counter(c.side for c in kb.cues)
    print(f"sectors:     {len(kb.sectors)}")
    print(
        f"industries:  {len(kb.industries)} ("
        + ", ".join(f"{lbl} {labels[lbl]}" for lbl in LABELS)
        + ")"
    )
    print(f"aliases:     {aliases} (names included), {len(brain.matcher.vocab)} distinct words")
    print(f"dimensions:  {len(kb.dimensions)}")
    print(f"cues:        {len(kb.cues)} (client {sides['client']}, customer {sides['customer']})")
    for lang, pack in sorted(kb.langs.items()):
        phrasings = sum(len(e.questions) for e in pack.faq)
        print(f"faq [{lang}]:    {len(pack.faq)} entries, {phrasings} phrasings")
    for sector in kb.sectors:
        n = sum(1 for i in kb.industries if i.sector == sector.id)
        print(f"  {sector.id:<20} {n:>4}  {sector.name}")
    return 0


def _match(args: argparse.Namespace) -> int:
    brain = load_brain()
    ranking = brain.rank(" ".join(args.text))
    print(f"status: {ranking.status}")
    for c in ranking.ranked[:10]:
        print(
            f"  {c.score:5.1f}  {c.industry.name} [{c.industry.id}, {c.industry.label}]"
            f"  {f'via {c.alias!r}' if c.alias else 'by the trade words (no alias)'}"
        )
    if not ranking.ranked:
        print("  no candidates")
    return 0


def _unmatched(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import Settings
    from bot.storage import open_store

    url = args.store or Settings.load().store_url
    brain = load_brain()
    store = open_store(url)

    async def fetch() -> list[tuple[str, int]]:
        try:
            return await store.unmatched(args.limit)
        finally:
            await store.close()

    rows = asyncio.run(fetch())
    if not rows:
        print("no unmatched descriptions")
        return 0
    for text, count in rows:
        ranking = brain.rank(text)
        near = ", ".join(f"{c.industry.name} {c.score:.0f}" for c in ranking.ranked[:3])
        print(f"{count:>5}  {text}")
        print(f"       nearest: {near or 'nothing'}")
    return 0


SUBCOMMANDS = {"kb": Subcommand(declare, kb_main)}
