"""Every flow validation error class, each from a small broken flow, names file:line and a fix."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from bot.advisor import load_flows
from bot.core.errors import (
    DataError,
    DeadEndError,
    DuplicateIdError,
    MissingDefaultError,
    MissingOptionError,
    SchemaError,
    SlotOrderError,
    UnknownReferenceError,
    UnknownTargetError,
    UnreachableStepError,
    YamlSyntaxError,
)
from bot.engine.flow_checks import check_flow
from bot.engine.loader import parse_flow
from tests.helpers import DEMO_FLOW

ROOT = Path(__file__).resolve().parents[2]
DIMS = {"industry", "relationship", "payment", "loyalty", "specialization"}

GOOD = DEMO_FLOW


def errors_of(text: str, dims: Iterable[str] | None = DIMS) -> list[DataError]:
    flow, errors = parse_flow(text, "flows/demo.yaml")
    if flow is not None and not errors:
        errors = check_flow(flow, dims)
    return errors


def only(text: str, cls: type[DataError], dims: Iterable[str] | None = DIMS) -> DataError:
    errors = errors_of(text, dims)
    assert [type(e) for e in errors] == [cls], [e.render() for e in errors]
    return errors[0]


def test_good_flow_has_no_errors() -> None:
    assert errors_of(GOOD) == []


def test_yaml_syntax_error_names_line() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_flow("flow: demo\nsteps:\n  - id: [a\n", "flows/demo.yaml")
    assert "flows/demo.yaml:" in str(info.value)


def test_unknown_key_suggests_the_right_one() -> None:
    errors = errors_of(GOOD.replace("    prompt: How big?", "    promt: How big?"))
    assert all(isinstance(e, SchemaError) for e in errors)
    text = errors[0].render()
    assert "flows/demo.yaml:7" in text and "did you mean 'prompt'" in text
    assert "step 'ask'" in text and "flow 'demo'" in text


def test_unknown_kind_suggests_the_right_one() -> None:
    err = errors_of(GOOD.replace("kind: choice", "kind: choise"))[0]
    assert isinstance(err, SchemaError)
    assert "did you mean 'choice'" in err.render() and "demo.yaml:5" in err.render()


def test_missing_prompt_is_a_schema_error() -> None:
    err = only(GOOD.replace("    prompt: How big?\n", ""), SchemaError)
    assert "missing 'prompt'" in err.render()


def test_duplicate_step_id() -> None:
    text = GOOD + "  - id: done\n    kind: result\n"
    err = only(text, DuplicateIdError)
    assert "demo.yaml:14" in err.render() and "first at line 12" in err.render()


def test_duplicate_option_id() -> None:
    err = only(GOOD.replace("{id: big, label: Big}", "{id: small, label: Big}"), DuplicateIdError)
    assert "option id 'small'" in err.render() and "demo.yaml:10" in err.render()


def test_unknown_next_with_did_you_mean() -> None:
    err = only(GOOD.replace("next: done", "next: dne"), UnknownTargetError)
    assert "'dne'" in err.render() and "did you mean 'done'" in err.render()
    assert "demo.yaml:11" in err.render()


def test_unreachable_step() -> None:
    text = GOOD + "  - id: orphan\n    kind: message\n    prompt: hi\n    next: done\n"
    err = only(text, UnreachableStepError)
    assert "step 'orphan'" in err.render() and "demo.yaml:14" in err.render()


def test_dead_end() -> None:
    err = only(GOOD.replace("    next: done\n", ""), DeadEndError)
    assert "nowhere to go" in err.render() and "kind: result" in err.render()


def test_slot_read_before_it_is_set() -> None:
    text = GOOD.replace(
        "    next: done\n",
        (
            "    next:\n"
            "      - when: {slot: colour, eq: red}\n"
            "        goto: done\n"
            "      - goto: done\n"
        ),
    )
    err = only(text, SlotOrderError)
    assert "slot 'colour'" in err.render() and "demo.yaml:12" in err.render()


def test_slot_set_on_only_one_path_is_an_error() -> None:
    text = """\
