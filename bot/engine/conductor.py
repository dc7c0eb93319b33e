"""The engine's common moves, shared by every step kind: asking, moving on, re-prompting.

`Conductor` is the `Host` the step kinds (`bot/engine/steps/`) talk to; it dispatches to them
through the registry and never asks what kind a step is. `Engine` adds the public API on top.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.contracts import Assessment, Brain
from bot.core.messages import Messages
from bot.core.richtext import RichText, fill, join
from bot.engine.events import OptionChosen
from bot.engine.groups import GUARDS
from bot.engine.model import Flow, StepDef
from bot.engine.picks import PickWords
from bot.engine.progress import (
    next_step,
    open_dimensions,
    questions_ahead,
    questions_done,
    shortest_remaining,
)
from bot.engine.replies import Choice, Reply, ReplyKind
from bot.engine.settled import NOW, settled, too_early
from bot.engine.steps import SKIP, handler, kind_of
from bot.engine.told import dimension_slots
from bot.engine.turn import Outcome, Turn

MAX_INPUT = 4000  # longer texts are cut before matching: nobody describes a business in more
SETTLED_CACHE = 4096  # answer sets whose "settled?" is remembered


class Conductor:
    """Runs the steps of flows against a knowledge base."""

    def __init__(self, flows: Mapping[str, Flow], brain: Brain, messages: Messages) -> None:
        self.flows = flows
        self.brain = brain
        self.messages = messages
        self._shortest = {fid: shortest_remaining(flow) for fid, flow in flows.items()}
        self._industry_slot = {fid: _industry_slot(flow) for fid, flow in flows.items()}
        self._pick_words: dict[str, PickWords] = {}
        self._settled_cache: dict[tuple[object, ...], bool] = {}

    def restart(self, t: Turn, words: str = "") -> None:
        """Start over within the turn (the engine's `start`); `words` may answer the first
        question ("we're a bakery", typed at a result that could not be given)."""
        raise NotImplementedError

    def back(self, t: Turn, flow: Flow, *, prompt: bool = True) -> None:
        """One step back (the engine's `back`)."""
        raise NotImplementedError

    # ----------------------------------------------------------------- input

    def on_option(self, t: Turn, flow: Flow, step: StepDef, event: OptionChosen) -> None:
        """A button press: taken if it belongs to the question shown, else a stale button."""
        s = t.session
        shown = self.choices(t, flow, step, now=event.option == NOW)
        offered = {c.id for c in shown} | {SKIP}
        if (
            event.step != s.step
            or (event.turn is not None and event.turn != s.ask)
            or (event.option not in offered)
        ):
            self.say(t, "engine.stale_button", kind="error", code="stale_button")
            self.prompt(t, flow, step)
            return
        self.choose(t, flow, step, event.option)

    def on_text(self, t: Turn, flow: Flow, step: StepDef, raw: str) -> None:
        """Typed text, for the step (or sub-step) that stands."""
        text = raw.strip()[:MAX_INPUT]
        if not text:
            self.say(t, "engine.empty", kind="error", code="empty")
            self.prompt(t, flow, step)
            return
        handler(step, t.session.pending).text(self, t, flow, step, text)

    def choose(self, t: Turn, flow: Flow, step: StepDef, option: str) -> None:
        """A button chosen (pressed or named)."""
        if option == SKIP:
            kind_of(step).skip(self, t, flow, step)
        elif option == NOW:
            self._finish_now(t, flow, step)
        else:
            handler(step, t.session.pending).choose(self, t, flow, step, option)

    def miss(self, t: Turn, flow: Flow, step: StepDef) -> None:
        """Text that answers nothing: the re-prompt ladder."""
        misses = t.session.misses + 1
        t.session = t.session.evolve(misses=misses)
        if misses == 1:
            # quoted: a label may hold a comma ("Some keep buying, some don't")
            labels = ", ".join(f"“{c.label}”" for c in self.choices(t, flow, step))
            hint = self.messages.plain("engine.choose_hint", t.lang, options=labels)
            self.say(t, "engine.miss_1", kind="error", code="miss", prompt_hint=hint)
        else:
            self.say(
                t, "engine.miss_2" if misses == 2 else "engine.miss_3", kind="error", code="miss"
            )
        self.prompt(t, flow, step)

    def faq(self, t: Turn, flow: Flow, step: StepDef, text: str) -> bool:
        """Answer a question the FAQ knows, then the question again; False if none."""
        answer = self.brain.faq(text, t.lang) if "?" in text or len(text.split()) > 3 else None
        if answer is None:
            return False
        t.replies.append(Reply(answer, kind="notice"))
        self.say(t, "engine.faq_then_prompt", kind="notice")
        self.prompt(t, flow, step)
        return True

    def pick_words(self, lang: str) -> PickWords:
        """The in-context reply words for `lang` (loaded once)."""
        words = self._pick_words.get(lang)
        if words is None:
            words = self._pick_words[lang] = PickWords.load(self.messages, lang)
        return words

    # ----------------------------------------------------------------- moving on

    def advance(self, t: Turn, flow: Flow, step: StepDef, option: str | None) -> None:
        """On from `step` (answered with `option`) to the step the flow leads to."""
        target = next_step(step, option, t.session.answers)
        s = t.session
        t.session = s.evolve(
            step=target, history=(*s.history, step.id), misses=0, pending=(), ask=s.ask + 1
        )
        self.enter(t, flow, flow.steps[target])

    def enter(self, t: Turn, flow: Flow, step: StepDef) -> None:
        """Arrive at `step`, passing by what need not be asked."""
        hops = 0
        while hops < len(flow.steps):
            s = t.session
            kind = kind_of(step)
            if kind.passes:
                kind.pass_by(self, t, step)
                history, told = (*s.history, step.id), s.told
            elif kind.answered(step, s.answers):
                # answered from what the person said: in history, so /back can reopen it
                history, told = (*s.history, step.id), (*s.told, step.id)
            elif not self.asked(t, flow, step):
                history, told = s.history, s.told
            else:
                break
            target = next_step(step, None, s.answers)
            t.session = s.evolve(
                step=target, history=history, told=told, ask=s.ask + 1, pending=(), misses=0
            )
            step = flow.steps[target]
            hops += 1
        kind_of(step).arrive(self, t, flow, step)

    def asked(self, t: Turn, flow: Flow, step: StepDef) -> bool:
        """False for a step whose `ask_if` condition does not hold now."""
        return step.ask_if is None or GUARDS[step.ask_if](
            flow, t.session.answers, self.brain, self._industry_slot[flow.id]
        )

    def _finish_now(self, t: Turn, flow: Flow, step: StepDef) -> None:
        """ "See the result now": on to the result, through a follow-up the verdict needs."""
        s, target = t.session, self._last_stop(t, flow, step)
        t.session = s.evolve(
            step=target.id, history=(*s.history, step.id), misses=0, pending=(), ask=s.ask + 1
        )
        self.enter(t, flow, target)

    def _last_stop(self, t: Turn, flow: Flow, step: StepDef) -> StepDef:
        """Where "See the result now" leads: the result, or a follow-up a mix still needs."""
        answers = t.session.answers
        target = flow.steps[next_step(step, None, answers)]
        seen: set[str] = set()
        while not kind_of(target).ends and target.id not in seen:
            seen.add(target.id)
            if (
                target.ask_if
                and self.asked(t, flow, target)
                and self.assess(t, flow).label == "hybrid"
            ):
                break
            target = flow.steps[next_step(target, None, answers)]
        return target

    # ----------------------------------------------------------------- the verdict

    def industry_slot(self, flow: Flow) -> str:
        """The slot the flow's industry step fills."""
        return self._industry_slot[flow.id]

    def assess(self, t: Turn, flow: Flow) -> Assessment:
        """The verdict on the answers so far."""
        answers = t.session.answers
        slot = self._industry_slot[flow.id]
        # the answers as the steps taken showed them ("Standard goods", not the knowledge
        # base's "Standard products/services")
        labels = {
            f"{step.dimension}.{o.id}": o.label_in(t.lang)
            for sid in (*t.session.history, t.session.step)
            if (step := flow.steps.get(sid)) is not None and step.dimension
            for o in step.options
        }
        return self.brain.assess(
            answers.get(slot), answers, answers.get(f"{slot}_text", ""), t.lang, labels
        )

    def settled(self, t: Turn, flow: Flow, step: StepDef) -> bool:
        """Whether no answer to the questions left can change the verdict."""
        if not kind_of(step).offers_now:
            return False
        answers = t.session.answers
        open_dims = tuple(open_dimensions(flow, t.session))
        answered = sum(1 for s in dimension_slots(flow).values() if s in answers)
        if too_early(answered, len(open_dims)):
            return False
        slot = self._industry_slot[flow.id]
        key = (answers.get(slot), tuple(sorted(answers.items())), open_dims, t.lang)
        found = self._settled_cache.get(key)
        if found is None:
            found = settled(
                self.brain, key[0], answers, answers.get(f"{slot}_text", ""), key[2], t.lang
            )
            # the same answers come up again and again (buttons); the brain is deterministic
            if len(self._settled_cache) >= SETTLED_CACHE:
                self._settled_cache.pop(next(iter(self._settled_cache)))
            self._settled_cache[key] = found
        return found

    def _settled_before(self, t: Turn, flow: Flow) -> bool:
        """Whether the verdict was settled already at the question answered last (the hint is
        said once, when it becomes true; the button stays)."""
        if not t.session.history:
            return False
        last = flow.steps.get(t.session.history[-1])
        if last is None or not kind_of(last).dimension_of(last):
            return False
        slot = last.slot or last.dimension or ""
        answers = {k: v for k, v in t.session.answers.items() if k != slot}
        before = Turn(t.session.evolve(step=last.id, answers=answers), t.lang)
        return self.settled(before, flow, last)

    # ----------------------------------------------------------------- showing a question

    def prompt(self, t: Turn, flow: Flow, step: StepDef) -> None:
        """Show the current question (or sub-step) with its buttons."""
        handler(step, t.session.pending).prompt(self, t, flow, step)

    def ask(self, t: Turn, flow: Flow, step: StepDef) -> None:
        """A question as most steps show it: progress, the prompt, a hint, the buttons."""
        remaining = questions_ahead(
            flow,
            t.session,
            # a follow-up asked only on some answers is not counted: the total would change
            lambda s: (
                kind_of(s).asks
                and not kind_of(s).answered(s, t.session.answers)
                and s.ask_if is None
            ),
            self._shortest[flow.id],
        )
        done = questions_done(flow, t.session)
        progress = (
            self.messages.get("engine.progress", t.lang, n=done + 1, total=done + remaining)
            if remaining
            else ()
        )
        hint: RichText = ()
        if self.settled(t, flow, step) and not self._settled_before(t, flow):
            # a mix still has its follow-up to come: "settled" would be followed by one more
            mix = not kind_of(self._last_stop(t, flow, step)).ends
            hint = self.messages.get(f"engine.settled_hint{'_mix' if mix else ''}", t.lang)
        body = join([progress, fill(self._prompt_text(step, t.lang)), hint], sep="\n")
        t.replies.append(
            Reply(
                body,
                kind="prompt",
                choices=self.choices(t, flow, step),
                step=step.id,
                turn=t.session.ask,
            )
        )

    def _prompt_text(self, step: StepDef, lang: str) -> str:
        if step.prompt:
            return step.prompt_in(lang)
        dim = self.brain.dimension(step.dimension) if step.dimension else None
        return dim.question if dim else step.id

    def choices(
        self, t: Turn, flow: Flow, step: StepDef, *, now: bool = True
    ) -> tuple[Choice, ...]:
        """The buttons of `step` as it stands (`now`: work out whether "See the result now"
        belongs among them, which costs two verdicts)."""
        return handler(step, t.session.pending).choices(self, t, flow, step, now=now)

    # ----------------------------------------------------------------- small helpers

    def set(self, t: Turn, values: Mapping[str, str]) -> None:
        """Record answers."""
        t.session = t.session.evolve(answers={**t.session.answers, **values})

    def pend(self, t: Turn, pending: tuple[str, ...]) -> None:
        """Keep what the step offered (a new question as far as buttons go)."""
        t.session = t.session.evolve(pending=pending, ask=t.session.ask + 1, misses=0)

    def reply(
        self, key: str, lang: str, *, kind: ReplyKind = "notice", code: str = "", **values: object
    ) -> Reply:
        """A message of messages.yaml as a reply."""
        return Reply(
            self.messages.get(key, lang, **values), kind=kind, extra={"code": code} if code else {}
        )

    def say(
        self,
        t: Turn,
        key: str,
        *,
        kind: ReplyKind = "notice",
        code: str = "",
        choices: Sequence[Choice] = (),
        step: str | None = None,
        **values: object,
    ) -> None:
        """Add a message of messages.yaml (with buttons, if any) to the turn's replies."""
        reply = self.reply(key, t.lang, kind=kind, code=code, **values)
        if choices:
            reply = Reply(
                reply.text,
                kind=kind,
                choices=tuple(choices),
                step=step,
                turn=t.session.ask,
                extra=reply.extra,
            )
        t.replies.append(reply)

    def done(self, t: Turn, now: float) -> Outcome:
        """The turn's outcome."""
        session = t.session.evolve(turn=t.session.turn + 1, updated=now)
        return Outcome(session, t.replies, unmatched=tuple(t.unmatched), verdict=t.verdict)


def _industry_slot(flow: Flow) -> str:
    """The slot the flow's industry step fills ("industry" when it has none)."""
    step = next((s for s in flow.steps.values() if kind_of(s).describes_business), None)
    return step.slot if step is not None and step.slot else "industry"
