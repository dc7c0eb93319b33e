"""The dialogue engine: (session, event) -> (session', replies). No I/O, no Telegram.

The engine asks, validates, re-prompts, branches and, at a result step, hands the answers to the
knowledge base (`Brain`). Given the same flows, knowledge and clock it is deterministic. What
differs between kinds of step lives in `bot/engine/steps/`; the moves every step shares live in
`bot/engine/conductor.py`; this module adds the public API: start, events, commands, recovery.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.contracts import Brain
from bot.core.messages import Messages
from bot.engine.conductor import MAX_INPUT, Conductor
from bot.engine.events import Command, Event, OptionChosen, TextInput, Unsupported
from bot.engine.groups import GUARDS
from bot.engine.model import Flow
from bot.engine.progress import slots_of
from bot.engine.replies import Reply
from bot.engine.session import Session
from bot.engine.steps import kind_of
from bot.engine.steps.answer_check import AnswerCheck
from bot.engine.turn import Outcome, Turn

log = logging.getLogger(__name__)

DEFAULT_FLOW = "main"

__all__ = ["DEFAULT_FLOW", "MAX_INPUT", "Engine", "Outcome"]


class Engine(Conductor):
    """Runs flows against a knowledge base."""

    def __init__(
        self,
        flows: Mapping[str, Flow],
        brain: Brain,
        messages: Messages,
        default_flow: str = DEFAULT_FLOW,
    ) -> None:
        super().__init__(flows, brain, messages)
        self.default_flow = default_flow if default_flow in flows else next(iter(flows))

    # ----------------------------------------------------------------- public API

    def start(
        self,
        *,
        now: float,
        lang: str = "en",
        payload: str = "",
        flow_id: str | None = None,
        notice: str | None = None,
    ) -> Outcome:
        """A fresh session at the flow's first step, with a welcome (or `notice`)."""
        flow = self.flows.get(flow_id or self.default_flow) or self.flows[self.default_flow]
        t = self._fresh(flow, now, lang)
        self.say(t, notice or "engine.welcome", kind="notice")
        start = flow.steps[flow.start]
        if not (payload and kind_of(start).start_with(self, t, flow, start, payload)):
            self.enter(t, flow, start)
        return self.done(t, now)

    def step(
        self, session: Session | None, event: Event, *, now: float, lang: str = "en"
    ) -> Outcome:
        """Apply one event to a session."""
        if isinstance(event, Command):
            return self._command(session, event, now=now, lang=lang)
        if session is None:
            return self._without_session(event, now=now, lang=lang)
        flow, session, notice = self._resume(session)
        if flow is None:
            return self.start(now=now, lang=lang, notice=notice)
        t = Turn(session, session.lang)
        if notice:
            self.say(t, notice, kind="notice")
        step = flow.steps[session.step]
        if isinstance(event, Unsupported):
            self.say(t, "engine.unsupported", kind="error", code="unsupported")
            self.prompt(t, flow, step)
        elif isinstance(event, OptionChosen):
            self.on_option(t, flow, step, event)
        else:
            self.on_text(t, flow, step, event.text)
        return self.done(t, now)

    def current(self, session: Session) -> list[Reply]:
        """The current step shown again (for a stale button or a returning user)."""
        flow, session, _ = self._resume(session)
        if flow is None:
            return []
        t = Turn(session, session.lang)
        self.prompt(t, flow, flow.steps[session.step])
        return t.replies

    def restart(self, t: Turn, words: str = "") -> None:
        """Start over within the turn (the result's Start over button); `words` may answer the
        first question ("we're a bakery", typed after a result that could not be given)."""
        if words:
            flow = self.flows.get(t.session.flow) or self.flows[self.default_flow]
            fresh = self._fresh(flow, t.session.updated, t.lang)
            first = flow.steps[flow.start]
            if kind_of(first).first_words(self, fresh, flow, first, words[:MAX_INPUT]):
                t.session = fresh.session.evolve(turn=t.session.turn)
                t.replies.extend(fresh.replies)
                return
        out = self.start(now=t.session.updated, lang=t.lang, notice="engine.restarted")
        assert out.session is not None
        t.session = out.session.evolve(turn=t.session.turn)
        t.replies.extend(out.replies)

    # ----------------------------------------------------------------- commands & recovery

    def _command(
        self, session: Session | None, event: Command, *, now: float, lang: str
    ) -> Outcome:
        name = event.name
        if name == "start":
            return self.start(now=now, lang=lang, payload=event.payload)
        if name == "restart":
            return self.start(now=now, lang=lang, notice="engine.restarted")
        if name == "forget":
            return Outcome(None, [self.reply("engine.forgotten", lang, kind="notice")], forget=True)
        if name == "cancel":
            key = "engine.cancelled" if session is not None else "engine.no_interview"
            return Outcome(None, [self.reply(key, lang, kind="notice")])
        if session is None:
            return self._no_interview(name, lang)
        flow, session, notice = self._resume(session)
        if flow is None:
            return self.start(now=now, lang=lang, notice=notice)
        t = Turn(session, session.lang)
        step = flow.steps[session.step]
        if name == "help":
            self.say(t, "engine.help", kind="notice")
            self.prompt(t, flow, step)
        elif name == "back":
            self.back(t, flow)
        elif name == "why":
            kind_of(step).why(self, t, flow, step)
        else:  # skip
            kind_of(step).skip(self, t, flow, step)
        return self.done(t, now)

    def _no_interview(self, command: str, lang: str) -> Outcome:
        """A command that needs an interview, without one."""
        replies = [self.reply("engine.help", lang, kind="notice")] if command == "help" else []
        return Outcome(None, [*replies, self.reply("engine.no_interview", lang, kind="notice")])

    def _without_session(self, event: Event, *, now: float, lang: str) -> Outcome:
        if isinstance(event, OptionChosen):
            out = self.start(now=now, lang=lang, notice="engine.expired")
            stale = self.reply("engine.stale_button", lang, kind="error", code="stale_button")
            return Outcome(out.session, [stale, *out.replies])
        flow = self.flows[self.default_flow]
        first = flow.steps[flow.start]
        if isinstance(event, TextInput):
            # the first words may already answer the first question (a clear trade name)
            t = self._fresh(flow, now, lang)
            self.say(t, "engine.welcome", kind="notice")
            if kind_of(first).first_words(self, t, flow, first, event.text[:MAX_INPUT]):
                return self.done(t, now)
        return self.start(now=now, lang=lang)

    def _fresh(self, flow: Flow, now: float, lang: str) -> Turn:
        session = Session(
            flow=flow.id,
            flow_version=flow.version,
            step=flow.start,
            lang=lang,
            created=now,
            updated=now,
            ask=1,
        )
        return Turn(session, lang)

    def _resume(self, session: Session) -> tuple[Flow | None, Session, str | None]:
        """The session's flow; a changed flow resumes at the same step if it still exists."""
        flow = self.flows.get(session.flow)
        if flow is None:
            return None, session, "engine.flow_changed"
        if session.flow_version == flow.version:
            if session.step in flow.steps:
                return flow, session, None
            return None, session, "engine.flow_changed"
        if session.step not in flow.steps:
            log.info("session on a removed step of flow %s; restarting", flow.id)
            return None, session, "engine.flow_changed"
        valid_history = tuple(s for s in session.history if s in flow.steps)
        return flow, session.evolve(flow_version=flow.version, history=valid_history), None

    def back(self, t: Turn, flow: Flow, *, prompt: bool = True) -> None:
        """One step back: the previous question, its answer forgotten (`prompt`: show it)."""
        history = t.session.history
        if t.session.pending[:1] == (AnswerCheck.marker,):
            # "I read that as X. Right?" is this question's own answer: back to the question
            t.session = t.session.evolve(pending=(), misses=0, ask=t.session.ask + 1)
            self.prompt(t, flow, flow.steps[t.session.step])
            return
        if not history:
            self.say(t, "engine.back_at_start", kind="notice")
            self.prompt(t, flow, flow.steps[t.session.step])
            return
        previous = flow.steps[history[-1]]
        answers = dict(t.session.answers)
        for slot in slots_of(previous):
            answers.pop(slot, None)
        # a follow-up asked because the answers pointed two ways goes if they no longer do
        for step in flow.steps.values():
            if (
                step.ask_if
                and step.slot in answers
                and step.id not in history[:-1]
                and not GUARDS[step.ask_if](flow, answers, self.brain, self.industry_slot(flow))
            ):
                answers.pop(step.slot, None)
        t.session = t.session.evolve(
            step=previous.id,
            history=history[:-1],
            answers=answers,
            misses=0,
            pending=(),
            ask=t.session.ask + 1,
            told=tuple(s for s in t.session.told if s != previous.id),
        )
        if prompt:
            self.prompt(t, flow, previous)
