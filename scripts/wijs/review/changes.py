"""Which reports a branch changed: ``git diff --name-only REF``, mapped to report folders."""

from __future__ import annotations

import subprocess
from pathlib import Path

from wijs.corpus import REPORT_FILE


class GitProblem(Exception):
    """git is missing, this is no repository, or REF is unknown; message says which."""


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise GitProblem("git is niet geïnstalleerd.") from exc
    if done.returncode != 0:
        raise GitProblem(done.stderr.strip() or f"git {' '.join(args)} mislukte.")
    return done.stdout


def changed_reports(research_dir: Path, ref: str) -> list[Path]:
    """index.md of every report with a changed file since ``ref`` (deleted reports left out)."""
    research_dir = research_dir.resolve()
    top = Path(_git(research_dir, "rev-parse", "--show-toplevel").strip()).resolve()
    names = _git(top, "diff", "--name-only", "-z", ref, "--").split("\0")
    found: set[Path] = set()
    for name in filter(None, names):
        try:
            parts = (top / name).relative_to(research_dir).parts
        except ValueError:
            continue  # outside research/
        if len(parts) < 3:
            continue  # vocabulary.yml or a year folder itself
        index = research_dir / parts[0] / parts[1] / REPORT_FILE
        if index.is_file():
            found.add(index)
    return sorted(found)
