"""A student turns a Word or OpenDocument file into a draft report with `wijs import`."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import CORPUS, Repo, report_fields
from wijs.cli import main
from wijs.convert.importer import ImportOptions, import_document
from wijs.errors import WijsError
from wijs.front_matter import split
from wijs.vocabulary import load_vocabulary

DOCX = CORPUS / "docx"
ODT = CORPUS / "odt"


def run_import(repo: Repo, source: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["import", str(source), "--research", str(repo.research), *args]
    )
    return result.exit_code, result.output


def front_matter(index: Path) -> tuple[dict, str]:
    parts = split(index.read_text(encoding="utf-8"))
    assert parts is not None
    return parts.load().value, parts.body


def folders(research: Path) -> set[str]:
    return {p.relative_to(research).as_posix() for p in research.rglob("*")}


def test_student_imports_zotero_document_as_draft_with_references(repo: Repo) -> None:
    code, output = run_import(
        repo,
        DOCX / "zotero_citations.docx",
        "--slug",
        "klimaat",
        "--wijk",
        "Paddepoel-Noord",
        "--thema",
        "eenzaamheid",
        "--institution",
        "hanzehogeschool",
        "--level",
        "hbo",
    )
    assert code == 0, output
    folder = repo.research / str(dt.date.today().year) / "klimaat"
    fields, body = front_matter(folder / "index.md")
    assert fields["status"] == "draft"
    assert fields["neighbourhood"] == ["paddepoel"]  # alias normalised to the id
    assert fields["authors"] == [{"name": "Frederik Eichler"}]
    assert "consent" in fields and fields["consent"] is None  # present, to be filled in
    text = (folder / "index.md").read_text(encoding="utf-8")
    assert "#   respondents: anonymised" in text
    assert "[@boer2016; @smith2013]" in body
    assert "[prefix @bellomo2016, 2 suffix]" in body
    bib = (folder / "references.bib").read_text(encoding="utf-8")
    assert {"smith2013", "boer2016", "bellomo2016"} <= set(re.findall(r"@\w+\{(\w+),", bib))
    # what is still missing is said, and the same validation as `wijs check` ran
    assert "Nog in te vullen in de front-matter: title, summary." in output
    assert "'title' mag niet leeg zijn" in output
    assert "klimaat/index.md:" in output


def test_mendeley_items_that_share_an_id_become_distinct_sources(repo: Repo) -> None:
    code, output = run_import(repo, DOCX / "mendeley_citations.docx", "--slug", "mendeley")
    assert code == 0, output
    folder = next(repo.research.glob("*/mendeley"))
    _, body = front_matter(folder / "index.md")
    keys = re.findall(r"@([\w-]+)", body)
    assert keys == ["hadwenbennett2018", "seo2019", "lee2011", "koh2015"]
    bib = (folder / "references.bib").read_text(encoding="utf-8")
    assert "author = {Hadwen-Bennett, Alex and Sentance, Sue" in bib
    assert "4 bron(nen)" in output


def test_document_metadata_fills_the_front_matter_and_passes_check(repo: Repo) -> None:
    code, output = run_import(
        repo,
        DOCX / "metadata_after_normal.docx",
        "--year",
        "2014",
        "--wijk",
        "selwerd",
        "--thema",
        "ouderen",
        "--institution",
        "rug",
        "--level",
        "wo",
    )
    assert code == 0, output
    fields, _ = front_matter(repo.research / "2014" / "this-is-the-title" / "index.md")
    assert fields["title"] == "This Is the Title"
    assert fields["authors"] == [{"name": "Mary Ann Evans"}, {"name": "Aurore Dupin"}]
    assert str(fields["date"]) == "2014-07-28"
    assert "Jaar 2014: opgegeven met --year." in output
    assert "Datum 2014-07-28: overgenomen uit de tekst van het document." in output
    assert fields["summary"].startswith("This is a test of how this all works.")
    assert "Nog in te vullen" not in output
    assert "0 fout(en)" in output


def test_the_word_files_old_creation_date_does_not_decide_the_year(repo: Repo) -> None:
    # created 2014-08-16 according to its file properties, imported today without --year
    code, output = run_import(repo, DOCX / "char_styles.docx", "--slug", "stijlen")
    assert code == 0, output
    this_year = dt.date.today().year
    fields, _ = front_matter(repo.research / str(this_year) / "stijlen" / "index.md")
    assert fields["year"] == this_year and "date" not in fields
    assert not (repo.research / "2014").exists()
    assert f"Jaar {this_year}: het jaar van vandaag." in output
    assert "importeer het dan met --year" in output
    assert "Datum 2014-08-16 uit de bestandseigenschappen van het document is niet overgenomen" in (
        output
    )


def test_a_plausible_creation_date_is_taken_and_said_to_be_taken(repo: Repo) -> None:
    code, output = run_import(repo, DOCX / "char_styles.docx", "--slug", "stijl", "--year", "2014")
    assert code == 0, output
    fields, _ = front_matter(repo.research / "2014" / "stijl" / "index.md")
    assert str(fields["date"]) == "2014-08-16"
    assert "Datum 2014-08-16: overgenomen uit de bestandseigenschappen van het document." in output


def test_a_future_date_in_the_document_is_not_taken(repo: Repo) -> None:
    from wijs.convert.importer import _dating

    today = dt.date(2026, 3, 1)
    options = ImportOptions(today=today)
    year, date, told = _dating(dt.date(2026, 11, 30), None, options)
    assert (year, date) == (2026, None)
    assert "Datum 2026-11-30 uit de tekst van het document is niet overgenomen" in told[1]
    year, date, told = _dating(dt.date(2025, 12, 12), dt.date(2009, 1, 1), options)
    assert (year, date) == (2026, dt.date(2025, 12, 12))  # written in December, filed in March


@pytest.mark.parametrize(
    ("source", "figure"),
    [(DOCX / "image_vml.docx", "figuur-1.jpg"), (ODT / "imageIndex.odt", "figuur-1.jpg")],
)
def test_images_are_extracted_into_figures_with_relative_links(
    repo: Repo, source: Path, figure: str
) -> None:
    code, output = run_import(repo, source, "--slug", "plaatjes", "--year", "2023")
    assert code == 0, output
    folder = repo.research / "2023" / "plaatjes"
    _, body = front_matter(folder / "index.md")
    assert (folder / "figures" / figure).stat().st_size > 1000
    assert re.search(rf"!\[[^\]]*\]\(figures/{re.escape(figure)}\)", body)


def test_image_word_cannot_show_on_the_web_is_dropped_with_advice(repo: Repo) -> None:
    code, output = run_import(repo, DOCX / "image_vml_as_object.docx", "--year", "2023")
    assert code == 0, output
    assert "image1.emf (EMF) kan niet op een website getoond worden" in output
    assert not list(repo.research.rglob("*.emf"))


def test_tracked_changes_are_accepted_and_comments_dropped_with_warning(repo: Repo) -> None:
    run_import(repo, DOCX / "track_changes_deletion.docx", "--slug", "weg", "--year", "2023")
    run_import(repo, DOCX / "track_changes_insertion.docx", "--slug", "erbij", "--year", "2023")
    _, deleted = front_matter(repo.research / "2023" / "weg" / "index.md")
    _, inserted = front_matter(repo.research / "2023" / "erbij" / "index.md")
    assert deleted.strip() == "This is a text with a deletion."
    assert "insertion" in inserted
    code, output = run_import(
        repo, DOCX / "comments_warning.docx", "--slug", "opm", "--year", "2023"
    )
    assert code == 0
    assert "1 opmerking(en) uit het document zijn weggelaten" in output
    _, body = front_matter(repo.research / "2023" / "opm" / "index.md")
    assert "This is a comment with some formatting" in body
    assert "Here is a table" not in body and "XYZ" not in body  # the comment itself


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    folder.mkdir()
    empty = folder / "leeg.docx"
    empty.write_bytes(b"")
    pdf = folder / "scriptie.docx"
    pdf.write_bytes(b"%PDF-1.7\n" + b"x" * 500)
    protected = folder / "beveiligd.docx"
    protected.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600
    )
    old = folder / "oud.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    truncated = folder / "afgebroken.docx"
    truncated.write_bytes((DOCX / "tables.docx").read_bytes()[:5000])
    excel = _zip(
        folder / "tabel.docx", {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}
    )
    noise = folder / "ruis.odt"
    noise.write_bytes(bytes(range(256)) * 8)
    return {
        "empty": (empty, "leeg"),
        "pdf": (pdf, "PDF-bestand"),
        "password": (protected, "wachtwoord"),
        "old-doc": (old, "Word 97-2003"),
        "truncated": (truncated, "beschadigd"),
        "excel": (excel, "Excel"),
        "noise": (noise, "geen Word- of OpenDocument-bestand"),
        "unparsable": (DOCX / "ns0-reference.docx", "pandoc kan het document niet lezen"),
    }


def test_broken_or_mislabelled_files_get_one_clear_line_and_nothing_is_written(
    repo: Repo, tmp_path: Path
) -> None:
    before = folders(repo.research)
    for name, (path, reason) in _bad_files(tmp_path / "kapot").items():
        code, output = run_import(repo, path, "--year", "2024")
        assert code == 1, name
        lines = output.strip().splitlines()
        assert len(lines) == 2, (name, output)  # the problem and its hint, as `wijs check` does
        assert lines[0].startswith(f"{path}:1:1: error import-refused "), name
        assert lines[1].startswith("    hint: "), name
        assert reason in lines[0], (name, output)
        assert "Traceback" not in output
        assert folders(repo.research) == before, name


def test_existing_report_is_never_overwritten_without_force(repo: Repo) -> None:
    args = ("--slug", "tabellen", "--year", "2024")
    assert run_import(repo, DOCX / "tables.docx", *args)[0] == 0
    index = repo.research / "2024" / "tabellen" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nMijn eigen aanvulling.\n")
    code, output = run_import(repo, DOCX / "lists.docx", *args)
    assert code == 1
    assert "bestaat al" in output and "--force" in output
    assert "Mijn eigen aanvulling." in index.read_text(encoding="utf-8")
    assert run_import(repo, DOCX / "lists.docx", *args, "--force")[0] == 0
    assert "Mijn eigen aanvulling." not in index.read_text(encoding="utf-8")
    assert [p.name for p in (repo.research / "2024").iterdir()] == ["tabellen"]


def test_slug_cannot_lead_outside_the_research_folder(repo: Repo) -> None:
    before = folders(repo.root)
    code, output = run_import(repo, DOCX / "lists.docx", "--slug", "../../buiten")
    assert code == 1
    assert "geen geldige mapnaam" in output
    assert folders(repo.root) == before


def test_failed_import_leaves_nothing_behind(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    import wijs.convert.importer as importer

    def disk_full(items: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer, "bibtex", disk_full)
    vocabulary = load_vocabulary(repo.research / "vocabulary.yml")
    with pytest.raises(WijsError, match="kon niet worden geschreven"):
        import_document(
            DOCX / "zotero_citations.docx", repo.research, vocabulary, ImportOptions(slug="z")
        )
    assert folders(repo.research) == {"vocabulary.yml"}


# -- the whole corpus ------------------------------------------------------------------------

LEAKED_SYNTAX = re.compile(r":::|\]\{[#.]|\{#[\w-]+\}|\{\.[\w-]+\}|^\s*\+[-=]{3,}", re.M)


def test_every_corpus_document_imports_and_builds_or_is_refused_clearly(repo: Repo) -> None:
    vocabulary = load_vocabulary(repo.research / "vocabulary.yml")
    imported: dict[str, Path] = {}
    refused: dict[str, str] = {}
    sources = sorted(DOCX.glob("*.docx")) + sorted(ODT.glob("*.odt"))
    assert len(sources) > 80
    for number, source in enumerate(sources):
        options = ImportOptions(year=2024, slug=f"doc-{number}")
        try:
            result = import_document(source, repo.research, vocabulary, options)
        except WijsError as exc:
            assert exc.code == "import-refused" and exc.message and exc.hint
            refused[source.name] = str(exc)
            continue
        imported[source.name] = result.folder
    assert len(imported) >= len(sources) - 3, refused
    assert set(refused) <= {"ns0-reference.docx"}
    # every body, with the front-matter completed as a student would, builds in MkDocs
    for name, folder in imported.items():
        _, body = front_matter(folder / "index.md")
        assert not LEAKED_SYNTAX.search(body), (name, body)
        fields = report_fields(title=f"Import van {name}", year=2024, date="2024-05-01")
        figures = sorted((folder / "figures").glob("*")) if (folder / "figures").is_dir() else []
        if figures:  # the student made or may use every figure of their own Word file
            fields["figures"] = [{"file": f"figures/{f.name}", "credit": "own"} for f in figures]
        text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        (folder / "index.md").write_text(f"---\n{text}---\n\n{body}", encoding="utf-8")
    # approved, a figure that had no alt text in Word stops the build until the student writes one
    with pytest.raises(WijsError) as failed:
        repo.build()
    assert {d.code for d in failed.value.diagnostics} == {"missing-alt"}
    for folder in imported.values():
        index = folder / "index.md"
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace("![](", "![Figuur uit het Word-bestand]("), encoding="utf-8")
    repo.build()
    for name, folder in imported.items():
        html = repo.page(f"onderzoek/2024/{folder.name}/")
        assert f"Import van {name}" in html
        for figure in (folder / "figures").glob("*") if (folder / "figures").is_dir() else []:
            assert f'src="figures/{figure.name}"' in html, name
            assert (repo.root / "site" / "onderzoek" / "2024" / folder.name / "figures").is_dir()
    tables = repo.page(f"onderzoek/2024/{imported['tables.docx'].name}/")
    assert "<td>Lebron James</td>" in tables
    notes = repo.page(f"onderzoek/2024/{imported['notes.docx'].name}/")
    assert 'class="footnote"' in notes and "My note." in notes
    shutil.rmtree(repo.root / "site")


def test_word_alt_texts_come_along_and_figures_without_one_are_named(
    repo: Repo, tmp_path: Path
) -> None:
    import pypandoc

    with zipfile.ZipFile(DOCX / "image_vml.docx") as docx:
        (tmp_path / "foto.jpeg").write_bytes(docx.read("word/media/image4.jpeg"))
    shutil.copy(tmp_path / "foto.jpeg", tmp_path / "kaart.jpeg")
    source = tmp_path / "verslag.docx"
    pypandoc.convert_text(
        "# Resultaten\n\nDe bezoekers: ![Bezoekers per maand, van 40 naar 95](foto.jpeg)\n\n"
        "De wijk: ![](kaart.jpeg)\n",
        "docx",
        format="markdown",
        outputfile=str(source),
        extra_args=[f"--resource-path={tmp_path}"],
    )
    with zipfile.ZipFile(source) as docx:
        assert 'descr="Bezoekers per maand, van 40 naar 95"' in docx.read(
            "word/document.xml"
        ).decode("utf-8")
    code, output = run_import(repo, source, "--slug", "alt", "--year", "2023")
    assert code == 0, output
    _, body = front_matter(repo.research / "2023" / "alt" / "index.md")
    assert "![Bezoekers per maand, van 40 naar 95](figures/figuur-1.jpg)" in body
    assert "![](figures/figuur-2.jpg)" in body
    told = " ".join(output.split())
    assert "geen alternatieve tekst en hebben er nog een nodig voor publicatie: " in told
    assert "publicatie: figures/figuur-2.jpg." in told
