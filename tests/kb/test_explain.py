"""Interview explanations: consistent with the verdict, calibrated, free of internal tokens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli.evaluate import read_cases
from bot.core.richtext import to_plain
from bot.kb.brain import KnowledgeBrain
from bot.kb.calibration import table
from bot.kb.quotes import as_typed

from .test_advice import MIDDLE_ANSWERS
from .test_classifier import CLIENT_ANSWERS, CUSTOMER_ANSWERS
from .test_cli import run

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LABELLED = (FIXTURES / "extra-cases.yaml", FIXTURES / "service-for-cases.yaml")
TOKENS = re.compile(r"qnum|qmoney|infotech|<num>|<money>|\.\.\.|\{\w+\}")


def test_answers_that_overrule_the_industry_say_so(brain: KnowledgeBrain) -> None:
    answers = {
        "relationship": "partnership",
        "engagement": "long_term",
        "customization": "tailored",
        "payment": "retainer",
    }
    a = brain.assess("custom_cake_maker", answers, "custom cakes")
    summary = to_plain(a.summary)
    assert a.label == "client"
    assert "usually customer-based; your answers (" in summary
    assert "tailored work" in summary and "make yours client-based" in summary
    weighed = summary.split("What weighed most:")[1].split("\n")[0]
    assert "Industry" not in weighed  # it pulled the other way: said above, not listed here


def test_an_agreeing_industry_keeps_its_usual_line(brain: KnowledgeBrain) -> None:
    summary = to_plain(brain.assess("law_firm", CLIENT_ANSWERS).summary)
    assert "are usually client-based:" in summary and "your answers" not in summary
    assert "Industry (leans client-based)" in summary


def test_a_hybrid_verdict_against_the_industry_says_which_answers_pulled(
    brain: KnowledgeBrain,
) -> None:
    answers = dict(
        CUSTOMER_ANSWERS,
        specialization="specialist",
        trust="high",
        customization="tailored",
        satisfaction="long_term",
    )
    a = brain.assess("law_firm", answers)
    assert a.label == "hybrid"
    assert "pull the other way, so yours is hybrid" in to_plain(a.summary)


def test_weighed_most_never_lists_a_pull_against_a_clear_verdict(brain: KnowledgeBrain) -> None:
    for ind in brain.kb.industries[::7]:
        for answers in (CLIENT_ANSWERS, CUSTOMER_ANSWERS):
            a = brain.assess(ind.id, answers)
            if a.label not in ("client", "customer"):
                continue
            other = "customer" if a.label == "client" else "client"
            weighed = to_plain(a.summary).split("What weighed most:")[1].split("\n")[0]
            assert f"leans {other}-based" not in weighed, (ind.id, weighed)


def test_middle_and_mixed_answers_lower_the_confidence(brain: KnowledgeBrain) -> None:
    sure = brain.assess("law_firm", CLIENT_ANSWERS).confidence
    five_middle = dict(CLIENT_ANSWERS, **dict(list(MIDDLE_ANSWERS.items())[:5]))
    middling = brain.assess("law_firm", five_middle)
    assert middling.label == "client" and middling.confidence < sure - 0.15
    mixed = brain.assess(
        "law_firm", dict(CLIENT_ANSWERS, payment="per_sale", engagement="one_off", loyalty="switch")
    )
    assert mixed.confidence < sure
    assert "What would make it surer" in to_plain(middling.summary)
    assert "What would make it surer" not in to_plain(
        brain.assess("law_firm", CLIENT_ANSWERS).summary
    )


@pytest.mark.parametrize(("industry", "side"), [("marketing_agency", "specialist")])
def test_answers_in_between_with_one_clear_answer_are_no_clear_verdict(
    brain: KnowledgeBrain, industry: str, side: str
) -> None:
    """Eight of nine answers in between, one client answer and a client trade: hybrid (it was
    client-based, 84 %: the trade alone outweighed what the owner said)."""
    answers = dict(MIDDLE_ANSWERS, specialization=side)
    assert brain.assess(industry, answers).label == "hybrid"
    print_shop = dict(MIDDLE_ANSWERS, satisfaction="immediate")
    assert brain.assess("print_shop", print_shop).label == "hybrid"


def test_surer_names_the_answers_that_point_the_other_way(brain: KnowledgeBrain) -> None:
    answers = dict(
        MIDDLE_ANSWERS,
        relationship="partnership",
        engagement="long_term",
        customization="tailored",
        payment="per_sale",
        loyalty="switch",
    )
    a = brain.assess("law_firm", answers)
    assert a.label == "client" and a.confidence < 0.8
    assert "your answers on payment and loyalty point the other way" in to_plain(a.summary)


@pytest.mark.slow
def test_confidence_is_calibrated_on_the_labelled_sets(brain: KnowledgeBrain) -> None:
    results = []
    for path in LABELLED:
        for case in read_cases(path):
            a = brain.assess(None, {}, case.text)
            if a.label != "unknown":
                results.append((a.confidence, a.label == case.label))
    bins = table(results)
    # loose: the overall gap, weighted by bin size, stays small, and no big bin is far off
    gap = sum(b.n * abs(b.accuracy - b.mean_confidence) for b in bins) / len(results)
    assert gap < 0.08, bins
    for b in bins:
        if b.n >= 30:
            assert abs(b.accuracy - b.mean_confidence) < 0.12, b


@pytest.mark.e2e
def test_eval_prints_the_calibration_table() -> None:
    out = run("eval", "--quiet", "--calibration", str(LABELLED[0]))
    assert out.returncode == 0, out.stderr
    assert "calibration, interview from the description" in out.stdout
    assert "mean conf" in out.stdout and "90%-100%" in out.stdout


@pytest.mark.parametrize(
    ("text", "quote", "shown"),
    [
        (
            "we run the IT for 12 dental practices",
            "for qnum dental practice",
            "for 12 dental practices",
        ),
        ("window cleaning, £15 a house", "<money>", "£15"),
        ("surf school, 2-hour lessons", "<num> hour", "2-hour"),
        ("we have walk-ins all day", "walk in", "walk-ins"),
        ("something else entirely", "for qnum small business", "for small business"),
        ("x", "<money> per visit", "a price per visit"),
        ("I go to people's houses in a van", "to peoples houses", "to people's houses"),
        ("we don't do contracts", "dont do contract", "don't do contracts"),
    ],
)
def test_quotes_come_from_the_text_as_typed(text: str, quote: str, shown: str) -> None:
    assert as_typed(text, quote) == shown


@pytest.mark.slow
def test_no_internal_token_reaches_an_explanation(brain: KnowledgeBrain) -> None:
    texts = [c.text for path in LABELLED for c in read_cases(path)]
    texts += [
        f"{what} for {n} {who}, {price} a month, {n}-year contracts"
        for what in ("IT support", "bookkeeping", "cleaning", "we run a café")
        for n in ("3", "12", "40", "1,000")
        for who in ("small businesses", "law firms", "families")
        for price in ("$500", "£60", "20 euros", "€1.5k")
    ]
    for text in texts:
        one = brain.classify_text(text)
        a = brain.assess(None, {}, text)
        shown = " ".join([one.explanation, *one.cues, to_plain(a.summary), to_plain(a.details)])
        assert not TOKENS.search(shown), (text, TOKENS.findall(shown))


@pytest.mark.parametrize(
    ("text", "label", "shown"),
    [
        # a negator a few words before a client cue turns it, and is quoted with it
        ("plumber, I don't have any long term clients", "customer", "don't have any long term"),
        ("we don't do contracts, it's walk-ins", "customer", "don't do contracts"),
    ],
)
def test_a_cue_turned_by_a_negator_a_few_words_before_counts_for_the_other_side(
    brain: KnowledgeBrain, text: str, label: str, shown: str
) -> None:
    one = brain.classify_text(text)
    assert one.label == label
    assert f"“{shown}”" in one.explanation and "signs of a client" not in one.explanation


def test_a_word_that_is_no_negation_leaves_the_cue_alone(brain: KnowledgeBrain) -> None:
    one = brain.classify_text("we never miss a monthly review with each client")
    assert one.label == "client" and "“monthly”" in one.explanation
    # a customer cue turned from afar is no evidence of a client business either
    salon = brain.classify_text("hair salon, we don't do memberships")
    assert "signs of a client" not in salon.explanation


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("cheap phone repairs for students in a small shop near the uni", "for students"),
        ("surf lessons for tourists on the beach in summer", "for tourists"),
    ],
)
def test_a_served_quote_ends_with_the_people_served(
    brain: KnowledgeBrain, text: str, quote: str
) -> None:
    """The served part ends once the people are named: "in a small shop" is no party (it
    once made "for students in a small" a sign of a client business)."""
    explanation = brain.classify_text(text).explanation
    assert "signs of a customer business: " in explanation and f"“{quote}”" in explanation
    assert "signs of a client business" not in explanation


def test_a_verdict_under_half_sure_is_called_a_close_call(brain: KnowledgeBrain) -> None:
    unsure = brain.assess("gym", {"relationship": "mixed", "payment": "retainer"})
    assert unsure.confidence < 0.5 and "close call" in to_plain(unsure.summary)
    sure = brain.assess("law_firm", CLIENT_ANSWERS)
    assert "close call" not in to_plain(sure.summary)


def test_two_groups_the_owner_named_make_a_hybrid_sure(brain: KnowledgeBrain) -> None:
    """An IT firm with offices on contract and walk-in repairs answered every question "both"
    and named the split; it heard 50 % and "clearer answers … where you chose the middle"."""
    middle = {
        "relationship": "mixed",
        "engagement": "mixed",
        "customization": "some",
        "trust": "moderate",
        "payment": "mixed",
        "loyalty": "some",
    }
    lukewarm = brain.assess("managed_it_services", {**middle, "groups": "one"})
    two = brain.assess("managed_it_services", {**middle, "groups": "accounts"})
    assert lukewarm.label == two.label == "hybrid"
    assert two.confidence >= 0.8 > lukewarm.confidence
    assert "where you chose the middle" not in to_plain(two.summary)


def test_what_would_move_a_clear_verdict_pulls_away_from_it(brain: KnowledgeBrain) -> None:
    """An architect, client-based, was told an answer "would pull you towards client-based"."""
    answers = {
        **CLIENT_ANSWERS,
        "relationship": "mixed",
        "engagement": "one_off",
        "trust": "moderate",
        "loyalty": "some",
    }
    result = brain.assess("architect", answers)
    text = to_plain(result.summary)
    assert result.label == "client"
    assert "towards client-based" not in text and "customer-based" in text
