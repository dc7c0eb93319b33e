"""Knowledge base speed: matching and classification against a naive rapidfuzz baseline.

Run: .venv/bin/python bench/bench_kb.py [--repeat N] [--lines N]

Measured in one run, on the same texts (the dev set's descriptions plus every industry name
with one typo):
  * start-up: load + validate + index the full knowledge base (target < 0.5 s);
  * one match (`KnowledgeBrain.match_industry`) and one one-shot classification
    (`classify_text`), p50/p99, against the baseline
    `process.extractOne(text, all_aliases, scorer=fuzz.WRatio, processor=utils.default_process)`
    over every alias with no index (target: >= 3x faster);
  * accuracy on the dev set: ours vs the baseline's best alias's industry label;
  * `advisor classify --jsonl` throughput with the real command on a few thousand lines
    (target >= 2,000 texts/s on one core).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.kb.brain import KnowledgeBrain  # noqa: E402

# The shared dev set when it is beside the repository, else the repository's own cases.
SHARED_DEV = ROOT.parent / "shared" / "eval" / "dev-cases.yaml"
OWN_CASES = ROOT / "tests" / "kb" / "fixtures" / "extra-cases.yaml"
DEV = SHARED_DEV if SHARED_DEV.is_file() else OWN_CASES


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[str], object], texts: Sequence[str], repeat: int) -> list[float]:
    """Per-call times in microseconds, each text `repeat` times (interleaved)."""
    out: list[float] = []
    clock = time.perf_counter
    for _ in range(repeat):
        for t in texts:
            start = clock()
            fn(t)
            out.append((clock() - start) * 1e6)
    return out


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the texts")
    parser.add_argument("--lines", type=int, default=5000, help="lines for the jsonl run")
    args = parser.parse_args()
    rng = random.Random(7)

    # CPU time of this process (wall time too): other work on the machine does not count
    loads, walls = [], []
    for _ in range(3):
        start, wall0 = time.process_time(), time.perf_counter()
        brain = KnowledgeBrain.load(ROOT / "knowledge")
        loads.append(time.process_time() - start)
        walls.append(time.perf_counter() - wall0)
    kb = brain.kb
    aliases: list[str] = []
    alias_label: list[str] = []
    for ind in kb.industries:
        for a in (ind.name, *ind.aliases):
            aliases.append(a)
            alias_label.append(ind.label)

    cases = yaml.safe_load(DEV.read_text(encoding="utf-8"))["cases"]
    dev_texts = [c["text"] for c in cases]
    typo_names = [" ".join(typo(w, rng) for w in i.name.split()) for i in kb.industries]
    texts = dev_texts + typo_names

    def baseline(text: str) -> object:
        return process.extractOne(
            text, aliases, scorer=fuzz.WRatio, processor=utils.default_process
        )

    brain.match_industry("warm up")
    baseline("warm up")
    ours_match = timed(brain.match_industry, texts, args.repeat)
    ours_classify = timed(brain.classify_text, texts, args.repeat)
    base = timed(baseline, texts, 1)

    right_ours = right_base = 0
    for c in cases:
        right_ours += brain.classify_text(c["text"]).label == c["label"]
        best = baseline(c["text"])
        right_base += best is not None and alias_label[best[2]] == c["label"]

    print(f"cases: {DEV.relative_to(ROOT.parent)} ({len(cases)})")
    print(
        f"knowledge: {len(kb.industries)} industries, {len(aliases)} aliases, "
        f"{len(kb.cues)} cues; {len(texts)} texts x {args.repeat}"
    )
    print(
        f"start-up (load + validate + index): CPU best {min(loads) * 1000:.0f} ms, "
        f"first {loads[0] * 1000:.0f} ms; wall best {min(walls) * 1000:.0f} ms "
        f"(target < 500 ms)"
    )
    print(f"{'':<28}{'p50 µs':>10}{'p99 µs':>10}{'x faster (p50)':>16}{'(p99)':>8}")
    b50, b99 = percentile(base, 0.5), percentile(base, 0.99)
    print(f"{'baseline extractOne WRatio':<28}{b50:>10.0f}{b99:>10.0f}")
    for name, vals in (("match_industry", ours_match), ("classify_text", ours_classify)):
        p50, p99 = percentile(vals, 0.5), percentile(vals, 0.99)
        print(f"{name:<28}{p50:>10.0f}{p99:>10.0f}{b50 / p50:>16.1f}{b99 / p99:>8.1f}")
    n = len(cases)
    print(
        f"dev-set accuracy: ours {right_ours}/{n} = {right_ours / n:.1%}, "
        f"baseline (best alias's label) {right_base}/{n} = {right_base / n:.1%}"
    )

    # the real command, several thousand distinct lines (descriptions mixed with names)
    pool = dev_texts + [i.name for i in kb.industries] + typo_names
    lines = []
    for k in range(args.lines):
        a, b = rng.choice(pool), rng.choice(pool)
        lines.append(a if k % 3 else f"{a}, and {b.lower()}")
    payload = "\n".join(lines) + "\n"
    advisor = str(Path(sys.executable).parent / "advisor")
    start = time.perf_counter()
    done = subprocess.run(
        [advisor, "classify", "--jsonl"], input=payload, text=True, capture_output=True, check=True
    )
    wall = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(
        [advisor, "classify", "--jsonl"], input="", text=True, capture_output=True, check=True
    )
    fixed = time.perf_counter() - start
    out_lines = done.stdout.count("\n")
    assert out_lines == len(lines), (out_lines, len(lines))
    print(
        f"advisor classify --jsonl: {len(lines)} lines in {wall:.2f} s wall "
        f"= {len(lines) / wall:,.0f} texts/s including start-up ({fixed:.2f} s with no input); "
        f"{len(lines) / max(1e-9, wall - fixed):,.0f} texts/s after start-up "
        f"(target >= 2,000)"
    )
    ok = (
        min(loads) < 0.5
        and b50 / percentile(ours_classify, 0.5) >= 3
        and right_ours >= right_base
        and len(lines) / wall >= 2000
    )
    print("targets met" if ok else "TARGETS NOT MET")
    print(f"(median of baseline over texts: {statistics.median(base):.0f} µs)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
