"""Who a description says is served, as weak evidence of a side for the one-shot verdict:
people buying for themselves lean customer, an organisation (an industry named there) leans
client (used by oneshot.py)."""

from __future__ import annotations

from typing import NamedTuple

from bot.kb.cues import Scan
from bot.kb.matcher import Ranking
from bot.kb.model import Side
from bot.kb.normalize import fold, singular
from bot.kb.served import served_parts

SERVED_ORG = 55.0  # an industry named among the served this well (unscaled) is an organisation
# "restaurant owners", "tattoo studios": the organisation is named just before these words
OWNERS = frozenset(
    (
        "owner",
        "manager",
        "operator",
        "group",
        "chain",
        "franchisee",
        "landlord",
        "proprietor",
        "studio",
        "shop",
        "store",
        "salon",
        "clinic",
        "practice",
        "centre",
        "center",
        "firm",
        "company",
        "site",
        "venue",
        "outlet",
        "branch",
        "office",
        "premise",
        "workshop",
        "yard",
        "house",
        "home",
        "service",
        "provider",
        "maker",
        "dealer",
        "supplier",
        "brand",
        "label",
        "agency",
        "school",
        "business",
        "operation",
        "team",
    )
)
# People buying for themselves ("surf lessons for tourists", "cheap repairs for students")
CONSUMERS = frozenset(
    (
        "tourist",
        "visitor",
        "holidaymaker",
        "traveller",
        "traveler",
        "backpacker",
        "daytripper",
        "parent",
        "mum",
        "mom",
        "mother",
        "dad",
        "father",
        "kid",
        "child",
        "children",
        "baby",
        "toddler",
        "teen",
        "teenager",
        "student",
        "learner",
        "beginner",
        "adult",
        "senior",
        "pensioner",
        "retiree",
        "elderly",
        "homeowner",
        "householder",
        "tenant",
        "resident",
        "local",
        "neighbour",
        "commuter",
        "cyclist",
        "walker",
        "hiker",
        "runner",
        "gamer",
        "bride",
        "groom",
        "couple",
        "men",
        "women",
        "man",
        "woman",
        "girl",
        "boy",
        "lady",
        "ladies",
        "people",
        "person",
        "individual",
        "public",
        "consumer",
        "shopper",
        "guest",
        "passenger",
        "fan",
        "anyone",
        "everyone",
        "passerby",
        "passer",
        "crowd",  # (not "customer": the owner's word)
        # ... and their occasions ("cakes for birthdays", "I groom horses for shows")
        "wedding",
        "party",
        "birthday",
        "prom",
        "christening",
        "anniversary",
        "hen",
        "stag",
        "show",
        "celebration",
        "graduation",
        "holiday",
    )
)


class ServedSide(NamedTuple):
    side: Side
    quote: str  # the words as typed (folded), to show as a reason
    opener: int  # word index of the part's first word ("for") ...
    end: int  # ... and just after its last


def served_sides(ranking: Ranking, text: str) -> list[ServedSide]:
    """Who the text says is served: people buying for themselves lean customer, an
    organisation (an industry named there) leans client."""
    found: list[ServedSide] = []
    parts = served_parts(text)
    all_words = fold(text).split() if parts else []
    for part in parts:
        quote = " ".join(all_words[part.opener : min(part.end, part.start + 4)])
        heads = set(part.heads)
        # "for kids" but not "for kids' clubs"; "for restaurant owners" names restaurants
        named = heads | {h - 1 for h in heads if singular(all_words[h]) in OWNERS}
        if singular(all_words[part.heads[0]]) in CONSUMERS:
            found.append(ServedSide("customer", quote, part.opener, part.end))
        elif any(
            c.score >= SERVED_ORG and part.start <= c.start and c.end - 1 in named
            for c in ranking.served
        ):
            found.append(ServedSide("client", quote, part.opener, part.end))
    return found


def quoted_by_cue(scan: Scan, served: ServedSide) -> bool:
    """A cue of the same side already quotes these words ("for ... owners")."""
    return any(
        h.side == served.side and served.opener <= scan.word_at[h.start] < served.end
        for h in scan.hits
    )
