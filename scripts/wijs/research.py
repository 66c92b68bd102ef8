"""The reports of a repository as a value (``Corpus``) and where they live in the research folder.

Reading and checking them is ``wijs.corpus``; this module is what the checks, the site and
search need to know about the collection without reading it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wijs.diagnostics import Diagnostic
from wijs.model import Report
from wijs.questions.model import Question
from wijs.vocabulary import Vocabulary

VOCABULARY_FILE = "vocabulary.yml"
REPORT_FILE = "index.md"


@dataclass
class Corpus:
    root: Path  # the research folder
    vocabulary: Vocabulary
    reports: list[Report]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_read: int = 0
    #: the questions of the vraagbank (research/vragen/*.md) that passed the schema
    questions: list[Question] = field(default_factory=list)
    #: how many question files were checked (all of them, or those given as paths)
    questions_read: int = 0

    def published(self, today: dt.date | None = None) -> list[Report]:
        """What the public site shows, newest first."""
        return newest_first(r for r in self.reports if r.is_published(today))

    def visible(self, preview: bool, today: dt.date | None = None) -> list[Report]:
        """Published reports; in a preview every report."""
        return newest_first(self.reports) if preview else self.published(today)

    def withdrawn(self) -> list[Report]:
        return [r for r in self.reports if r.is_withdrawn]


def newest_first(reports: Iterable[Report]) -> list[Report]:
    return sorted(reports, key=lambda r: (r.sort_date, r.key), reverse=True)


def folder_signature(folder: Path) -> tuple[object, ...]:
    """Names, sizes and times of everything in a report folder: cheap change detection."""
    entries: list[tuple[str, int, int]] = []
    _scan(folder, "", entries)  # os.scandir: a stat per file, 7× faster than Path.rglob
    return tuple(sorted(entries))


def _scan(folder: Path | str, prefix: str, entries: list[tuple[str, int, int]]) -> None:
    try:
        found = list(os.scandir(folder))
    except OSError:
        return
    for entry in found:
        try:
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        name = prefix + entry.name
        entries.append((name, stat.st_size, stat.st_mtime_ns))
        if entry.is_dir(follow_symlinks=False):
            _scan(entry.path, name + "/", entries)


def find_report_files(root: Path, paths: Sequence[Path] = ()) -> list[Path]:
    """index.md files under research/<year>/<slug>/, or those under the given paths."""
    if not paths:
        return sorted(root.glob(f"*/*/{REPORT_FILE}"))
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif (path / REPORT_FILE).is_file():
            found.append(path / REPORT_FILE)
        else:
            found.extend(sorted(path.rglob(REPORT_FILE)))
    return sorted(set(found))
