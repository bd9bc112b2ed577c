"""Installs are reproducible: every Python package is pinned with its hashes, and the lock
files agree with pyproject.toml (a dependency added without `make lock` fails here)."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from marketplace.config import PROJECT_ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;\\]+)")


def pins(lock_file: str) -> dict[str, str]:
    """name -> version of every package a lock file pins."""
    found = {}
    for line in (PROJECT_ROOT / lock_file).read_text().splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(3)
    return found


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"]
    if extra:
        names = names + project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(
    ("lock_file", "extra"), [("requirements.txt", None), ("requirements-test.txt", "test")]
)
def test_every_declared_dependency_is_pinned_within_its_range(lock_file, extra):
    pinned = pins(lock_file)
    for requirement in declared(extra):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is missing from {lock_file}: run make lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock_file} pins {name}=={pinned[name]}, outside {requirement.specifier}"
        )


@pytest.mark.parametrize("lock_file", ["requirements.txt", "requirements-test.txt"])
def test_every_pinned_package_carries_a_hash(lock_file):
    text = (PROJECT_ROOT / lock_file).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert len(entries) > 20
    for entry in entries:
        assert "--hash=sha256:" in entry, f"no hash for {entry.splitlines()[0]}"


def test_production_lock_holds_no_test_tools():
    assert "pytest" not in pins("requirements.txt")
    assert "playwright" not in pins("requirements.txt")


def test_make_the_dockerfile_and_ci_install_from_the_lock_files():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements-test.txt" in makefile
    assert "--require-hashes -r requirements.txt" in dockerfile
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()
