"""Figures and attachments publish no personal data they carry out of sight: metadata, comments,
XMP, tracked changes, hidden parts; images are published with nothing but their pixels, SVG only
when every element and attribute is on the allow-list, and an image too large to decode safely
is refused before it is decoded."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from conftest import Repo
from wijs.corpus import load_corpus
from wijs.diagnostics import Diagnostic
from wijs.images import inspect_image, is_plain, published_copy, svg_problems

REPORT = "research/2024/eenzaamheid-ouderen-selwerd"
PUBLISHED = "onderzoek/2024/eenzaamheid-ouderen-selwerd"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://'
    b'purl.org/dc/elements/1.1/" exif:GPSLatitude="53,13.08N" exif:GPSLongitude="6,33.01E">'
    b"<dc:creator>Jan Fotograaf 06-12345678</dc:creator></rdf:Description></rdf:RDF>"
    b"</x:xmpmeta>"
)


def problems(repo: Repo, prefix: str = "privacy-") -> list[Diagnostic]:
    return [d for d in load_corpus(repo.research).diagnostics if d.code.startswith(prefix)]


def pixels(colour: tuple[int, int, int] = (200, 30, 30)) -> Image.Image:
    return Image.new("RGB", (16, 8), colour)


def jpeg(**options: object) -> bytes:
    buffer = io.BytesIO()
    pixels().save(buffer, "JPEG", quality=90, **options)
    return buffer.getvalue()


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = "Jan Fotograaf"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (53.0, 13.0, 5.0), "E", (6.0, 33.0, 1.0)
    return exif


def junk_before_app1() -> bytes:
    data = jpeg(exif=gps_exif())
    app1 = data.index(b"\xff\xe1")
    return data[:app1] + b"\x00" + data[app1:]


def motion_photo() -> bytes:
    """A clean JPEG with a second JPEG (with GPS) appended, as phones store motion photos."""
    return jpeg() + jpeg(exif=gps_exif())


def gif_with_comment(comment: bytes) -> bytes:
    buffer = io.BytesIO()
    pixels().save(buffer, "GIF", comment=comment)
    return buffer.getvalue()


def png_with_xmp() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buffer = io.BytesIO()
    pixels().save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def webp_with_gps() -> bytes:
    buffer = io.BytesIO()
    pixels().save(buffer, "WEBP", exif=gps_exif())
    return buffer.getvalue()


# every way a figure can carry metadata: (name, bytes, what the scan must say)
ATTACKS: list[tuple[str, bytes, str]] = [
    ("junk.jpg", junk_before_app1(), "GPS-locatie"),
    ("motion.jpg", motion_photo(), "GPS-locatie"),
    ("xmp.jpg", jpeg(xmp=XMP), "GPS-locatie"),
    ("xmp.png", png_with_xmp(), "GPS-locatie"),
    ("gps.webp", webp_with_gps(), "GPS-locatie"),
]


@pytest.mark.parametrize(("name", "data", "said"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_hidden_location_in_a_figure_is_flagged(
    repo: Repo, name: str, data: bytes, said: str
) -> None:
    path = repo.add_report(body=f"![Het buurthuis](figures/{name})\n")
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / name).write_bytes(data)
    found = problems(repo)
    exif = [d for d in found if d.code == "privacy-exif"]
    assert len(exif) == 1 and said in exif[0].message
    assert exif[0].path == f"{REPORT}/figures/{name}"


@pytest.mark.parametrize(
    ("name", "data"),
    [(n, d) for n, d, _ in ATTACKS] + [("comment.gif", gif_with_comment(b"Gemaakt door Jan"))],
    ids=[a[0] for a in ATTACKS] + ["comment.gif"],
)
def test_the_published_copy_of_a_figure_holds_only_its_pixels(name: str, data: bytes) -> None:
    copy = published_copy(data)
    assert copy is not None and copy != data
    assert is_plain(copy)
    for secret in (b"Jan", b"GPS", b"Exif", b"xmpmeta", b"06-1234"):
        assert secret not in copy
    assert copy.count(b"\xff\xd8") <= 1  # no second image
    metadata = inspect_image(copy)
    assert metadata is not None and metadata.personal == () and metadata.texts == ()
    with Image.open(io.BytesIO(copy)) as image:
        assert image.size == (16, 8)
        red, green, blue = image.convert("RGB").getpixel((8, 4))  # type: ignore[misc]
        assert red > 150 and green < 80 and blue < 80


def test_a_gif_comment_with_a_phone_number_is_flagged_as_metadata(repo: Repo) -> None:
    path = repo.add_report(body="![Tekening](figures/t.gif)\n")
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "t.gif").write_bytes(gif_with_comment(b"Bel Jan: 06-12345678"))
    found = problems(repo)
    assert [d.code for d in found] == ["privacy-phone"]
    assert "(metadata)" in found[0].message and found[0].path == f"{REPORT}/figures/t.gif"


def test_the_site_publishes_figures_rewritten_from_their_pixels(repo: Repo) -> None:
    names = {"junk.jpg": junk_before_app1(), "motion.jpg": motion_photo()}
    names["t.gif"] = gif_with_comment(b"Gemaakt met Paint")
    names["schoon.png"] = _plain_png()
    body = "\n\n".join(f"![Figuur {n}](figures/{n})" for n in names) + "\n"
    path = repo.add_report(
        body=body,
        privacy_exceptions=[
            {"value": f"figures/{n}", "reason": "foto van een openbaar gebouw"}
            for n in ("junk.jpg", "motion.jpg")
        ],
    )
    (path.parent / "figures").mkdir()
    for name, data in names.items():
        (path.parent / "figures" / name).write_bytes(data)
    site = repo.build()
    for name, data in names.items():
        published = (site / PUBLISHED / "figures" / name).read_bytes()
        assert is_plain(published), name
        assert b"Jan Fotograaf" not in published and b"Paint" not in published
        if name == "schoon.png":
            assert published == data  # nothing to remove: the same bytes
    assert b"Jan Fotograaf" in (path.parent / "figures" / "junk.jpg").read_bytes()


def _plain_png() -> bytes:
    buffer = io.BytesIO()
    pixels().save(buffer, "PNG")
    return buffer.getvalue()


# -- too many pixels ----------------------------------------------------------------------------


def huge_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few bytes that claim to be a 30000 × 30000 PNG: decoding it would need gigabytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(repo: Repo) -> None:
    path = repo.add_report(body="![Kaart](figures/kaart.png)\n")
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "kaart.png").write_bytes(huge_png())
    start = time.perf_counter()
    found = load_corpus(repo.research).diagnostics
    assert time.perf_counter() - start < 10
    refused = [d for d in found if d.code == "image-too-many-pixels"]
    assert len(refused) == 1 and refused[0].is_error
    assert "900.000.000 pixels" in refused[0].message and "megapixel" in refused[0].message
    assert published_copy(huge_png()) is None


# -- SVG ----------------------------------------------------------------------------------------

PLAIN_SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
    'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
    'viewBox="0 0 100 50" width="100" height="50" inkscape:version="1.3">'
    '<sodipodi:namedview id="nv" inkscape:zoom="1"/>'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#c33"/></linearGradient>'
    "</defs><style>rect { fill: url(#g); stroke: #000; }</style>"
    '<g transform="translate(1,1)"><rect x="0" y="0" width="40" height="20"/>'
    '<text x="2" y="40" font-family="sans-serif" font-size="8">Bezoekers</text>'
    '<use xlink:href="#g"/></g></svg>'
)

SVG_ATTACKS: list[tuple[str, bytes]] = [
    (
        "prefixed-script",
        b'<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>',
    ),
    (
        "xhtml-script",
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml">'
        b"<h:script>alert(1)</h:script></svg>",
    ),
    (
        "utf16-onload",
        '<?xml version="1.0" encoding="UTF-16"?><svg xmlns="http://www.w3.org/2000/svg" '
        'onload="alert(1)"><rect width="1" height="1"/></svg>'.encode("utf-16"),
    ),
    (
        "entity",
        b'<!DOCTYPE svg [<!ENTITY x "alert(1)">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    ),
    (
        "stylesheet",
        b'<?xml-stylesheet href="https://elders.example/x.css"?>'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
    ),
    (
        "foreign-image",
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://elders.example/p.png"/>'
        b"</svg>",
    ),
    (
        "css-import",
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://x/y.css";</style></svg>',
    ),
    (
        "animate-href",
        b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:1"/>'
        b"</svg>",
    ),
]


#: the start of what matplotlib writes (DOCTYPE, metadata in RDF, clip paths, glyphs by use)
MATPLOTLIB_SVG = b"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="460.8pt" height="345.6pt"
 viewBox="0 0 460.8 345.6" xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata>
  <rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
   <cc:Work><dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/>
    <dc:creator><cc:Agent><dc:title>Matplotlib v3.8.0, https://matplotlib.org/</dc:title>
    </cc:Agent></dc:creator></cc:Work>
  </rdf:RDF>
 </metadata>
 <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>
 <g id="figure_1"><g id="patch_1">
  <path d="M 0 345.6 L 460.8 345.6 L 460.8 0 L 0 0 z" style="fill: #ffffff"/></g>
  <g id="axes_1" clip-path="url(#p3f1c)">
   <defs><path id="DejaVuSans-30" d="M 2034 4250 Q 1547 4250 1301 3770 z" transform="scale(0.015625)"/></defs>
   <use xlink:href="#DejaVuSans-30" x="57.6" y="307.584" style="stroke: #000000"/>
   <text x="10" y="20" xml:space="preserve">Bezoekers per maand</text>
  </g></g>
 <defs><clipPath id="p3f1c"><rect x="57.6" y="41.472" width="357.12" height="266.112"/></clipPath></defs>
</svg>
"""


