"""`advisor run` as a real process: start-up checks, kill-and-restart, SIGTERM, no token in logs."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.botapi.server import BotApiServer, Sent

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
USER = 601
# well-formed (digits, colon, 35 characters) but known to no Bot API
FAKE_TOKEN = "1234:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr"


def base_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: nothing from the developer's shell or .env leaks in."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "ADVISOR_STORE": f"sqlite:///{tmp_path}/advisor.db",
    }
    env.update(extra)
    return env


def run_sync(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", *args],
        cwd=tmp_path,
        env=base_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_a_token_one_line_points_at_the_console(tmp_path: Path) -> None:
    done = run_sync(tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "make console" in lines[0] and "TELEGRAM_BOT_TOKEN" in lines[0]
    assert done.stdout == ""


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    dialogues = tmp_path / "dialogues"
    shutil.copytree(ROOT / "dialogues", dialogues)
    main = dialogues / "main.yaml"
    lines = main.read_text().splitlines()
    lines.insert(8, "    prompt: [unclosed")
    main.write_text("\n".join(lines) + "\n")
    done = run_sync(tmp_path, TELEGRAM_BOT_TOKEN=FAKE_TOKEN, ADVISOR_DIALOGUES=str(dialogues))
    assert done.returncode == 1
    assert f"{main}:" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_unusable_store_is_refused(tmp_path: Path) -> None:
    for url in ("sqlite:////proc/no/such/dir/advisor.db", "redis://127.0.0.1:1/0", "postgres://x"):
        done = run_sync(tmp_path, TELEGRAM_BOT_TOKEN=FAKE_TOKEN, ADVISOR_STORE=url)
        assert done.returncode == 1, (url, done.stderr)
        assert "store" in done.stderr.lower() and "Traceback" not in done.stderr, done.stderr


def closed_port_url() -> str:
    """A Bot API URL where nothing listens (connection refused at once)."""
    return f"http://127.0.0.1:{free_port()}/bot"


def test_check_mode_says_when_the_token_could_not_be_checked(tmp_path: Path) -> None:
    done = run_sync(
        tmp_path, "--check", TELEGRAM_BOT_TOKEN=FAKE_TOKEN, TELEGRAM_API_BASE_URL=closed_port_url()
    )
    assert done.returncode == 0, done.stderr
    assert "token was not checked" in done.stdout
    assert "Unclosed" not in done.stderr and "Traceback" not in done.stderr


def test_a_malformed_token_is_refused_before_any_network_call(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.0)
        port = listener.getsockname()[1]
        for token in ("not-a-token", "123456", "123:short", f"x{FAKE_TOKEN}"):
            done = run_sync(
                tmp_path,
                TELEGRAM_BOT_TOKEN=token,
                TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot",
            )
            assert done.returncode == 2, (token, done.stderr)
            lines = done.stderr.strip().splitlines()
            assert len(lines) == 1 and "not a bot token" in lines[0], done.stderr
            assert token not in done.stderr
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody ever connected


async def run_async(tmp_path: Path, *args: str, **env: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        *args,
        cwd=tmp_path,
        env=base_env(tmp_path, **env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_a_rejected_token_ends_at_once(botapi: BotApiServer, tmp_path: Path) -> None:
    """Telegram answers 401/404 to getMe: one clear line, exit 1, no retries."""
    code, _, err = await run_async(
        tmp_path, TELEGRAM_BOT_TOKEN=FAKE_TOKEN, TELEGRAM_API_BASE_URL=botapi.base_url
    )
    assert code == 1, err
    assert "the token was rejected by Telegram" in err
    assert botapi.received.count("getMe") == 1
    assert "WARNING" not in err and "Unclosed" not in err and "Traceback" not in err
    code, out, err = await run_async(
        tmp_path, "--check", TELEGRAM_BOT_TOKEN=FAKE_TOKEN, TELEGRAM_API_BASE_URL=botapi.base_url
    )
    assert code == 1 and "the token was rejected by Telegram" in err
    code, out, err = await run_async(
        tmp_path, "--check", TELEGRAM_BOT_TOKEN=botapi.token, TELEGRAM_API_BASE_URL=botapi.base_url
    )
    assert code == 0 and "token are fine" in out and "@advisor_test_bot" in out, (out, err)


@pytest.mark.slow
async def test_an_unreachable_bot_api_is_retried_a_bounded_number_of_times(tmp_path: Path) -> None:
    code, _, err = await run_async(
        tmp_path, TELEGRAM_BOT_TOKEN=FAKE_TOKEN, TELEGRAM_API_BASE_URL=closed_port_url()
    )
    assert code == 1, err
    lines = err.strip().splitlines()
    warnings = [line for line in lines if "WARNING" in line]
    assert len(warnings) == 4 and all("attempt" in w for w in warnings), err
    final = [line for line in lines if line.startswith("advisor run:")]
    assert len(final) == 1 and "after 5 attempts" in final[0] and "not starting" in final[0]
    assert "Unclosed" not in err and "Traceback" not in err


async def test_ctrl_c_while_connecting_ends_the_process_at_once(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=base_env(
            tmp_path, TELEGRAM_BOT_TOKEN=FAKE_TOKEN, TELEGRAM_API_BASE_URL=closed_port_url()
        ),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None
    first = await asyncio.wait_for(proc.stderr.readline(), 30)
    assert b"cannot reach the Bot API" in first, first  # waiting before its second attempt
    proc.send_signal(signal.SIGINT)
    # far less than the 2 s until its next attempt (and the 15 s of all of them)
    rest = await asyncio.wait_for(proc.stderr.read(), 1.5)
    assert await asyncio.wait_for(proc.wait(), 1.0) == 0
    assert b"stopped before connecting" in rest
    assert b"Unclosed" not in rest and b"Traceback" not in rest


class Process:
    """A running `advisor run`, its stderr collected."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.stderr = b""

    async def finish(self, timeout: float = 20) -> int:
        assert self.proc.stderr is not None
        self.stderr += await asyncio.wait_for(self.proc.stderr.read(), timeout)
        return await asyncio.wait_for(self.proc.wait(), timeout)


