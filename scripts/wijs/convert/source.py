"""The document a student brings: what it really is (whatever its name says), its core
metadata, its comments and its citation fields. Refuses anything pandoc should not be given."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from wijs.convert import messages
from wijs.errors import WijsError
from wijs.limits import Limits, unpacked_problem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODT_MIME = "application/vnd.oasis.opendocument.text"
REL_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: the code of a document that cannot be imported (reason as message, advice as hint)
IMPORT_REFUSED = "import-refused"
CITATION_FIELD = re.compile(r"^\s*ADDIN\s+(ZOTERO_ITEM\s+)?CSL_CITATION\b")


@dataclass
class CoreMetadata:
    """What Word or LibreOffice keep under File → Properties."""

    title: str = ""
    subject: str = ""
    description: str = ""
    creators: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    created: dt.date | None = None


@dataclass
class CitationField:
    """One Zotero or Mendeley citation field: the cited items with their CSL data."""

    items: list[dict[str, Any]]


@dataclass
class SourceDocument:
    path: Path
    kind: str  # "docx" | "odt": pandoc's reader
    metadata: CoreMetadata
    comments: int
    body_citations: list[CitationField]
    note_citations: list[CitationField]


def refused(path: Path, reason: str, advice: str) -> WijsError:
    """``path`` cannot be imported: ``reason`` says why, ``advice`` (the hint) what to do."""
    return WijsError.at(path, 1, IMPORT_REFUSED, reason, advice)


def inspect_document(path: Path) -> SourceDocument:
    """Look inside ``path``; raise WijsError (code ``import-refused``)
    with the reason and the advice as its hint when it is unusable."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise refused(
            path, messages.UNREADABLE.format(error=exc), messages.UNREADABLE_ADVICE
        ) from exc
    if size == 0:
        raise refused(path, messages.EMPTY, messages.EMPTY_ADVICE)
    if head.startswith(b"%PDF"):
        raise refused(path, messages.IS_PDF, messages.IS_PDF_ADVICE)
    if head.startswith(OLE_MAGIC):
        if _is_encrypted_ooxml(path):
            raise refused(path, messages.PASSWORD, messages.PASSWORD_ADVICE)
        raise refused(path, messages.OLD_DOC, messages.OLD_DOC_ADVICE)
    if head.startswith(b"{\\rtf"):
        raise refused(path, messages.IS_RTF, messages.SAVE_AS_DOCX)
    if not head.startswith(b"PK"):
        raise refused(path, messages.NOT_A_DOCUMENT, messages.SAVE_AS_DOCX)
    unpacked = unpacked_problem(path, Limits())  # before pandoc or any XML parser
    if unpacked is not None:
        if unpacked.too_large:
            raise refused(
                path,
                messages.TOO_LARGE.format(problem=unpacked.message),
                messages.TOO_LARGE_ADVICE,
            )
        raise refused(
            path, messages.CORRUPT.format(error=unpacked.message), messages.CORRUPT_ADVICE
        )
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_archive(path, archive)
    except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError) as exc:
        raise refused(path, messages.CORRUPT.format(error=exc), messages.CORRUPT_ADVICE) from exc


def _is_encrypted_ooxml(path: Path) -> bool:
    data = path.read_bytes()[:2_000_000]
    return "EncryptedPackage".encode("utf-16-le") in data


def _inspect_archive(path: Path, archive: zipfile.ZipFile) -> SourceDocument:
    names = set(archive.namelist())
    if "mimetype" in names:
        mime = archive.read("mimetype").decode("ascii", "replace").strip()
        if mime != ODT_MIME:
            raise refused(path, messages.OTHER_ODF.format(mime=mime), messages.SAVE_AS_DOCX)
        manifest = (
            archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
        )
        if b"encryption-data" in manifest:
            raise refused(path, messages.PASSWORD, messages.PASSWORD_ADVICE)
        if "content.xml" not in names:
            raise refused(
                path,
                messages.CORRUPT.format(error="content.xml ontbreekt"),
                messages.CORRUPT_ADVICE,
            )
        content = archive.read("content.xml")
        return SourceDocument(
            path,
            "odt",
            _odt_metadata(archive.read("meta.xml") if "meta.xml" in names else b""),
            content.count(b"<office:annotation ") + content.count(b"<office:annotation>"),
            [],
            [],
        )
    main = _main_document(archive, names)
    if main is None:
        if any(n.startswith("xl/") for n in names):
            raise refused(path, messages.IS_EXCEL, messages.SAVE_AS_DOCX)
        if any(n.startswith("ppt/") for n in names):
            raise refused(path, messages.IS_POWERPOINT, messages.SAVE_AS_DOCX)
        raise refused(path, messages.NOT_A_DOCUMENT, messages.SAVE_AS_DOCX)
    folder = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
    comments_xml = _read(archive, f"{folder}comments.xml")
    notes = [
        f
        for name in (f"{folder}footnotes.xml", f"{folder}endnotes.xml")
        for f in citation_fields(_read(archive, name))
    ]
    return SourceDocument(
        path,
        "docx",
        _docx_metadata(_read(archive, "docProps/core.xml")),
        comments_xml.count(b"<w:comment ") + comments_xml.count(b"<w:comment>"),
        citation_fields(archive.read(main)),
        notes,
    )


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        return b""


