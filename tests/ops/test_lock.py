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


def wanted(extra: str | None) -> list[Requirement]:
    """The requirements pyproject.toml lists: the runtime set, or one extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", [None]), ("requirements-dev.lock", [None, "test"])]
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


def test_the_runtime_lock_is_the_dev_lock_without_the_test_tools() -> None:
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert runtime, "requirements.lock pins nothing"
    differing = {n: (v, dev.get(n)) for n, v in runtime.items() if dev.get(n) != v}
    assert not differing, f"the image and the tests would run different versions: {differing}"


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
