"""What every step kind is: the `Kind` base class, the `Host` it talks to, and the registry.

A kind owns what differs from one kind of step to another: its prompt, its buttons, how it reads
typed text and a button press, its schema and checks, and its shape in a diagram. The engine
(the `Host`) owns what is common: moving on, the re-prompt ladder, the FAQ, commands. Kinds
register in `bot/engine/steps/__init__.py`; nothing else names them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Protocol

from bot.core.errors import DataError, Location
from bot.engine.flow_schema import StepSchema
from bot.engine.matching import Candidate, match_option
from bot.engine.model import Flow, StepDef
from bot.engine.picks import option_number
from bot.engine.replies import Choice, ReplyKind
from bot.engine.turn import Turn

if TYPE_CHECKING:
    from bot.contracts import Assessment, Brain
    from bot.core.messages import Messages
    from bot.engine.picks import PickWords

SKIP = "skip"  # the id of the Skip button, at any step


class Host(Protocol):
    """The engine's services a step kind may use."""

    brain: Brain
    messages: Messages

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
    ) -> None: ...
    def ask(self, t: Turn, flow: Flow, step: StepDef) -> None: ...
    def prompt(self, t: Turn, flow: Flow, step: StepDef) -> None: ...
    def choices(
        self, t: Turn, flow: Flow, step: StepDef, *, now: bool = True
    ) -> tuple[Choice, ...]: ...
    def choose(self, t: Turn, flow: Flow, step: StepDef, option: str) -> None: ...
    def advance(self, t: Turn, flow: Flow, step: StepDef, option: str | None) -> None: ...
    def enter(self, t: Turn, flow: Flow, step: StepDef) -> None: ...
    def miss(self, t: Turn, flow: Flow, step: StepDef) -> None: ...
    def faq(self, t: Turn, flow: Flow, step: StepDef, text: str) -> bool: ...
    def set(self, t: Turn, values: Mapping[str, str]) -> None: ...
    def pend(self, t: Turn, pending: tuple[str, ...]) -> None: ...
    def pick_words(self, lang: str) -> PickWords: ...
    def settled(self, t: Turn, flow: Flow, step: StepDef) -> bool: ...
    def assess(self, t: Turn, flow: Flow) -> Assessment: ...
    def industry_slot(self, flow: Flow) -> str: ...
    def restart(self, t: Turn, words: str = "") -> None: ...
    def back(self, t: Turn, flow: Flow, *, prompt: bool = True) -> None: ...


