"""The built wheel carries its data: installed in a scratch venv, it works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ADVISOR_", "PYTHON", "VIRTUAL_ENV"))
    }
    return subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_installed_wheel_classifies_from_another_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # offline: the build backend is installed with the test extras
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        dist,
        ROOT,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("advisor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/dialogues/messages.yaml" in names and "bot/knowledge/dimensions.yaml" in names
    assert any(n.startswith("bot/knowledge/industries/") for n in names)

    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    installed = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        venv / "bin" / "python",
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    # The dependencies come from the test venv (a .pth line, which does not run that venv's
    # own .pth files, so its editable `bot` stays out of sight); the code and data come from
    # the wheel alone.
    site = Path(
        _run(
            venv / "bin" / "python",
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
            cwd=tmp_path,
        ).stdout.strip()
    )
    (site / "_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(venv / "bin" / "python", "-c", "import bot; print(bot.__file__)", cwd=elsewhere)
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr
    out = _run(venv / "bin" / "advisor", "classify", "we", "run", "a", "law", "firm", cwd=elsewhere)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "client-based"
    checked = _run(venv / "bin" / "advisor", "validate", cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{site / 'bot' / 'knowledge'}" in checked.stdout
