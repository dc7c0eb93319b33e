"""One-shot command speed: `advisor classify` start-up and `advisor classify --jsonl` throughput.

Run: .venv/bin/python bench/bench_cli.py [--runs N] [--lines N] [--before REV]

Measured with the real command, in one run:
  * start-up of `advisor classify "we run a law firm"`: CPU (user + sys of the child) and wall,
    best and median of --runs; with the knowledge-base cache warm (as users get it from the
    second run on) and off (ADVISOR_KB_CACHE=0, the first run); baseline: a bare
    `python -c pass` in the same run (target: warm start-up <= 0.5 s);
  * `advisor classify --jsonl` on realistic multi-sentence descriptions (an everyday
    description, then sentences about customers, payment and the work, as owners write them):
    texts/s including start-up (target >= 2,000) and after it.
With --before REV, the same figures for that git revision of bot/, dialogues/ and knowledge/
(run with this venv's packages), so "before" and "after" come from the same run; the --jsonl
runs alternate between the two (three rounds, best of each), so load changes hit both alike.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ADVISOR = Path(sys.executable).parent / "advisor"
CASES = ROOT / "tests" / "kb" / "fixtures" / "extra-cases.yaml"

# Follow-up sentences owners add to a one-line description (all kinds of businesses).
DETAILS = (
    "Most of our customers are regulars who come back every week.",
    "People usually find us on Google or walk past the shop.",
    "We invoice monthly and most clients have been with us for years.",
    "It's just me and two part-time staff, plus a van.",
    "Prices are on the website and people pay by card at the till.",
    "Every project is different, we sit down with the client and plan it together.",
    "A lot of our work comes from word of mouth and repeat bookings.",
    "We have about 40 accounts on annual contracts and a few one-off jobs.",
    "Tourists make up most of our trade in the summer.",
    "We send a report every quarter and meet them twice a year.",
    "Orders come in online and we ship the same day.",
    "Some people come once, others have been coming for ten years.",
    "We charge by the hour, or a fixed fee for bigger pieces of work.",
    "Honestly most people just want it cheap and quick.",
    "We've been going since 2009 and took over from my father.",
    "They trust us with things they don't understand themselves.",
    "Weekends are our busiest time, weekdays are quiet.",
    "We tailor everything to the business, nothing is off the shelf.",
    "Memberships are paid by direct debit every month.",
    "We also sell gift vouchers and do a bit of catering.",
)


def descriptions(count: int, rng: random.Random) -> list[str]:
    """Multi-sentence descriptions: one of our labelled openings and one to three details."""
    openings = [c["text"] for c in yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]]
    out = []
    for _ in range(count):
        opening = rng.choice(openings)
        opening = opening[0].upper() + opening[1:]
        details = rng.sample(DETAILS, rng.randint(1, 3))
        out.append(" ".join([opening.rstrip(".") + ".", *details]))
    return out


def run(args: list[str], *, stdin: str = "", env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and child CPU seconds (user + sys) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, input=stdin, text=True, capture_output=True, check=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def environment(code: Path | None, cache: str, cache_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(ADVISOR_KB_CACHE=cache, XDG_CACHE_HOME=str(cache_home))
    if code is not None:  # another checkout of the code, ahead of the editable install
        env.update(
            PYTHONPATH=str(code),
            ADVISOR_DIALOGUES=str(code / "dialogues"),
            ADVISOR_KNOWLEDGE=str(code / "knowledge"),
        )
    return env


def startup(env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = run([str(ADVISOR), "classify", "we run a law firm"], env=env)
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus


def show(name: str, walls: list[float], cpus: list[float]) -> None:
    print(
        f"  {name:<34} CPU best {min(cpus) * 1000:5.0f} ms, median "
        f"{statistics.median(cpus) * 1000:5.0f} ms; wall best {min(walls) * 1000:5.0f} ms, "
        f"median {statistics.median(walls) * 1000:5.0f} ms"
    )


def measure(
    label: str, code: Path | None, args: argparse.Namespace, cache_home: Path
) -> dict[str, float]:
    """Start-up figures of one variant (the --jsonl runs alternate between variants)."""
    print(f"{label}:")
    warm = environment(code, "1", cache_home)
    run([str(ADVISOR), "classify", "warm the cache"], env=warm)
    results: dict[str, float] = {}
    for name, env in (
        ("start-up, cache warm", warm),
        ("start-up, cache off", environment(code, "0", cache_home)),
    ):
        walls, cpus = startup(env, args.runs)
        show(name, walls, cpus)
        results[name] = min(cpus)
    return results


def throughput(
    variants: list[tuple[str, dict[str, str], dict[str, float]]],
    payload: str,
    lines: int,
    rounds: int = 3,
) -> None:
    """`classify --jsonl` of every variant, alternating, so load changes hit all alike."""
    best = {label: (float("inf"), float("inf")) for label, _env, _r in variants}
    for _ in range(rounds):
        for label, env, _results in variants:
            wall, cpu = run([str(ADVISOR), "classify", "--jsonl"], stdin=payload, env=env)
            best[label] = (min(best[label][0], wall), min(best[label][1], cpu))
    for label, _env, results in variants:
        best_wall, best_cpu = best[label]
        fixed = results["start-up, cache warm"]
        print(
            f"{label}: classify --jsonl, {lines} descriptions: {lines / best_wall:6,.0f} "
            f"texts/s wall including start-up ({best_wall:.2f} s); by CPU "
            f"{lines / best_cpu:6,.0f} texts/s including start-up, "
            f"{lines / max(1e-9, best_cpu - fixed):6,.0f} after it"
        )
        results["jsonl"] = lines / best_wall
        results["jsonl_cpu"] = lines / best_cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="start-up runs per variant")
    parser.add_argument("--lines", type=int, default=5000, help="descriptions for --jsonl")
    parser.add_argument(
        "--before",
        metavar="REV",
        default=None,
        help="also measure this git revision (e.g. main) in the same run",
    )
    args = parser.parse_args()
    texts = descriptions(args.lines, random.Random(11))
    payload = "\n".join(texts) + "\n"
    mean_len = statistics.mean(len(t) for t in texts)
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmp:
        cache_home = Path(tmp) / "cache"
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu = run([sys.executable, "-c", "pass"], env=dict(os.environ))
            walls.append(wall)
            cpus.append(cpu)
        print(
            f"{args.lines} descriptions of {mean_len:.0f} characters on average; "
            f"{args.runs} start-up runs per variant"
        )
        print("baseline:")
        show("python -c pass", walls, cpus)
        variants = []
        if args.before:
            code = Path(tmp) / "before"
            code.mkdir()
            archive = subprocess.run(
                ["git", "archive", args.before, "bot", "dialogues", "knowledge"],
                cwd=ROOT,
                capture_output=True,
                check=True,
            )
            subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
            label = f"before ({args.before})"
            variants.append(
                (
                    label,
                    environment(code, "1", Path(tmp) / "cache-before"),
                    measure(label, code, args, Path(tmp) / "cache-before"),
                )
            )
        after = measure("this checkout", None, args, cache_home)
        variants.append(("this checkout", environment(None, "1", cache_home), after))
        throughput(variants, payload, args.lines)
    ok = after["start-up, cache warm"] <= 0.5 and after["jsonl"] >= 2000
    print(
        "targets met (start-up <= 0.5 s CPU, >= 2,000 texts/s)"
        if ok
        else "TARGETS NOT MET (start-up <= 0.5 s CPU, >= 2,000 texts/s)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
