"""The admin commands: /stats (counts, and unmatched descriptions in private) and /reload."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.constants import ChatType

from bot.advisor import Advisor
from bot.core.errors import DataErrors
from bot.core.richtext import RichText
from bot.frontends.telegram.context import Frontend
from bot.ops.metrics import METRICS, format_stats

log = logging.getLogger(__name__)

UNMATCHED_COUNTED = 1000  # distinct unrecognised descriptions /stats counts (it shows 5)


def is_admin(frontend: Frontend, update: Update) -> bool:
    """Whether the sender is one of the bot's admins (ADMIN_IDS)."""
    user = update.effective_user
    return user is not None and user.id in frontend.settings.admin_ids


async def admin_reply(frontend: Frontend, update: Update, name: str, lang: str) -> RichText:
    """The answer to an admin command (or "admins only" for anyone else)."""
    if not is_admin(frontend, update):
        return frontend.text("telegram.admin_only", lang)
    if name == "stats":
        chat = update.effective_chat
        # users' own words never go to a shared chat: groups get the counts only
        return await stats(
            frontend, lang, samples=chat is not None and chat.type == ChatType.PRIVATE
        )
    return await reload(frontend, lang)


async def stats(frontend: Frontend, lang: str, *, samples: bool = False) -> RichText:
    """The admin /stats text: verdicts, funnel, latency, unmatched descriptions (their
    texts only with `samples`, i.e. in an admin's private chat)."""
    unmatched = [text for text, _n in await frontend.store.unmatched(UNMATCHED_COUNTED)]
    return format_stats(
        METRICS.snapshot(),
        unmatched if samples else len(unmatched),
        messages=frontend.advisor.messages,
        lang=lang,
    )


async def reload(frontend: Frontend, lang: str) -> RichText:
    """Load flows and knowledge again; keep the running ones if the new ones are broken."""
    try:
        fresh = await asyncio.to_thread(Advisor.load, frontend.settings)
    except DataErrors as exc:
        log.warning(
            "reload failed with %d data errors; keeping the current version", len(exc.errors)
        )
        return frontend.text("telegram.reload_failed", lang, error=str(exc))
    frontend.conversations.advisor = fresh
    log.info("reloaded: %d flows", len(fresh.flows))
    return frontend.text(
        "telegram.reload_ok",
        lang,
        flows=len(fresh.flows),
        industries=len(fresh.brain.kb.industries),
    )
