"""Settings from the environment and an optional `.env` file (the environment wins)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.errors import ConfigError

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent  # the repository, in a source checkout (tests and tools use it)
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"

# Every setting, with its help text: `advisor run --help`, the README and .env.example list these.
SETTINGS_HELP: dict[str, str] = {
    "TELEGRAM_BOT_TOKEN": "bot token from @BotFather (required for `advisor run`)",
    "TELEGRAM_API_BASE_URL": "Bot API URL the token is appended to (default Telegram's own)",
    "ADVISOR_STORE": "session store URL: memory://, sqlite:///path.db or redis://host:port/0 "
    "(default sqlite:///advisor.db in the working directory)",
    "ADVISOR_WEBHOOK_URL": "public HTTPS URL for webhook mode; long polling when unset",
    "ADVISOR_WEBHOOK_LISTEN": "host:port the webhook server listens on (default 127.0.0.1:8080)",
    "ADVISOR_WEBHOOK_SECRET": "secret token Telegram sends with every webhook request "
    "(generated at start-up when unset)",
    "ADVISOR_ADMIN_IDS": "comma-separated Telegram user ids allowed to use /stats and /reload",
    "ADVISOR_SESSION_TTL": "seconds of inactivity after which an interview starts over "
    "(default 86400)",
    "ADVISOR_DIALOGUES": "folder of dialogue flows (default: the ones shipped with the advisor)",
    "ADVISOR_KNOWLEDGE": "folder of the knowledge base (default: the one shipped with the "
    "advisor)",
    "ADVISOR_KB_CACHE": "1 (default): one-shot commands (classify, eval, kb) keep the indexed "
    "knowledge base in ~/.cache/advisor; 0: no cache",
    "ADVISOR_LOG_FORMAT": "text (default) or json",
    "ADVISOR_LOG_LEVEL": "DEBUG, INFO (default), WARNING or ERROR",
}


def data_dir(name: str) -> Path:
    """The shipped data folder `name` (dialogues, knowledge), whatever the working directory.

    A wheel carries the repository's top-level folders inside the package (bot/<name>, see
    pyproject.toml); a source checkout or an editable install has them beside the package.
    """
    packaged = PACKAGE / name
    return packaged if packaged.is_dir() else PACKAGE.parent / name


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; blank lines and # comments are skipped; quotes are stripped."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].strip()
        if "=" not in line:
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE")
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def _parse_listen(raw: str) -> tuple[str, int]:
    host, sep, port = raw.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"ADVISOR_WEBHOOK_LISTEN must be host:port, got {raw!r}")
    return host or "127.0.0.1", int(port)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, already parsed and checked."""

    token: str | None = field(default=None, repr=False)
    api_base_url: str = DEFAULT_API_BASE_URL
    store_url: str = "sqlite:///advisor.db"
    webhook_url: str | None = None
    webhook_listen: tuple[str, int] = ("127.0.0.1", 8080)
    webhook_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    admin_ids: frozenset[int] = frozenset()
    session_ttl: float = 86400.0
    dialogues_dir: Path = field(default_factory=lambda: data_dir("dialogues"))
    knowledge_dir: Path = field(default_factory=lambda: data_dir("knowledge"))
    kb_cache: bool = True
    log_format: str = "text"
    log_level: str = "INFO"

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, dotenv: Path | None = None) -> Settings:
        """Read settings from `env` (default os.environ) over `.env` in the working directory."""
        merged = read_dotenv(dotenv if dotenv is not None else Path.cwd() / ".env")
        merged.update(os.environ if env is None else env)

        def get(name: str) -> str | None:
            value = merged.get(name, "").strip()
            return value or None

        try:
            admin_ids = frozenset(
                int(x) for x in (get("ADVISOR_ADMIN_IDS") or "").replace(" ", "").split(",") if x
            )
        except ValueError as exc:
            raise ConfigError("ADVISOR_ADMIN_IDS must be comma-separated integers") from exc
        try:
            ttl = float(get("ADVISOR_SESSION_TTL") or 86400)
        except ValueError as exc:
            raise ConfigError("ADVISOR_SESSION_TTL must be a number of seconds") from exc
        kb_cache = get("ADVISOR_KB_CACHE") or "1"
        if kb_cache not in {"0", "1"}:
            raise ConfigError("ADVISOR_KB_CACHE must be 1 or 0")
        log_format = (get("ADVISOR_LOG_FORMAT") or "text").lower()
        if log_format not in {"text", "json"}:
            raise ConfigError("ADVISOR_LOG_FORMAT must be 'text' or 'json'")
        kwargs: dict[str, object] = {}
        if secret := get("ADVISOR_WEBHOOK_SECRET"):
            kwargs["webhook_secret"] = secret
        return cls(
            token=get("TELEGRAM_BOT_TOKEN"),
            api_base_url=get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL,
            store_url=get("ADVISOR_STORE") or "sqlite:///advisor.db",
            webhook_url=get("ADVISOR_WEBHOOK_URL"),
            webhook_listen=_parse_listen(get("ADVISOR_WEBHOOK_LISTEN") or "127.0.0.1:8080"),
            admin_ids=admin_ids,
            session_ttl=ttl,
            dialogues_dir=Path(get("ADVISOR_DIALOGUES") or data_dir("dialogues")),
            knowledge_dir=Path(get("ADVISOR_KNOWLEDGE") or data_dir("knowledge")),
            kb_cache=kb_cache == "1",
            log_format=log_format,
            log_level=(get("ADVISOR_LOG_LEVEL") or "INFO").upper(),
            **kwargs,  # type: ignore[arg-type]
        )
