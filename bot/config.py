"""Settings from the environment and an optional `.env` file (the environment wins).

One pydantic-settings model: each setting is declared once, with its environment variable, its
default and its help text (`advisor run --help`, the README and .env.example list these). Bad
values raise `ConfigError` with a message that names the variable and never echoes the token.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any

from dotenv.parser import parse_stream
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from bot.core.errors import ConfigError
from bot.core.paths import PACKAGE, ROOT, data_dir

__all__ = ["MESSAGES_FILE", "PACKAGE", "ROOT", "ConfigError", "Settings", "data_dir"]

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
MESSAGES_FILE = "messages.yaml"  # the interface wording, inside the dialogues folder


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines read as python-dotenv reads them (comments, quotes, `export `).

    A line that is not KEY=VALUE is an error naming file:line, not a silently unset value.
    """
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    with path.open(encoding="utf-8") as stream:
        for binding in parse_stream(stream):
            if binding.error or (binding.key is not None and binding.value is None):
                raise ConfigError(f"{path}:{binding.original.line}: expected KEY=VALUE")
            if binding.key is not None and binding.value is not None:
                values[binding.key] = binding.value
    return values


# The variables `load(env=...)` reads instead of os.environ (tests, benchmarks).
_ENVIRON: ContextVar[Mapping[str, str] | None] = ContextVar("advisor_environ", default=None)


class _Environ(EnvSettingsSource):
    """The environment source, reading a given mapping when `Settings.load` was handed one."""

    def _load_env_vars(self) -> Mapping[str, str | None]:
        given = _ENVIRON.get()
        return dict(os.environ if given is None else given)


@contextmanager
def _environ(env: Mapping[str, str] | None) -> Iterator[None]:
    token = _ENVIRON.set(env)
    try:
        yield
    finally:
        _ENVIRON.reset(token)


def _parse_listen(raw: str) -> tuple[str, int]:
    host, sep, port = raw.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"ADVISOR_WEBHOOK_LISTEN must be host:port, got {raw!r}")
    return host or "127.0.0.1", int(port)


def _setting(env: str, help_text: str, default: Any = None, **kwargs: Any) -> Any:
    """A field read from environment variable `env`, with the help text the CLI lists."""
    if "default_factory" not in kwargs:
        kwargs["default"] = default
    return Field(validation_alias=env, description=help_text, **kwargs)


