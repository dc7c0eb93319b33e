"""Session stores behind one interface, chosen by URL.

    memory://                      nothing kept across restarts (console, tests)
    sqlite:///relative/path.db     one process; path relative to the working directory
    sqlite:////absolute/path.db    (four slashes: the fourth starts the absolute path)
    redis://host:port/db           several worker processes; `rediss://` for TLS

Opening is cheap and happens in `open_store`: memory needs nothing; SQLite opens the file and
creates its schema right away, so a missing folder or an unwritable file raises StorageError
at start-up; Redis connects on the first command. Call `await check(store)` at start-up: it
raises StorageError with a message fit for the operator when the store is unusable.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from bot.core.errors import ConfigError, StorageError
from bot.core.suggest import did_you_mean
from bot.storage.base import ConversationKey, SessionStore
from bot.storage.common import redact

__all__ = ["ACCEPTED", "ConversationKey", "SessionStore", "check", "open_store"]

ACCEPTED = (
    "memory://",
    "sqlite:///relative/path.db",
    "sqlite:////absolute/path.db",
    "redis://host:port/db",
    "rediss://host:port/db",
)
_SCHEMES = ("memory", "sqlite", "redis", "rediss")


@runtime_checkable
class Checkable(Protocol):
    """A store that can say precisely what is wrong with it."""

    async def check(self) -> None: ...


def _bad(url: str, why: str, hint: str | None = None) -> ConfigError:
    text = f"store URL {redact(url)!r}: {why}"
    if hint:
        text += f"; {hint}"
    return ConfigError(text + ". Accepted forms: " + ", ".join(ACCEPTED))


def open_store(url: str, *, retention: float | None = None) -> SessionStore:
    """The store `url` names; `retention` is how long idle sessions are kept (default 30 days).

    Raises ConfigError for a malformed URL, StorageError when a SQLite file cannot be opened.
    """
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if not sep:
        if url.endswith(".db") or "/" in url:
            raise _bad(url, "no scheme", f"did you mean 'sqlite:///{url}'?")
        raise _bad(url, "no scheme")
    scheme = scheme.lower()
    if scheme == "memory":
        if rest:
            raise _bad(url, "memory:// takes nothing after the slashes")
        from bot.storage.memory import MemoryStore

        return MemoryStore(retention=retention)
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise _bad(
                url,
                "SQLite needs three slashes and a file name",
                f"did you mean 'sqlite:///{rest or 'advisor.db'}'?",
            )
        from bot.storage.sqlite import SQLiteStore

        return SQLiteStore(rest[1:], retention=retention)
    if scheme in {"redis", "rediss"}:
        if not rest or rest.startswith("/"):
            raise _bad(url, "Redis needs a host", f"did you mean '{scheme}://127.0.0.1:6379/0'?")
        from bot.storage.redis import RedisStore

        try:
            return RedisStore(url, retention=retention)
        except ValueError as exc:  # redis-py's own URL parsing
            raise _bad(url, str(exc)) from exc
    best = did_you_mean(scheme, _SCHEMES)
    raise _bad(url, f"unknown scheme '{scheme}'", f"did you mean '{best}://'?" if best else None)


async def check(store: SessionStore) -> None:
    """Raise StorageError with a clear message unless `store` is usable right now."""
    if isinstance(store, Checkable):
        await store.check()
    elif not await store.ping():
        raise StorageError(f"session store {type(store).__name__} does not answer")
