"""Overview pages per wijk, thema, instelling and jaar, each with an index page."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from wijs import insights
from wijs.citations.page import facet_block as citations_block
from wijs.model import Report
from wijs.outputs.feeds import feed_block, feed_head
from wijs.pages.render import page_markdown, raw, render
from wijs.pages.reuse import reuse  # live preview: made again only when its reports changed
from wijs.pages.site import FACETS, WHITE_SPOT_ANCHOR, GeneratedPage, Site
from wijs.questions.pages import facet_block as open_questions

Entry = tuple[str, str, int]  # label, url, count

#: Extra blocks on a facet page, e.g. charts or feeds: (site, facet, value, reports) → Markdown.
FacetBlock = Callable[[Site, str, str, list[Report]], str]
FACET_BLOCKS_TOP: list[FacetBlock] = [feed_block, open_questions]
FACET_BLOCKS_BOTTOM: list[FacetBlock] = [citations_block]
#: Extra tags for a facet page's <head> (e.g. its feed): trusted HTML, via page meta wijs_head.
FACET_HEAD_PARTS: list[FacetBlock] = [feed_head]

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
    combinations = _combinations_digest(site)
    for facet in FACETS:
        pages.append(index_page(site, facet))
        for value, reports in site.by_facet[facet].items():
            if site.in_focus(reports):
                pages.append(_facet_page(site, facet, value, reports, combinations))
    # one page per wijk × thema combination that has research, none for the empty ones: those
    # explain themselves on the wijk page (white spots), so the page count stays bounded
    for (wijk, theme), reports in site.by_wijk_theme.items():
        if site.in_focus(reports):
            pages.append(_combination_page(site, wijk, theme, reports, combinations))
    pages.append(all_reports_page(site))
    return pages


def _combinations_digest(site: Site) -> str:
    """Which wijk × thema combinations have research: wijk and thema pages link to them and
    the white spots name the nearest wijken that have them."""
    keys = "\n".join(f"{w}\t{t}" for w, t in sorted(site.by_wijk_theme))
    return hashlib.sha256(keys.encode("utf-8")).hexdigest()


def _facet_page(
    site: Site, facet: str, value: str, reports: list[Report], combinations: str
) -> GeneratedPage:
    name = f"facet:{facet}/{value}"
    make = lambda: facet_page(site, facet, value, reports)  # noqa: E731
    # a wijk or thema page lists its open questions too
    return reuse(site, name, reports, make, combinations, site.vraagbank.digest)


def _combination_page(
    site: Site, wijk: str, theme: str, reports: list[Report], combinations: str
) -> GeneratedPage:
    name = f"combination:{wijk}/{theme}"
    make = lambda: combination_page(site, wijk, theme, reports)  # noqa: E731
    return reuse(site, name, reports, make, combinations)


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
    spots = white_spots(site, facet, value, reports)
    related = related_facets(site, facet, value, reports)
    # the way on from a wijk is by thema and from a thema by wijk: those links come first
    crossing = [section for section in related if section[0] == CROSSING.get(facet)]
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
        crossing=crossing,
        related_facets=[section for section in related if section not in crossing],
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
        groups.setdefault(spot.area, []).append(spot)
    return list(groups.items())


def _by_year(reports: list[Report]) -> list[tuple[int, list[Report]]]:
    grouped: dict[int, list[Report]] = {}
    for report in reports:
        grouped.setdefault(report.meta.year, []).append(report)
    return sorted(grouped.items(), reverse=True)


#: The facet a wijk or thema page leads on to first: a wijk's themes, a thema's wijken.
CROSSING = {"neighbourhood": "Thema's", "theme": "Wijken"}


def related_facets(
    site: Site, facet: str, value: str, reports: list[Report]
) -> list[tuple[str, list[Entry]]]:
    """The other facets of these reports, with counts, most frequent first. From a wijk page a
    thema links to that wijk × thema combination, from a thema page a wijk likewise."""
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
                [
                    (site.facet_label(other, v), _link(site, facet, value, other, v), n)
                    for v, n in ordered
                ],
            )
        )
    return sections


def _link(site: Site, facet: str, value: str, other: str, other_value: str) -> str:
    if (facet, other) == ("neighbourhood", "theme"):
        return site.combination_url(value, other_value)
    if (facet, other) == ("theme", "neighbourhood"):
        return site.combination_url(other_value, value)
    return site.facet_url(other, other_value)


@dataclass(frozen=True)
class WhiteSpot:
    """A thema never researched in a wijk (on the wijk page) or a wijk never researched on a
    thema (on the thema page)."""

    label: str
    value: str  # its id
    #: Where it links: for a thema its own page, for a wijk the white spot on its page; '' when
    #: nothing at all is published about it.
    url: str
    #: The stadsdeel of a wijk.
    area: str = ""
    #: On a wijk page: the spot's id, and where the thema was researched nearby.
    anchor: str = ""
    nearby: insights.Nearby | None = None


def white_spots(site: Site, facet: str, value: str, reports: list[Report]) -> list[WhiteSpot]:
    """For a wijk the themes never researched there, each with the nearest wijken that have
    it; for a thema the wijken never researched on it. Other facets have none."""
    vocabulary = site.vocabulary
    if facet == "neighbourhood":
        themes = site.by_facet["theme"]
        return [
            WhiteSpot(
                term.label,
                term.id,
                site.facet_url("theme", term.id) if term.id in themes else "",
                anchor=f"{WHITE_SPOT_ANCHOR}{term.id}",
                nearby=insights.nearby_with_theme(site, value, term.id),
            )
            for term in insights.themes_never_researched(site, reports)
        ]
    if facet == "theme":
        return [
            WhiteSpot(
                term.label,
                term.id,
                site.white_spot_url(term.id, value),
                vocabulary.stadsdelen.label(term.group) if term.group else "",
            )
            for term in insights.wijken_never_researched(site, reports)
        ]
    return []


def combination_page(site: Site, wijk: str, theme: str, reports: list[Report]) -> GeneratedPage:
    """What the research found about one thema in one wijk: each report with its findings and
    recommendations, and where else nearby the thema was researched."""
    vocabulary = site.vocabulary
    wijk_term = vocabulary.wijken.get(wijk)
    theme_label = site.facet_label("theme", theme)
    title = f"{theme_label} in {wijk_term.label}"
    here = site.combination_url(wijk, theme)
    nearby = insights.nearby_with_theme(site, wijk, theme)
    body = render(
        "combination_page.md.j2",
        title=title,
        theme_label=theme_label,
        wijk_label=wijk_term.label,
        wijk_url=site.facet_url("neighbourhood", wijk),
        theme_url=site.facet_url("theme", theme),
        search_url=f"zoeken/?wijk={wijk}&thema={theme}",
        reports=reports[:GATHERED_FROM],
        rest=reports[GATHERED_FROM:],
        total=len(reports),
        years=sorted({r.meta.year for r in reports}),
        nearby=[(w.label, site.combination_url(w.id, theme)) for w in nearby.same_stadsdeel],
        stadsdeel=nearby.stadsdeel,
        site=site,
        here=here,
    )
    description = (
        f"Wat WIJS-studenten onderzochten over {theme_label.lower()} in {wijk_term.label}."
    )
    meta = {"title": title, "description": description}
    return GeneratedPage(f"{here}index.md", page_markdown(meta, body))


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
