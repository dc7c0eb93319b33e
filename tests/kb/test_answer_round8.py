"""Round 8 of the answer reader (issue 9): two groups named at the two ends of the scale.

The phrasings are written for these tests, in other words than the labelled answer sets.
"""

from __future__ import annotations

import pytest

from bot.kb.brain import KnowledgeBrain


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
