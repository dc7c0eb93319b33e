"""The role word of a description names the business, not the people it serves, the place it
works at or the goods it sells (docs/knowledge.md, "Matching"; issue 9 item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.kb.brain import KnowledgeBrain
from bot.kb.positions import place_words
from bot.kb.served import served_parts
from bot.kb.served_vocab import ServedVocab
from tests.helpers import named_first

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the people placed, entertained or insured after the trade are served ...
        ("recruitment consultant placing accountants in permanent roles", "recruitment_agency"),
        # ... a plural after "at" is where the business works, and a bare "weddings" is no
        # wedding planner
        ("caricaturist drawing guests at weddings", "entertainer_hire"),
        # an industry explains the words all its aliases cover together
        ("pet portraits photographer", "pet_photography"),
        # an alias whose head stands before "serving / servicing" takes the goods for the trade
        ("motorcycle mechanic servicing bikes", "motorcycle_shop"),
    ],
)
def test_the_role_word_names_the_business(brain: KnowledgeBrain, text: str, expected: str) -> None:
    assert named_first(brain, text) == expected


def test_a_verb_alone_names_no_trade(brain: KnowledgeBrain) -> None:
    """'selling' is in the alias 'selling houses', but selling cheese is no estate agency."""
    assert named_first(brain, "cheesemaker selling at farmers markets") != "real_estate_agency"


def test_where_a_business_works_and_whom_it_places(vocab: ServedVocab) -> None:
    assert place_words(vocab, "DJ at weddings and parties") == frozenset({2, 3, 4})
    assert place_words(vocab, "stall at 3 markets") == frozenset({2, 3})
    # "at" before a small word or a singular is no place list
    assert place_words(vocab, "we work at home") == frozenset()
    assert place_words(vocab, "cafe at the station") == frozenset()
    assert [p.start for p in served_parts(vocab, "recruiter placing nurses in care homes")] == [2]
    assert served_parts(vocab, "we're placing an order") == ()
    # "<business> in a <place>" is where it is; "specialising in a ..." is no place
    assert place_words(vocab, "pharmacy in a health centre") == frozenset({2, 3, 4})
    assert place_words(vocab, "we specialise in a niche") == frozenset()
    assert place_words(vocab, "we are in a rush") == frozenset()


def test_a_place_after_in_a_is_not_the_business(brain: KnowledgeBrain) -> None:
    """The gym a juice bar stands in is no rival for the business (nor is a bare 'bar')."""
    assert named_first(brain, "juice bar in a gym") == "juice_bar"
    assert named_first(brain, "cafe in a garden centre") == "cafe"
    assert named_first(brain, "coffee shop inside a bookshop") == "cafe"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a nationality's shop is a grocer, not car polish
        ("polish shop selling food from home", "grocery_store"),
        ("photographer for schools and nurseries", "wedding_photographer"),
        # a van named by its goods is a mobile shop of that trade
        ("fish van going round the villages", "fishmonger"),
        ("engineer checking beams for builders", "structural_engineer"),
    ],
)
def test_everyday_names_of_the_third_round(brain: KnowledgeBrain, text: str, expected: str) -> None:
    assert named_first(brain, text) == expected


def cases(name: str) -> list[dict[str, str]]:
    data = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    found: list[dict[str, str]] = data["cases"]
    return found


@pytest.mark.parametrize(
    ("name", "least", "floor"),
    [
        # tuning half: 95.8 % (st*) before this work, 99.0 % after (st* and su*)
        ("served-trades.yaml", 200, 0.97),
        # held back, measured before and at the end only: 91.6 % -> 92.6 %; 93.7 % -> 94.7 %
        # with the trade words (bot/kb/trade_words.py)
        ("served-trades-heldback.yaml", 95, 0.93),
        # second round, written blind; the trade words were chosen on this tuning half:
        # 83.3 % -> 86.7 %, 91.7 % with the described phrases
        ("served-trades-2.yaml", 60, 0.9),
        # ... and its held-back half: 70.0 % -> 78.3 % -> 85.0 % -> 88.3 % -> 91.7 %
        ("served-trades-2-heldback.yaml", 60, 0.9),
    ],
)
def test_served_trades_named_first(
    brain: KnowledgeBrain, name: str, least: int, floor: float
) -> None:
    """Everyday trades naming a served party, a place or goods: the trade is named first."""
    found = cases(name)
    assert len(found) >= least
    misses = [
        f"{c['id']} {c['text']!r}: {got}"
        for c in found
        if (got := named_first(brain, c["text"])) not in c["industry"].split(",")
    ]
    assert 1 - len(misses) / len(found) >= floor, "\n".join(misses)


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        # tuning half: 98.9 % (e3t*), 93.5 % (e3u*), 96.7 % (e3w*), 85.0 % (e3y*) when
        # first measured, 99.5 % after
        ("everyday-trades-3.yaml", 0.98),
        # held back, never tuned on: 94.4 % (e3h*) before any change, 93.5 % (e3v*) and
        # 86.7 % (e3x*), 90.0 % (e3z*) when written after later changes; 92.5 % at the end;
        # 96.2 % with the trade words, 95.7 % with the described phrases
        ("everyday-trades-3-heldback.yaml", 0.95),
        # fourth round, written blind: the tuning half the trade words were chosen on
        # (78.3 % -> 85.0 % -> 88.3 % -> 90.0 % skipping size words) and the held-back half
        # (90.0 % -> 95.0 % -> 96.7 %)
        ("everyday-trades-4.yaml", 0.86),
        ("everyday-trades-4-heldback.yaml", 0.95),
        # fifth round, written blind as the final check: 64.2 % before the trade words, 76.7 %
        # with them, 84.2 % with the described phrases, 83.3 % skipping size words, 85.8 % with
        # the second set of described phrases, 92.5 % with every industry scored
        ("everyday-trades-5.yaml", 0.9),
        # sixth round, written blind before the second set of phrases: 82.5 % before the trade
        # words, 91.7 % with the first set of phrases, 93.3 % with the second, 95.8 % with
        # every industry scored
        ("everyday-trades-6.yaml", 0.93),
        # seventh round, written blind (the work described, not the trade's name), held back:
        # 78.3 % before, 89.2 % with every industry scored and the three likeliest added
        ("everyday-trades-7.yaml", 0.87),
    ],
)
def test_everyday_trades_3_named_first(brain: KnowledgeBrain, name: str, floor: float) -> None:
    """Plain everyday trades written blind in the third round: the trade is named first."""
    found = cases(name)
    assert len(found) >= {"3": 186, "4": 60, "5": 120, "6": 120, "7": 120}[name.split("-")[2][0]]
    misses = [
        c["id"] for c in found if named_first(brain, c["text"]) not in c["industry"].split(",")
    ]
    assert 1 - len(misses) / len(found) >= floor, misses
