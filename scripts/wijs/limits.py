"""Limits on the files of a report: size per file, size per report, allowed types, and the
limits that hold before expensive work starts (the size and entries of references.bib, the
unpacked text of docx/xlsx/odt/ods files).

Set in the ``limits:`` section of research/vocabulary.yml (all keys optional):

    limits:
      file_mb: 20
      report_mb: 50
      figure_types: [png, jpg, jpeg, gif, webp, svg]
      attachment_types: [pdf, docx, odt, xlsx, ods, csv, txt, png, jpg, jpeg]
      bib_mb: 5
      bib_entries: 2000
      unpacked_mb: 10
"""

from __future__ import annotations

import zipfile
import zlib
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
#: what a docx/xlsx/odt may hold unpacked in all (images included), and in how many parts
MAX_UNPACKED_BYTES = 300 * MB
MAX_ZIP_MEMBERS = 10_000
NUMBERS = ("file_mb", "report_mb", "bib_mb", "bib_entries", "unpacked_mb")


@dataclass(frozen=True)
class Limits:
    file_mb: float = 20
    report_mb: float = 50
    figure_types: tuple[str, ...] = FIGURE_TYPES
    attachment_types: tuple[str, ...] = ATTACHMENT_TYPES
    bib_mb: float = 5  # a thesis's .bib with 500 sources is about 0.2 MB
    bib_entries: int = 2000
    #: the text (XML) inside a docx/xlsx/odt/ods, unpacked: pandoc needs over 100x this in
    #: memory (5 MB of document.xml: 0.6 GB); a 300-page thesis has 2-5 MB
    unpacked_mb: float = 10

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * MB)

    @property
    def bib_bytes(self) -> int:
        return int(self.bib_mb * MB)

    @property
    def unpacked_bytes(self) -> int:
        return int(self.unpacked_mb * MB)

    @property
    def report_bytes(self) -> int:
        return int(self.report_mb * MB)

    def allowed(self, folder: str) -> tuple[str, ...]:
        return self.figure_types if folder == "figures" else self.attachment_types


#: Office files that are zip archives of XML: unpacked by pandoc and the text extraction
ZIPPED_SUFFIXES = (".docx", ".odt", ".xlsx", ".ods")
_TEXT_PARTS = (".xml", ".rels")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class UnpackProblem:
    """Why an archive is not unpacked: ``message`` in Dutch; ``too_large`` (a limit) or not
    (damaged, encrypted)."""

    message: str
    too_large: bool = True


def unpacked_problem(path: Path, limits: Limits) -> UnpackProblem | None:
    """Why the docx/xlsx/odt/ods at ``path`` must not be unpacked, or None. Looks at what the
    archive declares first, then unpacks it in chunks (checking each part's size and CRC),
    stopping at the limit: the declared sizes may lie (a zip bomb). Its XML may hold at most
    ``limits.unpacked_mb``, everything together (images too) MAX_UNPACKED_BYTES."""
    too_large = UnpackProblem(f"uitgepakt is de tekst erin groter dan {limits.unpacked_mb:g} MB")
    too_large_all = UnpackProblem(f"uitgepakt is het groter dan {MAX_UNPACKED_BYTES // MB} MB")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return UnpackProblem(
                    f"het bestaat uit {len(members)} delen (maximum {MAX_ZIP_MEMBERS})"
                )
            if sum(m.file_size for m in members if _is_text(m)) > limits.unpacked_bytes:
                return too_large
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                return too_large_all
            text = total = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        text += len(chunk) if _is_text(member) else 0
                        if text > limits.unpacked_bytes:
                            return too_large
                        if total > MAX_UNPACKED_BYTES:
                            return too_large_all
    except NotImplementedError:  # a compression method zipfile (and pandoc) cannot unpack
        return UnpackProblem("het is op een onbekende manier ingepakt", too_large=False)
    except RuntimeError:  # zipfile: a member is encrypted
        return UnpackProblem("het is met een wachtwoord beveiligd", too_large=False)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
    ) as exc:
        return UnpackProblem(f"het is beschadigd ({exc})", too_large=False)
    return None


def _is_text(member: zipfile.ZipInfo) -> bool:
    return member.filename.lower().endswith(_TEXT_PARTS)


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
        if key in NUMBERS:
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
        "Zie docs/privacy.md, 'Grenzen aan bestanden': file_mb, report_mb, figure_types, "
        "attachment_types, bib_mb, bib_entries, unpacked_mb.",
    )


def _line_of(path: Path, prefix: str) -> int:
    for number, text in enumerate(path.read_text("utf-8-sig", "replace").splitlines(), 1):
        if text.startswith(prefix):
            return number
    return 1