@asynccontextmanager
async def advisor_run(api: BotApiServer, tmp_path: Path, **extra: str) -> AsyncIterator[Process]:
    polls = api.received.count("getUpdates")
    hooks = len(api.calls_of("setWebhook"))
    env = base_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        ADVISOR_LOG_LEVEL="DEBUG",
        **extra,
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    process = Process(proc)
    try:
        # ready once it polls (a getUpdates with a long timeout) or has set its webhook
        await api.wait_for(
            lambda: (
                api.received.count("getUpdates") > polls or len(api.calls_of("setWebhook")) > hooks
            ),
            30,
            "the bot to start",
        )
        yield process
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def wait_text(api: BotApiServer, needle: str, after: int) -> Sent:
    def found() -> Sent | None:
        return next((s for s in api.sent[after:] if needle in s.text), None)

    result: Sent = await api.wait_for(found, 15, f"a message with {needle!r}")
    return result


async def test_kill_restart_sigterm_and_no_token_in_logs(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    api = botapi
    user = api.user(USER, "Kim")
    chat = api.private_chat(user)
    async with advisor_run(api, tmp_path) as first:
        api.inject_message(chat, user, "/start")
        await wait_text(api, "What does your business do", 0)
        api.inject_message(chat, user, "we are a law firm")
        question = await wait_text(api, "Question 2", 0)
        assert question.buttons
        first.proc.kill()  # SIGKILL: no clean-up at all
        assert await first.finish() == -signal.SIGKILL
    async with advisor_run(api, tmp_path) as second:
        seen = len(api.sent)
        # the button shown before the crash still answers question 2
        api.press(question, question.labels[0], user)
        await wait_text(api, "Question 3", seen)
        # SIGTERM with a turn in flight: the reply still goes out, then a clean exit
        api.fail_next("sendMessage", "delay", delay=1.0)
        seen = len(api.sent)
        update_id = api.inject_message(chat, user, "/help")
        await api.wait_delivered(update_id, 10)
        second.proc.send_signal(signal.SIGTERM)
        assert await second.finish() == 0
        assert any("/back" in s.text for s in api.sent[seen:]), "the in-flight turn finished"
    logs = (first.stderr + second.stderr).decode()
    assert "DEBUG" in logs, "the run was logged at DEBUG"
    assert api.token not in logs and api.token.split(":")[1] not in logs
    assert "Traceback" not in logs


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_webhook_mode(botapi: BotApiServer, tmp_path: Path) -> None:
    api = botapi
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    user = api.user(USER + 1, "Web")
    chat = api.private_chat(user)
    async with advisor_run(
        api,
        tmp_path,
        ADVISOR_WEBHOOK_URL=url,
        ADVISOR_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        ADVISOR_WEBHOOK_SECRET="hook-secret_1",
    ) as proc:
        (call,) = api.calls_of("setWebhook")
        assert call.params["url"] == url and call.params["secret_token"] == "hook-secret_1"
        assert "callback_query" in call.params["allowed_updates"]
        assert api.webhook["url"] == url
        api.inject_message(chat, user, "/start")
        await wait_text(api, "What does your business do", 0)
        assert not api.calls_of("getUpdates"), "no polling in webhook mode"
        proc.proc.send_signal(signal.SIGTERM)
        assert await proc.finish() == 0
    logs = proc.stderr.decode()
    assert "hook-secret_1" not in logs and api.token not in logs
