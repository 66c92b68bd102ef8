"""Every page and copied file of the site, in order: the main page families, then search,
insights, the jaarverslag and the vraagbank. The one module that knows all page families; each
family builds on ``wijs.pages.site`` and never on this module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from wijs.jaarverslag import pages as jaarverslag
from wijs.pages import facets, home, insights, report_page
from wijs.pages.html_stash import PageParts, collecting, has_placeholders
from wijs.pages.site import GeneratedPage, Site, SitePlan
from wijs.questions import pages as questions
from wijs.reproducible import source_date
from wijs.research import Corpus
from wijs.search import page as search
from wijs.settings import BuildSettings

PagePlanner = Callable[[Site], list[GeneratedPage]]

#: Work a page family starts before any page is made, to run beside the making of the pages
#: (the jaarverslag's publication lists go to the CSL engine first: they are made early).
PREPARERS: list[Callable[[Site], None]] = [jaarverslag.prepare]

#: The site's main pages: home, one per report, the overview pages per wijk, thema…
MAIN_PLANNERS: list[PagePlanner] = [home.plan, report_page.plan, facets.plan]
#: The further page families, in the order their pages are made.
EXTRA_PLANNERS: list[PagePlanner] = [jaarverslag.plan, insights.plan, search.plan, questions.plan]
#: What a preview of part of the site (Site.focus) makes of the further families: the search
#: page only (the adapter stands in for the navigation's other pages).
FOCUS_PLANNERS: list[PagePlanner] = [search.plan]


def plan_site(
    corpus: Corpus,
    settings: BuildSettings | None = None,
    *,
    page_cache: dict[str, tuple[str, GeneratedPage]] | None = None,
    search_cache: dict[str, tuple[str, Any]] | None = None,
    focus: frozenset[str] | None = None,
    parts_later: bool = False,
) -> SitePlan:
    """Every generated page and copied file of the site (with ``focus``: see Site.focus).
    Embargoes are decided on ``settings.today``, else SOURCE_DATE_EPOCH's date, else today."""
    settings = settings or BuildSettings()
    site = Site(
        corpus,
        settings,
        today=settings.today or source_date() or dt.date.today(),
        page_cache=page_cache,
        search_cache=search_cache,
        focus=focus,
        parts_later=parts_later,
    )
    pages: list[GeneratedPage] = []
    if focus is None:
        for prepare in PREPARERS:
            prepare(site)
    for planner in [*MAIN_PLANNERS, *(EXTRA_PLANNERS if focus is None else FOCUS_PLANNERS)]:
        with collecting() as parts:  # ready HTML a page family stashed (wijs.pages.html_stash)
            made = planner(site)
        pages.extend(replace(p, parts=parts) if _needs(p, parts) else p for p in made)
    return SitePlan(site, pages, report_page.static_files(site))


def _needs(page: GeneratedPage, parts: PageParts) -> bool:
    """Whether ``page`` has placeholders for ready HTML of its family but none of its own (a
    page reused by the live preview keeps its own and stays the same object)."""
    return bool(parts) and not page.parts and has_placeholders(page.markdown)
