"""The annual overviews on the site: /jaarverslag/<year>/ for every year with published
research, and /jaarverslag/ listing them."""

from __future__ import annotations

from wijs.citations.page import format_soon
from wijs.jaarverslag import downloads
from wijs.jaarverslag.document import site_markdown, site_reference_url
from wijs.jaarverslag.figures import (
    AnnualOverview,
    annual_overview,
    periods_with_research,
    published_reports,
    report_day,
)
from wijs.jaarverslag.references import references_job
from wijs.pages.render import page_markdown, render
from wijs.pages.reuse import reuse
from wijs.pages.site import GeneratedPage, Site

INDEX = "jaarverslag/"


def prepare(site: Site) -> None:
    """In a full build, the publication list of every year goes to the CSL engine before any
    page is made; the pages find it formatted (wijs.citations.page.format_soon)."""
    if not site.parts_later:
        return
    jobs = [
        references_job(annual_overview(site, period).reports, site, site_reference_url(site))
        for period in periods_with_research(site)
    ]
    format_soon(site, [job for job in jobs if job is not None])


def plan(site: Site) -> list[GeneratedPage]:
    pages = []
    years = []
    published = published_reports(site)
    for period in reversed(periods_with_research(site)):
        overview = annual_overview(site, period)
        here = f"{INDEX}{period.slug}/"

        def make(overview: AnnualOverview = overview, here: str = here) -> GeneratedPage:
            title = f"Jaarverslag onderzoek {overview.period.title}"
            description = f"Gepubliceerd WIJS-onderzoek in {overview.period.title}."
            meta = {"title": title, "description": description}
            body = site_markdown(overview, here)
            files = downloads.links(site, overview)
            if files:
                # under the title: the same overview as PDF and Word, to pass on as it is
                title, _, rest = body.partition("\n")
                body = f"{title}\n\n{render('jaarverslag_downloads.html.j2', files=files)}{rest}"
            return GeneratedPage(f"{here}index.md", page_markdown(meta, body))

        # live preview: a year's overview is made again only when its reports (or the year
        # before's, it compares with them) changed
        shown = [
            r
            for r in published
            if period.contains(report_day(r)) or period.previous.contains(report_day(r))
        ]
        # …or the vraagbank, which it counts too
        pages.append(reuse(site, f"jaarverslag:{period.slug}", shown, make, site.vraagbank.digest))
        years.append((period.label, here, overview.totals.reports, overview.totals.authors))
    body = render("jaarverslag_index.md.j2", years=years, here=INDEX)
    pages.append(GeneratedPage(f"{INDEX}index.md", page_markdown({"title": "Jaarverslag"}, body)))
    return pages
