"""Images as published: personal metadata (EXIF GPS, camera, owner) found and stripped, SVG
figures refused when they could run script.

Stripping works on the bytes (JPEG segments, PNG chunks, WebP chunks), so the pixels are never
re-encoded and the same input always gives the same output.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ExifTags, Image, UnidentifiedImageError

RASTER_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}

#: EXIF tags that say where a photo was taken, with which camera, or whose it is
_PERSONAL_TAGS: dict[int, str] = {
    ExifTags.Base.Make: "cameramerk",
    ExifTags.Base.Model: "cameramodel",
    ExifTags.Base.Artist: "maker",
    ExifTags.Base.CameraOwnerName: "eigenaar van de camera",
    ExifTags.Base.BodySerialNumber: "serienummer van de camera",
    ExifTags.Base.XPAuthor: "auteur",
    ExifTags.Base.Copyright: "auteursrechthouder",
}
_GPS_POSITION = (ExifTags.GPS.GPSLatitude, ExifTags.GPS.GPSLongitude)
_ORIENTATION = ExifTags.Base.Orientation


@dataclass(frozen=True)
class ImageMetadata:
    """What an image tells about who took it where; ``personal`` lists it in Dutch words."""

    personal: tuple[str, ...]
    has_metadata: bool  # anything that the published copy leaves out


def inspect_image(data: bytes) -> ImageMetadata | None:
    """The personal metadata of an image; None when it is not an image Pillow can read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            info_keys = set(image.info)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error):
        return None
    personal: list[str] = []
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except (KeyError, ValueError, TypeError, struct.error):
        gps = {}
    if any(tag in gps for tag in _GPS_POSITION):
        personal.append("GPS-locatie")
    for tag, label in _PERSONAL_TAGS.items():
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("utf-16-le", "ignore") if tag == ExifTags.Base.XPAuthor else ""
        if value is not None and str(value).strip("\x00 "):
            personal.append(label)
    extra = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Description", "Author"}
    has_metadata = bool(set(exif) - {_ORIENTATION}) or bool(info_keys & extra)
    return ImageMetadata(tuple(personal), has_metadata or bool(personal))


def clean_image(data: bytes) -> bytes:
    """The image without EXIF, XMP and comments (orientation kept); unknown formats unchanged."""
    if data.startswith(b"\xff\xd8"):
        return _clean_jpeg(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _clean_png(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _clean_webp(data)
    return data


def published_bytes(path: Path) -> bytes | None:
    """Cleaned bytes for a figure that carries metadata; None when the file can go as it is."""
    if path.suffix.lower() not in RASTER_SUFFIXES:
        return None
    stat = path.stat()
    if not _needs_cleaning(path, stat.st_mtime_ns, stat.st_size):
        return None
    return clean_image(path.read_bytes())


@lru_cache(maxsize=20_000)
def _needs_cleaning(path: Path, _mtime: int, _size: int) -> bool:
    # remembered per file version, so a rebuild does not read every figure again
    data = path.read_bytes()
    return clean_image(data) != data


# -- JPEG: drop APP1 (EXIF, XMP), APP13 (IPTC) and COM segments -------------------------------


def _orientation(data: bytes) -> int:
    try:
        with Image.open(io.BytesIO(data)) as image:
            value = image.getexif().get(_ORIENTATION, 1)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error):
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _clean_jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    position = 2
    dropped = False
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA or 0xD0 <= marker <= 0xD9:  # start of scan: the rest is image data
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        end = position + 2 + length
        if marker in (0xE1, 0xED, 0xFE):
            dropped = True
        else:
            out += data[position:end]
        position = end
    if not dropped:
        return data
    orientation = _orientation(data)
    if orientation != 1:
        exif = Image.Exif()
        exif[_ORIENTATION] = orientation
        payload = exif.tobytes()
        if not payload.startswith(b"Exif"):
            payload = b"Exif\x00\x00" + payload
        segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
        # after the APP0 (JFIF) segment if there is one, as readers expect
        insert_at = 2
        if out[2:4] == b"\xff\xe0":
            insert_at = 4 + struct.unpack(">H", bytes(out[4:6]))[0]
        out[insert_at:insert_at] = segment
    return bytes(out) + data[position:]


# -- PNG: drop eXIf and text chunks ---------------------------------------------------------

_PNG_DROPPED = {b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"tIME"}


def _clean_png(data: bytes) -> bytes:
    out = bytearray(data[:8])
    position = 8
    dropped = False
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if kind in _PNG_DROPPED:
            dropped = True
        else:
            out += data[position:end]
        position = end
        if kind == b"IEND":
            break
    return bytes(out) if dropped else data


# -- WebP: drop EXIF and XMP chunks and their flags in VP8X ------------------------------------


def _clean_webp(data: bytes) -> bytes:
    chunks = bytearray()
    position = 12
    dropped = False
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        (size,) = struct.unpack("<I", data[position + 4 : position + 8])
        end = position + 8 + size + (size & 1)
        chunk = bytearray(data[position:end])
        if kind in (b"EXIF", b"XMP "):
            dropped = True
        else:
            if kind == b"VP8X" and len(chunk) > 8:
                chunk[8] &= ~0x0C & 0xFF  # clear the EXIF and XMP flags
            chunks += chunk
        position = end
    if not dropped:
        return data
    return b"RIFF" + struct.pack("<I", len(chunks) + 4) + b"WEBP" + bytes(chunks)


# -- SVG: no script, no event handlers, nothing loaded from elsewhere --------------------------

_SVG_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<\s*script\b", re.I), "een <script>-element"),
    (re.compile(r"<\s*foreignObject\b", re.I), "een <foreignObject> (HTML in de afbeelding)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "een event-handler (onload=, onclick=, …)"),
    (re.compile(r"javascript\s*:", re.I), "een javascript:-link"),
    (re.compile(r"<!\s*(?:DOCTYPE|ENTITY)\b", re.I), "een DOCTYPE of ENTITY-declaratie"),
    (
        re.compile(
            r"""(?:href|src)\s*=\s*["']\s*(?!#|data:image/(?:png|jpe?g|gif|webp)[;,])""", re.I
        ),
        "een verwijzing naar een ander bestand of adres",
    ),
    (re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I), "een url(...) naar een ander bestand of adres"),
    (re.compile(r"@import\b", re.I), "een @import"),
    (re.compile(r"<\s*(?:iframe|embed|object|animate|set)\b[^>]*", re.I), "een ingebed element"),
)


def svg_problems(data: bytes) -> list[str]:
    """What in an SVG could run script or load something from elsewhere, in Dutch words."""
    text = data.decode("utf-8", "replace")
    return [label for pattern, label in _SVG_PROBLEMS if pattern.search(text)]
