"""The knowledge files' schemas: did-you-mean hints and precise lines, no knock-on errors."""

from __future__ import annotations

from pathlib import Path

from bot.core.errors import SchemaError, UnknownReferenceError
from bot.kb.loader import validate_knowledge

from .test_loader import _line_of, _replace


def _practices(kb: Path, text: str) -> Path:
    folder = kb / "advice"
    folder.mkdir(exist_ok=True)
    path = folder / "practices.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_key_in_an_industry_suggests_the_key_meant_and_names_the_industry(
    kb_copy: Path,
) -> None:
    path = kb_copy / "industries" / "retail.yaml"
    _replace(path, "    why: A walk-in haircut.", "    whY: A walk-in haircut.")
    errors = validate_knowledge(kb_copy)
    texts = [e.render() for e in errors]
    unknown = [t for t in texts if "unknown key 'whY'" in t]
    assert len(unknown) == 1, texts
    assert f"retail.yaml:{_line_of(path, 'whY:')}:" in unknown[0]
    assert "(id 'barber')" in unknown[0] and "did you mean 'why'?" in unknown[0]


def test_unknown_key_in_a_tip_suggests_the_key_meant(kb_copy: Path) -> None:
    path = _practices(
        kb_copy,
        "tips:\n  - id: t1\n    text: a\n    first_step: b\n"
        "    figure: c\n    why: d\n    verdict: [client]\n",
    )
    (error,) = validate_knowledge(kb_copy)
    assert isinstance(error, SchemaError)
    assert error.location is not None and error.location.path == str(path)
    assert error.location.line == 7 and error.hint == "did you mean 'verdicts'?"


def test_a_number_out_of_range_in_a_tip_names_the_field_and_the_range(kb_copy: Path) -> None:
    _practices(
        kb_copy,
        "tips:\n  - id: t1\n    text: a\n    first_step: b\n"
        "    figure: c\n    why: d\n    impact: 12\n",
    )
    (error,) = validate_knowledge(kb_copy)
    assert "practices.yaml:7:" in error.render() and "'impact' is 12, outside 0..10" in str(error)


def test_a_broken_industry_file_gives_one_error_not_one_per_reference(kb_copy: Path) -> None:
    # the tip names an industry of the broken file: only the real problem is reported
    _replace(
        kb_copy / "industries" / "retail.yaml",
        "label: customer\n    why: A walk-in",
        "label: nope\n    why: A walk-in",
    )
    _practices(
        kb_copy,
        "tips:\n  - id: t1\n    text: a\n    first_step: b\n"
        "    figure: c\n    why: d\n    industries: [barber]\n",
    )
    errors = validate_knowledge(kb_copy)
    assert [type(e) for e in errors] == [SchemaError], [e.render() for e in errors]
    assert "label 'nope'" in errors[0].message


def test_a_tip_naming_an_unknown_industry_is_still_caught(kb_copy: Path) -> None:
    path = _practices(
        kb_copy,
        "tips:\n  - id: t1\n    text: a\n    first_step: b\n"
        "    figure: c\n    why: d\n    industries: [barbr]\n",
    )
    (error,) = validate_knowledge(kb_copy)
    assert isinstance(error, UnknownReferenceError)
    assert f"{path}:7" in error.render() and error.hint == "did you mean 'barber'?"


def test_an_empty_text_says_so_at_its_line(kb_copy: Path) -> None:
    path = kb_copy / "industries" / "retail.yaml"
    _replace(path, "    why: A walk-in haircut.", "    why: '  '")
    (error,) = validate_knowledge(kb_copy)
    assert f"retail.yaml:{_line_of(path, 'why:' + chr(32) + chr(39))}:" in error.render()
    assert "is empty" in error.message and error.hint == "write some text"
