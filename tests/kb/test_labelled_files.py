"""The labelled sets' schemas (`advisor eval FILE` and `--answers FILE`): every problem named
with file:line, the case or dimension it is in, and a hint; several reported at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli.evaluate import read_cases
from bot.core.errors import DataError, DataErrors, DuplicateIdError, SchemaError
from bot.kb.answer_eval import SIDES, read_answer_cases
from bot.kb.brain import KnowledgeBrain

from .conftest import FIXTURES


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "set.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _errors(call: Callable[[], object]) -> list[DataError]:
    with pytest.raises(DataErrors) as info:
        call()
    return list(info.value.errors)


def test_every_cases_fixture_loads() -> None:
    """Each key the repository's sets use is allowed (industry, part, why, stated, decoy)."""
    files = [p for p in sorted(FIXTURES.glob("*.yaml")) if "\ncases:" in "\n" + p.read_text()]
    assert len(files) >= 10
    for path in files:
        cases = read_cases(path)
        assert cases and len({c.id for c in cases}) == len(cases), path


def test_case_keys_are_read_as_before(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "cases:\n  - {id: 7, text: ' A cafe. ', label: customer, industry: cafe}\n"
        "  - {text: Law firm, label: client, part: held, stated: {payment: retainer}}\n",
    )
    got = [(c.id, c.text, c.label) for c in read_cases(path)]
    assert got == [("7", " A cafe. ", "customer"), ("2", "Law firm", "client")]


def test_unknown_case_key_suggests_the_near_one_at_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "cases:\n  - {id: a, text: hi, label: client}\n"
        "  - id: b\n    text: hello\n    label: customer\n    industy: cafe\n",
    )
    [err] = _errors(lambda: read_cases(path))
    assert isinstance(err, SchemaError)
    assert str(err.location) == f"{path}:6"
    assert "unknown key 'industy'" in str(err) and "(id 'b')" in str(err)
    assert err.hint is not None and "industry" in err.hint


def test_wrong_label_names_the_case_and_suggests(tmp_path: Path) -> None:
    path = _write(tmp_path, "cases:\n  - id: x\n    text: hello\n    label: clien\n")
    [err] = _errors(lambda: read_cases(path))
    assert str(err.location) == f"{path}:4"
    assert "(id 'x')" in str(err) and "label 'clien'" in str(err)
    assert err.hint is not None and "client" in err.hint


def test_duplicate_case_id_names_both_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "cases:\n  - {id: a, text: one, label: client}\n  - {id: b, text: two, label: client}\n"
        "  - {id: a, text: three, label: hybrid}\n",
    )
    [err] = _errors(lambda: read_cases(path))
    assert isinstance(err, DuplicateIdError)
    assert str(err.location) == f"{path}:4" and "line 2" in str(err) and "'a'" in str(err)


def test_several_case_problems_are_reported_together(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "cases:\n  - {id: a, text: hi, label: clien}\n  - {id: b, label: client}\n"
        "  - just a line\n",
    )
    errors = _errors(lambda: read_cases(path))
    assert [str(e.location) for e in errors] == [f"{path}:{n}" for n in (2, 3, 4)]
    assert "missing 'text'" in str(errors[1]) and "(id 'b')" in str(errors[1])


@pytest.mark.parametrize("text", ["- a\n- b\n", "just words\n", "casez:\n  - {id: a}\n"])
def test_a_file_that_is_not_a_cases_mapping_is_one_error(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    [err] = _errors(lambda: read_cases(path))
    assert str(err.location) == f"{path}:1"
    assert "mapping" in str(err) or "did you mean 'cases'" in str(err)


# --- answers files (`advisor eval --answers`) ----------------------------------------------------

DIMS = frozenset({"loyalty", "trust", "payment"})


def test_every_answers_fixture_loads_with_the_knowledge_bases_dimensions(
    brain: KnowledgeBrain,
) -> None:
    files = sorted(FIXTURES.glob("answers*.yaml"))
    assert len(files) >= 30
    for path in files:
        cases = read_answer_cases(path, brain.known_dimension_ids())
        assert cases and all(c.side in SIDES for c in cases), path


def test_answers_are_numbered_and_held_out_per_dimension(tmp_path: Path) -> None:
    pairs = "".join(f'    - [client, "answer {n}"]\n' for n in range(1, 10))
    path = _write(tmp_path, f"answers:\n  trust:\n{pairs}  loyalty:\n    - [mixed, ' both ']\n")
    cases = read_answer_cases(path, DIMS)
    assert [c.id for c in cases][-2:] == ["trust:9", "loyalty:1"]
    assert [c.held for c in cases[:9]] == [False] * 6 + [True] * 3
    assert (cases[-1].dimension, cases[-1].side, cases[-1].text) == ("loyalty", "mixed", " both ")


def test_wrong_side_names_dimension_item_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'answers:\n  loyalty:\n    - [client, "no"]\n    - [clinet, "x"]\n')
    [err] = _errors(lambda: read_answer_cases(path, DIMS))
    assert str(err.location) == f"{path}:4"
    assert "answers.loyalty[1]" in str(err) and "side 'clinet'" in str(err)
    assert err.hint is not None and "client" in err.hint


def test_unknown_dimension_suggests_the_near_one(tmp_path: Path) -> None:
    path = _write(tmp_path, 'answers:\n  trust: []\n  loyality:\n    - [client, "yes"]\n')
    [err] = _errors(lambda: read_answer_cases(path, DIMS))
    assert str(err.location) == f"{path}:3" and "unknown dimension 'loyality'" in str(err)
    assert err.hint is not None and "did you mean 'loyalty'" in err.hint
    assert read_answer_cases(path)[0].dimension == "loyality"  # no dimensions given: not checked


def test_answer_problems_are_reported_together(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'answers:\n  loyalty:\n    - [client]\n    - [mixed, ""]\n  trust: high\nanwsers: {}\n',
    )
    errors = _errors(lambda: read_answer_cases(path, DIMS))
    text = "\n".join(str(e) for e in errors)
    assert sorted(str(e.location) for e in errors) == [f"{path}:{n}" for n in (3, 4, 5, 6)]
    assert "answers.loyalty[0]: an answer must be [side, text]" in text
    assert "answers.loyalty[1][1] is empty" in text
    assert "answers.trust: must be a list of [side, text] pairs" in text
    assert "unknown key 'anwsers'" in text and "did you mean 'answers'" in text


@pytest.mark.parametrize("text", ["- a\n", "answers\n", "answers: [a, b]\n"])
def test_an_answers_file_that_is_not_a_mapping_is_one_error(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    [err] = _errors(lambda: read_answer_cases(path, DIMS))
    assert str(err.location) == f"{path}:1"
    assert "must be a mapping" in str(err) or "answers: input should be a valid dictionary" in str(
        err
    )
