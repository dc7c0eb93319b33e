"""Interview assessment: priors vs answers, what would change it, mismatch advice, chart."""

from __future__ import annotations

import math

from bot.core.richtext import to_plain
from bot.kb.brain import KnowledgeBrain

CLIENT_ANSWERS = {
    "relationship": "partnership",
    "engagement": "long_term",
    "customization": "tailored",
    "trust": "high",
    "payment": "retainer",
    "communication": "continuous",
    "satisfaction": "long_term",
    "loyalty": "loyal",
    "specialization": "specialist",
}
CUSTOMER_ANSWERS = {
    "relationship": "transaction",
    "engagement": "one_off",
    "customization": "standard",
    "trust": "low",
    "payment": "per_sale",
    "communication": "sporadic",
    "satisfaction": "immediate",
    "loyalty": "switch",
    "specialization": "generic",
}


def test_prior_alone_gives_the_industry_label(tiny: KnowledgeBrain) -> None:
    assert tiny.assess("law_firm", {}).label == "client"
    assert tiny.assess("bakery", {}).label == "customer"
    assert tiny.assess("dog_training", {}).label == "hybrid"


def test_answers_outweigh_the_prior(tiny: KnowledgeBrain) -> None:
    a = tiny.assess("bakery", CLIENT_ANSWERS)
    assert a.label == "client"
    b = tiny.assess("law_firm", CUSTOMER_ANSWERS)
    assert b.label == "customer"
    assert a.confidence > 0.6 and b.confidence > 0.6


def test_mixed_answers_make_a_hybrid(tiny: KnowledgeBrain) -> None:
    answers = dict(CLIENT_ANSWERS)
    for dim in ("relationship", "engagement", "trust", "satisfaction"):
        answers[dim] = CUSTOMER_ANSWERS[dim]
    a = tiny.assess(None, answers)
    assert a.label == "hybrid"
    assert "hybrid" in to_plain(a.summary)


def test_summary_names_the_verdict_verbatim(tiny: KnowledgeBrain) -> None:
    assert "client-based" in to_plain(tiny.assess("law_firm", CLIENT_ANSWERS).summary)
    assert "customer-based" in to_plain(tiny.assess("bakery", CUSTOMER_ANSWERS).summary)


def test_nothing_known_is_unknown(tiny: KnowledgeBrain) -> None:
    a = tiny.assess(None, {})
    assert a.label == "unknown" and a.confidence == 0.0
    assert to_plain(a.summary)


def test_unknown_keys_and_options_are_ignored(tiny: KnowledgeBrain) -> None:
    a = tiny.assess("law_firm", {"nonsense": "x", "payment": "no_such_option"})
    assert a == tiny.assess("law_firm", {})


def test_what_would_change_finds_a_flipping_answer(tiny: KnowledgeBrain) -> None:
    # law firm + long engagements: only turning engagement around flips it (to hybrid)
    a = tiny.assess("law_firm", {"engagement": "long_term"})
    assert a.label == "client"
    summary = to_plain(a.summary)
    assert (
        "answering “A single visit” to “How long do people usually stay with you?” would "
        "make you **hybrid**".replace("**", "")
        in summary
    )
    flipped = tiny.assess("law_firm", {"engagement": "one_off"})
    assert flipped.label == "hybrid"


def test_what_would_change_says_how_to_move_when_nothing_flips(tiny: KnowledgeBrain) -> None:
    a = tiny.assess("law_firm", CLIENT_ANSWERS)
    assert a.label == "client"
    assert "What would move it most" in to_plain(a.summary)


def test_weighed_most_lists_the_strongest_dimensions(tiny: KnowledgeBrain) -> None:
    a = tiny.assess("bakery", {"payment": "retainer", "trust": "moderate"})
    summary = to_plain(a.summary)
    weighed = summary.split("What weighed most:")[1].split("\n")[0]
    assert weighed.index("Industry") < weighed.index("Payment")
    assert "Trust" not in weighed  # a neutral answer pulls neither way


def test_mismatch_advice_for_a_client_business_with_sporadic_contact(
    tiny: KnowledgeBrain,
) -> None:
    answers = dict(CLIENT_ANSWERS, communication="sporadic")
    a = tiny.assess("law_firm", answers)
    assert a.label == "client"
    assert "Client business with sporadic contact." in to_plain(a.advice)
    assert "Client tip one." in to_plain(a.advice)
    assert "Client more." in to_plain(a.more)


def test_mismatch_advice_for_a_customer_business_that_customises(tiny: KnowledgeBrain) -> None:
    answers = dict(CUSTOMER_ANSWERS, customization="tailored")
    a = tiny.assess("bakery", answers)
    assert a.label == "customer"
    assert "customises every order" in to_plain(a.advice)
    assert "sporadic contact" not in to_plain(a.advice)


