"""The citation parts of a report page: in-text citations in the body, the reference list,
"Citeer dit", the <head> metadata and the export files next to the page."""

from __future__ import annotations

import hashlib
import html
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from wijs.citations import engine, exports
from wijs.citations import report as report_citations
from wijs.citations.diskcache import disk_cache
from wijs.citations.labels import labels_for
from wijs.citations.metadata import head_part
from wijs.citations.report import (
    Reference,
    ReportCitations,
    citation_html,
    citations_for,
    content_key,
)
from wijs.citations.syntax import Citation, find_citations, replace_citations
from wijs.model import Report
from wijs.pages.html_stash import stash, stash_later
from wijs.pages.render import raw, render
from wijs.pages.site import FACETS, Site, relative_url

SCRIPT_URI = "assets/wijs/citations.js"
#: templates whose output is kept in the disk cache
CACHED_TEMPLATES = ("citations_references.html.j2",)


def in_text(report: Report, site: Site, markdown: str) -> str:
    """BODY_TRANSFORMS: [@key] and @key become linked APA in-text citations."""
    if "@" not in markdown:
        return markdown  # no citation can be in it
    return _cached(report, "page-body", markdown, lambda: _in_text(report, site, markdown))


def _in_text(report: Report, site: Site, markdown: str) -> tuple[str, bool]:
    cited = citations_for(report)
    later = _Later.of(report, site, cited)
    if later is not None:
        if not any(_in_heading(markdown, c.start) for c in find_citations(markdown)):
            return later.body(cited, markdown), False  # kept on disk once filled in
        later.formatting.wait(later.digest)  # the heading's anchor is named by its text
    return cited.render_body(markdown), not cited.format_error


def reference_list(report: Report, site: Site) -> str:
    """REPORT_SECTIONS: 'Literatuur' / 'References' with the cited works, as ready HTML that
    Markdown passes by (see wijs.pages.html_stash)."""
    disk = disk_cache(report.root.parent)
    digest = _digest(report, "")
    found = disk.get("page-refs", digest) if disk is not None else None
    if isinstance(found, str):
        return stash(found)
    if "@" in report.body:
        cited = citations_for(report)
        later = _Later.of(report, site, cited) if cited.citations else None
        if later is not None:
            return stash_later(f"refs:{later.digest}", later.reference_list)
    html, keep = _reference_list(report)
    if disk is not None and keep:
        disk.put("page-refs", digest, html)
    return stash(html)


def _reference_list(report: Report) -> tuple[str, bool]:
    cited = citations_for(report)
    return _references_html(report, cited.references), not cited.format_error


def _references_html(report: Report, references: list[Reference]) -> str:
    if not references:
        return ""
    return render(
        "citations_references.html.j2",
        references=references,
        heading=labels_for(report.meta.language).heading,
        language=report.meta.language,
        rtl=report.meta.is_rtl,
        raw=raw,
    )


def _in_heading(markdown: str, offset: int) -> bool:
    """Whether ``offset`` is in a heading (its text also names the heading's anchor, so a
    citation there must be in the Markdown itself)."""
    start = markdown.rfind("\n", 0, offset) + 1
    end = markdown.find("\n", offset)
    if markdown[start:].lstrip().startswith("#"):
        return True
    following = markdown[end + 1 :].split("\n", 1)[0].strip() if end >= 0 else ""
    return set(following) in ({"="}, {"-"})  # the line below makes it a heading


#: Site.made: the CSL engine at work for a build whose page parts come later (Site.parts_later)
FORMATTING = "citeproc"


