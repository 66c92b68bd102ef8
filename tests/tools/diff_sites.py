"""Compare two built sites file by file: what is only in one, and which files differ (for text
files, the first differing line). Used to check that a change leaves the site as it was, and
by tests that two ways of building give the same site.

    .venv/bin/python tests/tools/diff_sites.py OLD_SITE NEW_SITE [--ignore pagefind/]

Exit status 0 when the sites are the same (apart from what is ignored), 1 otherwise.
Pagefind's own files differ between two builds of the same pages (upstream), so
``pagefind/`` is ignored unless ``--ignore`` is given otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_IGNORED = ("pagefind/",)


@dataclass
class SiteDiff:
    only_old: list[str] = field(default_factory=list)
    only_new: list[str] = field(default_factory=list)
    changed: dict[str, str] = field(default_factory=dict)  # path -> first difference

    @property
    def same(self) -> bool:
        return not (self.only_old or self.only_new or self.changed)

    def report(self) -> str:
        lines = [f"alleen in de oude site: {p}" for p in self.only_old]
        lines += [f"alleen in de nieuwe site: {p}" for p in self.only_new]
        lines += [f"anders: {p}\n{detail}" for p, detail in self.changed.items()]
        return "\n".join(lines) or "gelijk"


def files(folder: Path, ignored: tuple[str, ...]) -> dict[str, str]:
    """Every file under ``folder`` by its path, with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(ignored)
    }


def first_difference(old: Path, new: Path) -> str:
    try:
        a = old.read_text(encoding="utf-8").splitlines()
        b = new.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return f"  binair, {old.stat().st_size} → {new.stat().st_size} bytes"
    for number, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return f"  regel {number}:\n  - {x[:300]}\n  + {y[:300]}"
    return f"  {len(a)} → {len(b)} regels"


def diff_sites(old: Path, new: Path, ignored: tuple[str, ...] = DEFAULT_IGNORED) -> SiteDiff:
    before, after = files(old, ignored), files(new, ignored)
    result = SiteDiff(
        only_old=sorted(before.keys() - after.keys()),
        only_new=sorted(after.keys() - before.keys()),
    )
    for path in sorted(before.keys() & after.keys()):
        if before[path] != after[path]:
            result.changed[path] = first_difference(old / path, new / path)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--ignore", action="append", help="path prefix to leave out")
    options = parser.parse_args(argv)
    ignored = tuple(options.ignore) if options.ignore is not None else DEFAULT_IGNORED
    result = diff_sites(options.old, options.new, ignored)
    print(result.report())
    return 0 if result.same else 1


if __name__ == "__main__":
    sys.exit(main())
