"""Seals on cache files: an HMAC with a key that lives outside the repository, so a cache file
a pull request brings along (``git add -f .cache/…``) is never trusted, only made again.

The key is 32 random bytes in ``$XDG_CACHE_HOME/wijs/cache-seal.key`` (else
``~/.cache/wijs/``), made on first use and readable by its owner only. Where it cannot be
stored, each process uses a key of its own: caches then only last for that process.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

KEY_FILE = "cache-seal.key"
KEY_BYTES = 32
#: A Whoosh lock file says who writes; it is never read as data and comes and goes.
_UNSEALED_SUFFIXES = ("_LOCK", "WRITELOCK", ".lock")


def key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wijs" / KEY_FILE


def key() -> bytes:
    return _key_at(key_path())


@lru_cache(maxsize=4)
def _key_at(path: Path) -> bytes:
    try:
        data = path.read_bytes()
        if len(data) == KEY_BYTES:
            return data
    except OSError:
        pass
    fresh = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(fresh)
        os.replace(temporary, path)
    except OSError:
        return fresh
    return fresh


def mac(data: bytes) -> str:
    return hmac.new(key(), data, hashlib.sha256).hexdigest()


# -- sealed JSON: the first line is the HMAC of the rest ---------------------------------------


def dumps(value: Any) -> str:
    """``value`` as JSON with a seal on its first line."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return mac(text.encode("utf-8")) + "\n" + text


def loads(text: str) -> Any | None:
    """The value of a sealed JSON text, or None when it is not sealed with this key."""
    seal, _, body = text.partition("\n")
    if not hmac.compare_digest(seal.encode(), mac(body.encode("utf-8")).encode()):
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def read_json(path: Path) -> Any | None:
    """The value of a sealed JSON file, or None (missing, unreadable, not sealed by us)."""
    try:
        return loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def write_json(path: Path, value: Any) -> bool:
    """Write ``value`` as sealed JSON to ``path``, whole or not at all (a temporary file
    renamed); False when it cannot be written."""
    # the temporary file is this thread's own (no random name to find: a build writes
    # thousands of these, and mkstemp and mkdir were most of their cost)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        data = dumps(value).encode("utf-8")
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False
    return True


# -- sealed files: a seal file holding the HMAC of their names and contents --------------------
#
# A seal has three lines: the HMAC of the files' names and contents; the files' stat (size,
# mtime, ctime, inode) when sealed; the HMAC of that stat line. Unchanged stat proves unchanged
# files without reading them (nobody can set a file's ctime, and git writes a new inode), so
# opening a large index or finding a thousand cached PDFs costs one stat per file.


def _manifest(folder: Path, files: Iterable[Path]) -> bytes:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        with path.open("rb") as stream:
            digest.update(hashlib.file_digest(stream, "sha256").digest())
    return digest.digest()


def _stats(folder: Path, files: Iterable[Path]) -> str:
    rows = []
    for path in sorted(files):
        info = path.stat()
        name = path.relative_to(folder).as_posix()
        rows.append([name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino])
    return json.dumps(rows, separators=(",", ":"))


def seal_files(seal: Path, files: Iterable[Path]) -> None:
    """Write ``seal`` for exactly these files (all in its folder or below it)."""
    files = list(files)
    try:
        stats = _stats(seal.parent, files)
        text = f"{mac(_manifest(seal.parent, files))}\n{stats}\n{mac(stats.encode())}\n"
        seal.write_text(text, encoding="utf-8")
    except OSError:
        seal.unlink(missing_ok=True)


def verify_files(seal: Path, files: Iterable[Path]) -> bool:
    """Whether ``seal`` was written by this machine for exactly these files as they are now."""
    files = list(files)
    try:
        content_mac, stats, stats_mac = (seal.read_text(encoding="utf-8").split("\n") + [""] * 3)[
            :3
        ]
        now = _stats(seal.parent, files)
        if now == stats and hmac.compare_digest(stats_mac.encode(), mac(stats.encode()).encode()):
            return True
        expected = mac(_manifest(seal.parent, files))
    except (OSError, UnicodeDecodeError):
        return False
    if not hmac.compare_digest(content_mac.encode(), expected.encode()):
        return False
    seal_files(seal, files)  # same contents, new stat (a restored CI cache): quick next time
    return True


def folder_files(folder: Path, seal_name: str) -> list[Path]:
    """Every file of a sealed folder (below it too), without the seal, lock files and a
    writer's temporary files (Whoosh's ``*.tmp/``: another process's work in progress, never
    read by this one)."""
    return sorted(
        path
        for path in folder.rglob("*")
        if (path.is_file() or path.is_symlink())
        and path.name != seal_name
        and not path.name.endswith(_UNSEALED_SUFFIXES)
        and not any(part.endswith(".tmp") for part in path.relative_to(folder).parts[:-1])
    )


def seal_folder(folder: Path, seal_name: str) -> None:
    seal_files(folder / seal_name, folder_files(folder, seal_name))


def verify_folder(folder: Path, seal_name: str) -> bool:
    """Whether every file in ``folder`` is as this machine left it (no file added either)."""
    files = folder_files(folder, seal_name)
    if any(path.is_symlink() for path in files):
        return False
    return verify_files(folder / seal_name, files)
