"""The publications are accessible: PDF/UA-1 downloads with alternative texts, Word files with
headings and alt texts, and an alt text required before a report with figures is published."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pypdf
from click.testing import CliRunner

from conftest import REPO, Repo
from wijs.cli import main


def structure(pdf: Path) -> tuple[pypdf.PdfReader, list[dict[str, Any]]]:
    """The PDF and every element of its structure tree (tag, alternative text), in order."""
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    elements: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                elements.append({"tag": str(node["/S"]), "alt": node.get("/Alt")})
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return reader, elements


def pdf_problems(pdf: Path, language: str) -> list[str]:
    """What a screen reader or an archive would miss in ``pdf`` (empty when PDF/UA-1)."""
    reader, elements = structure(pdf)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    tags = [e["tag"] for e in elements]
    problems = []
    if not root.get("/MarkInfo", {}).get("/Marked"):
        problems.append("niet gemarkeerd als tagged PDF")
    if str(root.get("/Lang", "")).split("-")[0] != language:
        problems.append(f"taal {root.get('/Lang')}")
    if "<pdfuaid:part>1</pdfuaid:part>" not in xmp and 'pdfuaid:part="1"' not in xmp:
        problems.append("geen PDF/UA-1-kenmerk in de XMP")
    if "<pdfaid:part>2</pdfaid:part>" not in xmp and 'pdfaid:part="2"' not in xmp:
        problems.append("geen PDF/A-2-kenmerk in de XMP")
    if not (reader.metadata and reader.metadata.title):
        problems.append("geen titel")
    headings = [t for t in tags if t[:2] == "/H" and t[2:].isdigit()]
    if headings and headings[0] != "/H1":
        problems.append(f"eerste kop {headings[0]}")
    problems += [
        f"figuur zonder /Alt: {e}" for e in elements if e["tag"] == "/Figure" and not e["alt"]
    ]
    return problems


def test_every_example_pdf_is_pdf_ua_with_alt_texts_headings_and_table_headers(
    example_site: Path,
) -> None:
    pdfs = sorted(example_site.glob("onderzoek/*/*/*.pdf"))
    assert len(pdfs) >= 12
    problems = {}
    figures = tables = 0
    for pdf in pdfs:
        language = "en" if "voedselbank-donateurs" in pdf.name else "nl"
        _, elements = structure(pdf)
        if "/Title" not in [e["tag"] for e in elements]:
            problems[pdf.name] = ["de titel is niet als titel getagd"]
        if found := pdf_problems(pdf, language):
            problems[pdf.name] = found
        figures += sum(e["tag"] == "/Figure" for e in elements)
        tables += sum(e["tag"] == "/TH" for e in elements) > 0
    assert problems == {}
    assert figures >= 2  # the example figures, each with its description
    assert tables >= 1  # tables keep their header cells


def test_figure_alt_text_in_the_pdf_is_the_authors_description(example_site: Path) -> None:
    pdf = example_site / (
        "onderzoek/2020/eenzaamheid-corona-helpman-de-wijert/eenzaamheid-corona-helpman-de-wijert.pdf"
    )
    _, elements = structure(pdf)
    alts = [str(e["alt"]) for e in elements if e["tag"] == "/Figure"]
    source = (REPO / "research/2020/eenzaamheid-corona-helpman-de-wijert/index.md").read_text(
        encoding="utf-8"
    )
    assert alts and all(alt in source for alt in alts)


def test_jaarverslag_pdf_is_pdf_ua_with_charts_described(tmp_path: Path) -> None:
    output = tmp_path / "jaarverslag.pdf"
    result = CliRunner().invoke(
        main,
        [
            "jaarverslag",
            "2024",
            "--format",
            "pdf",
            "--output",
            str(output),
            "--research",
            str(REPO / "research"),
            "--config",
            str(REPO / "mkdocs.yml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert pdf_problems(output, "nl") == []
    _, elements = structure(output)
    assert sum(e["tag"] == "/Figure" for e in elements) >= 1


def test_word_download_has_title_language_heading_styles_and_alt_texts(
    example_site: Path,
) -> None:
    slug = "eenzaamheid-corona-helpman-de-wijert"
    with zipfile.ZipFile(example_site / f"onderzoek/2020/{slug}/{slug}.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
        core = docx.read("docProps/core.xml").decode("utf-8")
        styles = docx.read("word/styles.xml").decode("utf-8")
    assert "<dc:title>Op afstand en toch dichtbij</dc:title>" in core
    assert "<dc:language>nl</dc:language>" in core and 'w:val="nl"' in styles
    assert '<w:pStyle w:val="Title"' in document
    assert '<w:pStyle w:val="Heading1"' in document and '<w:pStyle w:val="Heading2"' in document
    assert re.search(r'<wp:docPr [^>]*descr="Staafdiagram van de eenzaamheidsscores', document)


def test_approved_report_with_a_figure_without_alt_text_fails_check(repo: Repo) -> None:
    body = '## Resultaten\n\n![](figures/grafiek.png)\n\n<img src="figures/grafiek.png">\n'
    path = repo.add_report(body=body)
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "grafiek.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    run = CliRunner().invoke(main, ["check", "--research", str(repo.research)])
    assert run.exit_code == 1, run.output
    told = " ".join(run.output.split())
    assert told.count("missing-alt") == 2
    assert "geen alternatieve tekst" in told and "niet hoe ze eruitziet" in told


def test_draft_with_a_figure_without_alt_text_is_warned_and_described_one_passes(
    repo: Repo,
) -> None:
    body = (
        "## Resultaten\n\n![](figures/grafiek.png)\n\n"
        '<img src="figures/grafiek.png" alt="Lijngrafiek: bezoek stijgt">\n'
    )
    path = repo.add_report(body=body, status="draft", review=None)
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "grafiek.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    run = CliRunner().invoke(main, ["check", "--research", str(repo.research)])
    told = " ".join(run.output.split())
    assert run.exit_code == 0, run.output
    assert told.count("missing-alt") == 1 and "waarschuwing" in told