class Settings(BaseSettings):
    """Everything configurable, already parsed and checked."""

    model_config = SettingsConfigDict(
        frozen=True,
        case_sensitive=True,
        extra="ignore",
        populate_by_name=True,
        env_ignore_empty=True,
        env_file_encoding="utf-8",
    )

    token: str | None = _setting(
        "TELEGRAM_BOT_TOKEN", "bot token from @BotFather (required for `advisor run`)", repr=False
    )
    api_base_url: str = _setting(
        "TELEGRAM_API_BASE_URL",
        "Bot API URL the token is appended to (default Telegram's own)",
        DEFAULT_API_BASE_URL,
    )
    store_url: str = _setting(
        "ADVISOR_STORE",
        "session store URL: memory://, sqlite:///path.db or redis://host:port/0 "
        "(default sqlite:///advisor.db in the working directory)",
        "sqlite:///advisor.db",
    )
    webhook_url: str | None = _setting(
        "ADVISOR_WEBHOOK_URL", "public HTTPS URL for webhook mode; long polling when unset"
    )
    webhook_listen: Annotated[tuple[str, int], NoDecode] = _setting(
        "ADVISOR_WEBHOOK_LISTEN",
        "host:port the webhook server listens on (default 127.0.0.1:8080)",
        ("127.0.0.1", 8080),
    )
    webhook_secret: str = _setting(
        "ADVISOR_WEBHOOK_SECRET",
        "secret token Telegram sends with every webhook request (generated at start-up when unset)",
        default_factory=lambda: secrets.token_urlsafe(32),
        repr=False,
    )
    admin_ids: Annotated[frozenset[int], NoDecode] = _setting(
        "ADVISOR_ADMIN_IDS",
        "comma-separated Telegram user ids allowed to use /stats and /reload",
        frozenset(),
    )
    session_ttl: float = _setting(
        "ADVISOR_SESSION_TTL",
        "seconds of inactivity after which an interview starts over (default 86400)",
        86400.0,
    )
    dialogues_dir: Path = _setting(
        "ADVISOR_DIALOGUES",
        "folder of dialogue flows (default: the ones shipped with the advisor)",
        default_factory=lambda: data_dir("dialogues"),
    )
    knowledge_dir: Path = _setting(
        "ADVISOR_KNOWLEDGE",
        "folder of the knowledge base (default: the one shipped with the advisor)",
        default_factory=lambda: data_dir("knowledge"),
    )
    kb_cache: bool = _setting(
        "ADVISOR_KB_CACHE",
        "1 (default): one-shot commands (classify, eval, kb) keep the "
        "indexed knowledge base in ~/.cache/advisor; 0: no cache",
        True,
    )
    log_format: str = _setting("ADVISOR_LOG_FORMAT", "text (default) or json", "text")
    log_level: str = _setting(
        "ADVISOR_LOG_LEVEL", "DEBUG, INFO (default), WARNING or ERROR", "INFO"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments, then the environment (or `load`'s mapping), then `.env`."""
        return init_settings, _Environ(settings_cls), dotenv_settings

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, data: Any) -> Any:
        """Surrounding spaces do not count, and a blank value means the default."""
        if not isinstance(data, dict):
            return data
        stripped = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        return {k: v for k, v in stripped.items() if v != ""}

    @field_validator("webhook_listen", mode="before")
    @classmethod
    def _listen(cls, value: Any) -> Any:
        return _parse_listen(value) if isinstance(value, str) else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return frozenset(int(x) for x in value.replace(" ", "").split(",") if x)
        except ValueError:
            raise ConfigError("ADVISOR_ADMIN_IDS must be comma-separated integers") from None

    @field_validator("session_ttl", mode="before")
    @classmethod
    def _ttl(cls, value: Any) -> Any:
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ConfigError("ADVISOR_SESSION_TTL must be a number of seconds") from None

    @field_validator("kb_cache", mode="before")
    @classmethod
    def _kb_cache(cls, value: Any) -> Any:
        if value not in {"0", "1", True, False}:
            raise ConfigError("ADVISOR_KB_CACHE must be 1 or 0")
        return value in {"1", True}

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format(cls, value: Any) -> Any:
        if str(value).lower() not in {"text", "json"}:
            raise ConfigError("ADVISOR_LOG_FORMAT must be 'text' or 'json'")
        return str(value).lower()

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: Any) -> Any:
        return str(value).upper()

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, dotenv: Path | None = None) -> Settings:
        """Read settings from `env` (default os.environ) over `.env` in the working directory."""
        path = dotenv if dotenv is not None else Path.cwd() / ".env"
        read_dotenv(path)  # a malformed line is an error naming file:line, as before
        try:
            with _environ(env):
                # `_env_file` is pydantic-settings' per-call .env path (its stubs omit it)
                return cls(_env_file=path if path.is_file() else None)  # type: ignore[call-arg]
        except ValidationError as exc:
            # Only the variable and the rule: the value could be the token.
            first = exc.errors(include_input=False)[0]
            field = cls.model_fields[str(first["loc"][0])] if first["loc"] else None
            name = field.validation_alias if field is not None else "a setting"
            raise ConfigError(f"{name}: {first['msg']}") from None


# Every setting, with its help text, in declaration order.
SETTINGS_HELP: dict[str, str] = {
    str(f.validation_alias): str(f.description) for f in Settings.model_fields.values()
}
