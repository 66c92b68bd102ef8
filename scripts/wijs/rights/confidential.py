"""Confidential parts of a report: blocks between ``<!-- vertrouwelijk -->`` and
``<!-- /vertrouwelijk -->`` in the body, and files listed under ``confidential:``.

They stay in the repository for the docent and never reach the site, the downloads, the search
index or a deposit package: the reader blanks the blocks (keeping line numbers), the page plan
skips the files, and after the build :func:`verify_site` proves both are absent.
"""

from __future__ import annotations

import difflib
import gzip
import html
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from wijs.diagnostics import Diagnostic, error
from wijs.front_matter import decode, split
from wijs.limits import Limits, unpacked_problem
from wijs.model import Report
from wijs.paths import files_inside

_OPEN = re.compile(r"^\s{0,3}<!--\s*(vertrouwelijk|confidential)\s*-->\s*$", re.I)
_CLOSE = re.compile(r"^\s{0,3}<!--\s*/\s*(vertrouwelijk|confidential)\s*-->\s*$", re.I)
_MARKER_ANYWHERE = re.compile(r"<!--\s*/?\s*(vertrouwelijk|confidential)\s*-->", re.I)
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_WORD = re.compile(r"[^\W\d_]+")
MARKER_WORDS = ("vertrouwelijk", "confidential")
#: A comment of a few words, one of which is this like a marker word, was meant as a marker.
NEAR_MISS_RATIO = 0.8
NEAR_MISS_MAX_WORDS = 4

#: Files whose text is searched for confidential content after the build.
TEXT_SUFFIXES = {
    ".html", ".htm", ".json", ".js", ".xml", ".csv", ".txt", ".md", ".svg", ".atom", ".rss",
    ".bib", ".ris", ".tsv", ".yml", ".yaml", ".map",
}  # fmt: skip
#: Downloads (zip containers of XML) and PDFs are searched too, for reports with secrets.
ZIP_SUFFIXES = {".docx", ".odt", ".zip", ".xlsx", ".pptx", ".epub"}
#: Words of a block's passage that must not appear together anywhere in the output.
SNIPPET_WORDS = 8
MIN_SNIPPET_WORDS = 4
#: Confidential files smaller than this are not compared by content (empty files match all).
MIN_COMPARED_BYTES = 16


@dataclass(frozen=True)
class Block:
    """A confidential block: 1-based body lines of its markers, and the text between them."""

    start: int
    end: int
    text: str


@dataclass
class Redacted:
    body: str
    blocks: list[Block] = field(default_factory=list)
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, code, msg, hint


def redact(body: str) -> Redacted:
    """The body with every confidential block (markers included) blanked line by line."""
    lines = body.split("\n")
    result = Redacted(body)
    start: int | None = None
    fence: str | None = None
    for index, line in enumerate(lines):
        if start is None:
            # outside a block, markers inside fenced code are examples, not markers
            stripped = line.strip()
            if fence is not None:
                if stripped.startswith(fence):
                    fence = None
                continue
            if stripped.startswith(("```", "~~~")):
                fence = stripped[:3]
                continue
        if _OPEN.match(line):
            if start is not None:
                result.problems.append(
                    (
                        index + 1,
                        "confidential-nested",
                        "Een vertrouwelijk blok begint binnen een ander vertrouwelijk blok.",
                        f"Sluit het blok van regel {start + 1} eerst af met "
                        "<!-- /vertrouwelijk -->.",
                    )
                )
                continue
            start = index
        elif _CLOSE.match(line):
            if start is None:
                result.problems.append(
                    (
                        index + 1,
                        "confidential-unopened",
                        "<!-- /vertrouwelijk --> sluit een blok af dat nergens begint.",
                        "Zet <!-- vertrouwelijk --> op een eigen regel boven het deel dat niet "
                        "gepubliceerd mag worden.",
                    )
                )
                continue
            result.blocks.append(Block(start + 1, index + 1, "\n".join(lines[start + 1 : index])))
            for blank in range(start, index + 1):
                lines[blank] = ""
            start = None
        elif _near_miss(line):
            result.problems.append(
                (
                    index + 1,
                    "confidential-marker-misspelt",
                    f"'{line.strip()}' lijkt een markering voor vertrouwelijke tekst, maar is "
                    "het niet: de tekst eronder wordt gewoon gepubliceerd.",
                    "Schrijf de markeringen precies zo, elk op een eigen regel: "
                    "<!-- vertrouwelijk --> en <!-- /vertrouwelijk -->.",
                )
            )
        elif start is None and _MARKER_ANYWHERE.search(line):
            result.problems.append(
                (
                    index + 1,
                    "confidential-marker-inline",
                    "De markering voor vertrouwelijke tekst staat niet op een eigen regel.",
                    "Zet <!-- vertrouwelijk --> en <!-- /vertrouwelijk --> elk op een eigen "
                    "regel, met de vertrouwelijke tekst ertussen.",
                )
            )
    if start is not None:
        result.problems.append(
            (
                start + 1,
                "confidential-unclosed",
                "Het vertrouwelijke blok wordt niet afgesloten.",
                "Zet <!-- /vertrouwelijk --> op een eigen regel na het vertrouwelijke deel. "
                "Tot die tijd wordt alles vanaf hier weggelaten.",
            )
        )
        result.blocks.append(Block(start + 1, len(lines), "\n".join(lines[start + 1 :])))
        for blank in range(start, len(lines)):
            lines[blank] = ""
    result.body = "\n".join(lines)
    return result


