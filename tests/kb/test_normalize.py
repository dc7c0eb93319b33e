"""The normaliser: case, accents, punctuation, emoji, filler, plurals, amounts."""

from __future__ import annotations

import pytest

from bot.kb.normalize import MONEY, NUM, fold, match_tokens, normal_form, root, singular, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We run a Bakery!! 🍞", "bakery"),
        ("I own a café", "cafe"),
        ("My business is barbershops", "barbershop"),
        ("we are a law firm", "law firm"),
        ("I'm a dog groomer", "dog groomer"),
        ("Hi, we're an   ACCOUNTING   firm.", "accounting firm"),
        ("  Nail-Salons  ", "nail salon"),
        ("Crème brûlée shop", "creme brulee shop"),
    ],
)
def test_normal_form(text: str, expected: str) -> None:
    assert normal_form(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("agencies", "agency"),
        ("boxes", "box"),
        ("classes", "class"),
        ("shops", "shop"),
        ("business", "business"),
        ("campus", "campus"),
        ("analysis", "analysis"),
        ("saas", "saas"),
        ("bus", "bus"),
    ],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_amounts_and_numbers_become_markers() -> None:
    assert fold("$9.99/month") == f"{MONEY} per month"
    assert fold("set up in 24 hours for £59") == f"set up in {NUM} hours for {MONEY}"
    assert fold("1-on-1") == f"{NUM} on {NUM}"
    assert fold("we take 20% of bookings") == f"we take {NUM} percent of bookings"
    assert "b2b" in fold("B2B SaaS").split()


def test_match_tokens_drop_small_words_but_words_keep_them() -> None:
    assert match_tokens("we handle contracts for the companies") == ("handle", "contract")
    assert match_tokens("for years with the same clients") == ("year", "client")
    assert words("for years with the same clients") == (
        "for",
        "year",
        "with",
        "the",
        "same",
        "client",
    )


def test_emoji_and_punctuation_only_is_empty() -> None:
    assert normal_form("🎆!!! ...") == ""
    assert match_tokens("👻") == ()


def test_root_links_word_forms() -> None:
    assert root("training") == root("trainer") == "train"
    assert root("therapist") == root("therapy")
    assert root("shop") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>zq</b> &lt; &amp; <i>unclosed", "zq and unclosed"),
        ("<b>Bakery</b> &amp; <i>café</i>", "bakery and cafe"),
        ('<a href="https://x.example">florist</a>', "florist"),
        ("we sell&nbsp;flowers", "we sell flower"),
        ("3 < 5 and 7 > 2", f"{NUM} {NUM} and {NUM} {NUM}"),  # comparisons are not tags
    ],
)
def test_markup_and_entities_are_noise(text: str, expected: str) -> None:
    assert normal_form(text) == expected


@pytest.mark.parametrize("text", ["B&B", "b & b", "b and b", "B &amp; B", "bnb"])
def test_letter_and_letter_is_one_word(text: str) -> None:
    assert match_tokens(text) == ("bnb",)
    assert match_tokens("b") == ("b",)


def test_a_plural_noun_is_not_the_small_word_of_its_singular() -> None:
    # "will" the verb is a small word; "wills" are what a will writer writes
    assert match_tokens("I write wills at home") == ("write", "wills", "home")
    assert match_tokens("we will call you") == ("call",)
    # ... and "will" before the trade's noun is the testament too
    assert match_tokens("mobile will writer") == ("mobile", "wills", "writer")