class Kind:
    """A step kind; the defaults fit a step that asks and stores one answer."""

    name: ClassVar[str] = ""
    asks: ClassVar[bool] = True  # waits for the person (counts as a question)
    ends: ClassVar[bool] = False  # ends the flow (the result)
    passes: ClassVar[bool] = False  # speaks and moves on by itself
    in_flows: ClassVar[bool] = True  # may be written in a flow file
    parent: ClassVar[str] = ""  # a sub-step: the kind of step it belongs to…
    marker: ClassVar[str] = ""  # …and its mark in `Session.pending[0]`
    describes_business: ClassVar[bool] = False  # fills the slot the verdict reads the trade from
    offers_now: ClassVar[bool] = False  # may offer "See the result now"
    takes_shares: ClassVar[bool] = False  # answered by a share of the revenue said earlier
    skip_button: ClassVar[bool] = True  # a Skip button after two misses (if skippable)
    skip_notice: ClassVar[str] = "engine.skipped"
    dot_style: ClassVar[tuple[str, ...]] = ()  # Graphviz attributes of its box in a diagram
    schema: ClassVar[type[StepSchema]] = StepSchema  # what a step of this kind may say

    # -- what the flow and the diagrams see

    def slots(self, step: StepDef) -> tuple[str, ...]:
        """Every slot a step of this kind fills."""
        return (step.slot,) if step.slot else ()

    def dimension_of(self, step: StepDef) -> str | None:
        """The knowledge base's dimension this step asks about, if any."""
        return None

    def answered(self, step: StepDef, answers: Mapping[str, str]) -> bool:
        """Whether the step is already answered (from what the person said) and passed by."""
        return False

    def check(self, flow: Flow, step: StepDef) -> list[DataError]:
        """Problems of the flow's shape particular to a step of this kind."""
        return []

    def check_answers(
        self, flow: Flow, step: StepDef, answers: Mapping[str, Iterable[str]]
    ) -> list[DataError]:
        """Problems with the knowledge base's answers (dimension id -> answer ids)."""
        return []

    # -- the conversation

    def start_with(self, host: Host, t: Turn, flow: Flow, step: StepDef, payload: str) -> bool:
        """Take a deep-link payload as the first answer; False if it means nothing here."""
        return False

    def first_words(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> bool:
        """Take text sent before any interview as the first answer; False if it cannot."""
        return False

    def pass_by(self, host: Host, t: Turn, step: StepDef) -> None:
        """What a step that moves on by itself says on the way."""

    def arrive(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        """The flow reached this step: ask it."""
        host.prompt(t, flow, step)

    def prompt(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        """Show the question with its buttons."""
        host.ask(t, flow, step)

    def explain(self, host: Host, t: Turn, flow: Flow, step: StepDef, question: str) -> None:
        """A question asked back ("what do you mean?"): by default, as /why."""
        self.why(host, t, flow, step)

    def why(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        """/why: why this step asks what it asks (by default: how the interview works)."""
        host.say(t, "engine.why_general", kind="notice")
        host.prompt(t, flow, step)

    def buttons(self, host: Host, t: Turn, flow: Flow, step: StepDef, *, now: bool) -> list[Choice]:
        """The step's own buttons (`now`: whether "See the result now" may be worked out)."""
        return []

    def choices(
        self, host: Host, t: Turn, flow: Flow, step: StepDef, *, now: bool = True
    ) -> tuple[Choice, ...]:
        """Every button shown, Skip included once the person seems stuck."""
        base = self.buttons(host, t, flow, step, now=now)
        if self.skip_button and step.skippable and t.session.misses >= 2:
            base.append(Choice(SKIP, host.messages.plain("engine.skip_button", t.lang)))
        return tuple(base)

    def candidate(self, host: Host, step: StepDef, choice: Choice) -> Candidate:
        """A button as typed text may name it."""
        return Candidate(choice.id, choice.label)

    def text(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> None:
        """Typed text: a button it names, else an FAQ answer, else the re-prompt ladder."""
        choices = host.choices(t, flow, step)
        chosen = match_option(text, [self.candidate(host, step, c) for c in choices])
        if chosen is None:
            at = option_number(text, len(choices), host.pick_words(t.lang))
            chosen = None if at is None else choices[at].id  # "option 3", "the third one"
        if chosen is not None:
            host.choose(t, flow, step, chosen)
        elif not host.faq(t, flow, step, text):
            host.miss(t, flow, step)

    def choose(self, host: Host, t: Turn, flow: Flow, step: StepDef, option: str) -> None:
        """A button pressed (or named): store it and move on."""
        host.set(t, {step.slot or step.id: option})
        host.advance(t, flow, step, option)

    def skip(self, host: Host, t: Turn, flow: Flow, step: StepDef) -> None:
        """/skip or the Skip button."""
        if not step.skippable:
            host.say(t, "engine.cannot_skip", kind="notice")
            host.prompt(t, flow, step)
            return
        host.say(t, self.skip_notice, kind="notice")
        host.advance(t, flow, step, None)


KINDS: dict[str, Kind] = {}  # flow kinds by name
SUBSTEPS: dict[tuple[str, str], Kind] = {}  # (parent kind, pending mark) -> sub-step


def register(*kinds: Kind) -> None:
    """Make kinds known (the one line a new kind adds, in `steps/__init__.py`)."""
    for kind in kinds:
        if kind.parent:
            SUBSTEPS[(kind.parent, kind.marker)] = kind
        else:
            KINDS[kind.name] = kind


def kind_of(step: StepDef) -> Kind:
    """The kind of a step."""
    return KINDS[step.kind]


def handler(step: StepDef, pending: tuple[str, ...]) -> Kind:
    """Who handles the step now: a sub-step its pending state names, or its kind."""
    if pending:
        sub = SUBSTEPS.get((step.kind, pending[0]))
        if sub is not None:
            return sub
    return KINDS[step.kind]


def flow_error(
    cls: type[DataError],
    flow: Flow,
    step: StepDef | None,
    message: str,
    line: int | None = None,
    fix: str | None = None,
) -> DataError:
    """A logic error naming the flow file:line and step."""
    where = Location(flow.path, line or (step.line if step else None))
    return cls(message, where, flow=flow.id, step=step.id if step else None, hint=fix)
