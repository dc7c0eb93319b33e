""" "Question n of m", kept truthful when answers are pre-filled or follow-ups are added.

n counts the questions really asked so far; m adds the questions still ahead on the path the
answers so far lead along, leaving out steps that will not be asked (already answered from what
the person said, or whose `ask_if` condition does not hold). Where the path depends on an answer
not given yet, the shortest way on counts, as it always did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.engine.model import Flow, StepDef
from bot.engine.session import Session
from bot.engine.steps import kind_of


def slots_of(step: StepDef) -> tuple[str, ...]:
    """Every slot a step fills."""
    return kind_of(step).slots(step)


def shortest_remaining(flow: Flow) -> dict[str, int]:
    """For each step, the fewest questions left before a result, itself included."""
    remaining: dict[str, int] = {sid: 0 for sid, s in flow.steps.items() if kind_of(s).ends}
    for _ in range(len(flow.steps)):
        changed = False
        for sid, step in flow.steps.items():
            nexts = [remaining[x] for x in step.targets() if x in remaining]
            if not nexts:
                continue
            # a step asked only on a condition may not be asked: the fewest leaves it out
            value = min(nexts) + (1 if kind_of(step).asks and step.ask_if is None else 0)
            if sid not in remaining or value < remaining[sid]:
                remaining[sid] = value
                changed = True
        if not changed:
            break
    return remaining


def questions_ahead(
    flow: Flow, session: Session, asks: Callable[[StepDef], bool], shortest: Mapping[str, int]
) -> int:
    """Questions from the current step (included) to the result on the path known so far."""
    answers = session.answers
    unknown = {
        slot
        for s in flow.steps.values()
        if s.id not in session.history
        for slot in slots_of(s)
        if slot not in answers
    }
    count = 0
    step = flow.steps[session.step]
    seen: set[str] = set()
    while not kind_of(step).ends and step.id not in seen:
        seen.add(step.id)
        if asks(step):
            count += 1
        undecided = any(o.next for o in step.options) or any(
            b.when is not None and b.when.slot in unknown for b in step.next
        )
        if undecided:
            return count + min((shortest.get(x, 0) for x in step.targets()), default=0)
        target = next((b.goto for b in step.next if b.when is None or b.when.holds(answers)), None)
        if target is None or target not in flow.steps:
            break
        step = flow.steps[target]
    return count


def questions_done(flow: Flow, session: Session) -> int:
    """Questions asked and answered (or skipped) so far; pre-filled ones are not counted."""
    return sum(
        1
        for sid in session.history
        if sid in flow.steps and kind_of(flow.steps[sid]).asks and sid not in session.told
    )


def open_dimensions(flow: Flow, session: Session) -> list[tuple[str, str]]:
    """(slot, dimension) of the questions still ahead on the current path."""
    out: list[tuple[str, str]] = []
    step = flow.steps[session.step]
    seen: set[str] = set()
    while not kind_of(step).ends and step.id not in seen:
        seen.add(step.id)
        slot = step.slot or step.dimension or ""
        dimension = kind_of(step).dimension_of(step)
        if dimension and slot not in session.answers:
            out.append((slot, dimension))
        step = flow.steps[next_step(step, None, session.answers)]
    return out


def next_step(step: StepDef, option: str | None, answers: Mapping[str, str]) -> str:
    """The step `step` leads to, answered with `option` (None: by its `next` alone)."""
    if option is not None:
        opt = next((o for o in step.options if o.id == option), None)
        if opt is not None and opt.next:
            return opt.next
    for branch in step.next:
        if branch.when is None or branch.when.holds(answers):
            return branch.goto
    raise AssertionError(f"step {step.id} has no way on; validation should have caught it")
