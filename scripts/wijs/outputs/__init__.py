"""Files written next to the built pages after the build: open data, feeds, downloads, search
index. Each writer takes the Site and the output folder and writes only inside that folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wijs.convert.downloads import write_downloads
from wijs.outputs.feeds import write_feeds
from wijs.outputs.insights_data import write_insights_data
from wijs.outputs.open_data import write_open_data
from wijs.pages.site import Site
from wijs.rights.leaks import verify_nothing_confidential
from wijs.search.site_index import write_pagefind, write_search_assets

OutputWriter = Callable[[Site, Path], None]

#: Register writers here; they run in order after MkDocs has written the pages.
OUTPUT_WRITERS: list[OutputWriter] = [write_downloads, write_open_data, write_insights_data]
OUTPUT_WRITERS.append(write_feeds)
OUTPUT_WRITERS += [write_search_assets, write_pagefind]


def _register_citations() -> None:
    from wijs.citations.page import write_exports

    OUTPUT_WRITERS.append(write_exports)


_register_citations()


def write_outputs(site: Site, site_dir: Path) -> None:
    for writer in OUTPUT_WRITERS:
        writer(site, site_dir)
    # last, so it sees every download and the search index: fails the build on a leak
    verify_nothing_confidential(site, site_dir)
