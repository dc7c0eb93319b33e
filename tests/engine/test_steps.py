"""Step kinds: the registry, a new kind added as one class plus its registration, the typed
industry state (and sessions stored by the previous version), and the flow schema's rules."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.core.errors import DataError, DuplicateIdError, SchemaError
from bot.core.richtext import to_plain
from bot.engine.engine import Engine
from bot.engine.events import OptionChosen, TextInput
from bot.engine.flow_schema import StepSchema
from bot.engine.loader import parse_flow
from bot.engine.model import Flow, StepDef
from bot.engine.session import Session
from bot.engine.steps import KINDS, Host, Kind, kind_of, register
from bot.engine.steps.industry_state import Offer, Press, Stage
from bot.engine.turn import Turn
from tests.helpers import DEMO_FLOW


def test_every_kind_the_shipped_flows_use_is_registered(advisor: Advisor) -> None:
    used = {s.kind for flow in advisor.flows.values() for s in flow.steps.values()}
    assert used <= set(KINDS)
    assert {"choice", "text", "confirm", "industry", "dimension", "result", "message"} <= set(KINDS)
    assert [k for k in KINDS.values() if k.ends] == [KINDS["result"]]


class EchoSchema(StepSchema):
    """An echo step needs a slot."""

    needs_slot = True


class Echo(Kind):
    """A toy kind: says back what was typed, stores it, moves on."""

    name = "echo"
    schema = EchoSchema

    def text(self, host: Host, t: Turn, flow: Flow, step: StepDef, text: str) -> None:
        host.say(t, "engine.answer_noted", kind="notice", answer=text.upper())
        host.set(t, {step.slot or step.id: text})
        host.advance(t, flow, step, None)


ECHO_FLOW = """\
flow: echo
steps:
  - id: say
    kind: echo
    slot: said
    prompt: Say something
    next: done
  - id: done
    kind: result
