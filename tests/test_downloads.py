"""Readers download every report as PDF and DOCX, and see its attachments listed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
from click.testing import CliRunner

from conftest import REPO, Repo
from wijs.cli import main
from wijs.convert.pandoc import pandoc_path

FIGURE = REPO / "research" / "2018" / "brieven-spreekuur-wijkbedrijf-selwerd" / "figures"
BIB = """@book{cacioppo2008,
  author = {Cacioppo, John T. and Patrick, William},
  title = {Loneliness: Human Nature and the Need for Social Connection},
  publisher = {W. W. Norton},
  year = {2008}
}
"""
BODY = """## Inleiding

Eenzaamheid is een bekend probleem [@cacioppo2008, p. 12].

![Staafdiagram van de soorten brieven](figures/soorten-brieven.png)

## Methode

We spraken met twaalf bewoners.
"""
SLUG = "eenzaamheid-ouderen-selwerd"
URL = f"onderzoek/2024/{SLUG}/"


def report_with_extras(repo: Repo) -> Path:
    index = repo.add_report(body=BODY)
    folder = index.parent
    (folder / "references.bib").write_text(BIB, encoding="utf-8")
    (folder / "figures").mkdir()
    shutil.copy(FIGURE / "soorten-brieven.png", folder / "figures")
    (folder / "attachments").mkdir()
    (folder / "attachments" / "vragenlijst.csv").write_text("vraag;antwoord\n" * 200)
    return folder


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_reader_downloads_pdf_and_docx_with_title_block_and_references(repo: Repo) -> None:
    report_with_extras(repo)
    repo.write_mkdocs(downloads=True)
    repo.build()
    html = repo.page(URL)
    assert f'href="{SLUG}.pdf"' in html and f'href="{SLUG}.docx"' in html
    assert 'href="attachments/vragenlijst.csv"' in html
    assert "(CSV, 3 kB)" in html
    # Google Scholar finds the PDF; the Dublin Core of the page and of open data name it too
    pdf_tag = re.search(r'<meta name="citation_pdf_url" content="([^"]*)">', html)
    assert pdf_tag is not None and pdf_tag.group(1).endswith(f"/{URL}{SLUG}.pdf")
    assert '<meta name="DC.format" content="application/pdf">' in html
    oai = (repo.root / "site" / "data" / "oai" / f"2024-{SLUG}.xml").read_text(encoding="utf-8")
    assert f"{URL}{SLUG}.pdf</dc:identifier>" in oai
    site = repo.root / "site" / URL
    text = pdf_text(site / f"{SLUG}.pdf")
    assert "Eenzaamheid onder ouderen in Selwerd" in text
    assert "Fatima El Amrani" in text and "Hanzehogeschool" in text and "Selwerd" in text
    assert "CC BY 4.0" in text
    assert "Cacioppo, J. T., & Patrick, W. (2008)" in text  # APA reference list
    assert "(Cacioppo & Patrick, 2008, p. 12)" in text
    assert "1 / " in text  # page numbers
    reader = pypdf.PdfReader(io.BytesIO((site / f"{SLUG}.pdf").read_bytes()))
    assert any(page.images for page in reader.pages)  # the figure is in it
    back = subprocess.run(
        [pandoc_path(), "--from=docx", "--to=plain", "--standalone", str(site / f"{SLUG}.docx")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Eenzaamheid onder ouderen in Selwerd" in back
    assert "We spraken met twaalf bewoners." in back
    assert "Cacioppo, J. T., & Patrick, W. (2008)" in back
    assert "Instelling: Hanzehogeschool" in back
    # nothing of the build machine travels in the files: no cache paths among the properties
    import zipfile

    with zipfile.ZipFile(site / f"{SLUG}.docx") as docx:
        properties = " ".join(
            docx.read(name).decode("utf-8")
            for name in docx.namelist()
            if name.startswith("docProps/")
        )
    assert str(repo.root) not in properties and ".csl" not in properties
    assert str(repo.root).encode() not in (site / f"{SLUG}.pdf").read_bytes()


def test_unchanged_report_is_not_typeset_again(repo: Repo) -> None:
    folder = report_with_extras(repo)
    repo.write_mkdocs(downloads=True)
    repo.build()
    cache = repo.root / ".cache" / "wijs" / "downloads"
    first = {p.name: p.stat().st_ino for p in cache.iterdir()}
    assert len(first) == 3  # the PDF, the DOCX and their seal (wijs.cache_seal)
    repo.build()
    assert {p.name: p.stat().st_ino for p in cache.iterdir()} == first
    # a changed figure is a changed PDF
    (folder / "figures" / "soorten-brieven.png").write_bytes(
        (folder / "figures" / "soorten-brieven.png").read_bytes() + b"\0"
    )
    repo.build()
    assert len(list(cache.iterdir())) == 6
    # two new reports are typeset by worker processes, after Typst already ran in this one
    repo.add_report(slug="tweede-rapport", title="Tweede rapport")
    repo.add_report(slug="derde-rapport", title="Derde rapport")
    repo.build()
    assert len(list(cache.iterdir())) == 12
    assert "Derde rapport" in pdf_text(
        repo.root / "site" / "onderzoek/2024/derde-rapport/derde-rapport.pdf"
    )


def test_without_downloads_no_links_but_attachments_still_listed(repo: Repo) -> None:
    report_with_extras(repo)
    repo.build()  # the test repository builds without downloads, like `wijs serve`
    html = repo.page(URL)
    assert f"{SLUG}.pdf" not in html and f"{SLUG}.docx" not in html
    assert "citation_pdf_url" not in html  # no PDF, no promise of one
    assert 'href="attachments/vragenlijst.csv"' in html
    assert not (repo.root / "site" / URL / f"{SLUG}.pdf").exists()
    assert not (repo.root / ".cache" / "wijs" / "downloads").exists()


def test_build_no_downloads_option_skips_typesetting(repo: Repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    repo.add_report()
    repo.write_mkdocs(downloads=True)  # mkdocs.yml asks for downloads; --no-downloads wins
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["build", "--no-downloads"])
    assert result.exit_code == 0, result.output
    assert "Downloads" not in repo.page(URL)
    assert not (repo.root / ".cache" / "wijs" / "downloads").exists()
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert (repo.root / "site" / URL / f"{SLUG}.pdf").is_file()


def test_the_downloads_embed_the_plain_copy_of_a_photo_the_site_publishes(repo: Repo) -> None:
    """A photo's metadata (camera, software, comments) is left out of the PDF and the DOCX as
    it is out of the site. Location or owner data would stop the build altogether."""
    import zipfile

    from PIL import Image

    from wijs.images import is_plain

    exif = Image.Exif()
    exif[0x0131] = "Testcamera firmware 9.9"  # Software
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), (30, 120, 200)).save(buffer, "JPEG", exif=exif, quality=90)
    assert not is_plain(buffer.getvalue())
    index = repo.add_report(body="## Buurthuis\n\n![Het buurthuis van buiten](figures/foto.jpg)\n")
    (index.parent / "figures").mkdir()
    (index.parent / "figures" / "foto.jpg").write_bytes(buffer.getvalue())
    repo.write_mkdocs(downloads=True)
    repo.build()
    site = repo.root / "site" / URL
    pdf = (site / f"{SLUG}.pdf").read_bytes()
    assert any(page.images for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert b"Testcamera" not in pdf
    with zipfile.ZipFile(site / f"{SLUG}.docx") as docx:
        media = [docx.read(n) for n in docx.namelist() if n.startswith("word/media/")]
    assert media and all(is_plain(data) and b"Testcamera" not in data for data in media)
