"""Tiny sites built in a temporary folder, read as HTML: what a visitor gets to see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Repo, png_bytes
from wijs.cli import main
from wijs.errors import WijsError

REPORT = "onderzoek/2024/eenzaamheid-ouderen-selwerd/"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_report_page_shows_metadata_summary_findings_and_body(repo: Repo) -> None:
    repo.add_report(subtitle="Een verkennend onderzoek naar ontmoetingsplekken")
    repo.build()
    html = repo.page(REPORT)
    text = text_of(html)
    assert "<title>Eenzaamheid onder ouderen in Selwerd" in html
    for shown in (
        "Fatima El Amrani (Toegepaste Psychologie)",
        "dr. M. Bakker",
        "Hanzehogeschool Groningen",
        "hbo",
        "Selwerd",
        "Eenzaamheid",
        "Ouderen",
        "WIJ Selwerd",
        "Onderzoeksrapport",
        "14 juni 2024",
        "CC BY 4.0",
        "Een verkennend onderzoek naar ontmoetingsplekken",
    ):
        assert shown in text, shown
    assert 'id="samenvatting"' in html and "voelen zich vaker eenzaam" in text
    assert "Een derde van de geïnterviewde ouderen eet vaak alleen." in text
    assert "Open het wijkrestaurant ook op zondag." in text
    assert '<h2 id="inleiding">Inleiding' in html
    assert 'href="../../../wijk/selwerd/"' in html


def test_facet_pages_list_the_report_and_gather_findings(repo: Repo) -> None:
    repo.add_report()
    repo.add_report(
        slug="armoede-beijum",
        title="Kinderarmoede in Beijum",
        neighbourhood="beijum",
        theme="armoede",
        institution="rug",
        level="wo",
        findings=["Veel gezinnen kennen de regelingen niet."],
    )
    repo.build()
    selwerd = text_of(repo.page("wijk/selwerd/"))
    assert "Eenzaamheid onder ouderen in Selwerd" in selwerd
    assert "Kinderarmoede in Beijum" not in selwerd
    assert "Een derde van de geïnterviewde ouderen eet vaak alleen." in selwerd
    spots = selwerd.split("Witte vlekken")[-1]
    assert "Nog geen onderzoek naar armoede in Selwerd. Ook elders in stadsdeel" in spots
    armoede = text_of(repo.page("thema/armoede/"))
    assert "Kinderarmoede in Beijum" in armoede and "Veel gezinnen" in armoede
    assert "Kinderarmoede in Beijum" in text_of(repo.page("instelling/rug/"))
    assert "2 rapporten" in text_of(repo.page("jaar/2024/"))
    index = text_of(repo.page("wijk/"))
    assert "Selwerd (1 rapport)" in index and "Haren" in index and "Ten Boer" in index
    assert "Paddepoel (nog geen onderzoek)" in index


def test_home_counts_reports_wijken_and_students(repo: Repo) -> None:
    repo.add_report()
    repo.add_report(
        slug="b",
        title="Tweede",
        neighbourhood=["beijum", "lewenborg"],
        authors=[{"name": "Jorrit de Vries"}, {"name": "Fatima El Amrani"}],
    )
    repo.build()
    home = repo.page("")
    assert "<strong>2</strong> rapporten" in home
    assert "<strong>3</strong> wijken" in home
    assert "<strong>2</strong> studenten" in home
    assert "Tweede" in home and 'action="zoeken/"' in home


@pytest.mark.parametrize(
    "unpublished",
    [
        {"status": "draft", "review": None, "consent": None},
        {"status": "submitted", "review": None},
        {"embargo_until": "2027-09-01"},
    ],
)
def test_unpublished_report_is_absent_but_shown_in_preview(repo: Repo, unpublished) -> None:  # type: ignore[no-untyped-def]
    repo.add_report()
    repo.add_report(slug="nog-niet", title="Nog niet openbaar", **unpublished)
    repo.build()
    assert not (repo.root / "site" / "onderzoek/2024/nog-niet").exists()
    for page in ("", "wijk/selwerd/", "thema/ouderen/", "onderzoek/"):
        assert "Nog niet openbaar" not in repo.page(page)
    assert "<strong>1</strong> rapporten" in repo.page("")
    repo.build(preview=True)
    html = repo.page("onderzoek/2024/nog-niet/")
    assert "wijs-banner--concept" in html and "Concept" in html
    assert "wijs-banner--concept" not in repo.page(REPORT)


def test_embargo_lifts_on_its_date(repo: Repo) -> None:
    repo.add_report(embargo_until="2025-12-31")  # the test site's today is 2026-01-01
    repo.build()
    assert "Eenzaamheid" in repo.page(REPORT)


def test_withdrawn_report_keeps_its_address_with_the_reason(repo: Repo) -> None:
    repo.add_report(status="withdrawn", withdrawn_reason="De opdrachtgever vroeg om intrekking.")
    repo.build()
    html = repo.page(REPORT)
    assert "Teruggetrokken" in html and "De opdrachtgever vroeg om intrekking." in html
    assert "Een derde van de geïnterviewde ouderen" not in html
    assert (
        "Eenzaamheid onder ouderen" not in text_of(repo.page("wijk/selwerd/"))
        if (repo.root / "site/wijk/selwerd/index.html").exists()
        else True
    )


def test_figures_are_copied_next_to_the_page(repo: Repo) -> None:
    path = repo.add_report(body="![Staafdiagram van bezoekers](figures/bezoek.png)\n")
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "bezoek.png").write_bytes(png_bytes())
    repo.build()
    copied = repo.root / "site" / REPORT / "figures" / "bezoek.png"
    assert copied.read_bytes() == png_bytes()  # a plain image goes as it is
    assert 'src="figures/bezoek.png"' in repo.page(REPORT)


def test_navigation_does_not_grow_with_the_number_of_reports(make_repo) -> None:  # type: ignore[no-untyped-def]
    sizes = []
    for count in (1, 12):
        repo = make_repo(f"bank{count}")
        for n in range(count):
            repo.add_report(slug=f"rapport-{n}", title=f"Rapport nummer {n}")
        repo.build()
        page = repo.page("onderzoek/2024/rapport-0/")
        nav = page.split("md-nav--primary")[1].split("</nav>")[0]
        assert "Rapport nummer" not in nav
        # related research: at most five links, whatever the number of reports
        page = re.sub(r'<section class="wijs-related".*?</section>', "", page, flags=re.S)
        sizes.append(len(page))
    assert abs(sizes[1] - sizes[0]) < 200, sizes


def test_build_writes_nothing_into_docs_or_research(repo: Repo) -> None:
    repo.add_report()

    def snapshot() -> dict[str, float]:
        return {str(p): p.stat().st_mtime for p in (repo.root / "docs").rglob("*")} | {
            str(p): p.stat().st_mtime for p in repo.research.rglob("*")
        }

    before = snapshot()
    repo.build()
    repo.build(preview=True)
    assert snapshot() == before


def test_build_with_content_errors_lists_them_and_keeps_the_previous_site(repo: Repo) -> None:
    path = repo.add_report()
    repo.build()
    previous = repo.page(REPORT)
    path.write_text(
        path.read_text(encoding="utf-8").replace("selwerd", "Padepoel"), encoding="utf-8"
    )
    with pytest.raises(WijsError) as failed:
        repo.build()
    assert [d.code for d in failed.value.diagnostics if d.is_error] == ["unknown-value"]
    assert repo.page(REPORT) == previous
    leftovers = [p.name for p in repo.root.iterdir() if p.name.startswith(".site-")]
    assert leftovers == []


def test_wijs_build_command_reports_content_errors_as_check_does(repo: Repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    repo.add_report(neighbourhood="Padepoel")
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "index.md:" in result.stdout and "Bedoel je 'paddepoel'" in result.stdout
    assert "Traceback" not in result.output
    assert not (repo.root / "site").exists()


def test_wijs_build_command_builds_the_site(repo: Repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    repo.add_report()
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["build", "--site-dir", "uit"])
    assert result.exit_code == 0, result.output
    assert (repo.root / "uit" / REPORT / "index.html").is_file()


def test_docs_page_that_clashes_with_a_generated_page_is_a_clear_error(repo: Repo) -> None:
    repo.add_report()
    (repo.root / "docs" / "index.md").write_text("# Eigen home\n", encoding="utf-8")
    with pytest.raises(WijsError, match=r"docs/index\.md"):
        repo.build()


def test_rtl_report_is_marked_right_to_left(repo: Repo) -> None:
    repo.add_report(
        language="ar", title="الوحدة بين كبار السن", summary="يشعر كبار السن في سيلفيرد بالوحدة."
    )
    repo.build()
    html = repo.page(REPORT)
    assert '<h1 lang="ar" dir="rtl">' in html
    assert '<div class="wijs-body" dir="rtl" lang="ar">' in html


def test_site_is_dutch(repo: Repo) -> None:
    repo.add_report()
    repo.build()
    assert '<html lang="nl"' in repo.page("")


def test_example_research_builds(tmp_path: Path) -> None:
    from conftest import REPO
    from wijs.builder import build_site

    site = build_site(REPO / "mkdocs.yml", tmp_path / "site")
    reports = list((site / "onderzoek").glob("*/*/index.html"))
    assert len(reports) >= 12