def test_a_plain_drawing_from_inkscape_or_matplotlib_passes_the_svg_allow_list() -> None:
    assert svg_problems(MATPLOTLIB_SVG) == []
    assert svg_problems(PLAIN_SVG.encode()) == []
    assert svg_problems(PLAIN_SVG.replace("UTF-8", "UTF-16").encode("utf-16")) == []


@pytest.mark.parametrize(("name", "data"), SVG_ATTACKS, ids=[a[0] for a in SVG_ATTACKS])
def test_an_svg_that_could_run_script_or_load_from_elsewhere_is_refused(
    repo: Repo, name: str, data: bytes
) -> None:
    path = repo.add_report(body=f"![Tekening](figures/{name}.svg)\n")
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / f"{name}.svg").write_bytes(data)
    refused = [d for d in load_corpus(repo.research).diagnostics if d.code == "unsafe-svg"]
    assert len(refused) == 1 and refused[0].is_error
    assert f"figures/{name}.svg bevat " in refused[0].message


# -- attachments ----------------------------------------------------------------------------


def _attach(repo: Repo, name: str, data: bytes) -> None:
    path = repo.add_report()
    (path.parent / "attachments").mkdir()
    (path.parent / "attachments" / name).write_bytes(data)


def _docx(tmp_path: Path, **parts: str) -> bytes:
    """A real Word file (made by pandoc) with parts added or changed."""
    import pypandoc

    target = tmp_path / "basis.docx"
    pypandoc.convert_text("Gewone tekst.", "docx", format="markdown", outputfile=str(target))
    named = {
        {"core": "docProps/core.xml"}.get(key, key.replace("__", "/").replace("_xml", ".xml")): text
        for key, text in parts.items()
        if key != "deleted"
    }
    out = io.BytesIO()
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(out, "w") as result:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml" and "deleted" in parts:
                data = data.replace(b"<w:sectPr", parts["deleted"].encode() + b"<w:sectPr", 1)
            result.writestr(info, named.pop(info.filename, None) or data)
        for name, text in named.items():
            result.writestr(name, text)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_a_phone_number_in_a_word_header_is_found(repo: Repo, tmp_path: Path) -> None:
    header = f"<w:hdr {W}><w:p><w:r><w:t>Contact: 06-12345678</w:t></w:r></w:p></w:hdr>"
    _attach(repo, "verslag.docx", _docx(tmp_path, word__header1_xml=header))
    found = problems(repo)
    assert [d.code for d in found] == ["privacy-phone"]
    assert "(kop- of voettekst)" in found[0].message


