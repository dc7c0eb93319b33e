"""The trade named in a description weighs most, and formal industry titles read as everyday
words (docs/knowledge.md, "Matching" and "Formal industry titles")."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.cli.evaluate import read_cases
from bot.kb.brain import KnowledgeBrain
from bot.kb.matcher import FLOOR
from bot.kb.positions import goods_words
from bot.kb.served_vocab import ServedVocab
from bot.kb.titles import read_title
from bot.kb.wordindex import idf_weights
from tests.helpers import named_first

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a telling word the alias leaves out ("law", "dentistry") ...
        ("we're a small family law practice", {"family_law_practice"}),
        ("family dentistry practice", {"dental_practice"}),
        ("tool hire shop", {"equipment_rental"}),
        # ... the trade's verb ("fix" is repair; "manage" is the managing) ...
        ("we fix iphones and laptops", {"phone_repair_shop"}),
        ("we manage rental properties for landlords", {"property_management", "letting_agency"}),
        # ... goods sold after the business is named ...
        ("corner shop selling newspapers and sweets", {"convenience_store", "newsagent"}),
        ("pet shop selling food and toys for dogs and cats", {"pet_store"}),
        # ... and the people served, visited or worked for are not the business
        ("a mobile hairdresser visiting care homes", {"hair_salon", "barber"}),
        ("home care agency sending carers to elderly people", {"home_care_agency"}),
    ],
)
def test_the_trade_named_weighs_most(brain: KnowledgeBrain, text: str, expected: set[str]) -> None:
    assert named_first(brain, text) in expected


def test_a_coordinated_name_is_still_both(tiny: KnowledgeBrain) -> None:
    """'hair and nail salon' names two trades: no word is wedged into either."""
    ranked = tiny.rank("hair and nail salon").ranked
    assert {c.industry.id for c in ranked[:2]} == {"hair_salon", "nail_salon"}


def test_we_manage_a_hotel_runs_it(brain: KnowledgeBrain) -> None:
    assert named_first(brain, "we manage a small hotel") == "hotel"


def test_goods_words(vocab: ServedVocab) -> None:
    assert goods_words(vocab, "corner shop selling newspapers and sweets") == frozenset({3, 4, 5})
    assert goods_words(vocab, "we sell sweets") == frozenset()  # nothing named before the verb
    assert goods_words(vocab, "shop selling bread, cakes and pies, we also deliver") == frozenset(
        {2, 3, 4, 5}
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Offices of Lawyers", "Lawyers"),
        ("Furniture Retailers", "Furniture shop"),
        ("Skiing Facilities", "Skiing"),
        ("Other Personal Care Services", "Personal Care Services"),
        ("Casinos (except Casino Hotels)", "Casinos"),
        ("Drinking Places (Alcoholic Beverages)", "Drinking Places. Alcoholic Beverages"),
        ("Retail sale of books in specialised stores", "books shop"),
        ("Activities of travel agencies", "travel agencies"),
        ("Legal Services, n.e.c.", "Legal Services"),
        # a description is not a title
        ("I work with retailers", "I work with retailers"),
        ("we sell everything except fish", "we sell everything except fish"),
    ],
)
def test_read_title(title: str, expected: str) -> None:
    assert read_title(title) == expected


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Furniture Retailers", "customer"),
        ("Skiing Facilities", "customer"),
        ("Offices of Lawyers", "client"),
        ("Drinking Places (Alcoholic Beverages)", "customer"),
    ],
)
def test_formal_titles_from_the_issue(brain: KnowledgeBrain, title: str, label: str) -> None:
    assert brain.classify_text(title).label == label


def everyday_cases(prefixes: str = "") -> list[dict[str, str]]:
    """The everyday-trades cases, all or those whose id starts with one of `prefixes`."""
    data = yaml.safe_load((FIXTURES / "everyday-trades.yaml").read_text(encoding="utf-8"))
    cases: list[dict[str, str]] = data["cases"]
    return [c for c in cases if not prefixes or c["id"][0] in prefixes]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("prefixes", "least", "floor"),
    [
        ("", 1000, 0.975),  # the whole set: 98.1 % (97.0 % before the served-trades work)
        ("tuv", 400, 0.965),  # the first round's cases: 97.1 %
        ("wxyzq", 600, 0.965),  # the second round's: 96.9 % (85.7 % before)
    ],
)
def test_everyday_trades_named_first(
    brain: KnowledgeBrain, prefixes: str, least: int, floor: float
) -> None:
    """Plain descriptions of everyday trades: the right trade is named first."""
    cases = everyday_cases(prefixes)
    assert len(cases) >= least
    misses = [
        f"{c['id']} {c['text']!r}: {got}"
        for c in cases
        if (got := named_first(brain, c["text"])) not in c["industry"].split(",")
    ]
    print("\n".join(misses))
    assert 1 - len(misses) / len(cases) >= floor, "\n".join(misses)


@pytest.mark.slow
def test_everyday_trades_labels(brain: KnowledgeBrain) -> None:
    """The client/customer label on the everyday trades holds (98.1 %; 95.9 % before)."""
    cases = [c for c in everyday_cases() if c["label"] != "hybrid"]
    misses = [
        f"{c['id']} {c['label']}: {c['text']}"
        for c in cases
        if brain.classify_text(c["text"]).label != c["label"]
    ]
    print("\n".join(misses))
    assert 1 - len(misses) / len(cases) >= 0.975, "\n".join(misses)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # trades the knowledge base had no industry for
        ("septic tank emptying", "drainage_septic"),
        ("garage door repairs", "garage_door_installer"),
        ("scaffolding firm working for roofers", "scaffolding_contractor"),
        ("vending machines in offices and gyms", "vending_operator"),
        # everyday names that went to another trade by a typo or a shared word
        ("garden maintenance, mowing and weeding", "landscaping_gardening"),  # not weddings
        ("house removals and packing service", "removals"),  # not parking
        ("private GP surgery", "gp_practice"),  # not laser eye surgery
        ("dog daycare", "kennels_boarding"),  # not a children's day nursery
        ("immigration solicitor helping with spouse visas", "immigration_lawyer"),
        ("hospice shop selling donated clothes and books", "charity_shop"),
        ("home inspecter", "home_inspection"),  # a buyer's one-off report (and a typo)
        ("building control inspector", "building_inspector"),  # sign-off, not a home inspection
        ("piano tuner", "piano_tuner"),  # not a music shop
        ("i tune pianos for schools and churches", "piano_tuner"),
        ("clock repair", "watch_clock_repair"),  # not a cobbler
        ("watchmaker servicing vintage watches", "watch_clock_repair"),
        ("laser tattoo removal clinic", "aesthetics_clinic"),  # not a tattoo studio
    ],
)
def test_everyday_names_reach_their_trade(brain: KnowledgeBrain, text: str, expected: str) -> None:
    assert named_first(brain, text) == expected


def test_the_emergency_vet_is_in_the_pets_sector_with_the_vets(brain: KnowledgeBrain) -> None:
    """(Its sector's advice and CRM fields are about animals, not patients.)"""
    sector = {i.id: i.sector for i in brain.kb.industries}
    assert sector["emergency_vet"] == sector["veterinary_practice"] == "pets"


def test_formal_titles_labels(brain: KnowledgeBrain) -> None:
    cases = read_cases(FIXTURES / "formal-titles.yaml")
    assert len(cases) >= 150
    misses = [
        f"{c.id} {c.label}: {c.text}" for c in cases if brain.classify_text(c.text).label != c.label
    ]
    print("\n".join(misses))
    assert 1 - len(misses) / len(cases) >= 0.96, "\n".join(misses)


def test_formal_titles_written_blind(brain: KnowledgeBrain) -> None:
    """A second set of titles, written blind and held back: 85.0 % of labels and 70.0 % of
    trades named first before the industry files had `titles:`, 96.7 % and 96.7 % after."""
    found = yaml.safe_load((FIXTURES / "formal-titles-2.yaml").read_text("utf-8"))["cases"]
    assert len(found) == 60
    wrong_label = [c["id"] for c in found if brain.classify_text(c["text"]).label != c["label"]]
    wrong_trade = [
        c["id"] for c in found if named_first(brain, c["text"]) not in c["industry"].split(",")
    ]
    assert len(wrong_label) <= 3 and len(wrong_trade) <= 3, (wrong_label, wrong_trade)


def test_the_industry_files_titles_name_their_industry(brain: KnowledgeBrain) -> None:
    """Every industry's `titles:` are matched as its aliases once read as everyday words (a few
    official titles are shared by two industries: then either may come first)."""
    titles = [(ind.id, t) for ind in brain.kb.industries for t in ind.titles]
    assert len(titles) >= 1800
    other = [
        f"{t} -> {r.ranked[0].industry.id if r.ranked else None} (of {i})"
        for i, t in titles
        if not (r := brain.matcher.rank(t)).ranked or r.ranked[0].industry.id != i
    ]
    assert len(other) / len(titles) <= 0.01, "\n".join(other)


def test_a_title_half_found_is_no_candidate(brain: KnowledgeBrain) -> None:
    """A title must be found nearly whole: its generic words ("business ... services") would
    otherwise let one word of it name the trade ("football coaching for kids")."""
    coach = brain.kb.industry("business_coach")
    assert coach is not None and "Business coaching services" in coach.titles
    aliases = {c.alias for c in brain.matcher.rank("football coaching for kids").ranked}
    assert "Business coaching" not in aliases
    assert (
        brain.matcher.rank("business coaching services").ranked[0].industry.id == "business_coach"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("busy cafe near the station", "cafe"),
        ("bookkeeping service near the station", "bookkeeping_service"),
        ("toy shop next to the school", "toy_store"),
    ],
)
def test_a_place_nearby_is_not_the_business(
    brain: KnowledgeBrain, text: str, expected: str
) -> None:
    assert named_first(brain, text) == expected


