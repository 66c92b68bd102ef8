"""The citation parts of a report page: in-text citations in the body, the reference list,
"Citeer dit", the <head> metadata and the export files next to the page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from wijs.citations import exports
from wijs.citations import report as report_citations
from wijs.citations.diskcache import disk_cache
from wijs.citations.metadata import head_part
from wijs.citations.report import citations_for, content_key
from wijs.model import Report
from wijs.pages.html_stash import stash
from wijs.pages.render import raw, render
from wijs.pages.site import FACETS, Site, relative_url

SCRIPT_URI = "assets/wijs/citations.js"
#: templates whose output is kept in the disk cache
CACHED_TEMPLATES = ("citations_references.html.j2",)


def in_text(report: Report, site: Site, markdown: str) -> str:
    """BODY_TRANSFORMS: [@key] and @key become linked APA in-text citations."""
    if "@" not in markdown:
        return markdown  # no citation can be in it
    return _cached(report, "page-body", markdown, lambda: _in_text(report, markdown))


def _in_text(report: Report, markdown: str) -> tuple[str, bool]:
    cited = citations_for(report)
    return cited.render_body(markdown), not cited.format_error


def reference_list(report: Report, site: Site) -> str:
    """REPORT_SECTIONS: 'Literatuur' / 'References' with the cited works, as ready HTML that
    Markdown passes by (see wijs.pages.html_stash)."""
    return stash(_cached(report, "page-refs", "", lambda: _reference_list(report)))


def _reference_list(report: Report) -> tuple[str, bool]:
    cited = citations_for(report)
    if not cited.references:
        return "", not cited.format_error
    html = render(
        "citations_references.html.j2",
        references=cited.references,
        heading=cited.labels.heading,
        language=report.meta.language,
        rtl=report.meta.is_rtl,
        raw=raw,
    )
    return html, True


def _digest(report: Report, extra: str) -> str:
    key, _ = content_key(report)
    parts = (key, str(report.meta.is_rtl), _templates_version(), extra)
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def prepare(site: Site) -> None:
    """Before the report pages are made: the citations and "Citeer dit" of every report whose
    page parts are not cached yet, formatted by the CSL engine in one pandoc process."""
    disk = disk_cache(site.corpus.root.parent)
    needed = [
        r
        for r in site.paged_reports
        if "@" in r.body and (disk is None or not disk.has("page-refs", _digest(r, "")))
    ]
    jobs = [
        exports.cite_this_job(r, site)
        for r in site.paged_reports
        if disk is None or not disk.has("page-cite", _cite_digest(r, site))
    ]
    report_citations.prepare(needed, jobs, disk)


def _cite_digest(report: Report, site: Site) -> str:
    """What "Citeer dit" depends on: the index.md and vocabulary (the report's digest) and
    the site's address."""
    parts = (report.digest, site.site_url, _templates_version())
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def _cached(report: Report, kind: str, extra: str, make: Callable[[], tuple[str, bool]]) -> str:
    """``make()``'s HTML, kept on disk by the content of the report's citations and ``extra``:
    a build where a report's .bib and body did not change does no citation work for it.
    ``make`` says whether its result may be kept (not when formatting failed)."""
    disk = disk_cache(report.root.parent)
    if disk is None:
        return make()[0]
    digest = _digest(report, extra)
    found = disk.get(kind, digest)
    if isinstance(found, str):
        return found
    html, keep = make()
    if keep:
        disk.put(kind, digest, html)
    return html


@lru_cache(maxsize=1)
def _templates_version() -> str:
    """Hash of the templates of the cached HTML (the disk cache's version covers the code)."""
    folder = resources.files("wijs") / "pages" / "templates"
    hasher = hashlib.sha256()
    for name in CACHED_TEMPLATES:
        hasher.update((folder / name).read_bytes())
    return hasher.hexdigest()[:16]


def cite_this(report: Report, site: Site) -> str:
    """REPORT_SECTIONS: 'Citeer dit' with the APA reference, a copy button and downloads, as
    ready HTML."""
    disk = disk_cache(report.root.parent)
    digest = _cite_digest(report, site)
    found = disk.get("page-cite", digest) if disk is not None else None
    if isinstance(found, str):
        apa_html = found
    else:
        apa_html, _ = exports.apa_reference(report, site)
        if disk is not None and apa_html:
            disk.put("page-cite", digest, apa_html)
    files = {kind: exports.export_name(report, kind) for kind in exports.EXPORT_SUFFIXES}
    return stash(
        render(
            "citations_cite.html.j2",
            apa_html=apa_html,
            files=files,
            language=report.meta.language,
            raw=raw,
        )
    )


def head(report: Report, site: Site) -> str:
    """HEAD_PARTS: citation_* meta tags, JSON-LD and the copy-button script."""
    script = relative_url(report.url, SCRIPT_URI)
    return head_part(report, site) + f'\n<script src="{script}" defer></script>'


def facet_block(site: Site, facet: str, value: str, reports: list[Report]) -> str:
    """FACET_BLOCKS_BOTTOM: a link to all reports of a facet page as one .bib."""
    if not reports:
        return ""
    # Markup: trusted HTML, so a template that places blocks with autoescape keeps it intact
    return raw(
        render("citations_facet.html.j2", count=len(reports), file=facet_bib_name(facet, value))
    )


def facet_bib_name(facet: str, value: str) -> str:
    return f"{FACETS[facet][0]}-{value}.bib"


def write_exports(site: Site, site_dir: Path) -> None:
    """OUTPUT_WRITERS: BibTeX, RIS and CSL-JSON next to every report page, a .bib per facet
    page, and the copy-button script."""
    for report in site.reports:
        folder = site_dir / report.url
        folder.mkdir(parents=True, exist_ok=True)
        files = {
            "bibtex": exports.bibtex(report, site),
            "ris": exports.ris(report, site),
            "csl": exports.csl_json([report], site),
        }
        for kind, text in files.items():
            (folder / exports.export_name(report, kind)).write_text(text, encoding="utf-8")
    for facet, groups in site.by_facet.items():
        for value, reports in groups.items():
            folder = site_dir / site.facet_url(facet, value)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / facet_bib_name(facet, value)).write_text(
                exports.bibtex_collection(reports, site), encoding="utf-8"
            )
    script = resources.files("wijs") / "assets" / "citations.js"
    target = site_dir / SCRIPT_URI
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
