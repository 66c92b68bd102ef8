"""Images as published: personal metadata (EXIF GPS, camera, owner, XMP, comments) found, and
a published copy that holds nothing but pixels and colour data; SVG figures checked against an
allow-list of elements and attributes.

A raster image is published as it is only when a strict walk over its structure finds nothing
but pixel and colour data, in a layout we fully understand (no junk bytes, nothing after the
end). Otherwise a regular JPEG or PNG keeps only those segments (lossless, nothing decoded),
and every other image is rewritten from its decoded pixels; the same walk verifies the result,
so no metadata segment, comment or appended second image (a motion photo) survives. Pixels are
counted from the header before anything is decoded.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ExifTags, Image, ImageSequence, UnidentifiedImageError

RASTER_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}

#: the most pixels an image may have (a 24-megapixel photo has 24 million); more is refused
#: before the image is decoded (a 30000 × 30000 PNG of a few KB would need gigabytes)
MAX_PIXELS = 60_000_000

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
_READ_ERRORS = (
    UnidentifiedImageError,
    OSError,
    ValueError,
    SyntaxError,
    struct.error,
    EOFError,
    Image.DecompressionBombError,
)


@dataclass(frozen=True)
class ImageMetadata:
    """What an image tells about who took it where; ``personal`` lists it in Dutch words,
    ``texts`` holds its comments and XMP as text, for the privacy scan."""

    personal: tuple[str, ...]
    texts: tuple[str, ...] = ()


def too_many_pixels(data: bytes) -> str | None:
    """A Dutch description ('30000 × 30000 pixels') when the image has more than MAX_PIXELS,
    read from its header; None when it has fewer or is not an image Pillow knows."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)  # from the headers, nothing decoded
    except Image.DecompressionBombError as exc:  # Pillow's own limit, which names the count
        count = re.search(r"\((\d+) pixels\)", str(exc))
        return f"{int(count.group(1)) if count else 2 * MAX_PIXELS:_} pixels".replace("_", ".")
    except _READ_ERRORS:
        return None
    if width * height > MAX_PIXELS:
        return f"{width} × {height} pixels"
    if width * height * frames > 2 * MAX_PIXELS:  # an animation is decoded frame by frame
        return f"{frames} beelden van {width} × {height} pixels"
    return None


def inspect_image(data: bytes) -> ImageMetadata | None:
    """The personal metadata of an image; None when it is not an image Pillow can read.

    Every EXIF block in the file is read, not only the one Pillow finds first: a junk byte
    before it or a second image appended (a motion photo) hides it from Pillow, not from a
    reader of the file."""
    if too_many_pixels(data):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                exifs = [image.getexif()]
                info = dict(image.info)
                comments = [info.get("comment", b"")]
                if getattr(image, "n_frames", 1) > 1:
                    for frame in ImageSequence.Iterator(image):
                        comments.append(frame.info.get("comment", b""))
    except _READ_ERRORS:
        return None
    exifs += _embedded_exifs(data)
    personal: list[str] = []
    for exif in exifs:
        for label in _personal_in(exif):
            if label not in personal:
                personal.append(label)
    texts = [_text(c) for c in comments if c]
    texts += [f"{key}: {_text(value)}" for key, value in info.items() if _is_text_chunk(key, value)]
    for xmp in _xmp_packets(data):
        if re.search(r"GPS(?:Latitude|Longitude)|exif:GPS", xmp) and "GPS-locatie" not in personal:
            personal.append("GPS-locatie")
        owner = re.search(r"dc:creator|tiff:Artist|photoshop:Author|xmpRights:Owner", xmp)
        if owner and "maker" not in personal:
            personal.append("maker")
        texts.append(_xmp_values(xmp))
    return ImageMetadata(tuple(personal), tuple(t for t in texts if t.strip()))


def _personal_in(exif: Image.Exif) -> list[str]:
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
    return personal


def _embedded_exifs(data: bytes) -> list[Image.Exif]:
    """Every EXIF block ('Exif\\0\\0' and a TIFF header) anywhere in the bytes."""
    found: list[Image.Exif] = []
    position = data.find(b"Exif\x00\x00")
    while position >= 0 and len(found) < 20:
        exif = Image.Exif()
        try:
            exif.load(data[position : position + 65_536])
        except _READ_ERRORS:
            pass
        else:
            found.append(exif)
        position = data.find(b"Exif\x00\x00", position + 6)
    return found


