"""Logging set-up: JSON lines, text lines, secret redaction, quiet httpx."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from bot.ops.logs import REDACTED, setup_logging

TOKEN = "123456789:AAFakeTokenForTests_abcdefghijklmnop"
SECRET = "webhook-secret-Zx9"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    noisy = {n: logging.getLogger(n).level for n in ("httpx", "httpcore")}
    yield
    for h in list(root.handlers):
        if h not in handlers:
            root.removeHandler(h)
            h.close()
    root.setLevel(level)
    for name, lvl in noisy.items():
        logging.getLogger(name).setLevel(lvl)


def _json_lines(stream: io.StringIO) -> list[dict[str, str]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_lines_have_the_documented_fields() -> None:
    out = io.StringIO()
    setup_logging("json", "INFO", stream=out)
    log = logging.getLogger("advisor.test")
    log.info("turn %s at %s", 3, "q1")
    log.debug("not shown at INFO")
    log.warning('quotes " and\nnewlines survive')
    lines = _json_lines(out)
    assert len(lines) == 2
    first = lines[0]
    assert set(first) == {"ts", "level", "logger", "message"}
    assert first["level"] == "INFO"
    assert first["logger"] == "advisor.test"
    assert first["message"] == "turn 3 at q1"
    assert first["ts"].endswith("Z") and first["ts"][10] == "T"
    assert lines[1]["message"] == 'quotes " and\nnewlines survive'


def test_exceptions_go_into_one_json_line() -> None:
    out = io.StringIO()
    setup_logging("json", stream=out)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("x").exception("failed at %s", "step")
    (line,) = _json_lines(out)
    assert line["message"] == "failed at step"
    assert "Traceback" in line["exc"] and "RuntimeError: boom" in line["exc"]


def test_text_format_is_one_readable_line() -> None:
    out = io.StringIO()
    setup_logging("text", "DEBUG", stream=out)
    logging.getLogger("advisor.x").debug("hello %d", 5)
    text = out.getvalue()
    assert text.endswith(" DEBUG   advisor.x: hello 5\n")
    assert text[:4].isdigit() and "Z " in text


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secrets_are_redacted_from_message_args_and_exceptions(fmt: str) -> None:
    out = io.StringIO()
    setup_logging(fmt, "INFO", secrets=[TOKEN, SECRET, ""], stream=out)
    log = logging.getLogger("advisor.secret")
    log.info("calling https://api.telegram.org/bot%s/getMe", TOKEN)
    log.info(f"inline {TOKEN} and {SECRET}")  # an f-string: exactly what the filter guards against
    log.info("encoded %s", TOKEN.replace(":", "%3A"))
    try:
        raise ValueError(f"bad url /bot{TOKEN}/sendMessage")
    except ValueError:
        log.exception("request failed")
    try:
        raise ValueError(f"again {TOKEN}")
    except ValueError:
        log.error("with exc_info", exc_info=True)
    text = out.getvalue()
    assert TOKEN not in text
    assert SECRET not in text
    assert TOKEN.split(":")[1] not in text
    assert text.count(REDACTED) >= 6
    assert "ValueError: bad url /bot[REDACTED]/sendMessage" in text.replace("\\n", "\n")


def test_second_setup_replaces_only_its_own_handler() -> None:
    out1, out2 = io.StringIO(), io.StringIO()
    foreign = logging.StreamHandler(io.StringIO())
    logging.getLogger().addHandler(foreign)
    setup_logging("text", stream=out1)
    setup_logging("json", stream=out2)
    logging.getLogger("a").warning("once")
    assert out1.getvalue() == ""
    assert len(_json_lines(out2)) == 1
    assert foreign in logging.getLogger().handlers


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        setup_logging("xml")
    with pytest.raises(ValueError):
        setup_logging("text", "LOUD")


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.slow
def test_httpx_request_urls_are_not_logged_at_info() -> None:
    out = io.StringIO()
    setup_logging("text", "INFO", stream=out)
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() == logging.WARNING
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/bot{TOKEN}/getMe"
        with httpx.Client() as client:
            assert client.get(url).status_code == 200
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert "getMe" not in out.getvalue()
    assert TOKEN not in out.getvalue()


def test_debug_level_still_keeps_httpx_at_warning() -> None:
    setup_logging("text", "DEBUG", stream=io.StringIO())
    assert logging.getLogger("httpx").level == logging.WARNING
    setup_logging("text", "ERROR", stream=io.StringIO())
    assert logging.getLogger("httpx").level == logging.ERROR
