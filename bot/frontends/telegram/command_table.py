"""The one table of slash commands: where each is answered, who may use it, which menus list it.

Everything else reads this table: the private-chat command handler (engine commands become
`Command` events, the rest are answered by the front end), the group handler (which commands a
shared chat gets an answer to), the "did you mean" suggestions and the command menus registered
with setMyCommands. A menu lists its commands in the order of their position for that menu.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.engine.events import COMMANDS

Scope = Literal["private", "group", "console"]
Menu = Literal["private", "group", "admin"]

PRIVATE: frozenset[Scope] = frozenset({"private", "console"})
EVERYWHERE: frozenset[Scope] = frozenset({"private", "group", "console"})
CHATS: frozenset[Scope] = frozenset({"private", "group"})


@dataclass(frozen=True)
class CommandSpec:
    """One command: where it is answered, whether the engine handles it, its menu places."""

    name: str
    scopes: frozenset[Scope]
    engine: bool = False  # an interview command: becomes a `Command` event in private chats
    admin: bool = False  # answered only for the ids in ADMIN_IDS
    # menu -> position in that menu (absent: not listed there)
    menus: Mapping[Menu, int] = field(default_factory=dict, hash=False)

    @property
    def help_key(self) -> str:
        """The messages.yaml key of its one-line description in the menus."""
        return f"telegram.commands.{self.name}"


COMMAND_TABLE: tuple[CommandSpec, ...] = (
    CommandSpec("start", EVERYWHERE, engine=True, menus={"private": 0}),
    CommandSpec("help", EVERYWHERE, engine=True, menus={"private": 1, "group": 1}),
    CommandSpec("back", PRIVATE, engine=True, menus={"private": 2}),
    CommandSpec("skip", PRIVATE, engine=True, menus={"private": 3}),
    CommandSpec("why", PRIVATE, engine=True, menus={"private": 4}),
    CommandSpec("restart", PRIVATE, engine=True, menus={"private": 5}),
    CommandSpec("cancel", PRIVATE, engine=True, menus={"private": 6}),
    CommandSpec("classify", CHATS, menus={"private": 7, "group": 0}),
    CommandSpec("about", CHATS, menus={"private": 8}),
    CommandSpec("privacy", CHATS, menus={"private": 9}),
    CommandSpec("forget", PRIVATE, engine=True, menus={"private": 10}),
    CommandSpec("stats", CHATS, admin=True, menus={"admin": 11}),
    CommandSpec("reload", CHATS, admin=True, menus={"admin": 12}),
)
BY_NAME: Mapping[str, CommandSpec] = {spec.name: spec for spec in COMMAND_TABLE}

# Answered by the Telegram front end itself (not the engine), in private chats and groups.
FRONTEND_COMMANDS = frozenset(s.name for s in COMMAND_TABLE if not s.engine)
# Answered in shared chats; any other command addressed to the bot there gets the intro.
GROUP_COMMANDS = frozenset(s.name for s in COMMAND_TABLE if "group" in s.scopes)
# Known in private chats, in the order "did you mean" prefers on a tie (engine's order first).
PRIVATE_COMMANDS: tuple[str, ...] = (*COMMANDS, *sorted(FRONTEND_COMMANDS))
ADMIN_COMMANDS = frozenset(s.name for s in COMMAND_TABLE if s.admin)


def menu(which: Menu) -> tuple[CommandSpec, ...]:
    """The commands one menu lists, in their menu order (admins see the private menu too)."""
    menus: tuple[Menu, ...] = ("private", "admin") if which == "admin" else (which,)
    listed = [(spec.menus[m], spec) for spec in COMMAND_TABLE for m in menus if m in spec.menus]
    return tuple(spec for _pos, spec in sorted(listed, key=lambda pair: pair[0]))


def split_command(text: str) -> tuple[str, str | None, str]:
    """ "/Cmd@Bot rest" -> ("cmd", "bot" or None, "rest")."""
    head, _, rest = text.strip().partition(" ")
    name, _, target = head[1:].partition("@")
    return name.lower(), (target.lower() or None), rest.strip()