def _xmp_packets(data: bytes) -> list[str]:
    """The XMP packets anywhere in the bytes, as text."""
    packets: list[str] = []
    position = data.find(b"<x:xmpmeta")
    while position >= 0 and len(packets) < 20:
        end = data.find(b"</x:xmpmeta>", position)
        stop = end + 12 if end >= 0 else min(len(data), position + 1_000_000)
        packets.append(data[position:stop].decode("utf-8", "replace"))
        position = data.find(b"<x:xmpmeta", stop)
    return packets


def _xmp_values(xmp: str) -> str:
    """The values in an XMP packet, one per line: element text and attribute values."""
    values = re.findall(r"""=\s*"([^"<>]*)"|>([^<>]+)<""", xmp)
    return "\n".join(" ".join(v.split()) for pair in values for v in pair if v.strip())


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _is_text_chunk(key: object, value: object) -> bool:
    """A text entry of a PNG (tEXt, iTXt, zTXt) that Pillow put in info."""
    # (XMP is read from the bytes by _xmp_packets, wherever it stands)
    if not isinstance(key, str) or key in ("comment", "exif", "icc_profile", "transparency"):
        return False
    return isinstance(value, str) and not value.lstrip().startswith("<x:xmpmeta")


# -- the published copy -----------------------------------------------------------------------


def published_copy(data: bytes) -> bytes | None:
    """The bytes to publish for a raster image: ``data`` itself when it holds only pixel and
    colour data; else, when its layout is regular (nothing unknown, no junk, nothing after the
    end), the same image data without the other segments (lossless and quick, a camera's
    photo); else the image rewritten from its pixels (orientation kept). None when it cannot be
    read or has too many pixels (the check refuses it). What is returned is always plain."""
    if too_many_pixels(data):
        return None
    if is_plain(data):
        return data
    stripped = _without_metadata_segments(data)
    if stripped is not None and is_plain(stripped):
        return stripped
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _rewrite(data)
    except _READ_ERRORS:
        return None


def published_bytes(path: Path) -> bytes | None:
    """Rewritten bytes for a figure that carries anything but pixels; None when the file can go
    as it is (or cannot be read, which the check reports)."""
    if path.suffix.lower() not in RASTER_SUFFIXES:
        return None
    stat = path.stat()
    if not _needs_rewriting(path, stat.st_mtime_ns, stat.st_size):
        return None
    copy = published_copy(path.read_bytes())
    return copy if copy is not None else b""


@lru_cache(maxsize=20_000)
def _needs_rewriting(path: Path, _mtime: int, _size: int) -> bool:
    # remembered per file version, so a rebuild does not read every figure again
    return not is_plain(path.read_bytes())


def _rewrite(data: bytes) -> bytes:
    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        kind = image.format
        icc = image.info.get("icc_profile")
        colour = {"icc_profile": icc} if isinstance(icc, bytes) and icc else {}
        if kind in ("JPEG", "MPO"):
            from PIL import JpegImagePlugin

            fresh = _pixels_only(image)
            options: dict[str, object] = {"quality": 92}
            quantization = getattr(image, "quantization", None)
            if quantization:
                options = {"qtables": quantization}
                sampling = JpegImagePlugin.get_sampling(image)
                if sampling != -1:
                    options["subsampling"] = sampling
            orientation = _orientation(image)
            if orientation != 1:
                options["exif"] = _orientation_exif(orientation)
            fresh.save(out, "JPEG", **options, **colour)
        elif kind == "PNG":
            frames = _frames(image, keep=("transparency", "duration"))
            extra: dict[str, object] = {}
            if len(frames) > 1:
                extra = {"save_all": True, "append_images": frames[1:], "loop": 0}
                extra["duration"] = [f.info.get("duration", 100) for f in frames]
            frames[0].save(out, "PNG", **extra, **colour)
        elif kind == "GIF":
            frames = _frames(image, keep=("transparency", "duration", "background", "loop"))
            extra = {"save_all": len(frames) > 1, "append_images": frames[1:]}
            if len(frames) > 1:
                extra["duration"] = [f.info.get("duration", 100) for f in frames]
                extra["loop"] = image.info.get("loop", 0)
            frames[0].save(out, "GIF", comment=b"", **extra)
        elif kind == "WEBP":
            frames = _frames(image, keep=("transparency", "duration"))
            extra = {"quality": 90}
            if len(frames) > 1:
                extra |= {"save_all": True, "append_images": frames[1:], "loop": 0}
                extra["duration"] = [f.info.get("duration", 100) for f in frames]
            frames[0].save(out, "WEBP", **extra, **colour)
        else:
            raise ValueError(f"geen webformaat: {kind}")
    return out.getvalue()


