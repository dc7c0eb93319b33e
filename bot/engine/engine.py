"""The dialogue engine: (session, event) -> (session', replies). No I/O, no Telegram.

The engine asks, validates, re-prompts, branches and, at a result step, hands the answers to the
knowledge base (`Brain`). Given the same flows, knowledge and clock it is deterministic.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.contracts import Assessment, Brain, IndustryRef
from bot.core.messages import Messages
from bot.core.richtext import fill, join
from bot.engine import answering
from bot.engine.events import Command, Event, OptionChosen, TextInput, Unsupported
from bot.engine.groups import GUARDS
from bot.engine.matching import Candidate, match_option
from bot.engine.model import INPUT_KINDS, Flow, StepDef
from bot.engine.picks import PickWords, pick
from bot.engine.plandoc import plan_document
from bot.engine.progress import questions_ahead, questions_done, shortest_remaining, slots_of
from bot.engine.replies import Choice, Reply, ReplyKind
from bot.engine.session import Session
from bot.engine.settled import NOW, settled, too_early
from bot.engine.told import dimension_slots, proposal

log = logging.getLogger(__name__)

DEFAULT_FLOW = "main"
MAX_INPUT = 4000  # longer texts are cut before matching: nobody describes a business in more
SKIP, NONE, OTHER = "skip", "none", "other"
RESULT_MORE, RESULT_RESTART, RESULT_SHARE, RESULT_PLAN = "more", "restart", "share", "plan"
SETTLED_CACHE = 4096  # answer sets whose "settled?" is remembered
# Industry step sub-states, kept in `pending[0]`; the rest of `pending` holds the ids shown.
CANDIDATES, SECTORS, INDUSTRIES = "c", "s", "i"


@dataclass(frozen=True)
class Outcome:
    """What one step produced: the new session (None = delete it) and what to say."""

    session: Session | None
    replies: list[Reply]
    forget: bool = False
    unmatched: tuple[str, ...] = ()
    verdict: str | None = None
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class _Turn:
    """Scratch state while one event is processed."""

    session: Session
    lang: str
    replies: list[Reply] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    verdict: str | None = None
    proposal: tuple[str, ...] = ()  # stated answers to confirm at the next question


class Engine:
    """Runs flows against a knowledge base."""

    def __init__(self, flows: Mapping[str, Flow], brain: Brain, messages: Messages,
                 default_flow: str = DEFAULT_FLOW) -> None:
        self.flows = flows
        self.brain = brain
        self.messages = messages
        self.default_flow = default_flow if default_flow in flows else next(iter(flows))
        self._shortest = {fid: shortest_remaining(flow) for fid, flow in flows.items()}
        self._industry_slot = {fid: _industry_slot(flow) for fid, flow in flows.items()}
        self._pick_words: dict[str, PickWords] = {}
        self._settled_cache: dict[tuple[object, ...], bool] = {}

    # ----------------------------------------------------------------- public API

    def start(self, *, now: float, lang: str = "en", payload: str = "",
              flow_id: str | None = None, notice: str | None = None) -> Outcome:
        """A fresh session at the flow's first step, with a welcome (or `notice`)."""
        flow = self.flows.get(flow_id or self.default_flow) or self.flows[self.default_flow]
        session = Session(flow=flow.id, flow_version=flow.version, step=flow.start,
                          lang=lang, created=now, updated=now, ask=1)
        t = _Turn(session, lang)
        self._say(t, notice or "engine.welcome", kind="notice")
        industry = self.brain.industry(payload.removeprefix("ind_")) if payload else None
        start = flow.steps[flow.start]
        if industry is not None and start.kind == "industry":
            self._take_industry(t, flow, start, industry, description="")
        else:
            self._enter(t, flow, start)
        return self._done(t, now)

    def step(self, session: Session | None, event: Event, *, now: float,
             lang: str = "en") -> Outcome:
        """Apply one event to a session."""
        if isinstance(event, Command):
            return self._command(session, event, now=now, lang=lang)
        if session is None:
            return self._without_session(event, now=now, lang=lang)
        flow, session, notice = self._resume(session)
        if flow is None:
            return self.start(now=now, lang=lang, notice=notice)
        t = _Turn(session, session.lang)
        if notice:
            self._say(t, notice, kind="notice")
        step = flow.steps[session.step]
        if isinstance(event, Unsupported):
            self._say(t, "engine.unsupported", kind="error", code="unsupported")
            self._prompt(t, flow, step)
        elif isinstance(event, OptionChosen):
            self._option(t, flow, step, event)
        else:
            self._text(t, flow, step, event.text)
        return self._done(t, now)

    def current(self, session: Session) -> list[Reply]:
        """The current step shown again (for a stale button or a returning user)."""
        flow, session, _ = self._resume(session)
        if flow is None:
            return []
        t = _Turn(session, session.lang)
        self._prompt(t, flow, flow.steps[session.step])
        return t.replies

    # ----------------------------------------------------------------- commands & recovery

    def _command(self, session: Session | None, event: Command, *, now: float,
                 lang: str) -> Outcome:
        name = event.name
        if name == "start":
            return self.start(now=now, lang=lang, payload=event.payload)
        if name == "restart":
            return self.start(now=now, lang=lang, notice="engine.restarted")
        if name == "forget":
            return Outcome(None, [self._reply("engine.forgotten", lang, kind="notice")],
                           forget=True)
        if name == "cancel":
            key = "engine.cancelled" if session is not None else "engine.no_interview"
            return Outcome(None, [self._reply(key, lang, kind="notice")])
        if session is None:
            if name == "help":
                return Outcome(None, [self._reply("engine.help", lang, kind="notice"),
                                      self._reply("engine.no_interview", lang, kind="notice")])
            return Outcome(None, [self._reply("engine.no_interview", lang, kind="notice")])
        flow, session, notice = self._resume(session)
        if flow is None:
            return self.start(now=now, lang=lang, notice=notice)
        t = _Turn(session, session.lang)
        step = flow.steps[session.step]
        if name == "help":
            self._say(t, "engine.help", kind="notice")
            self._prompt(t, flow, step)
        elif name == "back":
            self._back(t, flow)
        else:  # skip
            self._skip(t, flow, step)
        return self._done(t, now)

    def _without_session(self, event: Event, *, now: float, lang: str) -> Outcome:
        if isinstance(event, OptionChosen):
            out = self.start(now=now, lang=lang, notice="engine.expired")
            stale = self._reply("engine.stale_button", lang, kind="error", code="stale_button")
            return Outcome(out.session, [stale, *out.replies])
        flow = self.flows[self.default_flow]
        first = flow.steps[flow.start]
        if isinstance(event, TextInput) and first.kind == "industry":
            match = self.brain.match_industry(event.text[:MAX_INPUT])
            if match.status == "confident":
                session = Session(flow=flow.id, flow_version=flow.version, step=flow.start,
                                  lang=lang, created=now, updated=now, ask=1)
                t = _Turn(session, lang)
                self._say(t, "engine.welcome", kind="notice")
                self._take_industry(t, flow, first, match.candidates[0],
                                    description=event.text[:MAX_INPUT])
                return self._done(t, now)
        return self.start(now=now, lang=lang)

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

    def _back(self, t: _Turn, flow: Flow) -> None:
        history = t.session.history
        if not history:
            self._say(t, "engine.back_at_start", kind="notice")
            self._prompt(t, flow, flow.steps[t.session.step])
            return
        previous = flow.steps[history[-1]]
        answers = dict(t.session.answers)
        for slot in slots_of(previous):
            answers.pop(slot, None)
        # a follow-up asked because the answers pointed two ways goes if they no longer do
        for step in flow.steps.values():
            if (step.ask_if and step.slot in answers and step.id not in history[:-1]
                    and not GUARDS[step.ask_if](flow, answers, self.brain)):
                answers.pop(step.slot, None)
        t.session = t.session.evolve(step=previous.id, history=history[:-1], answers=answers,
                                     misses=0, pending=(), ask=t.session.ask + 1,
                                     told=tuple(s for s in t.session.told if s != previous.id))
        self._prompt(t, flow, previous)

    def _skip(self, t: _Turn, flow: Flow, step: StepDef) -> None:
        if step.kind == "result":
            self._say(t, "engine.result_done", kind="notice")
            return
        if not step.skippable:
            self._say(t, "engine.cannot_skip", kind="notice")
            self._prompt(t, flow, step)
            return
        self._say(t, "engine.industry_skipped" if step.kind == "industry" else "engine.skipped",
                  kind="notice")
        self._advance(t, flow, step, None)

    # ----------------------------------------------------------------- input handling

    def _option(self, t: _Turn, flow: Flow, step: StepDef, event: OptionChosen) -> None:
        s = t.session
        shown = self._choices(t, flow, step, now=event.option == NOW)
        offered = {c.id for c in shown} | {SKIP}
        if event.step != s.step or (event.turn is not None and event.turn != s.ask) or (
            event.option not in offered
        ):
            self._say(t, "engine.stale_button", kind="error", code="stale_button")
            self._prompt(t, flow, step)
            return
        self._choose(t, flow, step, event.option)

    def _text(self, t: _Turn, flow: Flow, step: StepDef, raw: str) -> None:
        text = raw.strip()[:MAX_INPUT]
        if not text:
            self._say(t, "engine.empty", kind="error", code="empty")
            self._prompt(t, flow, step)
            return
        if step.kind == "result":
            self._result_text(t, flow, step, text)
            return
        if step.kind == "text":
            if len(text) > step.max_length:
                self._say(t, "engine.too_long", kind="error", code="too_long",
                          limit=step.max_length)
                self._prompt(t, flow, step)
                return
            self._set(t, {step.slot or step.id: text})
            self._advance(t, flow, step, None)
            return
        if step.kind == "dimension":
            answering.text(self, t, flow, step, text)
            return
        if step.kind == "industry" and self._pick_offered(t, flow, step, text):
            return
        choices = self._choices(t, flow, step)
        chosen = match_option(text, [self._candidate(flow, step, c) for c in choices])
        if chosen is not None:
            self._choose(t, flow, step, chosen)
            return
        if step.kind == "industry":
            self._describe(t, flow, step, text)
            return
        if self._faq(t, flow, step, text):
            return
        self._miss(t, flow, step)

    def _choose(self, t: _Turn, flow: Flow, step: StepDef, option: str) -> None:
        if option == SKIP:
            self._skip(t, flow, step)
            return
        if option == NOW:
            self._finish_now(t, flow, step)
            return
        if step.kind == "dimension" and answering.state(t):
            answering.choose(self, t, flow, step, option)
            return
        if step.kind == "industry":
            self._industry_choice(t, flow, step, option)
            return
        if step.kind == "result":
            self._result_choice(t, flow, step, option)
            return
        self._set(t, {step.slot or step.id: option})
        self._advance(t, flow, step, option)

    def _miss(self, t: _Turn, flow: Flow, step: StepDef) -> None:
        misses = t.session.misses + 1
        t.session = t.session.evolve(misses=misses)
        if misses == 1:
            labels = ", ".join(c.label for c in self._choices(t, flow, step))
            hint = self.messages.plain("engine.choose_hint", t.lang, options=labels)
            self._say(t, "engine.miss_1", kind="error", code="miss", prompt_hint=hint)
        else:
            self._say(t, "engine.miss_2" if misses == 2 else "engine.miss_3", kind="error",
                      code="miss")
        self._prompt(t, flow, step)

    def _faq(self, t: _Turn, flow: Flow, step: StepDef, text: str) -> bool:
        answer = self.brain.faq(text, t.lang) if "?" in text or len(text.split()) > 3 else None
        if answer is None:
            return False
        t.replies.append(Reply(answer, kind="notice"))
        self._say(t, "engine.faq_then_prompt", kind="notice")
        self._prompt(t, flow, step)
        return True

    # ----------------------------------------------------------------- the industry step

    def pick_words(self, lang: str) -> PickWords:
        """The in-context reply words for `lang` (loaded once)."""
        words = self._pick_words.get(lang)
        if words is None:
            words = self._pick_words[lang] = PickWords.load(self.messages, lang)
        return words

    def _pick_offered(self, t: _Turn, flow: Flow, step: StepDef, text: str) -> bool:
        """"yes", "the second", "the stationery one" among the industries just offered."""
        pending = t.session.pending
        if not pending or pending[0] not in (CANDIDATES, INDUSTRIES):
            return False
        names = [ref.name if ref else "" for ref in map(self.brain.industry, pending[1:])]
        # a "did you mean …?" list leads with the best guess; a sector's list is alphabetical
        picked = pick(text, names, self.pick_words(t.lang),
                      yes_means_first=pending[0] == CANDIDATES)
        if picked is None:
            return False
        if picked == "no":
            self._choose(t, flow, step, NONE if pending[0] == CANDIDATES else OTHER)
        else:
            self._choose(t, flow, step, f"{pending[0]}{picked}")
        return True

    def _describe(self, t: _Turn, flow: Flow, step: StepDef, text: str) -> None:
        """A free-text description of the business: match it against the knowledge base."""
        match = self.brain.match_industry(text)
        slot = step.slot or "industry"
        self._set(t, {f"{slot}_text": text})
        if match.status == "confident":
            self._take_industry(t, flow, step, match.candidates[0], description=text)
            return
        if match.status == "ambiguous":
            ids = tuple(c.id for c in match.candidates[:5])
            self._pend(t, (CANDIDATES, *ids))
            self._say(t, "engine.industry_ambiguous", kind="prompt", text=text,
                      choices=self._choices(t, flow, step), step=step.id)
            return
        t.unmatched.append(text)
        self._pend(t, (SECTORS,))
        self._say(t, "engine.industry_unknown", kind="prompt", text=text,
                  choices=self._choices(t, flow, step), step=step.id)

    def _industry_choice(self, t: _Turn, flow: Flow, step: StepDef, option: str) -> None:
        pending = t.session.pending
        state = pending[0] if pending else ""
        if option.startswith("s") and option[1:].isdigit():
            sectors = self.brain.sectors()
            sector = sectors[int(option[1:])]
            ids = tuple(i.id for i in self.brain.industries_in_sector(sector.id))
            self._pend(t, (INDUSTRIES, *ids))
            self._say(t, "engine.industry_pick", kind="prompt",
                      choices=self._choices(t, flow, step), step=step.id)
            return
        if option == NONE:
            self._pend(t, (SECTORS,))
            self._say(t, "engine.industry_pick", kind="prompt",
                      choices=self._choices(t, flow, step), step=step.id)
            return
        if option == OTHER:
            self._say(t, "engine.industry_skipped", kind="notice")
            self._advance(t, flow, step, None)
            return
        if state in (CANDIDATES, INDUSTRIES) and option[1:].isdigit():
            industry = self.brain.industry(pending[1 + int(option[1:])])
            if industry is not None:
                text = t.session.answers.get(f"{step.slot or 'industry'}_text", "")
                self._take_industry(t, flow, step, industry, description=text)
                return
        self._say(t, "engine.stale_button", kind="error", code="stale_button")
        self._prompt(t, flow, step)

    def _take_industry(self, t: _Turn, flow: Flow, step: StepDef, industry: IndustryRef,
                       description: str) -> None:
        slot = step.slot or "industry"
        values = {slot: industry.id, f"{slot}_label": industry.label,
                  f"{slot}_sector": industry.sector}
        if description:
            values[f"{slot}_text"] = description
        self._set(t, values)
        t.proposal = proposal(self.brain, flow, t.session.answers, description, t.lang)
        self._say(t, "engine.industry_confirmed", kind="notice", name=industry.name)
        self._advance(t, flow, step, None)

    # ----------------------------------------------------------------- the result step

    def _assess(self, t: _Turn, flow: Flow) -> Assessment:
        answers = t.session.answers
        slot = self._industry_slot[flow.id]
        return self.brain.assess(answers.get(slot), answers, answers.get(f"{slot}_text", ""),
                                 t.lang)

    def _result(self, t: _Turn, flow: Flow, step: StepDef) -> None:
        assessment = self._assess(t, flow)
        t.verdict = assessment.label
        intro = fill(step.prompt_in(t.lang)) if step.prompt else ()
        body = join([intro, assessment.summary, assessment.details, assessment.advice],
                    sep="\n\n")
        has_plan = assessment.plan is not None and bool(assessment.plan.items)
        t.replies.append(Reply(body, kind="result",
                               choices=self._result_choices(t.lang, plan=has_plan),
                               step=step.id, turn=t.session.ask, chart=assessment.chart,
                               extra=self._share(t, flow)))

    def _share(self, t: _Turn, flow: Flow) -> dict[str, str]:
        """What a Share button may pre-fill: the kind of business, never anything personal."""
        ref = self.brain.industry(t.session.answers.get(self._industry_slot[flow.id], ""))
        return {"share": ref.name} if ref else {}

    def _result_choices(self, lang: str, *, more: bool = True, plan: bool = True
                        ) -> tuple[Choice, ...]:
        items = [(RESULT_PLAN, "engine.result_plan_button")] if plan else []
        items += [(RESULT_MORE, "engine.result_more_button")] if more else []
        items += [(RESULT_RESTART, "engine.result_restart_button"),
                  (RESULT_SHARE, "engine.result_share_button")]
        return tuple(Choice(cid, self.messages.plain(key, lang)) for cid, key in items)

    def _result_choice(self, t: _Turn, flow: Flow, step: StepDef, option: str) -> None:
        if option == RESULT_RESTART:
            out = self.start(now=t.session.updated, lang=t.lang, notice="engine.restarted")
            assert out.session is not None
            t.session = out.session.evolve(turn=t.session.turn)
            t.replies.extend(out.replies)
            return
        assessment = self._assess(t, flow)
        if option == RESULT_MORE:
            t.replies.append(Reply(assessment.more, kind="result",
                                   choices=self._result_choices(t.lang, more=False),
                                   step=step.id, turn=t.session.ask, extra=self._share(t, flow)))
            return
        if option == RESULT_PLAN:
            slot = self._industry_slot[flow.id]
            doc = plan_document(assessment, self.messages, t.lang,
                                t.session.answers.get(f"{slot}_text", ""))
            if doc is None:
                self._say(t, "engine.plan_unavailable", kind="notice")
                return
            # the file carries the buttons, so the person can go on from it
            t.replies.append(Reply(doc.caption, kind="result", document=doc, step=step.id,
                                   choices=self._result_choices(t.lang, plan=False),
                                   turn=t.session.ask, extra=self._share(t, flow)))
            return
        # share: front-ends with a native share button never send this; others get the text
        self._say(t, "engine.share_hint", kind="notice")
        t.replies.append(Reply(assessment.summary, kind="result"))

    def _result_text(self, t: _Turn, flow: Flow, step: StepDef, text: str) -> None:
        chosen = match_option(text, [Candidate(c.id, c.label)
                                     for c in self._result_choices(t.lang)])
        if chosen is not None:
            self._result_choice(t, flow, step, chosen)
            return
        answer = self.brain.faq(text, t.lang)
        if answer is not None:
            t.replies.append(Reply(answer, kind="notice"))
            return
        self._say(t, "engine.result_done", kind="notice",
                  choices=self._result_choices(t.lang), step=step.id)

    # ----------------------------------------------------------------- moving on

    def _advance(self, t: _Turn, flow: Flow, step: StepDef, option: str | None) -> None:
        target = _next_step(step, option, t.session.answers)
        s = t.session
        t.session = s.evolve(step=target, history=(*s.history, step.id), misses=0, pending=(),
                             ask=s.ask + 1)
        self._enter(t, flow, flow.steps[target])

    def _enter(self, t: _Turn, flow: Flow, step: StepDef) -> None:
        hops = 0
        while hops < len(flow.steps):
            s = t.session
            if step.kind == "message":
                t.replies.append(Reply(fill(step.prompt_in(t.lang)), kind="notice"))
                history, told = (*s.history, step.id), s.told
            elif self._answered(t, step):
                # answered from what the person said: in history, so /back can reopen it
                history, told = (*s.history, step.id), (*s.told, step.id)
            elif not self._asked(t, flow, step):
                history, told = s.history, s.told
            else:
                break
            target = _next_step(step, None, s.answers)
            t.session = s.evolve(step=target, history=history, told=told, ask=s.ask + 1,
                                 pending=(), misses=0)
            step = flow.steps[target]
            hops += 1
        if step.kind == "result":
            self._result(t, flow, step)
        elif not answering.offer_told(self, t, flow, step):
            self._prompt(t, flow, step)

    def _answered(self, t: _Turn, step: StepDef) -> bool:
        """A dimension question already answered (confirmed from the description)."""
        return step.kind == "dimension" and (step.slot or step.dimension or "") in \
            t.session.answers

    def _asked(self, t: _Turn, flow: Flow, step: StepDef) -> bool:
        """False for a step whose `ask_if` condition does not hold now."""
        return step.ask_if is None or GUARDS[step.ask_if](flow, t.session.answers, self.brain)

    def _open_dimensions(self, t: _Turn, flow: Flow) -> list[tuple[str, str]]:
        """(slot, dimension) of the questions still ahead on the current path."""
        out: list[tuple[str, str]] = []
        step = flow.steps[t.session.step]
        seen: set[str] = set()
        while step.kind != "result" and step.id not in seen:
            seen.add(step.id)
            slot = step.slot or step.dimension or ""
            if step.kind == "dimension" and step.dimension and slot not in t.session.answers:
                out.append((slot, step.dimension))
            step = flow.steps[_next_step(step, None, t.session.answers)]
        return out

    def _settled(self, t: _Turn, flow: Flow, step: StepDef) -> bool:
        """Whether no answer to the questions left can change the verdict."""
        if step.kind != "dimension":
            return False
        answers = t.session.answers
        open_dims = tuple(self._open_dimensions(t, flow))
        answered = sum(1 for s in dimension_slots(flow).values() if s in answers)
        if too_early(answered, len(open_dims)):
            return False
        slot = self._industry_slot[flow.id]
        key = (answers.get(slot), tuple(sorted(answers.items())), open_dims, t.lang)
        found = self._settled_cache.get(key)
        if found is None:
            found = settled(self.brain, key[0], answers, answers.get(f"{slot}_text", ""),
                            key[2], t.lang)
            # the same answers come up again and again (buttons); the brain is deterministic
            if len(self._settled_cache) >= SETTLED_CACHE:
                self._settled_cache.pop(next(iter(self._settled_cache)))
            self._settled_cache[key] = found
        return found

    def _finish_now(self, t: _Turn, flow: Flow, step: StepDef) -> None:
        """"See the result now": on to the result, through a follow-up the verdict needs."""
        s = t.session
        target = flow.steps[_next_step(step, None, s.answers)]
        seen: set[str] = set()
        while target.kind != "result" and target.id not in seen:
            seen.add(target.id)
            if target.ask_if and self._asked(t, flow, target) and \
                    self._assess(t, flow).label == "hybrid":
                break
            target = flow.steps[_next_step(target, None, s.answers)]
        t.session = s.evolve(step=target.id, history=(*s.history, step.id), misses=0,
                             pending=(), ask=s.ask + 1)
        self._enter(t, flow, target)

    def _prompt(self, t: _Turn, flow: Flow, step: StepDef) -> None:
        """Show the current question with its buttons."""
        if step.kind == "result":
            self._result(t, flow, step)
            return
        state = t.session.pending[0] if t.session.pending else ""
        if step.kind == "industry" and state:
            key = ("engine.industry_ambiguous" if state == CANDIDATES
                   else "engine.industry_pick")
            text = t.session.answers.get(f"{step.slot or 'industry'}_text", "")
            self._say(t, key, kind="prompt", text=text, choices=self._choices(t, flow, step),
                      step=step.id)
            return
        if step.kind == "dimension" and answering.state(t):
            answering.show_confirmation(self, t, flow, step)
            return
        remaining = questions_ahead(flow, t.session, lambda s: (
            s.kind in INPUT_KINDS and not self._answered(t, s) and self._asked(t, flow, s)),
            self._shortest[flow.id])
        done = questions_done(flow, t.session)
        progress = (self.messages.get("engine.progress", t.lang, n=done + 1,
                                      total=done + remaining) if remaining else ())
        hint = (self.messages.get("engine.settled_hint", t.lang)
                if self._settled(t, flow, step) else ())
        body = join([progress, fill(self._prompt_text(step, t.lang)), hint], sep="\n")
        t.replies.append(Reply(body, kind="prompt", choices=self._choices(t, flow, step),
                               step=step.id, turn=t.session.ask))

    def _prompt_text(self, step: StepDef, lang: str) -> str:
        if step.prompt:
            return step.prompt_in(lang)
        dim = self.brain.dimension(step.dimension) if step.dimension else None
        return dim.question if dim else step.id

    def _choices(self, t: _Turn, flow: Flow, step: StepDef, *, now: bool = True
                 ) -> tuple[Choice, ...]:
        """The buttons of `step` as it stands (`now`: work out whether "See the result now"
        belongs among them, which costs two verdicts)."""
        lang = t.lang
        base: list[Choice]
        if step.kind == "choice":
            base = [Choice(o.id, o.label_in(lang)) for o in step.options]
        elif step.kind == "confirm":
            base = [Choice("yes", self.messages.plain("engine.yes_label", lang)),
                    Choice("no", self.messages.plain("engine.no_label", lang))]
        elif step.kind == "dimension" and answering.state(t):
            return answering.yes_no_choices(self, lang, answering.state(t))
        elif step.kind == "dimension":
            dim = self.brain.dimension(step.dimension or "")
            base = [Choice(o.id, answering.option_label(self, step, o.id))
                    for o in dim.options] if dim else []
            if now and self._settled(t, flow, step):
                base.append(Choice(NOW, self.messages.plain("engine.result_now_button", lang)))
        elif step.kind == "industry":
            base = self._industry_choices(t)
        elif step.kind == "result":
            return self._result_choices(lang)
        else:
            base = []
        if step.kind != "industry" and step.skippable and t.session.misses >= 2:
            base.append(Choice(SKIP, self.messages.plain("engine.skip_button", lang)))
        return tuple(base)

    def _industry_choices(self, t: _Turn) -> list[Choice]:
        pending = t.session.pending
        state = pending[0] if pending else ""
        skip = Choice(SKIP, self.messages.plain("engine.skip_button", t.lang))
        if state in (CANDIDATES, INDUSTRIES):
            out = []
            for i, iid in enumerate(pending[1:]):
                ref = self.brain.industry(iid)
                if ref is not None:
                    out.append(Choice(f"{state}{i}", ref.name))
            last = (NONE, "engine.industry_none_of_these") if state == CANDIDATES else (
                OTHER, "engine.industry_other")
            out.append(Choice(last[0], self.messages.plain(last[1], t.lang)))
            return [*out, skip]
        sectors = [Choice(f"s{i}", s.name) for i, s in enumerate(self.brain.sectors())]
        if state == SECTORS:
            sectors.append(Choice(OTHER, self.messages.plain("engine.industry_other", t.lang)))
        return [*sectors, skip]

    def _candidate(self, flow: Flow, step: StepDef, choice: Choice) -> Candidate:
        synonyms: tuple[str, ...] = ()
        if step.kind == "choice":
            opt = next((o for o in step.options if o.id == choice.id), None)
            synonyms = opt.synonyms if opt else ()
        elif step.kind == "confirm":
            key = "engine.yes_words" if choice.id == "yes" else "engine.no_words"
            synonyms = tuple(w.strip() for w in self.messages.plain(key).split(","))
        return Candidate(choice.id, choice.label, synonyms)

    # ----------------------------------------------------------------- small helpers

    def _set(self, t: _Turn, values: Mapping[str, str]) -> None:
        t.session = t.session.evolve(answers={**t.session.answers, **values})

    def _pend(self, t: _Turn, pending: tuple[str, ...]) -> None:
        t.session = t.session.evolve(pending=pending, ask=t.session.ask + 1, misses=0)

    def _reply(self, key: str, lang: str, *, kind: ReplyKind = "notice", code: str = "",
               **values: object) -> Reply:
        return Reply(self.messages.get(key, lang, **values), kind=kind,
                     extra={"code": code} if code else {})

    def _say(self, t: _Turn, key: str, *, kind: ReplyKind = "notice", code: str = "",
             choices: Sequence[Choice] = (), step: str | None = None, **values: object) -> None:
        reply = self._reply(key, t.lang, kind=kind, code=code, **values)
        if choices:
            reply = Reply(reply.text, kind=kind, choices=tuple(choices), step=step,
                          turn=t.session.ask, extra=reply.extra)
        t.replies.append(reply)

    def _done(self, t: _Turn, now: float) -> Outcome:
        session = t.session.evolve(turn=t.session.turn + 1, updated=now)
        return Outcome(session, t.replies, unmatched=tuple(t.unmatched), verdict=t.verdict)


def _next_step(step: StepDef, option: str | None, answers: Mapping[str, str]) -> str:
    if option is not None:
        opt = next((o for o in step.options if o.id == option), None)
        if opt is not None and opt.next:
            return opt.next
    for branch in step.next:
        if branch.when is None or branch.when.holds(answers):
            return branch.goto
    raise AssertionError(f"step {step.id} has no way on; validation should have caught it")


def _industry_slot(flow: Flow) -> str:
    """The slot the flow's industry step fills ("industry" when it has none)."""
    step = next((s for s in flow.steps.values() if s.kind == "industry"), None)
    return step.slot if step is not None and step.slot else "industry"
