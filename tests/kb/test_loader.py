"""Loading: every broken file gives a DataError subclass naming file:line, all at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.errors import (
    DataError,
    DataErrors,
    DuplicateIdError,
    SchemaError,
    UnknownReferenceError,
    YamlSyntaxError,
)
from bot.kb.loader import load_knowledge, validate_knowledge
from bot.kb.model import DIMENSION_IDS

from .conftest import FIXTURE_KB, REAL_KB


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def _only(errors: list[DataError], cls: type[DataError]) -> DataError:
    found = [e for e in errors if isinstance(e, cls)]
    assert len(found) == 1, [e.render() for e in errors]
    return found[0]


@pytest.mark.slow
def test_fixture_and_real_knowledge_load_cleanly() -> None:
    assert validate_knowledge(FIXTURE_KB) == []
    assert validate_knowledge(REAL_KB) == []
    kb = load_knowledge(FIXTURE_KB)
    assert tuple(d.id for d in kb.dimensions) == DIMENSION_IDS
    assert {i.id for i in kb.industries} >= {"law_firm", "bakery", "dog_training"}
    law_firm = kb.industry("law_firm")
    assert law_firm is not None and law_firm.sector == "professional"


def test_yaml_syntax_error_names_file_and_line(kb_copy: Path) -> None:
    path = kb_copy / "industries" / "retail.yaml"
    _replace(
        path,
        "    label: customer\n    why: People buy bread",
        "    label: customer\n   why: [People buy bread",
    )
    err = _only(validate_knowledge(kb_copy), YamlSyntaxError)
    assert re.search(r"retail\.yaml:\d+", str(err))
    assert err.location is not None and err.location.line is not None
    assert abs(err.location.line - _line_of(path, "why: [People")) <= 1


def test_missing_field_is_a_schema_error_at_the_item(kb_copy: Path) -> None:
    path = kb_copy / "industries" / "retail.yaml"
    _replace(path, "    why: A walk-in haircut.\n", "")
    err = _only(validate_knowledge(kb_copy), SchemaError)
    assert "missing 'why'" in err.message and "barber" in err.message
    assert f"retail.yaml:{_line_of(path, 'id: barber')}" in str(err)


def test_unknown_field_suggests_the_right_one(kb_copy: Path) -> None:
    path = kb_copy / "industries" / "professional.yaml"
    _replace(path, "    aliases: [accountant,", "    alises: [accountant,")
    errors = validate_knowledge(kb_copy)
    err = _only(errors, SchemaError)
    assert "unknown key 'alises' in industries[1] (id 'accounting_firm')" in err.message
    assert err.hint == "did you mean 'aliases'?"
    assert f"professional.yaml:{_line_of(path, 'alises:')}" in str(err)


def test_bad_label_and_bad_score_are_schema_errors(kb_copy: Path) -> None:
    _replace(
        kb_copy / "industries" / "retail.yaml",
        "label: customer\n    why: A walk-in",
        "label: custmer\n    why: A walk-in",
    )
    _replace(
        kb_copy / "dimensions.yaml",
        "synonyms: [partners], score: 1}",
        "synonyms: [partners], score: 3}",
    )
    errors = validate_knowledge(kb_copy)
    assert len(errors) == 2, [e.render() for e in errors]
    assert all(isinstance(e, SchemaError) for e in errors)
    text = "\n".join(map(str, errors))
    assert "did you mean 'customer'?" in text
    assert "outside -1..1" in text
    assert re.search(r"dimensions\.yaml:\d+", text) and re.search(r"retail\.yaml:\d+", text)


def test_duplicate_industry_id_across_files(kb_copy: Path) -> None:
    path = kb_copy / "industries" / "retail.yaml"
    _replace(path, "  - id: barber\n", "  - id: law_firm\n")
    err = _only(validate_knowledge(kb_copy), DuplicateIdError)
    assert "law_firm" in err.message and "professional.yaml" in err.message
    assert f"retail.yaml:{_line_of(path, 'id: law_firm')}" in str(err)


def test_mismatch_with_unknown_dimension_is_an_unknown_reference(kb_copy: Path) -> None:
    path = kb_copy / "advice.yaml"
    _replace(path, "dimension: communication", "dimension: comunication")
    err = _only(validate_knowledge(kb_copy), UnknownReferenceError)
    assert err.hint == "did you mean 'communication'?"
    assert f"advice.yaml:{_line_of(path, 'comunication')}" in str(err)


def test_mismatch_with_unknown_answer_is_an_unknown_reference(kb_copy: Path) -> None:
    path = kb_copy / "advice.yaml"
    _replace(path, "answer: tailored", "answer: tailor")
    err = _only(validate_knowledge(kb_copy), UnknownReferenceError)
    assert "no answer 'tailor'" in err.message and err.hint == "did you mean 'tailored'?"
    assert f"advice.yaml:{_line_of(path, 'answer: tailor')}" in str(err)


def test_missing_dimension_and_missing_text(kb_copy: Path) -> None:
    dims = kb_copy / "dimensions.yaml"
    text = dims.read_text(encoding="utf-8")
    start = text.index("  - id: loyalty")
    end = text.index("  - id: specialization")
    dims.write_text(text[:start] + text[end:], encoding="utf-8")
    _replace(kb_copy / "texts.yaml", "    title: Where your business sits\n", "")
    errors = validate_knowledge(kb_copy)
    text_all = "\n".join(map(str, errors))
    assert "dimensions missing: loyalty" in text_all
    assert "text 'chart.title' is missing" in text_all


def test_unknown_placeholder_in_a_text(kb_copy: Path) -> None:
    path = kb_copy / "texts.yaml"
    _replace(path, "**{verdict}** ({confidence}% confident)", "**{verdict}** ({confidance}%)")
    err = _only(validate_knowledge(kb_copy), SchemaError)
    assert "confidance" in err.message
    assert f"texts.yaml:{_line_of(path, 'confidance')}" in str(err)


def test_all_errors_are_reported_together(kb_copy: Path) -> None:
    _replace(
        kb_copy / "industries" / "retail.yaml",
        "label: customer\n    why: A walk-in",
        "label: nope\n    why: A walk-in",
    )
    _replace(kb_copy / "advice.yaml", "dimension: communication", "dimension: nowhere")
    _replace(kb_copy / "faq.yaml", "    - id: hybrid\n", "    - id: difference\n")
    with pytest.raises(DataErrors) as info:
        load_knowledge(kb_copy)
    kinds = sorted(type(e).__name__ for e in info.value.errors)
    assert kinds == ["DuplicateIdError", "SchemaError", "UnknownReferenceError"]
    assert str(info.value).count("\n") == 2  # one line per problem


def test_validate_never_raises_for_data(tmp_path: Path) -> None:
    errors = validate_knowledge(tmp_path / "nowhere")
    assert len(errors) == 1 and "not found" in errors[0].message
    (tmp_path / "kb").mkdir()
    errors = validate_knowledge(tmp_path / "kb")
    assert {type(e) for e in errors} == {SchemaError}
    assert len(errors) == 5  # four files and the industries folder


def test_bad_faq_pattern(kb_copy: Path) -> None:
    path = kb_copy / "faq.yaml"
    _replace(path, "(?P<industry>.+?)", "(?P<business>.+?)")
    err = _only(validate_knowledge(kb_copy), SchemaError)
    assert "(?P<industry>" in err.message
    assert f"faq.yaml:{_line_of(path, 'P<business>')}" in str(err)
