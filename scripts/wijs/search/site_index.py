"""The static site's search: filters and metadata on every report page, and the Pagefind index
built from those pages after MkDocs wrote them (one index, Dutch stemming for every report)."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

from wijs.model import Report
from wijs.pages.render import render
from wijs.pages.site import Site
from wijs.search.text import plain_text

log = logging.getLogger("mkdocs.plugins.wijs")

#: Only report pages are indexed (and on them only what is inside data-pagefind-body).
REPORT_GLOB = "onderzoek/*/*/index.html"
BUNDLE = "pagefind"
ASSETS = ("zoeken.js", "zoeken.css")
ASSET_URI = "assets/wijs/"
#: Pagefind splits its index by the page language; one language keeps one index, so a Dutch
#: query also finds reports written in English or Arabic.
INDEX_LANGUAGE = "nl"
#: The site index holds title, summary, findings, recommendations, keywords and the opening
#: words of the body (the page itself keeps the whole body). Pagefind's memory and the index
#: chunks a query downloads grow with every indexed word: this keeps a build of 5,000 reports
#: under 2 GB and a first query under 300 KB. `wijs search` indexes the whole text.
BODY_WORDS = 300
#: Left out of the index: the body as rendered (its opening words are indexed instead), the
#: page's own citation and downloads, whose words (the URL, file names) say nothing about it, and
#: the reference list: the cited works' authors and titles are not the report's subject, and every
#: entry, as an anchor, was stored twice in the result data each shown result downloads.
EXCLUDED = [".wijs-body", ".wijs-cite", ".wijs-citeer", ".wijs-downloads", ".wijs-references"]
#: The facets with few values share one Pagefind filter whose value names all of a page's
#: choices (see `grouped_value`). Pagefind lists every page under every value of a filter, about
#: 2 bytes a page even gzipped, and the search page loads every filter for its counts: four
#: filters of 5,000 reports cost 42 KB, the one group 11 KB. The search page reads the counts and
#: builds the filters per facet from it (zoeken.js), so for the user nothing changes.
GROUP_FILTER = "kenmerken"
GROUPED = ("niveau", "instelling", "jaar", "type")


def search_data(report: Report, site: Site) -> str:
    """Hidden filters, metadata and sort key of a report page, for Pagefind."""
    meta = report.meta
    vocabulary = site.vocabulary
    grouped = {
        "niveau": meta.level,
        "instelling": meta.institution,
        "jaar": [str(meta.year)],
        "type": [meta.type],
    }
    filters = [
        ("wijk", meta.neighbourhood),
        ("thema", meta.theme),
        (GROUP_FILTER, [grouped_value(grouped)]),
    ]
    shown = {
        "wijk": ", ".join(vocabulary.wijken.label(w) for w in meta.neighbourhood),
        "instelling": ", ".join(vocabulary.institutions.label(i) for i in meta.institution),
        "jaar": str(meta.year),
        "type": vocabulary.types.label(meta.type),
    }
    words = plain_text(report.body).split()
    opening = " ".join(words[:BODY_WORDS]) + (" …" if len(words) > BODY_WORDS else "")
    return render(
        "search_data.html.j2",
        filters=filters,
        shown=shown,
        opening=opening,
        language=meta.language,
        sort=(meta.date.isoformat() if meta.date else f"{meta.year}-01-01"),
    )


def grouped_value(values: dict[str, list[str]]) -> str:
    """One value for all grouped facets of a page: 'hbo,wo|hanze|2024|factsheet' (GROUPED's
    order; ids never hold '|' or ',')."""
    return "|".join(",".join(sorted(values[name])) for name in GROUPED)


def write_search_assets(site: Site, site_dir: Path) -> None:
    """The search page's own script and styles."""
    target = site_dir / ASSET_URI
    target.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        source = resources.files("wijs") / "assets" / name
        (target / name).write_bytes(source.read_bytes())


def write_pagefind(site_dir: Path) -> None:
    """Index the built report pages with Pagefind into ``site_dir/pagefind/``."""
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    pages = _run_async(lambda: _index(site_dir, bundle))
    log.info("wijs: zoekindex van %d pagina's", pages)


def _run_async(make: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run a coroutine to completion, also when this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


async def _index(site_dir: Path, bundle: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(
        force_language=INDEX_LANGUAGE, output_path=str(bundle), exclude_selectors=EXCLUDED
    )
    async with PagefindIndex(config) as index:
        result = await index.add_directory(str(site_dir), glob=REPORT_GLOB)
        return int(result.get("page_count", 0))
