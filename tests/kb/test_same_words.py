"""knowledge/words.yaml: a text's word finds the alias words of its group (American and British
spellings, clipped forms, everyday names), checked at load with file:line errors; the -ize
spellings are a rule (docs/knowledge.md, "Same words")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import DataErrors
from bot.kb.brain import KnowledgeBrain
from bot.kb.loader import validate_knowledge
from bot.kb.same_words import SameWords, respelled
from bot.kb.wordindex import WordIndex


def _first(brain: KnowledgeBrain, text: str) -> str:
    return brain.match_industry(text).candidates[0].id


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("mold removal", "damage_restoration"),  # not "removals": the alias says "mould"
        ("labor hire", "staffing_agency"),  # the alias says "labour hire"
        ("pooch parlour", "pet_grooming"),  # an everyday word for dog
        ("takeout place", "takeaway"),  # the American word
        ("tooth whitening", "aesthetics_clinic"),  # an irregular plural: not "booth builder"
    ],
)
def test_a_word_finds_the_alias_spelled_another_way(
    brain: KnowledgeBrain, text: str, industry: str
) -> None:
    assert _first(brain, text) == industry


def test_the_ize_spelling_is_the_ise_spelling() -> None:
    assert respelled("organizer") == respelled("organiser") == "organiser"
    assert respelled("specializing") == "specialising"
    assert respelled("prize") == "prize" and respelled("size") == "size"  # stems too short


def test_a_group_resolves_both_ways_and_leaves_other_words_alone() -> None:
    same = SameWords((("jewellery", "jewelry"), ("doctor", "doc")))
    words = WordIndex({"jewellery": 1.0, "doctor": 1.0, "dentist": 1.0}, (), same)
    assert ("jewellery", 1.0) in words.resolve("jewelry")
    assert ("doctor", 1.0) in words.resolve("doc")
    assert words.resolve("dentist") == (("dentist", 1.0),)


def test_without_the_file_each_word_is_only_itself(tiny: KnowledgeBrain) -> None:
    assert tiny.kb.same_words.groups == ()


def _errors(kb: Path) -> list[str]:
    return [e.render() for e in validate_knowledge(kb)]


def test_a_word_in_two_groups_is_an_error_at_the_second_group(kb_copy: Path) -> None:
    (kb_copy / "words.yaml").write_text(
        "same:\n  - [colour, color]\n  - [grey, gray]\n  - [colours, tint]\n", "utf-8"
    )
    errors = _errors(kb_copy)
    assert len(errors) == 1
    assert errors[0].startswith(f"{kb_copy / 'words.yaml'}:4") and "'colour'" in errors[0]
    with pytest.raises(DataErrors):
        KnowledgeBrain.load(kb_copy)


def test_a_group_of_one_or_of_phrases_is_an_error_at_its_line(kb_copy: Path) -> None:
    (kb_copy / "words.yaml").write_text(
        "same:\n  - [colour]\n  - [grey, dark gray]\n  - [tyre, tire]\n", "utf-8"
    )
    errors = _errors(kb_copy)
    assert [e for e in errors if "words.yaml:2" in e] == [
        e for e in errors if "two words or more" in e
    ]
    assert any("words.yaml:3" in e and "'dark gray'" in e and "one word" in e for e in errors)
    assert all("words.yaml:4" not in e for e in errors)