def test_personal_data_in_word_properties_is_found(repo: Repo, tmp_path: Path) -> None:
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Interviews'
        "</dc:title><dc:description>Respondent Jan de Vries, bel 06-12345678</dc:description>"
        "</cp:coreProperties>"
    )
    _attach(repo, "verslag.docx", _docx(tmp_path, core=core))
    found = problems(repo)
    assert sorted(d.code for d in found) == ["privacy-name", "privacy-phone"]
    assert all("(metadata)" in d.message for d in found)


@pytest.mark.parametrize("what", ["comments", "deleted"])
def test_a_word_file_with_comments_or_tracked_deletions_is_refused(
    repo: Repo, tmp_path: Path, what: str
) -> None:
    if what == "comments":
        comments = (
            f'<w:comments {W}><w:comment w:id="0" w:author="Docent"><w:p><w:r><w:t>Is dit '
            "mevrouw Jansen?</w:t></w:r></w:p></w:comment></w:comments>"
        )
        data = _docx(tmp_path, word__comments_xml=comments)
        said = "opmerkingen"
    else:
        deleted = (
            '<w:p><w:del w:id="1" w:author="Student" w:date="2024-01-01T00:00:00Z"><w:r>'
            "<w:delText>Respondent Jan de Vries</w:delText></w:r></w:del></w:p>"
        )
        data = _docx(tmp_path, deleted=deleted)
        said = "bijgehouden wijzigingen"
    _attach(repo, "verslag.docx", data)
    found = problems(repo)
    assert [d.code for d in found] == ["privacy-hidden-content"]
    assert said in found[0].message and found[0].is_error
    assert found[0].path == f"{REPORT}/attachments/verslag.docx"
    assert "Document inspecteren" in found[0].hint


