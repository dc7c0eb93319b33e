"""`make setup` (what `make console` and `make test` run first): one line per phase, no warnings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_setup_shows_one_line_per_phase_and_no_editable_warning(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # Offline: the scratch venv sees this venv's packages through a .pth line (which does not
    # run this venv's own .pth files), so pip finds every requirement installed and the
    # editable install is built by the real backend without a download.
    made = subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    site = venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    (site / "_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "VIRTUAL_ENV"))}
    out = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "setup",
            f"VENV={venv}",
            f"PYTHON={sys.executable}",
            "PIP_FLAGS=--no-index --no-build-isolation",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    output = out.stdout + out.stderr
    assert out.returncode == 0, output
    lines = output.splitlines()
    assert lines == [
        f"setup 1/3: creating {venv} with {sys.executable}",
        "setup 2/3: updating pip",
        "setup 3/3: installing the advisor and its test tools (a minute or two the first time)",
        f"setup done: {venv} is ready",
    ], output
    assert "be careful" not in output and "Editable installation" not in output
    # the editable install reads the repository in place
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import bot.config as c; print(c.data_dir('knowledge'))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert where.stdout.strip() == str(ROOT / "knowledge"), where.stderr
