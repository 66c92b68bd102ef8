"""Limits on the files of a report: size per file, size per report, allowed types.

Set in the ``limits:`` section of research/vocabulary.yml (all keys optional):

    limits:
      file_mb: 20
      report_mb: 50
      figure_types: [png, jpg, jpeg, gif, webp, svg]
      attachment_types: [pdf, docx, odt, xlsx, ods, csv, txt, png, jpg, jpeg]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from wijs.diagnostics import Diagnostic, error
from wijs.yaml_source import safe_load

FIGURE_TYPES = ("png", "jpg", "jpeg", "gif", "webp", "svg")
ATTACHMENT_TYPES = ("pdf", "docx", "odt", "xlsx", "ods", "csv", "txt", "png", "jpg", "jpeg")
MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    file_mb: float = 20
    report_mb: float = 50
    figure_types: tuple[str, ...] = FIGURE_TYPES
    attachment_types: tuple[str, ...] = ATTACHMENT_TYPES

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * MB)

    @property
    def report_bytes(self) -> int:
        return int(self.report_mb * MB)

    def allowed(self, folder: str) -> tuple[str, ...]:
        return self.figure_types if folder == "figures" else self.attachment_types


def load_limits(research_dir: Path) -> tuple[Limits, list[Diagnostic]]:
    """The limits from vocabulary.yml (defaults for what is not there) and any problems."""
    path = research_dir / "vocabulary.yml"
    try:
        stat = path.stat()
    except OSError:
        return Limits(), []
    return _load(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load(path: Path, _mtime: int, _size: int) -> tuple[Limits, list[Diagnostic]]:
    try:
        data = safe_load(path.read_bytes().decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return Limits(), []  # the vocabulary loader reports this itself
    section = data.get("limits") if isinstance(data, dict) else None
    if section is None:
        return Limits(), []
    shown = f"{path.parent.name}/{path.name}"
    line = _line_of(path, "limits:")
    if not isinstance(section, dict):
        return Limits(), [_problem(shown, line, "'limits' moet een lijst van instellingen zijn.")]
    values: dict[str, Any] = {}
    problems = []
    for key, value in section.items():
        if key in ("file_mb", "report_mb"):
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                values[key] = value
            else:
                problems.append(
                    _problem(shown, line, f"limits.{key} moet een positief getal zijn.")
                )
        elif key in ("figure_types", "attachment_types"):
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                values[key] = tuple(v.lower().lstrip(".") for v in value)
            else:
                problems.append(
                    _problem(shown, line, f"limits.{key} moet een lijst van extensies zijn.")
                )
        else:
            problems.append(_problem(shown, line, f"Onbekende instelling limits.{key}."))
    return Limits(**values), problems


def _problem(shown: str, line: int, message: str) -> Diagnostic:
    return error(
        shown,
        line,
        "limits-config",
        message,
        "Zie README, 'Grenzen aan bestanden': file_mb, report_mb, figure_types, attachment_types.",
    )


def _line_of(path: Path, prefix: str) -> int:
    for number, text in enumerate(path.read_text("utf-8-sig", "replace").splitlines(), 1):
        if text.startswith(prefix):
            return number
    return 1
