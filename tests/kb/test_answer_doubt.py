"""When a sure reading becomes a question (bot/kb/answer_doubt.py, answer_decide._notions).

A silent misreading changes a verdict, a confirmation costs one tap. The phrasings are written
for these tests, in other words than the labelled answer sets.
"""

from __future__ import annotations

import pytest

from bot.kb.brain import KnowledgeBrain


@pytest.fixture
def brain(rules_brain: KnowledgeBrain) -> KnowledgeBrain:
    """These tests are of the phrase rules; the learned model is tested in test_answer_model."""
    return rules_brain


@pytest.mark.parametrize(
    ("dim", "text", "option"),
    [
        ("trust", "they follow my advice, although the partners overrule it", "high"),
        ("trust", "they rely on me but their surveyor has the last word", "high"),
        ("relationship", "we know them all by name, apart from the summer crowd", "partnership"),
    ],
)
def test_an_end_reading_beside_a_contrast_clause_not_understood_is_confirmed(
    brain: KnowledgeBrain, dim: str, text: str, option: str
) -> None:
    r = brain.read_answer(dim, text)
    assert (r.status, r.option) == ("confirm", option)
    assert any(w.startswith("not understood: ") for w in r.why), r.why


@pytest.mark.parametrize(
    ("dim", "text", "option"),
    [
        # one unknown word after "except" is not a second group the reader cannot see
        ("engagement", "they stay with us for years, except the students", "long_term"),
        ("trust", "they rely on me completely", "high"),
    ],
)
def test_contrast_clauses_the_reader_explains_stay_read(
    brain: KnowledgeBrain, dim: str, text: str, option: str
) -> None:
    assert (brain.read_answer(dim, text).status, brain.read_answer(dim, text).option) == (
        "read",
        option,
    )


def test_stated_answers_keep_their_sentences_sure(brain: KnowledgeBrain) -> None:
    """The doubt is for typed answers: a description's sentences are picked by topic."""
    stated = brain.stated_answers(
        "We are a law firm. Clients rely on my advice, although the partners overrule it."
    )
    assert (stated["trust"].status, stated["trust"].option) == ("read", "high")


def test_two_cue_words_side_by_side_are_one_cue_against_another(brain: KnowledgeBrain) -> None:
    r = brain.read_answer("customization", "a fixed package with a bespoke option")
    assert (r.status, r.option) == ("confirm", "standard")
    assert "one cue, not 2: fixed package (asked first)" in r.why


@pytest.mark.parametrize(
    ("dim", "text", "option"),
    [
        ("customization", "standard package", "standard"),  # nothing against it
        ("satisfaction", "when they see results after a few months", "long_term"),  # time adds
        # a cue that names a length of time ("in a year") adds to the cue beside it
        ("satisfaction", "when they see the results in a year", "long_term"),
    ],
)
def test_side_by_side_cues_alone_or_with_a_length_of_time_stay_read(
    brain: KnowledgeBrain, dim: str, text: str, option: str
) -> None:
    r = brain.read_answer(dim, text)
    assert r.status == "read" and r.option == option, r
