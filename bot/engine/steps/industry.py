"""The industry step: what the business does, read from a description or picked from lists.

A description goes to the knowledge base's matcher: a clear match is taken, close matches are
offered as buttons, no match offers the sectors. Short replies ("yes", "the second") pick among
the industries just offered. Stores the industry id and `<slot>_label`, `_sector`, `_text`.
"""

from __future__ import annotations

from typing import Literal

from bot.contracts import IndustryMatch, IndustryRef
from bot.engine.asked import asking
from bot.engine.flow_schema import StepSchema
from bot.engine.matching import match_option
from bot.engine.model import Flow, StepDef
from bot.engine.picks import after_no, pick, picks_several
from bot.engine.replies import Choice
from bot.engine.step_kind import SKIP, Host, Kind
from bot.engine.steps.answers import keep_ahead
from bot.engine.steps.industry_state import Offer, Press, Stage
from bot.engine.told import propose
from bot.engine.turn import Turn

NONE, OTHER = "none", "other"  # "None of these" (after close matches), "Other" (a list)
SUFFIXES = ("", "_label", "_sector", "_offer", "_text")
SHORT_REPLY = 6  # words: a reply this short at a list of trades names the trade meant


class IndustrySchema(StepSchema):
    """An industry step fills `industry` unless it names a slot."""

    def default_slot(self) -> str | None:
        return "industry"