def _without_metadata_segments(data: bytes) -> bytes | None:
    """A JPEG or PNG with only the segments and chunks a plain image may hold (and the
    orientation); None when its layout is irregular or not one of these two formats."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png_chunks_kept(data)
        if data.startswith(b"\xff\xd8"):
            return _jpeg_segments_kept(data)
    except (*_READ_ERRORS, IndexError, KeyError, TypeError):
        return None  # irregular: rewritten from its pixels instead
    return None


def _png_chunks_kept(data: bytes) -> bytes | None:
    out = bytearray(data[:8])
    position = 8
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if kind in _PNG_PLAIN:
            out += data[position:end]
        position = end
        if kind == b"IEND":
            return bytes(out) if position == len(data) else None
    return None


def _jpeg_segments_kept(data: bytes) -> bytes | None:
    out = bytearray(data[:2])
    position = 2
    orientation = 1
    while data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the rest is image data, checked by is_plain
            kept = _orientation_exif(orientation) if orientation != 1 else b""
            segment = b"\xff\xe1" + struct.pack(">H", len(kept) + 2) + kept if kept else b""
            # after the APP0 (JFIF) segment if there is one, as readers expect
            at = 4 + struct.unpack(">H", out[4:6])[0] if out[2:4] == b"\xff\xe0" else 2
            return bytes(out[:at]) + segment + bytes(out[at:]) + data[position:]
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        end = position + 2 + length
        if marker == 0xE1 and data[position + 4 : position + 10] == b"Exif\x00\x00":
            exif = Image.Exif()
            exif.load(data[position + 4 : end])
            value = exif.get(_ORIENTATION, 1)
            orientation = value if isinstance(value, int) and 1 <= value <= 8 else 1
        elif marker in (0xE0, 0xE2, 0xEE) or not (0xE1 <= marker <= 0xEF or marker == 0xFE):
            out += data[position:end]  # all but EXIF, XMP, IPTC, comments, other APPn
        position = end
    return None  # junk where a marker must stand


def _pixels_only(image: Image.Image, keep: tuple[str, ...] = ()) -> Image.Image:
    """A copy of the image's pixels (and palette) with no metadata from the file."""
    fresh = image.copy()
    fresh.info = {key: image.info[key] for key in keep if key in image.info}
    return fresh


def _frames(image: Image.Image, keep: tuple[str, ...] = ("duration",)) -> list[Image.Image]:
    return [_pixels_only(frame, keep) for frame in ImageSequence.Iterator(image)][:1000]


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except _READ_ERRORS:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


# -- is an image only pixels? A strict walk over its structure ----------------------------------


