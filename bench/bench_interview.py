"""Interview length: questions asked with pre-filled answers and "See the result now", against
asking every question, in the same run, on the same businesses and the same simulated owner.

Run: .venv/bin/python bench/bench_interview.py [--cases FILE] [--stated FILE [--part tune|held]]

Each labelled client or customer case (tests/kb/fixtures/extra-cases.yaml by default) is played
twice through the real engine, flows and knowledge base by an owner whose every answer is the
one on the case's side:
  * baseline: every question asked (stated answers declined, the early result never taken);
  * now: stated answers accepted when every one of them is on the owner's side (declined
    otherwise), "See the result now" pressed as soon as it is offered.
Printed: median and mean questions per interview for both, how many verdicts differ (target 0),
and, for descriptions that state two or more answers the owner accepts, how many are asked at
least that many fewer questions (target: all). An industry question that asks to pick among
close matches is answered with "yes" (the first); an unrecognised business is skipped.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.advisor import Advisor  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.engine.events import Command, OptionChosen, TextInput  # noqa: E402
from bot.engine.session import Session  # noqa: E402
from bot.engine.settled import NOW, extreme_option  # noqa: E402
from bot.engine.steps.answer_check import CONFIRM  # noqa: E402
from bot.engine.steps.confirmation import NO, YES  # noqa: E402
from bot.engine.steps.told_check import EXCEPT  # noqa: E402
from bot.engine.told import TOLD, parse  # noqa: E402
from bot.kb.brain import KnowledgeBrain  # noqa: E402
from bot.kb.stated_eval import load_cases, report, score  # noqa: E402

CASES = ROOT / "tests" / "kb" / "fixtures" / "extra-cases.yaml"


@dataclass
class Played:
    """One simulated interview."""

    questions: int
    verdict: str
    stated: int  # answers taken from the description


def play(
    advisor: Advisor,
    text: str,
    side: str,
    *,
    shortcuts: bool,
    early: bool = True,
    truth: Mapping[str, str] | None = None,
) -> Played:
    """The interview of an owner who answers every question on `side` (or, for a dimension in
    `truth`, with the option the description states); `early`: press "See the result now"."""
    engine, brain = advisor.engine, advisor.brain
    out = engine.start(now=1.0)
    session = out.session
    questions, stated, verdict = 1, 0, "none"
    out = engine.step(session, TextInput(text), now=2.0)
    for _ in range(40):
        session = out.session
        assert session is not None
        result = [r for r in out.replies if r.kind == "result"]
        if result:
            verdict = out.verdict or "none"
            break
        prompt = [r for r in out.replies if r.choices][-1]
        step = engine.flows[session.flow].steps[session.step]
        pending = session.pending

        def press(
            option: str,
            now: Session = session,
            step_id: str = prompt.step or "",
            turn: int = prompt.turn,
        ) -> None:
            nonlocal out
            out = engine.step(now, OptionChosen(step_id, option, turn), now=3.0)

        if step.kind == "industry":
            if pending and pending[0] == "c":
                press("c0")
            else:
                out = engine.step(session, Command("skip"), now=3.0)
            continue
        if pending and pending[0] == TOLD:
            items = parse(pending[1:])
            wrong = [k for k, v in items.items() if not _accepts(brain, {k: v}, side, truth)]
            # all right, or "Right, except …" the one (offered only beside another item)
            if shortcuts and (not wrong or (len(wrong) == 1 and len(items) > 1)):
                stated += len(items) - len(wrong)
                press(EXCEPT + wrong[0] if wrong else YES)
            else:
                press(NO)
            continue
        if pending and pending[0] == CONFIRM:
            press(NO)
            continue
        ids = [c.id for c in prompt.choices]
        if shortcuts and early and NOW in ids:
            press(NOW)
            continue
        questions += 1
        press(
            _answer(
                brain, step.dimension if step.kind == "dimension" else None, ids, side, truth or {}
            )
        )
    return Played(questions, verdict, stated)


def _answer(
    brain: KnowledgeBrain,
    dimension: str | None,
    ids: list[str],
    side: str,
    truth: Mapping[str, str],
) -> str:
    """The owner's button: the labelled option, else the one furthest to `side`; in the
    two-groups follow-up, one group."""
    if dimension is None:
        return "one" if "one" in ids else ids[0]
    dim = brain.dimension(dimension)
    assert dim is not None
    told = truth.get(dim.id)
    return told if told in ids else extreme_option(dim, side) or ids[0]


def _accepts(
    brain: KnowledgeBrain, items: Mapping[str, str], side: str, truth: Mapping[str, str] | None
) -> bool:
    """Whether the owner says yes to the stated answers: each is the labelled one (`truth`), or
    without labels each is on the owner's side."""
    if truth is not None:
        return all(truth.get(slot) == option for slot, option in items.items())
    return all(_side(brain, slot, option) == side for slot, option in items.items())


