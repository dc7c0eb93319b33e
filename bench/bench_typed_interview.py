"""Whole interviews answered only in typed words: verdicts and "couldn't match" per interview,
with the learned second opinion (as shipped) against the phrase rules alone, in the same run.

Run: .venv/bin/python bench/bench_typed_interview.py [--cases FILE] [--answers FILE] [--limit N]

Each labelled client or customer case (tests/kb/fixtures/extra-cases.yaml by default; hybrid
cases and unrecognised businesses are skipped) is played through the real engine, flows and
knowledge base by an owner who types the description, then answers every dimension question
by TYPING one answer of the case's side from a labelled answer set (by default the blind set
tests/kb/fixtures/answers-probe11.yaml, never trained on), chosen by a random generator seeded
with the case and the dimension, so every run and both readers type the same words. The owner:
  * accepts the stated answers when every one is on the owner's side, declines otherwise;
  * says Yes to "I read that as X. Right?" when X is on the owner's side, else No and then
    presses the button furthest to the owner's side;
  * after "couldn't match" (the engine's re-prompt ladder: `Session.misses` grew) presses the
    button furthest to the owner's side;
  * never presses "See the result now" (every question is answered);
  * answers the two-groups follow-up with "one group", and the industry step as
    bench/bench_interview.py does.
Printed per reader: interviews, verdict right, mean and max "couldn't match" per interview
(target: mean <= 1), confirm questions, proposals on the wrong side, and answers read
silently on the wrong side, per interview.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shlex
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_interview import _accepts, _side  # noqa: E402

from bot.advisor import Advisor  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.engine.engine import Engine  # noqa: E402
from bot.engine.events import Command, OptionChosen, TextInput  # noqa: E402
from bot.engine.replies import Reply  # noqa: E402
from bot.engine.session import Session  # noqa: E402
from bot.engine.settled import extreme_option  # noqa: E402
from bot.engine.steps.answer_check import CONFIRM  # noqa: E402
from bot.engine.steps.confirmation import NO, YES  # noqa: E402
from bot.engine.told import TOLD, parse  # noqa: E402
from bot.kb.answer_eval import read_answer_cases  # noqa: E402
from bot.kb.brain import KnowledgeBrain  # noqa: E402

CASES = ROOT / "tests" / "kb" / "fixtures" / "extra-cases.yaml"
ANSWERS = ROOT / "tests" / "kb" / "fixtures" / "answers-probe11.yaml"
MAX_TURNS = 80  # far more than an interview needs; a loop would show as no verdict

Answers = dict[str, dict[str, list[str]]]  # dimension -> side -> typed answers


@dataclass
class Typed:
    """One interview answered in typed words."""

    verdict: str = "none"
    unmatched: int = 0  # "couldn't match" re-prompts
    confirms: int = 0  # "I read that as X. Right?" questions
    wrong_proposals: int = 0  # confirm questions proposing the other side
    wrong_reads: int = 0  # answers read without asking, on another side than the owner's
    detours: int = 0  # typed answers taken as a question (FAQ) instead
    recognised: bool = True  # the business was matched to a known industry


@dataclass
class Owner:
    """The simulated owner of one case: the side, and the answers to type."""

    index: int
    side: str
    answers: Answers

    def typed(self, dimension: str) -> str:
        """The answer typed to `dimension`'s question: the same for a case on every run."""
        pool = self.answers[dimension][self.side]
        return random.Random(f"{self.index}:{dimension}").choice(pool)


