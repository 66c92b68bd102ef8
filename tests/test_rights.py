"""Publication rights: consent before approval, credits under figures, confidential parts that
never reach the site, and deposit packages for the institutions' repositories."""

from __future__ import annotations

import base64
import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Repo
from wijs.cli import main
from wijs.corpus import load_corpus
from wijs.diagnostics import Diagnostic
from wijs.errors import WijsError
from wijs.rights import body_with_credits, consent_summary
from wijs.rights.confidential import find_leaks, secrets_of
from wijs.rights.deposit import FIELDS, TARGETS, safe_cell

REPORT = "onderzoek/2024/eenzaamheid-ouderen-selwerd/"
SOURCE = "research/2024/eenzaamheid-ouderen-selwerd/index.md"
# a 1×1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
SECRET = (
    "De wethouder overweegt de subsidie van het wijkrestaurant aan de Kastanjelaan te "
    "stoppen volgens interne notulen van maart."
)
BODY_WITH_SECRET = f"""## Inleiding

Ouderen in de wijk ontmoeten elkaar vooral in het wijkrestaurant.

<!-- vertrouwelijk -->
## Bijlage voor de opdrachtgever

{SECRET}
<!-- /vertrouwelijk -->

## Methode

We spraken met twaalf bewoners van 70 jaar en ouder.
"""


def check(repo: Repo) -> list[Diagnostic]:
    return load_corpus(repo.research).diagnostics


