"""The annual overview: figures against a hand-counted set, the CLI in every format, the site."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from annual_examples import FIGURES_2023, FIGURES_2024, HIDDEN, TRICKY_TITLE, add_examples
from conftest import Repo
from wijs.citations import exports
from wijs.cli import main
from wijs.corpus import load_corpus
from wijs.errors import WijsError
from wijs.jaarverslag import (
    Site,
    annual_overview,
    calendar_year,
    choose_period,
    periods_with_research,
    school_year,
)
from wijs.jaarverslag.references import jaarverslag_apa_reference
from wijs.pages.plan import plan_site
from wijs.settings import BuildSettings

TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("jaarverslag") / "bank")
    add_examples(repo)
    return repo


@pytest.fixture(scope="module")
def site(bank: Repo) -> Site:
    corpus = load_corpus(bank.research)
    assert not [d for d in corpus.diagnostics if d.is_error], corpus.diagnostics
    return Site(corpus, BuildSettings(site_url="https://onderzoek.example.nl/"), today=TODAY)


@pytest.fixture(scope="module")
def built(bank: Repo) -> Repo:
    bank.build()
    return bank


@pytest.fixture
def cli(bank: Repo) -> Callable[..., object]:
    def run(*args: str) -> object:
        options = ["--research", str(bank.research), "--config", str(bank.root / "mkdocs.yml")]
        return CliRunner().invoke(main, ["jaarverslag", *args, *options])

    return run


# -- the figures -------------------------------------------------------------------------------


def test_totals_match_the_hand_count_without_drafts_or_embargoed_reports(site: Site) -> None:
    overview = annual_overview(site, calendar_year(2024))
    assert {k: overview.totals.get(k) for k in FIGURES_2024} == FIGURES_2024
    assert {k: overview.previous_totals.get(k) for k in FIGURES_2023} == FIGURES_2023
    slugs = {r.slug for r in overview.reports}
    assert slugs == {"a-eenzaamheid-selwerd", "b-armoede-beijum", "c-digitaal-selwerd"}
    assert not slugs & set(HIDDEN)


def test_change_against_the_year_before_is_shown_per_total(site: Site) -> None:
    changes = {c.label: c for c in annual_overview(site, calendar_year(2024)).changes}
    reports = changes["Gepubliceerde onderzoeken"]
    assert (reports.current, reports.previous, reports.delta_text) == (3, 1, "+2")
    assert reports.percent_text == "+200%"
    # 2023 against an empty 2022: everything is new
    first = {c.label: c for c in annual_overview(site, calendar_year(2023)).changes}
    assert first["Gepubliceerde onderzoeken"].percent_text == "nieuw"
    assert first["Wijken bereikt"].delta_text == "+1"


def test_tables_count_per_wijk_thema_and_instelling_with_last_year(site: Site) -> None:
    overview = annual_overview(site, calendar_year(2024))
    wijken = {row.id: (row.count, row.previous) for row in overview.rows("neighbourhood")}
    assert wijken == {"selwerd": (2, 1), "beijum": (1, 0), "gemeentebreed": (1, 0)}
    assert overview.rows("neighbourhood")[0].id == "selwerd"  # most research first
    themes = {row.id: row.count for row in overview.rows("theme")}
    assert themes == {"eenzaamheid": 1, "ouderen": 1, "armoede": 1, "digitale-vaardigheden": 1}
    institutions = {row.id: row.count for row in overview.rows("institution")}
    assert institutions == {"hanzehogeschool": 1, "rug": 1, "noorderpoort": 1}


def test_white_spots_include_wijken_of_unpublished_research(site: Site) -> None:
    overview = annual_overview(site, calendar_year(2024))
    without = {t.id for t in overview.wijken_without}
    assert {"vinkhuizen", "lewenborg"} <= without
    assert not {"selwerd", "beijum"} & without
    assert "gemeentebreed" not in without
    themes_without = {t.id for t in overview.themes_without}
    assert {"integratie", "wijkvernieuwing"} <= themes_without
    assert "armoede" not in themes_without


def test_school_year_runs_from_september_to_august(site: Site) -> None:
    overview = annual_overview(site, school_year(2023))
    # G (1 Oct 2023), C (no date: 1 Jan 2024) and A (14 Jun 2024); B (Nov 2024) is next year
    assert {r.slug for r in overview.reports} == {
        "g-eenzaamheid-2023",
        "c-digitaal-selwerd",
        "a-eenzaamheid-selwerd",
    }
    assert [p.label for p in periods_with_research(site, school=True)] == [
        "2023-2024",
        "2024-2025",
    ]
    assert choose_period(2024, "2023-2024") == school_year(2023)
    with pytest.raises(ValueError, match="schooljaar"):
        choose_period(None, "2023-2025")
    with pytest.raises(ValueError, match="valt niet"):
        choose_period(2020, "2023-2024")


def test_empty_year_names_the_years_that_have_research(site: Site) -> None:
    with pytest.raises(WijsError) as caught:
        annual_overview(site, calendar_year(2025))
    assert caught.value.code == "no-research"
    assert caught.value.hint == "Er is wel gepubliceerd onderzoek in: 2023, 2024."
    assert "2023, 2024" in str(caught.value)


def test_apa_reference_names_authors_year_title_institution_and_url(site: Site) -> None:
    report = next(r for r in site.corpus.reports if r.slug == "a-eenzaamheid-selwerd")
    reference = jaarverslag_apa_reference(report, site, "https://x.nl/onderzoek/2024/a/")
    assert reference.text == (
        "El Amrani, F., & de Vries, J. (2024). Eenzaamheid onder ouderen in Selwerd "
        "[Onderzoeksrapport]. Hanzehogeschool Groningen. https://x.nl/onderzoek/2024/a/"
    )
    # the same reference as "Citeer dit" on the report's page, but for the URL
    _, cite_this = exports.apa_reference(report, site)
    assert cite_this.rsplit(" ", 1)[0] == reference.text.rsplit(" ", 1)[0]


# -- the command -------------------------------------------------------------------------------


def test_cli_prints_markdown_with_totals_change_and_references(cli: Callable[..., object]) -> None:
    result = cli("2024")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = result.output  # type: ignore[attr-defined]
    assert "| Gepubliceerde onderzoeken | 3 | 1 | +2 (+200%) |" in text
    assert "| Studenten (auteurs) | 4 | 1 | +3 (+300%) |" in text
    assert "## Bevindingen en aanbevelingen per thema" in text
    assert "Bevinding: Een derde van de ouderen eet vaak alleen." in text
    assert (
        "[Eenzaamheid onder ouderen in Selwerd](https://wijs-groningen.github.io/onderzoeksbank/"
        in text
    )
    assert (
        "El Amrani, F., & de Vries, J. (2024). *Eenzaamheid onder ouderen in Selwerd* "
        "\\[Onderzoeksrapport\\]." in text
    )
    # Markdown and HTML in a title stay text
    assert "\\<b\\>" not in text and "\\<b>schaamte\\</b>" in text
    assert "\\*Beijum\\*" in text and "\\[1\\]" in text and "\\|" in text
    for hidden in ("Concept over Vinkhuizen", "Onder embargo", "Teruggetrokken"):
        assert hidden not in text


def test_cli_empty_year_exits_1_naming_years_with_research(cli: Callable[..., object]) -> None:
    result = cli("2019")
    assert result.exit_code == 1
    assert "Geen gepubliceerd onderzoek in 2019" in result.output  # type: ignore[attr-defined]
    assert "2023, 2024" in result.output  # type: ignore[attr-defined]


def test_cli_wrong_school_year_is_a_usage_error(cli: Callable[..., object]) -> None:
    result = cli("--schooljaar", "2023")
    assert result.exit_code == 2
    assert "2023-2024" in result.output  # type: ignore[attr-defined]


def test_pdf_opens_and_contains_the_totals(cli: Callable[..., object], tmp_path: Path) -> None:
    output = tmp_path / "jaarverslag-2024.pdf"
    result = cli("2024", "--format", "pdf", "--output", str(output))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = " ".join(page.extract_text() for page in PdfReader(output).pages)
    text = " ".join(text.split())
    assert "Jaarverslag onderzoek 2024" in text
    assert "Gepubliceerde onderzoeken 3 1 +2 (+200%)" in text
    assert "Studenten (auteurs) 4 1 +3 (+300%)" in text
    assert "Onderzoeken per wijk, 2024" in text  # a chart's caption
    assert "Selwerd 2" in text  # the chart's own text, drawn from SVG
    assert "<b>schaamte</b>" in text and "*Beijum*" in text
    assert "Concept over Vinkhuizen" not in text


def test_docx_has_the_totals_and_charts_as_images(
    cli: Callable[..., object], tmp_path: Path
) -> None:
    output = tmp_path / "jaarverslag.docx"
    result = cli("--schooljaar", "2023-2024", "--output", str(output))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    with zipfile.ZipFile(output) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
    assert "Jaarverslag onderzoek schooljaar 2023-2024" in xml
    assert "Kerncijfers" in xml
    assert len([n for n in media if n.endswith(".png")]) == 3


def test_markdown_file_gets_its_charts_beside_it(
    cli: Callable[..., object], tmp_path: Path
) -> None:
    output = tmp_path / "verslag.md"
    assert cli("2024", "-o", str(output)).exit_code == 0  # type: ignore[attr-defined]
    charts = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert charts == [
        "jaarverslag-2024-instellingen.svg",
        "jaarverslag-2024-themas.svg",
        "jaarverslag-2024-wijken.svg",
    ]
    assert "![Onderzoeken per wijk, 2024](jaarverslag-2024-wijken.svg)" in output.read_text()


# -- the site ----------------------------------------------------------------------------------


def test_site_has_an_overview_per_year_with_research_and_an_index(built: Repo) -> None:
    index = built.page("jaarverslag/")
    assert 'href="2024/"' in index and 'href="2023/"' in index
    assert not (built.root / "site" / "jaarverslag" / "2025").exists()
    page = built.page("jaarverslag/2024/")
    assert "Jaarverslag onderzoek 2024" in page
    assert '<figure class="wijs-chart"><svg' in page
    assert 'href="../../wijk/selwerd/"' in page
    assert 'href="../../onderzoek/2024/a-eenzaamheid-selwerd/"' in page
    assert "Armoede &amp; &lt;b&gt;schaamte&lt;/b&gt; in *Beijum* [1]" in page
    assert "Concept over Vinkhuizen" not in page
    assert 'href="jaarverslag/"' in built.page("")  # in the navigation


def test_preview_build_still_counts_only_published_research(site: Site) -> None:
    plan = plan_site(site.corpus, BuildSettings(preview=True, today=TODAY))
    page = next(p for p in plan.pages if p.src_uri == "jaarverslag/2024/index.md")
    assert "Concept over Vinkhuizen" not in page.markdown
    assert "Onder embargo" not in page.markdown
    assert TRICKY_TITLE not in page.markdown  # escaped, never raw


# -- a finished chapter: the same content in Markdown, PDF and DOCX ----------------------------

FINDINGS = [f"Bevinding {n} over de ontmoeting van ouderen in het buurthuis." for n in range(1, 6)]
ADVICE = [f"Aanbeveling {n} voor het buurthuis." for n in range(1, 4)]


@pytest.fixture(scope="module")
def chapter(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 2024 overview of the examples plus a report with five findings, in every format."""
    folder = tmp_path_factory.mktemp("hoofdstuk")
    repo = Repo(folder / "bank")
    add_examples(repo)
    repo.add_report(
        slug="f-ontmoeten-selwerd",
        title="Ontmoeten in het buurthuis",
        date="2024-09-01",
        theme=["ouderen", "eenzaamheid"],
        findings=FINDINGS,
        recommendations=ADVICE,
    )
    options = ["--research", str(repo.research), "--config", str(repo.root / "mkdocs.yml")]
    outputs = {}
    for fmt in ("md", "pdf", "docx"):
        output = folder / fmt / f"jaarverslag-2024.{fmt}"
        result = CliRunner().invoke(main, ["jaarverslag", "2024", "-o", str(output), *options])
        assert result.exit_code == 0, result.output
        outputs[fmt] = output
    return outputs


