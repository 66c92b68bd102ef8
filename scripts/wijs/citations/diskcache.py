"""A small on-disk cache for citation work (parsed .bib summaries, formatted reference lists)
under ``.cache/wijs/citations/`` of the repository, keyed by content hash and by the version of
this package's citation code, so a new process does not redo what an earlier one did.

Entries are JSON, sealed with a key outside the repository (``wijs.cache_seal``): a cache file
committed in a pull request is data that is ignored, never code that runs or text that is shown.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from wijs import cache_seal

FOLDER = Path(".cache") / "wijs" / "citations"

#: whether this process keeps citation work on disk: the adapters set it once from
#: BuildSettings.disk_cache (``use_disk_cache``); worker processes get it from their parent
_enabled = True


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the citation code: a changed formatter never reads an old cache."""
    hasher = hashlib.sha256()
    for path in sorted([*Path(__file__).parent.glob("*.py"), *Path(__file__).parent.glob("*.lua")]):
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]


class DiskCache:
    """get/put of JSON values; every failure (read-only disk, stale or foreign file) is a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / code_version()

    def _path(self, kind: str, digest: str) -> Path:
        return self.folder / kind / digest[:2] / f"{digest}.json"

    def get(self, kind: str, digest: str) -> Any | None:
        return cache_seal.read_json(self._path(kind, digest))

    def has(self, kind: str, digest: str) -> bool:
        """An entry is there (to plan work; a file that is not sealed by this machine, e.g.
        one committed in a pull request, is still a miss for ``get``, which then makes the
        value afresh). Only looks: reading and verifying 1,000 entries cost 0.6 s of every
        rebuild of the live preview."""
        return self._path(kind, digest).is_file()

    def put(self, kind: str, digest: str, value: Any) -> None:
        cache_seal.write_json(self._path(kind, digest), value)


def use_disk_cache(enabled: bool) -> None:
    """Switch the disk cache of this process on or off (BuildSettings.disk_cache)."""
    global _enabled
    _enabled = enabled


def disk_cache_enabled() -> bool:
    return _enabled


def disk_cache(repository: Path) -> DiskCache | None:
    """The cache of a repository (the folder above research/), unless switched off."""
    if not _enabled:
        return None
    return DiskCache(repository / FOLDER)