@dataclass
class _Later:
    """The citations of a report while pandoc still formats them (a full build): the page's
    Markdown gets placeholders, filled in from the engine's result when MkDocs makes the
    page's HTML, so pandoc works on one core while MkDocs works on the other. What the
    placeholders need is kept here, not the report's parsed .bib."""

    report: Report
    formatting: engine.Formatting
    digest: str  # the CSL engine's job for the report's citations
    texts: tuple[str, ...]  # the job's citations, in the order of its results
    replaced: list[tuple[int, int, str]] = field(default_factory=list)
    markdown: str = ""

    @classmethod
    def of(cls, report: Report, site: Site, cited: ReportCitations) -> _Later | None:
        """The report's citations, when pandoc is still formatting them for this build."""
        formatting = site.made.get(FORMATTING) if site is not None else None
        if formatting is None:
            return None
        digest = engine.job_digest(cited.cache_key, cited.language)
        if not formatting.waiting(digest):
            return None
        return cls(report, formatting, digest, cited.citation_texts())

    @cached_property
    def rendered(self) -> engine.Rendered:
        self.formatting.wait(self.digest)
        found = engine.cached(self.digest, disk_cache(self.report.root.parent))
        return found or engine.Rendered(error="citeproc")

    @cached_property
    def by_text(self) -> dict[str, str]:
        rendered = self.rendered
        if len(rendered.citations) != len(self.texts):
            return {}
        by_text = dict(zip(self.texts, rendered.citations, strict=True))
        disk = disk_cache(self.report.root.parent)
        if disk is not None and self.markdown and not rendered.error:
            disk.put("page-body", _digest(self.report, self.markdown), self._body(by_text))
        return by_text

    def body(self, cited: ReportCitations, markdown: str) -> str:
        """The Markdown with a placeholder for every citation."""
        self.markdown = markdown

        def placeholder(citation: Citation) -> str | None:
            text = cited.citation_text(citation)
            if text is None:
                return None
            self.replaced.append((citation.start, citation.end, text))
            original = markdown[citation.start : citation.end]
            return stash_later(
                f"cite:{self.digest}:{citation.start}",
                lambda: self.citation(text, original),
                inline=True,
            )

        return replace_citations(markdown, placeholder)

    def citation(self, text: str, original: str) -> str:
        found = self.by_text.get(text)
        return citation_html(found) if found is not None else html.escape(original)

    def _body(self, by_text: dict[str, str]) -> str:
        """The Markdown as the engine's result makes it at once (kept for the next build)."""
        parts, position = [], 0
        for start, end, text in self.replaced:
            found = by_text.get(text)
            if found is not None:
                parts += [self.markdown[position:start], citation_html(found)]
                position = end
        return "".join([*parts, self.markdown[position:]])

    def reference_list(self) -> str:
        rendered = self.rendered
        references = [Reference(a.removeprefix("ref-"), a, h) for a, h in rendered.references]
        made = _references_html(self.report, references)
        disk = disk_cache(self.report.root.parent)
        if disk is not None and not rendered.error:
            disk.put("page-refs", _digest(self.report, ""), made)
        return made


def _digest(report: Report, extra: str) -> str:
    key, _ = content_key(report)
    parts = (key, str(report.meta.is_rtl), _templates_version(), extra)
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def prepare(site: Site) -> None:
    """Before the report pages are made: the citations and "Citeer dit" of every report whose
    page parts are not cached yet, formatted by the CSL engine in pandoc processes (in a full
    build while the pages are made: Site.parts_later)."""
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
    report_citations.prepare(needed, jobs, disk, beside=_beside(site) if site.parts_later else None)


def _beside(site: Site) -> engine.Formatting:
    """The CSL engine at work beside MkDocs in this build, started on first use: one pandoc
    process, the other core is MkDocs'."""
    formatting = site.made.get(FORMATTING)
    if formatting is None:
        disk = disk_cache(site.corpus.root.parent)
        workers = (os.cpu_count() or 1) - 1
        formatting = site.made[FORMATTING] = engine.Formatting(
            disk, workers, hold=False, apart=True
        )
    return formatting


def format_soon(site: Site, jobs: list[engine.Job]) -> None:
    """Start on ``jobs`` beside MkDocs (a full build; else nothing happens until they are
    asked for): :func:`formatted` then waits for them instead of formatting them again."""
    if site.parts_later and jobs:
        _beside(site).add(jobs)


def formatted(site: Site, job: engine.Job) -> engine.Rendered:
    """``job`` formatted: from the work beside MkDocs when it is there, else now."""
    formatting = site.made.get(FORMATTING)
    if formatting is not None:
        formatting.wait(job.digest)
    return engine.render([job], disk_cache(site.corpus.root.parent))[0]


def finish(site: Site) -> None:
    """Wait for the CSL engine's work of this build (every page part is filled in by now)."""
    formatting = site.made.pop(FORMATTING, None)
    if formatting is not None:
        formatting.close()


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
        return stash(_cite_block(report, found))
    formatting = site.made.get(FORMATTING)
    job = exports.cite_this_job(report, site).digest
    if formatting is not None and formatting.waiting(job):

        def later() -> str:
            formatting.wait(job)
            return _cite_block(report, _apa_html(report, site, digest))

        return stash_later(f"cite:{digest}", later)
    return stash(_cite_block(report, _apa_html(report, site, digest)))


def _apa_html(report: Report, site: Site, digest: str) -> str:
    apa_html, _ = exports.apa_reference(report, site)
    disk = disk_cache(report.root.parent)
    if disk is not None and apa_html:
        disk.put("page-cite", digest, apa_html)
    return apa_html


def _cite_block(report: Report, apa_html: str) -> str:
    files = {kind: exports.export_name(report, kind) for kind in exports.EXPORT_SUFFIXES}
    return render(
        "citations_cite.html.j2",
        apa_html=apa_html,
        files=files,
        language=report.meta.language,
        raw=raw,
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
