"""A small on-disk cache for citation work (parsed .bib summaries, formatted reference lists)
under ``.cache/wijs/citations/`` of the repository, keyed by content hash and by the version of
this package's citation code, so a new process does not redo what an earlier one did. Values
are JSON: a cache file is data, never code (anything under .cache/ is untrusted)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

FOLDER = Path(".cache") / "wijs" / "citations"
DISABLE = "WIJS_NO_DISK_CACHE"


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the citation code: a changed formatter never reads an old cache."""
    hasher = hashlib.sha256()
    for path in sorted([*Path(__file__).parent.glob("*.py"), *Path(__file__).parent.glob("*.lua")]):
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]


class DiskCache:
    """get/put of JSON values; every failure (read-only disk, stale or broken file) is a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / code_version()

    def _path(self, kind: str, digest: str) -> Path:
        return self.folder / kind / digest[:2] / f"{digest}.json"

    def get(self, kind: str, digest: str) -> object | None:
        try:
            return json.loads(self._path(kind, digest).read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None

    def has(self, kind: str, digest: str) -> bool:
        return self._path(kind, digest).is_file()

    def put(self, kind: str, digest: str, value: object) -> None:
        path = self._path(kind, digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(value, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, path)
        except OSError:
            return


def disk_cache(repository: Path) -> DiskCache | None:
    """The cache of a repository (the folder above research/), unless switched off."""
    if os.environ.get(DISABLE):
        return None
    return DiskCache(repository / FOLDER)
