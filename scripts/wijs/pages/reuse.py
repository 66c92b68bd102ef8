"""What keeps an overview page from being made again in the live preview (`wijs serve`) while
nothing it shows changed: the reports on it, the vocabulary, the preview settings. Report pages
have the same in report_page (``Site.page_cache``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import replace

from wijs.model import Report
from wijs.pages.html_stash import collecting
from wijs.pages.site import GeneratedPage, Site


def signature(site: Site, reports: Iterable[Report], *extra: object) -> str:
    """What an overview page depends on: its reports, the vocabulary and the site settings."""
    hasher = hashlib.sha256()
    for part in (site.preview, site.today, site.site_url, site.vocabulary.digest, *extra):
        hasher.update(repr(part).encode("utf-8") + b"\x00")
    # white spots link to the pages that exist: which wijken and themes have research at all
    for facet in ("neighbourhood", "theme"):
        hasher.update(",".join(sorted(site.by_facet.get(facet, {}))).encode("utf-8") + b"\x00")
    for report in reports:
        published = b"1" if site.is_published(report) else b"0"
        hasher.update(report.digest.encode("ascii") + published)
    return hasher.hexdigest()


def reuse(
    site: Site,
    name: str,
    reports: Iterable[Report],
    make: Callable[[], GeneratedPage],
    *extra: object,
) -> GeneratedPage:
    """The page ``make`` returns, reused from the previous build while its inputs are the same.

    Only in a live preview (``site.page_cache`` set); a full build always makes every page.
    """
    if site.page_cache is None:
        return make()
    key = signature(site, reports, *extra)
    cached = site.page_cache.get(name)
    if cached is not None and cached[0] == key:
        return cached[1]
    page = made_with_parts(make)
    site.page_cache[name] = (key, page)
    return page


def made_with_parts(make: Callable[[], GeneratedPage]) -> GeneratedPage:
    """``make()``'s page carrying the ready HTML stashed while it was made, so that a page
    reused later still has it."""
    with collecting() as parts:
        page = make()
    return replace(page, parts={**parts, **page.parts}) if parts else page
