"""Invariants the reliability tests check after every event: valid sessions, safe HTML."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.advisor import Advisor
from bot.engine.engine import MAX_INPUT
from bot.engine.model import Flow
from bot.engine.session import Session
from bot.engine.steps.answer_check import CONFIRM
from bot.engine.steps.industry_state import Stage
from bot.engine.steps.result import MORE
from bot.engine.told import TOLD
from bot.kb.model import OFFERS

# Exactly what `bot.core.richtext.to_html` may produce: <b>, <i>, the three escapes, plain text.
# Anything else (a stray '<', '>' or '&', another tag, a quote entity) is a failure.
_TOKEN = re.compile(r"<(/?)([bi])>|&(lt|gt|amp);|([^<>&]+)|(.)", re.DOTALL)
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&"}

Check = Callable[[str], bool]


def strict_html(html: str) -> str:
    """The plain text of `html`; AssertionError unless it is escaped text in balanced <b>/<i>."""
    stack: list[str] = []
    out: list[str] = []
    for m in _TOKEN.finditer(html):
        close, tag, entity, text, stray = m.groups()
        if stray is not None:
            raise AssertionError(f"unescaped {stray!r} at {m.start()} in {html[:300]!r}")
        if tag:
            if close:
                assert stack and stack.pop() == tag, f"unbalanced </{tag}> in {html[:300]!r}"
            else:
                assert tag not in stack, f"<{tag}> nested in itself in {html[:300]!r}"
                stack.append(tag)
        elif entity:
            out.append(_ENTITIES[entity])
        else:
            out.append(text)
    assert not stack, f"unclosed {stack} in {html[:300]!r}"
    return "".join(out)


def _within(limit: int) -> Check:
    """A check: a non-empty text of at most `limit` characters."""
    return lambda v: 0 < len(v) <= limit


def _slot_checks(advisor: Advisor, flow_id: str) -> dict[str, list[Check]]:
    """For each answer slot the flow defines, what makes a stored value valid."""
    brain = advisor.brain
    flow = advisor.flows[flow_id]
    sectors = {s.id for s in brain.sectors()}
    checks: dict[str, list[Check]] = {}

    def add(slot: str, check: Check) -> None:
        checks.setdefault(slot, []).append(check)

    for step in flow.steps.values():
        if step.kind == "industry":
            slot = step.slot or "industry"
            add(slot, lambda v: brain.industry(v) is not None)
            add(f"{slot}_label", bool)
            add(f"{slot}_sector", sectors.__contains__)
            add(f"{slot}_offer", OFFERS.__contains__)
            add(f"{slot}_text", lambda v: 0 < len(v) <= MAX_INPUT)
        elif step.kind == "dimension":
            dim = brain.dimension(step.dimension or "")
            ids = frozenset(o.id for o in dim.options) if dim else frozenset()
            add(step.slot or step.id, ids.__contains__)
        elif step.kind in ("choice", "share"):
            ids = frozenset(o.id for o in step.options)
            add(step.slot or step.id, ids.__contains__)
        elif step.kind == "confirm":
            add(step.slot or step.id, lambda v: v in {"yes", "no"})
        elif step.kind == "text":
            add(step.slot or step.id, _within(step.max_length))
    return checks


def _dimension_pending(
    advisor: Advisor, session: Session, checks: dict[str, list[Check]]
) -> list[str]:
    """A dimension step waits for yes/no on one reading, or on answers stated earlier."""
    state, rest = session.pending[0], session.pending[1:]
    if state == CONFIRM:
        step = advisor.flows[session.flow].steps[session.step]
        slot_checks = checks.get(step.slot or step.id, [])
        if not rest or not any(check(rest[0]) for check in slot_checks):
            return [f"pending reading {rest[:1]} is no answer of {session.step!r}"]
        return []
    if state == TOLD:
        bad = [
            item
            for item in rest
            if "=" not in item
            or not any(
                check(item.split("=", 1)[1]) for check in checks.get(item.split("=", 1)[0], [])
            )
        ]
        return [f"pending stated answers {bad[:3]} are not valid answers"] if bad else []
    return [f"unknown pending state {state!r} at a dimension step"]


def _pending_problems(
    advisor: Advisor, session: Session, flow: Flow, checks: dict[str, list[Check]]
) -> list[str]:
    """What is wrong with a session's pending state at its current step."""
    step = flow.steps.get(session.step)
    if step is not None and step.kind == "dimension":
        return _dimension_pending(advisor, session, checks)
    if step is not None and step.kind == "result":
        # the only state at the result: "More advice" shown (pressed again, it says so)
        return (
            [] if session.pending == (MORE,) else [f"pending {session.pending[:3]} at the result"]
        )
    if step is None or step.kind != "industry":
        return [f"pending choices {session.pending[:3]} outside the industry step"]
    if session.pending[0] not in {s.value for s in Stage}:
        return [f"unknown pending state {session.pending[0]!r}"]
    if session.pending[0] != Stage.SECTORS.value:
        unknown = [i for i in session.pending[1:] if advisor.brain.industry(i) is None]
        if unknown:
            return [f"pending unknown industries {unknown[:3]}"]
    return []


def session_problems(advisor: Advisor, session: Session) -> list[str]:
    """What is wrong with a stored session (empty when it is valid for the loaded flows)."""
    flow = advisor.flows.get(session.flow)
    if flow is None:
        return [f"unknown flow {session.flow!r}"]
    problems: list[str] = []
    if session.step not in flow.steps:
        problems.append(f"step {session.step!r} is not in flow {flow.id}")
    problems += [f"history has unknown step {s!r}" for s in session.history if s not in flow.steps]
    checks = _slot_checks(advisor, flow.id)
    for slot, value in session.answers.items():
        if slot not in checks:
            problems.append(f"answer for undefined slot {slot!r}")
        elif not any(check(value) for check in checks[slot]):
            problems.append(f"invalid value {value[:80]!r} for slot {slot!r}")
    if session.pending:
        problems += _pending_problems(advisor, session, flow, checks)
    problems += [
        f"told step {s!r} is not in the history" for s in session.told if s not in session.history
    ]
    if session.turn < 1 or session.ask < 1:
        problems.append(f"turn {session.turn} / ask {session.ask} below 1")
    return problems
