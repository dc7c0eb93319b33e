"""FAQ: fuzzy phrasings, any-industry questions, and no false alarms on answers."""

from __future__ import annotations

import pytest

from bot.kb.brain import KnowledgeBrain
from bot.richtext import to_plain


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What's the difference between a client and a customer?", "A **client** hires"),
        ("client vs customer?", "A **client** hires"),
        ("what is an hybrid business", "A **hybrid** business"),
        ("How do I keep my clients longer?", "Keep in regular"),
        ("how do i get repeat customers", "Make buying easy"),
        ("Why does it matter?", "It decides how"),
        ("should I charge a retainer?", "price the value"),
    ],
)
def test_phrasings(brain: KnowledgeBrain, question: str, expected: str) -> None:
    answer = brain.faq(question)
    assert answer is not None
    plain = to_plain(answer)
    assert expected.replace("**", "") in plain


def test_answers_keep_their_markup(brain: KnowledgeBrain) -> None:
    answer = brain.faq("what is the difference between a client and a customer")
    assert answer is not None
    assert any(s.bold and s.text == "client" for s in answer)


@pytest.mark.parametrize(
    ("question", "industry", "verdict"),
    [
        ("Is a bakery client-based?", "Bakery", "customer-based"),
        ("are law firms client or customer based?", "Law firm", "client-based"),
        ("is a barbreshop a customer business?", "Barber shop", "customer-based"),
        ("does an accountant have clients or customers?", "Accounting firm", "client-based"),
    ],
)
def test_any_industry_question(brain: KnowledgeBrain, question: str, industry: str,
                               verdict: str) -> None:
    answer = brain.faq(question)
    assert answer is not None
    plain = to_plain(answer)
    assert plain.startswith(industry) and verdict in plain


@pytest.mark.parametrize(
    "text", ["retainer", "yes", "Months or years", "we run a bakery", "", "law firm",
             "is xyzzy client based?"],
)
def test_no_answer_for_non_questions(brain: KnowledgeBrain, text: str) -> None:
    assert brain.faq(text) is None


def test_unknown_language_falls_back_to_english(brain: KnowledgeBrain) -> None:
    assert brain.faq("client vs customer", lang="de") == brain.faq("client vs customer")