def test_pdf_author_and_subject_are_scanned(repo: Repo) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Respondent Jan de Vries", "/Subject": "Bel 06-12345678"})
    out = io.BytesIO()
    writer.write(out)
    _attach(repo, "bijlage.pdf", out.getvalue())
    found = problems(repo)
    assert sorted(d.code for d in found) == ["privacy-name", "privacy-phone"]
    assert all("(metadata)" in d.message for d in found)


def _xlsx(sheet_name: str, comment: str | None) -> bytes:
    out = io.BytesIO()
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook {main}><sheets><sheet name="{sheet_name}" sheetId="1"/></sheets>'
            "</workbook>",
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet {main}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Aantal'
            "</t></is></c></row></sheetData></worksheet>",
        )
        if comment:
            archive.writestr(
                "xl/comments1.xml",
                f'<comments {main}><commentList><comment ref="A1"><text><t>{comment}</t>'
                "</text></comment></commentList></comments>",
            )
    return out.getvalue()


def test_spreadsheet_sheet_names_are_scanned(repo: Repo) -> None:
    _attach(repo, "data.xlsx", _xlsx("Bel 06-12345678", None))
    found = problems(repo)
    assert [d.code for d in found] == ["privacy-phone"] and "(bladnamen)" in found[0].message


def test_a_spreadsheet_with_comments_is_refused(repo: Repo) -> None:
    _attach(repo, "data.xlsx", _xlsx("Blad1", "Dit is de buurman van Jan"))
    assert [d.code for d in problems(repo)] == ["privacy-hidden-content"]


def test_a_utf16_csv_is_read_as_text(repo: Repo) -> None:
    _attach(repo, "deelnemers.csv", "naam;telefoon\nA;06-12345678\n".encode("utf-16"))
    found = problems(repo)
    assert [(d.code, d.line) for d in found] == [("privacy-phone", 2)]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("docx/comments_warning.docx", "opmerkingen"),
        ("docx/track_changes_deletion.docx", "bijgehouden wijzigingen"),
        ("docx/track_changes_insertion.docx", "bijgehouden wijzigingen"),
        ("odt/trackedChanges.odt", "bijgehouden wijzigingen"),
    ],
)
def test_real_word_and_odt_files_with_comments_or_changes_are_refused(
    repo: Repo, name: str, said: str
) -> None:
    from conftest import CORPUS

    _attach(repo, Path(name).name, (CORPUS / name).read_bytes())
    found = problems(repo)
    assert [d.code for d in found] == ["privacy-hidden-content"]
    assert said in found[0].message


@pytest.mark.parametrize("name", ["docx/headers.docx", "odt/headers.odt", "docx/tables.docx"])
def test_real_word_and_odt_files_without_hidden_content_pass(repo: Repo, name: str) -> None:
    from conftest import CORPUS

    _attach(repo, Path(name).name, (CORPUS / name).read_bytes())
    assert problems(repo) == []


def test_a_comment_on_a_pdf_page_is_scanned(repo: Repo) -> None:
    from pypdf import PdfWriter
    from pypdf.annotations import Text

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_annotation(0, Text(rect=(20, 20, 60, 60), text="Respondent Jan de Vries"))
    out = io.BytesIO()
    writer.write(out)
    _attach(repo, "bijlage.pdf", out.getvalue())
    found = problems(repo)
    assert [d.code for d in found] == ["privacy-name"] and "(opmerkingen)" in found[0].message


@pytest.mark.parametrize("cut", [3, 30, -20, -3])
def test_a_cut_off_image_is_not_taken_for_a_plain_one(cut: int) -> None:
    assert not is_plain(jpeg()[:cut])
    assert not is_plain(_plain_png()[:cut])


def test_a_camera_photo_loses_its_metadata_without_being_recompressed() -> None:
    exif = gps_exif()
    exif[0x0112] = 6  # stands the right way up when turned
    data = jpeg(exif=exif, xmp=XMP, comment=b"Jan Fotograaf")
    copy = published_copy(data)
    assert copy is not None and is_plain(copy)
    scan = data.index(b"\xff\xda")
    assert copy.endswith(data[scan:])  # the same compressed pixels, byte for byte
    assert b"Jan" not in copy and b"xmpmeta" not in copy
    with Image.open(io.BytesIO(copy)) as image:
        assert image.getexif().get(0x0112) == 6
