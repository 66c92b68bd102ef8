"""The /zoeken/ page: a search form with a fieldset per facet, filled in by zoeken.js from the
Pagefind index. Without JavaScript the form still lists what can be filtered on."""

from __future__ import annotations

import json
from collections import Counter

from wijs.pages.render import page_markdown, render
from wijs.pages.site import GeneratedPage, Site
from wijs.search.analysis import STOPS
from wijs.search.index import FEW
from wijs.search.site_index import BODY_MARK, GROUP_FILTER, GROUPED, WORD_LIST

URL = "zoeken/"

#: Facet in the URL and the index → (Dutch legend, vocabulary kind or '' for the year).
FACETS: dict[str, tuple[str, str]] = {
    "wijk": ("Wijk", "neighbourhood"),
    "thema": ("Thema", "theme"),
    "instelling": ("Instelling", "institution"),
    "niveau": ("Niveau", "level"),
    "jaar": ("Jaar", ""),
    "type": ("Type", "type"),
}

#: Texts the script shows, kept here (and in the template) rather than in the script.
MESSAGES = {
    "found_one": "1 rapport gevonden",
    "found_other": "{n} rapporten gevonden",
    "none": "Geen rapporten gevonden voor ‘{q}’.",
    "none_filters": "Geen rapporten gevonden met deze filters.",
    "suggest": "Bedoelde je: ",
    "start": "Typ een zoekterm of kies een filter.",
    "loading": "Zoeken…",
    "unavailable": "Zoeken is nu niet beschikbaar: de zoekindex ontbreekt.",
    "more": "Meer resultaten",
    "filters_active": "({n} aan)",
    "in_text": "In de tekst: ",
}
#: What the page says when nothing is found: what to try instead.
TIPS = {
    "intro": "Probeer dit:",
    "spelling": "Controleer de spelling, of zoek op een ander of algemener woord.",
    "fewer": "Gebruik minder woorden: elk woord moet in het rapport staan.",
    "filters": "Haal filters weg.",
    "browse": "Blader per",
}


def plan(site: Site) -> list[GeneratedPage]:
    facets = []
    for name, (legend, kind) in FACETS.items():
        if kind:
            counts = Counter(v for r in site.reports for v in _values(r.meta, kind))
            terms = site.vocabulary.kind(kind)
            values = sorted(
                ((v, terms.label(v), n) for v, n in counts.items()), key=lambda e: e[1].lower()
            )
        else:
            counts = Counter(str(r.meta.year) for r in site.reports)
            values = sorted(((v, v, n) for v, n in counts.items()), reverse=True)
        facets.append((name, legend, values))
    body = render(
        "search_page.md.j2",
        facets=facets,
        bundle="../pagefind/",
        assets="../assets/wijs/",
        messages=json.dumps(MESSAGES, ensure_ascii=False),
        group=json.dumps({"filter": GROUP_FILTER, "facets": GROUPED}),
        total=len(site.reports),
        stopwords=json.dumps(sorted(STOPS), ensure_ascii=False),
        words=f"../{WORD_LIST}",
        few=FEW,
        body_mark=BODY_MARK,
        tips=TIPS,
    )
    meta = {"title": "Zoeken", "hide": ["toc"], "description": "Doorzoek al het WIJS-onderzoek."}
    return [GeneratedPage(f"{URL}index.md", page_markdown(meta, body))]


def _values(meta: object, kind: str) -> list[str]:
    value = getattr(meta, kind)
    return [value] if isinstance(value, str) else list(value)
