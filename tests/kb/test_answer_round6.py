"""Round 6 of the answer reader (issue 9): what owners typed at the console in round six.

The phrasings are written for these tests, in other words than the labelled answer sets.
"""

from __future__ import annotations

import pytest

from bot.kb.brain import KnowledgeBrain


@pytest.mark.parametrize(
    ("dim", "text", "option"),
    [
        # two groups, each on its own schedule: both come back ("the private ones" alone would
        # be the one-off side; their period says otherwise)
        ("engagement", "the care homes every week, the private ones every six weeks", "long_term"),
        ("relationship", "offices weekly, the households every month or so", "partnership"),
    ],
)
def test_two_groups_on_schedules_are_both_regulars(
    rules_brain: KnowledgeBrain, dim: str, text: str, option: str
) -> None:
    """(The phrase rules: the learned model still hears two groups in "the private ones".)"""
    assert rules_brain.read_answer(dim, text).option == option


@pytest.mark.parametrize(
    "text",
    [
        "Hourly rates mostly, on account, plus some fixed fees.",
        "mostly invoices, some card payments at the door",
    ],
)
def test_how_much_of_another_questions_thing_is_no_answer(brain: KnowledgeBrain, text: str) -> None:
    """ "some fixed fees" counts fees: to the trust question it says nothing (the question
    the words do answer is found, and the owner told so, by the interview)."""
    assert brain.read_answer("trust", text).status == "unread"


@pytest.mark.parametrize(
    ("dim", "text", "option"),
    [
        ("trust", "a lot, they never sign anything before I've read it", "high"),
        ("loyalty", "most would, it's the same beer anywhere", "switch"),
    ],
)
def test_how_much_said_of_the_people_still_answers(
    brain: KnowledgeBrain, dim: str, text: str, option: str
) -> None:
    assert brain.read_answer(dim, text).option == option


@pytest.mark.parametrize(
    ("dim", "text", "option"),
    [
        # a groomer's "mostly regulars" was proposed as "Quick one-off sales"
        ("relationship", "mostly regulars", "partnership"),
        ("engagement", "mainly regulars", "long_term"),
        ("relationship", "mostly tourists", "transaction"),
    ],
)
def test_most_people_of_a_group_name_their_side(
    brain: KnowledgeBrain, dim: str, text: str, option: str
) -> None:
    assert brain.read_answer(dim, text).option == option


def test_leaving_the_premises_is_no_switch(brain: KnowledgeBrain) -> None:
    """A groomer's "we book the next one before they leave" was read as "Yes, most would"."""
    reading = brain.read_answer("loyalty", "we book the next one before they leave")
    assert not (reading.status == "read" and reading.option == "switch")


@pytest.mark.parametrize("dim", ["specialization", "payment"])
def test_a_bare_yes_to_an_either_or_question_picks_neither(brain: KnowledgeBrain, dim: str) -> None:
    """ "yes definitely" to "specialist expertise, or standard …?" was proposed as "Standard"."""
    assert brain.read_answer(dim, "yes definitely").status == "unread"


def test_in_touch_at_renewal_time_is_when_they_buy(brain: KnowledgeBrain) -> None:
    """A broker's "renewal time mostly" was refused."""
    reading = brain.read_answer("communication", "renewal time mostly")
    assert reading.option == "sporadic" and reading.status == "confirm"


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("we don't contact them after the job", "sporadic"),
        ("they contact us when they need a clean", "as_needed"),
    ],
)
def test_contact_said_by_whom(brain: KnowledgeBrain, text: str, option: str) -> None:
    """ "We do not contact tenancy customers after the job" had read nothing."""
    assert brain.read_answer("communication", text).option == option


@pytest.mark.parametrize(
    ("text", "option"),
    [
        # a vet's "9/10" and "90%" at the trust question were refused
        ("9/10", "high"),
        ("90%", "high"),
        ("7 out of 10", "high"),
        ("5/10", "moderate"),
        ("2/10", "low"),
    ],
)
def test_a_mark_out_of_ten_or_a_share_answers_how_much(
    brain: KnowledgeBrain, text: str, option: str
) -> None:
    assert brain.read_answer("trust", text).option == option


def test_ten_hours_is_no_mark(rules_brain: KnowledgeBrain) -> None:
    assert rules_brain.read_answer("trust", "we open 9 10 hours a day").status == "unread"


@pytest.mark.parametrize(
    "text",
    [
        "day rate plus materials, invoiced weekly",
        "hourly. I invoice at the end of each month for however many lessons we did",
    ],
)
def test_how_a_rate_is_billed_is_no_second_way_of_paying(brain: KnowledgeBrain, text: str) -> None:
    """A rate billed monthly or weekly had been read as "A mix of these" (rate and retainer)."""
    assert brain.read_answer("payment", text).option == "project_fees"
