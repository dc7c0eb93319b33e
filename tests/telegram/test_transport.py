"""The aiohttp request class against the real Bot API test server (and a closed port)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.frontends.telegram.transport import AiohttpRequest
from tests.botapi.server import BotApiServer

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40  # binary, every byte value


async def test_json_fields_keyboards_and_uploads_arrive_intact(botapi: BotApiServer) -> None:
    botapi.private_chat(botapi.user(7))
    async with Bot(
        botapi.token, base_url=botapi.base_url, request=AiohttpRequest(connection_pool_size=4)
    ) as bot:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton("Ja & nein <ü>", callback_data="1|s|x")]]
        )
        sent = await bot.send_message(
            7, "<b>Grüße</b> & 😀 + = ?", parse_mode="HTML", reply_markup=markup
        )
        assert sent.text == "Grüße & 😀 + = ?"
        assert sent.reply_markup == markup
        photo = await bot.send_photo(7, PNG, caption="chart")
        assert photo.photo and photo.caption == "chart"
        document = await bot.send_document(7, PNG, filename="plan-ü.pdf", caption="plan")
        assert document.document and document.document.file_name == "plan-ü.pdf"
        with pytest.raises(BadRequest):  # an API error is an answer, not a network failure
            await bot.send_message(7, "")
    assert botapi.sent[1].photo == PNG
    assert botapi.sent[2].document == PNG and botapi.sent[2].file_name == "plan-ü.pdf"


async def test_timeouts_and_lifecycle(botapi: BotApiServer) -> None:
    request = AiohttpRequest(read_timeout=0.2)
    assert request.read_timeout == 0.2
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(botapi.base_url + botapi.token + "/getMe", "POST")
    async with Bot(botapi.token, base_url=botapi.base_url, request=request) as bot:
        botapi.fail_next("getMe", "delay", delay=0.6)
        with pytest.raises(TimedOut):
            await bot.get_me()
        await request.shutdown()
        await request.shutdown()  # twice is harmless
        await request.initialize()
        assert (await bot.get_me()).is_bot
    await asyncio.sleep(0.5)  # let the delayed handler finish before the server stops


async def test_connection_errors_never_carry_the_token() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "123456:SECRET-token-abcdefghijklmnopqrstuvwxyz"
    request = AiohttpRequest(connect_timeout=1.0)
    await request.initialize()
    try:
        for url in (
            f"http://127.0.0.1:{port}/bot{token}/getMe",  # refused
            f"http://127.0.0.1:{port}x/bot{token}/getMe",
        ):  # malformed: aiohttp quotes it
            with pytest.raises(NetworkError) as caught:
                await request.do_request(url, "POST")
            assert "SECRET" not in str(caught.value), caught.value
    finally:
        await request.shutdown()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
async def test_tls_certificates_are_verified(tmp_path: Path) -> None:
    """A server with a certificate no CA signed is refused, never talked to."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    reached: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        reached.append(await reader.read(100))
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    request = AiohttpRequest(connect_timeout=2.0)
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match=r"(?i)certificate"):
            await request.do_request(f"https://127.0.0.1:{port}/bot1:x/getMe", "POST")
    finally:
        await request.shutdown()
        server.close()
        await server.wait_closed()
    assert not any(reached), "no request bytes went to the unverified server"