class Interview:
    """One interview in progress: the engine's last output and the tallies."""

    def __init__(self, engine: Engine, brain: KnowledgeBrain, owner: Owner) -> None:
        self.engine, self.brain, self.owner = engine, brain, owner
        self.out = engine.start(now=1.0)
        self.tally = Typed()

    @property
    def session(self) -> Session:
        """The session after the last step."""
        assert self.out.session is not None
        return self.out.session

    def press(self, prompt: Reply, option: str) -> None:
        """Press `option` under `prompt`."""
        self.out = self.engine.step(
            self.session, OptionChosen(prompt.step or "", option, prompt.turn), now=3.0
        )

    def play(self, text: str) -> Typed:
        """Type the description, then answer until the result."""
        self.out = self.engine.step(self.session, TextInput(text), now=2.0)
        for _ in range(MAX_TURNS):
            if any(r.kind == "result" for r in self.out.replies):
                self.tally.verdict = self.out.verdict or "none"
                break
            self.turn([r for r in self.out.replies if r.choices][-1])
        return self.tally

    def turn(self, prompt: Reply) -> None:
        """Answer the prompt showing."""
        session, side = self.session, self.owner.side
        step = self.engine.flows[session.flow].steps[session.step]
        pending = session.pending
        if step.kind == "industry":
            if pending and pending[0] == "c":
                self.press(prompt, "c0")
            else:
                self.tally.recognised = False
                self.out = self.engine.step(session, Command("skip"), now=3.0)
        elif pending and pending[0] == TOLD:
            self.press(prompt, YES if _accepts(self.brain, parse(pending[1:]), side, None) else NO)
        elif pending and pending[0] == CONFIRM:
            self.confirm(prompt, step.dimension or "", pending[1])
        elif step.kind == "dimension" and step.dimension:
            self.type_answer(prompt, step.dimension)
        else:  # the two-groups follow-up
            ids = [c.id for c in prompt.choices]
            self.press(prompt, "one" if "one" in ids else ids[0])

    def confirm(self, prompt: Reply, dimension: str, option: str) -> None:
        """Yes to a proposal on the owner's side; else No, then the owner's button."""
        self.tally.confirms += 1
        if _side(self.brain, dimension, option) == self.owner.side:
            self.press(prompt, YES)
            return
        self.tally.wrong_proposals += 1
        self.press(prompt, NO)
        self.press([r for r in self.out.replies if r.choices][-1], self.button(dimension))

    def type_answer(self, prompt: Reply, dimension: str) -> None:
        """Type the owner's answer; after "couldn't match" (or an FAQ detour) press a button."""
        before = self.session
        self.out = self.engine.step(before, TextInput(self.owner.typed(dimension)), now=3.0)
        after = self.session
        if (after.flow, after.step) != (before.flow, before.step) or after.pending:
            slot = before.step and self.engine.flows[before.flow].steps[before.step].slot
            option = after.answers.get(slot or dimension)
            if option is not None and _side(self.brain, dimension, option) != self.owner.side:
                self.tally.wrong_reads += 1
            return
        if after.misses > before.misses:
            self.tally.unmatched += 1
        else:
            self.tally.detours += 1
        self.press([r for r in self.out.replies if r.choices][-1], self.button(dimension))

    def button(self, dimension: str) -> str:
        """The button furthest to the owner's side."""
        dim = self.brain.dimension(dimension)
        assert dim is not None
        option = extreme_option(dim, self.owner.side)
        assert option is not None
        return option


def read_answers(path: Path) -> Answers:
    """The labelled answer set, by dimension and side."""
    pools: Answers = defaultdict(lambda: defaultdict(list))
    for case in read_answer_cases(path):
        pools[case.dimension][case.side].append(case.text)
    return pools


def rules_only(advisor: Advisor) -> Advisor:
    """The same advisor with the phrase rules alone reading answers (no learned model)."""
    brain = KnowledgeBrain(dataclasses.replace(advisor.brain.kb, answer_model=None))
    engine = Engine(advisor.flows, brain, advisor.messages)
    return dataclasses.replace(advisor, brain=brain, engine=engine)


def row(name: str, played: list[tuple[str, Typed]]) -> str:
    """One line of the table."""
    n = max(len(played), 1)
    right = sum(t.verdict == label for label, t in played)
    unmatched = [t.unmatched for _, t in played] or [0]
    return (
        f"{name:<15}{len(played):>5}{100 * right / n:>9.1f} %"
        f"{sum(unmatched) / n:>8.2f}{max(unmatched):>5}"
        f"{sum(t.confirms for _, t in played) / n:>10.2f}"
        f"{sum(t.wrong_proposals for _, t in played) / n:>8.2f}"
        f"{sum(t.wrong_reads for _, t in played) / n:>9.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--answers", type=Path, default=ANSWERS)
    parser.add_argument("--limit", type=int, help="only the first N playable cases")
    args = parser.parse_args()
    print("$ " + shlex.join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]))
    shipped = Advisor.load(Settings.load({}, Path("/nonexistent/.env")))
    readers = {"rules + model": shipped, "rules alone": rules_only(shipped)}
    answers = read_answers(args.answers)
    cases = [
        c
        for c in yaml.safe_load(args.cases.read_text(encoding="utf-8"))["cases"]
        if c["label"] in ("client", "customer")
    ]
    results: dict[str, list[tuple[str, Typed]]] = {name: [] for name in readers}
    differ: list[str] = []
    skipped = 0
    for index, case in enumerate(cases):
        if args.limit is not None and len(results["rules alone"]) >= args.limit:
            break
        owner = Owner(index, case["label"], answers)
        played = {
            name: Interview(advisor.engine, advisor.brain, owner).play(case["text"])
            for name, advisor in readers.items()
        }
        if not all(t.recognised for t in played.values()):
            skipped += 1
            continue
        for name, typed in played.items():
            results[name].append((case["label"], typed))
        verdicts = {name: t.verdict for name, t in played.items()}
        if len(set(verdicts.values())) > 1:
            differ.append(f"{case['id']} ({case['label']}): {verdicts}  {case['text']}")
    print(
        f"{len(results['rules alone'])} clear-cut cases from {args.cases.name} "
        f"(skipped, business not recognised: {skipped}), typed answers from {args.answers.name}"
    )
    print("                        verdict  couldn't match   confirm  wrong   silent")
    print("reader         cases    right     mean  max  /interview  props.   misreads")
    for name, rows in results.items():
        print(row(name, rows))
    print("(target: mean couldn't match <= 1 per interview)")
    detours = {name: sum(t.detours for _, t in p) for name, p in results.items()}
    if any(detours.values()):
        print(f"typed answers taken as a question (FAQ) instead: {detours}")
    print(f"verdicts that differ between the readers: {len(differ)}")
    for line in differ:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
