"""The annual overviews on the site: /jaarverslag/<year>/ for every year with published
research, and /jaarverslag/ listing them."""

from __future__ import annotations

from wijs.jaarverslag.document import site_markdown
from wijs.jaarverslag.figures import annual_overview, periods_with_research
from wijs.pages.render import page_markdown, render
from wijs.pages.site import GeneratedPage, Site

INDEX = "jaarverslag/"


def plan(site: Site) -> list[GeneratedPage]:
    pages = []
    years = []
    for period in reversed(periods_with_research(site)):
        overview = annual_overview(site, period)
        here = f"{INDEX}{period.slug}/"
        title = f"Jaarverslag onderzoek {period.title}"
        meta = {"title": title, "description": f"Gepubliceerd WIJS-onderzoek in {period.title}."}
        pages.append(
            GeneratedPage(f"{here}index.md", page_markdown(meta, site_markdown(overview, here)))
        )
        years.append((period.label, here, overview.totals.reports, overview.totals.authors))
    body = render("jaarverslag_index.md.j2", years=years, here=INDEX)
    pages.append(GeneratedPage(f"{INDEX}index.md", page_markdown({"title": "Jaarverslag"}, body)))
    return pages
