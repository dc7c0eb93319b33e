"""knowledge/shares.yaml and bot/kb/shares.py: the two-groups follow-up reads where the revenue
comes from in the owner's words, and says nothing rather than guess (docs/knowledge.md,
"Shares of the revenue")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import DataErrors
from bot.kb.brain import KnowledgeBrain
from bot.kb.loader import validate_knowledge
from bot.kb.shares import ShareWords, read_share


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("the boiler service plans are about 70% of what we take", "accounts"),
        ("members, maybe 80 percent", "accounts"),  # the side in another clause
        ("the bulk is wholesale to cafes", "accounts"),
        ("fleet work is maybe a fifth", "one_off"),  # a share of the long-term side
        ("mostly passing trade tbh", "one_off"),
        ("most of it comes over the counter, trade accounts are a third", "one_off"),
        ("contracts are few, mostly walk-ins", "one_off"),
        ("contract work is roughly half", "split"),
        ("walk ins 45%, contracts 55%", "split"),
        # new customers and installs are the one-off side (a solar installer's answers)
        ("mostly new customers", "one_off"),
        ("90% installs", "one_off"),
    ],
)
def test_a_share_in_the_owners_words_is_read(brain: KnowledgeBrain, text: str, read: str) -> None:
    assert brain.read_share(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("about 70%", "accounts"),  # no side named: the accounts, which the question names first
        ("65", "accounts"),  # a bare number at this question is a share
        ("70/30", "accounts"),
        ("60/40", "split"),  # (about half each: 40 % is no small second group)
        ("roughly 30-70 i'd say", "one_off"),
    ],
)
def test_a_bare_share_is_the_long_term_accounts_share(
    brain: KnowledgeBrain, text: str, read: str
) -> None:
    assert brain.read_share(text) == read


@pytest.mark.parametrize(
    "text",
    [
        "no contracts really, all walk-ins",
        "we don't have any accounts, every wedding couple is a one-off",
        "all one-offs",
        "everything is on contract",
    ],
)
def test_one_side_alone_is_one_group_not_two(brain: KnowledgeBrain, text: str) -> None:
    """ "No accounts" read as "most from one-off buyers" was then explained as two groups."""
    assert brain.read_share(text) == "one"


@pytest.mark.parametrize(
    "text",
    [
        "merch is like a quarter of turnover",  # which side is merch? not said
        "books 85%, cafe 15%",
        "contracts 80%, walk ins 80%",  # the two shares contradict each other
        "it has grown a lot this year",
        "",
        "🙂🙂🙂",
        "contracts " + "x" * 10_000,
        "contracts are 250%",
        # a share in words, of no side: a solar installer's "mostly installs" had been noted as
        # "Most from long-term accounts" (the side the question names first)
        "most of it",
        "mostly",
        "mostly the big jobs",
    ],
)
def test_no_share_of_a_side_reads_as_nothing(brain: KnowledgeBrain, text: str) -> None:
    assert brain.read_share(text) is None


def test_without_the_file_the_answer_groups_still_name_the_sides(
    brain: KnowledgeBrain, kb_copy: Path
) -> None:
    assert brain.kb.answers is not None
    groups_only = ShareWords().with_groups(brain.kb.answers.groups)
    assert read_share(groups_only, "regulars are 90 percent") == "accounts"  # answers.yaml's
    assert read_share(groups_only, "contract work is half") is None  # "contract" is this file's
    (kb_copy / "shares.yaml").unlink(missing_ok=True)
    assert KnowledgeBrain.load(kb_copy).read_share("contracts are 90 percent") is None


def test_a_broken_shares_file_is_an_error_at_its_line(kb_copy: Path) -> None:
    (kb_copy / "shares.yaml").write_text(
        "long_term: [contract, plan]\none_off: [walk in, 'one-off, mostly']\n"
        "amounts: {most: 75, all: 120}\n",
        "utf-8",
    )
    errors = [e.render() for e in validate_knowledge(kb_copy)]
    path = kb_copy / "shares.yaml"
    assert any(e.startswith(f"{path}:2") and "punctuation" in e for e in errors), errors
    assert any(e.startswith(f"{path}:3") and "120" in e for e in errors), errors
    with pytest.raises(DataErrors):
        KnowledgeBrain.load(kb_copy)


@pytest.mark.parametrize(
    ("text", "share"),
    [
        # businesses buying from a business are its accounts; its own taproom is one-off trade
        ("pubs are about two thirds of turnover", "accounts"),
        ("pubs 65% taproom 35%", "accounts"),
        ("collectors are like 80% of the money", "accounts"),
        ("the taproom is most of it", "one_off"),
    ],
)
def test_buyer_groups_named_in_the_owners_words(
    brain: KnowledgeBrain, text: str, share: str
) -> None:
    """The brewery's and the tattoo studio's shares were refused twice."""
    assert brain.read_share(text) == share


@pytest.mark.parametrize(
    "text", ["all contracts, the odd one off deep clean maybe 5%", "95% contracts"]
)
def test_an_odd_exception_is_no_second_group(brain: KnowledgeBrain, text: str) -> None:
    """A contract cleaner with 5 % one-off deep cleans was told "you serve two groups"."""
    assert brain.read_share(text) == "one"
    assert brain.read_share("90% contracts") == "accounts"


@pytest.mark.parametrize(
    ("text", "share"),
    [
        # "the rest" is what the share said elsewhere leaves over
        ("about a third from the taxi firm, rest is the public", "one_off"),
        ("the public is about a third, the rest is contract work", "accounts"),
        # weddings are booked once: a wedding DJ's 70 % is one-off
        ("weddings are about 70% of turnover, hotels the rest", "one_off"),
        ("about 70% weddings", "one_off"),
        ("70% contract 30% domestic", "accounts"),  # (refused: domestic work is one-off)
    ],
)
def test_the_rest_is_the_other_side(brain: KnowledgeBrain, text: str, share: str) -> None:
    """A DJ's and a mechanic's splits were read the wrong way round."""
    assert brain.read_share(text) == share


@pytest.mark.parametrize(
    ("text", "share"),
    [
        # a group no side word knows ("the club", "prescriptions") beside a known side with its
        # own figure: the other side's share, whichever is named first
        ("the club is maybe 35 percent, shop 65", "one_off"),
        ("shop is 65 percent, club 35", "one_off"),
        ("the club is maybe 40 percent, shop 60", "split"),  # (60/40: about half each)
        ("prescriptions are maybe 70% of the money, shop 30%", "accounts"),
        # a figure that does not add up to 100 with the share is no second share
        ("70% from our 12 contracts", "accounts"),
    ],
)
def test_a_share_beside_an_unknown_group_is_the_other_sides(
    brain: KnowledgeBrain, text: str, share: str
) -> None:
    """A wine merchant's "the club is maybe 40 percent, shop 60" was noted as "Most from
    long-term accounts" (the 40 % went to the shop); a pharmacy's 70/30 was refused."""
    assert brain.read_share(text) == share


