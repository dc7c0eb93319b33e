"""Random user behaviour for property-based tests: abstract actions, resolved at run time.

An action is drawn before the run, so hypothesis can shrink a failing sequence; which button
a "valid press" means is decided only when it happens, from the last reply with buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from bot.engine.events import COMMANDS

HOSTILE = (
    "<b>",
    "</i>",
    "&",
    "&amp;",
    "&lt;b&gt;",
    "*_[",
    "**bold**",
    "__it__",
    "`code`",
    "<script>alert(1)</script>",
    '<a href="javascript:x">x</a>',
    "<u>x</u> & </i>",
    "'; DROP TABLE sessions; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM sessions;--",
    "\u202eevil\u202c",
    "\u200b",
    "\u200d\u200c\ufeff",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈 bakery 🍞",
    "مرحبا، نحن مخبز صغير",
    "אנחנו משרד עורכי דין",
    "\x00\x01\x07\x1b[31m",
    "\r\n\t ",
    "{name}",
    "{0}",
    "{text!r}",
    "%s%d%n",
    "\\u0000",
    "null",
    "None",
    "NaN",
    "²",
    "①",
    "٣",
    "𝟑",
    "-1",
    "0",
    "1.5",
    "1e9",
    "9" * 5000,
    "law firm",
    "a bakery",
    "we plan weddings",
    "1",
    "2",
    "yes",
    "no",
    "skip",
    "/start",
    "help",
    "restart",
    "?",
    "what is a client-based business?",
)
BUSINESSES = (
    "we are a law firm",
    "a small bakery",
    "wedding planning",
    "bookkeeping for firms",
    "plumbing and heating repairs",
    "online shop for mugs",
    "hair salon",
)
KINDS = ("sticker", "photo", "voice", "location", "document", "video")
LANGS = ("en", "en", "en", "de", "xx", "")


@dataclass(frozen=True)
class Say:
    """Type text."""

    text: str


@dataclass(frozen=True)
class Press:
    """Press a button shown last (valid) or `back` replies ago with buttons (stale).

    `repeat` > 1 keeps pressing the newest buttons: a user racing through the interview.
    """

    index: int
    back: int = 0
    repeat: int = 1


@dataclass(frozen=True)
class Forge:
    """Press a button that was never shown: any step, option and turn.

    `raw`, when set, is the whole callback data a tampered client sends (Telegram level).
    """

    step: str
    option: str
    turn: int | None
    raw: str = ""


@dataclass(frozen=True)
class Cmd:
    """A command, with a deep-link style payload for /start."""

    name: str
    payload: str = ""


@dataclass(frozen=True)
class Other:
    """Send something that is not text."""

    kind: str


@dataclass(frozen=True)
class Wait:
    """Stay away for a while (hours): sessions may expire."""

    hours: float


Action = Say | Press | Forge | Cmd | Other | Wait


def texts(max_long: int = 10_000) -> st.SearchStrategy[str]:
    """Hostile, odd and ordinary texts, up to `max_long` characters."""
    long_text = st.tuples(st.text(min_size=1, max_size=8), st.integers(1, max_long)).map(
        lambda p: (p[0] * (p[1] // len(p[0]) + 1))[: p[1]]
    )
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=60),
        st.text(
            st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "So"]),
            max_size=30,
        ),
        st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=6).map(" ".join),
        long_text,
        st.just(""),
        st.just("x" * max_long),
    )


def actions(
    *,
    max_long: int = 10_000,
    step_ids: tuple[str, ...] = (),
    option_ids: tuple[str, ...] = (),
    commands: tuple[str, ...] = COMMANDS,
    kinds: tuple[str, ...] = KINDS,
) -> st.SearchStrategy[Action]:
    """One random user action."""
    ident = st.text(
        st.characters(codec="ascii", categories=["L", "N", "P"]), min_size=1, max_size=12
    )
    payloads = st.one_of(
        st.just(""),
        st.sampled_from(
            ("ind_law_firm", "ind_bakery", "ind_", "ind_nope", "x" * 64, "ind_../../etc")
        ),
        st.text(max_size=70),
    )
    # callback data as a tampered client could send it: odd digits, separators, anything
    odd_digits = st.sampled_from(("²", "٣", "①", "𝟑", "0", "-1", "", " 1", "1.0", "9" * 40))
    raw = st.one_of(
        st.just(""),
        st.tuples(
            odd_digits,
            st.sampled_from(("business", "relationship", "x", "", "g")),
            st.one_of(odd_digits, ident),
        ).map("|".join),
        st.tuples(st.just("g"), odd_digits, ident).map("|".join),
        st.text(max_size=30),
    )
    valid = st.builds(Press, st.integers(0, 40))
    # Valid presses are weighted up, and some come in runs, so conversations get deep into
    # the interview and past the verdict.
    return st.one_of(
        valid,
        valid,
        valid,
        st.builds(Press, st.integers(0, 40), st.just(0), st.integers(2, 14)),
        st.builds(Say, texts(max_long)),
        st.builds(Say, st.sampled_from(BUSINESSES)),
        st.builds(Press, st.integers(0, 40), st.integers(1, 6)),
        st.builds(
            Forge,
            st.one_of(st.sampled_from(step_ids or ("x",)), ident),
            st.one_of(st.sampled_from(option_ids or ("x",)), ident),
            st.one_of(st.none(), st.integers(-3, 40), st.integers(2**31, 2**63)),
            raw,
        ),
        st.builds(Cmd, st.sampled_from(commands), payloads),
        st.builds(Other, st.sampled_from(kinds)),
        st.builds(Wait, st.sampled_from((0.5, 30.0, 1000.0))),
    )
