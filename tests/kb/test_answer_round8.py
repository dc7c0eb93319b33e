"""Round 8 of the answer reader (issue 9): two groups named at the two ends of the scale.

The phrasings are written for these tests, in other words than the labelled answer sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb.answer_eval import evaluate, read_answer_cases
from bot.kb.brain import KnowledgeBrain

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize(
    ("dim", "text"),
    [
        ("loyalty", "my regulars no, they'd follow me to another salon. walk-ins yes of course"),
        (
            "satisfaction",
            "leisure guests at checkout, business guests when the year's stays went smoothly",
        ),
    ],
)
def test_a_group_at_each_end_is_not_overruled_to_one_end_silently(
    brain: KnowledgeBrain, dim: str, text: str
) -> None:
    """A hairdresser's "my regular no … walk-in yes of course" was noted as "No, they'd stay",
    a hotel's "leisure at checkout. corporate when the year's stays went smooth" as "When
    results show over time": the rules read two groups, the learned model (which knows words,
    not groups) overruled them. The middle is asked about now."""
    reading = brain.read_answer(dim, text)
    assert (reading.status, reading.side) == ("confirm", "mixed")


def test_a_group_said_to_be_small_leaves_the_main_one(brain: KnowledgeBrain) -> None:
    """(The rules read this as the middle; the model's end stays read without asking.)"""
    text = "completely, the estates leave it to me, the odd homeowner has their own ideas"
    reading = brain.read_answer("trust", text)
    assert (reading.status, reading.side) == ("read", "client")


def test_owners_two_group_answers_at_the_console(brain: KnowledgeBrain) -> None:
    """What owners typed at the console in rounds eight and nine (tests/kb/fixtures/
    owners-console-answers.yaml): on the tree before this round 37.0 / 48.1 / 33.3 % (read
    right / after confirming / read wrong); 37.0 / 70.4 / 14.8 % after it."""
    cases = read_answer_cases(FIXTURES / "owners-console-answers.yaml", brain.known_dimension_ids())
    ev = evaluate(brain, cases).overall
    assert len(cases) == 27
    assert ev.right_after_confirm >= 0.7 and ev.read_wrong <= 0.15, ev


@pytest.mark.parametrize(
    ("dim", "text", "option"),
    [
        ("payment", "not a mix, its per project", "project_fees"),
        ("payment", "it's not both, they all pay monthly", "retainer"),
        ("payment", "no, a mix", "mixed"),  # (a no to the question, then the middle)
    ],
)
def test_a_middle_denied_is_no_middle(
    brain: KnowledgeBrain, dim: str, text: str, option: str
) -> None:
    """ "No, not a mix; it is a fixed fee per matter in every case." was read as "A mix of
    these" (the words "a mix" counted, their "not" ignored)."""
    assert brain.read_answer(dim, text).option == option


def test_leaving_it_all_to_someone_is_trust_not_leaving(brain: KnowledgeBrain) -> None:
    """A florist's "the hotels leave it all to me" (to the trust question) was also kept as
    "Loyalty: Yes, most would" and offered back later, price never mentioned."""
    stated = brain.stated_answers(
        "the hotels leave it all to me. the walk-ins choose for themselves"
    )
    assert "loyalty" not in stated and stated["trust"].option == "high"
    assert brain.stated_answers("most would leave if it was cheaper elsewhere")[
        "loyalty"
    ].option == ("switch")
