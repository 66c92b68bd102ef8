"""Overview pages per wijk, thema, instelling and jaar, each with an index page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from wijs.model import Report
from wijs.pages.render import page_markdown, render
from wijs.pages.site import FACETS, GeneratedPage, Site

Entry = tuple[str, str, int]  # label, url, count

#: Extra blocks on a facet page, e.g. charts or feeds: (site, facet, value, reports) → Markdown.
FacetBlock = Callable[[Site, str, str, list[Report]], str]
FACET_BLOCKS_TOP: list[FacetBlock] = []
FACET_BLOCKS_BOTTOM: list[FacetBlock] = []


def _register_citations() -> None:
    from wijs.citations.page import facet_block

    FACET_BLOCKS_BOTTOM.append(facet_block)


_register_citations()

INTROS = {
    "neighbourhood": "Onderzoek per wijk van de gemeente Groningen, geordend per stadsdeel "
    "(inclusief Haren en Ten Boer).",
    "theme": "Onderzoek per thema.",
    "institution": "Onderzoek per onderwijsinstelling.",
    "year": "Onderzoek per jaar van publicatie.",
}


def plan(site: Site) -> list[GeneratedPage]:
    pages = []
    for facet in FACETS:
        pages.append(index_page(site, facet))
        for value, reports in site.by_facet[facet].items():
            pages.append(facet_page(site, facet, value, reports))
    pages.append(all_reports_page(site))
    return pages


def _entries(site: Site, facet: str, values: list[str]) -> list[Entry]:
    groups = site.by_facet[facet]
    return [
        (site.facet_label(facet, v), site.facet_url(facet, v), len(groups.get(v, [])))
        for v in values
    ]


def index_page(site: Site, facet: str) -> GeneratedPage:
    segment, _, plural = FACETS[facet]
    groups: list[tuple[str, list[Entry]]]
    if facet == "neighbourhood":
        vocabulary = site.vocabulary
        groups = [
            (d.label, _entries(site, facet, [w.id for w in vocabulary.wijken_in(d.id)]))
            for d in vocabulary.stadsdelen
        ]
        citywide = [w.id for w in vocabulary.wijken if w.citywide]
        groups.append(("Hele gemeente", _entries(site, facet, citywide)))
    elif facet == "year":
        years = sorted(site.by_facet["year"], reverse=True)
        groups = [("", _entries(site, facet, years))]
    else:
        groups = [("", _entries(site, facet, site.vocabulary.kind(facet).ids()))]
    here = f"{segment}/"
    body = render("facet_index.md.j2", plural=plural, intro=INTROS[facet], groups=groups, here=here)
    return GeneratedPage(f"{here}index.md", page_markdown({"title": plural}, body))


def facet_page(site: Site, facet: str, value: str, reports: list[Report]) -> GeneratedPage:
    _, singular, _ = FACETS[facet]
    label = site.facet_label(facet, value)
    here = site.facet_url(facet, value)
    description, monitor = "", ""
    if facet != "year":
        term = site.vocabulary.kind(facet).get(value)
        description = term.description
        monitor = term.url if facet == "neighbourhood" else ""
    title = f"{singular}: {label}" if facet != "year" else f"Onderzoek uit {label}"
    body = render(
        "facet_page.md.j2",
        title=title,
        label=label,
        description=description,
        monitor=monitor,
        reports=reports,
        site=site,
        here=here,
        findings=[(f, r) for r in reports for f in r.meta.findings],
        recommendations=[(f, r) for r in reports for f in r.meta.recommendations],
        related_facets=related_facets(site, facet, reports),
        extra_top=[b for b in (blk(site, facet, value, reports) for blk in FACET_BLOCKS_TOP) if b],
        extra_bottom=[
            b for b in (blk(site, facet, value, reports) for blk in FACET_BLOCKS_BOTTOM) if b
        ],
    )
    return GeneratedPage(f"{here}index.md", page_markdown({"title": title}, body))


def related_facets(site: Site, facet: str, reports: list[Report]) -> list[tuple[str, list[Entry]]]:
    """The other facets of these reports, with counts; for a wijk also the themes never studied."""
    sections = []
    for other, heading in (
        ("theme", "Thema's"),
        ("neighbourhood", "Wijken"),
        ("institution", "Instellingen"),
        ("year", "Jaren"),
    ):
        if other == facet:
            continue
        counts = Counter(v for r in reports for v in site.facet_values(r, other))
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        sections.append(
            (
                heading,
                [(site.facet_label(other, v), site.facet_url(other, v), n) for v, n in ordered],
            )
        )
    if facet == "neighbourhood":
        covered = {t for r in reports for t in r.meta.theme}
        missing = [t for t in site.vocabulary.themes if t.id not in covered]
        sections.append(
            (
                "Witte vlekken: thema's zonder onderzoek in deze wijk",
                [(t.label, "", 0) for t in missing],
            )
        )
    return sections


def all_reports_page(site: Site) -> GeneratedPage:
    by_year: dict[int, list[Report]] = {}
    for report in site.reports:
        by_year.setdefault(report.meta.year, []).append(report)
    body = render(
        "all_reports.md.j2",
        site=site,
        by_year=sorted(by_year.items(), reverse=True),
        here="onderzoek/",
    )
    return GeneratedPage("onderzoek/index.md", page_markdown({"title": "Alle onderzoek"}, body))
