"""Reading free-text answers to dimension questions (`advisor answer`).

Baseline: an answer is read when it names an option (number, label, synonym, small typos),
else unread. `stated` proposes, for a dimension that a description's strong cue phrases
(knowledge/dimensions.yaml) all put on one side, that side's answer, as a guess to confirm.
"""

from __future__ import annotations

from bot.engine.brain import AnswerReading, OptionSide
from bot.engine.matching import Candidate, match_option
from bot.kb.cues import CueIndex
from bot.kb.model import Dimension, KnowledgeBase

STRONG_CUE = 1.0  # only phrases this telling state an answer ("for years", "monthly retainer")


def option_side(score: float) -> OptionSide:
    """An option's place on the client-customer scale from its score (-1..1)."""
    if score > 0.33:
        return "client"
    if score < -0.33:
        return "customer"
    return "mixed"


class AnswerReader:
    """Reads typed answers against the knowledge base's dimensions."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._dims: dict[str, Dimension] = {d.id: d for d in kb.dimensions if d.options}
        self._cues = CueIndex(kb.cues)

    def read(self, dimension_id: str, text: str) -> AnswerReading:
        """How `text` answers the question of `dimension_id` (unknown dimension: unread)."""
        dim = self._dims.get(dimension_id)
        if dim is None:
            return AnswerReading(dimension_id, "unread")
        chosen = match_option(text, [Candidate(o.id, o.label, o.synonyms) for o in dim.options])
        opt = dim.option(chosen) if chosen else None
        if opt is None:
            return AnswerReading(dimension_id, "unread")
        return AnswerReading(dimension_id, "read", opt.id, option_side(opt.score))

    def stated(self, text: str) -> dict[str, AnswerReading]:
        """Dimensions a description answers clearly: strong cues, all on one side."""
        out: dict[str, AnswerReading] = {}
        hits = self._cues.scan(text[:4000]).hits
        for dim in self._dims.values():
            mine = [h for h in hits if h.cue.dimension == dim.id]
            sides = {h.side for h in mine}
            if len(sides) != 1 or max(h.weight for h in mine) < STRONG_CUE:
                continue
            side = sides.pop()
            ranked = sorted(dim.options, key=lambda o: o.score, reverse=side == "client")
            opt = ranked[0]
            out[dim.id] = AnswerReading(dim.id, "confirm", opt.id, option_side(opt.score),
                                        tuple(h.quote for h in mine))
        return out
