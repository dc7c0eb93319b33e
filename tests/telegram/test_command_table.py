"""The command table drives the private and group commands and the setMyCommands menus."""

from __future__ import annotations

from bot.advisor import Advisor
from bot.engine.events import COMMANDS
from bot.frontends.telegram.app import menus
from bot.frontends.telegram.command_table import (
    COMMAND_TABLE,
    FRONTEND_COMMANDS,
    GROUP_COMMANDS,
    menu,
)
from tests.telegram.conftest import ADMIN
from tests.telegram.harness import Bot

# The menus users see, as they were before the table existed: a change here is visible.
PRIVATE_MENU = [
    "start",
    "help",
    "back",
    "skip",
    "why",
    "restart",
    "cancel",
    "classify",
    "about",
    "privacy",
    "forget",
]
GROUP_MENU = ["classify", "help"]
ADMIN_MENU = [*PRIVATE_MENU, "stats", "reload"]


def test_engine_commands_are_exactly_the_engines() -> None:
    assert {s.name for s in COMMAND_TABLE if s.engine} == set(COMMANDS)
    assert "console" in next(s for s in COMMAND_TABLE if s.name == "cancel").scopes
    assert all("console" not in s.scopes for s in COMMAND_TABLE if not s.engine)


def test_table_decides_who_answers_what() -> None:
    assert {"classify", "about", "privacy", "stats", "reload"} == FRONTEND_COMMANDS
    assert {"classify", "about", "privacy", "stats", "reload", "start", "help"} == GROUP_COMMANDS
    assert {s.name for s in COMMAND_TABLE if s.admin} == {"stats", "reload"}


def test_menus_in_their_order() -> None:
    assert [s.name for s in menu("private")] == PRIVATE_MENU
    assert [s.name for s in menu("group")] == GROUP_MENU
    assert [s.name for s in menu("admin")] == ADMIN_MENU


def test_every_command_has_a_description(advisor: Advisor) -> None:
    for spec in COMMAND_TABLE:
        text = advisor.messages.plain(spec.help_key)
        assert text and spec.help_key not in text, spec.name
    built = menus(advisor.messages, [7])
    assert [scope.type for scope, _ in built] == ["all_private_chats", "all_group_chats", "chat"]


async def test_registered_menus_come_from_the_table(bot: Bot) -> None:
    registered = bot.api.commands
    assert [c["command"] for c in registered["all_private_chats"]] == PRIVATE_MENU
    assert [c["command"] for c in registered["all_group_chats"]] == GROUP_MENU
    assert [c["command"] for c in registered[f"chat:{ADMIN}"]] == ADMIN_MENU
    about = next(c for c in registered["all_private_chats"] if c["command"] == "about")
    assert about["description"] == bot.frontend.plain("telegram.commands.about", "en")


async def test_group_answers_only_group_scoped_commands(bot: Bot) -> None:
    group = bot.api.group(-100190, "Table talk")
    ann = bot.api.user(201, "Ann")

    async def say(text: str) -> list[str]:
        before = len(bot.api.sent)
        await bot.settle(bot.api.inject_message(group, ann, text))
        return [s.text for s in bot.api.sent[before:]]

    (privacy,) = await say("/privacy")  # group scope: answered even without @bot
    assert "store" in privacy.lower()
    assert await say("/skip") == []  # private only: silence in a group
    (intro,) = await say("/skip@advisor_test_bot")  # addressed to the bot: the group intro
    assert "talk to me in private" in intro
