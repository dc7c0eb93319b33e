"""Logic checks on parsed flows: targets, reachability, dead ends, slot order, defaults.

Runs after `loader.py` has built typed objects; each problem is its own error class naming the
file:line, flow and step, and how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.core.errors import (
    DataError,
    DeadEndError,
    MissingDefaultError,
    SlotOrderError,
    UnknownReferenceError,
    UnknownTargetError,
    UnreachableStepError,
)
from bot.core.suggest import hint
from bot.engine.model import Flow, StepDef
from bot.engine.step_kind import flow_error as _err
from bot.engine.steps import kind_of

GENERATED_SLOTS = {"industry": ("industry_label", "industry_sector", "industry_offer")}


def _check_targets(flow: Flow) -> list[DataError]:
    errors: list[DataError] = []
    ids = list(flow.steps)
    if flow.start not in flow.steps:
        errors.append(
            _err(
                UnknownTargetError,
                flow,
                None,
                f"start step '{flow.start}' does not exist",
                1,
                hint(flow.start, ids),
            )
        )
    for step in flow.steps.values():
        for branch in step.next:
            if branch.goto not in flow.steps:
                errors.append(
                    _err(
                        UnknownTargetError,
                        flow,
                        step,
                        f"next step '{branch.goto}' does not exist",
                        branch.line,
                        hint(branch.goto, ids) or "name an existing step id",
                    )
                )
        for option in step.options:
            if option.next and option.next not in flow.steps:
                errors.append(
                    _err(
                        UnknownTargetError,
                        flow,
                        step,
                        f"option '{option.id}' goes to '{option.next}', which does not exist",
                        option.line,
                        hint(option.next, ids) or "name an existing step id",
                    )
                )
    return errors


def _check_shape(flow: Flow) -> list[DataError]:
    errors: list[DataError] = []
    if not any(kind_of(s).ends for s in flow.steps.values()):
        errors.append(
            _err(
                DeadEndError,
                flow,
                None,
                "the flow has no result step",
                1,
                "add a step with 'kind: result' at the end",
            )
        )
    for step in flow.steps.values():
        conditional = [b for b in step.next if b.when is not None]
        defaults = [b for b in step.next if b.when is None]
        if conditional and (not defaults or step.next[-1].when is not None):
            errors.append(
                _err(
                    MissingDefaultError,
                    flow,
                    step,
                    "conditional 'next' has no default branch",
                    conditional[0].line,
                    "end the list with a branch that has only 'goto:'",
                )
            )
        all_options_route = bool(step.options) and all(o.next for o in step.options)
        if not kind_of(step).ends and not step.next and not all_options_route:
            errors.append(
                _err(
                    DeadEndError,
                    flow,
                    step,
                    "the step has nowhere to go",
                    fix="add 'next: <step id>', or make it 'kind: result'",
                )
            )
        errors += kind_of(step).check(flow, step)
    return errors


def _check_reachable(flow: Flow) -> list[DataError]:
    if flow.start not in flow.steps:
        return []
    seen = {flow.start}
    todo = [flow.start]
    while todo:
        for target in flow.steps[todo.pop()].targets():
            if target in flow.steps and target not in seen:
                seen.add(target)
                todo.append(target)
    return [
        _err(
            UnreachableStepError,
            flow,
            step,
            "no path from the start reaches this step",
            fix=f"point a 'next' at '{step.id}', or delete the step",
        )
        for step in flow.steps.values()
        if step.id not in seen
    ]


def _slots_set_by(step: StepDef) -> set[str]:
    if not kind_of(step).asks or not step.slot:
        return set()
    return {step.slot, *GENERATED_SLOTS.get(step.slot, ())}


def _check_slot_order(flow: Flow) -> list[DataError]:
    """A condition may only read a slot whose step lies on every path to it (must-pass)."""
    if flow.start not in flow.steps:
        return []
    every = {s for step in flow.steps.values() for s in _slots_set_by(step)}
    before = _slots_before(flow, every)
    errors: list[DataError] = []
    for sid, step in flow.steps.items():
        for branch in step.next:
            if branch.when is None:
                continue
            slot = branch.when.slot
            if slot in every and slot in before[sid] | _slots_set_by(step):
                continue
            fix = (
                f"'{slot}' is not set by any step"
                + (f"; {hint(slot, every)}" if hint(slot, every) else "")
                if slot not in every
                else f"ask the step that sets '{slot}' before '{sid}' on every path"
            )
            errors.append(
                _err(
                    SlotOrderError,
                    flow,
                    step,
                    f"condition reads slot '{slot}' before it is set",
                    branch.line,
                    fix,
                )
            )
    return errors


def _slots_before(flow: Flow, every: set[str]) -> dict[str, set[str]]:
    """For each step, the slots set on every path from the start to it."""
    before: dict[str, set[str]] = {sid: set(every) for sid in flow.steps}
    before[flow.start] = set()
    changed = True
    while changed:  # forward data-flow to a fixed point: intersection over predecessors
        changed = False
        for sid, step in flow.steps.items():
            after = before[sid] | _slots_set_by(step)
            for target in step.targets():
                if target in before and target != flow.start:
                    merged = before[target] & after
                    if merged != before[target]:
                        before[target] = merged
                        changed = True
    return before


def _check_references(flow: Flow, dimensions: Iterable[str] | None) -> list[DataError]:
    if dimensions is None:
        return []
    known = set(dimensions)
    errors = [
        _err(
            UnknownReferenceError,
            flow,
            step,
            f"unknown dimension '{step.dimension}'",
            fix=hint(step.dimension, known) or "see knowledge/dimensions.yaml for the ids",
        )
        for step in flow.steps.values()
        if step.dimension is not None and step.dimension not in known
    ]
    if isinstance(dimensions, Mapping):  # dimension id -> its answer ids: check relabels
        for step in flow.steps.values():
            errors += kind_of(step).check_answers(flow, step, dimensions)
    return errors


def check_flow(flow: Flow, dimensions: Iterable[str] | None = None) -> list[DataError]:
    """Every logic problem of one flow (empty when the flow is sound)."""
    structural = [*_check_targets(flow), *_check_shape(flow)]
    # A misspelled or missing `next` also strands the steps behind it; report the cause only.
    unreachable = [] if structural else _check_reachable(flow)
    return [
        *structural,
        *unreachable,
        *_check_slot_order(flow),
        *_check_references(flow, dimensions),
    ]


def check_flows(
    flows: Mapping[str, Flow], dimensions: Iterable[str] | None = None
) -> list[DataError]:
    """Logic problems of every flow."""
    dims = dimensions if isinstance(dimensions, Mapping) or dimensions is None else list(dimensions)
    return [e for flow in flows.values() for e in check_flow(flow, dims)]
