"""A fresh machine gets what was tested: the environment holds exactly the versions in uv.lock."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def test_every_installed_package_has_the_locked_version() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    locked = {_canonical(p["name"]): p["version"] for p in lock["package"] if "version" in p}
    installed = {
        _canonical(d.metadata["Name"]): d.version
        for d in metadata.distributions()
        if d.metadata["Name"]
    }
    # what the tests run with (pytest, mkdocs, PyYAML, …) must be in the lock, at its version
    for name in ("pytest", "mkdocs", "mkdocs-material", "pyyaml", "pydantic", "pybtex"):
        assert name in locked, f"{name} ontbreekt in uv.lock"
        assert installed.get(name) == locked[name], (name, installed.get(name), locked[name])
    differing = {
        name: (version, locked[name])
        for name, version in installed.items()
        if name in locked and locked[name] != version
    }
    assert differing == {}


def test_the_lock_matches_pyproject() -> None:
    """uv.lock records the requirements it was made from; a changed pyproject needs `uv lock`."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    own = next(p for p in lock["package"] if p["name"] == "wijs")
    locked_requirements = {_canonical(r["name"]) for r in own["metadata"]["requires-dist"]}
    for requirement in project["dependencies"]:
        name = _canonical(requirement.split("[")[0].split("<")[0].split(">")[0].split("=")[0])
        assert name in locked_requirements, f"{name}: draai 'uv lock' na een wijziging"