class Industry(Kind):
    """What does your business do?"""

    name = "industry"
    schema = IndustrySchema
    describes_business = True
    skip_button = False  # its lists always end with Skip
    skip_notice = "engine.industry_skipped"

    def slots(self, step: StepDef) -> tuple[str, ...]:
        return tuple(f"{step.slot}{suffix}" for suffix in SUFFIXES) if step.slot else ()

    def start_with(self, host: Host, t: Turn, flow: Flow, step: StepDef, payload: str) -> bool:
        industry = host.brain.industry(payload.removeprefix("ind_"))
        if industry is None:
            return False
        take(host, t, flow, step, industry, description="")
        return True

    def first_words(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> bool:
        match = host.brain.match_industry(text)
        if match.status != "confident":
            return False
        take(host, t, flow, step, match.candidates[0], description=text)
        return True

    def prompt(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        offer = Offer.read(t.session.pending)
        if offer is None:
            host.ask(t, flow, step)
            return
        key = (
            "engine.industry_ambiguous"
            if offer.stage is Stage.CANDIDATES
            else "engine.industry_pick"
        )
        host.say(
            t,
            key,
            kind="prompt",
            text=_echo(_description(t, step)),
            choices=host.choices(t, flow, step),
            step=step.id,
        )

    def buttons(self, host: Host, t: Turn, flow: Flow, step: StepDef, *, now: bool) -> list[Choice]:
        offer = Offer.read(t.session.pending)
        skip = Choice(SKIP, host.messages.plain("engine.skip_button", t.lang))
        if offer is not None and offer.stage.named:
            out = []
            for i, iid in enumerate(offer.ids):
                ref = host.brain.industry(iid)
                if ref is not None:
                    out.append(Choice(Press(offer.stage, i).id, ref.name))
            last = (
                (NONE, "engine.industry_none_of_these")
                if (offer.stage is Stage.CANDIDATES)
                else (OTHER, "engine.industry_other")
            )
            out.append(Choice(last[0], host.messages.plain(last[1], t.lang)))
            return [*out, skip]
        sectors = [
            Choice(Press(Stage.SECTORS, i).id, s.name) for i, s in enumerate(host.brain.sectors())
        ]
        if offer is not None:  # the sectors, offered after nothing matched
            sectors.append(Choice(OTHER, host.messages.plain("engine.industry_other", t.lang)))
        return [*sectors, skip]

    def text(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> None:
        if self._pick_offered(host, t, flow, step, text):
            return
        choices = host.choices(t, flow, step)
        chosen = match_option(text, [self.candidate(host, step, c) for c in choices])
        if chosen is not None:
            host.choose(t, flow, step, chosen)
        else:
            self._describe(host, t, flow, step, text)

    def choose(self, host: Host, t: Turn, flow: Flow, step: StepDef, option: str) -> None:
        offer = Offer.read(t.session.pending)
        press = Press.read(option)
        if press is not None and press.stage is Stage.SECTORS:
            sector = host.brain.sectors()[press.index]
            ids = tuple(i.id for i in host.brain.industries_in_sector(sector.id))
            self._offer(host, t, flow, step, Offer(Stage.INDUSTRIES, ids))
        elif option == NONE:
            self._offer(host, t, flow, step, Offer(Stage.SECTORS))
        elif option == OTHER and _asks_words(t, step, offer):
            host.pend(t, ())
            host.say(t, "engine.industry_describe", kind="prompt", step=step.id)
        elif option == OTHER:
            host.say(t, "engine.industry_skipped", kind="notice")
            host.advance(t, flow, step, None)
        elif not self._take_offered(host, t, flow, step, offer, press):
            host.say(t, "engine.stale_button", kind="error", code="stale_button")
            host.prompt(t, flow, step)

    def _offer(self, host: Host, t: Turn, flow: Flow, step: StepDef, offer: Offer) -> None:
        host.pend(t, offer.pending())
        host.say(
            t,
            "engine.industry_pick",
            kind="prompt",
            choices=host.choices(t, flow, step),
            step=step.id,
        )

    def _take_offered(
        self,
        host: Host,
        t: Turn,
        flow: Flow,
        step: StepDef,
        offer: Offer | None,
        press: Press | None,
    ) -> bool:
        if offer is None or not offer.stage.named or press is None:
            return False
        if press.index >= len(offer.ids):
            return False
        industry = host.brain.industry(offer.ids[press.index])
        if industry is None:
            return False
        take(host, t, flow, step, industry, description=_description(t, step))
        return True

    def _pick_offered(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> bool:
        """ "yes", "the second", "the stationery one" among the industries just offered."""
        offer = Offer.read(t.session.pending)
        if offer is None or not offer.stage.named:
            return False
        words = host.pick_words(t.lang)
        names = [ref.name if ref else "" for ref in map(host.brain.industry, offer.ids)]
        # a "did you mean …?" list leads with the best guess; a sector's list is alphabetical
        candidates = offer.stage is Stage.CANDIDATES
        picked: int | Literal["no"] | None = pick(text, names, words, yes_means_first=candidates)
        if picked is None:
            return False
        if picked == "no":
            host.choose(t, flow, step, NONE if candidates else OTHER)
            return True
        if (rest := after_no(text, words)) != text:
            # "no its a garage, 1": none of these, and what follows is described afresh (its
            # "1" had picked the first trade of the list just declined)
            self._describe(host, t, flow, step, rest)
            return True
        if picks_several(text, len(names), words):
            # two trades under one roof: one is matched, and the answers describe both
            host.say(t, "engine.both_taken", kind="notice", name=names[picked])
        host.choose(t, flow, step, Press(offer.stage, picked).id)
        return True

    def _describe(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> None:
        """A free-text description of the business: match it against the knowledge base."""
        match = host.brain.match_industry(text)
        # "what's the difference between a client and a customer?" is asked, not a business
        asked = match.status != "confident" and text.rstrip().endswith("?")
        if asked and host.faq(t, flow, step, text):
            return
        if asked and asking(text, host.pick_words(t.lang)) == "meaning":
            # "what do you mean?" at the first question: said again in other words
            host.say(t, "engine.industry_meaning", kind="notice")
            host.prompt(t, flow, step)
            return
        if (earlier := _pointed(t, step, match)) is not None:
            # "bookkeeping obvs, im not a builder lol" at a list that offers it: that one, and
            # the first description still says what it said ("a flat monthly fee")
            take(host, t, flow, step, match.candidates[0], description=f"{earlier} {text}")
            return
        if match.status != "confident" and self._kept_for_later(host, t, flow, step, text):
            return
        host.set(t, {f"{_slot(step)}_text": text})
        if match.status == "confident" and not _off_list(t, match.candidates[0].id, text):
            take(host, t, flow, step, match.candidates[0], description=text)
            return
        if match.status in ("ambiguous", "confident"):
            ids = tuple(c.id for c in match.candidates[:5])
            host.pend(t, Offer(Stage.CANDIDATES, ids).pending())
            host.say(
                t,
                "engine.industry_ambiguous",
                kind="prompt",
                text=_echo(text),
                choices=host.choices(t, flow, step),
                step=step.id,
            )
            return
        t.unmatched.append(text)
        host.pend(t, Offer(Stage.SECTORS).pending())
        host.say(
            t,
            "engine.industry_unknown",
            kind="prompt",
            text=_echo(text),
            choices=host.choices(t, flow, step),
            step=step.id,
        )

    def _kept_for_later(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> bool:
        """An answer typed ahead at "which one fits best?" ("long term mostly, some been with
        me 15 yrs"): kept for its question, and the trades offered are offered again."""
        offer = Offer.read(t.session.pending)
        if offer is None or not offer.stage.named:
            return False
        kept = keep_ahead(host, t, flow, step, text)
        if kept is None:
            return False
        host.say(t, "engine.answer_kept", kind="notice", dimension=kept)
        self.prompt(host, t, flow, step)
        return True


def take(
    host: Host, t: Turn, flow: Flow, step: StepDef, industry: IndustryRef, description: str
) -> None:
    """Record the industry (and the description it came from) and move on."""
    slot = _slot(step)
    values = {
        slot: industry.id,
        f"{slot}_label": industry.label,
        f"{slot}_sector": industry.sector,
        f"{slot}_offer": industry.offer,
    }
    if description:
        values[f"{slot}_text"] = description
    host.set(t, values)
    propose(t, host.brain, flow, description)
    host.say(t, "engine.industry_confirmed", kind="notice", name=industry.name)
    host.advance(t, flow, step, None)


def _off_list(t: Turn, industry_id: str, text: str) -> bool:
    """More than a few words typed at a list of trades, naming a trade not on it: offered, not
    taken. At "which one fits best?" they may answer something else ("landlords are long term,
    sellers a one-off"); a short reply is a correction ("no, an estate agent")."""
    offer = Offer.read(t.session.pending)
    return (
        offer is not None
        and offer.stage.named
        and industry_id not in offer.ids
        and len(text.split()) > SHORT_REPLY
    )


def _pointed(t: Turn, step: StepDef, match: IndustryMatch) -> str | None:
    """The description given first, when words typed at its list of likely trades name one of
    them first; else None."""
    offer = Offer.read(t.session.pending)
    if offer is None or offer.stage is not Stage.CANDIDATES or match.status == "unknown":
        return None
    first = match.candidates[0].id if match.candidates else None
    return _description(t, step) if first in offer.ids else None


def _asks_words(t: Turn, step: StepDef, offer: Offer | None) -> bool:
    """ "Something else" in a sector's list, before any description: the trade may still be
    found in the person's words (after one that matched nothing, it is skipped)."""
    return offer is not None and offer.stage is Stage.INDUSTRIES and not _description(t, step)


def _slot(step: StepDef) -> str:
    return step.slot or "industry"


def _description(t: Turn, step: StepDef) -> str:
    return t.session.answers.get(f"{_slot(step)}_text", "")


ECHO = 60  # a description quoted back longer than this is cut at a word ("Here is what I found
# for …" quoted four sentences whole)


def _echo(text: str) -> str:
    if len(text) <= ECHO:
        return text
    return text[:ECHO].rsplit(" ", 1)[0].rstrip(",;:.- ") + "…"
