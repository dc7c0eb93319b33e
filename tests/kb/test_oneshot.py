"""One-shot verdicts: industry prior, cues, hybrids, unknown, JSON and card."""

from __future__ import annotations

import json

import pytest

from bot.core.richtext import to_plain
from bot.kb.brain import KnowledgeBrain

SEED_CLIENT = [
    "law firms",
    "marketing agency",
    "advertising agency",
    "public relations agency",
    "financial advisory firm",
    "consulting company",
    "insurance agency",
    "architectural company",
    "accounting firm",
    "real estate agency",
]
SEED_CUSTOMER = [
    "retail shop selling clothing",
    "cosmetics shop",
    "art supplies store",
    "e-commerce shop",
    "restaurant",
    "cafe",
    "mechanic",
    "nail salon",
    "hair salon",
    "massage parlor",
]


@pytest.mark.parametrize("text", SEED_CLIENT)
def test_seed_client_businesses(brain: KnowledgeBrain, text: str) -> None:
    result = brain.classify_text(text)
    assert result.label == "client", result.to_json()
    match = brain.match_industry(text)
    assert match.status != "unknown" and match.candidates[0].label == "client"


@pytest.mark.parametrize("text", SEED_CUSTOMER)
def test_seed_customer_businesses(brain: KnowledgeBrain, text: str) -> None:
    result = brain.classify_text(text)
    assert result.label == "customer", result.to_json()
    match = brain.match_industry(text)
    assert match.status != "unknown" and match.candidates[0].label == "customer"


def test_cues_decide_without_an_industry(brain: KnowledgeBrain) -> None:
    client = brain.classify_text("we work on monthly retainers with the same clients for years")
    assert client.label == "client" and client.industry is None
    assert "retainer" in client.explanation
    customer = brain.classify_text("walk-ins welcome, cheap prices, pay per visit")
    assert customer.label == "customer"


def test_cues_can_overturn_the_usual_label(brain: KnowledgeBrain) -> None:
    # a usually customer-based trade, sold as a retained, tailored service
    result = brain.classify_text(
        "chauffeur on a monthly retainer for two executives, the same drivers for years"
    )
    assert result.label == "client", result.to_json()


def test_both_models_in_one_text_is_hybrid(brain: KnowledgeBrain) -> None:
    result = brain.classify_text(
        "print shop: walk-in copies and flyers for anyone, plus long-term contracts with a "
        "dedicated account manager for three universities"
    )
    assert result.label == "hybrid", result.to_json()
    assert "both" in result.explanation


def test_hybrid_needs_both_sides(brain: KnowledgeBrain) -> None:
    assert brain.classify_text("walk-in copies and flyers while you wait").label == "customer"


def test_negated_cue_counts_the_other_way(tiny: KnowledgeBrain) -> None:
    plain = tiny.classify_text("bespoke and tailored, long term")
    assert plain.label == "client"
    negated = tiny.classify_text("no retainer")
    assert negated.label == "customer"


@pytest.mark.parametrize("text", ["", "   ", "xyzzy qwerty", "🙂", "the and of"])
def test_unknown_only_when_nothing_matches(brain: KnowledgeBrain, text: str) -> None:
    result = brain.classify_text(text)
    assert result.label == "unknown"
    assert result.confidence == 0.0 and result.industry is None
    assert to_plain(result.card)


def test_json_shape(brain: KnowledgeBrain) -> None:
    data = brain.classify_text("barbreshop").to_json()
    assert set(data) == {"label", "confidence", "industry", "candidates", "explanation"}
    assert data["label"] == "customer" and data["industry"] == "Barber shop"
    assert 0 < data["confidence"] <= 1
    assert data["candidates"][0] == {
        "industry": "Barber shop",
        "score": data["candidates"][0]["score"],
    }
    assert all(0 <= c["score"] <= 1 for c in data["candidates"])
    json.dumps(data)


def test_card_has_verdict_industry_reason_and_tips(brain: KnowledgeBrain) -> None:
    card = to_plain(brain.classify_text("we are an accounting firm").card)
    lines = card.splitlines()
    assert lines[0] == "client-based"
    assert "Accounting firm" in card
    assert sum(1 for line in lines if line.startswith("• ")) == 2


def test_user_text_is_not_echoed_as_markup(brain: KnowledgeBrain) -> None:
    result = brain.classify_text("**law firm** <b>x</b>")
    assert result.label == "client"
    assert not any("<b>" in s.text for s in result.card)


def test_the_clientele_is_not_the_business(brain: KnowledgeBrain) -> None:
    result = brain.classify_text("we handle the social media of 15 restaurants on retainer")
    assert result.label == "client", result.to_json()
    assert result.industry != "Restaurant"


def test_parts_of_a_text_lean_by_the_industry_named_there(brain: KnowledgeBrain) -> None:
    result = brain.classify_text("garden centre, plus landscape maintenance contracts for councils")
    assert result.label == "hybrid", result.to_json()
