"""Pieces every store backend shares: defaults and text normalisation."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit, urlunsplit

from bot.core.errors import ConfigError
from bot.storage.masking import mask_personal

DAY = 86400.0
# Housekeeping only: the "let's start over" notice is the service's job (via session.updated).
DEFAULT_RETENTION = 30 * DAY
# Telegram redelivers an unacknowledged update for at most a day.
DEDUPE_TTL = DAY
# How long `lock()` waits for a conversation held by another turn before giving up.
DEFAULT_LOCK_WAIT = 10.0
UNMATCHED_MAX_CHARS = 200
# Distinct unmatched texts kept per conversation; further new ones are not recorded (one user
# cannot fill the store), repeats of the kept ones still count.
UNMATCHED_PER_CONVERSATION = 20


def normalise_unmatched(text: str) -> str:
    """Personal details masked, invisible characters dropped, lowercased, whitespace collapsed,
    cut to 200 characters: the only form that is stored."""
    # zero-width and other format characters would hide a phone number from the mask
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    masked = mask_personal(" ".join(visible.split()))
    return " ".join(masked.lower().split())[:UNMATCHED_MAX_CHARS].rstrip()


def retention_seconds(retention: float | None) -> float:
    """The effective retention: None means the default; it must be positive."""
    if retention is None:
        return DEFAULT_RETENTION
    if not retention > 0:
        raise ConfigError(f"retention must be a positive number of seconds, got {retention!r}")
    return float(retention)


def top_unmatched(counts: dict[str, int], limit: int) -> list[tuple[str, int]]:
    """Most frequent first; ties in alphabetical order so every backend agrees."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[: max(limit, 0)]


def redact(url: str) -> str:
    """The URL with any password replaced by ***, fit for logs and error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    netloc = f"{user}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