def _main_document(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """word/document.xml, or wherever _rels/.rels says the main document is."""
    rels = _read(archive, "_rels/.rels")
    if rels:
        try:
            root = ET.fromstring(rels)
        except ET.ParseError:
            root = None
        for rel in root.iter() if root is not None else ():
            if rel.get("Type") == REL_OFFICE_DOCUMENT:
                target = (rel.get("Target") or "").lstrip("/")
                if target in names and target.endswith(".xml"):
                    return target
    return "word/document.xml" if "word/document.xml" in names else None


def _text(root: ET.Element | None, tag: str) -> str:
    if root is None:
        return ""
    for element in root.iter(tag):
        text = "".join(element.itertext()).strip()
        if text:
            return text
    return ""


def _parse(xml: bytes) -> ET.Element | None:
    if not xml:
        return None
    try:
        return ET.fromstring(xml)
    except ET.ParseError:
        return None


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,]", value) if part.strip()]


DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
ODF_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"


def _docx_metadata(xml: bytes) -> CoreMetadata:
    root = _parse(xml)
    creator = _text(root, f"{DC}creator")
    return CoreMetadata(
        title=_text(root, f"{DC}title"),
        subject=_text(root, f"{DC}subject"),
        description=_text(root, f"{DC}description"),
        creators=[person_name(c) for c in creator.split(";") if c.strip()],
        keywords=_split(_text(root, f"{CP}keywords")),
        created=_date(_text(root, f"{DCTERMS}created")),
    )


def _odt_metadata(xml: bytes) -> CoreMetadata:
    root = _parse(xml)
    creator = _text(root, f"{ODF_META}initial-creator") or _text(root, f"{DC}creator")
    keywords = []
    if root is not None:
        keywords = ["".join(k.itertext()).strip() for k in root.iter(f"{ODF_META}keyword")]
    return CoreMetadata(
        title=_text(root, f"{DC}title"),
        subject=_text(root, f"{DC}subject"),
        description=_text(root, f"{DC}description"),
        creators=[person_name(c) for c in creator.split(";") if c.strip()],
        keywords=[k for k in keywords if k],
        created=_date(_text(root, f"{ODF_META}creation-date")),
    )


def person_name(value: str) -> str:
    """'Eaton, Alfred' → 'Alfred Eaton'; anything else as written."""
    value = " ".join(value.split())
    if value.count(",") == 1:
        family, given = (part.strip() for part in value.split(","))
        if family and given:
            return f"{given} {family}"
    return value


def citation_fields(xml: bytes) -> list[CitationField]:
    """Zotero and Mendeley citation fields (CSL JSON in the field code), in document order."""
    if b"CSL_CITATION" not in xml:
        return []
    root = _parse(xml)
    if root is None:
        return []
    instructions: list[str | None] = []
    open_fields: list[tuple[int, list[str]]] = []
    for element in root.iter():
        if element.tag == f"{W}fldChar":
            kind = element.get(f"{W}fldCharType")
            if kind == "begin":
                instructions.append(None)
                open_fields.append((len(instructions) - 1, []))
            elif kind == "end" and open_fields:
                index, parts = open_fields.pop()
                instructions[index] = "".join(parts)
        elif element.tag == f"{W}instrText" and open_fields:
            open_fields[-1][1].append(element.text or "")
        elif element.tag == f"{W}fldSimple":
            instructions.append(element.get(f"{W}instr") or "")
    found = []
    for instruction in instructions:
        if instruction and CITATION_FIELD.match(instruction):
            parsed = _citation_json(instruction)
            if parsed is not None:
                found.append(parsed)
    return found


def _citation_json(instruction: str) -> CitationField | None:
    start = instruction.find("{")
    if start < 0:
        return None
    try:
        data, _ = json.JSONDecoder().raw_decode(instruction[start:])
    except ValueError:
        return None
    items = data.get("citationItems") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    cleaned = [
        dict(item["itemData"])
        for item in items
        if isinstance(item, dict) and isinstance(item.get("itemData"), dict)
    ]
    if len(cleaned) != len(items):
        return None
    return CitationField(cleaned)
