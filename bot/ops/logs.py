"""Logging set-up: text or JSON lines on stderr, with secrets redacted.

Rules for everyone who logs in this project:

- Never log what users write (message texts, business descriptions, answers) at INFO or above;
  log ids, step names and counts instead. DEBUG may show more, and is off in production.
- Use %-style arguments (``log.info("turn %s", step)``), never f-strings: the text is built only
  when a record is emitted, and the redaction filter sees the arguments.
- Secrets (the bot token, the webhook secret) are redacted from messages, arguments and
  exception text by the handler installed here; httpx and httpcore are raised to WARNING because
  they log every request URL, token included, at INFO.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO
from urllib.parse import quote

REDACTED = "[REDACTED]"
# Loggers that print request URLs (with the bot token in the path) at INFO.
NOISY_LOGGERS = ("httpx", "httpcore")
TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_MARKER = "_advisor_handler"


class RedactingFilter(logging.Filter):
    """Replaces every secret in a record's message, arguments and exception text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        variants: set[str] = set()
        for secret in secrets:
            if secret:
                variants.add(secret)
                # URLs may carry the token percent-encoded (':' -> '%3A').
                variants.add(quote(secret, safe=""))
        # Longest first, so a secret containing another is replaced whole.
        self._secrets = sorted(variants, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            # Format the traceback now, redacted; formatters reuse exc_text when it is set.
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = self.redact(text)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, and exc when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": self._timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            data["exc"] = record.exc_text
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        return json.dumps(data, ensure_ascii=False)

    @staticmethod
    def _timestamp(created: float) -> str:
        seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created))
        return f"{seconds}.{int(created % 1 * 1000):03d}Z"


class _TextFormatter(logging.Formatter):
    """The text format with UTC ISO timestamps, like the JSON one."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return JsonFormatter._timestamp(record.created)


def setup_logging(
    fmt: str = "text",
    level: str = "INFO",
    secrets: Iterable[str] = (),
    *,
    stream: TextIO | None = None,
) -> None:
    """Send the root logger to stderr (or `stream`) in `fmt` ("text" or "json") at `level`.

    Calling it again replaces the handler it installed before (and only that one).
    """
    if fmt not in {"text", "json"}:
        raise ValueError(f"log format must be 'text' or 'json', not {fmt!r}")
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level {level!r}")
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _MARKER, False)]:
        root.removeHandler(old)
        old.close()
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    setattr(handler, _MARKER, True)
    handler.setFormatter(JsonFormatter() if fmt == "json" else _TextFormatter(TEXT_FORMAT))
    handler.addFilter(RedactingFilter(secrets))
    root.addHandler(handler)
    root.setLevel(numeric)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, numeric))
