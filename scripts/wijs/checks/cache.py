"""Files under .cache/ that git tracks: a pull request that commits a cache (``git add -f``)
tries to bring its own check results, index or downloads, and is refused."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from wijs.diagnostics import Diagnostic, error
from wijs.research import Corpus

CACHE_FOLDER = ".cache"
#: Named one by one up to this many; the rest in one line.
SHOWN = 20


def tracked_cache_files(repository: Path) -> list[str]:
    """Paths (relative to the repository) under .cache/ that git tracks; [] without git."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repository), "ls-files", "-z", "--", CACHE_FOLDER],
            capture_output=True,
            timeout=30,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []  # not a git checkout: nothing is tracked
    return sorted(name for name in done.stdout.decode("utf-8", "replace").split("\0") if name)


def check_tracked_cache(corpus: Corpus) -> Iterator[Diagnostic]:
    repository = corpus.root.resolve().parent
    tracked = tracked_cache_files(repository)
    hint = (
        "Caches maakt wijs zelf; haal ze uit git met `git rm -r --cached .cache` en commit dat. "
        ".cache/ staat in .gitignore: voeg niets toe met `git add -f`."
    )
    for name in tracked[:SHOWN]:
        shown = os.path.relpath(repository / name)
        yield error(
            shown,
            1,
            "cache-tracked",
            f"{name} is een cachebestand dat in git is opgenomen; een cache hoort niet in de "
            "repository.",
            hint,
        )
    if len(tracked) > SHOWN:
        yield error(
            os.path.relpath(repository / CACHE_FOLDER),
            1,
            "cache-tracked",
            f"Nog {len(tracked) - SHOWN} cachebestanden onder .cache/ zijn in git opgenomen.",
            hint,
        )
