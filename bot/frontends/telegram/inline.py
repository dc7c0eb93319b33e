"""Inline mode: `@bot law firm` in any chat offers verdict cards for the best-matching industries.

Results depend only on the query (never on who asks), so they are cached by Telegram for
everyone (`is_personal=False`); result ids are industry ids, so nothing personal leaks there.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode

from bot.advisor import Advisor
from bot.core.richtext import RichText, to_plain
from bot.frontends.telegram.context import Context, Frontend, count, lang_of
from bot.frontends.telegram.render import render_chunks

if TYPE_CHECKING:  # a type only: the knowledge base is loaded (and imported) by Advisor.load
    from bot.kb.oneshot import OneShot

log = logging.getLogger(__name__)

MAX_RESULTS = 5
CACHE_SECONDS = 300
MAX_QUERY = 256
MIN_SCORE = 30.0  # match score (0..100) below which an industry is not worth a card


def _card_html(card: RichText) -> str:
    # an inline result is one message: keep the first part of a (rarely) long card
    chunks = render_chunks(card)
    return chunks[0] if chunks else ""


def _describe(shot: OneShot) -> str:
    return f"{shot.label}: {shot.explanation}"[:200]


def build_results(advisor: Advisor, query: str, lang: str = "en") -> list[InlineQueryResultArticle]:
    """Up to five verdict cards: one per top industry match, else one for the text itself."""
    brain = advisor.brain
    shot = brain.classify_text(query, lang)
    results: list[InlineQueryResultArticle] = []
    seen: set[str] = set()
    ranked = [c.industry for c in brain.rank(query).ranked[:MAX_RESULTS] if c.score >= MIN_SCORE]
    for cand in ranked:
        result_id = f"i:{cand.id}"[:64]
        if result_id in seen:
            continue
        seen.add(result_id)
        card_shot = brain.classify_text(cand.name, lang)
        html = _card_html(card_shot.card)
        if not html:
            continue
        results.append(
            InlineQueryResultArticle(
                id=result_id,
                title=str(cand.name),
                description=_describe(card_shot),
                input_message_content=InputTextMessageContent(html, parse_mode=ParseMode.HTML),
            )
        )
    if not results:
        html = _card_html(shot.card)
        if html:
            # the id must be stable for caching and carry nothing personal: a hash of the query
            digest = hashlib.sha256(query.casefold().encode()).hexdigest()[:32]
            results.append(
                InlineQueryResultArticle(
                    id=f"q:{digest}",
                    title=to_plain(shot.card).split("\n", 1)[0][:100] or query[:100],
                    description=_describe(shot),
                    input_message_content=InputTextMessageContent(html, parse_mode=ParseMode.HTML),
                )
            )
    return results


async def on_inline_query(frontend: Frontend, update: Update, context: Context) -> None:
    """`@bot law firm` anywhere: verdict cards for the best matching industries (an empty query
    gets a hint button into the private chat)."""
    count("inline")
    query = update.inline_query
    assert query is not None
    text = " ".join(query.query.split())[:MAX_QUERY]
    lang = lang_of(update)
    if not text:
        hint = frontend.plain("telegram.inline_hint", lang)
        await query.answer(
            [],
            cache_time=CACHE_SECONDS,
            is_personal=False,
            button=InlineQueryResultsButton(text=hint, start_parameter="inline"),
        )
        return
    results = build_results(frontend.advisor, text, lang)
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False)
