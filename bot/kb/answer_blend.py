"""The rules' reading and the learned model's odds, made one reading.

The rules' side adds to the model's log-odds (a sure reading more than a guess), so the two
agreeing is read at once, a confident model overrules a rule that misread, and an answer the
rules could not read gets the model's best guess to confirm. Only a combined probability of
SURE or more is read without asking: a misreading costs a wrong verdict, a question costs a
tap. The constants were set on answer sets the model had not been trained on
(docs/knowledge.md, "The learned second opinion").
"""

from __future__ import annotations

import math

from bot.contracts import AnswerReading, ReadStatus
from bot.kb.answer_model import SIDES, SideOdds
from bot.kb.answer_types import option_side
from bot.kb.model import Dimension

TEMPERATURE = 1.2  # the model is over-sure on answers unlike its training: soften its odds
RULE_READ = 2.0  # log-odds a sure rule reading adds to its side
RULE_GUESS = 1.0  # ... and a rule's guess
SURE = 0.9  # combined probability read without asking
SURE_AGREED = 0.7  # ... when it is the side the rules read (two voices agreeing)
# To propose what the rules could not read, the model must know this many of the answer's words
# (not function words) and lean this far: off-topic text ("the weather is nice") says nothing.
MIN_KNOWN = 2
PROPOSE = 0.5
# An end of the scale is asked about, not read, while the model gives the middle this much: most
# silent misreadings left were two-group answers read as one of their groups.
MIXED_DOUBT = 0.25
# How the words normalise "%" ("50%" -> "50 percent"): the model reads words, not figures, so a
# rules' reading resting on a figure ("maybe 50% of the time") is not overruled silently.
FIGURE = "percent"


def blend(
    dim: Dimension, rules: AnswerReading, odds: SideOdds, hedged: bool = False
) -> AnswerReading:
    """One reading from the rules' and the model's; a `hedged` answer ("probably", "I think")
    is read without asking only when the rules read it so."""
    if rules.status == "unread" and odds.known < MIN_KNOWN:
        return rules
    score = [math.log(max(p, 1e-12)) / TEMPERATURE for p in odds.probs]
    if rules.side is not None:
        score[SIDES.index(rules.side)] += RULE_READ if rules.status == "read" else RULE_GUESS
    top = max(score)
    exp = [math.exp(s - top) for s in score]
    k = max(range(3), key=exp.__getitem__)
    side = SIDES[k]
    if rules.side == "mixed" and rules.status != "unread" and _several(dim, side):
        # the model knows sides, not options: "a monthly fee plus extras billed hourly" is a
        # retainer and project fees, both client-side: the rules' "a mix of these" is asked about
        return AnswerReading(dim.id, "confirm", rules.option, rules.side, rules.why)
    if rules.status == "read" and side != rules.side and any(FIGURE in w for w in rules.why):
        return AnswerReading(dim.id, "confirm", rules.option, rules.side, rules.why)
    bar = SURE_AGREED if rules.status == "read" and rules.side == side else SURE
    share = exp[k] / sum(exp)
    if rules.status == "unread" and share < PROPOSE:
        return rules
    sure = share >= bar and (not hedged or rules.status == "read")
    if side != "mixed" and odds.probs[1] >= MIXED_DOUBT:
        sure = False  # ("the trade stay for years, the public come once" read as "years")
    if rules.side == side and rules.option is not None:
        status: ReadStatus = "read" if sure else "confirm"
        return AnswerReading(dim.id, status, rules.option, side, rules.why or odds.words)
    mine = [o for o in dim.options if option_side(o.score) == side]
    if not mine:
        return rules
    # several options on that side ("retainer", "project fees") and no rule to pick: ask
    status = "read" if sure and len(mine) == 1 else "confirm"
    return AnswerReading(dim.id, status, mine[0].id, side, odds.words)


def _several(dim: Dimension, side: str) -> bool:
    """Whether `side` (an end of the scale) has more than one option in `dim`."""
    return side != "mixed" and sum(option_side(o.score) == side for o in dim.options) > 1
