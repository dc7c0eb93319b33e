"""Small building blocks: sessions, rich text, option matching, messages, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings, read_dotenv
from bot.core.errors import ConfigError, CorruptSessionError, DataErrors
from bot.core.messages import Messages
from bot.core.richtext import fill, to_html, to_plain
from bot.engine.matching import Candidate, match_option, simplify
from bot.engine.session import Session

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = [
    Candidate("long_term", "Long-term relationship", ("ongoing", "for years")),
    Candidate("mixed", "A bit of both", ("both",)),
    Candidate("one_off", "One-off purchases", ("once", "single sale")),
]


def test_session_roundtrip_and_size() -> None:
    session = Session(
        flow="main",
        flow_version="abc",
        step="payment",
        answers={f"dim{i}": "long_term" for i in range(10)},
        history=("a", "b"),
        turn=7,
        ask=4,
        created=1.5,
        updated=2.5,
    )
    raw = session.to_json()
    assert Session.from_json(raw) == session
    assert len(raw.encode()) < 2048


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not json",
        "[]",
        '{"v": 99}',
        '{"v": 1, "flow": "x"}',
        '{"v":1,"flow":"m","flow_version":"v","step":"s","answers":[1]}',
    ],
)
def test_corrupt_sessions_raise(raw: str) -> None:
    with pytest.raises(CorruptSessionError):
        Session.from_json(raw)


def test_markup_never_applies_to_user_values() -> None:
    rt = fill("**Got it:** {name}", {"name": "**<b>evil</b> & co**"})
    assert to_plain(rt) == "Got it: **<b>evil</b> & co**"
    assert to_html(rt) == "<b>Got it:</b> **&lt;b&gt;evil&lt;/b&gt; &amp; co**"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2", "mixed"),
        ("long-term relationship", "long_term"),
        ("LONG TERM RELATIONSHP", "long_term"),
        ("ongoing", "long_term"),
        ("once", "one_off"),
        ("One-off purchases!", "one_off"),
        ("both", "mixed"),
        ("banana", None),
        ("7", None),
        ("", None),
    ],
)
def test_option_matching(typed: str, expected: str | None) -> None:
    assert match_option(typed, OPTIONS) == expected


def test_simplify_strips_accents_emoji_and_punctuation() -> None:
    assert simplify("  Café — CRÈME brûlée!! 🎉 ") == "cafe creme brulee"


@pytest.mark.parametrize("text", ["Long-Term_Relationship!", "  ONE-OFF  ", "a\tb", "K", ""])
def test_simplify_ascii_shortcut_agrees_with_the_general_path(text: str) -> None:
    # a non-ASCII character forces the general path; it is stripped like any emoji
    assert simplify(text) == simplify(text + " 🎉").strip()


def test_messages_fall_back_to_english(tmp_path: Path) -> None:
    path = tmp_path / "messages.yaml"
    path.write_text(
        'en:\n  a:\n    hi: "Hi {name}"\n    bye: "Bye"\nde:\n  a:\n    hi: "Hallo {name}"\n'
    )
    messages = Messages.load(path)
    assert to_plain(messages.get("a.hi", "de", name="Ana")) == "Hallo Ana"
    assert to_plain(messages.get("a.bye", "de-AT")) == "Bye"


def test_messages_reject_mismatched_placeholders(tmp_path: Path) -> None:
    path = tmp_path / "messages.yaml"
    path.write_text('en:\n  hi: "Hi {name}"\nde:\n  hi: "Hallo {nom}"\n')
    with pytest.raises(DataErrors) as info:
        Messages.load(path)
    assert "messages.yaml:4" in str(info.value)


def test_front_end_wording_replaces_the_shared_one_for_that_front_end_only(tmp_path: Path) -> None:
    path = tmp_path / "messages.yaml"
    path.write_text(
        'en:\n  a:\n    hint: "Tap a button"\n    hi: "Hi {name}"\n'
        'de:\n  a:\n    hint: "Tippe"\n'
        'frontends:\n  console:\n    en:\n      a:\n        hint: "Type a number"\n'
    )
    messages = Messages.load(path)
    assert messages.languages == ("de", "en")  # `frontends` is not a language
    console = messages.for_frontend("console")
    assert console.plain("a.hint") == "Type a number"
    assert console.plain("a.hi", name="Ana") == "Hi Ana"
    assert console.plain("a.hint", "de") == "Tippe"  # a translation is kept
    assert messages.plain("a.hint") == "Tap a button"  # the shared wording is untouched
    assert messages.for_frontend("telegram").plain("a.hint") == "Tap a button"


def test_front_end_wording_is_checked_against_english(tmp_path: Path) -> None:
    path = tmp_path / "messages.yaml"
    path.write_text(
        'en:\n  hi: "Hi {name}"\n'
        'frontends:\n  console:\n    en:\n      hi: "Hi {nom}"\n'
        '      nope: "Not in English"\n'
    )
    with pytest.raises(DataErrors) as info:
        Messages.load(path)
    text = str(info.value)
    assert "messages.yaml:6" in text and "placeholders" in text
    assert "messages.yaml:7" in text and "frontends.console.en.nope" in text


def test_the_console_wording_never_mentions_buttons_and_lists_quit() -> None:
    import re

    messages = Messages.load(ROOT / "dialogues" / "messages.yaml")
    console = messages.for_frontend("console")
    wording = {
        key: console.template(key)
        for key in console.by_lang["en"]
        if key.startswith(("engine.", "console."))
    }
    buttons = re.compile(r"\b(tap|taps|tapping|buttons?)\b", re.IGNORECASE)
    offending = {k: v for k, v in wording.items() if buttons.search(v)}
    assert not offending, offending
    assert "/quit" in console.plain("engine.help")
    # Telegram keeps its buttons
    assert buttons.search(messages.template("engine.miss_2"))


def test_every_message_key_the_code_uses_exists() -> None:
    import re

    messages = Messages.load(ROOT / "dialogues" / "messages.yaml")
    used: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        used |= set(
            re.findall(r'"((?:engine|console|telegram|ops)\.[a-z_0-9]+)"', path.read_text())
        )
    missing = sorted(k for k in used if not messages.has(k))
    assert not missing, missing


def test_settings_from_env_and_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nTELEGRAM_BOT_TOKEN='123:abc'\nADVISOR_ADMIN_IDS=1, 2\n"
        "export ADVISOR_STORE=memory://\n"
    )
    settings = Settings.load({"ADVISOR_STORE": "redis://x:6379/0"}, dotenv)
    assert settings.token == "123:abc"
    assert settings.admin_ids == frozenset({1, 2})
    assert settings.store_url == "redis://x:6379/0"  # the environment wins
    assert "123:abc" not in repr(settings)
    assert read_dotenv(tmp_path / "missing") == {}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ADVISOR_ADMIN_IDS": "x"}, "ADVISOR_ADMIN_IDS must be comma-separated integers"),
        (
            {"ADVISOR_WEBHOOK_LISTEN": "nope"},
            "ADVISOR_WEBHOOK_LISTEN must be host:port, got 'nope'",
        ),
        (
            {"ADVISOR_WEBHOOK_LISTEN": "h:99999"},
            "ADVISOR_WEBHOOK_LISTEN must be host:port, got 'h:99999'",
        ),
        ({"ADVISOR_SESSION_TTL": "soon"}, "ADVISOR_SESSION_TTL must be a number of seconds"),
        ({"ADVISOR_LOG_FORMAT": "xml"}, "ADVISOR_LOG_FORMAT must be 'text' or 'json'"),
        ({"ADVISOR_KB_CACHE": "yes"}, "ADVISOR_KB_CACHE must be 1 or 0"),
    ],
)
def test_bad_settings_are_clear_errors(env: dict[str, str], message: str, tmp_path: Path) -> None:
    token = "123456:SECRET-token-never-shown"
    with pytest.raises(ConfigError) as info:
        Settings.load({**env, "TELEGRAM_BOT_TOKEN": token}, tmp_path / "none")
    assert str(info.value) == message
    assert "SECRET" not in str(info.value)


def test_settings_defaults_blanks_and_the_real_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = Settings.load({}, tmp_path / "none")
    assert (default.store_url, default.webhook_listen, default.session_ttl) == (
        "sqlite:///advisor.db",
        ("127.0.0.1", 8080),
        86400.0,
    )
    assert default.kb_cache and default.log_format == "text" and default.log_level == "INFO"
    assert len(default.webhook_secret) >= 32, "a secret is generated when none is set"
    blank = Settings.load(
        {
            "ADVISOR_STORE": "  ",
            "ADVISOR_LOG_LEVEL": " debug ",
            "ADVISOR_WEBHOOK_LISTEN": ":9000",
            "ADVISOR_KB_CACHE": "0",
        },
        tmp_path / "none",
    )
    assert blank.store_url == "sqlite:///advisor.db" and blank.log_level == "DEBUG"
    assert blank.webhook_listen == ("127.0.0.1", 9000) and blank.kb_cache is False
    # without a mapping, the process environment is read; names are case-sensitive
    monkeypatch.setenv("ADVISOR_SESSION_TTL", "60")
    monkeypatch.setenv("advisor_store", "memory://")
    real = Settings.load(dotenv=tmp_path / "none")
    assert real.session_ttl == 60.0 and real.store_url == "sqlite:///advisor.db"


def test_a_malformed_dotenv_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# settings\nADVISOR_STORE=memory://\nTELEGRAM_BOT_TOKEN 123:abc\n")
    with pytest.raises(ConfigError) as info:
        Settings.load({}, dotenv)
    assert str(info.value) == f"{dotenv}:3: expected KEY=VALUE"
    assert "123:abc" not in str(info.value)


async def test_keyed_locks_wait_in_order_and_time_out_only_when_contended() -> None:
    import asyncio

    from bot.core.errors import StorageError
    from bot.core.locks import KeyedLocks

    locks = KeyedLocks(wait=0.05)
    order: list[int] = []

    async def worker(n: int, hold: float) -> None:
        async with locks.hold("k"):
            order.append(n)
            await asyncio.sleep(hold)

    # uncontended: taken at once, even with a tiny wait; waiters keep arrival order
    await asyncio.gather(worker(1, 0.01), worker(2, 0.0), worker(3, 0.0))
    assert order == [1, 2, 3] and len(locks) == 0
    # contended beyond the wait: a clear StorageError, and the lock is not left behind
    holder = asyncio.create_task(worker(4, 0.3))
    await asyncio.sleep(0)
    with pytest.raises(StorageError, match="still busy"):
        async with locks.hold("k"):
            pass
    await holder
    assert len(locks) == 0