def _near_miss(line: str) -> bool:
    """A comment that is almost a marker (misspelt, extra words) but not one."""
    if "<!--" not in line:
        return False
    for match in _COMMENT.finditer(line):
        if _MARKER_ANYWHERE.fullmatch(match.group(0)):
            continue
        words = _WORD.findall(match.group(1).lower())
        if len(words) > NEAR_MISS_MAX_WORDS:
            continue
        for word in words:
            for marker in MARKER_WORDS:
                if difflib.SequenceMatcher(None, word, marker).ratio() >= NEAR_MISS_RATIO:
                    return True
    return False


def redact_body(body: str, shown: str, body_line: int) -> tuple[str, list[Diagnostic]]:
    """For the reader: the public body and the marker problems as diagnostics."""
    if "<!--" not in body:
        return body, []
    result = redact(body)
    problems = [
        error(shown, body_line + line - 1, code, message, hint)
        for line, code, message, hint in result.problems
    ]
    return result.body, problems


def original_body(report: Report) -> str:
    """The body as written, confidential blocks included (read again from disk)."""
    try:
        text, _ = decode(report.path.read_bytes(), report.source)
    except OSError:
        return report.body
    parts = split(text or "")
    return parts.body if parts else report.body


def blocks_of(report: Report) -> list[Block]:
    body = original_body(report)
    return redact(body).blocks if "<!--" in body else []


# -- confidential files -----------------------------------------------------------------------


def _normal(entry: str) -> str:
    return PurePosixPath(entry.strip().lstrip("./")).as_posix().rstrip("/")


def is_confidential(report: Report, path: Path) -> bool:
    """True when ``path`` (a file of the report) is listed under ``confidential:`` or lies in a
    listed folder."""
    if not report.meta.confidential:
        return False
    try:
        relative = path.resolve().relative_to(report.folder.resolve()).as_posix()
    except ValueError:
        return False
    for entry in report.meta.confidential:
        listed = _normal(entry)
        if relative == listed or relative.startswith(listed + "/"):
            return True
    return False


def published_files(report: Report, folder_name: str) -> list[Path]:
    """The files of figures/ or attachments/ that may reach readers: regular files inside the
    report's folder, not hidden and not listed as confidential."""
    folder = report.folder / folder_name
    if not folder.is_dir() or folder.is_symlink():
        return []
    return [
        path
        for path in files_inside(folder)  # never through a symlink, so always inside
        if not path.name.startswith(".") and not is_confidential(report, path)
    ]


def confidential_files(report: Report) -> list[Path]:
    """Existing files covered by ``confidential:``."""
    found: list[Path] = []
    for entry in report.meta.confidential:
        target = report.folder / _normal(entry)
        if target.is_file():
            found.append(target)
        elif target.is_dir():
            found.extend(p for p in sorted(target.rglob("*")) if p.is_file())
    return found


