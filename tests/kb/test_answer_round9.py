"""Round 9 of the answer reader (issue 9): a group's own yes or no, two groups as subjects,
words typed apart, "alike", "every morning".

The phrasings are written for these tests, in other words than the labelled answer sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb.answer_eval import evaluate, read_answer_cases
from bot.kb.brain import KnowledgeBrain

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize(
    "text",
    [
        "landlords no they stay. the sellers would",
    ],
)
def test_a_groups_own_yes_or_no_is_that_groups_answer(brain: KnowledgeBrain, text: str) -> None:
    """An estate agent's "landlords no they stay" was read "not … they stay" (would switch),
    and a locksmith's "agncy wouldnt" was not read at all: after a group that opens its
    clause, "no" answers for the group and "wouldn't" is its own short answer."""
    reading = brain.read_answer("loyalty", text)
    assert (reading.status, reading.side) == ("read", "mixed")


def test_words_typed_apart_are_read_as_one(brain: KnowledgeBrain) -> None:
    """ "who ever is cheapest" is "whoever is cheapest" (answers.yaml shorthand)."""
    reading = brain.read_answer("loyalty", "who ever picks up the phone first gets the job")
    assert (reading.status, reading.side) == ("read", "customer")


@pytest.mark.parametrize(
    "text", ["i see the restaurants every morning", "every morning, when we drop the bread"]
)
def test_every_morning_is_daily_contact(brain: KnowledgeBrain, text: str) -> None:
    reading = brain.read_answer("communication", text)
    assert (reading.status, reading.side) == ("read", "client")


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("they're all alike, same frame same glass", "customer"),
        ("no two gardens are alike", "client"),
        ("a wedding and a wake are nothing alike, so each menu is written fresh", "client"),
    ],
)
def test_alike_means_the_same(brain: KnowledgeBrain, text: str, side: str) -> None:
    """ "alike" was a word for tailored (for "no two alike"), so "they're all alike" read as
    tailored and "nothing alike" as the same for everyone."""
    reading = brain.read_answer("customization", text)
    assert (reading.status, reading.side) == ("read", side)


@pytest.mark.parametrize(
    ("dim", "text"),
    [
        (
            "satisfaction",
            "the walkers are happy right there at the counter, the cyclists once the bike has "
            "done a season",
        ),
        (
            "loyalty",
            "couples shop around a LOT on price before booking. the two companies wouldnt bother "
            "switching i think, they like that I know their people",
        ),
    ],
)
def test_two_groups_as_subjects_are_not_read_as_one_end(
    brain: KnowledgeBrain, dim: str, text: str
) -> None:
    """ "the tourists right there at the tasting, the chefs after a month of it on the menu"
    was read "Right away": two clauses that open with two kinds of people may speak of two
    groups, so no end of the scale is recorded without asking."""
    reading = brain.read_answer(dim, text)
    assert not (reading.status == "read" and reading.side in ("client", "customer")), reading


def test_one_kind_of_people_is_still_read(brain: KnowledgeBrain) -> None:
    """(The same kind named twice is one group.)"""
    text = "the schools renew every year, the schools have been with us since 2010"
    reading = brain.read_answer("engagement", text)
    assert (reading.status, reading.side) == ("read", "client")


def test_owners_console_answers_after_round_nine(brain: KnowledgeBrain) -> None:
    """The owners' answers (rounds eight and nine): 37.0 / 70.4 / 14.8 % (read right / after
    confirming / read wrong) before this round, 37.0 / 74.1 / 3.7 % after it."""
    cases = read_answer_cases(FIXTURES / "owners-console-answers.yaml", brain.known_dimension_ids())
    ev = evaluate(brain, cases).overall
    assert ev.right_after_confirm >= 0.74 and ev.read_wrong <= 0.04, ev


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("most from regulars, like 85% probably, the odd one-off before a wedding", "accounts"),
        ("40% web, 60% cafes", "split"),
        ("about 70% online, the rest trade accounts", "one_off"),
    ],
)
def test_revenue_splits_owners_typed(brain: KnowledgeBrain, text: str, share: str) -> None:
    """A dog groomer's "most from regulars, like 85%" was refused (the 85 % was given to the
    other side, as if "like 85%" named a group of its own), and a coffee roaster's "40% web,
    60% cafes" too (neither side's word was known)."""
    assert brain.read_share(text) == share


def test_a_fee_fixed_by_the_contract_is_not_read_as_project_fees(brain: KnowledgeBrain) -> None:
    """An office cleaner's "monthly invoice, fix price by the contract" was noted as "Per
    project or hourly fees", and the verdict went from client-based to hybrid."""
    reading = brain.read_answer("payment", "monthly invoice, fix price by the contract")
    assert reading.option != "project_fees" or reading.status != "read"


@pytest.mark.parametrize(
    ("text", "not_told"),
    [
        ("dog grooming salon in a converted garage, been going 9 years now", "engagement"),
        ("small architecture practice, the academy trust comes back every year", "trust"),
        # a bookkeeper's satisfaction answer had been kept as "Loyalty: Yes, most would"
        ("when HMRC leaves them alone", "loyalty"),
    ],
)
def test_a_trust_or_the_business_age_is_not_an_answer(
    brain: KnowledgeBrain, text: str, not_told: str
) -> None:
    """A groomer's "been going 9 years now" was offered back as how long people keep buying,
    an architect's "the school trust" as how much people rely on them, a bookkeeper's "when
    HMRC leaves them alone" as loyalty."""
    assert not_told not in brain.stated_answers(text)


def test_a_share_of_people_said_in_passing_is_no_revenue_split(brain: KnowledgeBrain) -> None:
    """A coffee roaster's "web = 1-off for ~70% of buyers", said to the relationship question,
    was kept as the revenue split "Most from one-off buyers" (a share of buyers, not money)."""
    text = "20 cafes = partnership (avg 4 yrs). web = 1-off for ~70% of buyers"
    assert brain.read_share(text, sides_named=True) is None
    assert brain.read_share("landlord plans are about 70% of turnover", sides_named=True) == (
        "accounts"
    )
