"""Exposition text reduced to what Prometheus stores, so two exporters can be compared."""

from __future__ import annotations

import re


def series(text: str) -> tuple[list[str], dict[str, float]]:
    """The HELP/TYPE lines in order, and every sample as 'name{sorted labels}' -> value.

    `le` bounds are compared as numbers: the text format allows `1` and `1.0` alike.
    """
    headers: list[str] = []
    samples: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("#"):
            headers.append(line)
            continue
        m = re.fullmatch(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)", line)
        assert m, line
        labels = re.findall(r'([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"', m[2] or "")
        labels = [(k, repr(float(v.replace("+Inf", "inf"))) if k == "le" else v) for k, v in labels]
        key = m[1] + "{" + ",".join(f"{k}={v}" for k, v in sorted(labels)) + "}"
        assert key not in samples, f"series {key} twice"
        samples[key] = float(m[3])
    return headers, samples
