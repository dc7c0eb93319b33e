"""The Bot API test server is strict in the ways Telegram is (checked with PTB's real Bot)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter

from tests.botapi.server import BotApiServer
from tests.botapi.tghtml import EntityParseError, parse_html

pytestmark = pytest.mark.e2e


@pytest_asyncio.fixture
async def bot(botapi: BotApiServer) -> AsyncIterator[Bot]:
    async with Bot(botapi.token, base_url=botapi.base_url) as b:
        yield b


def test_html_parser_entities_and_errors() -> None:
    text, entities = parse_html("<b>bold</b> &amp; <i>it &lt;3</i> 😀<u>x</u>")
    assert text == "bold & it <3 😀x"
    assert [e["type"] for e in entities] == ["bold", "italic", "underline"]
    # emoji counts as two UTF-16 units, like Telegram's offsets
    assert entities[2]["offset"] == len("bold & it <3 ") + 2
    for broken in ("<b>unclosed", "<foo>x</foo>", "a < b", "<b><i>x</b></i>", "x</b>"):
        with pytest.raises(EntityParseError):
            parse_html(broken)


async def test_getme_and_wrong_token(botapi: BotApiServer, bot: Bot) -> None:
    assert bot.username == "advisor_test_bot"
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=botapi.base_url) as wrong:
            await wrong.get_me()


async def test_send_rules(botapi: BotApiServer, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(42, "hi")
    botapi.private_chat(botapi.user(42))
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(42, "<b>oops", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)too long"):
        await bot.send_message(42, "x" * 4097)
    # 4096 characters after entity parsing is fine even if the HTML is longer
    await bot.send_message(42, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(
            42,
            "k",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("b", callback_data="x" * 65)]]
            ),
        )
    msg = await bot.send_message(
        42,
        "<i>hey</i>",
        parse_mode="HTML",
        reply_markup=(InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="1|s|o")]])),
    )
    assert botapi.sent[-1].text == "hey" and botapi.sent[-1].labels == ["b"]
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text(
            "<i>hey</i>", 42, msg.message_id, parse_mode="HTML", reply_markup=msg.reply_markup
        )
    await bot.edit_message_reply_markup(42, msg.message_id, reply_markup=None)
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_reply_markup(42, msg.message_id, reply_markup=None)
    botapi.block(42)
    with pytest.raises(Forbidden):
        await bot.send_message(42, "still there?")


async def test_updates_callbacks_and_faults(botapi: BotApiServer, bot: Bot) -> None:
    uid = botapi.inject_message(7, 7, "/start hello")
    updates = await bot.get_updates(timeout=1)
    assert [u.update_id for u in updates] == [uid]
    assert updates[0].message.text == "/start hello"
    assert updates[0].message.entities[0].type == "bot_command"
    await bot.get_updates(offset=uid + 1, timeout=0)
    assert botapi.confirmed_offset == uid + 1
    sent = await bot.send_message(
        7,
        "q",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="1|q|yes")]]),
    )
    botapi.press(botapi.sent[-1], "yes", 7)
    (update,) = await bot.get_updates(offset=uid + 1, timeout=1)
    assert update.callback_query.data == "1|q|yes"
    assert update.callback_query.message.message_id == sent.message_id
    await update.callback_query.answer()
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await update.callback_query.answer()
    botapi.fail_next("sendMessage", "429", retry_after=3)
    with pytest.raises(RetryAfter):
        await bot.send_message(7, "x")
    botapi.fail_next("sendMessage", "502")
    with pytest.raises(NetworkError):
        await bot.send_message(7, "x")
    await bot.send_message(7, "fine again")


async def test_allowed_updates_and_webhook_conflict(botapi: BotApiServer, bot: Bot) -> None:
    botapi.inject_inline_query(5, "law firm")
    uid = botapi.inject_message(5, 5, "hi")
    updates = await bot.get_updates(timeout=1, allowed_updates=["message"])
    assert [u.update_id for u in updates] == [uid]
    assert len(botapi.dropped_updates) == 1
    await bot.set_webhook("http://127.0.0.1:1/telegram", secret_token="s3cret")
    with pytest.raises(Conflict):
        await bot.get_updates()
    await bot.delete_webhook()


async def test_raw_http_form_and_json(botapi: BotApiServer) -> None:
    async with httpx.AsyncClient() as client:
        r = await client.post(f"{botapi.base_url}{botapi.token}/getMe")
        assert r.json()["result"]["username"] == "advisor_test_bot"
        r = await client.post(f"{botapi.base_url}{botapi.token}/noSuchMethod")
        assert r.status_code == 404
        botapi.private_chat(botapi.user(3))
        r = await client.post(
            f"{botapi.base_url}{botapi.token}/sendMessage",
            json={"chat_id": 3, "text": "<b>x</b>", "parse_mode": "HTML"},
        )
        assert r.json()["result"]["entities"][0]["type"] == "bold"


async def test_send_document_rules(botapi: BotApiServer, bot: Bot) -> None:
    botapi.private_chat(botapi.user(44))
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 8
    msg = await bot.send_document(
        44,
        pdf,
        filename="plan.pdf",
        caption="<b>Your</b> plan",
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="1|s|o")]]),
    )
    assert msg.document is not None and msg.document.file_name == "plan.pdf"
    assert msg.document.file_size == len(pdf) and msg.caption == "Your plan"
    sent = botapi.sent[-1]
    assert sent.document == pdf and sent.file_name == "plan.pdf" and sent.labels == ["b"]
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_document(44, pdf, filename="plan.pdf", caption="x" * 1025)
    # 1024 characters after entity parsing is fine even if the HTML is longer
    await bot.send_document(
        44, pdf, filename="plan.pdf", caption="<b>" + "&amp;" * 1024 + "</b>", parse_mode="HTML"
    )
    with pytest.raises(BadRequest, match=r"(?i)non-empty"):
        await bot.send_document(44, b"", filename="plan.pdf")
    with pytest.raises(BadRequest, match=r"(?i)remote file identifier"):
        await bot.send_document(44, "some-file-id-this-server-never-saw")


async def test_raw_http_document_needs_a_file_name(botapi: BotApiServer) -> None:
    botapi.private_chat(botapi.user(45))
    async with httpx.AsyncClient() as client:
        url = f"{botapi.base_url}{botapi.token}/sendDocument"
        # a part without a file name is a plain field: a file id nobody uploaded
        r = await client.post(
            url, data={"chat_id": "45"}, files={"document": ("", b"%PDF-1.4", "application/pdf")}
        )
        assert r.status_code == 400 and "file identifier" in r.json()["description"]
        r = await client.post(
            url,
            data={"chat_id": "45"},
            files={"document": ("x" * 256 + ".pdf", b"%PDF", "application/pdf")},
        )
        assert r.status_code == 400 and "file name" in r.json()["description"]
        r = await client.post(url, data={"chat_id": "45"})
        assert r.status_code == 400 and "no document" in r.json()["description"]
