"""Container health check: GET /healthz on the webhook server; exit 0 when it answers 200.

In long-polling mode (ADVISOR_WEBHOOK_URL unset) there is no HTTP server to ask, so the check
passes and only the process being alive counts (Docker restarts a process that exits).
Standard library only: it runs in the slim image without curl.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def health_url(listen: str) -> str:
    """The /healthz URL for an ADVISOR_WEBHOOK_LISTEN value (wildcard hosts -> loopback)."""
    host, _, port = listen.strip().rpartition(":")
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - comparing, not binding
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/healthz"


def main() -> int:
    if not os.environ.get("ADVISOR_WEBHOOK_URL", "").strip():
        return 0
    url = health_url(os.environ.get("ADVISOR_WEBHOOK_LISTEN") or "127.0.0.1:8080")
    try:
        with urllib.request.urlopen(url, timeout=4) as response:  # noqa: S310 - fixed http URL
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (OSError, ValueError) as exc:
        print(f"unhealthy: {url}: {exc}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"unhealthy: {url} answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