def test_chart_has_one_bar_per_dimension(tiny: KnowledgeBrain) -> None:
    a = tiny.assess("law_firm", {"payment": "per_sale"})
    assert [b.label for b in a.chart.bars][:2] == ["Industry", "Relationship"]
    assert len(a.chart.bars) == 10
    positions = {b.label: b.position for b in a.chart.bars}
    assert positions["Industry"] == 1.0 and positions["Payment"] == -1.0
    known = [b for b in a.chart.bars if not math.isnan(b.position)]
    assert all(-1.0 <= b.position <= 1.0 for b in known)


def test_skipped_dimensions_are_not_drawn_as_balanced(tiny: KnowledgeBrain) -> None:
    # Regression: a skipped question sat in the middle as a filled marker, like a
    # "some of each" answer; the chart draws NaN as a hollow "no answer" marker.
    a = tiny.assess("law_firm", {"payment": "per_sale", "relationship": "mixed"})
    positions = {b.label: b.position for b in a.chart.bars}
    assert positions["Relationship"] == 0.0, "a middle answer stays in the middle"
    assert math.isnan(positions["Trust"]) and math.isnan(positions["Loyalty"])
    assert not math.isnan(positions["Industry"]) and positions["Payment"] == -1.0
    assert a.chart.left_label == "Customer-based" and a.chart.right_label == "Client-based"


def test_description_cues_fill_skipped_dimensions(tiny: KnowledgeBrain) -> None:
    a = tiny.assess(None, {}, "walk in haircuts, cheap, per hour")
    assert a.label == "customer"
    details = to_plain(a.details)
    assert "you mentioned “walk in”" in details
    b = tiny.assess(None, {}, "bespoke work on a monthly retainer for years")
    assert b.label == "client"


def test_description_finds_the_industry_when_none_was_chosen(tiny: KnowledgeBrain) -> None:
    a = tiny.assess(None, {}, "we are solicitors")
    assert a.label == "client"
    assert "Law firm" in to_plain(a.summary)


def test_user_text_never_becomes_markup(tiny: KnowledgeBrain) -> None:
    a = tiny.assess(None, {}, "**bespoke** <b>tailored</b> __retainer__")
    for part in (a.summary, a.details, a.advice):
        for span in part:
            assert "<b>" not in span.text
    for span in a.details:
        if "**" in span.text or "__" in span.text:
            assert not span.bold and not span.italic


def test_real_knowledge_assessment(brain: KnowledgeBrain) -> None:
    a = brain.assess("law_firm", {"payment": "retainer", "communication": "continuous"})
    assert a.label == "client"
    assert len(to_plain(a.advice).splitlines()) >= 4
    assert len(a.chart.bars) == 10


def test_chart_carries_the_verdict_and_its_confidence(tiny: KnowledgeBrain) -> None:
    a = tiny.assess("law_firm", CLIENT_ANSWERS)
    assert a.label == "client"
    assert a.chart.overall is not None and a.chart.overall > 0.5
    assert a.chart.verdict == f"Overall: client-based, {round(a.confidence * 100)}% sure"
    b = tiny.assess("law_firm", {"payment": "per_sale"})
    assert b.chart.overall is not None and b.chart.overall < a.chart.overall
    assert f"{round(b.confidence * 100)}% sure" in b.chart.verdict
    unknown = tiny.assess(None, {})
    assert unknown.label == "unknown"
    assert unknown.chart.overall is not None and math.isnan(unknown.chart.overall)
    assert unknown.chart.verdict == "Overall: not sure yet"


def test_one_off_buyers_of_tailored_expert_work_are_one_off_clients(brain: KnowledgeBrain) -> None:
    """An architect (homeowners once each, a housing association for years; every design
    bespoke, relied on, specialist) said 40 % of revenue was the association and heard "hybrid",
    then "keep buying quick and easy"."""
    answers = {
        "relationship": "mixed",
        "engagement": "mixed",
        "customization": "tailored",
        "trust": "high",
        "payment": "project_fees",
        "communication": "as_needed",
        "satisfaction": "long_term",
        "loyalty": "some",
        "specialization": "specialist",
    }
    kept = brain.assess("architect", {**answers, "groups": "split"})
    assert kept.label == "client"
    assert "clients for as long as the work lasts" in to_plain(kept.summary)  # (the split named)
    # (what is bought only partly tailored: two kinds of buyer, as the owner said)
    mixed = {**answers, "customization": "some", "groups": "split"}
    assert brain.assess("architect", mixed).label == "hybrid"
