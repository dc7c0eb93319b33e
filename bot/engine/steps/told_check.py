"""The told check: "From what you said: …. Right?" for answers a description already gave.

Held in `Session.pending` as `("f", "slot=option", …)` (see `bot/engine/told.py`); yes records
them all and passes over their questions, no asks the questions one by one, and "Right, except
“…”" records all but that one (one misreading among three right ones costs a question, not
three).
"""

from __future__ import annotations

import re

from bot.engine.asked import without_questions
from bot.engine.matching import simplify
from bot.engine.model import Flow, StepDef
from bot.engine.picks import after_yes, names_word, pick
from bot.engine.replies import Choice
from bot.engine.step_kind import Host
from bot.engine.steps.answers import option_label, record, said_answers
from bot.engine.steps.confirmation import NO, YES, Confirmation
from bot.engine.told import TOLD, dimension_slots, keep, labels, parse
from bot.engine.turn import Turn

CONTRAST = re.compile(r"\b(?:but|though|tho|except|however|although|apart from|only)\b")
# a reply to the check, item by item: "payment yes. didn't say anything about keeping in touch"
ITEM_CLAUSE = re.compile(r"[,.;:!?]+|\b(?:but|and|though|tho|while)\b")
MIN_NAME = 4  # shorter words name no item ("say", "the")
EXCEPT = "except:"  # option id prefix: "except:<slot>" records every item but that slot's


