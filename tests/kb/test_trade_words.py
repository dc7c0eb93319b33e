"""The trade words (bot/kb/trade_words.py): a description in words no alias has still names
its trade, the match is as sure as before, and the trade named first weighs most."""

from __future__ import annotations

import dataclasses

import pytest

from bot.kb.brain import KnowledgeBrain
from bot.kb.matcher import Matcher
from bot.kb.trade_words import TradeWords
from tests.helpers import named_first


@pytest.fixture(scope="module")
def no_words(brain: KnowledgeBrain) -> KnowledgeBrain:
    """The same knowledge base with a matcher whose trade words know nothing."""
    plain = KnowledgeBrain(brain.kb)
    plain.matcher.trade_words = TradeWords([])
    return plain


@pytest.mark.parametrize(
    ("text", "trade"),
    [
        ("our warehouse stores and ships stock for online sellers", "third_party_logistics"),
        ("we lease company cars and vans to businesses on 3 yr contracts", "fleet_leasing"),
        ("band practice rooms hired out by the hour", "rehearsal_studio"),
        ("we put snack and drinks machines in gyms and hospitals", "vending_operator"),
    ],
)
def test_a_description_in_other_words_names_its_trade(
    brain: KnowledgeBrain, no_words: KnowledgeBrain, text: str, trade: str
) -> None:
    assert named_first(brain, text) == trade
    assert named_first(no_words, text) != trade  # the aliases alone pick another trade


def test_only_the_order_changes_not_how_sure(
    brain: KnowledgeBrain, no_words: KnowledgeBrain
) -> None:
    text = "band practice rooms hired out by the hour"
    with_words, without = brain.matcher.rank(text), no_words.matcher.rank(text)
    assert [c.score for c in with_words.ranked] == [c.score for c in without.ranked]
    assert with_words.status == without.status
    assert with_words.ranked[0].industry.id != without.ranked[0].industry.id


def test_the_trade_named_first_weighs_most() -> None:
    words = TradeWords([(0, ("electrician", "rewire")), (1, ("pub", "bar"))])
    first, second = words.log_odds(("electrician", "pub"), [0, 1]) or [0.0, 0.0]
    assert first > second
    first, second = words.log_odds(("pub", "electrician"), [0, 1]) or [0.0, 0.0]
    assert first < second


def test_nothing_to_say_leaves_the_order() -> None:
    words = TradeWords([(0, ("electrician",)), (1, ("pub",))])
    assert words.log_odds(("florist",), [0, 1]) is None  # no word known
    assert words.log_odds(("pub",), [1]) is None  # one candidate: nothing to weigh
    assert TradeWords([]).log_odds(("pub",), [0, 1]) is None


def test_the_matcher_builds_them_from_the_knowledge_base(brain: KnowledgeBrain) -> None:
    """Names, aliases and each industry's `why`: no training step, no file."""
    fresh = Matcher(brain.kb.industries, (), brain.kb.served)
    odds = fresh.trade_words.log_odds(("dog", "poo"), [0, 1])
    assert odds is not None and len(odds) == 2
    kb = dataclasses.replace(brain.kb)
    assert KnowledgeBrain(kb).matcher.trade_words.log_odds(("dog", "poo"), [0, 1]) == odds
