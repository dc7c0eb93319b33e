"""A disk cache of the loaded, validated and indexed knowledge base, for one-shot commands.

`advisor classify "…"` spends most of its start-up parsing YAML, linting and indexing; the
result depends only on the knowledge files and on the code, so it is pickled once and reused.
Sound because the cache key is a hash of everything the result depends on: the bytes of every
file under the knowledge folder, that folder's path, every module of the `bot` package, and
the Python version. Any edit gives a new key. A cache that cannot be read, written or unpickled is
ignored and the knowledge base is loaded as usual; errors in the files are never cached (a
knowledge base that fails validation is not stored).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.kb.brain import KnowledgeBrain

log = logging.getLogger(__name__)

CODE = Path(__file__).resolve().parent.parent  # the bot package
PREFIX = "kb-"
KEEP = 4  # cached knowledge bases kept per cache folder


def cache_dir() -> Path | None:
    """Where cached knowledge bases go: $XDG_CACHE_HOME/advisor or ~/.cache/advisor."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.environ.get("HOME")
        if not home:
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "advisor"


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file())


def cache_key(knowledge_dir: Path) -> str:
    """A hash of the knowledge files' bytes, the package's code and the Python version."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    digest.update(str(knowledge_dir.resolve()).encode() + b"\0")
    for root, pattern in ((knowledge_dir, "*"), (CODE, "*.py")):
        for path in _files(root, pattern):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def _read(path: Path) -> KnowledgeBrain | None:
    from bot.kb.brain import KnowledgeBrain

    try:
        data = path.read_bytes()
    except OSError:
        return None
    # Unpickling makes ~100k objects that all live on: the cyclic GC would walk them in vain.
    gc.disable()
    try:
        brain = pickle.loads(data)  # noqa: S301 - our own file, keyed by content hash
    except Exception:  # a truncated or foreign file: load as usual and replace it
        log.debug("unreadable knowledge cache %s", path, exc_info=True)
        return None
    finally:
        gc.enable()
    return brain if isinstance(brain, KnowledgeBrain) else None


def _write(folder: Path, name: str, brain: KnowledgeBrain) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(brain, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / name)  # readers see the whole file or none of it
        # keep the newest few (several checkouts may share one home), drop the rest
        olds = sorted(folder.glob(PREFIX + "*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in olds[:-KEEP]:
            old.unlink(missing_ok=True)
    except Exception:  # read-only home, full disk, an object that cannot be pickled…
        log.debug("knowledge cache not written in %s", folder, exc_info=True)


def load_brain(knowledge_dir: Path, *, cache: bool = True) -> KnowledgeBrain:
    """The knowledge base of `knowledge_dir`, from the cache when nothing changed."""
    from bot.kb.brain import KnowledgeBrain

    folder = cache_dir()
    if folder is None or not cache:
        return KnowledgeBrain.load(knowledge_dir)
    try:
        name = f"{PREFIX}{cache_key(knowledge_dir)}.pickle"
    except OSError:  # a missing folder or unreadable file: let the loader say precisely what
        return KnowledgeBrain.load(knowledge_dir)
    cached = _read(folder / name)
    if cached is not None:
        return cached
    brain = KnowledgeBrain.load(knowledge_dir)  # raises DataErrors: nothing is cached
    _write(folder, name, brain)
    return brain
