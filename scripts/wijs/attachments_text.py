"""The readable text of an attachment (docx, odt, pdf, xlsx, ods, csv, txt), for the privacy
scan. Results are cached by the file's content hash: a rebuild reads only what changed."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from wijs.limits import ZIPPED_SUFFIXES, Limits, load_limits, unpacked_problem

PANDOC_FORMATS = {".docx": "docx", ".odt": "odt"}
SPREADSHEET_PARTS = {".xlsx": ("xl/sharedStrings.xml", "xl/worksheets/"), ".ods": ("content.xml",)}
PLAIN_SUFFIXES = {".csv", ".txt", ".md", ".tsv"}
TEXT_SUFFIXES = set(PANDOC_FORMATS) | set(SPREADSHEET_PARTS) | PLAIN_SUFFIXES | {".pdf"}


@dataclass(frozen=True)
class AttachmentText:
    """The text as pages (a pdf) or one page (everything else); ``problem`` when unreadable."""

    pages: tuple[str, ...]
    problem: str = ""


_cache: dict[str, AttachmentText] = {}


def attachment_text(path: Path, limits: Limits | None = None) -> AttachmentText | None:
    """The text of an attachment; None for types that hold no text (images). A docx, xlsx,
    odt or ods over the unpacked limits (``limits``, else those of the research folder it is
    in) is not given to pandoc or the XML parser."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        return AttachmentText((), f"het bestand is niet te lezen ({exc.strerror})")
    limits = limits or _limits_near(path)
    key = hashlib.sha256(suffix.encode() + repr(limits).encode() + data).hexdigest()
    if key not in _cache:
        problem = unpacked_problem(path, limits) if suffix in ZIPPED_SUFFIXES else None
        if problem is not None:
            _cache[key] = AttachmentText((), problem.message)
        else:
            _cache[key] = _extract(path, suffix, data)
    return _cache[key]


def _limits_near(path: Path) -> Limits:
    """The limits of the research folder an attachment is in (the nearest folder above it
    with a vocabulary.yml), or the defaults."""
    for folder in list(path.parents)[:6]:
        if (folder / "vocabulary.yml").is_file():
            return load_limits(folder)[0]
    return Limits()


def _extract(path: Path, suffix: str, data: bytes) -> AttachmentText:
    try:
        if suffix == ".pdf":
            return _pdf(data)
        if suffix in PANDOC_FORMATS:
            return _pandoc(path, PANDOC_FORMATS[suffix])
        if suffix in SPREADSHEET_PARTS:
            return AttachmentText((_zipped_xml_text(path, SPREADSHEET_PARTS[suffix]),))
        return AttachmentText((data.decode("utf-8-sig", "replace"),))
    except Exception as exc:
        return AttachmentText((), f"de tekst is niet uit te lezen ({type(exc).__name__})")


def _pdf(data: bytes) -> AttachmentText:
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        return AttachmentText((), "de pdf is versleuteld")
    return AttachmentText(tuple(page.extract_text() or "" for page in reader.pages))


def _pandoc(path: Path, source_format: str) -> AttachmentText:
    import pypandoc

    text = pypandoc.convert_file(
        str(path), "plain", format=source_format, extra_args=["--wrap=none"]
    )
    return AttachmentText((text,))


def _zipped_xml_text(path: Path, parts: tuple[str, ...]) -> str:
    texts = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.startswith(parts) or not info.filename.endswith(".xml"):
                continue
            xml = archive.read(info)
            if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
                raise ValueError("DOCTYPE in spreadsheet")
            root = ElementTree.fromstring(xml)
            # each cell or paragraph on a line of its own, so line numbers mean something
            for element in root.iter():
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "p":
                    texts.append("".join(element.itertext()))
                elif tag in ("t", "v") and element.text:
                    texts.append(element.text)
    return "\n".join(re.sub(r"[\r\n]+", " ", t) for t in texts if t.strip())