# -- proving absence in the output -----------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_TAG = re.compile(r"<[^>]+>")


def words(text: str) -> list[str]:
    """Lower-case words of a text with HTML entities, JSON escapes and tags undone."""
    text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = html.unescape(_TAG.sub(" ", text))
    return _WORD.findall(text.lower())


def _markdown_words(text: str) -> list[str]:
    # link targets and image paths are not text a reader would see
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    return words(text)


@dataclass(frozen=True, eq=False)  # compared by identity: one per secret
class Secret:
    """Something of one report that must not be in the output (plain values only, so a build
    process can hand it to the process that runs the leak scan)."""

    url: str  # the report's page, relative to the site
    slug: str  # the report's folder name
    source: str  # the report's index.md, named in the error
    kind: str  # 'block' | 'file'
    line: int  # where it is declared, in index.md
    label: str  # shown in the error: the file name, or the start of the passage
    needle: tuple[str, ...] = ()  # words of a passage (blocks)
    file: Path | None = None  # the file (files)


def _of(report: Report) -> tuple[str, str, str]:
    return report.url, report.slug, report.source


def secrets_of(report: Report) -> list[Secret]:
    """The passages and files of one report to look for in the output."""
    found: list[Secret] = []
    blocks = blocks_of(report)
    public = " " + " ".join(_markdown_words(report.body)) + " " if blocks else ""
    for block in blocks:
        needle = _distinctive(block.text, public)
        if needle:
            line = report.body_line + block.start - 1
            found.append(Secret(*_of(report), "block", line, " ".join(needle[:6]) + " …", needle))
    for index, entry in enumerate(report.meta.confidential):
        target = report.folder / _normal(entry)
        files = [target] if target.is_file() else confidential_files_in(target)
        for path in files:
            found.append(
                Secret(
                    *_of(report),
                    "file",
                    report.line_of("confidential", index),
                    path.relative_to(report.folder).as_posix(),
                    file=path,
                )
            )
    return found