@pytest.mark.parametrize(
    "text",
    [
        "hmm prob half n half? the big pieces are where the money is tbh",
        "fifty fifty",
        "roughly an even split between the two",
    ],
)
def test_half_and_half_is_about_half_each_however_long_the_reply(
    brain: KnowledgeBrain, text: str
) -> None:
    """A tattoo studio's "hmm prob half n half? …" was refused: a half with no side named
    is read only in a reply of three words, but half is half whichever side it is said of."""
    assert brain.read_share(text) == "split"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # a hotel's and a physio's splits were refused: their groups are named in other words
        ("firms 30% of takings. leisure 70", "one_off"),
        ("mostly leisure", "one_off"),
        ("about 30% from the club, 70% private", "one_off"),
        ("90% from the firms", "accounts"),
    ],
)
def test_groups_named_in_everyday_words_take_their_share(
    brain: KnowledgeBrain, text: str, read: str
) -> None:
    assert brain.read_share(text) == read


def test_each_quarter_is_how_often_not_a_share(brain: KnowledgeBrain) -> None:
    """A hotel's "account manager calls the firms each quarter" at the contact question was
    kept as its revenue answer ("One group, no split") and the follow-up never asked."""
    assert brain.read_share("we meet the accounts once a quarter", sides_named=True) is None
    assert brain.read_share("contracts are a quarter of turnover") == "one_off"


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("forty per cent from the agents, sixty per cent private", "split"),
        ("contracts are seventy five percent, the rest is walk-ins", "accounts"),
        ("agncy maybe 25%", "one_off"),  # a typo of a side's word
        ("the agencys are like 80 procent", "accounts"),
        ("one off mostly", "one_off"),  # ("one" is no figure)
    ],
)
def test_numbers_in_words_typos_and_other_percent_signs_are_read(
    brain: KnowledgeBrain, text: str, share: str
) -> None:
    """ "forty per cent from the agents, sixty per cent private", "agncy maybe 25%" and
    "agencys are like 80 procent" were refused at the revenue-split question."""
    assert brain.read_share(text) == share


def test_a_share_said_in_passing_must_name_its_side_in_its_clause(brain: KnowledgeBrain) -> None:
    """A language school's "maybe 40% carry on to the next level? The companies renew every
    year" (to how long people keep buying) became the revenue split "About half each", and the
    split question was never asked."""
    said = "lots do one course and stop, maybe 40% carry on to the next level? companies renew"
    assert brain.read_share(said, sides_named=True) is None
    assert brain.read_share("the companies are maybe 25%, the rest individuals") == "one_off"
