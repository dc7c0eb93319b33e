"""Two groups of buyers in one description ("walk-in repairs, plus a fleet on contract") are
called hybrid, or at least not called anything with confidence (docs/knowledge.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.evaluate import read_cases
from bot.kb.brain import KnowledgeBrain

FIXTURES = Path(__file__).parent / "fixtures"
UNSURE = 0.6  # a client/customer verdict below this confidence does not claim one model


@pytest.mark.parametrize(
    "text",
    [
        "a garage doing walk-in repairs that also maintains a taxi firm's fleet on contract",
        "a print shop serving walk-in customers and with contracts for three schools",
        "locksmith doing emergency call-outs for the public as well as a maintenance contract "
        "with a housing association",
        "an accountant doing one-off tax returns for the public and ongoing monthly accounts "
        "for small companies",
    ],
)
def test_two_groups_are_hybrid(brain: KnowledgeBrain, text: str) -> None:
    assert brain.classify_text(text).label == "hybrid"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("a print shop serving walk-in customers", "customer"),
        ("garage doing walk-in repairs and MOTs", "customer"),
        ("law firm on retainer for local companies", "client"),
        # a payment clause about the same people is no second group
        (
            "we are doing the management of holiday houses for the owners, listings, guests, "
            "cleaning, repairs, and we take % of the bookings",
            "client",
        ),
    ],
)
def test_one_group_stays_one(brain: KnowledgeBrain, text: str, label: str) -> None:
    assert brain.classify_text(text).label == label


def test_two_group_set(brain: KnowledgeBrain) -> None:
    cases = read_cases(FIXTURES / "two-groups.yaml")
    groups = [c for c in cases if c.label == "hybrid"]
    controls = [c for c in cases if c.label != "hybrid"]
    assert len(groups) >= 60 and len(controls) >= 20
    missed = []
    for c in groups:
        r = brain.classify_text(c.text)
        if r.label != "hybrid" and r.confidence >= UNSURE:
            missed.append(f"{c.id} {r.label} {r.confidence}: {c.text}")
    wrong = [
        f"{c.id} {c.label}: {c.text}"
        for c in controls
        if brain.classify_text(c.text).label != c.label
    ]
    print("\n".join(missed + wrong))
    assert 1 - len(missed) / len(groups) >= 0.93, "\n".join(missed)  # 80.0 % -> 96.7 %
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "text",
    [
        # customer words inside the contract part say what is done for that group
        "printer doing one-off flyers for anyone who walks in, and a yearly contract printing "
        "the council's leaflets",
        # one contract is a whole second group, however many words the shop part has
        "cinema selling tickets to the public plus corporate screening contracts with companies",
    ],
)
def test_a_contract_part_is_a_second_group(brain: KnowledgeBrain, text: str) -> None:
    assert brain.classify_text(text).label == "hybrid"


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("two-groups-2.yaml", 0.95),  # tuning half: 91.7 % -> 100 %
        ("two-groups-2-heldback.yaml", 0.87),  # held back: 91.7 % -> 91.7 %
    ],
)
def test_second_two_group_set(brain: KnowledgeBrain, name: str, floor: float) -> None:
    """A second, blind set of two-group businesses: hybrid or below UNSURE."""
    groups = read_cases(FIXTURES / name)
    assert len(groups) >= 24
    missed = [
        f"{c.id} {r.label} {r.confidence}: {c.text}"
        for c in groups
        if (r := brain.classify_text(c.text)).label != "hybrid" and r.confidence >= UNSURE
    ]
    assert 1 - len(missed) / len(groups) >= floor, "\n".join(missed)
