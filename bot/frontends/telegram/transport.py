"""Bot API requests over aiohttp instead of python-telegram-bot's default httpx.

Why: every Bot API call costs the bot CPU, and with httpx (httpcore + anyio + h11 in pure
Python, a scan of every pooled connection per request) that was about 1.5 ms per call on the
benchmark machine; aiohttp's C HTTP parser and simpler pool do the same call in about 0.2 ms.
A turn makes one to three calls, so this is most of what a turn costs (docs/benchmarks.md,
"Telegram throughput").

The class follows `telegram.request.HTTPXRequest`'s contract (the same timeouts, `TimedOut` for
timeouts and `NetworkError` for everything else that went wrong below HTTP) with one
difference: parameters go as an application/json body, which the Bot API accepts for every
method, rather than form-encoded (percent-encoding an HTML text and a keyboard in pure Python
cost more than the rest of the request); uploads are multipart, as they must be.
"""

from __future__ import annotations

import json
import ssl

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_JSON = {"Content-Type": "application/json"}


def _timeout(value: ODVInput[float], default: float | None) -> float | None:
    """A timeout given for one call, or this request object's default."""
    if isinstance(value, DefaultValue):
        return default
    return value


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one aiohttp session (keep-alive pool of `connection_pool_size`)."""

    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = max(1, connection_pool_size)
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        # made in initialize(): an aiohttp session belongs to the running event loop
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the connection pool (idempotent)."""
        if self._session is None or self._session.closed:
            # certifi's CA bundle, as httpx uses: the same trust whatever the image ships
            tls = ssl.create_default_context(cafile=certifi.where())
            connector = aiohttp.TCPConnector(limit=self._pool_size, keepalive_timeout=30.0, ssl=tls)
            # no cookies: the Bot API sets none, and a jar costs on every response
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                headers={"User-Agent": self.USER_AGENT},
                auto_decompress=True,
            )

    async def shutdown(self) -> None:
        """Close the pool and its connections (idempotent)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _client_timeout(
        self, read: float | None, write: float | None, connect: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        """PTB's four timeouts in aiohttp's terms.

        aiohttp has no write timeout of its own: it bounds the whole call instead (write and
        read together), so a stalled upload still ends.
        """
        parts = (read, write, connect, pool)
        total = None if any(p is None for p in parts) else sum(p or 0.0 for p in parts)
        waiting = None if connect is None or pool is None else connect + pool
        return aiohttp.ClientTimeout(
            total=total, connect=waiting, sock_connect=connect, sock_read=read
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One HTTP request: (status code, body)."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        data: aiohttp.FormData | bytes | None = None
        headers: dict[str, str] | None = None
        if files and request_data:
            form = aiohttp.FormData(request_data.json_parameters, quote_fields=False)
            for name, (filename, content, mimetype) in files.items():
                form.add_field(name, content, filename=filename, content_type=mimetype)
            data = form
        elif request_data:
            data = json.dumps(request_data.parameters, ensure_ascii=False).encode()
            headers = _JSON
        timeout = self._client_timeout(
            _timeout(read_timeout, self._read_timeout),
            _timeout(write_timeout, self._media_write_timeout if files else self._write_timeout),
            _timeout(connect_timeout, self._connect_timeout),
            _timeout(pool_timeout, self._pool_timeout),
        )
        try:
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout
            ) as res:
                return res.status, await res.read()
        except TimeoutError as exc:  # aiohttp.ServerTimeoutError included
            raise TimedOut from exc
        except (aiohttp.ClientError, OSError) as exc:
            # the URL carries the token: never put it in a message that may be logged
            text = str(exc).replace(url, "<api url>")
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {text}") from exc
