"""A report's way to the site: draft → submitted → approved → published, or withdrawn; embargoes
lift at the first build on their date. Citations to a report never break."""

from __future__ import annotations

from conftest import Repo
from wijs.corpus import load_corpus
from wijs.settings import BuildSettings

PUBLISHED = "onderzoek/2024/eenzaamheid-ouderen-selwerd/"
DRAFT = "onderzoek/2024/armoede-beijum/"
WITHDRAWN = "onderzoek/2023/overlast-studenten-binnenstad/"
EMBARGO = "onderzoek/2025/voedselbank-oosterpark/"


def add_in_year(repo: Repo, year: int, **fields: object) -> None:
    """A report in research/<year>/ with that year in its front-matter too."""
    index = repo.add_report(year=year, **fields)
    text = index.read_text(encoding="utf-8").replace("\nyear: 2024\n", f"\nyear: {year}\n")
    index.write_text(text, encoding="utf-8")


def fill(repo: Repo) -> None:
    repo.add_report()
    repo.add_report(
        slug="armoede-beijum",
        title="Armoede in Beijum",
        neighbourhood="beijum",
        theme="armoede",
        status="draft",
        review=None,
        consent=None,
    )
    add_in_year(
        repo,
        2023,
        slug="overlast-studenten-binnenstad",
        title="Overlast van studentenhuizen in de Binnenstad",
        date="2023-05-01",
        neighbourhood="binnenstad",
        theme="samenleven-studenten-bewoners",
        review={"by": "dr. M. Bakker", "date": "2023-06-01"},
        status="withdrawn",
        withdrawn_reason="Een respondent bleek herkenbaar; het rapport wordt herschreven.",
    )
    add_in_year(
        repo,
        2025,
        slug="voedselbank-oosterpark",
        title="Wie komt er bij de Voedselbank?",
        date="2025-11-01",
        neighbourhood="oosterparkwijk",
        theme="voedselbank",
        review={"by": "dr. M. Bakker", "date": "2025-11-20"},
        embargo_until="2026-03-01",
    )


def test_public_site_shows_only_published_and_keeps_withdrawn_addresses(repo: Repo) -> None:
    fill(repo)
    site = repo.build()
    assert "Eenzaamheid onder ouderen in Selwerd" in repo.page(PUBLISHED)
    assert not (site / DRAFT).exists()
    assert "Armoede in Beijum" not in repo.page("onderzoek/")
    assert not (site / EMBARGO).exists()  # under embargo on 2026-01-01
    withdrawn = repo.page(WITHDRAWN)
    assert "Teruggetrokken" in withdrawn
    assert "Een respondent bleek herkenbaar; het rapport wordt herschreven." in withdrawn
    assert "Overlast van studentenhuizen in de Binnenstad" in withdrawn
    assert "wijs-banner--concept" not in withdrawn


def test_preview_shows_drafts_with_a_concept_banner(repo: Repo) -> None:
    fill(repo)
    repo.build(preview=True)
    draft = repo.page(DRAFT)
    assert "Armoede in Beijum" in draft
    assert "wijs-banner--concept" in draft and "status: concept" in draft
    embargo = repo.page(EMBARGO)
    assert "embargo tot 1 maart 2026" in embargo
    assert "wijs-banner--concept" not in repo.page(PUBLISHED)


def test_embargo_lifts_at_the_first_build_on_its_date(repo: Repo) -> None:
    fill(repo)
    repo.write_mkdocs(today="2026-02-28")
    site = repo.build()
    assert not (site / EMBARGO).exists()
    repo.write_mkdocs(today="2026-03-01")
    repo.build()
    page = repo.page(EMBARGO)
    assert "Wie komt er bij de Voedselbank?" in page
    assert "wijs-banner--concept" not in page


def codes(repo: Repo) -> dict[str, set[str]]:
    corpus = load_corpus(repo.research)
    found: dict[str, set[str]] = {}
    for d in corpus.diagnostics:
        found.setdefault(d.path.split("/")[2], set()).add(f"{d.severity.value}:{d.code}")
    return found


def test_check_warns_when_a_status_skips_a_step(repo: Repo) -> None:
    repo.add_report(slug="review-maar-concept", status="draft")  # has a review block
    repo.add_report(slug="ingediend-zonder-consent", status="submitted", review=None, consent=None)
    repo.add_report(
        slug="nooit-goedgekeurd",
        status="withdrawn",
        review=None,
        withdrawn_reason="Dubbel ingediend.",
    )
    repo.add_report(slug="reden-zonder-terugtrekking", withdrawn_reason="Zomaar.")
    repo.add_report(slug="goed-op-weg", status="submitted", review=None)
    found = codes(repo)
    assert found["review-maar-concept"] == {"warning:review-without-approval"}
    assert found["ingediend-zonder-consent"] == {"warning:submitted-without-consent"}
    assert found["nooit-goedgekeurd"] == {"warning:withdrawn-never-approved"}
    assert found["reden-zonder-terugtrekking"] == {"warning:reason-without-withdrawal"}
    assert "goed-op-weg" not in found


def test_placeholder_text_blocks_submission_but_not_a_draft(repo: Repo) -> None:
    summary = "TODO: twee tot vijf zinnen over je vraag."
    repo.add_report(slug="concept", status="draft", review=None, summary=summary)
    repo.add_report(slug="ingediend", status="submitted", review=None, summary=summary)
    found = codes(repo)
    assert found["concept"] == {"warning:placeholder"}
    assert found["ingediend"] == {"error:placeholder"}


def test_preview_shows_drafts_but_every_published_figure_counts_the_same_reports(
    repo: Repo,
) -> None:
    import datetime as dt

    from wijs import insights
    from wijs.corpus import load_corpus
    from wijs.jaarverslag.figures import published_reports
    from wijs.outputs.feeds import published_reports as feed_reports
    from wijs.outputs.open_data import exported_reports
    from wijs.pages.site import Site

    repo.add_report()
    repo.add_report(slug="concept", status="draft", review=None, consent=None)
    repo.add_report(slug="embargo", embargo_until="2099-01-01")
    site = Site(load_corpus(repo.research), BuildSettings(preview=True), today=dt.date(2025, 1, 1))
    assert len(site.reports) == 3  # the preview shows all three
    published = {r.key for r in site.published}
    assert published == {"2024/eenzaamheid-ouderen-selwerd"}
    assert {r.key for r in published_reports(site)} == published
    assert {r.key for r in feed_reports(site)} == published
    assert {r.key for r in exported_reports(site)} == published
    totals = insights.indicators_per_year(site).rows[-1]
    assert totals[1] == 1  # one report counted, not three
