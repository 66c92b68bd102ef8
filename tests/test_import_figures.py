"""`wijs import` writes the photos of a Word file into the repository with only their pixels:
location, camera and owner data are removed before the figure is written, and the output says
so."""

from __future__ import annotations

import io
from pathlib import Path

import pypandoc
from click.testing import CliRunner
from PIL import Image

from conftest import Repo
from wijs.cli import main
from wijs.images import inspect_image, is_plain


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Jan Fotograaf"  # Artist
    exif[0x0112] = 6  # orientation: kept
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (53.0, 13.0, 5.0), "E", (6.0, 33.0, 1.0)
    buffer = io.BytesIO()
    Image.new("RGB", (32, 16), (30, 120, 200)).save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def word_file_with_photo(tmp_path: Path, photo: bytes) -> Path:
    (tmp_path / "foto.jpg").write_bytes(photo)
    target = tmp_path / "verslag.docx"
    pypandoc.convert_text(
        "# Het buurthuis\n\nZo ziet het eruit.\n\n![Het buurthuis van buiten](foto.jpg)\n",
        "docx",
        format="markdown",
        outputfile=str(target),
        extra_args=[f"--resource-path={tmp_path}"],
    )
    return target


def test_a_gps_photo_in_a_word_import_is_stripped_and_reported(repo: Repo, tmp_path: Path) -> None:
    photo = photo_with_gps()
    source = word_file_with_photo(tmp_path, photo)
    result = CliRunner().invoke(
        main,
        ["import", str(source), "--research", str(repo.research), "--slug", "buurthuis"],
    )
    assert result.exit_code == 0, result.output
    figures = list(repo.research.glob("*/buurthuis/figures/*"))
    assert [f.name for f in figures] == ["figuur-1.jpg"]
    data = figures[0].read_bytes()
    assert is_plain(data) and b"Jan Fotograaf" not in data
    metadata = inspect_image(data)
    assert metadata is not None and metadata.personal == ()
    with Image.open(io.BytesIO(data)) as image:
        assert image.getexif().get(0x0112) == 6 and image.size == (32, 16)
    assert "locatie- of makergegevens" in result.output
    assert "figuur-1.jpg (GPS-locatie, maker)" in result.output
    assert "privacy-exif" not in result.output


def test_a_clean_photo_is_imported_as_it_is_without_a_message(repo: Repo, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 16), (30, 120, 200)).save(buffer, "JPEG", quality=90)
    source = word_file_with_photo(tmp_path, buffer.getvalue())
    result = CliRunner().invoke(
        main, ["import", str(source), "--research", str(repo.research), "--slug", "schoon"]
    )
    assert result.exit_code == 0, result.output
    (figure,) = repo.research.glob("*/schoon/figures/*")
    assert figure.read_bytes() == buffer.getvalue()
    assert "locatie- of makergegevens" not in result.output
