"""Where a file may be: inside its report's folder, never outside it (also through links)."""

from __future__ import annotations

import os
import re
from pathlib import Path


def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path``, with every symlink resolved, lies within ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def files_inside(folder: Path) -> list[Path]:
    """Every regular file under ``folder``, sorted, reached without following any symlink (so
    each lies inside it): one stat per entry instead of resolving every path."""
    found: list[Path] = []
    stack = [str(folder)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                found.append(Path(entry.path))
    return sorted(found)


def is_slug(value: str) -> bool:
    """A report's or a question's folder or file name: lower-case words joined by hyphens."""
    return re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value) is not None
