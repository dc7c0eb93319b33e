"""The schema adapter: pydantic errors become DataErrors naming file:line, with suggestions."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import AfterValidator, field_validator

from bot.core.errors import DataErrors, DuplicateIdError, SchemaError
from bot.core.schema import Schema, rule_error, validate
from bot.core.yamlio import load_text


class Option(Schema):
    id: str
    label: str


class Step(Schema):
    id: str
    options: tuple[Option, ...] = ()

    @field_validator("options")
    @classmethod
    def _unique(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        seen: set[str] = set()
        for i, option in enumerate(options):
            if option.id in seen:
                raise rule_error(
                    DuplicateIdError,
                    f"option id '{option.id}' is used twice",
                    hint="give each option its own id",
                    key=i,
                )
            seen.add(option.id)
        return options


class Flow(Schema):
    steps: list[Step]


def _errors(text: str) -> list[str]:
    data = load_text(text, "flows/x.yaml")
    with pytest.raises(DataErrors) as info:
        validate(Flow, data, "flows/x.yaml", what="the flow")
    return [e.render() for e in info.value.errors]


def test_a_valid_tree_becomes_typed_objects() -> None:
    flow = validate(
        Flow, load_text("steps:\n  - id: a\n    options: [{id: x, label: X}]\n", "f.yaml"), "f.yaml"
    )
    assert flow.steps[0].options[0].label == "X"


def test_an_unknown_key_names_its_line_and_the_key_meant() -> None:
    (error,) = _errors("steps:\n  - id: a\n    optoins: []\n")
    assert error.startswith("flows/x.yaml:3: SchemaError: unknown key 'optoins'")
    assert "did you mean 'options'?" in error


def test_a_missing_key_names_the_mapping_that_lacks_it() -> None:
    (error,) = _errors("steps:\n  - options: []\n")
    assert error.startswith("flows/x.yaml:2: SchemaError: missing 'id'")


def test_a_wrong_type_names_the_value_line() -> None:
    (error,) = _errors("steps:\n  - id: a\n    options:\n      - id: x\n        label: [1]\n")
    assert error.startswith("flows/x.yaml:5: SchemaError: steps[0].options[0].label")


def test_a_rule_keeps_its_own_error_class_and_line() -> None:
    text = "steps:\n  - id: a\n    options:\n      - {id: x, label: X}\n      - {id: x, label: Y}\n"
    data = load_text(text, "f.yaml")
    with pytest.raises(DataErrors) as info:
        validate(Flow, data, "f.yaml")
    (error,) = info.value.errors
    assert isinstance(error, DuplicateIdError) and not isinstance(error, SchemaError)
    assert error.location is not None and error.location.line == 5
    assert error.hint == "give each option its own id"


def test_problems_in_different_places_are_reported_at_once() -> None:
    errors = _errors("steps:\n  - id: a\n    bogus: 1\n  - optons: []\n  - id: [b]\n")
    # the second step has a misspelt key and no id: both are said
    assert [e.split(": ")[0] for e in errors] == [
        "flows/x.yaml:3",
        "flows/x.yaml:4",
        "flows/x.yaml:4",
        "flows/x.yaml:5",
    ]


def test_an_unknown_key_does_not_hide_the_other_problems_of_its_mapping() -> None:
    errors = _errors("steps:\n  - id: a\n    bogus: 1\n    options: [{id: x}]\n")
    assert errors[0].startswith("flows/x.yaml:3: SchemaError: unknown key 'bogus'")
    assert any(e.startswith("flows/x.yaml:4: SchemaError: missing 'label'") for e in errors)


def test_a_misspelt_required_key_is_one_error_not_also_a_missing_one() -> None:
    (error,) = _errors("steps:\n  - id: a\n    options:\n      - id: x\n        lable: X\n")
    assert error.startswith("flows/x.yaml:5: SchemaError: unknown key 'lable'")
    assert "did you mean 'label'?" in error


def _check_label(value: str) -> str:
    if value not in ("X", "Y"):
        raise rule_error(SchemaError, f"label '{value}' must be X or Y", placed=True)
    return value


class Labelled(Schema):
    id: str
    label: Annotated[str, AfterValidator(_check_label)]


class Labels(Schema):
    items: list[Labelled]
    loose: tuple[Annotated[str, AfterValidator(_check_label)], ...] = ()


def test_a_placed_rule_names_the_item_it_fails_on() -> None:
    """With `placed`, the message says which item (by its name when it has one)."""
    data = load_text("items:\n  - {id: a, label: X}\n  - {id: b, label: Z}\nloose: [X, W]\n", "l")
    with pytest.raises(DataErrors) as info:
        validate(Labels, data, "l.yaml", name_key="id")
    assert [e.render() for e in info.value.errors] == [
        "l.yaml:3: SchemaError: items[1] (id 'b'): label 'Z' must be X or Y",
        "l.yaml:4: SchemaError: loose[1]: label 'W' must be X or Y",
    ]