def markdown_blocks(markdown: str) -> list[str]:
    """The text of every paragraph, list item, table cell, heading and caption, as pandoc reads
    the Markdown (so escapes and link targets are gone)."""
    import html
    import re

    import pypandoc

    page = pypandoc.convert_text(markdown, "html", format="markdown")
    page = re.sub(r"<(ul|ol)>.*?</\1>", lambda m: "</li><li>" + m.group(0), page, flags=re.S)
    parts = re.split(r"</?(?:p|li|td|th|h\d|figcaption|ul|ol)[^>]*>", page)
    texts = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", p)).split()) for p in parts]
    return [t for t in texts if t]


def squeezed(text: str) -> str:
    """Without white space and hyphens: PDF text breaks lines (and words) where it likes."""
    import re

    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


def docx_paragraphs(path: Path) -> list[str]:
    import html
    import re

    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs]
    return [html.unescape(t).strip() for t in texts if t.strip()]


def test_markdown_pdf_and_docx_of_the_jaarverslag_say_the_same(chapter: dict[str, Path]) -> None:
    blocks = markdown_blocks(chapter["md"].read_text(encoding="utf-8"))
    assert len(blocks) > 80
    pdf = squeezed(" ".join(page.extract_text() for page in PdfReader(chapter["pdf"]).pages))
    paragraphs = docx_paragraphs(chapter["docx"])
    docx = squeezed(" ".join(paragraphs))
    assert [b for b in blocks if squeezed(b) not in pdf] == []
    assert [b for b in blocks if squeezed(b) not in docx] == []
    # and the Word document holds nothing the Markdown does not
    markdown = squeezed(" ".join(blocks))
    assert [p for p in paragraphs if squeezed(p) not in markdown] == []


