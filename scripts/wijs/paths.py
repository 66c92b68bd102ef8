"""Where a file may be: inside its report's folder, never outside it (also through links)."""

from __future__ import annotations

from pathlib import Path


def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path``, with every symlink resolved, lies within ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