@pytest.mark.slow
def test_modifiers_and_places_keep_the_trade(brain: KnowledgeBrain) -> None:
    """Every industry named plainly keeps its name under everyday modifiers, people served
    and places ("family-run X", "X for tourists", "busy X near the station")."""
    frames = (
        "small {}",
        "family-run {}",
        "independent {}",
        "{} for tourists",
        "{} open seven days a week",
        "busy {} near the station",
    )
    total, moved = 0, []
    for ind in brain.kb.industries:
        if named_first(brain, ind.name) != ind.id:
            continue
        for frame in frames:
            text = frame.format(ind.name.lower())
            total += 1
            if (got := named_first(brain, text)) != ind.id:
                moved.append(f"{text!r} -> {got}")
    print("\n".join(moved))
    assert total >= 4000
    assert len(moved) / total <= 0.002, "\n".join(moved)  # 89 of 4 260 before this work


@pytest.mark.parametrize(
    ("text", "not_this"),
    [
        # an alias is a bag of words, one typo allowed for words the vocabulary does not know:
        # a trade word that is also an everyday word, or one typo from one, takes plain talk
        ("Zzqx vlorp frimbling, ring me on 0777123456", "jewellery_store"),  # 'ring shop'
        ("open on sunday", "ice_cream_parlour"),  # 'sundaes'
        ("financial adviser helping people retire early", "electrician"),  # 'rewires'
        ("we get the job done", "fast_food"),  # 'doner shop'
        ("people find us on Google or walk past the shop", "bakery_shop"),  # 'pasty shop'
        ("we grow salad and herbs", "takeaway"),  # 'salad bar'
    ],
)
def test_everyday_words_are_no_trade(brain: KnowledgeBrain, text: str, not_this: str) -> None:
    offered = {c.industry.id for c in brain.rank(text).ranked if c.score >= FLOOR}
    assert not_this not in offered


