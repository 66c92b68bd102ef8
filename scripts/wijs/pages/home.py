"""The home page: what WIJS is, a search box, counts, latest publications, browse."""

from __future__ import annotations

from wijs.pages.render import page_markdown, render
from wijs.pages.site import GeneratedPage, Site

LATEST = 6
LATEST_QUESTIONS = 3


def plan(site: Site) -> list[GeneratedPage]:
    groups = site.by_facet
    counts = {facet: len(values) for facet, values in groups.items()}
    counts["neighbourhood"] = len(
        [w for w in groups["neighbourhood"] if not site.vocabulary.wijken.get(w).citywide]
    )
    counts["authors"] = len({a.person.display for r in site.reports for a in r.meta.authors})
    vraagbank = site.vraagbank
    counts["open_questions"] = len(vraagbank.open)
    counts["answered_questions"] = len(vraagbank.with_status("beantwoord"))
    by_stadsdeel = []
    for stadsdeel in site.vocabulary.stadsdelen:
        wijken = [
            (w.label, site.facet_url("neighbourhood", w.id), len(groups["neighbourhood"][w.id]))
            for w in site.vocabulary.wijken_in(stadsdeel.id)
            if w.id in groups["neighbourhood"]
        ]
        if wijken:
            by_stadsdeel.append((stadsdeel.label, wijken))
    themes = [
        (t.label, site.facet_url("theme", t.id), len(groups["theme"][t.id]))
        for t in site.vocabulary.themes
        if t.id in groups["theme"]
    ]
    body = render(
        "home.md.j2",
        site=site,
        counts=counts,
        latest=site.reports[:LATEST],
        by_stadsdeel=by_stadsdeel,
        themes=themes,
        open_questions=vraagbank.open[:LATEST_QUESTIONS],
    )
    meta = {"title": "Onderzoeksbank", "hide": ["navigation", "toc"]}
    return [GeneratedPage("index.md", page_markdown(meta, body))]
