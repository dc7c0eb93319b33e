"""Writing rendered files (charts, plans) to a folder under names made from their content."""

from __future__ import annotations

import hashlib
from pathlib import Path


def save_once(data: bytes, folder: Path | str, stem: str, suffix: str, digits: int) -> Path:
    """Write `data` to `folder/<stem>-<hash>.<suffix>` unless it is there already; atomic."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{stem}-{hashlib.sha256(data).hexdigest()[:digits]}.{suffix}"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a reader never sees half a file
    return path
