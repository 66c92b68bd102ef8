"""The readable text of an attachment (docx, odt, pdf, xlsx, ods, csv, txt), for the privacy
scan, with its hidden parts: metadata (PDF /Author, docProps/core.xml), headers and footers,
sheet names, PDF annotations. Comments and tracked changes are not scanned but named, and the
check refuses the file: they are drafts nobody reviews, and rewriting an Office file or PDF
without them would publish a file that neither the student nor the docent has seen. Results are
cached by the file's content hash: a rebuild reads only what changed."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

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
    #: (where, in Dutch, text) of what a reader of the file finds besides its pages
    hidden: tuple[tuple[str, str], ...] = ()
    #: what the file holds that is refused outright, in Dutch ('opmerkingen')
    refused: tuple[str, ...] = ()


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
        if suffix in PANDOC_FORMATS or suffix in SPREADSHEET_PARTS:
            # unpacked sizes were checked against the limits in attachment_text
            with zipfile.ZipFile(path) as archive:
                hidden, refused = _office_hidden(archive)
            if suffix in PANDOC_FORMATS:
                pages = _pandoc(path, PANDOC_FORMATS[suffix]).pages
            else:
                pages = (_zipped_xml_text(path, SPREADSHEET_PARTS[suffix]),)
            return AttachmentText(pages, hidden=hidden, refused=refused)
        return AttachmentText((decode_text(data),))
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
    hidden: list[tuple[str, str]] = []
    info: dict[str, Any] = dict(reader.metadata or {})
    values = [
        f"{key.lstrip('/')}: {value}" for key, value in info.items() if isinstance(value, str)
    ]
    if values:
        hidden.append(("metadata", "\n".join(values)))
    catalog: Any = reader.trailer["/Root"]
    xmp = catalog.get_object().get("/Metadata")
    if xmp is not None:
        hidden.append(("XMP-metadata", _xml_values(xmp.get_object().get_data())))
    notes = []
    for page in reader.pages:
        annotations: Any = page.get("/Annots")
        if annotations is None:
            continue
        for annotation in annotations.get_object():
            annotation = annotation.get_object()
            for key in ("/Contents", "/T"):
                if isinstance(annotation.get(key), str):
                    notes.append(str(annotation[key]))
    if notes:
        hidden.append(("opmerkingen", "\n".join(notes)))
    return AttachmentText(
        tuple(page.extract_text() or "" for page in reader.pages), hidden=tuple(hidden)
    )


def decode_text(data: bytes) -> str:
    """A text file's content: UTF-8, UTF-16 or UTF-32 by its byte-order mark or its zero bytes,
    else UTF-8 with Windows-1252 as the fall-back."""
    for bom, encoding in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    sample = data[:4000]
    if sample.count(0) > len(sample) // 4:  # UTF-16 without a mark: every other byte is zero
        odd_zeros = sample[1::2].count(0) > sample[0::2].count(0)
        return data.decode("utf-16-le" if odd_zeros else "utf-16-be", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


#: parts of an Office file a reader finds besides its text: (where, in Dutch, name pattern)
_HIDDEN_PARTS = (
    ("metadata", re.compile(r"docProps/(?:core|app|custom)\.xml|meta\.xml")),
    ("kop- of voettekst", re.compile(r"word/(?:header|footer)\d*\.xml|styles\.xml")),
    ("bladnamen", re.compile(r"xl/workbook\.xml")),
)
#: (Dutch name, part name pattern, element that shows it is there) of what is refused
_REFUSED_PARTS = (
    ("opmerkingen", re.compile(r"word/comments\w*\.xml|xl/(?:threaded)?[cC]omments\w*\.xml"), ""),
    ("opmerkingen", re.compile(r"content\.xml|word/document\.xml"), "annotation"),
    ("bijgehouden wijzigingen", re.compile(r"word/document\.xml"), "del"),
    ("bijgehouden wijzigingen", re.compile(r"word/document\.xml"), "ins"),
    ("bijgehouden wijzigingen", re.compile(r"content\.xml"), "tracked-changes"),
)


def _office_hidden(
    archive: zipfile.ZipFile,
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    hidden: list[tuple[str, str]] = []
    refused: list[str] = []
    for info in archive.infolist():
        name = info.filename
        if not name.endswith(".xml"):
            continue
        wanted = [where for where, pattern in _HIDDEN_PARTS if pattern.fullmatch(name)]
        checks = [(what, tag) for what, pattern, tag in _REFUSED_PARTS if pattern.fullmatch(name)]
        if not wanted and not checks:
            continue
        root = fromstring(archive.read(info), forbid_dtd=True)
        # a part of its own (comments.xml) counts when it holds something; a tracked-changes
        # list when it lists a change
        tags = {_local(e) for e in root.iter() if _local(e) != "tracked-changes" or len(e)}
        for what, tag in checks:
            if what not in refused and ((not tag and len(root) > 0) or tag in tags):
                refused.append(what)
        if wanted:
            if name == "xl/workbook.xml":
                text = "\n".join(e.get("name", "") for e in root.iter() if _local(e) == "sheet")
            elif name == "styles.xml":  # an OpenDocument's headers and footers
                text = "\n".join(
                    _element_text(e) for e in root.iter() if _local(e) in ("header", "footer")
                )
            else:
                text = _element_lines(root)
            if text.strip():
                hidden.append((wanted[0], text))
    return tuple(hidden), tuple(refused)


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _element_text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _element_lines(root: Element) -> str:
    """Each element's own text on a line (a metadata field, a paragraph's run)."""
    lines = []
    for element in root.iter():
        local = _local(element)
        if local in (
            "p",
            "title",
            "creator",
            "lastModifiedBy",
            "subject",
            "description",
            "keywords",
            "initial-creator",
            "Company",
            "Manager",
            "lpwstr",
        ):
            lines.append(_element_text(element))
    return "\n".join(line for line in lines if line)


def _xml_values(data: bytes) -> str:
    """The text and attribute values of an XML document (a PDF's XMP), one per line."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except Exception:
        return data.decode("utf-8", "replace")
    lines = []
    for element in root.iter():
        lines += [v for v in element.attrib.values() if v.strip()]
        if element.text and element.text.strip():
            lines.append(" ".join(element.text.split()))
    return "\n".join(lines)


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
            # sizes were checked against the limits (limits.unpacked_problem) before this
            root = fromstring(archive.read(info), forbid_dtd=True)
            # each cell or paragraph on a line of its own, so line numbers mean something
            for element in root.iter():
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "p":
                    texts.append("".join(element.itertext()))
                elif tag in ("t", "v") and element.text:
                    texts.append(element.text)
    return "\n".join(re.sub(r"[\r\n]+", " ", t) for t in texts if t.strip())
