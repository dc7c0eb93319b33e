"""The result step: the verdict, explanation, advice and chart; ends the flow.

Its buttons: Get my plan (a PDF, when there is advice), More advice, Start over, Share.
"""

from __future__ import annotations

from collections.abc import Collection

from rapidfuzz import fuzz

from bot.contracts import Assessment
from bot.core.errors import DataError, SchemaError
from bot.core.richtext import fill, join
from bot.engine.flow_schema import StepSchema
from bot.engine.matching import simplify
from bot.engine.model import Flow, StepDef
from bot.engine.plandoc import plan_document
from bot.engine.replies import Choice, Reply
from bot.engine.step_kind import Host, Kind, flow_error
from bot.engine.turn import Turn

MORE, RESTART, SHARE, PLAN = "more", "restart", "share", "plan"
QUESTION_WORDS = 4  # a reply opening with a question word is a question from this many words
PICK_CUTOFF = 85.0  # how close a typed reply must be to a button's label or id


class ResultSchema(StepSchema):
    """A result step may introduce the verdict with a prompt."""

    needs_prompt = False


class ResultStep(Kind):
    """Asks the knowledge base for the verdict and shows it."""

    name = "result"
    schema = ResultSchema
    asks = False
    ends = True
    skip_button = False
    dot_style = ('fillcolor="#fde2c8"', 'color="#e8833a"', "penwidth=3")

    def check(self, flow: Flow, step: StepDef) -> list[DataError]:
        if not step.next:
            return []
        return [
            flow_error(
                SchemaError,
                flow,
                step,
                "a result step ends the flow and takes no 'next'",
                step.next[0].line,
            )
        ]

    def prompt(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        assessment = host.assess(t, flow)
        t.verdict = assessment.label
        intro = fill(step.prompt_in(t.lang)) if step.prompt else ()
        body = join([intro, assessment.summary, assessment.details, assessment.advice], sep="\n\n")
        t.replies.append(
            Reply(
                body,
                kind="result",
                choices=_offered(host, t, flow, assessment),
                step=step.id,
                turn=t.session.ask,
                chart=assessment.chart,
                extra=_share(host, t, flow),
            )
        )

    def choices(
        self, host: Host, t: Turn, flow: Flow, step: StepDef, *, now: bool = True
    ) -> tuple[Choice, ...]:
        return _offered(host, t, flow)

    def why(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        """/why after the result: the verdict and what weighed most, again."""
        assessment = host.assess(t, flow)
        t.replies.append(
            Reply(
                join([assessment.summary, assessment.details], sep="\n\n"),
                kind="result",
                choices=_offered(host, t, flow, assessment),
                step=step.id,
                turn=t.session.ask,
                extra=_share(host, t, flow),
            )
        )

    def skip(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        host.say(t, "engine.result_done", kind="notice")

    def text(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> None:
        offered = _offered(host, t, flow)
        chosen = _pick(host, t.lang, text, offered)
        if chosen is not None:
            self.choose(host, t, flow, step, chosen)
            return
        opening = simplify(text).split()[:2]
        if opening[:1] == ["why"] or opening == ["how", "come"]:
            # "why customer based?", "why hybrid? I thought I'd be client based", "how come"
            self.why(host, t, flow, step)
            return
        answer = host.brain.faq(text, t.lang)
        if answer is not None:
            t.replies.append(Reply(answer, kind="notice"))
            return
        asked = _asked(text, host.pick_words(t.lang).openers)
        if not any(c.id == MORE for c in offered) and not asked:
            # no verdict yet ("tell me what your business does"): the words may be the business
            host.restart(t, text)
            return
        key = "engine.result_question" if asked else "engine.result_done"
        host.say(t, key, kind="notice", choices=offered, step=step.id)

    def choose(self, host: Host, t: Turn, flow: Flow, step: StepDef, option: str) -> None:
        if option == RESTART:
            host.restart(t)
            return
        assessment = host.assess(t, flow)
        if option == MORE:
            _more(host, t, flow, step, assessment)
            return
        if option == PLAN:
            slot = host.industry_slot(flow)
            doc = plan_document(
                assessment, host.messages, t.lang, t.session.answers.get(f"{slot}_text", "")
            )
            if doc is None:
                host.say(t, "engine.plan_unavailable", kind="notice")
                return
            # the file carries the buttons, so the person can go on from it
            t.replies.append(
                Reply(
                    doc.caption,
                    kind="result",
                    document=doc,
                    step=step.id,
                    choices=_offered(host, t, flow, assessment),
                    turn=t.session.ask,
                    extra=_share(host, t, flow),
                )
            )
            return
        # share: front-ends with a native share button never send this; others get the text
        host.say(t, "engine.share_hint", kind="notice")
        t.replies.append(Reply(assessment.summary, kind="result"))


def _more(host: Host, t: Turn, flow: Flow, step: StepDef, assessment: Assessment) -> None:
    """More advice; pressed again, it says that is all (the same list again was no news)."""
    if t.session.pending == (MORE,):
        host.say(
            t,
            "engine.result_more_again",
            kind="notice",
            choices=_offered(host, t, flow, assessment),
            step=step.id,
        )
        return
    t.session = t.session.evolve(pending=(MORE,))
    t.replies.append(
        Reply(
            assessment.more,
            kind="result",
            choices=_offered(host, t, flow, assessment),
            step=step.id,
            turn=t.session.ask,
            extra=_share(host, t, flow),
        )
    )


def _offered(
    host: Host, t: Turn, flow: Flow, assessment: Assessment | None = None
) -> tuple[Choice, ...]:
    """The buttons the verdict allows: no plan and no more advice without one."""
    assessment = assessment or host.assess(t, flow)
    has_plan = assessment.plan is not None and bool(assessment.plan.items)
    known = assessment.label != "unknown"  # nothing to share, or to say more about
    return _buttons(host, t.lang, plan=has_plan, more=bool(assessment.more), share=known)


def _pick(host: Host, lang: str, text: str, offered: tuple[Choice, ...]) -> str | None:
    """The button a reply names: its number, its label or id, or close to it ("more advise"),
    or its words give or take polite ones ("can i get the pdf please"); never one word of a
    longer sentence ("how do I get MORE restaurant accounts?")."""
    raw = text.strip()
    if raw.isdecimal() and 1 <= int(raw) <= len(offered):
        return offered[int(raw) - 1].id
    wanted = simplify(raw)
    polite = _words(host, lang, "polite")
    content = {w for w in wanted.split() if w not in polite}
    for c in offered:
        forms = (simplify(c.label), c.id)
        if wanted and max(fuzz.ratio(wanted, f) for f in forms) >= PICK_CUTOFF:
            return c.id
        if len(wanted) >= 4 and set(wanted.split()) <= set(forms[0].split()):
            return c.id  # "get my plan", "more"
        if content and content <= _words(host, lang, c.id) | set(forms[0].split()):
            return c.id  # "the plan please", "more advice please"
    return None


def _words(host: Host, lang: str, button: str) -> set[str]:
    """The words of `engine.result_<button>_words`, one set."""
    raw = host.messages.plain(f"engine.result_{button}_words", lang)
    return {w for phrase in raw.split(",") for w in simplify(phrase).split()}


def _asked(text: str, openers: Collection[str]) -> bool:
    """A question, with or without its mark ("how do i put my prices up without losing
    anyone" got "That's it!", the reply to "thanks")."""
    tokens = simplify(text).split()
    return text.rstrip().endswith("?") or (len(tokens) >= QUESTION_WORDS and tokens[0] in openers)


def _buttons(
    host: Host, lang: str, *, more: bool = True, plan: bool = True, share: bool = True
) -> tuple[Choice, ...]:
    items = [(PLAN, "engine.result_plan_button")] if plan else []
    items += [(MORE, "engine.result_more_button")] if more else []
    items += [(RESTART, "engine.result_restart_button")]
    items += [(SHARE, "engine.result_share_button")] if share else []
    return tuple(Choice(cid, host.messages.plain(key, lang)) for cid, key in items)


def _share(host: Host, t: Turn, flow: Flow) -> dict[str, str]:
    """What a Share button may pre-fill: the kind of business, never anything personal."""
    ref = host.brain.industry(t.session.answers.get(host.industry_slot(flow), ""))
    return {"share": ref.name} if ref else {}
