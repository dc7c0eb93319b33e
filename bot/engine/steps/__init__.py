"""The step kinds, one module each, registered here (a new kind: its file and one line below).

`kind_of(step)` is a step's kind; `handler(step, pending)` is who handles it now (a sub-step,
such as the answer check, while one is pending).
"""

from bot.engine.step_kind import KINDS, SKIP, SUBSTEPS, Host, Kind, handler, kind_of, register
from bot.engine.steps.answer_check import AnswerCheck
from bot.engine.steps.choice import ChoiceStep
from bot.engine.steps.confirm import ConfirmStep
from bot.engine.steps.dimension import DimensionStep
from bot.engine.steps.industry import Industry
from bot.engine.steps.message import MessageStep
from bot.engine.steps.result import ResultStep
from bot.engine.steps.share import ShareStep
from bot.engine.steps.text import TextStep
from bot.engine.steps.told_check import ToldCheck

register(
    ChoiceStep(),
    ShareStep(),
    TextStep(),
    ConfirmStep(),
    Industry(),
    DimensionStep(),
    ResultStep(),
    MessageStep(),
)
register(AnswerCheck())
register(ToldCheck())

__all__ = ["KINDS", "SKIP", "SUBSTEPS", "Host", "Kind", "handler", "kind_of", "register"]
