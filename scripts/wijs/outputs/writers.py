"""What runs after MkDocs has written the pages: every writer of files next to them (open data,
feeds, downloads, search assets, the vraagbank's files), then the search index and the leak scan.
Each writer takes the Site and the output folder and writes only inside that folder."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wijs.citations.page import write_exports
from wijs.convert.downloads import write_downloads
from wijs.jaarverslag.downloads import write_jaarverslag_downloads
from wijs.outputs.feeds import write_feeds
from wijs.outputs.insights_data import write_insights_data
from wijs.outputs.open_data import write_open_data
from wijs.pages.site import Site
from wijs.questions.feeds import write_question_feeds
from wijs.questions.open_data import write_question_data
from wijs.questions.pages import write_question_assets
from wijs.rights.leaks import Confidential, confidential_in, verify_nothing_confidential
from wijs.search.site_index import write_pagefind, write_records, write_search_assets

log = logging.getLogger("mkdocs.plugins.wijs")

OutputWriter = Callable[[Site, Path], None]

#: Every writer, in the order they run after MkDocs has written the pages.
OUTPUT_WRITERS: list[OutputWriter] = [
    write_downloads,
    write_open_data,
    write_insights_data,
    write_feeds,
    write_search_assets,
    write_jaarverslag_downloads,
    write_exports,
    # the vraagbank's open data, feeds and script
    write_question_data,
    write_question_feeds,
    write_question_assets,
]


#: What a preview of part of the site writes: the search page's script and styles.
FOCUS_WRITERS: list[OutputWriter] = [write_search_assets]

#: The writers whose files show only the reports' front-matter, the questions, the vocabulary
#: and the settings, never a report's body or folder: the live preview skips them after a save
#: that changed none of these (wijs.preview.front_matter_signature): at 1,000 reports they
#: write some 5,000 files, seconds that competed with the next save.
FRONT_MATTER_WRITERS: frozenset[OutputWriter] = frozenset(
    {
        write_open_data,
        write_insights_data,
        write_feeds,
        write_exports,
        write_question_data,
        write_question_feeds,
        write_question_assets,
    }
)


@dataclass(frozen=True)
class Finishing:
    """What ``finish_site`` needs besides the written site; small and plain, so a build that
    writes its pages in a process of its own can hand it (as JSON) to the process that
    finishes."""

    confidential: Confidential
    #: the Pagefind records (write_records) in a temporary folder; None: no search index
    records: Path | None = None

    def as_dict(self) -> dict[str, Any]:
        records = None if self.records is None else str(self.records)
        return {"confidential": self.confidential.as_dict(), "records": records}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finishing:
        records = data["records"]
        confidential = Confidential.from_dict(data["confidential"])
        return cls(confidential, None if records is None else Path(records))


def write_outputs(
    site: Site,
    site_dir: Path,
    *,
    finish: bool = True,
    skip: frozenset[OutputWriter] = frozenset(),
) -> Finishing:
    """Run every writer but those in ``skip`` (the live preview: files that are up to date);
    then, unless ``finish`` is False, ``finish_site``. Returns what ``finish_site`` needs, so a
    caller that postponed it can run it later. The search records are skipped when
    ``site.settings.search_index`` is off."""
    # a preview of part of the site (Site.focus) gets its search index and no other files
    for writer in OUTPUT_WRITERS if site.focus is None else FOCUS_WRITERS:
        if writer not in skip:
            writer(site, site_dir)
    records = write_records(site) if site.settings.search_index else None
    finishing = Finishing(confidential_in(site), records)
    if finish:
        finish_site(finishing, site_dir)
    return finishing


def finish_site(finishing: Finishing, site_dir: Path) -> None:
    """The last steps, which need the written site but not the reports: the search index of the
    report pages (Pagefind; skipped with ``search_index: false``), then the leak scan over every
    file, which fails the build on a leak."""
    if finishing.records is not None:
        write_pagefind(finishing.records, site_dir)
    else:
        log.info("wijs: zoekindex overgeslagen (search_index: false)")
    verify_nothing_confidential(finishing.confidential, site_dir)