def codes(found: list[Diagnostic]) -> dict[str, Diagnostic]:
    return {d.code: d for d in found}


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def run(repo: Repo, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--research", str(repo.research)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# -- consent -------------------------------------------------------------------------------


def test_approved_report_without_consent_fails_at_its_status_line_with_the_rule(repo: Repo) -> None:
    path = repo.add_report(consent=None)
    code, out, _ = run(repo, "check")
    assert code == 1
    assert f"{SOURCE}:{line_of(path, 'status: approved')}:1: error approval-needs-consent" in out
    assert "toestemming" in out


def test_draft_without_consent_passes(repo: Repo) -> None:
    repo.add_report(status="draft", review=None, consent=None)
    assert [d for d in check(repo) if d.is_error] == []


def test_draft_with_half_filled_consent_passes(repo: Repo) -> None:
    repo.add_report(status="draft", review=None, consent={"authors": False})
    assert [d for d in check(repo) if d.is_error] == []


def test_approved_report_missing_respondents_points_at_the_consent_line(repo: Repo) -> None:
    path = repo.add_report(
        consent={"authors": True, "commissioner": {"name": "WIJ Selwerd", "date": "2024-06-18"}}
    )
    found = codes(check(repo))
    d = found["consent-incomplete"]
    assert d.is_error and d.path == SOURCE
    assert d.line == line_of(path, "consent:")
    assert "respondents" in d.message
    assert "anonymised" in d.hint and "herkenbaar" in d.hint


def test_approved_report_where_an_author_did_not_agree_fails_at_that_line(repo: Repo) -> None:
    path = repo.add_report(
        consent={"authors": False, "commissioner": "not-applicable", "respondents": "anonymised"}
    )
    d = codes(check(repo))["consent-authors"]
    assert d.is_error
    assert d.line == line_of(path, "authors: false")
    assert "elke auteur" in d.hint


def test_submitted_report_with_incomplete_consent_gets_a_warning(repo: Repo) -> None:
    repo.add_report(status="submitted", review=None, consent={"authors": True})
    d = codes(check(repo))["consent-incomplete"]
    assert "'commissioner'" in d.message and "'respondents'" in d.message
    assert "'authors'" not in d.message
    assert not d.is_error


def test_commissioner_not_applicable_passes(repo: Repo) -> None:
    repo.add_report(
        commissioner=None,
        consent={"authors": True, "commissioner": "not-applicable", "respondents": "anonymised"},
    )
    assert check(repo) == []


def test_incomplete_consent_is_never_published(repo: Repo) -> None:
    repo.add_report(consent={"authors": True})
    report = load_corpus(repo.research).reports[0]
    assert not report.is_published()


def test_consent_summary_tells_the_docent_in_dutch(repo: Repo) -> None:
    repo.add_report(
        consent={"authors": True, "commissioner": {"name": "WIJ Paddepoel", "date": "2024-06-20"}}
    )
    summary = dict(consent_summary(load_corpus(repo.research).reports[0]))
    assert summary["Toestemming"] == "onvolledig"
    assert summary["Auteurs"] == "alle auteurs akkoord"
    assert summary["Opdrachtgever"] == "WIJ Paddepoel, akkoord op 20-06-2024"
    assert summary["Respondenten"] == "ontbreekt"
    assert summary["Figuren"] == "geen figuren"


# -- figures -------------------------------------------------------------------------------


def add_figure(repo: Repo, name: str = "kaart.png") -> None:
    folder = repo.research / "2024" / "eenzaamheid-ouderen-selwerd" / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(PNG)


FIGURE_BODY = "## Resultaten\n\n![Kaart van Selwerd met ontmoetingsplekken](figures/kaart.png)\n"


def test_figure_without_credit_gets_a_warning_at_the_image(repo: Repo) -> None:
    path = repo.add_report(body=FIGURE_BODY)
    add_figure(repo)
    d = codes(check(repo))["figure-without-credit"]
    assert not d.is_error
    assert d.line == line_of(path, "![Kaart")
    assert "credit: own" in d.hint


def test_third_party_figure_without_licence_fails(repo: Repo) -> None:
    path = repo.add_report(
        body=FIGURE_BODY,
        figures=[{"file": "figures/kaart.png", "source": "Gemeente Groningen, Wijkmonitor 2023"}],
    )
    add_figure(repo)
    d = codes(check(repo))["figure-license-missing"]
    assert d.is_error
    assert d.line == line_of(path, "- file: figures/kaart.png")
    assert "licentie" in d.hint


def test_credit_for_a_file_that_does_not_exist_fails_with_did_you_mean(repo: Repo) -> None:
    repo.add_report(body=FIGURE_BODY, figures=[{"file": "figures/Kaart.png", "credit": "own"}])
    add_figure(repo)
    d = codes(check(repo))["figure-credit-missing-file"]
    assert d.is_error and "figures/kaart.png" in d.hint


def test_credits_appear_under_the_figure_with_alt_text_and_in_the_pdf_body(repo: Repo) -> None:
    repo.add_report(
        body=FIGURE_BODY,
        figures=[
            {
                "file": "figures/kaart.png",
                "source": "Gemeente Groningen, Wijkmonitor 2023",
                "license": "cc-by-4.0",
                "url": "https://example.org/wijkmonitor",
            }
        ],
    )
    add_figure(repo)
    assert [d for d in check(repo) if d.code.startswith("figure")] == []
    repo.build()
    html = repo.page(REPORT)
    figure = html[html.index('<figure class="wijs-figure">') :]
    figure = figure[: figure.index("</figure>")]
    assert 'alt="Kaart van Selwerd met ontmoetingsplekken"' in figure
    assert '<figcaption class="wijs-credit">' in figure
    assert (
        '<a href="https://example.org/wijkmonitor">Gemeente Groningen, Wijkmonitor 2023</a>'
        in figure
    )
    assert 'rel="license">CC BY 4.0</a>' in figure
    assert (repo.root / "site" / REPORT / "figures" / "kaart.png").is_file()
    body = body_with_credits(load_corpus(repo.research).reports[0])
    assert "![Kaart van Selwerd met ontmoetingsplekken](figures/kaart.png)\n\n*" in body
    assert "Bron: [Gemeente Groningen, Wijkmonitor 2023](<https://example.org/wijkmonitor>)" in body


# -- confidential parts ----------------------------------------------------------------------


def add_confidential_report(repo: Repo) -> Path:
    path = repo.add_report(body=BODY_WITH_SECRET, confidential=["attachments/ruwe-data.csv"])
    attachments = path.parent / "attachments"
    attachments.mkdir()
    (attachments / "ruwe-data.csv").write_text("naam,adres\nJ. Jansen,Kastanjelaan 3\n")
    (attachments / "vragenlijst.pdf").write_bytes(b"%PDF-1.4 openbare vragenlijst")
    return path


def test_confidential_block_and_attachment_are_absent_from_the_whole_site(repo: Repo) -> None:
    add_confidential_report(repo)
    assert [d for d in check(repo) if d.is_error] == []
    site = repo.build()
    html = repo.page(REPORT)
    assert "Ouderen in de wijk ontmoeten elkaar" in html and "twaalf bewoners" in html
    assert (site / REPORT / "attachments" / "vragenlijst.pdf").is_file()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        assert path.name != "ruwe-data.csv", path
        data = path.read_bytes()
        for needle in (b"Kastanjelaan", b"wethouder overweegt", b"ruwe-data", b"Bijlage voor de"):
            assert needle not in data, (needle, path)


def test_build_fails_when_a_confidential_attachment_is_copied_under_another_name(
    repo: Repo,
) -> None:
    path = add_confidential_report(repo)
    attachments = path.parent / "attachments"
    (attachments / "kopie.csv").write_bytes((attachments / "ruwe-data.csv").read_bytes())
    with pytest.raises(WijsError) as failed:
        repo.build()
    leak = codes(failed.value.diagnostics)["confidential-leak"]
    assert leak.path == SOURCE and leak.line == line_of(path, "- attachments/ruwe-data.csv")
    assert "kopie.csv" in leak.message
    assert not (repo.root / "site").exists()


def test_build_fails_when_a_confidential_passage_is_also_in_the_summary(repo: Repo) -> None:
    path = repo.add_report(body=BODY_WITH_SECRET, summary=f"Samenvatting. {SECRET}")
    with pytest.raises(WijsError) as failed:
        repo.build()
    leaks = [d for d in failed.value.diagnostics if d.code == "confidential-leak"]
    assert {d.line for d in leaks} == {line_of(path, "<!-- vertrouwelijk -->")}
    assert any(f"{REPORT}index.html" in d.message for d in leaks)


def test_a_passage_that_is_also_public_is_not_used_to_detect_leaks(repo: Repo) -> None:
    path = add_confidential_report(repo)
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{SECRET}\n", encoding="utf-8")
    secrets = secrets_of(load_corpus(repo.research).reports[0])
    needles = [" ".join(s.needle) for s in secrets if s.kind == "block"]
    assert needles == ["bijlage voor de opdrachtgever"]


def test_another_report_may_publish_a_file_with_the_same_name(repo: Repo) -> None:
    add_confidential_report(repo)
    other = repo.add_report(slug="tweede-rapport", title="Tweede rapport")
    (other.parent / "attachments").mkdir()
    (other.parent / "attachments" / "ruwe-data.csv").write_text("wijk,aantal\nselwerd,12\n")
    site = repo.build()
    assert (site / "onderzoek/2024/tweede-rapport/attachments/ruwe-data.csv").is_file()
    assert not (site / REPORT / "attachments" / "ruwe-data.csv").exists()


def test_leak_scan_reads_gzipped_search_index_files(repo: Repo, tmp_path: Path) -> None:
    import gzip

    add_confidential_report(repo)
    secrets = secrets_of(load_corpus(repo.research).reports[0])
    output = tmp_path / "out"
    (output / "pagefind" / "fragment").mkdir(parents=True)
    fragment = output / "pagefind" / "fragment" / "nl_1a2b.pf_fragment"
    fragment.write_bytes(gzip.compress(b'pagefind_dcd{"content":"' + SECRET.encode() + b'"}'))
    leaks = find_leaks(secrets, output)
    assert [(s.kind, p.name) for s, p in leaks] == [("block", "nl_1a2b.pf_fragment")]


def test_link_to_confidential_file_and_unclosed_block_are_errors(repo: Repo) -> None:
    path = repo.add_report(
        body="Zie [de ruwe data](attachments/ruwe-data.csv).\n\n<!-- vertrouwelijk -->\nGeheim.\n",
        confidential=["attachments/ruwe-data.csv"],
    )
    (path.parent / "attachments").mkdir()
    (path.parent / "attachments" / "ruwe-data.csv").write_text("x\n")
    found = codes(check(repo))
    assert found["confidential-linked"].line == line_of(path, "Zie [de ruwe data]")
    assert found["confidential-unclosed"].line == line_of(path, "<!-- vertrouwelijk -->")


def test_misspelt_confidential_file_is_an_error(repo: Repo) -> None:
    repo.add_report(confidential=["attachments/ruwe_data.csv"])
    assert codes(check(repo))["confidential-missing-file"].is_error


# -- deposit ---------------------------------------------------------------------------------

DC = "{http://purl.org/dc/elements/1.1/}"


def test_deposit_package_parses_and_carries_every_field(repo: Repo, tmp_path: Path) -> None:
    add_confidential_report(repo)
    out = tmp_path / "pakket"
    code, stdout, _ = run(
        repo, "deposit", str(repo.research / "2024/eenzaamheid-ouderen-selwerd"),
        "--target", "sharekit", "--output", str(out),
    )  # fmt: skip
    assert code == 0, stdout
    pdf = out / "eenzaamheid-ouderen-selwerd.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "twaalf bewoners" in text and "wethouder" not in text

    rows = list(csv.reader(io.StringIO((out / "metadata-sharekit.csv").read_text("utf-8-sig"))))
    assert rows[0] == [TARGETS["sharekit"][name] for name in FIELDS]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Titel"] == "Eenzaamheid onder ouderen in Selwerd"
    assert row["Auteurs"] == "El Amrani, Fatima"  # family name first, as repositories want
    assert row["Publicatiedatum"] == "2024-06-14"
    assert row["Samenvatting"].startswith("Ouderen in Selwerd voelen zich")
    assert row["Trefwoorden"] == "ontmoeting"
    assert row["Taal"] == "Nederlands"
    assert row["Licentie"] == "CC BY 4.0"
    assert row["Organisatie"] == "Hanzehogeschool Groningen"
    assert row["Opleiding"] == "Toegepaste Psychologie"
    assert row["Begeleider"] == "Bakker, M."
    assert row["Opdrachtgever"] == "WIJ Selwerd"

    root = ET.parse(out / "metadata-dc.xml").getroot()
    assert root.tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
    values = {(e.tag.removeprefix(DC), e.text) for e in root}
    for expected in [
        ("title", "Eenzaamheid onder ouderen in Selwerd"),
        ("creator", "El Amrani, Fatima"),
        ("contributor", "Bakker, M."),
        ("contributor", "WIJ Selwerd"),
        ("date", "2024-06-14"),
        ("subject", "ontmoeting"),
        ("language", "nl"),
        ("rights", "https://creativecommons.org/licenses/by/4.0/deed.nl"),
        ("publisher", "Hanzehogeschool Groningen"),
        ("format", "application/pdf"),
    ]:
        assert expected in values, expected
    descriptions = [e.text or "" for e in root.iter(f"{DC}description")]
    assert descriptions[0].startswith("Ouderen in Selwerd voelen zich")
    assert "Opleiding: Toegepaste Psychologie" in descriptions[1]


def test_deposit_refuses_a_report_without_complete_consent(repo: Repo, tmp_path: Path) -> None:
    repo.add_report(status="submitted", review=None, consent={"authors": True})
    code, _, err = run(
        repo, "deposit", str(repo.research / "2024/eenzaamheid-ouderen-selwerd"),
        "--output", str(tmp_path / "pakket"),
    )  # fmt: skip
    assert code == 1
    assert "toestemming is niet compleet" in err and "respondents" in err
    assert not (tmp_path / "pakket").exists()


def test_csv_cells_cannot_start_a_formula() -> None:
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("+31 50") == "'+31 50"
    assert safe_cell("Gewoon") == "Gewoon"


def test_rights_page_is_in_the_navigation() -> None:
    import yaml

    root = Path(__file__).resolve().parent.parent
    nav = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert any("toestemming.md" in str(item) for item in nav)
    page = (root / "docs" / "toestemming.md").read_text(encoding="utf-8")
    deposit = (root / "docs" / "deponeren.md").read_text(encoding="utf-8")
    for target, columns in TARGETS.items():
        assert f"`{target}`" in deposit
        for column in columns.values():
            assert column in deposit, (target, column)
    for word in ("consent", "not-applicable", "consent-on-file", "figures:", "vertrouwelijk"):
        assert word in page
