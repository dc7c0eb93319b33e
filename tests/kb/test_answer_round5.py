"""Round 5 of the answer reader (issue 9): a negator's reach, and notions from new trades.

The phrasings are written for these tests, in other words than the labelled answer sets.
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
        # a new subject two words or more after the negator starts a statement it does not reach
        ("trust", "if I tell them the boiler isn't worth fixing they trust me", "high"),
        ("loyalty", "when our quote isn't the lowest around they still stay", "loyal"),
        # a verb of thinking before the subject keeps the negation
        ("loyalty", "I don't think they'd switch", "loyal"),
        ("trust", "they don't rely on me", "low"),
    ],
)
def test_a_negator_stops_at_a_new_subject(
    brain: KnowledgeBrain, dim: str, text: str, option: str
) -> None:
    assert brain.read_answer(dim, text).option == option


@pytest.mark.parametrize(
    ("dim", "text", "side"),
    [
        ("engagement", "a lot of beginners give up after a month, a few keep at it", "mixed"),
        ("engagement", "the new boiler and they're sorted for fifteen years", "customer"),
        ("relationship", "mostly emergencies, burst locks and lockouts", "customer"),
        ("payment", "room hire plus so much per guest", "customer"),
        ("payment", "half as a deposit and the balance on completion", "client"),
        ("communication", "we keep an eye on their account and call them before renewal", "client"),
        ("loyalty", "price hardly comes into it for them", "client"),
        ("loyalty", "they'd book whoever comes up first on google", "customer"),
        ("specialization", "a dying trade, only a few of us left in the county", "client"),
        ("customization", "each case is different, we find what suits them", "client"),
    ],
)
def test_notions_from_new_trades_are_read_to_their_side(
    brain: KnowledgeBrain, dim: str, text: str, side: str
) -> None:
    r = brain.read_answer(dim, text)
    assert r.status in {"read", "confirm"} and r.side == side, (r.status, r.option, r.why)


@pytest.mark.parametrize("dim", ["customization", "trust", "loyalty", "engagement"])
def test_neither_refuses_the_options_and_is_not_read_as_no(brain: KnowledgeBrain, dim: str) -> None:
    """ "neither really" at "How much do you tailor …?" had been noted as "The same for
    everyone": it picks none of the options, so it is asked again."""
    assert brain.read_answer(dim, "neither really").status == "unread"


@pytest.mark.parametrize(
    "text",
    [
        "logo stuff only from us, the rest is standard",
        "engraving if they want, everything else is standard",
    ],
)
def test_a_part_tailored_and_the_rest_standard_is_some_tweaks(
    brain: KnowledgeBrain, text: str
) -> None:
    """ "the rest" opened a second group there, and "standard" alone was proposed."""
    reading = brain.read_answer("customization", text)
    assert (reading.status, reading.option) == ("read", "some")


@pytest.mark.parametrize(
    ("dim", "text"),
    [
        ("relationship", "partnership is a strong word. they just rebook"),
        ("trust", "trust is a strong word, they mostly know what they want"),
    ],
)
def test_a_word_called_too_strong_is_not_read_as_said(
    brain: KnowledgeBrain, dim: str, text: str
) -> None:
    """A dog groomer's "partnership is a strong word" had been noted as "An ongoing
    partnership"."""
    reading = brain.read_answer(dim, text)
    assert reading.side != "client" or reading.status == "unread"


@pytest.mark.parametrize(
    ("dim", "text", "option"),
    [
        # the answer first, then why: the why is not allowed to overrule it silently
        ("specialization", "specialist, anyone can buy a camera but", "specialist"),
        ("specialization", "standard - it's tyres and balancing, nothing special", "generic"),
    ],
)
def test_an_answer_said_first_is_not_overruled_by_its_reasons(
    brain: KnowledgeBrain, dim: str, text: str, option: str
) -> None:
    """A wedding photographer's "specialist, anyone can buy a camera but" was noted as "Some of
    each": the reasons after an option's own words are read, but never overrule them unasked."""
    reading = brain.read_answer(dim, text)
    assert reading.option == option and reading.status in ("read", "confirm")


@pytest.mark.parametrize(
    ("dim", "text"),
    [
        ("trust", "rely on me? no, they hand me the key they want copied and I copy it"),
        ("customization", "no, not the same for everyone, every garden's drawn from scratch"),
    ],
)
def test_an_option_asked_back_or_a_no_first_is_no_answer_said_first(
    brain: KnowledgeBrain, dim: str, text: str
) -> None:
    """ "rely on me? no, …" quotes the option to deny it; "no, not the same …" is a no."""
    reading = brain.read_answer(dim, text)
    wrong = "client" if dim == "trust" else "customer"
    assert reading.side != wrong or reading.status == "unread"


def test_a_yearly_return_beside_one_off_sales_is_asked_about(brain: KnowledgeBrain) -> None:
    """A car dealer's "sales is one off, servicing we see them every year" was noted as "Quick
    one-off sales": buying again every year is an ongoing tie, if a loose one."""
    reading = brain.read_answer(
        "relationship", "sales is one off, servicing we see them every year"
    )
    assert reading.status == "confirm" or reading.option == "mixed"
    assert brain.read_answer("relationship", "they come back every year").side == "client"


def test_neither_before_the_reasons_asks_before_recording_an_end(brain: KnowledgeBrain) -> None:
    """A driving school's "hmm neither really, they come for lessons for a few months then
    pass and go" was noted as "Quick one-off sales": it said neither."""
    text = "hmm neither really, they come for lessons for a few months then pass and go"
    assert brain.read_answer("relationship", text).status != "read"


@pytest.mark.parametrize(
    ("text", "side"),
    [
        # an opening "nah" answers the question; the statement after it is not turned round
        ("nah anyone can walk a dog tbh", "customer"),
        ("nope anyone could do it", "customer"),
        # ... while "not anyone" is one statement
        ("not anyone can do it", "client"),
    ],
)
def test_an_opening_nah_does_not_turn_the_statement_after_it(
    brain: KnowledgeBrain, text: str, side: str
) -> None:
    """A dog walker's "nah anyone can walk a dog tbh" was noted as "Specialist expertise"."""
    assert brain.read_answer("specialization", text).side == side


def test_depends_alone_names_no_reliance(brain: KnowledgeBrain) -> None:
    """A baker's "depends which. the cafes are proper partners, …" (about the relationship)
    was kept as a trust answer, "Somewhat", and checked at the trust question unasked."""
    said = brain.stated_answers("depends which. the cafes are proper partners, shop is just people")
    assert "trust" not in said
    assert brain.stated_answers("they depend on us for everything")["trust"].side == "client"