"""


@pytest.fixture
def echo_registered() -> Iterator[None]:
    register(Echo())
    try:
        yield
    finally:
        del KINDS["echo"]


def test_a_new_kind_is_one_class_plus_its_registration(
    advisor: Advisor, echo_registered: None
) -> None:
    flow, errors = parse_flow(ECHO_FLOW, "flows/echo.yaml")
    assert errors == [] and flow is not None
    engine = Engine({"echo": flow}, advisor.brain, advisor.messages, default_flow="echo")
    out = engine.start(now=1.0)
    assert "Say something" in to_plain(out.replies[-1].text)
    assert out.session is not None
    done = engine.step(out.session, TextInput("hello there"), now=2.0)
    assert "HELLO THERE" in "\n".join(to_plain(r.text) for r in done.replies)
    assert done.session is not None and done.session.answers["said"] == "hello there"
    assert done.replies[-1].kind == "result"
    # its schema came with it: a step of the kind without a slot is refused
    broken, errors = parse_flow(ECHO_FLOW.replace("    slot: said\n", ""), "flows/echo.yaml")
    assert broken is None and [type(e) for e in errors] == [SchemaError]
    assert "an echo step" not in errors[0].render()  # the message names the kind as written
    assert "a echo step needs a 'slot'" in errors[0].render()


def test_an_unregistered_kind_is_refused_with_the_registered_ones() -> None:
    flow, errors = parse_flow(ECHO_FLOW, "flows/echo.yaml")
    assert flow is None
    assert "flows/echo.yaml:4" in errors[0].render() and "unknown kind 'echo'" in errors[0].render()


def test_industry_state_keeps_its_stored_form() -> None:
    offer = Offer(Stage.CANDIDATES, ("law_firm", "accountant"))
    assert offer.pending() == ("c", "law_firm", "accountant")
    assert Offer.read(offer.pending()) == offer
    assert Offer.read(("s",)) == Offer(Stage.SECTORS)
    assert Offer.read(()) is None and Offer.read(("zz", "x")) is None and Offer.read(("k",)) is None
    assert Press.read("i12") == Press(Stage.INDUSTRIES, 12) and Press(Stage.SECTORS, 3).id == "s3"
    assert Press.read("none") is None and Press.read("c") is None and Press.read("sx") is None


def _stored_by_previous_version(advisor: Advisor, pending: list[str]) -> Session:
    flow = advisor.flows["main"]
    # the JSON exactly as the previous version's Session.to_json wrote it
    raw = json.dumps(
        {
            "flow": "main",
            "flow_version": flow.version,
            "step": flow.start,
            "answers": {"industry_text": "stuff"},
            "history": [],
            "misses": 0,
            "turn": 2,
            "ask": 3,
            "lang": "en",
            "pending": pending,
            "told": [],
            "created": 1.0,
            "updated": 2.0,
            "v": 1,
        },
        separators=(",", ":"),
    )
    return Session.from_json(raw)


def test_a_session_stored_by_the_previous_version_resumes_its_offer(advisor: Advisor) -> None:
    sector = advisor.brain.sectors()[0]
    ids = [i.id for i in advisor.brain.industries_in_sector(sector.id)][:3]
    session = _stored_by_previous_version(advisor, ["i", *ids])
    engine = advisor.engine
    shown = engine.current(session)[-1]
    assert [c.id for c in shown.choices][:3] == ["i0", "i1", "i2"]
    out = engine.step(session, OptionChosen(session.step, "i1", session.ask), now=3.0)
    assert out.session is not None and out.session.answers["industry"] == ids[1]
    assert out.session.answers["industry_text"] == "stuff"


def test_an_unknown_industry_state_shows_the_question_again(advisor: Advisor) -> None:
    session = _stored_by_previous_version(advisor, ["zz", "x"])
    shown = advisor.engine.current(session)[-1]
    assert shown.kind == "prompt" and shown.choices[0].id == "s0"


GOOD = DEMO_FLOW
OPTIONS = "    options:\n      - {id: small, label: Small}\n      - {id: big, label: Big}\n"
BRANCHES = "    next:\n      - when: {slot: size, %s}\n        goto: done\n      - goto: done"

RULES = [  # (what is broken, the flow, error class, line, what the message says)
    (
        "no slot",
        GOOD.replace("    slot: size\n", ""),
        SchemaError,
        4,
        "a choice step needs a 'slot'",
    ),
    ("no options", GOOD.replace(OPTIONS, ""), SchemaError, 4, "a choice step needs 'options'"),
    (
        "empty options",
        GOOD.replace(OPTIONS, "    options: []\n"),
        SchemaError,
        8,
        "'options' must be a non-empty list",
    ),
    (
        "options on a result",
        GOOD + "    options: [{id: a, label: A}]\n",
        SchemaError,
        14,
        "a result step takes no 'options'",
    ),
    (
        "option no mapping",
        GOOD.replace("      - {id: small, label: Small}\n", "      - small\n"),
        SchemaError,
        9,
        "each option must be a mapping",
    ),
    (
        "option without label",
        GOOD.replace("{id: small, label: Small}", "{id: small}"),
        SchemaError,
        9,
        "missing 'label'",
    ),
    (
        "bad synonyms",
        GOOD.replace("label: Small}", "label: Small, synonyms: x}"),
        SchemaError,
        9,
        "'synonyms' must be a list of strings",
    ),
    (
        "option key",
        GOOD.replace("label: Small}", "label: Small, nxt: a}"),
        SchemaError,
        9,
        "did you mean 'next'",
    ),
    (
        "duplicate option",
        GOOD.replace("{id: big,", "{id: small,"),
        DuplicateIdError,
        10,
        "option id 'small' is used twice",
    ),
    (
        "skippable",
        GOOD.replace("    slot: size\n", "    slot: size\n    skippable: maybe\n"),
        SchemaError,
        7,
        "'skippable' must be true or false",
    ),
    (
        "max_length",
        GOOD.replace("    slot: size\n", "    slot: size\n    max_length: 0\n"),
        SchemaError,
        7,
        "'max_length' must be a positive whole number",
    ),
    (
        "bad slot",
        GOOD.replace("slot: size", "slot: Size"),
        SchemaError,
        6,
        "slot 'Size' is not a valid id",
    ),
    (
        "no dimension",
        GOOD + "  - id: d\n    kind: dimension\n    next: done\n",
        SchemaError,
        14,
        "a dimension step needs 'dimension",
    ),
    (
        "no English",
        GOOD.replace("prompt: How big?", "prompt: {de: Wie gross?}"),
        SchemaError,
        7,
        "'prompt' has translations but no 'en'",
    ),
    (
        "prompt list",
        GOOD.replace("prompt: How big?", "prompt: [a]"),
        SchemaError,
        7,
        "'prompt' must be a non-empty string",
    ),
    (
        "next mapping",
        GOOD.replace("next: done", "next: {a: b}"),
        SchemaError,
        11,
        "'next' must be a step id or a list",
    ),
    (
        "branch without goto",
        GOOD.replace(
            "    next: done", "    next:\n      - when: {slot: size, eq: big}\n      - goto: done"
        ),
        SchemaError,
        12,
        "each branch needs 'goto",
    ),
    (
        "when scalar",
        GOOD.replace("    next: done", BRANCHES.replace("{slot: size, %s}", "big")),
        SchemaError,
        12,
        "'when' must be a mapping",
    ),
    (
        "when operator",
        GOOD.replace("    next: done", BRANCHES % "eqq: big"),
        SchemaError,
        12,
        "did you mean 'eq'",
    ),
    (
        "in scalar",
        GOOD.replace("    next: done", BRANCHES % "in: big"),
        SchemaError,
        12,
        "'in' needs a non-empty list",
    ),
    (
        "eq list",
        GOOD.replace("    next: done", BRANCHES % "eq: [big]"),
        SchemaError,
        12,
        "'eq' needs a single value",
    ),
    (
        "flow key",
        GOOD.replace("start: ask", "start: ask\ntitel: x"),
        SchemaError,
        3,
        "did you mean 'title'",
    ),
    (
        "no flow id",
        GOOD.replace("flow: demo\n", ""),
        SchemaError,
        1,
        "missing or invalid 'flow' id None",
    ),
    ("step no mapping", GOOD + "  - hello\n", SchemaError, 14, "each step must be a mapping"),
    (
        "step without id",
        GOOD.replace("  - id: done\n", "  - "),
        SchemaError,
        12,
        "step without 'id'",
    ),
    (
        "start list",
        GOOD.replace("start: ask", "start: [ask]"),
        SchemaError,
        2,
        "'start' must be a step id",
    ),
]


@pytest.mark.parametrize(
    ("text", "cls", "line", "says"), [r[1:] for r in RULES], ids=[r[0] for r in RULES]
)
def test_each_schema_rule_names_its_line_and_class(
    text: str, cls: type[DataError], line: int, says: str
) -> None:
    flow, errors = parse_flow(text, "flows/demo.yaml")
    assert flow is None
    assert [type(e) for e in errors] == [cls], [e.render() for e in errors]
    assert f"flows/demo.yaml:{line}:" in errors[0].render() and says in errors[0].render()


def test_kinds_are_dispatched_not_compared() -> None:
    """No module of the engine decides by comparing a step's kind to a name."""
    root = Path(__file__).resolve().parents[2]
    compare = re.compile(r"""\bkind\s*(==|!=|\bin\b|\bnot in\b)\s*[("']""")
    offenders = [
        f"{p.relative_to(root)}:{n}"
        for p in (root / "bot" / "engine").rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if compare.search(line)
    ]
    assert offenders == []
    assert kind_of(StepDef("x", "choice", "?")) is KINDS["choice"]


IMPORT_EACH = """
import importlib, pathlib, sys
failed = []
for path in sorted(pathlib.Path("bot/engine").rglob("*.py")):
    name = ".".join(path.with_suffix("").parts).removesuffix(".__init__")
    for loaded in [m for m in sys.modules if m == "bot" or m.startswith("bot.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as exc:
        failed.append(f"{name}: {exc}")
print("\\n".join(failed))
"""


@pytest.mark.slow
def test_every_engine_module_imports_first() -> None:
    """Whichever engine module is imported first, no import cycle breaks it."""
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH], capture_output=True, text=True, cwd=root, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""
