"""The lock files pin what pyproject.toml asks for, with hashes, and this venv is what they pin."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(name: str) -> dict[str, str]:
    """Package (canonical name) -> pinned version, from one lock file; every pin has a hash."""
    text = (ROOT / name).read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for block in re.split(r"\n(?=\S)", text):
        match = PIN.match(block)
        if match is None:
            continue
        assert "--hash=sha256:" in block, f"{name}: {match.group(1)} is pinned without a hash"
        found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def wanted(part: str | None) -> list[Requirement]:
    """What pyproject.toml asks for: the runtime set, one extra, or "build" (the backend)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    if part == "build":
        lines = pyproject["build-system"]["requires"]
    else:
        lines = project["dependencies"] if part is None else project["optional-dependencies"][part]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [
        ("requirements.lock", [None]),
        ("requirements-dev.lock", [None, "test"]),
        ("requirements-build.lock", ["build"]),
    ],
)
def test_every_requirement_is_pinned_within_its_range(lock: str, extras: list[str | None]) -> None:
    pinned = pins(lock)
    for extra in extras:
        for req in wanted(extra):
            name = canonicalize_name(req.name)
            assert name in pinned, (
                f"pyproject.toml needs {req} but {lock} does not pin it: run `make lock`"
            )
            assert req.specifier.contains(pinned[name], prereleases=True), (
                f"{lock} pins {name}=={pinned[name]}, outside {req}: run `make lock`"
            )


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-build.lock"])
def test_the_image_locks_pin_what_the_dev_lock_pins(lock: str) -> None:
    pinned, dev = pins(lock), pins("requirements-dev.lock")
    assert pinned, f"{lock} pins nothing"
    differing = {n: (v, dev.get(n)) for n, v in pinned.items() if dev.get(n) != v}
    assert not differing, f"the image and the tests would use different versions: {differing}"


def test_this_venv_has_exactly_the_locked_versions() -> None:
    # `make setup` installs the dev lock; a venv set up before a re-lock shows here
    installed: dict[str, str] = {
        canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()
    }
    wrong = {
        n: (v, installed.get(n))
        for n, v in pins("requirements-dev.lock").items()
        if installed.get(n) != v
    }
    assert not wrong, f"locked vs installed: {wrong}; run `make setup` (or `make clean setup`)"
