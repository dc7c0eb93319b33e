"""Who a description says is served, as weak evidence of a side for the one-shot verdict:
people buying for themselves lean customer, an organisation (an industry named there) leans
client (used by oneshot.py)."""

from __future__ import annotations

from typing import NamedTuple

from bot.kb.cues import Scan
from bot.kb.matcher import Ranking
from bot.kb.model import Side
from bot.kb.normalize import STOPWORDS, fold, singular
from bot.kb.served import served_parts
from bot.kb.served_vocab import ServedVocab

SERVED_ORG = 55.0  # an industry named among the served this well (unscaled) is an organisation


class ServedSide(NamedTuple):
    side: Side
    quote: str  # the words as typed (folded), to show as a reason
    opener: int  # word index of the part's first word ("for") ...
    end: int  # ... and just after its last


def served_sides(v: ServedVocab, ranking: Ranking, text: str) -> list[ServedSide]:
    """Who the text says is served: people buying for themselves (`consumers`) lean customer,
    an organisation (an industry named there) leans client."""
    found: list[ServedSide] = []
    parts = served_parts(v, text)
    all_words = fold(text).split() if parts else []
    for part in parts:
        shown = all_words[part.opener : min(part.end, part.start + 4)]
        while len(shown) > 2 and shown[-1] in STOPWORDS:
            shown = shown[:-1]  # the cut may fall after "in a": end the quote on a word that says
        quote = " ".join(shown)
        heads = set(part.heads)
        # "for kids" but not "for kids' clubs"; "for restaurant owners" names restaurants
        named = heads | {h - 1 for h in heads if singular(all_words[h]) in v.owners}
        if singular(all_words[part.heads[0]]) in v.consumers:
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