def is_plain(data: bytes) -> bool:
    """Whether the image holds nothing but pixel and colour data in a layout we understand:
    anything else (metadata, comments, unknown parts, junk, bytes after the end) is not."""
    try:
        if data.startswith(b"\xff\xd8"):
            return _plain_jpeg(data)
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _plain_png(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _plain_webp(data)
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return _plain_gif(data)
    except (IndexError, ValueError, struct.error):
        return False  # cut short: not a layout we understand
    return False


#: JPEG markers that hold only coding and colour data: SOFn, DHT, DQT, DRI
_JPEG_PLAIN = {*range(0xC0, 0xC4), *range(0xC5, 0xC8), *range(0xC9, 0xCC), *range(0xCD, 0xD0)}
_JPEG_PLAIN |= {0xC4, 0xDB, 0xDD}


def _orientation_exif(orientation: int) -> bytes:
    """The EXIF block the rewrite writes to keep a photo's orientation, and nothing else."""
    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    return exif.tobytes()


#: the only APP1 segments a plain JPEG may hold: exactly what the rewrite writes
_ORIENTATION_ONLY = frozenset(_orientation_exif(value) for value in range(2, 9))


def _plain_jpeg(data: bytes) -> bool:
    position = 2
    while True:
        if data[position] != 0xFF:
            return False  # junk where a marker must stand
        marker = data[position + 1]
        if marker == 0xD9:  # end of image: nothing may follow
            return position + 2 == len(data)
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segment = data[position + 4 : position + 2 + length]
        if marker == 0xE0:
            if not segment.startswith(b"JFIF\x00") or len(segment) != 14:
                return False  # JFXX or a JFIF thumbnail
        elif marker == 0xE2:
            if not segment.startswith(b"ICC_PROFILE\x00"):
                return False
        elif marker == 0xE1:
            if segment not in _ORIENTATION_ONLY:
                return False  # EXIF beyond the orientation the rewrite keeps, or XMP
        elif marker == 0xEE:
            if not segment.startswith(b"Adobe"):
                return False
        elif marker != 0xDA and marker not in _JPEG_PLAIN:
            return False  # APP1 (EXIF, XMP), APP13 (IPTC), COM, anything unknown
        position += 2 + length
        if marker == 0xDA:  # scan data up to the next marker that is not a restart or a 0xFF00
            while True:
                position = data.index(b"\xff", position)
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    position += 2
                elif following == 0xFF:
                    position += 1
                else:
                    break


_PNG_PLAIN = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"pHYs",
    b"sBIT", b"bKGD", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip


def _plain_png(data: bytes) -> bool:
    position = 8
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        if kind not in _PNG_PLAIN:
            return False  # tEXt, iTXt, zTXt, eXIf, tIME, anything unknown
        position += 12 + length
        if kind == b"IEND":
            return position == len(data)
    return False


_WEBP_PLAIN = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}


def _plain_webp(data: bytes) -> bool:
    (riff_size,) = struct.unpack("<I", data[4:8])
    if riff_size + 8 != len(data):
        return False
    position = 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        (size,) = struct.unpack("<I", data[position + 4 : position + 8])
        if kind not in _WEBP_PLAIN:
            return False  # EXIF, XMP, anything unknown
        if kind == b"VP8X" and data[position + 8] & 0x0C:
            return False  # says EXIF or XMP follows
        position += 8 + size + (size & 1)
    return position == len(data)


def _plain_gif(data: bytes) -> bool:
    flags = data[10]
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while True:
        block = data[position]
        if block == 0x3B:  # trailer: nothing may follow
            return position + 1 == len(data)
        if block == 0x2C:  # an image: descriptor, local colour table, LZW data
            flags = data[position + 9]
            position += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
        elif block == 0x21:
            label = data[position + 1]
            if label == 0xFF:  # application extension: only the NETSCAPE loop count
                if data[position + 3 : position + 14] not in (b"NETSCAPE2.0", b"ANIMEXTS1.0"):
                    return False
            elif label != 0xF9:  # a graphic control is fine; comments and plain text are not
                return False
            position += 2
        else:
            return False
        while data[position]:  # sub-blocks up to the terminator
            position += data[position] + 1
        position += 1


