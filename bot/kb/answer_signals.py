"""Signals for options from an answer's spans, with negation, amounts and yes/no applied."""

from __future__ import annotations

from typing import cast

from bot.kb.answer_decide import alone, conclude
from bot.kb.answer_state import SignalState
from bot.kb.answer_types import (
    GUESS,
    MIDDLE_WEIGHT,
    SURE,
    Clause,
    Signal,
    Span,
)
from bot.kb.answer_vocab import WEIGHT_CUE, WEIGHT_WEAK
from bot.kb.answer_words import (
    NEGATED_AMOUNT,
    WITHOUT,
    modal_end,
    opens,
    pick_rule,
    said_alone,
)
from bot.kb.model import Option

Kinds = dict[str, object]


class SignalPass(SignalState):
    """One pass over an answer's spans: every signal for an option, whether the answer is a
    guess, and the groups said to be most of the people ("most stay for years")."""

    def run(self) -> tuple[list[Signal], bool, set[int]]:
        """Read every span; the signals, whether it is a guess, the "most" groups."""
        for n, span in enumerate(self.spans):
            if self.clause_words[span.start] != self.mark:
                self._close()
                self.mark = self.clause_words[span.start]
                self.clause_no += 1
                self.state = Clause()
            self._take(n, span)
        self._close()
        self._bare_no()
        if not self.stated:
            self.signals = conclude(self.r, self.signals, self.words, self.clause_words)
        return self.signals, self.uncertain, self.most

    def _take(self, n: int, span: Span) -> None:
        kinds = dict(span.tags)
        if self._dont_know(n, span, kinds) or self._lacking(span, kinds) or self._contrast(kinds):
            return
        if "uncertain" in kinds:
            self.uncertain = True
            if len(kinds) == 1:
                return
        self.first, self.opening = self.opening, False
        self.prev = self.spans[n - 1] if n else None
        for handle in (
            self._intensifier,
            self._yes_no,
            self._said_middle,
            self._group,
            self._cue,
            self._per_item,
            self._timed,
            self._freq,
            self._amount,
            self._comparative,
            self._negator,
        ):
            if handle(n, span, kinds):
                return

    # --- span kinds (each returns whether it took the span) --------------------------------------
    def _dont_know(self, n: int, span: Span, kinds: Kinds) -> bool:
        """ "no idea", "don't know": says nothing, negates nothing."""
        if "dont_know" not in kinds:
            return False
        nxt = self.spans[n + 1] if n + 1 < len(self.spans) else None
        if (
            nxt is not None
            and self.words[span.start] in self.neg_starts_w
            and all(self.words[k] in self.v.fillers for k in range(span.end, nxt.start))
            and any(t == "cue" for t, _ in nxt.tags)
        ):
            # "I don't know them by name": "don't" negates the cue right after it
            self.state.neg_end, self.state.comparative = span.end, False
        return True

    def _lacking(self, span: Span, kinds: Kinds) -> bool:
        """ "loyalty is low": the cue just before is turned around."""
        if "lacking" not in kinds:
            return False
        last = self.signals[-1] if self.signals else None
        if last is not None and last.clause == self.clause_no and last.origin is None:
            flipped = self.r.opposite(last.option)
            if flipped is not None:
                self.signals[-1] = Signal(
                    flipped, last.weight, f"{last.words} {self._text(span)}", self.clause_no
                )
        return True

    def _contrast(self, kinds: Kinds) -> bool:
        if "contrast" not in kinds:
            return False
        self._close()
        self.most.add(-1 - self.clause_no)  # (negative: groups set apart by "but" etc.)
        self.clause_no += 1
        self.most.add(-1 - self.clause_no)
        self.state = Clause()
        return True

    def _intensifier(self, n: int, span: Span, kinds: Kinds) -> bool:
        """ "varies a lot", "rely on us a lot": an intensifier, not a new signal."""
        prev = self.prev
        return (
            "amount" in kinds
            and "neg" not in kinds
            and prev is not None
            and (prev.end == span.start and any(t in ("cue", "middle") for t, _ in prev.tags))
        )

    def _yes_no(self, n: int, span: Span, kinds: Kinds) -> bool:
        if self.stated or not ("yes" in kinds or "no" in kinds):
            return False
        ref = self.dv.yes if "yes" in kinds else self.dv.no
        opening = self.first and opens(self.words, span, self.spans[:n], self.v.fillers)
        prev = self.prev
        after_amount = prev is not None and prev.end == span.start and "amount" in dict(prev.tags)
        if (
            (
                modal_end(self.words, span)
                or (modal_end(self.words, span, 1) and self.group_said(span.start))
            )
            and not opening
            and not after_amount
        ):
            # "about half would": amounts and negators apply ("some of them would" is said)
            self._emit(self.r.resolve(ref), SURE, span)
            return True
        if opening and said_alone(self.words, span, kinds, self.neg_starts):
            opt = self.r.resolve(ref)
            if opt is not None:
                self.signals.append(Signal(opt, SURE, self._text(span), self.clause_no))
                return True
        return False

    def _said_middle(self, n: int, span: Span, kinds: Kinds) -> bool:
        """ "both", "it depends"."""
        if "middle" in kinds and self.r.middle is not None:
            prev = self.spans[n - 1] if n else None
            if prev is not None and prev.end == span.start and "neg" in dict(prev.tags):
                # "not a mix, it's per project": the middle denied; the rest says which end
                self.state.neg_end = -1
                return True
            self.signals.append(
                Signal(self.r.middle, MIDDLE_WEIGHT, self._text(span), self.clause_no)
            )
            return True
        return False

    def _group(self, n: int, span: Span, kinds: Kinds) -> bool:
        if "group" not in kinds or "cue" in kinds:
            return False
        if not self.stated:  # who the people are says little about one dimension by itself
            self._emit(*cast(tuple[Option, float], kinds["group"]), span, people=True)
        return True

    def _cue(self, n: int, span: Span, kinds: Kinds) -> bool:
        if "cue" not in kinds:
            return False
        for tag, value in span.tags:
            if tag == "cue":
                cue_opt, cue_weight = cast(tuple[Option, float], value)
                self._emit(cue_opt, cue_weight, span, people="group" in kinds)
        if "neg" in kinds or (
            self.words[span.start : span.start + 1] in self.neg_starts and span.end - span.start > 1
        ):
            # "no two ... are the same", "nobody asks my opinion": a cue that opens with a
            # negator negates what follows too
            self.state.neg_end, self.state.comparative = span.end, False
            self.state.neg_cue = (
                None
                if "neg" in kinds
                else next(
                    cast(tuple[Option, float], t[1])[0].id for t in span.tags if t[0] == "cue"
                )
            )
        return True

    def _per_item(self, n: int, span: Span, kinds: Kinds) -> bool:
        """Only suggests: "a monthly per-user fee" is a subscription (but a description's
        "they pay per treatment", in a statement about paying, says how they pay)."""
        if "per_item" not in kinds:
            return False
        self._emit(self.r.per_other, WEIGHT_CUE if self.stated else WEIGHT_WEAK, span)
        return True

    def _timed(self, n: int, span: Span, kinds: Kinds) -> bool:
        """A duration or a period, by the dimension's rules."""
        if self._price_count(span):
            return True
        if "period" in kinds and self._less_often(float(cast(float, kinds["period"])), span):
            return True  # how often they are in touch: the most frequent contact said
        if "duration" not in kinds and "period" not in kinds:
            return False
        key = "duration" if "duration" in kinds else "period"
        if (
            self.stated
            and key == "duration"
            and float(cast(float, kinds[key])) <= self.dv.visit_up_to
        ):
            return True  # "our visitors stay for about an hour": one visit, not the relationship
        rule = pick_rule(
            self.dv.durations if key == "duration" else self.dv.periods,
            float(cast(float, kinds[key])),
            self.words[max(0, span.start - 6) : span.end + 4],
        )
        if rule is not None:
            self._emit(self.r.resolve(rule.option), SURE if rule.sure else GUESS, span, True)
        return True

    def _less_often(self, days: float, span: Span) -> bool:
        """A period longer than the shortest said, that its rules read otherwise ("weekly with
        some, yearly with others": the most frequent counts); one they read alike ("the homes
        every week, the private ones every 6 weeks") is said of its own group and counts."""
        if days <= self.shortest:
            return False
        near = self.words[max(0, span.start - 6) : span.end + 4]
        mine = pick_rule(self.dv.periods, days, near)
        least = pick_rule(self.dv.periods, self.shortest, near)
        return mine is None or least is None or mine.option != least.option

    def _freq(self, n: int, span: Span, kinds: Kinds) -> bool:
        """ "often", "never": a frequency (not "lots of people", "lots don't": amounts)."""
        words = self.words
        if "freq" not in kinds or (
            "amount" in kinds
            and span.end < len(words)
            and (words[span.end] == "of" or words[span.end] in self.neg_starts_w)
        ):
            return False
        opt = self.r.resolve(self.dv.frequencies.get(str(kinds["freq"])))
        if "neg" in kinds:  # "never", "hardly": a negator, or a frequency on its own
            self.state.neg_end = span.end
            if opt is not None:
                self.state.fallback.append(Signal(opt, SURE, self._text(span), self.clause_no))
            return True
        self._emit(opt, SURE, span)
        return True

    def _amount(self, n: int, span: Span, kinds: Kinds) -> bool:
        if "amount" not in kinds:
            return False
        if self.stated and self._counts_time(n, span):
            return True  # "for several school years": how long, not how many of the people
        state = self.state
        level = str(kinds["amount"])
        if (
            state.neg_end >= 0
            and "neg" not in kinds
            and (self._reach(state.neg_end, span.start) <= self.v.negation_reach)
        ):
            # "not massively", "not most": the amount is what is denied
            level = NEGATED_AMOUNT[level]
            state.neg_end = -1
            state.fallback.clear()
        if "neg" in kinds and level != "none":  # "none" turns around by itself
            state.neg_end = span.end
        if level == "most":
            self.most.add(self.clause_no)
        if state.amount is not None and not state.amount_used:
            earlier = state.amount  # an earlier amount on its own ("a few, ...")
            state.amount = None
            state.fallback.extend(alone(self.r, earlier, self.clause_no))
        state.amount = (level, span.end, self._text(span))
        state.amount_used = False
        return True

    def _counts_time(self, n: int, span: Span) -> bool:
        """Whether an amount counts the duration right after it (one word may stand between)."""
        return any(
            "duration" in dict(later.tags) and later.start - span.end <= 1
            for later in self.spans[n + 1 : n + 3]
        )

    def _comparative(self, n: int, span: Span, kinds: Kinds) -> bool:
        """ "a collaboration rather than a sale"."""
        if "comp" not in kinds:
            return False
        self.state.neg_end, self.state.comparative = span.end, True
        return True

    def _negator(self, n: int, span: Span, kinds: Kinds) -> bool:
        """ "they wouldn't", not said on its own."""
        if "neg" not in kinds and "no" not in kinds:
            return False
        state = self.state
        without = self.words[span.start : span.end] == WITHOUT
        if (
            without
            and state.neg_end >= 0
            and not state.comparative
            and self._reach(state.neg_end, span.start) <= self.v.negation_reach
        ):
            # "won't decide without running it past me": two negations, a yes
            state.neg_end = -1
            state.fallback.clear()
            return True
        state.neg_end, state.comparative = span.end, False
        state.neg_cue = None
        # "without" only reaches its object: "without a single error all year"
        state.neg_reach = 1 if without else 0
        self.negator_seen = True
        return True