@pytest.mark.parametrize(
    ("text", "not_this"),
    [
        ("3d rendering for developers", "plasterer_tiler"),  # 'rendering' is also a wall finish
        ("car waxing and polishing", "beauty_salon"),  # 'waxing' is also a beauty treatment
        ("swimming coach", "business_coach"),  # "business" weighs little: any coach is no
        ("football coaching for kids", "business_coach"),  # business coach
    ],
)
def test_a_word_of_two_trades_is_not_named_alone(
    brain: KnowledgeBrain, text: str, not_this: str
) -> None:
    assert named_first(brain, text) != not_this


def test_titles_leave_everyday_words_as_telling_as_before() -> None:
    """A word's rarity comes from names and aliases; titles count only for words of their own
    (a title's "business" or "services" is everywhere)."""
    names: list[tuple[int, str, tuple[str, ...]]] = [
        (0, "law firm", ("law", "firm")),
        (1, "cafe", ("cafe",)),
    ]
    titles: list[tuple[int, str, tuple[str, ...]]] = [
        (0, "Legal services", ("legal", "services")),
        (1, "Cafe services", ("cafe", "services")),
    ]
    plain = idf_weights(names, 2)
    both = idf_weights(names + titles, 2, extra=len(titles))
    assert both["law"] == plain["law"] and both["cafe"] == plain["cafe"]
    assert both["services"] < both["legal"]  # in both industries' titles: less telling
