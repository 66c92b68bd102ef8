"""MkDocs' part of `wijs build` in a process of its own; started by ``wijs.builder.write_pages``
as ``python -m wijs.build_step CONFIG SITE_DIR LEVELS [--preview] [--strict]``."""

from __future__ import annotations

import sys

from wijs.builder import build_step

if __name__ == "__main__":
    build_step(sys.argv[1:])
