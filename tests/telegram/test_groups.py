"""Groups, forum topics, channels, discussion groups, migration and inline mode, end to end."""

from __future__ import annotations

from typing import Any

import pytest

from tests.botapi.server import Sent
from tests.telegram.harness import Bot

pytestmark = pytest.mark.e2e

ME = "@advisor_test_bot"
ANN = 201
BOB = 202


async def say(
    bot: Bot, chat: dict[str, Any], user: dict[str, Any] | None, text: str, **kwargs: Any
) -> list[Sent]:
    """Inject one message and return what the bot sent because of it."""
    before = len(bot.api.sent)
    update_id = bot.api.inject_message(chat, user, text, **kwargs)
    await bot.settle(update_id)
    return bot.api.sent[before:]


def last_message(bot: Bot, chat: dict[str, Any]) -> dict[str, Any]:
    return max(
        (m for (cid, _), m in bot.api.messages.items() if cid == chat["id"]),
        key=lambda m: m["message_id"],
    )


async def test_silent_on_chatter_other_bots_and_other_commands(bot: Bot) -> None:
    group = bot.api.group(-100101, "Shop talk")
    ann = bot.api.user(ANN, "Ann")
    other_bot = bot.api.user(301, "Helper", is_bot=True, username="helper_bot")
    for text in (
        "hello everyone",
        "we run a bakery, is it client-based?",
        "/classify@helper_bot law firm",
        "/unknown",
        "@helper_bot law firm",
        "/weather@helper_bot",
    ):
        assert await say(bot, group, ann, text) == [], text
    assert await say(bot, group, other_bot, f"{ME} law firm") == []
    assert await say(bot, group, other_bot, "/classify law firm") == []


async def test_commands_mentions_and_replies(bot: Bot) -> None:
    group = bot.api.group(-100102, "Founders")
    ann = bot.api.user(ANN, "Ann")
    (card,) = await say(bot, group, ann, f"/classify{ME} law firm")
    asked = last_message(bot, group)["message_id"] - 1
    assert card.reply_to == asked
    assert "Law firm" in card.text and "client" in card.text.lower()
    (link,) = card.buttons
    assert link["url"] == "https://t.me/advisor_test_bot?start=ind_law_firm"
    (plain,) = await say(bot, group, ann, "/classify we sell flowers at a market stall")
    assert "customer" in plain.text.lower()
    (usage,) = await say(bot, group, ann, f"/classify{ME}")
    assert "/classify" in usage.text
    (faq,) = await say(bot, group, ann, f"{ME} is a bakery client-based?")
    assert "Bakery" in faq.text and "customer" in faq.text.lower()
    (intro,) = await say(bot, group, ann, f"/start{ME}")
    assert "talk to me in private" in intro.text
    assert intro.buttons[0]["url"] == "https://t.me/advisor_test_bot?start=group"
    bots_message = bot.api.messages[(group["id"], card.message_id)]
    (follow_up,) = await say(bot, group, ann, "and a photographer?", reply_to=bots_message)
    assert "photographer" in follow_up.text.lower()
    (other,) = await say(bot, group, ann, f"/about{ME}")
    assert "the advisor" in other.text
    (denied,) = await say(bot, group, ann, f"/stats{ME}")
    assert "for the bot's admins" in denied.text


async def test_group_buttons_act_only_for_the_asker(bot: Bot) -> None:
    group = bot.api.group(-100103, "Studio")
    ann = bot.api.user(ANN, "Ann")
    bob = bot.api.user(BOB, "Bob")
    (card,) = await say(bot, group, ann, f"{ME} photographer")
    choices = [b for b in card.buttons if "callback_data" in b]
    assert choices, card.buttons
    pick = choices[0]
    before = (card.text, card.edits)
    update_id = bot.api.inject_callback(card, pick["callback_data"], bob)
    query = bot.api.last_query_id
    await bot.settle(update_id)
    assert bot.api.callback_answers[query]["text"] == "This button is for the person who asked."
    assert (card.text, card.edits) == before
    update_id = bot.api.inject_callback(card, pick["callback_data"], ann)
    query = bot.api.last_query_id
    await bot.settle(update_id)
    assert bot.api.callback_answers[query]["text"] == ""
    assert card.edits == 1 and pick["text"] in card.text
    # a forged group button and an interview button in a group are just expired; the plan
    # button of a result never sends anyone's plan into a group
    before = len(bot.api.sent)
    for data in ("g|abc|x", "3|relationship|partnership", "12|result|plan"):
        update_id = bot.api.inject_callback(card, data, ann)
        query = bot.api.last_query_id
        await bot.settle(update_id)
        assert "expired" in bot.api.callback_answers[query]["text"]
    assert not [s for s in bot.api.sent[before:] if s.document is not None]


async def test_forum_topics(bot: Bot) -> None:
    forum = bot.api.group(-100104, "Forum", forum=True)
    ann = bot.api.user(ANN, "Ann")
    topic = bot.api.inject_topic(forum, ann, "Pricing")
    (card,) = await say(bot, forum, ann, f"/classify{ME} law firm", thread_id=topic)
    assert card.thread_id == topic
    assert await say(bot, forum, ann, "chatting in the topic", thread_id=topic) == []


