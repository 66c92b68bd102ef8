"""Running the pandoc binary that pypandoc-binary ships, with a time limit and clear errors."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pypandoc

from wijs.errors import WijsError

TIMEOUT_SECONDS = 120


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    return str(pypandoc.get_pandoc_path())


@lru_cache(maxsize=1)
def pandoc_version() -> str:
    return str(pypandoc.get_pandoc_version())


def run_pandoc(
    args: Sequence[str], stdin: bytes | None = None, cwd: Path | None = None
) -> tuple[bytes, str]:
    """Run pandoc with ``args``; returns (stdout, stderr text). Raises WijsError (code
    ``pandoc``) with pandoc's own message when it fails or takes too long."""
    try:
        done = subprocess.run(
            [pandoc_path(), *args],
            input=stdin,
            cwd=cwd,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise WijsError.one("pandoc", f"pandoc stopte niet binnen {TIMEOUT_SECONDS} s") from exc
    except OSError as exc:
        raise WijsError.one("pandoc", f"pandoc kon niet starten: {exc}") from exc
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        lines = [line for line in stderr.splitlines() if line.strip()]
        raise WijsError.one(
            "pandoc", lines[0] if lines else f"pandoc gaf foutcode {done.returncode}"
        )
    return done.stdout, stderr
