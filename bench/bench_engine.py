"""Engine turn cost: scripted interviews through `Engine.step`, CPU per turn, now and before.

Run: .venv/bin/python bench/bench_engine.py [--rounds N] [--before REV]

Each round runs the same 30 interviews in-process (three businesses described in words, then
answers by button, by typed label and by typed words the answer reader reads, to the verdict
and its plan), timing only `Engine.step` (loading is left out). The best round is printed, as
milliseconds of CPU per turn. With --before REV the same script runs against that git
revision's bot/, dialogues/ and knowledge/ (this venv's packages) in the same run, and the
ratio now / before is printed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUSINESSES = ("we are a small law firm", "a cafe with takeaway coffee", "bike repair shop")
ANSWERS = ("buttons", "labels", "words")
WORDS = ("mostly regulars who come back for years", "they pay per visit", "no idea")


def child(rounds: int) -> None:
    """Run the interviews with the code on sys.path; print the best ms per turn."""
    from bot.advisor import Advisor
    from bot.config import Settings
    from bot.engine.events import Command, OptionChosen, TextInput

    advisor = Advisor.load(Settings.load({}, Path("/nonexistent/.env")))
    engine = advisor.engine
    best = float("inf")
    for _ in range(rounds):
        turns, spent = 0, 0.0
        for n in range(30):
            business, style = BUSINESSES[n % 3], ANSWERS[(n // 3) % 3]
            began = time.process_time()
            out = engine.step(None, Command("start"), now=1.0)
            out = engine.step(out.session, TextInput(business), now=2.0)
            turns += 2
            for k in range(40):
                prompt = next((r for r in reversed(out.replies) if r.choices), None)
                if (
                    out.session is None
                    or prompt is None
                    or any(r.kind == "result" for r in out.replies)
                ):
                    break
                choice = prompt.choices[0]
                event: OptionChosen | TextInput = (
                    OptionChosen(prompt.step or "", choice.id, prompt.turn)
                    if style == "buttons" or k == 0
                    else TextInput(choice.label)
                    if style == "labels"
                    else TextInput(WORDS[k % 3])
                )
                out = engine.step(out.session, event, now=3.0 + k)
                turns += 1
            spent += time.process_time() - began
        best = min(best, spent / turns * 1000)
    print(f"{best:.3f}")


def measure(code: Path, rounds: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(code)}
    run = subprocess.run(
        [sys.executable, __file__, "--child", "--rounds", str(rounds)],
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
        check=True,
    )
    return float(run.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", metavar="REV", default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rounds)
        return 0
    now = measure(ROOT, args.rounds)
    print(f"now:    {now:.3f} ms CPU per turn")
    if args.before:
        with tempfile.TemporaryDirectory() as tmp:
            archive = subprocess.run(
                ["git", "archive", args.before, "bot", "dialogues", "knowledge"],
                capture_output=True,
                check=True,
                cwd=ROOT,
            )
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
            before = measure(Path(tmp), args.rounds)
        print(f"before: {before:.3f} ms CPU per turn ({args.before})")
        print(f"ratio now / before: {now / before:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
