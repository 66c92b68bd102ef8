"""A small on-disk cache for citation work (parsed .bib summaries, formatted reference lists)
under ``.cache/wijs/citations/`` of the repository, keyed by content hash and by the version of
this package's citation code, so a new process does not redo what an earlier one did."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

FOLDER = Path(".cache") / "wijs" / "citations"
DISABLE = "WIJS_NO_DISK_CACHE"


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the citation code: a changed formatter never reads an old cache."""
    hasher = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]


class DiskCache:
    """get/put of picklable values; every failure (read-only disk, stale file) is a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / code_version()

    def _path(self, kind: str, digest: str) -> Path:
        return self.folder / kind / digest[:2] / f"{digest}.pickle"

    def get(self, kind: str, digest: str) -> object | None:
        try:
            with self._path(kind, digest).open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, kind: str, digest: str, value: object) -> None:
        path = self._path(kind, digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            return


def disk_cache(repository: Path) -> DiskCache | None:
    """The cache of a repository (the folder above research/), unless switched off."""
    if os.environ.get(DISABLE):
        return None
    return DiskCache(repository / FOLDER)