class ToldCheck(Confirmation):
    """Confirms the stated answers in one go."""

    name = "told_check"
    marker = TOLD
    label_key = "engine.told_confirm"
    this_question = False

    def prompt(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        items = [
            host.messages.plain("engine.told_item", t.lang, dimension=name, answer=label)
            for name, label in labels(host.brain, flow, t.session.pending[1:])
        ]
        host.say(
            t,
            "engine.told_confirm",
            kind="prompt",
            choices=self.choices(host, t, flow, step),
            step=step.id,
            items="; ".join(items),
        )

    def choices(
        self, host: Host, t: Turn, flow: Flow, step: StepDef, *, now: bool = True
    ) -> tuple[Choice, ...]:
        yes, no = super().choices(host, t, flow, step, now=now)
        items = parse(t.session.pending[1:])
        named = labels(host.brain, flow, t.session.pending[1:])
        but = (
            Choice(
                EXCEPT + slot,
                host.messages.plain("engine.told_confirm_except", t.lang, answer=label),
            )
            for slot, (_, label) in zip(items, named, strict=True)
        )
        # ("Right, except …" for a lone item would only say no)
        return (yes, *but, no) if len(items) == len(named) > 1 else (yes, no)

    def text(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> None:
        """ "right except the first" presses that item's "Right, except" button; words that
        answer an item otherwise correct it ("the contact bit is right, but they do come
        back")."""
        words = host.pick_words(t.lang)
        said, asked_too = without_questions(text, words)
        text = said if said and asked_too else text  # (a quoted reading asked about is not said)
        slot = _excepted(host, t, flow, text)
        if slot is not None:
            self.choose(host, t, flow, step, EXCEPT + slot)
            return
        # "Correct. The office contracts run three years.": a yes, then a detail of one group
        # (a yes with a "but" after it may still correct an item)
        rest = after_yes(text, words)
        plain_yes = rest is not None and not CONTRAST.search(rest)
        if not plain_yes and _corrected(host, t, flow, step, text):
            return
        if not self._by_item(host, t, flow, step, text):
            super().text(host, t, flow, step, text)

    def restates(self, host: Host, t: Turn, step: StepDef, text: str) -> bool:
        """Words that read again as every item checked ("cafes stay for years, the public buys
        once" at "… “Some keep buying, some don't”. Right?"): said twice, a yes."""
        items = parse(t.session.pending[1:])
        return bool(items) and all(
            host.brain.read_answer(slot, text, t.lang).option == option
            for slot, option in items.items()
        )

    def _by_item(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> bool:
        """ "payment yes, not the other one", "payment yes. didn't say anything about keeping in
        touch": each item named with a yes or a no; only those named with a yes are recorded,
        the others are asked at their questions."""
        kept = _item_verdicts(host, t, flow, text)
        if kept is None:
            return False
        items = parse(t.session.pending[1:])
        if not any(kept.values()):
            self.choose(host, t, flow, step, NO)
            return True
        t.session = t.session.evolve(pending=(), ask=t.session.ask + 1)
        host.set(t, {k: v for k, v in items.items() if kept[k]})
        dropped = labels(
            host.brain, flow, tuple(f"{k}={v}" for k, v in items.items() if not kept[k])
        )
        if dropped:
            host.say(t, "engine.told_partly", kind="notice", dimension=dropped[0][0].lower())
        host.enter(t, flow, step)
        return True

    def choose(self, host: Host, t: Turn, flow: Flow, step: StepDef, option: str) -> None:
        pending = t.session.pending
        t.session = t.session.evolve(pending=(), ask=t.session.ask + 1)
        items = parse(pending[1:])
        if option == YES or (option.startswith(EXCEPT) and option[len(EXCEPT) :] in items):
            host.set(t, {k: v for k, v in items.items() if EXCEPT + k != option})
            host.enter(t, flow, step)
            return
        host.say(t, "engine.told_declined", kind="notice")
        host.prompt(t, flow, step)


def _item_verdicts(host: Host, t: Turn, flow: Flow, text: str) -> dict[str, bool] | None:
    """Slot -> whether the reply keeps it, when the reply names items one by one with a yes or
    a no ("payment yes"); None when it names none so. An item not named is kept only when "the
    rest" or "the other one" is said with a yes."""
    items = list(parse(t.session.pending[1:]))
    by_slot = {slot: dim for dim, slot in dimension_slots(flow).items()}
    dims = [host.brain.dimension(by_slot.get(slot, slot)) for slot in items]
    names = [
        f"{s} {d.id} {d.name} {d.question}" if d else s for s, d in zip(items, dims, strict=True)
    ]
    words = host.pick_words(t.lang)
    verdicts: dict[str, bool] = {}
    others: bool | None = None
    for clause in ITEM_CLAUSE.split(text.lower()):
        said = simplify(clause).split()
        negative = any(w in words.denials or w in words.no for w in said)
        if not negative and not any(w in words.yes for w in said):
            continue
        named = {
            i
            for i, name in enumerate(names)
            for w in said
            if len(w) >= MIN_NAME and w not in words.filler and names_word(w, name)
        }
        if len(named) == 1:
            verdicts[items[named.pop()]] = not negative
        elif not named and words.others & set(said):
            others = not negative
    if not verdicts:
        return None
    return {slot: verdicts.get(slot, bool(others)) for slot in items}


def _corrected(host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> bool:
    """Words that answer items of the check otherwise ("trust tho? they trust us a LOT"): the
    other items are recorded, and each corrected one is kept, as now read, for its question
    (checked there, not recorded unasked); True when they did."""
    items = parse(t.session.pending[1:])
    said = said_answers(host, t, flow, text)
    changed = {slot: option for slot, option in said.items() if items.get(slot, option) != option}
    if not changed:
        return False
    t.session = t.session.evolve(pending=(), ask=t.session.ask + 1)
    # ("no - I said tailored, and they rely on us a lot": what it did not correct is not
    # confirmed either, and is asked at its question)
    first = simplify(text).split()[:1]
    opened_no = bool(first) and first[0] in host.pick_words(t.lang).no
    rest = {} if opened_no else {k: v for k, v in items.items() if k not in changed}
    host.set(t, rest)
    slot = step.slot or step.dimension or ""
    if not rest and _said_plainly(host, t, step, text, changed, slot):
        # "no, they'd stay, the firms never shop around": this question, answered: noted
        label = option_label(host, step, changed[slot])
        host.say(t, "engine.answer_noted", kind="notice", answer=label)
        record(host, t, flow, step, changed[slot], text)
        return True
    keep(t, changed)
    named = labels(host.brain, flow, tuple(f"{k}={v}" for k, v in changed.items()))
    # (a corrected item of this question is checked at once, a later one when it comes)
    if not rest:
        key = "engine.told_corrected_alone"
    elif (step.slot or step.dimension) in changed:
        key = "engine.told_corrected_now"
    else:
        key = "engine.told_corrected"
    host.say(t, key, kind="notice", dimension=named[0][0].lower())
    host.enter(t, flow, step)
    return True


def _said_plainly(
    host: Host, t: Turn, step: StepDef, text: str, changed: dict[str, str], slot: str
) -> bool:
    """Whether the correction answers this step's question (its `slot`) alone, read without
    doubt."""
    if set(changed) != {slot}:
        return False
    reading = host.brain.read_answer(step.dimension or "", text, t.lang)
    return reading.status == "read" and reading.option == changed[slot]


def _excepted(host: Host, t: Turn, flow: Flow, text: str) -> str | None:
    """The slot of the item a typed "right, except …" names ("except the first", "all but the
    payment one"), or None."""
    items = list(parse(t.session.pending[1:]))
    named = labels(host.brain, flow, t.session.pending[1:])
    if len(items) != len(named) or len(items) < 2:
        return None
    lower = " ".join(text.lower().split())
    markers = sorted(host.messages.plain("engine.except_words", t.lang).split(","), key=len)
    for marker in (simplify(m) for m in reversed(markers)):
        found = re.search(rf"\b{re.escape(marker)}\b", lower) if marker else None
        if found is None:
            continue
        # the first clause after the marker names the item; the rest may say why
        after = re.split(r"[,.;:!?]", lower[found.end() :])[0]
        names = [f"{slot} {dim} {answer}" for slot, (dim, answer) in zip(items, named, strict=True)]
        index = pick(after, names, host.pick_words(t.lang), yes_means_first=False)
        return items[index] if isinstance(index, int) else None
    return None
