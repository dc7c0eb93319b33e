"""The trade words (bot/kb/trade_words.py): a description in words no alias has still names
its trade, the match is as sure as before, and the trade named first weighs most."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.kb import trade_words
from bot.kb.brain import KnowledgeBrain
from bot.kb.loader import validate_knowledge
from bot.kb.matcher import FLOOR, Matcher
from bot.kb.trade_words import ADDED, ADDED_SCORE, TradeWords
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
        ("we drill boreholes and test the ground before building starts", "geotechnical_engineer"),
        ("band practice rooms hired out by the hour", "rehearsal_studio"),
        ("we put cash machines in pubs and corner shops", "atm_operator"),
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
    top = without.ranked[0].score
    added = len(with_words.ranked) - len(without.ranked)
    assert 0 <= added <= ADDED  # the likeliest trades may join, no surer than the best
    expected = sorted([c.score for c in without.ranked] + [min(ADDED_SCORE, top)] * added)
    assert sorted(c.score for c in with_words.ranked) == expected
    assert with_words.ranked[0].score == top and with_words.status == without.status
    assert with_words.ranked[0].industry.id != without.ranked[0].industry.id


def test_a_trade_no_alias_found_joins_the_candidates(
    brain: KnowledgeBrain, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The payroll bureau has no alias these words reach ("p45s", "pension paperwork"): the
    trade words add it; without the added industries another alias wins."""
    text = "we do the p45s and pension paperwork for local shops every month"
    assert named_first(brain, text) == "payroll_bureau"
    monkeypatch.setattr(trade_words, "ADDED", 0)
    assert named_first(brain, text) != "payroll_bureau"


def test_a_trade_the_aliases_rank_far_down_can_still_lead(
    brain: KnowledgeBrain, no_words: KnowledgeBrain
) -> None:
    """The pub's alias is found, but beyond the first `TOP` ("pool table" and "sky sports"
    name other trades first): the trade words can still bring it to the front."""
    text = "our village local has a pool table, darts and sky sports"
    ranked = [c.industry.id for c in no_words.matcher.rank(text).ranked]
    assert ranked.index("pub") >= trade_words.TOP
    assert named_first(brain, text) == "pub"
    assert [c.industry.id for c in brain.matcher.rank(text).ranked].count("pub") == 1


@pytest.mark.parametrize(
    ("text", "trade"),
    [
        ("family-run pharmacy", "pharmacy"),  # a whole alias keeps its trade ("family run")
        ("high street optician", "optometrist"),  # "high street" is where, not what
        ("we're a three man plumbing firm", "plumber"),  # a headcount is no trade
        ("self storage in shipping containers", "self_storage"),  # "self" names this one
    ],
)
def test_standing_words_and_whole_aliases_keep_the_trade(
    brain: KnowledgeBrain, text: str, trade: str
) -> None:
    assert named_first(brain, text) == trade


def test_a_misspelt_trade_counts_as_spelt(brain: KnowledgeBrain) -> None:
    words, resolve = brain.matcher.trade_words, brain.matcher.resolve
    assert words.spelled("plunber", resolve) == "plumber"  # ("plummer" is an example's word)
    assert words.spelled("plumber", resolve) == "plumber"  # known words stay
    assert words.spelled("zzqxv", resolve) == "zzqxv"  # nothing it stands for


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
    """Names, aliases and each industry's `why`: no training step, no file. A matcher built
    from the same industries knows the same words; without the `why` sentences it knows
    fewer (the words only they use)."""
    fresh = Matcher(brain.kb.industries, (), brain.kb.served)
    assert fresh.trade_words.known == brain.matcher.trade_words.known
    bare = [dataclasses.replace(i, why="", described=()) for i in brain.kb.industries]
    no_why = Matcher(bare, (), brain.kb.served).trade_words.known
    plain = [dataclasses.replace(i, described=()) for i in brain.kb.industries]
    with_why = Matcher(plain, (), brain.kb.served).trade_words.known
    assert no_why < with_why


def test_described_phrases_feed_the_trade_words_only(brain: KnowledgeBrain) -> None:
    """Owners' phrases are never matched as aliases (a loose phrase would take texts it was
    never meant for), but they do change the trade words."""
    assert sum(len(ind.described) for ind in brain.kb.industries) > 2000
    bare = [dataclasses.replace(ind, described=()) for ind in brain.kb.industries]
    without = Matcher(bare, (), brain.kb.served)
    assert [a.text for a in without.aliases] == [a.text for a in brain.matcher.aliases]
    tokens, pair = ("dog", "poo"), [0, 1]
    assert without.trade_words.log_odds(tokens, pair) != brain.matcher.trade_words.log_odds(
        tokens, pair
    )


@pytest.mark.parametrize("field", ["described", "titles"])
def test_a_broken_list_is_an_error_naming_the_line(kb_copy: Path, field: str) -> None:
    path = kb_copy / "industries" / "professional.yaml"
    text = path.read_text(encoding="utf-8")
    line = "    aliases: [lawyer, attorney, solicitors, "
    assert line in text
    path.write_text(text.replace(line, f"    {field}: {{a: 1}}\n" + line), encoding="utf-8")
    rendered = [e.render() for e in validate_knowledge(kb_copy)]
    assert any("professional.yaml:7" in r and field in r for r in rendered), rendered


def test_words_of_size_name_no_trade(brain: KnowledgeBrain) -> None:
    assert named_first(brain, "we're a small family law practice") == "family_law_practice"
    assert named_first(brain, "busy independent family law practice") == "family_law_practice"


@pytest.mark.parametrize(
    ("text", "trade"),
    [
        ("we keep gulls off landfill sites with hawks", "bird_control"),
        ("we clear dog mess from back gardens every week", "pet_waste_removal"),
    ],
)
def test_a_text_no_alias_matches_is_offered_the_trade_words_guess(
    brain: KnowledgeBrain, no_words: KnowledgeBrain, text: str, trade: str
) -> None:
    """Offered to confirm, never taken as sure; without the trade words nothing is offered."""
    ranking = brain.matcher.rank(text)
    assert ranking.status == "ambiguous"
    assert [(c.industry.id, c.score) for c in ranking.close] == [(trade, FLOOR)]
    assert no_words.matcher.rank(text).status == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "we work on monthly retainers with the same clients for years",
        "tell me about clients vs customers",
        "I don't know",
        "asdf qwerty",
    ],
)
def test_no_guess_without_words_that_tell_trades_apart(brain: KnowledgeBrain, text: str) -> None:
    assert brain.matcher.rank(text).status == "unknown"


@pytest.mark.parametrize(
    ("text", "trade"),
    [
        # a served part that holds the work: every word after "people" or "for" had been left out
        (
            "i represent people facing deportation in court and file asylum cases",
            "immigration_lawyer",
        ),
        ("i help people facing eviction in court and file their appeals", "legal_aid_clinic"),
        (
            "owners pay monthly for a stable, grazing and hay, and we muck out for them",
            "equestrian_livery",
        ),
    ],
)
def test_the_work_said_among_the_people_served_still_names_the_trade(
    brain: KnowledgeBrain, monkeypatch: pytest.MonkeyPatch, text: str, trade: str
) -> None:
    assert named_first(brain, text) == trade
    monkeypatch.setattr(trade_words, "SERVED_WORDS", 0.0)  # the served part's words unread
    assert named_first(brain, text) != trade
