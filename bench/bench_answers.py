"""Reading typed answers: cost per answer and `advisor answer --jsonl` throughput.

Run: .venv/bin/python bench/bench_answers.py [--repeat N] [--lines N]

Measured in one run, on the same answers (the labelled sets tests/kb/fixtures/answers*.yaml,
each answer read against its own dimension):
  * one reading (`KnowledgeBrain.read_answer`), p50/p95/p99, against the baseline it replaced:
    `bot.engine.matching.match_option` over the dimension's options (labels, synonyms, typos);
  * how each reads the labelled answers: read right, read wrong, unread;
  * `advisor answer --jsonl` throughput with the real command (target >= 2,000 answers/s),
    with the command's start-up (an empty input) measured beside it.
Targets: p95 <= 1 ms per reading; --jsonl >= 2,000 answers/s. Exit status 1 if one is missed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.matching import Candidate, match_option  # noqa: E402
from bot.kb.answer_eval import read_answer_cases  # noqa: E402
from bot.kb.answers import option_side  # noqa: E402
from bot.kb.brain import KnowledgeBrain  # noqa: E402

FIXTURES = ROOT / "tests" / "kb" / "fixtures"
SETS = tuple(
    FIXTURES / f"answers{part}.yaml"
    for part in ("", "-probe", "-probe2", "-probe3", "-probe4", "-probe5", "-probe6")
)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(
    fn: Callable[[str, str], object], items: Sequence[tuple[str, str]], repeat: int
) -> list[float]:
    """Per-call times in microseconds, each item `repeat` times (interleaved)."""
    out: list[float] = []
    clock = time.perf_counter
    for _ in range(repeat):
        for dim, text in items:
            start = clock()
            fn(dim, text)
            out.append((clock() - start) * 1e6)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the answers")
    parser.add_argument("--lines", type=int, default=20_000, help="lines for the jsonl run")
    args = parser.parse_args()

    brain = KnowledgeBrain.load(ROOT / "knowledge")
    dims = brain.known_dimension_ids()
    cases = [c for path in SETS for c in read_answer_cases(path, dims)]
    items = [(c.dimension, c.text) for c in cases]
    options = {
        d.id: [Candidate(o.id, o.label, o.synonyms) for o in d.options]
        for d in brain.dimensions()
        if d.options
    }
    scores = {d.id: {o.id: o.score for o in d.options} for d in brain.kb.dimensions}

    def baseline(dim: str, text: str) -> str | None:
        return match_option(text, options[dim])

    def ours(dim: str, text: str) -> object:
        return brain.read_answer(dim, text)

    for dim, text in items:  # warm both (the reader builds its word list on first use)
        ours(dim, text)
        baseline(dim, text)
    t_ours = timed(ours, items, args.repeat)
    t_base = timed(baseline, items, args.repeat)
    p = {
        name: (percentile(t, 0.5), percentile(t, 0.95), percentile(t, 0.99))
        for name, t in (("ours", t_ours), ("baseline", t_base))
    }
    print(f"answers: {len(items)} (x{args.repeat})")
    for name in ("ours", "baseline"):
        p50, p95, p99 = p[name]
        print(f"  {name:<9} p50 {p50:7.1f} us   p95 {p95:7.1f} us   p99 {p99:7.1f} us")
    print(
        f"  ratio (ours / baseline) p50 {p['ours'][0] / p['baseline'][0]:.1f}x, "
        f"p95 {p['ours'][1] / p['baseline'][1]:.1f}x"
    )

    def figures(read: Callable[[str, str], tuple[str, str | None]]) -> str:
        right = wrong = unread = 0
        for c in cases:
            status, side = read(c.dimension, c.text)
            if status == "unread":
                unread += 1
            elif status == "read" and side == c.side:
                right += 1
            elif status == "read":
                wrong += 1
        n = len(cases)
        return (
            f"read right {100 * right / n:5.1f}%  read wrong {100 * wrong / n:4.1f}%  "
            f"unread {100 * unread / n:5.1f}%"
        )

    def read_ours(dim: str, text: str) -> tuple[str, str | None]:
        r = brain.read_answer(dim, text)
        return r.status, r.side

    def read_base(dim: str, text: str) -> tuple[str, str | None]:
        oid = baseline(dim, text)
        return ("unread", None) if oid is None else ("read", option_side(scores[dim][oid]))

    print(f"labelled answers ({len(cases)}):")
    print(f"  ours      {figures(read_ours)}")
    print(f"  baseline  {figures(read_base)}")

    advisor = str(Path(sys.executable).parent / "advisor")
    lines = [json.dumps({"dimension": d, "text": t}) for d, t in items]
    payload = "\n".join(lines[i % len(lines)] for i in range(args.lines)) + "\n"
    start = time.perf_counter()
    subprocess.run(
        [advisor, "answer", "--jsonl"], input="", text=True, capture_output=True, check=True
    )
    startup = time.perf_counter() - start
    start = time.perf_counter()
    done = subprocess.run(
        [advisor, "answer", "--jsonl"], input=payload, text=True, capture_output=True, check=True
    )
    wall = time.perf_counter() - start
    out_lines = done.stdout.count("\n")
    rate = args.lines / wall
    after = args.lines / max(wall - startup, 1e-6)
    print(
        f"advisor answer --jsonl: {args.lines} lines in {wall:.2f} s wall "
        f"({rate:,.0f} answers/s including start-up {startup:.2f} s; "
        f"{after:,.0f}/s after it); {out_lines} lines out"
    )
    ok = p["ours"][1] <= 1000 and rate >= 2000 and out_lines == args.lines
    print("targets: p95 <= 1 ms, >= 2,000 answers/s: " + ("met" if ok else "MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
