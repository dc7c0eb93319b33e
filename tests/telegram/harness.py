"""The real advisor Application running against the Bot API test server, plus chat helpers.

`running_bot()` builds the bot exactly as `advisor run` does (same builder, handlers, request
class, processor and poller), starts long polling against the test server and stops it afterwards.
`PrivateChat` plays a user: send text, press a button (or type its label), and get back what
the bot sent for that turn once the bot has finished processing it.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from bot.advisor import Advisor
from bot.config import Settings
from bot.frontends.telegram.app import (
    ALLOWED_UPDATES,
    App,
    ConversationOrderedProcessor,
    build_application,
    set_commands,
)
from bot.frontends.telegram.context import Frontend
from bot.frontends.telegram.intake import Poller
from bot.service import Conversations
from bot.storage import open_store
from bot.storage.base import SessionStore
from tests.botapi.server import BotApiServer, Sent


@dataclass
class Bot:
    """A running bot and the things tests poke at."""

    api: BotApiServer
    app: App
    conversations: Conversations
    store: SessionStore
    settings: Settings

    @property
    def frontend(self) -> Frontend:
        frontend: Frontend = self.app.bot_data["frontend"]
        return frontend

    async def settle(self, update_id: int, timeout: float = 10.0) -> None:
        """Wait until the bot has taken update `update_id` and finished everything queued."""
        if update_id < 0:
            return
        await self.api.wait_delivered(update_id, timeout)
        await asyncio.wait_for(self.app.update_queue.join(), timeout)

    def chat(self, user_id: int, first_name: str = "Ann", lang: str = "en") -> PrivateChat:
        return PrivateChat(self, user_id, first_name, lang)


def bot_settings(api: BotApiServer, advisor: Advisor, **changes: Any) -> Settings:
    """The advisor's settings pointed at the test server."""
    return advisor.settings.model_copy(
        update={"token": api.token, "api_base_url": api.base_url, **changes}
    )


@asynccontextmanager
async def running_bot(
    api: BotApiServer,
    advisor: Advisor,
    *,
    store_url: str = "memory://",
    store: SessionStore | None = None,
    rate_limiter: bool = True,
    typing_delay: float | None = None,
    polling: bool = True,
    callback_grace: float | None = None,
    **settings_changes: Any,
) -> AsyncIterator[Bot]:
    """Start the real Application (long polling unless `polling=False`) and stop it after;
    `store` (closed at the end) replaces the one `store_url` names."""
    settings = bot_settings(api, advisor, **settings_changes)
    store = store if store is not None else open_store(store_url)
    advisor = dataclasses.replace(advisor, settings=settings)
    conversations = Conversations(advisor, store)
    extra: dict[str, Any] = {} if callback_grace is None else {"callback_grace": callback_grace}
    app = build_application(
        settings, conversations, rate_limiter=rate_limiter, typing_delay=typing_delay, **extra
    )
    await app.initialize()
    await set_commands(app)
    await app.start()
    poller: Poller | None = None
    if polling:
        processor = app.update_processor
        assert isinstance(processor, ConversationOrderedProcessor)
        poller = Poller(app, processor.intake, timeout=5, allowed_updates=ALLOWED_UPDATES)
        await poller.start()
    try:
        yield Bot(api, app, conversations, store, settings)
    finally:
        if poller is not None:
            await poller.stop()
        await app.stop()
        await app.shutdown()
        await store.close()


@dataclass
class Turn:
    """What the bot did in answer to one user action."""

    messages: list[Sent]
    answer: dict[str, Any] | None = None
    edited: list[Sent] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All text of the turn: messages, their button labels, and the callback answer."""
        lines: list[str] = []
        if self.answer and self.answer.get("text"):
            lines.append(str(self.answer["text"]))
        for m in self.messages:
            if m.text:
                lines.append(m.text)
            lines += [f"[{label}]" for label in m.labels]
        return "\n".join(lines)

    @property
    def last(self) -> Sent:
        return self.messages[-1]


class PrivateChat:
    """One user in a private chat with the bot."""

    def __init__(self, bot: Bot, user_id: int, first_name: str = "Ann", lang: str = "en") -> None:
        self.bot = bot
        self.api = bot.api
        self.user = self.api.user(user_id, first_name, language_code=lang)
        self.chat = self.api.private_chat(self.user)
        self.id = user_id

    async def _turn(self, update_id: int, query_id: str | None = None) -> Turn:
        before = len(self.api.sent)
        await self.bot.settle(update_id)
        fresh = [s for s in self.api.sent[before:] if s.chat_id == self.id]
        answer = self.api.callback_answers.get(query_id) if query_id else None
        return Turn(fresh, answer)

    async def send(self, text: str, **kwargs: Any) -> Turn:
        """Type a message (commands included)."""
        return await self._turn(self.api.inject_message(self.chat, self.user, text, **kwargs))

    async def send_other(self, **content: Any) -> Turn:
        """Send a non-text message (sticker=..., photo=..., location=...)."""
        return await self._turn(self.api.inject_message(self.chat, self.user, None, extra=content))

    def last_buttons(self) -> Sent:
        return self.api.last_with_buttons(self.id)

    async def press(self, label: str, message: Sent | None = None) -> Turn:
        """Press the button whose label contains `label` in the latest message with buttons."""
        target = message or self.last_buttons()
        update_id = self.api.press(target, label, self.user)
        query_id = self.api.last_query_id
        return await self._turn(update_id, query_id)

    async def press_data(self, message: Sent, data: str) -> Turn:
        """Send arbitrary callback data from under `message` (forged or stale buttons)."""
        update_id = self.api.inject_callback(message, data, self.user)
        query_id = self.api.last_query_id
        return await self._turn(update_id, query_id)

    async def type_label(self, label: str) -> Turn:
        """Type the label of the button `label` would press, instead of pressing it."""
        button = self.last_buttons().button(label)
        return await self.send(str(button["text"]))
