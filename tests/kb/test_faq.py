"""FAQ: fuzzy phrasings, any-industry questions, and no false alarms on answers."""

from __future__ import annotations

import pytest

from bot.core.richtext import fill, to_plain
from bot.kb.brain import KnowledgeBrain


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
def test_any_industry_question(
    brain: KnowledgeBrain, question: str, industry: str, verdict: str
) -> None:
    answer = brain.faq(question)
    assert answer is not None
    plain = to_plain(answer)
    assert plain.startswith(industry) and verdict in plain


@pytest.mark.parametrize(
    "text",
    [
        "retainer",
        "yes",
        "Months or years",
        "we run a bakery",
        "",
        "law firm",
        "is xyzzy client based?",
    ],
)
def test_no_answer_for_non_questions(brain: KnowledgeBrain, text: str) -> None:
    assert brain.faq(text) is None


def test_unknown_language_falls_back_to_english(brain: KnowledgeBrain) -> None:
    assert brain.faq("client vs customer", lang="de") == brain.faq("client vs customer")


# Several phrasings per question, most of them not in knowledge/faq.yaml.
ROUTES: dict[str, tuple[str, ...]] = {
    "onboarding": (
        "how do I onboard a new client?",
        "What's the best way to onboard clients?",
        "how should I welcome new clients?",
        "tips for onboarding a new customer?",
    ),
    "client_to_customer": (
        "can a client become a customer?",
        "Could my clients turn into customers?",
        "can clients become customers?",
    ),
    "convert": ("can a customer become a client?", "how do I turn my customers into clients?"),
    "call_them": (
        "Should I call them customers or clients?",
        "do I call them clients or customers?",
        "client or customer, which word should I use?",
    ),
    "more_profitable": (
        "Which is more profitable, clients or customers?",
        "are customers or clients more profitable?",
        "is a client business more profitable?",
    ),
    "subscriber": ("is a subscriber a client?", "are subscribers customers or clients?"),
    "patient": ("is a patient a customer?", "are my patients clients or customers?"),
    "business_buyer": (
        "is a business buyer a client?",
        "are business buyers clients or customers?",
    ),
    "upsell": (
        "how can I upsell?",
        "how do I upsell my customers?",
        "how to cross-sell to clients?",
    ),
    "nps": ("what's NPS?", "what does net promoter score mean?", "what is a NPS score"),
    "lifetime_value": (
        "what is a customer's lifetime value?",
        "what does lifetime value mean?",
        "how do I calculate lifetime value?",
    ),
    "unhappy_client": (
        "what should I do about an unhappy client?",
        "how do I handle an unhappy customer?",
        "my client is angry, what do I do?",
    ),
    "contract": (
        "what should a contract with a client include?",
        "what should my client contract contain?",
        "what do I put in an engagement letter?",
    ),
    "let_go": (
        "how do I let a bad client go?",
        "how can I fire a difficult client?",
        "how do I get rid of a bad client?",
    ),
    "account_management": (
        "what is account management?",
        "what is an account manager?",
        "what's key account management?",
    ),
    "find_clients": ("how do I find new clients?", "how can I get more clients?"),
}


@pytest.mark.parametrize(("want", "question"), [(w, q) for w, qs in ROUTES.items() for q in qs])
def test_owners_questions_reach_the_right_answer(
    brain: KnowledgeBrain, want: str, question: str
) -> None:
    hit = brain._faq["en"].entry(question)
    assert hit is not None and hit[0].id == want, (question, hit and hit[0].id)
    answer = brain.faq(question)
    assert answer is not None
    entry = next(e for e in brain.kb.lang("en").faq if e.id == want)
    assert to_plain(answer) == to_plain(fill(entry.answer))


def test_the_direction_of_a_conversion_question_matters(brain: KnowledgeBrain) -> None:
    there = to_plain(brain.faq("can a client become a customer?") or ())
    back = to_plain(brain.faq("can a customer become a client?") or ())
    assert there != back
    assert "churn" in there and "Spot the customers" in back


def test_industry_questions_still_win_over_keywords(brain: KnowledgeBrain) -> None:
    answer = to_plain(brain.faq("is a dental practice client-based?") or ())
    assert answer.startswith("Dental practice")


def test_keywords_need_a_question(brain: KnowledgeBrain) -> None:
    # an interview answer that happens to hold a keyword is not a question
    assert brain.faq("we onboard new clients with a kick-off call") is None


def test_how_long_it_takes_is_answered(brain: KnowledgeBrain) -> None:
    """ "is this gonna take long?" at the first question was matched as a business."""
    answer = brain.faq("is this gonna take long?")
    assert answer is not None and "ten quick questions" in to_plain(answer)
