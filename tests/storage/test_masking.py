"""The mask applied to unrecognised descriptions before any store keeps them."""

from __future__ import annotations

import pytest

from bot.storage.common import normalise_unmatched
from bot.storage.masking import mask_personal


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("call 0777123456", "call [phone]"),
        ("+44 20 7946 0958 anytime", "[phone] anytime"),
        ("(020) 7946-0958", "[phone]"),
        ("call +1 (555) 123-4567.", "call [phone]."),
        ("077.712.3456 or 077/712/3456", "[phone] or [phone]"),
        ("٠٧٧٧١٢٣٤٥٦", "[phone]"),  # Arabic-Indic digits are digits too
        ("mail me at john.doe+shop@mail.co.uk!", "mail me at [email]!"),
        ("ANNA_K@Example.COM", "[email]"),
        ("account 12345 ok", "account [number] ok"),
        ("postcode 90210", "postcode [number]"),
        ("turnover $50000", "turnover $[number]"),
    ],
)
def test_personal_details_are_masked(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "bakery since 1998, open 9-5, 7 days",
        "we sell 24/7 and 12 kinds of bread",
        "2 shops, 3 vans and 40 staff",
        "1.5 million visitors, prices from $9.99",
        "b2b saas for 3d printing at 1:50 scale",
        "we are at the @ market",
        "",
    ],
)
def test_ordinary_descriptions_are_left_alone(text: str) -> None:
    assert mask_personal(text) == text


def test_invisible_characters_do_not_hide_a_number() -> None:
    hidden = "call 0\u200b7\u200b7\u200b7 123\u2060456"
    assert normalise_unmatched(hidden) == "call [phone]"


def test_masking_happens_before_the_cut() -> None:
    text = "x" * 185 + " 0777123456 trailing"
    assert normalise_unmatched(text) == "x" * 185 + " [phone] traili"
    assert "077" not in normalise_unmatched("y" * 195 + " 0777123456")
