"""The knowledge-base cache of one-shot commands: used when nothing changed, never stale."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_advisor

from .conftest import FIXTURE_KB


def classify(text: str, cache_home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_advisor("classify", "--json", text, env={"XDG_CACHE_HOME": str(cache_home), **env})


def cached(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "advisor").glob("kb-*.pickle"))


def test_a_warm_cache_gives_the_same_answers(tmp_path: Path) -> None:
    texts = ["we run a law firm", "barbreshop", "IT support for dental practices, monthly"]
    fresh = [classify(t, tmp_path, ADVISOR_KB_CACHE="0") for t in texts]
    assert not cached(tmp_path)  # 0 turns it off
    first = [classify(t, tmp_path) for t in texts]
    assert len(cached(tmp_path)) == 1
    again = [classify(t, tmp_path) for t in texts]
    for a, b, c in zip(fresh, first, again, strict=True):
        assert a.returncode == b.returncode == c.returncode == 0, a.stderr + b.stderr + c.stderr
        assert json.loads(a.stdout) == json.loads(b.stdout) == json.loads(c.stdout)


def test_an_edited_knowledge_file_is_read_not_the_cache(tmp_path: Path) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    home = tmp_path / "cache"
    before = classify("bakery", home, ADVISOR_KNOWLEDGE=str(kb))
    assert before.returncode == 0, before.stderr
    assert json.loads(before.stdout)["industry"] == "Bakery"
    path = kb / "industries" / "retail.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "aliases: [bakers, bread shop]", "aliases: [bakers, bread shop, loaf lab]"
        ),
        encoding="utf-8",
    )
    after = classify("loaf lab", home, ADVISOR_KNOWLEDGE=str(kb))
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout)["industry"] == "Bakery"
    # a broken file is reported, even though a good version of the folder is cached
    path.write_text(path.read_text(encoding="utf-8") + "\n  - {oops\n", encoding="utf-8")
    broken = classify("bakery", home, ADVISOR_KNOWLEDGE=str(kb))
    assert broken.returncode == 1 and "retail.yaml" in broken.stderr
    assert "Traceback" not in broken.stderr


@pytest.mark.parametrize("damage", ["garbage", "unwritable"])
def test_a_damaged_or_unwritable_cache_is_ignored(tmp_path: Path, damage: str) -> None:
    home = tmp_path / "cache"
    assert classify("law firm", home).returncode == 0
    (path,) = cached(home)
    if damage == "garbage":
        path.write_bytes(b"not a pickle")
    else:
        path.unlink()
        (home / "advisor").chmod(0o500)
    try:
        out = classify("law firm", home)
    finally:
        (home / "advisor").chmod(0o700)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["label"] == "client"
    assert "Traceback" not in out.stderr
