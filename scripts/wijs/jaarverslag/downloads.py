"""The jaarverslag as PDF and Word on the site, next to its page: typeset once per build when
downloads are switched on (the ``downloads`` build option), cached by the text it typesets, so
an unchanged year costs nothing on the next build."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path

from wijs.convert.downloads import human_size, prune
from wijs.convert.pandoc import pandoc_version
from wijs.errors import WijsError
from wijs.jaarverslag.document import document_markdown, write_document
from wijs.jaarverslag.figures import (
    AnnualOverview,
    Period,
    annual_overview,
    periods_with_research,
)
from wijs.pages.site import Site

log = logging.getLogger("mkdocs.plugins.wijs")

#: Beside the reports' downloads in the cache folder, never among them.
CACHE_FOLDER = "jaarverslag"

FORMATS = (("pdf", "PDF"), ("docx", "Word (DOCX)"))


def file_name(period: Period, fmt: str) -> str:
    return f"jaarverslag-{period.slug}.{fmt}"


def document_of(site: Site, overview: AnnualOverview) -> dict[str, Path]:
    """The typeset PDF and DOCX of this overview (none when downloads are off or typesetting
    failed: the page then shows no link, never a dead one)."""
    # per build: period slug → format → the typeset file in the cache
    built: dict[str, dict[str, Path]] = site.made.setdefault("jaarverslag-documents", {})
    slug = overview.period.slug
    if slug in built:
        return built[slug]
    files: dict[str, Path] = {}
    if site.settings.downloads:
        cache = site.settings.cache_dir / CACHE_FOLDER
        text = document_markdown(overview, site.site_url, None)
        key = hashlib.sha256((pandoc_version() + "\0" + text).encode("utf-8")).hexdigest()[:32]
        for fmt, _ in FORMATS:
            target = cache / f"{key}.{fmt}"
            if not target.is_file():
                part = target.with_name(f"{key}.part.{fmt}")  # never a half-written file
                try:
                    write_document(overview, fmt, part, site.site_url)
                    part.replace(target)
                except (WijsError, OSError) as exc:
                    log.warning("jaarverslag %s als %s niet gemaakt: %s", slug, fmt, exc)
                    continue
            files[fmt] = target
        if cache.is_dir():
            prune(cache)
    built[slug] = files
    return files


def links(site: Site, overview: AnnualOverview) -> list[tuple[str, str, str]]:
    """(file name, label, size) of each download of this overview, for its page."""
    files = document_of(site, overview)
    return [
        (file_name(overview.period, fmt), label, human_size(files[fmt].stat().st_size))
        for fmt, label in FORMATS
        if fmt in files
    ]


def write_jaarverslag_downloads(site: Site, site_dir: Path) -> None:
    """Put the typeset files next to the pages: jaarverslag/<year>/jaarverslag-<year>.pdf."""
    if not site.settings.downloads:
        return
    for period in periods_with_research(site):
        # typeset on planning the page; asked again here for a page a live preview reused
        for fmt, path in document_of(site, annual_overview(site, period)).items():
            target = site_dir / "jaarverslag" / period.slug / file_name(period, fmt)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)
