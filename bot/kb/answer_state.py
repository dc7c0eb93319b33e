"""The state of a pass over an answer's spans, and how one cue becomes a signal."""

from __future__ import annotations

from typing import cast

from bot.contracts import OptionSide
from bot.kb.answer_decide import alone
from bot.kb.answer_index import DimReader
from bot.kb.answer_types import (
    AMOUNT_REACH,
    BARE_NO_WORDS,
    FAR_PART,
    SURE,
    Clause,
    Signal,
    Span,
    option_side,
)
from bot.kb.answer_vocab import BREAK, AnswerVocab
from bot.kb.answer_words import (
    INTERJECTED_NO,
    NEW_SUBJECTS,
    NOT_A_NO,
    REFUSING,
    SUBJECTS_AFTER_NO,
    clause_ids,
)
from bot.kb.model import Option


class SignalState:
    """What a pass over an answer's spans has read so far, and how a cue becomes a signal
    (negators, amounts, a clause that only says no)."""

    def __init__(
        self,
        reader: DimReader,
        vocab: AnswerVocab,
        words: tuple[str, ...],
        raw: tuple[str, ...],
        spans: list[Span],
        stated: bool,
    ) -> None:
        self.r, self.v, self.dv = reader, vocab, reader.dv
        self.words, self.raw, self.spans, self.stated = words, raw, spans, stated
        self.signals: list[Signal] = []
        self.uncertain = False
        self.most: set[int] = set()
        self.opening = True  # no span but "maybe"/"probably" read yet
        self.first = False
        self.prev: Span | None = None
        self.neg_starts = {p[:1] for p in vocab.negators}
        self.neg_starts_w = {p[0] for p in vocab.negators}
        self.negator_seen = False
        self.clause_no = 0  # counts clauses and groups ("... but ...")
        self.mark = 0  # the clause (between punctuation) the last span stood in
        self.state = Clause()
        self.clause_words = clause_ids(words)
        self.shortest = min(
            (
                float(cast(float, t[1]))
                for sp in spans
                for t in sp.tags
                if t[0] == "period" and not self._price_count(sp)
            ),
            default=0.0,
        )

    # --- helpers -------------------------------------------------------------------------------
    def _price_count(self, span: Span) -> bool:
        """Whether a span counts visits ("twice a year", "two cuts a month") in a dimension of
        prices (one that reads "per <thing>" as a price): how often they buy is no price."""
        return self.r.per_other is not None and any(t[0] == "count" for t in span.tags)

    def _text(self, span: Span) -> str:
        return " ".join(self.raw[span.start : span.end])

    def _reach(self, since: int, upto: int) -> int:
        return sum(1 for k in range(since, upto) if self.words[k] not in self.v.fillers)

    def _new_subject(self, since: int, upto: int) -> bool:
        """Whether a subject pronoun two or more words after `since` starts a new statement."""
        return any(
            self.words[k] in NEW_SUBJECTS and self._reach(since, k) >= 2 for k in range(since, upto)
        )

    def _answered_no(self, neg_end: int) -> bool:
        """ "nah anyone can walk a dog": an opening "nah" answers the question, and a subject
        right after it starts the statement it does not reach."""
        at = neg_end - 1
        return (
            self.words[at] in INTERJECTED_NO
            and (all(w in self.v.fillers for w in self.words[:at]) or self.group_said(at))
            and at + 1 < len(self.words)
            and self.words[at + 1] in SUBJECTS_AFTER_NO
        )

    def group_said(self, at: int) -> bool:
        """Whether word `at` follows a group that opens its clause ("landlords no, they stay",
        "the agency wouldn't"): what comes next is that group's own answer."""
        clause = self.clause_words[at]
        groups = [sp for sp in self.spans if sp.end <= at and any(t == "group" for t, _ in sp.tags)]
        return any(
            sp.end == at
            and all(
                self.words[k] in self.v.fillers or any(g.start <= k < g.end for g in groups)
                for k in range(at)
                if self.clause_words[k] == clause and self.words[k] != BREAK
            )
            for sp in groups
        )

    # --- closing a clause ----------------------------------------------------------------------
    def _close(self) -> None:
        state = self.state
        if (
            state.neg_end >= 0
            and not state.comparative
            and not self.stated
            and not state.fallback
            and (
                state.amount is None or (not state.amount_used and state.neg_end > state.amount[1])
            )
            and not any(s.clause == self.clause_no for s in self.signals)
            and sum(1 for k in self.clause_words if k == self.mark) <= 3
            and self.words[state.neg_end - 1] not in REFUSING
        ):
            self._short_no()
        self.signals.extend(state.fallback)
        if state.amount is not None and not state.amount_used:
            self.signals.extend(alone(self.r, state.amount, self.clause_no))

    def _short_no(self) -> None:
        """ "switching is a nightmare, they won't": a short clause that only says no; "a few
        stay, lots don't": so many people say no."""
        state, r = self.state, self.r
        opt = r.resolve(self.dv.no)
        origin: OptionSide | None = None
        if opt is not None and state.amount is not None:
            state.amount_used = True
            level = state.amount[0]
            if level == "none":
                opt = r.opposite(opt)
            elif level == "part" and r.middle is not None:
                origin, opt = option_side(opt.score), r.middle
            elif level == "most":
                self.most.add(self.clause_no)
        if opt is not None:
            where = [
                k
                for k in range(len(self.raw))
                if self.clause_words[k] == self.mark and self.raw[k] != BREAK
            ]
            self.signals.append(
                Signal(
                    opt,
                    SURE,
                    " ".join(self.raw[k] for k in where),
                    self.clause_no,
                    origin,
                    at=(where[0], where[-1] + 1),
                )
            )

    def _bare_no(self) -> None:
        """ "they wouldn't", "I don't think they would": a bare no (not "lost without us")."""
        content = [w for w in self.words if w != BREAK]
        if (
            not self.signals
            and self.negator_seen
            and not self.stated
            and (len(content) <= BARE_NO_WORDS and content[0] not in NOT_A_NO | REFUSING)
        ):
            opt = self.r.resolve(self.dv.no)
            if opt is not None:
                self.signals.append(Signal(opt, SURE, " ".join(self.raw), self.clause_no))

    # --- a signal ------------------------------------------------------------------------------
    def _emit(
        self,
        opt: Option | None,
        weight: float,
        span: Span,
        timed: bool = False,
        people: bool = False,
    ) -> None:
        if opt is None:
            return
        negated = self._negates(opt, span, timed)
        said = self._text(span)
        origin: OptionSide | None = None
        far = False
        amount = self.state.amount
        if amount is not None and self._reach(amount[1], span.start) <= AMOUNT_REACH:
            first_use = not self.state.amount_used
            self.state.amount_used = True
            said = f"{amount[2]} … {said}"
            if amount[0] == "most":
                self.most.add(self.clause_no)
                if people and self.r.per_other is None and self._reach(amount[1], span.start) == 0:
                    # "mostly regulars": most people are that group (which says nothing of
                    # how they pay: "most agency clients are on a monthly retainer")
                    weight = max(weight, SURE)
            if amount[0] == "none":
                negated = not negated
            elif amount[0] == "part" and abs(opt.score) > 0.33 and not negated:
                origin = option_side(opt.score)
                if self.r.middle is None:
                    return
                opt = self.r.middle
                far = self._reach(amount[1], span.start) >= FAR_PART
                # "some of them are friends after 15 years": one part, one middle signal
                weight = weight if first_use else 0.0
        if negated:
            said = f"not … {said}"
            flipped = self.r.opposite(opt)
            if flipped is None:
                return
            opt = flipped
        # (a cue that names a length of time, "in a year's time", is timed too)
        timed = timed or any(w in self.v.units for w in self.words[span.start : span.end])
        where = (span.start, span.end)
        self.signals.append(
            Signal(opt, weight, said, self.clause_no, origin, people, where, far, timed)
        )

    def _negates(self, opt: Option, span: Span, timed: bool) -> bool:
        """Whether a pending negator reaches this cue (and every cue of its verb phrase: "they
        wouldn't switch or move"); a cue that starts with a negator has it already ("won't
        ... without asking"), and "nothing between orders" is not turned by its own
        "nothing"."""
        state = self.state
        if (
            state.neg_end >= 0
            and self._reach(state.neg_end, span.start) <= (state.neg_reach or self.v.negation_reach)
            and not self._new_subject(state.neg_end, span.start)
            and not self._answered_no(state.neg_end)
            and (self.words[span.start : span.start + 1] not in self.neg_starts)
            and not (timed and state.comparative)
            and opt.id != state.neg_cue
        ):
            state.fallback.clear()
            return True
        return False