def confidential_files_in(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*")) if p.is_file()] if folder.is_dir() else []


def _units(text: str) -> list[str]:
    """Paragraphs, headings, list items and table rows: text that stays together in output."""
    units: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        separate = stripped.startswith(("#", "-", "*", "+", "|", ">")) or bool(
            re.match(r"\d+[.)]\s", stripped)
        )
        if not stripped or separate:
            if current:
                units.append(" ".join(current))
                current = []
            if stripped:
                units.append(stripped)
        else:
            current.append(stripped)
    if current:
        units.append(" ".join(current))
    return units


def _distinctive(block_text: str, public: str) -> tuple[str, ...]:
    """A run of words from the block, within one paragraph, that the public text of the report
    does not contain: longest paragraphs first, so the passage is as telling as possible."""
    units = sorted((_markdown_words(u) for u in _units(block_text)), key=len, reverse=True)
    for unit in units:
        if len(unit) < MIN_SNIPPET_WORDS:
            break
        size = min(SNIPPET_WORDS, len(unit))
        for start in range(0, len(unit) - size + 1):
            window = tuple(unit[start : start + size])
            if " " + " ".join(window) + " " not in public:
                return window
    return ()


def _readable(path: Path, thorough: bool) -> str | None:
    """The text inside an output file, or None when it is not text we can search."""
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES or suffix.startswith(".pf_"):
            raw = path.read_bytes()
            if raw[:2] == b"\x1f\x8b":  # Pagefind fragments and other gzipped files
                raw = gzip.decompress(raw)
            return raw.decode("utf-8", errors="replace")
        if not thorough:
            return None
        if suffix == ".pdf":
            from pypdf import PdfReader

            return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        if suffix in ZIP_SUFFIXES:
            if unpacked_problem(path, Limits()) is not None:
                return None  # a zip bomb or a damaged file: the check of the report says so
            with zipfile.ZipFile(path) as archive:
                return "\n".join(
                    archive.read(name).decode("utf-8", errors="replace")
                    for name in archive.namelist()
                    if name.endswith((".xml", ".html", ".txt", ".md", ".csv"))
                )
    except Exception:  # an unreadable file cannot leak text we could find
        return None
    return None


def find_leaks(
    secrets: Iterable[Secret],
    output: Path,
    *,
    thorough_under: Iterable[str] = (),
    is_site: bool = True,
) -> list[tuple[Secret, Path]]:
    """(secret, output file) for every secret found in the folder ``output``.

    A confidential file leaks when it is copied to its place next to the report page, when a
    file with the same content is anywhere, when its name is mentioned on the report's own pages
    or its path ('<slug>/attachments/x.xlsx') anywhere. A block leaks when a distinctive run of
    its words is in any text file. PDFs and Office files are read only under ``thorough_under``
    (site-relative folders; "" means everywhere). ``is_site=False`` treats all of ``output`` as
    the report's own (a deposit package).
    """
    secrets = list(secrets)
    if not secrets:
        return []
    thorough = tuple(thorough_under)
    blocks = [s for s in secrets if s.kind == "block"]
    files = [s for s in secrets if s.kind == "file" and s.file is not None]
    sizes: dict[int, list[Secret]] = {}
    for secret in files:
        if secret.file is not None and secret.file.exists():
            size = secret.file.stat().st_size
            if size >= MIN_COMPARED_BYTES:  # tiny files match too much by chance
                sizes.setdefault(size, []).append(secret)
    # (secret, where it would be copied, its folder in the site, its name, its path with slug)
    names = [
        (
            s,
            f"{s.url}{s.label}" if is_site else "",
            s.url if is_site else "",
            s.file.name.lower(),
            f"{s.slug}/{s.label}".lower(),
        )
        for s in files
        if s.file is not None
    ]
    # a cheap first test per passage: its longest word must occur in the raw text
    probes = [(s, max(s.needle, key=len)) for s in blocks]
    leaks: list[tuple[Secret, Path]] = []
    for path in _files(output):
        relative = path.relative_to(output).as_posix()
        for secret, copied_to, _, _, _ in names:
            if copied_to and relative == copied_to:
                leaks.append((secret, path))
        for secret in sizes.get(path.stat().st_size, []):
            if secret.file is not None and path.read_bytes() == secret.file.read_bytes():
                leaks.append((secret, path))
        deep = any(relative.startswith(prefix) for prefix in thorough)
        text = _readable(path, deep)
        if text is None:
            continue
        if "\\u" in text:  # JSON written with ensure_ascii
            text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        lowered = text.lower()
        for secret, _, own, name, with_slug in names:
            mentioned = with_slug in lowered or (relative.startswith(own) and name in lowered)
            if mentioned:
                leaks.append((secret, path))
        candidates = [s for s, probe in probes if probe in lowered]
        if not candidates:
            continue
        joined = " " + " ".join(words(text)) + " "
        for secret in candidates:
            if " " + " ".join(secret.needle) + " " in joined:
                leaks.append((secret, path))
    return list(dict.fromkeys(leaks))


def _files(folder: Path) -> list[Path]:
    found = []
    for directory, _, names in os.walk(folder):
        found += [Path(directory, name) for name in names]
    return sorted(found)


LEAK_HINT = (
    "Vertrouwelijke delen mogen niet op de site, in downloads of in de zoekindex staan. "
    "Controleer of de tekst ook buiten het blok <!-- vertrouwelijk --> … <!-- /vertrouwelijk --> "
    "staat, of de bestandsnaam in de tekst of een link wordt genoemd, en of het bestand onder "
    "confidential: staat. Zie docs/toestemming.md."
)


def leak_diagnostics(leaks: Iterable[tuple[Secret, Path]], output: Path) -> list[Diagnostic]:
    found = []
    for secret, path in leaks:
        where = path.relative_to(output).as_posix()
        what = (
            f"het vertrouwelijke bestand '{secret.label}'"
            if secret.kind == "file"
            else f"tekst uit het vertrouwelijke blok ('{secret.label}')"
        )
        found.append(
            error(
                secret.source,
                secret.line,
                "confidential-leak",
                f"De gebouwde uitvoer bevat {what}: {where}.",
                LEAK_HINT,
            )
        )
    return found


def iter_secret_reports(reports: Iterable[Report]) -> Iterator[tuple[Report, list[Secret]]]:
    """Reports that have confidential blocks or files, with what to look for."""
    for report in reports:
        found = secrets_of(report)
        if found:
            yield report, found
