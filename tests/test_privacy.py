"""The privacy scan: personal data of residents is stopped, with file, line and a hint, before it
is published; ordinary text is left alone; justified exceptions carry a reason."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from conftest import Repo
from wijs.checks.privacy import list_exceptions
from wijs.checks.privacy_patterns import find_all, iban_is_valid, passes_11_proef
from wijs.corpus import load_corpus
from wijs.diagnostics import Diagnostic

# (a line of a report body, the code it must raise or None, the flagged value)
CASES: list[tuple[str, str | None, str]] = [
    # e-mail
    (
        "Mail haar op anna.jansen@gmail.com voor een afspraak.",
        "privacy-email",
        "anna.jansen@gmail.com",
    ),
    ("Zie [@jansen2021, p. 12] en @bakker2019.", None, ""),
    # phone numbers in their usual spellings
    ("Bel 06-12345678 als je vragen hebt.", "privacy-phone", "06-12345678"),
    ("Bel 06 12 34 56 78 als je vragen hebt.", "privacy-phone", "06 12 34 56 78"),
    ("Haar nummer is +31 6 1234 5678.", "privacy-phone", "+31 6 1234 5678"),
    ("Of +31 (0)50 123 4567 op kantoor.", "privacy-phone", "+31 (0)50 123 4567"),
    ("Vaste lijn: 050-3671234.", "privacy-phone", "050-3671234"),
    ("Vaste lijn: (050) 367 12 34.", "privacy-phone", "(050) 367 12 34"),
    ("Het interview was op 06-12-2023 om 10:30.", None, ""),
    ("ISBN 0-19-852663-6 staat in de literatuurlijst.", None, ""),
    ("In 2019-2020 deden 1234 bewoners mee.", None, ""),
    # BSN: only numbers that pass the 11-proef
    ("Zijn BSN is 123456782.", "privacy-bsn", "123456782"),
    ("BSN 1234.56.782 stond op de brief.", "privacy-bsn", "1234.56.782"),
    ("De gemeente gaf 123456789 euro uit.", None, ""),
    ("Er wonen 123456789 mensen in dit land.", None, ""),
    # IBAN with valid check digits
    ("Maak over naar NL91 ABNA 0417 1643 00.", "privacy-iban", "NL91 ABNA 0417 1643 00"),
    ("Maak over naar NL91ABNA0417164300.", "privacy-iban", "NL91ABNA0417164300"),
    ("Voorbeeld NL12ABNA0417164300 heeft geen geldig controlegetal.", None, ""),
    # postcode plus house number
    (
        "Ze woont op Hoofdstraat 12, 9741 AB Groningen.",
        "privacy-address",
        "Hoofdstraat 12, 9741 AB",
    ),
    ("Adres: 9741AB 12a.", "privacy-address", "9741AB 12a"),
    ("In postcodegebied 9741 AB wonen veel studenten.", None, ""),
    # dates of birth
    ("Mevrouw is geboren op 12 maart 1954.", "privacy-birthdate", "12 maart 1954"),
    ("Geboortedatum: 03-04-1950.", "privacy-birthdate", "03-04-1950"),
    ("De respondenten zijn geboren tussen 1940 en 1955.", None, ""),
    ("Het interview vond plaats op 12 maart 2024.", None, ""),
    # names next to words for respondents and residents
    ("Respondent Jan de Vries vertelt over zijn buurt.", "privacy-name", "Jan de Vries"),
    ("Bewoonster mevrouw Jansen eet vaak alleen.", "privacy-name", "Jansen"),
    ("Mevrouw Bakker (bewoonster, 72) eet vaak alleen.", "privacy-name", "Bakker"),
    ("Piet Hendriks, bewoner van de flat, zegt het ook.", "privacy-name", "Piet Hendriks"),
    ("Respondent 3 zegt dat de buurt veranderd is.", None, ""),
    ("Respondent A en respondent B waren het eens.", None, ""),
    ("Bewoner Anna (pseudoniem) zegt dat ze haar buren mist.", None, ""),
    ("De bewoners van Selwerd ontmoeten elkaar weinig.", None, ""),
    ("Een bewoner zegt: 'Ik ken hier niemand meer.'", None, ""),
    ("Bewoners Selwerd en De Wijert (bewoners) deden mee.", None, ""),
    ("We spraken met twaalf bewoners van 70 jaar en ouder.", None, ""),
]


def privacy_problems(repo: Repo) -> list[Diagnostic]:
    corpus = load_corpus(repo.research)
    return [d for d in corpus.diagnostics if d.code.startswith("privacy-")]


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(("text", "code", "value"), CASES, ids=[c[0][:40] for c in CASES])
def test_privacy_table_flags_personal_data_on_its_exact_line(
    repo: Repo, text: str, code: str | None, value: str
) -> None:
    path = repo.add_report(body=f"## Resultaten\n\nEerst wat tekst.\n\n{text}\n\nNog meer tekst.\n")
    found = privacy_problems(repo)
    if code is None:
        assert found == [], found
        return
    assert [d.code for d in found] == [code], found
    problem = found[0]
    assert problem.path == "research/2024/eenzaamheid-ouderen-selwerd/index.md"
    assert problem.line == line_of(path, text)
    assert problem.column == text.index(value) + 1
    assert f"'{value}'" in problem.message
    assert problem.is_error and problem.hint


def test_the_example_research_has_no_privacy_findings() -> None:
    corpus = load_corpus(Path(__file__).resolve().parent.parent / "research")
    assert [d for d in corpus.diagnostics if d.code.startswith("privacy-")] == []


def test_11_proef_and_iban_check_digits() -> None:
    assert passes_11_proef("111222333")
    assert not passes_11_proef("111222334")
    assert not passes_11_proef("000000000")
    assert iban_is_valid("NL91 ABNA 0417 1643 00")
    assert iban_is_valid("DE89370400440532013000")
    assert not iban_is_valid("NL91ABNA0417164301")


def test_a_phone_number_inside_an_iban_is_reported_once_as_iban() -> None:
    assert [m.kind for m in find_all("NL91 ABNA 0417 1643 00")] == ["iban"]


def test_a_megabyte_line_is_scanned_quickly() -> None:
    import time

    line = ("a1 " * 350_000) + "info@voorbeeld.nl"
    start = time.perf_counter()
    found = find_all(line)
    assert [m.kind for m in found] == ["email"]
    assert time.perf_counter() - start < 10  # a hang guard, not a benchmark


def test_front_matter_values_are_scanned_with_the_line_of_their_field(repo: Repo) -> None:
    path = repo.add_report(
        summary="Contact: anna.jansen@gmail.com.",
        findings=["Eerste bevinding.", "Bel respondent Karel de Groot op 06-12345678."],
    )
    found = privacy_problems(repo)
    assert sorted(d.code for d in found) == ["privacy-email", "privacy-name", "privacy-phone"]
    by_code = {d.code: d for d in found}
    assert by_code["privacy-email"].line == line_of(path, "summary:")
    assert by_code["privacy-phone"].line == line_of(path, "Bel respondent")
    assert "veld findings.1" in by_code["privacy-phone"].message


def test_author_names_in_the_front_matter_are_not_flagged(repo: Repo) -> None:
    repo.add_report(
        authors=[{"name": "Fatima El Amrani"}, {"name": "Jorrit de Vries"}],
        supervisors=["dr. M. Bakker"],
        commissioner="WIJ Selwerd",
    )
    assert privacy_problems(repo) == []


def test_alt_text_and_bib_fields_are_scanned(repo: Repo) -> None:
    path = repo.add_report(
        body="Tekst.\n\n![Foto van respondent Gerrit Mulder bij zijn huis](figures/a.png)\n"
    )
    (path.parent / "figures").mkdir()
    Image.new("RGB", (4, 4)).save(path.parent / "figures" / "a.png")
    (path.parent / "references.bib").write_text(
        "@misc{interview1,\n  author = {Mulder, G.},\n  note = {Bereikbaar via g.mulder@hotmail.com},\n"
        "  year = {2024}\n}\n",
        encoding="utf-8",
    )
    found = privacy_problems(repo)
    bib = next(d for d in found if d.code == "privacy-email")
    assert bib.path == "research/2024/eenzaamheid-ouderen-selwerd/references.bib"
    assert bib.line == 3
    alt = next(d for d in found if d.code == "privacy-name")
    assert alt.line == line_of(path, "Gerrit Mulder")


def _docx(tmp_path: Path, text: str) -> bytes:
    import pypandoc

    target = tmp_path / "uit.docx"
    pypandoc.convert_text(text, "docx", format="markdown", outputfile=str(target))
    return target.read_bytes()


def test_attachments_docx_odt_and_pdf_are_scanned(repo: Repo, tmp_path: Path) -> None:
    import pypandoc
    import typst

    path = repo.add_report()
    attachments = path.parent / "attachments"
    attachments.mkdir()
    (attachments / "interviews.docx").write_bytes(
        _docx(tmp_path, "# Interviews\n\nBel mij op 06-98765432.\n")
    )
    pypandoc.convert_text(
        "Rekening NL91 ABNA 0417 1643 00.",
        "odt",
        format="markdown",
        outputfile=str(attachments / "lijst.odt"),
    )
    # a two-page PDF straight from Typst (reports themselves cannot pass Typst code)
    pdf = typst.compile(b"Eerste pagina.\n#pagebreak()\nMail ons: x.y\\@ziggo.nl\n")
    (attachments / "bijlage.pdf").write_bytes(pdf)
    (attachments / "deelnemers.csv").write_text("naam;bsn\nA;111222333\n", encoding="utf-8")
    found = {d.path.rsplit("/", 1)[-1]: d for d in privacy_problems(repo)}
    assert found["interviews.docx"].code == "privacy-phone"
    assert found["lijst.odt"].code == "privacy-iban"
    assert found["bijlage.pdf"].code == "privacy-email"
    assert "pagina 2" in found["bijlage.pdf"].message
    assert found["deelnemers.csv"].code == "privacy-bsn"
    assert found["deelnemers.csv"].line == 2


def test_an_unreadable_attachment_is_a_warning_to_check_by_hand(repo: Repo) -> None:
    path = repo.add_report()
    (path.parent / "attachments").mkdir()
    (path.parent / "attachments" / "kapot.pdf").write_bytes(b"%PDF-1.4 dit is geen pdf")
    corpus = load_corpus(repo.research)
    unscanned = [d for d in corpus.diagnostics if d.code == "privacy-unscanned"]
    assert len(unscanned) == 1 and not unscanned[0].is_error


# -- EXIF -------------------------------------------------------------------------------------


def photo_with_gps(owner: str = "Jan Fotograaf") -> bytes:
    image = Image.new("RGB", (16, 8), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Fotomerk"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x013B] = owner  # Artist
    exif[0x0112] = 6  # orientation: keep it
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (53.0, 13.0, 5.0)
    gps[3] = "E"
    gps[4] = (6.0, 33.0, 1.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def test_photo_with_gps_and_owner_is_flagged_and_published_without_them(repo: Repo) -> None:
    path = repo.add_report(body="![Het buurthuis van buiten](figures/buurthuis.jpg)\n")
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "buurthuis.jpg").write_bytes(photo_with_gps())
    found = privacy_problems(repo)
    assert [d.code for d in found] == ["privacy-exif"]
    assert found[0].path.endswith("figures/buurthuis.jpg")
    assert "GPS-locatie" in found[0].message and "maker" in found[0].message

    # allowed (the photo is of a public building), the site still gets a cleaned copy
    repo.add_report(
        body="![Het buurthuis van buiten](figures/buurthuis.jpg)\n",
        privacy_exceptions=[{"value": "figures/buurthuis.jpg", "reason": "openbaar gebouw"}],
    )
    assert privacy_problems(repo) == []
    site = repo.build()
    published = site / "onderzoek/2024/eenzaamheid-ouderen-selwerd/figures/buurthuis.jpg"
    data = published.read_bytes()
    assert b"Jan Fotograaf" not in data and b"Fotomerk" not in data
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(0x8825)
        assert exif.get(0x0112) == 6  # the photo still stands the right way up
        assert image.size == (16, 8)
    assert b"Jan Fotograaf" in (path.parent / "figures" / "buurthuis.jpg").read_bytes()


def test_png_text_chunks_are_stripped_and_clean_images_are_copied_as_they_are(repo: Repo) -> None:
    from PIL import PngImagePlugin

    path = repo.add_report(body="![Grafiek](figures/g.png)\n\n![Schoon](figures/schoon.png)\n")
    figures = path.parent / "figures"
    figures.mkdir()
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jan Fotograaf")
    Image.new("RGB", (4, 4)).save(figures / "g.png", pnginfo=info)
    Image.new("RGB", (4, 4)).save(figures / "schoon.png")
    site = repo.build()
    folder = site / "onderzoek/2024/eenzaamheid-ouderen-selwerd/figures"
    assert b"Jan Fotograaf" not in (folder / "g.png").read_bytes()
    assert (folder / "schoon.png").read_bytes() == (figures / "schoon.png").read_bytes()


# -- exceptions ---------------------------------------------------------------------------------


def test_exception_with_reason_allows_wijs_own_address_and_is_listed(repo: Repo) -> None:
    repo.add_report(
        body="Vragen? Mail info@wijsgroningen.nl of bel 050 - 123 45 67.\n\nBel 050-1234567.\n",
        privacy_exceptions=[
            {"value": "info@wijsgroningen.nl", "reason": "Algemeen contactadres van WIJS."},
            {"value": "050-1234567", "reason": "Algemeen nummer van WIJS."},
        ],
    )
    assert privacy_problems(repo) == []
    listed = list_exceptions(load_corpus(repo.research).reports)
    assert [(e.value, e.reason, e.uses) for e in listed] == [
        ("info@wijsgroningen.nl", "Algemeen contactadres van WIJS.", 1),
        ("050-1234567", "Algemeen nummer van WIJS.", 1),
    ]
    assert listed[0].line > 1


def test_exception_is_for_that_exact_value_only(repo: Repo) -> None:
    repo.add_report(
        body="Mail info@wijsgroningen.nl of anna@gmail.com.\n",
        privacy_exceptions=[{"value": "info@wijsgroningen.nl", "reason": "Contactadres WIJS."}],
    )
    assert [d.message.split("'")[1] for d in privacy_problems(repo)] == ["anna@gmail.com"]


@pytest.mark.parametrize(
    "exception", [{"value": "info@wijsgroningen.nl"}, {"value": "x", "reason": " "}]
)
def test_exception_without_a_reason_is_an_error(repo: Repo, exception: dict[str, str]) -> None:
    path = repo.add_report(body="Mail info@wijsgroningen.nl.\n", privacy_exceptions=[exception])
    corpus = load_corpus(repo.research)
    problem = next(d for d in corpus.diagnostics if d.code == "privacy-exception-reason")
    assert problem.is_error
    assert problem.line == line_of(path, "- value:")
    assert "reason:" in problem.hint


def test_unused_exception_gets_a_warning(repo: Repo) -> None:
    repo.add_report(privacy_exceptions=[{"value": "oud@adres.nl", "reason": "was ooit nodig"}])
    corpus = load_corpus(repo.research)
    unused = [d for d in corpus.diagnostics if d.code == "privacy-exception-unused"]
    assert len(unused) == 1 and not unused[0].is_error


def test_a_report_with_a_finding_does_not_publish(repo: Repo) -> None:
    from wijs.errors import WijsError

    repo.add_report(body="Bel respondent Jan de Vries op 06-12345678.\n")
    with pytest.raises(WijsError) as failed:
        repo.build()
    assert {d.code for d in failed.value.diagnostics} >= {"privacy-phone", "privacy-name"}


def test_wijs_check_prints_privacy_findings_with_file_line_and_hint(repo: Repo) -> None:
    import os
    import sys

    repo.add_report(body="Mail anna@gmail.com.\n")
    scripts = Path(__file__).resolve().parent.parent / "scripts"
    result = subprocess.run(
        [sys.executable, "-m", "wijs.cli", "check", "--format", "github"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(scripts)},
        check=False,
    )
    assert result.returncode == 1
    assert "::error file=research/2024/eenzaamheid-ouderen-selwerd/index.md" in result.stdout
    assert "title=privacy-email" in result.stdout
    assert "privacy_exceptions" in result.stdout


@pytest.mark.parametrize(
    "name",
    [
        "docx/tables.docx",
        "docx/lists.docx",
        "docx/image_vml.docx",
        "docx/comments_warning.docx",
        "docx/char_styles.docx",
        "odt/tableWithCaption.odt",
        "odt/imageIndex.odt",
        "odt/trackedChanges.odt",
    ],
)
def test_real_word_and_odt_documents_are_read_as_text_or_refused_clearly(name: str) -> None:
    from conftest import CORPUS
    from wijs.attachments_text import attachment_text

    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{name} ontbreekt in het corpus")
    text = attachment_text(path)
    assert text is not None
    assert text.problem or any(page.strip() for page in text.pages)


def test_place_names_follow_a_vocabulary_that_changes_while_the_preview_runs(repo: Repo) -> None:
    from wijs.checks.privacy import place_names

    assert "zonnewende" not in place_names(repo.research)
    vocabulary = repo.research / "vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8")
    new_wijk = "wijken:\n  - id: zonnewende\n    label: Zonnewende\n    stadsdeel: oost\n"
    vocabulary.write_text(text.replace("wijken:\n", new_wijk, 1), encoding="utf-8")
    assert "zonnewende" in place_names(repo.research)
