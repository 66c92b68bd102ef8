"""Overview pages per wijk, thema, instelling and jaar, each with an index page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from wijs import insights
from wijs.model import Report
from wijs.outputs.feeds import feed_block, feed_head
from wijs.pages.render import page_markdown, raw, render
from wijs.pages.site import FACETS, GeneratedPage, Site

Entry = tuple[str, str, int]  # label, url, count

#: Extra blocks on a facet page, e.g. charts or feeds: (site, facet, value, reports) → Markdown.
FacetBlock = Callable[[Site, str, str, list[Report]], str]
FACET_BLOCKS_TOP: list[FacetBlock] = []
FACET_BLOCKS_BOTTOM: list[FacetBlock] = []
#: Extra tags for a facet page's <head> (e.g. its feed): trusted HTML, via page meta wijs_head.
FACET_HEAD_PARTS: list[FacetBlock] = []

FACET_BLOCKS_TOP.append(feed_block)
FACET_HEAD_PARTS.append(feed_head)


def _register_citations() -> None:
    from wijs.citations.page import facet_block

    FACET_BLOCKS_BOTTOM.append(facet_block)


_register_citations()

#: Findings and recommendations are gathered from at most this many reports, the newest: a
#: popular thema has thousands of reports, and gathering them all made its page grow to 5 MB at
#: 5,000 reports (and with every report added). Every report stays listed under 'Rapporten'.
GATHERED_FROM = 50

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
            pages.append(_facet_page(site, facet, value, reports))
    pages.append(all_reports_page(site))
    return pages


def _facet_page(site: Site, facet: str, value: str, reports: list[Report]) -> GeneratedPage:
    from wijs.preview import reuse  # live preview: made again only when its reports changed

    name = f"facet:{facet}/{value}"
    return reuse(site, name, reports, lambda: facet_page(site, facet, value, reports))


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
    """What we know about one wijk, thema, instelling or jaar, gathered from its reports."""
    _, singular, _ = FACETS[facet]
    label = site.facet_label(facet, value)
    here = site.facet_url(facet, value)
    description, monitor, stadsdeel = "", "", ""
    if facet != "year":
        term = site.vocabulary.kind(facet).get(value)
        description = term.description
        if facet == "neighbourhood":
            monitor = term.url
            stadsdeel = site.vocabulary.stadsdelen.label(term.group) if term.group else ""
    title = f"{singular}: {label}" if facet != "year" else f"Onderzoek uit {label}"
    years = sorted({r.meta.year for r in reports})
    spots = white_spots(site, facet, reports)
    body = render(
        "facet_page.md.j2",
        facet=facet,
        title=title,
        label=label,
        description=description,
        monitor=monitor,
        stadsdeel=stadsdeel,
        reports=reports,
        site=site,
        here=here,
        years=years,
        counts={
            other: len({v for r in reports for v in site.facet_values(r, other)})
            for other in FACETS
        },
        findings=[(f, r) for r in reports[:GATHERED_FROM] for f in r.meta.findings],
        recommendations=[(f, r) for r in reports[:GATHERED_FROM] for f in r.meta.recommendations],
        gathered_from=min(len(reports), GATHERED_FROM),
        by_year=_by_year(reports) if facet == "institution" else [],
        related_facets=related_facets(site, facet, reports),
        white_spots=spots,
        white_spot_groups=_grouped(spots),
        # blocks are trusted Markdown/HTML from their own modules: not escaped again
        extra_top=[
            raw(b) for b in (blk(site, facet, value, reports) for blk in FACET_BLOCKS_TOP) if b
        ],
        extra_bottom=[
            raw(b) for b in (blk(site, facet, value, reports) for blk in FACET_BLOCKS_BOTTOM) if b
        ],
    )
    page_meta: dict[str, object] = {"title": title}
    if description:
        page_meta["description"] = description
    heads = (h(site, facet, value, reports) for h in FACET_HEAD_PARTS)
    head = "\n".join(part for part in heads if part)
    if head:
        page_meta["wijs_head"] = head
    return GeneratedPage(f"{here}index.md", page_markdown(page_meta, body))


def _grouped(spots: list[WhiteSpot]) -> list[tuple[str, list[WhiteSpot]]]:
    """White spots by stadsdeel, in vocabulary order."""
    groups: dict[str, list[WhiteSpot]] = {}
    for spot in spots:
        groups.setdefault(spot[2], []).append(spot)
    return list(groups.items())


def _by_year(reports: list[Report]) -> list[tuple[int, list[Report]]]:
    grouped: dict[int, list[Report]] = {}
    for report in reports:
        grouped.setdefault(report.meta.year, []).append(report)
    return sorted(grouped.items(), reverse=True)


def related_facets(site: Site, facet: str, reports: list[Report]) -> list[tuple[str, list[Entry]]]:
    """The other facets of these reports, with counts, most frequent first."""
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
    return sections


#: A white spot: its label, the URL of its own page ('' when nothing at all is published about
#: it) and, for wijken, the stadsdeel it lies in.
WhiteSpot = tuple[str, str, str]


def white_spots(site: Site, facet: str, reports: list[Report]) -> list[WhiteSpot]:
    """For a wijk the themes never researched there; for a thema the wijken never researched
    on it. Other facets have none."""
    if facet == "neighbourhood":
        terms, other = insights.themes_never_researched(site, reports), "theme"
    elif facet == "theme":
        terms, other = insights.wijken_never_researched(site, reports), "neighbourhood"
    else:
        return []
    vocabulary = site.vocabulary
    existing = site.by_facet[other]
    return [
        (
            term.label,
            site.facet_url(other, term.id) if term.id in existing else "",
            vocabulary.stadsdelen.label(term.group) if term.group else "",
        )
        for term in terms
    ]


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