async def test_channel_posts(bot: Bot) -> None:
    channel = bot.api.channel(-100105, "News", username="news_channel")
    for text in ("Good morning, readers!", "We opened a bakery"):
        update_id, _ = bot.api.inject_channel_post(channel, text)
        await bot.settle(update_id)
    assert bot.api.sent == []
    update_id, post = bot.api.inject_channel_post(channel, "/classify law firm")
    await bot.settle(update_id)
    (answer,) = bot.api.sent
    assert answer.chat_id == channel["id"] and answer.reply_to == post["message_id"]
    assert "Law firm" in answer.text
    update_id, post = bot.api.inject_channel_post(channel, f"What about a bakery, {ME}?")
    await bot.settle(update_id)
    assert len(bot.api.sent) == 2 and "Bakery" in bot.api.sent[-1].text


async def test_discussion_group_comments(bot: Bot) -> None:
    channel = bot.api.channel(-100106, "Blog")
    group = bot.api.group(-100107, "Blog chat", linked_channel=channel["id"])
    ann = bot.api.user(ANN, "Ann")
    update_id, post = bot.api.inject_channel_post(channel, f"New article! Ask {ME} anything")
    await bot.settle(update_id)
    sent_for_post = len(bot.api.sent)
    update_id, copy = bot.api.inject_automatic_forward(group, channel, post)
    await bot.settle(update_id)
    assert len(bot.api.sent) == sent_for_post, "the automatic copy is never answered"
    update_id = bot.api.inject_comment(group, ann, "great post", copy)
    await bot.settle(update_id)
    assert len(bot.api.sent) == sent_for_post
    update_id = bot.api.inject_comment(group, ann, f"{ME} is a law firm client-based?", copy)
    await bot.settle(update_id)
    answer = bot.api.sent[-1]
    comment = last_message(bot, group)
    assert answer.chat_id == group["id"]
    assert answer.reply_to == comment["message_id"] - 1 or answer.reply_to == (
        comment.get("reply_to_message", {}).get("message_id")
    )
    assert answer.thread_id == copy["message_id"], "the answer stays in the comment thread"
    assert "Law firm" in answer.text


async def test_group_migration(bot: Bot) -> None:
    old = bot.api.group(-2001, "Small group", supergroup=False)
    ann = bot.api.user(ANN, "Ann")
    await say(bot, old, ann, f"/classify{ME} law firm")
    _first, second = bot.api.inject_migration(old, -1002001, ann)
    await bot.settle(second)
    assert len(bot.api.sent) == 1
    # a message that raced the migration: the answer follows the group to its new id
    await say(bot, old, ann, f"/classify{ME} bakery")
    assert bot.api.sent[-1].chat_id == -1002001 and "Bakery" in bot.api.sent[-1].text


async def test_inline_mode(bot: Bot) -> None:
    for query, expect in (("law firm", "Law firm"), ("photographer", "photographer")):
        update_id, query_id = bot.api.inject_inline_query(ANN, query)
        await bot.settle(update_id)
        answer = bot.api.inline_answers[query_id]
        results = answer["results"]
        assert 1 <= len(results) <= 5
        ids = [r["id"] for r in results]
        assert len(set(ids)) == len(ids) and all(len(i.encode()) <= 64 for i in ids)
        assert not any(str(ANN) in i for i in ids), "nothing personal in result ids"
        assert answer["is_personal"] is False and 0 < answer["cache_time"] <= 3600
        assert expect.lower() in results[0]["title"].lower()
        assert results[0]["input_message_content"]["parse_mode"] == "HTML"
    assert len(bot.api.inline_answers[query_id]["results"]) > 1  # photographer: several
    update_id, query_id = bot.api.inject_inline_query(ANN, "   ")
    await bot.settle(update_id)
    empty = bot.api.inline_answers[query_id]
    assert empty["results"] == [] and empty["button"]["start_parameter"] == "inline"
    update_id, query_id = bot.api.inject_inline_query(ANN, "zzqx wvvq")
    await bot.settle(update_id)
    assert len(bot.api.inline_answers[query_id]["results"]) <= 1
    assert not bot.api.errors()


async def test_stats_in_a_group_shows_counts_never_what_users_wrote(bot: Bot) -> None:
    from tests.telegram.conftest import ADMIN

    wes = bot.chat(203, "Wes")
    await wes.send("/start")
    await wes.send("Zzqx vlorp frimbling, ring me on 0777123456")
    group = bot.api.group(-100106, "Founders club")
    admin = bot.api.user(ADMIN, "Admin")
    (in_group,) = await say(bot, group, admin, f"/stats{ME}")
    assert "Unrecognised business descriptions: 1" in in_group.text
    assert "vlorp" not in in_group.text and "0777" not in in_group.text

    private = bot.chat(ADMIN, "Admin")
    (stats,) = (await private.send("/stats")).messages
    assert "zzqx vlorp frimbling, ring me on [phone]" in stats.text
    assert "0777" not in stats.text

    await wes.send("/forget")
    (after,) = (await private.send("/stats")).messages
    assert "vlorp" not in after.text
    assert "Unrecognised business descriptions: 0" in after.text