def _side(brain: KnowledgeBrain, slot: str, option: str) -> str | None:
    dim = brain.dimension(slot)
    opt = next((o for o in dim.options if o.id == option), None) if dim else None
    return opt.side if opt else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument(
        "--stated",
        type=Path,
        help="a stated-answers set "
        "(tests/kb/fixtures/stated-answers.yaml): recall, precision, questions",
    )
    parser.add_argument("--part", help="only the cases of this part (tune or held)")
    args = parser.parse_args()
    advisor = Advisor.load(Settings.load({}, Path("/nonexistent/.env")))
    if args.stated:
        return stated_main(advisor, args.stated, args.part)
    cases = [
        c
        for c in yaml.safe_load(args.cases.read_text(encoding="utf-8"))["cases"]
        if c["label"] in ("client", "customer")
    ]
    base_q: list[int] = []
    now_q: list[int] = []
    changed: list[str] = []
    told_two = told_two_ok = 0
    for case in cases:
        base = play(advisor, case["text"], case["label"], shortcuts=False)
        now = play(advisor, case["text"], case["label"], shortcuts=True)
        base_q.append(base.questions)
        now_q.append(now.questions)
        if base.verdict != now.verdict:
            changed.append(f"{case['id']}: {base.verdict} -> {now.verdict}  {case['text']}")
        if now.stated >= 2:
            told_two += 1
            told_two_ok += base.questions - now.questions >= now.stated
    print(f"{len(cases)} clear-cut cases from {args.cases.relative_to(ROOT)}")
    print("questions per interview   baseline   now")
    print(
        f"  median                  {statistics.median(base_q):8.1f}   "
        f"{statistics.median(now_q):.1f}   (target <= 6)"
    )
    ratio = statistics.mean(now_q) / statistics.mean(base_q)
    print(
        f"  mean                    {statistics.mean(base_q):8.2f}   "
        f"{statistics.mean(now_q):.2f}   (ratio {ratio:.2f})"
    )
    print(f"verdicts changed: {len(changed)} (target 0)")
    for line in changed:
        print(f"  {line}")
    print(
        f"descriptions stating >= 2 accepted answers: {told_two}; asked at least that many "
        f"fewer questions: {told_two_ok} (target: all)"
    )
    return 0


def stated_main(advisor: Advisor, path: Path, part: str | None) -> int:
    """Recall and precision of stated answers, then the questions saved by them."""
    cases = [c for c in load_cases(path) if part is None or c.part == part]
    result = score(cases, advisor.brain.stated_answers)
    print(
        "\n".join(
            report(
                f"{len(cases)} descriptions from {path.name}{' (' + part + ')' if part else ''}",
                result,
            )
        )
    )
    two = two_ok = 0
    changed: list[str] = []
    for case in cases:
        if case.label not in ("client", "customer"):
            continue
        base = play(advisor, case.text, case.label, shortcuts=False, truth=case.stated)
        told = play(advisor, case.text, case.label, shortcuts=True, early=False, truth=case.stated)
        if base.verdict != told.verdict:
            changed.append(f"{case.id}: {base.verdict} -> {told.verdict}")
        if len(case.stated) >= 2:
            two += 1
            saved = base.questions - told.questions
            two_ok += saved >= len(case.stated)
            if saved < len(case.stated):
                print(f"  asked {saved} fewer, states {len(case.stated)}: {case.id} {case.text}")
    print(
        f"descriptions stating >= 2 answers: {two}; asked at least that many fewer questions "
        f"(no early result): {two_ok} ({100 * two_ok / max(two, 1):.1f} %)"
    )
    print(f"verdicts changed: {len(changed)} (target 0)")
    for line in changed:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
