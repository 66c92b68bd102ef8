"""The page of one report: metadata panel, summary, findings, recommendations, body, extras."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import replace

from wijs.citations import page as citations
from wijs.convert.downloads import built_downloads, downloads_section
from wijs.markdown_links import prose_lines
from wijs.model import Report
from wijs.pages.html_stash import collecting
from wijs.pages.render import page_markdown, raw, render
from wijs.pages.site import GeneratedPage, Site, StaticFile
from wijs.questions import pages as questions
from wijs.rights.confidential import published_files
from wijs.rights.figures import web_transform
from wijs.sanitize import mark_body
from wijs.search.related import related_section

#: Sections under the body (related research, the question it answers, citations, downloads):
#: each returns trusted HTML/Markdown, or "" to add nothing.
ReportSection = Callable[[Report, Site], str]
REPORT_SECTIONS: list[ReportSection] = [
    related_section,
    # right after the related research: the question from the city this report answers
    questions.report_section,
    citations.reference_list,
    citations.cite_this,
    downloads_section,
]
#: Changes to the body Markdown before it is placed (figure credits, in-text citations):
#: (report, site, markdown) → markdown.
BodyTransform = Callable[[Report, Site, str], str]


def _figure_credits(report: Report, site: Site, markdown: str) -> str:
    return web_transform(report, markdown)


BODY_TRANSFORMS: list[BodyTransform] = [_figure_credits, citations.in_text]
#: Extra tags for the page's <head> (citation_* meta tags, JSON-LD): trusted HTML.
HEAD_PARTS: list[ReportSection] = [citations.head]
#: Work done for all report pages at once before they are made (the CSL engine's one run).
PREPARE: list[Callable[[Site], None]] = [citations.prepare]
#: What else a report page shows that can change without the report (the question it answers):
#: the live preview makes the page again when one of these changes.
PAGE_KEY_PARTS: list[ReportSection] = [questions.report_page_key]

COPIED_FOLDERS = ("figures", "attachments")


def plan(site: Site) -> list[GeneratedPage]:
    made = site
    if site.page_cache is not None:
        # live preview: prepare only the pages made again (after a save: one, not 1,000)
        stale = frozenset(r.key for r in site.paged_reports if _kept_page(r, site) is None)
        if len(stale) < len(site.paged_reports):
            made = dataclasses.replace(site, focus=stale)
    if made.paged_reports:
        for prepare in PREPARE:
            prepare(made)
    pages = [report_page(report, site) for report in site.paged_reports]
    pages += [withdrawn_page(r, site) for r in site.withdrawn if site.in_focus([r])]
    return pages


def _page_key(report: Report, site: Site) -> str:
    key = f"{report.digest}:{site.preview}:{site.is_published(report)}"
    return key + "".join(part(report, site) for part in PAGE_KEY_PARTS)


def _kept_page(report: Report, site: Site) -> GeneratedPage | None:
    """The page of the previous build of the live preview, while nothing it shows changed."""
    cached = (site.page_cache or {}).get(report.key)
    return cached[1] if cached is not None and cached[0] == _page_key(report, site) else None


def report_page(report: Report, site: Site) -> GeneratedPage:
    if site.page_cache is None:
        return _report_page(report, site)
    kept = _kept_page(report, site)
    if kept is None:
        kept = _report_page(report, site)
        site.page_cache[report.key] = (_page_key(report, site), kept)
    return kept


def _report_page(report: Report, site: Site) -> GeneratedPage:
    with collecting() as parts:
        page = _made_report_page(report, site)
    return replace(page, parts=parts)


def _made_report_page(report: Report, site: Site) -> GeneratedPage:
    meta = report.meta
    sections = "\n\n".join(part for part in (s(report, site) for s in REPORT_SECTIONS) if part)
    head = "\n".join(part for part in (h(report, site) for h in HEAD_PARTS) if part)
    top = render(
        "report_top.html.j2",
        r=report,
        m=meta,
        site=site,
        url=report.url,
        published=site.is_published(report),
        facet_links=_facet_links(report, site),
        downloads=built_downloads(report, site),
        body_sections=_body_sections(report.body),
    )
    bottom = render("report_bottom.html.j2", r=report, m=meta, site=site, url=report.url)
    markdown = "\n\n".join(
        part for part in (top, _body(report, site), bottom, sections) if part.strip()
    )
    page_meta: dict[str, object] = {"title": meta.title, "description": meta.summary[:300]}
    if head:
        page_meta["wijs_head"] = head
    page_meta["wijs_lang"] = meta.language
    return GeneratedPage(f"{report.url}index.md", page_markdown(page_meta, markdown), report.key)


def _body_sections(body: str) -> set[str]:
    """The lower-case titles of the body's own second-level sections ('aanbevelingen', …)."""
    return {
        line[3:].strip().strip("#").strip().lower()
        for _, line in prose_lines(body)
        if line.startswith("## ")
    }


def _body(report: Report, site: Site) -> str:
    # the body is the student's own Markdown; a wrapper keeps its language and direction
    body = report.body.strip("\n")
    for transform in BODY_TRANSFORMS:
        body = transform(report, site, body)
    if not body.strip():
        return ""
    direction = ' dir="rtl"' if report.meta.is_rtl else ""
    # marked off: the sanitiser cleans the student's part more strictly than the page
    return mark_body(
        f'<div class="wijs-body" lang="{report.meta.language}"{direction} markdown="1">\n\n'
        f"{body}\n\n</div>"
    )


def _facet_links(report: Report, site: Site) -> dict[str, list[tuple[str, str]]]:
    links: dict[str, list[tuple[str, str]]] = {}
    for facet in ("neighbourhood", "theme", "institution", "year"):
        links[facet] = [
            (site.facet_label(facet, value), site.facet_url(facet, value))
            for value in site.facet_values(report, facet)
        ]
    return links


def withdrawn_page(report: Report, site: Site) -> GeneratedPage:
    body = render("report_withdrawn.html.j2", r=report, m=report.meta, site=site, url=report.url)
    meta = {"title": f"Teruggetrokken: {report.meta.title}", "wijs_lang": report.meta.language}
    return GeneratedPage(f"{report.url}index.md", page_markdown(meta, body), report.key)


def static_files(site: Site) -> list[StaticFile]:
    """Figures and attachments of every visible report, copied next to its page."""
    files = []
    for report in site.paged_reports:
        for folder_name in COPIED_FOLDERS:
            for path in published_files(report, folder_name):
                relative = path.relative_to(report.folder).as_posix()
                files.append(StaticFile(f"{report.url}{relative}", path))
    return files


__all__ = ["HEAD_PARTS", "REPORT_SECTIONS", "plan", "raw", "static_files"]
