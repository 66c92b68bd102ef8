"""Files written next to the built pages after the build: open data, feeds, downloads, search
index. Each writer takes the Site and the output folder and writes only inside that folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wijs.convert.downloads import write_downloads
from wijs.pages.site import Site

OutputWriter = Callable[[Site, Path], None]

#: Register writers here; they run in order after MkDocs has written the pages.
OUTPUT_WRITERS: list[OutputWriter] = []
OUTPUT_WRITERS.append(write_downloads)


def write_outputs(site: Site, site_dir: Path) -> None:
    for writer in OUTPUT_WRITERS:
        writer(site, site_dir)
