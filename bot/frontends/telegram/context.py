"""What every Telegram handler shares: the skin's state, the user's language and the counters.

`Frontend` holds the conversation service, the settings, the sender and the callback answers;
handlers are plain functions of `(frontend, update, context)` bound to it by `bind`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext

from bot.advisor import Advisor
from bot.config import Settings
from bot.core.richtext import RichText
from bot.frontends.telegram.callbacks import CallbackAnswers
from bot.frontends.telegram.sender import Sender
from bot.ops.metrics import METRICS
from bot.service import Conversations
from bot.storage.base import SessionStore

Context = CallbackContext[Any, Any, Any, Any]
App = Application[Any, Any, Any, Any, Any, Any]
Handler = Callable[["Frontend", Update, Context], Awaitable[None]]
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]

ONE_SHOT_MAX = 1000  # characters of a one-shot description (classify, groups); longer: "too long"


class Frontend:
    """The Telegram skin's state over the conversation service."""

    def __init__(
        self,
        conversations: Conversations,
        settings: Settings,
        *,
        sender: Sender | None = None,
        callbacks: CallbackAnswers | None = None,
    ) -> None:
        self.conversations = conversations
        self.settings = settings
        self.sender = sender or Sender()
        self.callbacks = callbacks or CallbackAnswers()

    @property
    def advisor(self) -> Advisor:
        """The loaded flows, knowledge and messages (/reload swaps them)."""
        return self.conversations.advisor

    @property
    def store(self) -> SessionStore:
        """Where sessions, claims and counters live."""
        return self.conversations.store

    def text(self, key: str, lang: str, **values: object) -> RichText:
        """An interface message as rich text."""
        return self.advisor.messages.get(key, lang, **values)

    def plain(self, key: str, lang: str) -> str:
        """An interface message as plain text (toasts, button labels)."""
        return self.advisor.messages.plain(key, lang)


def bind(frontend: Frontend, handler: Handler) -> Callback:
    """`handler` as a PTB callback that knows the front end."""

    async def callback(update: Update, context: Context) -> None:
        await handler(frontend, update, context)

    callback.__qualname__ = callback.__name__ = getattr(handler, "__name__", "handler")
    return callback


def lang_of(update: Update) -> str:
    """The user's interface language (messages fall back to English)."""
    user = update.effective_user
    return (user.language_code if user and user.language_code else "en").split("-")[0]


def count(kind: str) -> None:
    """Count one handled update by kind (command, message, callback, group…)."""
    METRICS.update_handled(kind)


def count_error(kind: str) -> None:
    """Count one failed update by exception name."""
    METRICS.error(kind)
