"""The labelled sets' schemas (`advisor eval FILE` and `--answers FILE`): every problem named
with file:line, the case or dimension it is in, and a hint; several reported at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli.evaluate import read_cases
from bot.core.errors import DataError, DataErrors, DuplicateIdError, SchemaError

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
