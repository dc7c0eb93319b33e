"""Lint: data that parses but would make the advisor answer badly."""

from __future__ import annotations

from pathlib import Path

from bot.core.errors import KnowledgeError
from bot.kb.loader import validate_knowledge

from .test_loader import _line_of, _replace


def _lint(kb_dir: Path) -> list[KnowledgeError]:
    errors = validate_knowledge(kb_dir)
    assert all(isinstance(e, KnowledgeError) for e in errors), [e.render() for e in errors]
    return [e for e in errors if isinstance(e, KnowledgeError)]


def test_alias_pointing_to_two_labels(kb_copy: Path) -> None:
    path = kb_copy / "industries" / "retail.yaml"
    _replace(path, "aliases: [bakers, bread shop]", "aliases: [bakers, bread shop, Attorneys]")
    (err,) = _lint(kb_copy)
    assert "different labels" in err.message
    assert "law_firm (client)" in err.message and "bakery (customer)" in err.message
    assert str(err).startswith(f"{path}:{_line_of(path, 'Attorneys')}:")


def test_alias_shared_by_two_industries_with_the_same_label(kb_copy: Path) -> None:
    _replace(
        kb_copy / "industries" / "retail.yaml",
        "aliases: [nail bar, manicure]",
        "aliases: [nail bar, manicure, hairdressers]",
    )
    (err,) = _lint(kb_copy)
    assert "shared by" in err.message and "hair_salon" in err.message


def test_alias_listed_twice(kb_copy: Path) -> None:
    path = kb_copy / "industries" / "retail.yaml"
    _replace(path, "aliases: [barbershop, barber]", "aliases: [barbershop, barber, Barber]")
    (err,) = _lint(kb_copy)
    assert "listed twice" in err.message
    assert f"retail.yaml:{_line_of(path, 'aliases: [barbershop')}" in str(err)


def test_alias_without_words(kb_copy: Path) -> None:
    _replace(
        kb_copy / "industries" / "retail.yaml",
        "aliases: [barbershop, barber]",
        "aliases: [barbershop, barber, '💈']",
    )
    (err,) = _lint(kb_copy)
    assert "no matchable words" in err.message


def test_overlong_option_id_and_button_label(kb_copy: Path) -> None:
    path = kb_copy / "dimensions.yaml"
    _replace(
        path,
        "{id: long_term, label: Months or years,",
        "{id: long_term_relations, label: Months or years or even decades or more,",
    )
    errors = _lint(kb_copy)
    assert len(errors) == 2
    text = "\n".join(map(str, errors))
    assert "longer than 12" in text and "longer than 30" in text
    assert f"dimensions.yaml:{_line_of(path, 'long_term_relations')}" in text


def test_cue_on_both_sides(kb_copy: Path) -> None:
    _replace(kb_copy / "dimensions.yaml", "phrases: [cheap]", "phrases: [cheap, bespoke]")
    (err,) = _lint(kb_copy)
    assert "'bespoke' is evidence for both" in err.message


def test_overlong_industry_name(kb_copy: Path) -> None:
    _replace(
        kb_copy / "industries" / "retail.yaml", "name: Nail salon", "name: " + "Nail salon " * 7
    )
    (err,) = _lint(kb_copy)
    assert "longer than 60" in err.message and "nail_salon" in err.message


def test_alias_that_keeps_one_word_once_small_words_are_dropped(kb_copy: Path) -> None:
    path = kb_copy / "industries" / "retail.yaml"
    _replace(path, "aliases: [bakers, bread shop]", "aliases: [bakers, bread shop, bread your own]")
    (err,) = _lint(kb_copy)
    assert "keeps only 'bread'" in err.message and "(your, own)" in err.message
    assert str(err).startswith(f"{path}:{_line_of(path, 'bread your own')}:")
    # a head word like "company" names nothing more, and a leading "we do" is the owner's voice
    _replace(path, "bread your own", "bread company, we do bread")
    assert _lint(kb_copy) == []


def test_a_head_word_before_the_trade_is_no_small_word(kb_copy: Path) -> None:
    # "business coaching" would keep only "coaching": any coaching at all would match it whole
    path = kb_copy / "industries" / "retail.yaml"
    _replace(path, "aliases: [bakers, bread shop]", "aliases: [bakers, bread shop, business bread]")
    (err,) = _lint(kb_copy)
    assert "keeps only 'bread'" in err.message and "(business)" in err.message