# -- SVG: an allow-list of elements and attributes, read by a real XML parser ------------------

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
#: drawing programs' own namespaces: elements and attributes a browser ignores
_INERT = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Flows/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/GenericCustomNamespace/1.0/",
    "http://ns.adobe.com/XPath/1.0/",
}
_SVG_ELEMENTS = frozenset(
    """svg g defs desc title metadata symbol use switch path rect circle ellipse line polyline
    polygon text tspan textPath linearGradient radialGradient stop pattern clipPath mask marker
    filter style image feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
    feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset
    fePointLight feSpecularLighting feSpotLight feTile feTurbulence""".split()
)
_SVG_ATTRIBUTES = frozenset(
    """id class style transform d x y x1 y1 x2 y2 cx cy r rx ry width height viewBox
    preserveAspectRatio points pathLength fill fill-opacity fill-rule stroke stroke-width
    stroke-linecap stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset
    stroke-opacity opacity font-family font-size font-size-adjust font-weight font-style
    font-variant font-stretch font text-anchor dominant-baseline alignment-baseline
    baseline-shift letter-spacing word-spacing text-decoration writing-mode direction
    unicode-bidi dx dy rotate textLength lengthAdjust startOffset method spacing side path
    offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod fx fy fr
    patternUnits patternContentUnits patternTransform clip-path clip-rule clipPathUnits mask
    maskUnits maskContentUnits marker-start marker-mid marker-end markerWidth markerHeight
    markerUnits refX refY orient filter filterUnits primitiveUnits in in2 result stdDeviation
    operator k1 k2 k3 k4 mode values type tableValues slope intercept amplitude exponent
    flood-color flood-opacity baseFrequency numOctaves seed stitchTiles scale
    xChannelSelector yChannelSelector radius order kernelMatrix divisor bias targetX targetY
    edgeMode kernelUnitLength preserveAlpha surfaceScale diffuseConstant specularConstant
    specularExponent lighting-color azimuth elevation z pointsAtX pointsAtY pointsAtZ
    limitingConeAngle color color-interpolation color-interpolation-filters color-rendering
    shape-rendering text-rendering image-rendering display visibility overflow version
    baseProfile enable-background vector-effect paint-order mix-blend-mode isolation
    requiredFeatures requiredExtensions systemLanguage lang media href role aria-label
    aria-labelledby aria-describedby aria-hidden focusable""".split()
)
_LOCAL_OR_IMAGE = re.compile(r"\s*(?:#|data:image/(?:png|jpe?g|gif|webp)[;,])", re.I)
_CSS_PROBLEM = re.compile(
    r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:|behavior|-moz-binding|\\",
    re.I,
)


def svg_problems(data: bytes) -> list[str]:
    """What in an SVG is not on the allow-list of drawing elements and attributes, in Dutch
    words; the file is read by an XML parser that refuses DTDs and entities, in whatever
    encoding it declares (UTF-8, UTF-16, …)."""
    from xml.etree.ElementTree import ParseError, TreeBuilder

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    instructions: list[str] = []

    class Builder(TreeBuilder):
        def pi(self, target: str, text: str | None = None) -> None:  # type: ignore[override]
            instructions.append(target)  # '<?xml-stylesheet ...?>' loads a stylesheet

    try:
        # a DOCTYPE naming the SVG DTD is harmless (Illustrator and matplotlib write one);
        # entity declarations and external references are refused
        parser = DefusedXMLParser(
            target=Builder(), forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        return ["een ENTITY-declaratie of een verwijzing naar een extern bestand"]
    except (ParseError, ValueError, LookupError) as exc:
        return [f"geen geldige XML ({exc})"]
    problems: list[str] = []

    def add(problem: str) -> None:
        if problem not in problems and len(problems) < 10:
            problems.append(problem)

    for target in instructions:
        add(f"een verwerkingsinstructie <?{target}?>")
    if _name(root.tag) != (_SVG, "svg"):
        add("geen <svg>-element in de SVG-namespace als begin")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        namespace, local = _name(element.tag)
        if namespace in _INERT:
            continue  # a drawing program's notes: the browser ignores them and what is inside
        if namespace != _SVG or local not in _SVG_ELEMENTS:
            add(f"een element <{local}> dat niet op de lijst van toegestane SVG-elementen staat")
            continue
        if local == "style" and _CSS_PROBLEM.search(element.text or ""):
            add("CSS in <style> die iets van elders laadt (url(), @import)")
        for attribute, value in element.attrib.items():
            problem = _attribute_problem(attribute, value)
            if problem:
                add(problem)
    return problems


def _name(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _attribute_problem(attribute: str, value: str) -> str | None:
    namespace, local = _name(attribute)
    if namespace in _INERT or (namespace == _XML and local in ("space", "lang")):
        return None
    if local.lower().startswith("on"):
        return f"een event-handler ({local}=)"
    if namespace not in ("", _XLINK) or (namespace == _XLINK and local not in ("href", "title")):
        return f"een attribuut {local} dat niet op de lijst van toegestane attributen staat"
    if namespace == "" and local not in _SVG_ATTRIBUTES:
        return f"een attribuut {local} dat niet op de lijst van toegestane attributen staat"
    if local == "href" and not _LOCAL_OR_IMAGE.match(value):
        return "een verwijzing naar een ander bestand of adres"
    if _CSS_PROBLEM.search(value) or "javascript" in value.lower():
        return f"een waarde van {local} die iets van elders laadt of script bevat"
    return None
