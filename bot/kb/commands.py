"""`advisor classify`, `advisor eval`, `advisor answer` and `advisor kb ...`: the knowledge base
from a terminal.

`classify --jsonl` reads one description per line on stdin and writes one JSON object per line,
in the same order; a blank line gives an object with label "unknown" (so line numbers of the
input and the output always agree). `answer --jsonl` does the same for typed answers: a line
that is not a JSON object with a dimension and a text gives an "unread" object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.cli.jsonl import default_workers, run_lines
from bot.core.errors import AdvisorError, DataError, DataErrors, Location, SchemaError
from bot.core.richtext import to_plain

LABELS = ("client", "customer", "hybrid")
PREDICTED = (*LABELS, "unknown")


def _knowledge_dir() -> Path:
    from bot.config import Settings

    return Settings.load().knowledge_dir


def _brain() -> Any:
    from bot.config import Settings
    from bot.kb.cache import load_brain

    settings = Settings.load()
    return load_brain(settings.knowledge_dir, cache=settings.kb_cache)


def _fail(exc: AdvisorError) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return 1


# --- classify ----------------------------------------------------------------------------------

def classify_main(args: argparse.Namespace) -> int:
    """One-shot verdicts: readable, --json, or --jsonl over stdin."""
    text = " ".join(args.text).strip()
    if args.jsonl and text:
        print("advisor classify: --jsonl reads stdin; give no text argument", file=sys.stderr)
        return 2
    if not args.jsonl and not text:
        print('advisor classify: no text given, e.g. advisor classify "we run a bakery" '
              "(or pipe lines into advisor classify --jsonl)", file=sys.stderr)
        return 2
    try:
        brain = _brain()
    except AdvisorError as exc:
        return _fail(exc)
    if args.jsonl:
        workers = args.workers if args.workers is not None else default_workers()
        return run_lines(_classify_line(brain), sys.stdin, sys.stdout, workers)
    result = brain.classify_text(text)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    print(to_plain(result.card))
    print(f"\nlabel: {result.label}   confidence: {result.confidence:.0%}")
    if result.candidates:
        print("candidates: " + ", ".join(f"{n} ({s:.2f})" for n, s in result.candidates))
    return 0


def _classify_line(brain: Any) -> Callable[[str], str]:
    dumps = json.dumps

    def one(line: str) -> str:
        return dumps(brain.classify_text(line.strip()).to_json(), ensure_ascii=False)
    return one


# --- eval --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Case:
    id: str
    text: str
    label: str


def read_cases(path: Path) -> list[Case]:
    """Cases from a YAML file (`cases:` of id, text, label); DataErrors on any problem."""
    from bot.core.yamlio import LinedDict, LinedList, load_file

    data = load_file(path)
    errors: list[DataError] = []
    where = str(path)
    items = data.get("cases") if isinstance(data, LinedDict) else None
    if not isinstance(items, LinedList):
        raise DataErrors([SchemaError(
            "expected a mapping with a 'cases:' list", Location(where, 1),
            hint='each case: {id: c1, label: client, text: "..."}')])
    cases: list[Case] = []
    for i, raw in enumerate(items):
        line = items.line_of(i)
        if not isinstance(raw, LinedDict):
            errors.append(SchemaError(f"case {i + 1} must be a mapping", Location(where, line),
                                      hint="give it id, text and label"))
            continue
        text, label = raw.get("text"), raw.get("label")
        if not isinstance(text, str):
            errors.append(SchemaError(f"case {i + 1} has no text", Location(where, line),
                                      hint="add text: \"...\""))
            continue
        if label not in LABELS:
            errors.append(SchemaError(f"case {i + 1} has label {label!r}", Location(
                where, raw.line_of("label")), hint="use client, customer or hybrid"))
            continue
        cases.append(Case(str(raw.get("id", i + 1)), text, str(label)))
    DataErrors.raise_if_any(errors)
    return cases


def eval_main(args: argparse.Namespace) -> int:
    """Accuracy, per-label accuracy, confusion matrix and misses on a labelled file."""
    if args.answers:
        return _eval_answers(args)
    if not args.file:
        print("advisor eval: give a cases file, or --answers FILE", file=sys.stderr)
        return 2
    try:
        cases = read_cases(Path(args.file))
        brain = _brain()
    except AdvisorError as exc:
        return _fail(exc)
    confusion: Counter[tuple[str, str]] = Counter()
    misses: list[tuple[Case, Any]] = []
    for case in cases:
        result = brain.classify_text(case.text)
        confusion[(case.label, result.label)] += 1
        if result.label != case.label:
            misses.append((case, result))
    total = len(cases)
    right = total - len(misses)
    print(f"cases: {total}   accuracy: {_pct(right, total)}")
    for label in LABELS:
        n = sum(v for (exp, _), v in confusion.items() if exp == label)
        ok = confusion[(label, label)]
        print(f"  {label:<9} {_pct(ok, n)}  ({ok}/{n})")
    both = ("client", "customer")
    n2 = sum(v for (exp, _), v in confusion.items() if exp in both)
    ok2 = sum(confusion[(lbl, lbl)] for lbl in both)
    print(f"  client+customer {_pct(ok2, n2)}  ({ok2}/{n2})")
    print("\nconfusion (rows: expected, columns: predicted)")
    print(f"  {'':<9}" + "".join(f"{p:>9}" for p in PREDICTED))
    for label in LABELS:
        print(f"  {label:<9}" + "".join(f"{confusion[(label, p)]:>9}" for p in PREDICTED))
    if getattr(args, "calibration", False):
        _calibration(brain, cases)
    if not args.quiet and misses:
        print(f"\nmisses ({len(misses)})")
        for case, result in misses:
            cands = ", ".join(f"{n} {s:.2f}" for n, s in result.candidates) or "no candidates"
            print(f"  {case.id}: expected {case.label}, got {result.label} "
                  f"({result.confidence:.2f})  {case.text}")
            print(f"      candidates: {cands}")
            print(f"      why: {result.explanation}")
    return 0


def _calibration(brain: Any, cases: list[Case]) -> None:
    """Confidence against accuracy: one-shot, and the interview read from the description."""
    from bot.kb.calibration import render, table

    oneshot = []
    interview = []
    for case in cases:
        result = brain.classify_text(case.text)
        oneshot.append((result.confidence, result.label == case.label))
        assessed = brain.assess(None, {}, case.text)
        if assessed.label != "unknown":
            interview.append((assessed.confidence, assessed.label == case.label))
    print()
    print("\n".join(render("calibration, one-shot (advisor classify)", table(oneshot))))
    print("\n".join(render(f"calibration, interview from the description ({len(interview)} "
                            "with a verdict)", table(interview))))


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:5.1f}%" if whole else "   n/a"


# --- kb ----------------------------------------------------------------------------------------

def kb_main(args: argparse.Namespace) -> int:
    """`advisor kb lint|stats|match|unmatched`."""
    handlers = {"lint": _lint, "stats": _stats, "match": _match, "unmatched": _unmatched}
    try:
        return handlers[args.kb_command](args)
    except AdvisorError as exc:
        return _fail(exc)


def _lint(_args: argparse.Namespace) -> int:
    from bot.kb.loader import validate_knowledge

    folder = _knowledge_dir()
    errors = validate_knowledge(folder)
    for e in errors:
        print(e.render())
    if errors:
        print(f"{len(errors)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: no problems")
    return 0


def _stats(_args: argparse.Namespace) -> int:
    brain = _brain()
    kb = brain.kb
    labels = Counter(i.label for i in kb.industries)
    aliases = sum(len(i.aliases) + 1 for i in kb.industries)
    sides = Counter(c.side for c in kb.cues)
    print(f"sectors:     {len(kb.sectors)}")
    print(f"industries:  {len(kb.industries)} (" + ", ".join(
        f"{lbl} {labels[lbl]}" for lbl in LABELS) + ")")
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
    brain = _brain()
    ranking = brain.rank(" ".join(args.text))
    print(f"status: {ranking.status}")
    for c in ranking.ranked[:10]:
        print(f"  {c.score:5.1f}  {c.industry.name} [{c.industry.id}, {c.industry.label}]"
              f"  via '{c.alias}'")
    if not ranking.ranked:
        print("  no candidates")
    return 0


def _unmatched(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import Settings
    from bot.storage import open_store

    url = args.store or Settings.load().store_url
    brain = _brain()
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


# --- answer, eval --answers ----------------------------------------------------------------------

def _reading_json(dimension: str | None, reading: Any | None) -> dict[str, Any]:
    """The one JSON object `advisor answer --json` prints (unread when there is no reading)."""
    if reading is None:
        return {"dimension": dimension, "status": "unread", "option": None, "side": None}
    return {"dimension": reading.dimension, "status": reading.status,
            "option": reading.option, "side": reading.side}


def answer_main(args: argparse.Namespace) -> int:
    """How a typed answer is read: readable, --json, or --jsonl over stdin."""
    text = " ".join(args.text).strip()
    if args.jsonl:
        if args.dimension or text:
            print("advisor answer: --jsonl reads stdin; give no dimension or text",
                  file=sys.stderr)
            return 2
    elif not args.dimension or not text:
        print('advisor answer: give a dimension and an answer, e.g. advisor answer loyalty '
              '"they would not switch" (or pipe lines into advisor answer --jsonl)',
              file=sys.stderr)
        return 2
    try:
        brain = _brain()
    except AdvisorError as exc:
        return _fail(exc)
    if args.jsonl:
        # one process: reading an answer costs less than handing it to a worker
        return run_lines(_answer_line(brain), sys.stdin, sys.stdout)
    dim = brain.dimension(args.dimension)
    if dim is None or not dim.options:
        known = ", ".join(d.id for d in brain.dimensions() if d.options)
        print(f"advisor answer: unknown dimension {args.dimension!r}; one of: {known}",
              file=sys.stderr)
        return 2
    reading = brain.read_answer(args.dimension, text)
    if args.json:
        print(json.dumps(_reading_json(args.dimension, reading), ensure_ascii=False))
        return 0
    labels = {o.id: o.label for o in dim.options}
    print(f"dimension: {dim.id} ({dim.question})")
    print(f"status:    {reading.status}")
    if reading.option is not None:
        print(f"option:    {reading.option} ({labels.get(reading.option, '?')}), "
              f"side {reading.side}")
    print("why:       " + ("; ".join(reading.why) if reading.why else "nothing in it names an "
                           "answer"))
    return 0


def _answer_line(brain: Any) -> Callable[[str], str]:
    dumps = json.dumps

    def one(line: str) -> str:
        dimension: str | None = None
        reading = None
        try:
            item = json.loads(line) if line.strip() else None
        except ValueError:
            item = None
        if isinstance(item, dict):
            raw_dim, raw_text = item.get("dimension"), item.get("text")
            dimension = raw_dim if isinstance(raw_dim, str) else None
            if dimension is not None and isinstance(raw_text, str):
                reading = brain.read_answer(dimension, raw_text)
        return dumps(_reading_json(dimension, reading), ensure_ascii=False)
    return one


def _eval_answers(args: argparse.Namespace) -> int:
    """`advisor eval --answers FILE`: per dimension, read right / confirmed / unread / wrong."""
    from bot.kb.answer_eval import evaluate, read_answer_cases

    try:
        brain = _brain()
        cases = read_answer_cases(Path(args.answers), brain.known_dimension_ids())
    except AdvisorError as exc:
        return _fail(exc)
    ev = evaluate(brain, cases)
    head = (f"{'':<16}{'answers':>8}{'read right':>12}{'confirmed':>11}{'unread':>8}"
            f"{'read wrong':>12}{'right after confirming':>24}")
    print(head)

    def row(name: str, f: Any) -> None:
        c = f.counts
        print(f"{name:<16}{f.total:>8}{_pct(c['right'], f.total):>12}"
              f"{_pct(c['confirmed'] + c['confirmed_wrong'], f.total):>11}"
              f"{_pct(c['unread'], f.total):>8}{_pct(c['wrong'], f.total):>12}"
              f"{_pct(c['right'] + c['confirmed'], f.total):>24}")

    for dim in (d.id for d in brain.dimensions()):
        if dim in ev.by_dimension:
            row(dim, ev.by_dimension[dim])
    print()
    for part in ("tuned", "held"):
        if part in ev.by_part:
            row(f"{part} part", ev.by_part[part])
    row("all", ev.overall)
    wrong = [m for m in ev.misses if m[2] == "wrong"]
    if not args.quiet:
        print(f"\nread wrong ({len(wrong)})")
        for case, reading, _ in wrong:
            print(f"  {case.id}: meant {case.side}, read {reading.option} ({reading.side})"
                  f"  {case.text}")
            print(f"      why: {'; '.join(reading.why)}")
        others = [m for m in ev.misses if m[2] != "wrong"]
        print(f"\nconfirmed or unread ({len(others)})")
        for case, reading, result in others:
            print(f"  {case.id}: meant {case.side}, {result}"
                  + (f" {reading.option} ({reading.side})" if reading.option else "")
                  + f"  {case.text}")
    return 0