flow: demo
start: first
steps:
  - id: first
    kind: choice
    slot: path
    prompt: Which way?
    options:
      - {id: a, label: A, next: ask_colour}
      - {id: b, label: B, next: check}
  - id: ask_colour
    kind: text
    slot: colour
    prompt: Colour?
    next: check
  - id: check
    kind: message
    prompt: Checking
    next:
      - when: {slot: colour, eq: red}
        goto: done
      - goto: done
  - id: done
    kind: result
"""
    err = only(text, SlotOrderError)
    assert "step 'check'" in err.render()


def test_condition_without_default() -> None:
    text = GOOD.replace(
        "    next: done\n", ("    next:\n      - when: {slot: size, eq: big}\n        goto: done\n")
    )
    err = only(text, MissingDefaultError)
    assert "default branch" in err.render() and "demo.yaml:12" in err.render()


def test_unknown_dimension_with_did_you_mean() -> None:
    text = GOOD + ("  - id: pay\n    kind: dimension\n    dimension: paymnet\n    next: done\n")
    text = text.replace("    next: done\n  - id: done", "    next: pay\n  - id: done", 1)
    err = only(text, UnknownReferenceError)
    assert "unknown dimension 'paymnet'" in err.render()
    assert "did you mean 'payment'" in err.render()


def test_all_errors_are_reported_together() -> None:
    text = GOOD.replace("next: done", "next: nowhere").replace(
        "kind: result", "kind: message\n    prompt: Bye"
    )
    kinds = {type(e) for e in errors_of(text)}
    assert {UnknownTargetError, DeadEndError} <= kinds


def test_overlong_id_is_a_schema_error() -> None:
    errors = errors_of(GOOD.replace("{id: big,", "{id: b" + "x" * 24 + ","))
    assert [type(e) for e in errors] == [SchemaError]
    assert "not a valid id" in errors[0].render() and "24 characters" in errors[0].render()


def test_duplicate_flow_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(GOOD)
    (tmp_path / "two.yaml").write_text(GOOD)
    _, errors = load_flows([tmp_path], DIMS)
    assert [type(e) for e in errors] == [DuplicateIdError]
    assert "one.yaml" in errors[0].render()


@pytest.mark.e2e
def test_validate_command_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text(GOOD.replace("next: done", "next: dne"))
    run = subprocess.run(
        [sys.executable, "-m", "bot", "validate", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 1
    assert f"{bad}:11" in run.stderr and "did you mean 'done'" in run.stderr


@pytest.mark.e2e
def test_validate_command_passes_on_the_shipped_data() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bot", "validate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "flow main" in run.stdout


def test_unknown_ask_if_condition_names_line_and_the_right_one() -> None:
    text = GOOD.replace(
        "    prompt: How big?", "    prompt: How big?\n    ask_if: answers_point_two_way"
    )
    err = only(text, SchemaError)
    assert "flows/demo.yaml:8" in err.render()
    assert "did you mean 'answers_point_two_ways'" in err.render()


RELABEL = """\
flow: demo
start: pay
steps:
  - id: pay
    kind: dimension
    dimension: payment
    options:
      - {id: retainer, label: On retainer}
      - {id: retaner, label: Oops}
    next: done
  - id: done
    kind: result
"""


def test_a_dimension_step_relabels_only_answers_its_dimension_has() -> None:
    answers = {d: frozenset({"retainer", "mixed", "per_sale"}) for d in DIMS}
    err = only(RELABEL, UnknownReferenceError, answers)
    assert "has no answer 'retaner'" in err.render() and "demo.yaml:9" in err.render()
    assert "did you mean 'retainer'" in err.render()
    assert errors_of(RELABEL.replace("retaner", "mixed"), answers) == []


SHARE = """\
flow: demo
start: groups
steps:
  - id: groups
    kind: share
    slot: groups
    prompt: Where does the revenue come from?
    options:
      - {id: accounts, label: Mostly accounts}
      - {id: split, label: Half each}
      - {id: one_of, label: Mostly one-off}
    next: done
  - id: done
    kind: result
"""


def test_a_share_step_needs_the_options_a_typed_share_is_read_as() -> None:
    err = only(SHARE, MissingOptionError)
    assert "needs an option 'one_off'" in err.render() and "demo.yaml:4" in err.render()
    assert "add an option with id: one_off" in err.render()
    assert errors_of(SHARE.replace("one_of,", "one_off,")) == []