def test_jaarverslag_reads_as_a_finished_chapter(chapter: dict[str, Path]) -> None:
    text = chapter["md"].read_text(encoding="utf-8")
    # the cut is announced
    assert "Hier 2 van de 5 bevindingen; de andere 3 staan bij het onderzoek." in text
    assert "Hier 2 van de 3 aanbevelingen; de andere 1 staan bij het onderzoek." in text
    assert FINDINGS[1] in text and FINDINGS[2] not in text
    # each report once, under its first thema, with all its themes
    digest = text.split("## Bevindingen en aanbevelingen per thema")[1].split("## Publicaties")[0]
    assert digest.count("Ontmoeten in het buurthuis") == 1
    assert digest.count("Eenzaamheid onder ouderen in Selwerd") == 1
    assert "Thema's: Eenzaamheid, Ouderen." in digest
    assert "### Ouderen" not in digest  # nobody has ouderen as first thema in vocabulary order
    # 51 wijken without research: a table per stadsdeel, not one block of names
    spots = text.split("## Witte vlekken")[1].split("**Thema's zonder")[0]
    assert "| Stadsdeel | Aantal | Wijken |" in spots
    assert "| Noordwest | 4 | Paddepoel, Tuinwijk, Vinkhuizen, Zernike |" in spots
    assert "| Ten Boer | 8 |" in spots
    # Dutch labels only: no field names shown to readers
    for field in ("`date`", "`year`", "(date)", "(year)"):
        assert field not in text
