"""Results of report checks kept on disk between runs, so a repeated `wijs check` re-checks only
the reports whose file, folder or vocabulary changed; with them each report's front-matter as
read (YamlData), so a `wijs serve` of one report does not parse 1,000 front-matters.

Sealed JSON (``wijs.cache_seal``; never pickle): a store a pull request brings along, which
could claim its report has no problems, is ignored. An entry is valid for
one report digest (its file and the vocabulary), one folder signature (names, sizes and times
of its files) and one version of this package's code.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from wijs import cache_seal
from wijs.diagnostics import Diagnostic

FILE_NAME = "checks.json"


def code_fingerprint() -> str:
    """Changes whenever a module of this package changes (name, size or time)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signature_key(signature: tuple[object, ...]) -> str:
    return hashlib.sha256(repr(signature).encode()).hexdigest()


class CheckStore:
    """Report-check diagnostics by report path, in ``folder/checks.json``."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME
        #: reports are named relative to the repository (folder is its .cache/wijs): `wijs check`
        #: and a build name the same report differently (research/… or an absolute path)
        self.root = folder.resolve().parent.parent
        self.fingerprint = code_fingerprint()
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        self._keys: dict[Path, str] = {}
        data = cache_seal.read_json(self.path)
        if isinstance(data, dict) and data.get("code") == self.fingerprint:
            entries = data.get("reports")
            self.entries = entries if isinstance(entries, dict) else {}

    @classmethod
    def for_research(cls, research: Path, enabled: bool = True) -> CheckStore | None:
        """The store next to the repository (.cache/wijs/); None when disk caches are off
        (``enabled``: BuildSettings.disk_cache)."""
        if not enabled:
            return None
        return cls(research.resolve().parent / ".cache" / "wijs")

    def has(self, path: Path, digest: str, signature: tuple[object, ...]) -> bool:
        """Whether checks are stored for this report as it is (without reading them)."""
        entry = self.entries.get(self._key(path))
        if not entry or entry.get("digest") != digest:
            return False
        return bool(entry.get("signature") == signature_key(signature))

    def get(
        self, path: Path, digest: str, signature: tuple[object, ...]
    ) -> list[Diagnostic] | None:
        if not self.has(path, digest, signature):
            return None
        entry = self.entries[self._key(path)]
        try:
            return [Diagnostic.from_dict(d) for d in entry["diagnostics"]]
        except (KeyError, TypeError, ValueError):  # not the JSON this module wrote
            return None

    def put(
        self, path: Path, digest: str, signature: tuple[object, ...], found: list[Diagnostic]
    ) -> None:
        entry = self.entries.setdefault(self._key(path), {})
        entry["digest"] = digest
        entry["signature"] = signature_key(signature)
        entry["diagnostics"] = [d.as_dict() for d in found]
        self.changed = True

    def front_matter(self, path: Path, text: str) -> dict[str, Any] | None:
        """What ``put_front_matter`` kept for this report's front-matter ``text``, or None."""
        front = self.entries.get(self._key(path), {}).get("front")
        if not isinstance(front, dict) or front.get("text") != _text_key(text):
            return None
        data = front.get("data")
        return data if isinstance(data, dict) else None

    def put_front_matter(self, path: Path, text: str, data: dict[str, Any]) -> None:
        entry = self.entries.setdefault(self._key(path), {})
        entry["front"] = {"text": _text_key(text), "data": data}
        self.changed = True

    def _key(self, path: Path) -> str:
        key = self._keys.get(path)
        if key is None:  # resolving is a few system calls: asked three times per report
            key = self._keys[path] = os.path.relpath(path.resolve(), self.root)
        return key

    def save(self) -> None:
        """Write atomically; a store that cannot be written is simply not kept."""
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=".checks-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                # dumps, not dump: only dumps uses the C encoder (5× faster at 20,000 findings)
                out.write(cache_seal.dumps({"code": self.fingerprint, "reports": self.entries}))
            os.replace(name, self.path)
        except OSError:
            return
        self.changed = False
