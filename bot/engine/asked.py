"""Questions asked inside a reply: whether a reply asks one ("what do you mean by tailored?"),
the reply without them, and whether one asks how exact an answer must be."""

from __future__ import annotations

import re
from typing import Literal

from bot.engine.matching import simplify
from bot.engine.picks import PickWords

WHICH_MAX = 6  # "the client or the candidate?" is a question; a longer "… or …?" may be an answer


UNMARKED_MEANING = re.compile(
    r"\b(?:what|wat|wot|wut) (?:do |does |d )?(?:you|u|ya) (?:mean|meant)\b"
    r"|\b(?:dont|don t|do not) (?:understand|get)"
    r" (?:the|this|that|your) question\b"
)


def asking(text: str, words: PickWords) -> Literal["meaning", "other"] | None:
    """The reply is a question, not an answer ("what do you mean by tailor?", "didnt i just
    tell you?"; not "per project?" nor "is it a partnership? kind of"): "meaning" when it asks
    what the question means, "other" for any other question, None for no question."""
    body = text.strip()
    if not body.endswith("?"):
        # "not sure what you mean by tailor": a question of meaning, without its mark
        return "meaning" if UNMARKED_MEANING.search(simplify(body)) else None
    # the last sentence or clause: "instagram posts, DOES that count?"
    last = re.split(r"[.!?,;]+(?=\s|$)", body.rstrip("?"))[-1]
    tokens = simplify(last).split()
    # "the client or the candidate?": which one the question means
    which = "or" in tokens[1:-1] and len(tokens) <= WHICH_MAX
    if not tokens or (tokens[0] not in words.openers and "you" not in tokens and not which):
        return None
    return "meaning" if any(t in words.meaning for t in tokens) else "other"


def without_questions(text: str, words: PickWords) -> tuple[str, bool]:
    """The reply without the questions asked in it ("what do you mean by partnership? they're
    guests" -> "they're guests"): a question's words are not an answer; and whether one was
    asked."""
    sentences = [s for s in re.findall(r"[^.!?]*[.!?]*", text) if s.strip()]
    kept: list[str] = []
    asked = False
    for s in sentences:
        if asking(s, words) is None:
            kept.append(s)
            continue
        asked = True
        # the clauses before the question's opener are an answer when the question asks how
        # exact ("tailored, do you need examples?") or names a reading ("I see most of them
        # weekly for a year or two, is that ongoing?"); not when it asks what counts or what is
        # meant ("instagram posts, does that count?": that asks about them)
        clauses = re.split(r"[,;]\s*", s)
        lead = next((k for k, c in enumerate(clauses) if _opens(c, words)), 0)
        question = ", ".join(clauses[lead:])
        if asks_detail(question, words) or not words.meaning & set(simplify(question).split()):
            kept.extend(c for c in clauses[:lead] if asking(c, words) is None)
    return " ".join(s.strip() for s in kept if s.strip()), asked


def _opens(clause: str, words: PickWords) -> bool:
    """Whether `clause` opens with a question word ("do you need the exact figure")."""
    tokens = simplify(clause).split()
    return bool(tokens) and tokens[0] in words.openers


def asks_detail(text: str, words: PickWords) -> bool:
    """Whether a question in `text` asks how exact the answer must be ("do you need the exact
    number?", "want examples?")."""
    sentences = re.findall(r"[^.!?]*[.!?]*", text)
    asked = (c for s in sentences if asking(s, words) for c in re.split(r"[,;]", s))
    return any(words.detail & set(simplify(c).split()) for c in asked if _opens(c, words))
