"""The site as a whole: which reports are visible, how they group into facets, which pages exist."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from wijs.model import Report
from wijs.pages.html_stash import PageParts
from wijs.questions.links import Vraagbank
from wijs.research import Corpus
from wijs.settings import BuildSettings

#: front-matter key → (URL segment, Dutch singular, Dutch plural)
FACETS: dict[str, tuple[str, str, str]] = {
    "neighbourhood": ("wijk", "Wijk", "Wijken"),
    "theme": ("thema", "Thema", "Thema's"),
    "institution": ("instelling", "Instelling", "Instellingen"),
    "year": ("jaar", "Jaar", "Jaren"),
}

#: The id of a theme's white spot on a wijk page: 'geen-' + theme id.
WHITE_SPOT_ANCHOR = "geen-"


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in memory: ``src_uri`` like 'wijk/selwerd/index.md'."""

    src_uri: str
    markdown: str
    report_key: str = ""  # set on report pages: which report it shows
    #: the page holds Markdown written by someone outside WIJS (a question's context): its HTML
    #: is cleaned like a report page's (report pages always are)
    untrusted: bool = False
    #: ready HTML behind the placeholders in ``markdown`` (wijs.pages.html_stash)
    parts: PageParts = field(default_factory=dict, repr=False, compare=False)

    @property
    def sanitized(self) -> bool:
        return bool(self.report_key) or self.untrusted

    @property
    def url(self) -> str:
        return page_url(self.src_uri)


@dataclass(frozen=True)
class StaticFile:
    """A file copied from the research folder into the site (figures, attachments)."""

    dest_uri: str
    source: Path


@dataclass
class SitePlan:
    site: Site
    pages: list[GeneratedPage]
    files: list[StaticFile]


def page_url(src_uri: str) -> str:
    if src_uri == "index.md":
        return ""
    if src_uri.endswith("/index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[: -len(".md")] + "/"


def relative_url(from_url: str, to_url: str) -> str:
    """Link from one directory URL ('wijk/selwerd/') to another, as a relative href."""
    start = "/" + from_url
    target = "/" + to_url
    rel = posixpath.relpath(target, start if start.endswith("/") else posixpath.dirname(start))
    if to_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel == "./" or rel == "." else rel


@dataclass
class Site:
    """Everything a page needs to know about the rest of the site."""

    corpus: Corpus
    #: How this build is made (preview, site_url, downloads, …), from the adapters.
    settings: BuildSettings = field(default_factory=BuildSettings)
    #: The date that decides embargoes (``settings.today``, SOURCE_DATE_EPOCH's or today's).
    today: dt.date = field(default_factory=dt.date.today)
    #: Report pages from an earlier build, by report key, reused while the report is unchanged
    #: (live preview). None in a full build, where every page is made afresh.
    page_cache: dict[str, tuple[str, GeneratedPage]] | None = None
    #: What search keeps of each report (its Pagefind record, its words), by report key with
    #: the report's digest, reused while the report is unchanged (live preview); None: none.
    search_cache: dict[str, tuple[str, Any]] | None = None
    #: A live preview of part of the site (``wijs serve PATH``, and the first build of
    #: ``wijs serve``): the keys of the reports whose pages are made, with the overview pages
    #: they appear on and the site's top-level pages. None: every page.
    focus: frozenset[str] | None = None
    #: A full build by MkDocs: a page part whose input is still being computed elsewhere (a
    #: citation pandoc formats) may be a placeholder that is filled in when the page's HTML is
    #: made (wijs.pages.html_stash.stash_later). False: every part is ready in the Markdown.
    parts_later: bool = False
    #: What this build makes once for the whole site, by its maker (the downloads, the
    #: jaarverslag's documents, the CSL engine at work): dropped with the Site.
    made: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def preview(self) -> bool:
        """Every report is shown, each unpublished one with a "concept" banner."""
        return self.settings.preview

    @property
    def site_url(self) -> str:
        """The public address ending in '/', or '' (for feeds, references, metadata)."""
        return self.settings.site_url

    @cached_property
    def reports(self) -> list[Report]:
        """Reports that get a full page, newest first."""
        return self.corpus.visible(self.preview, self.today)

    @cached_property
    def paged_reports(self) -> list[Report]:
        """The reports whose pages this build makes: all of ``reports``, or those in focus."""
        if self.focus is None:
            return self.reports
        return [r for r in self.reports if r.key in self.focus]

    def in_focus(self, reports: Iterable[Report]) -> bool:
        """Whether a page showing ``reports`` is made in this build."""
        return self.focus is None or any(r.key in self.focus for r in reports)

    @cached_property
    def published(self) -> list[Report]:
        """What the public site shows (also in a preview build), newest first: what feeds, open
        data, OAI, the jaarverslag, insights and related research are made of."""
        return self.corpus.published(self.today)

    @cached_property
    def withdrawn(self) -> list[Report]:
        """Withdrawn reports keep a page at their URL (unless shown in full in a preview)."""
        shown = {r.key for r in self.reports}
        return [r for r in self.corpus.withdrawn() if r.key not in shown]

    @cached_property
    def vraagbank(self) -> Vraagbank:
        """The questions from the city, each with the reports on this site that answer it."""
        return Vraagbank.of(self.corpus.questions, self.reports, self.today)

    @property
    def vocabulary(self):  # type: ignore[no-untyped-def]
        return self.corpus.vocabulary

    def facet_values(self, report: Report, facet: str) -> list[str]:
        if facet == "year":
            return [str(report.meta.year)]
        return list(getattr(report.meta, facet))

    @cached_property
    def by_facet(self) -> dict[str, dict[str, list[Report]]]:
        grouped: dict[str, dict[str, list[Report]]] = {f: defaultdict(list) for f in FACETS}
        for report in self.reports:
            for facet in FACETS:
                for value in self.facet_values(report, facet):
                    grouped[facet][value].append(report)
        return {f: dict(values) for f, values in grouped.items()}

    @cached_property
    def by_wijk_theme(self) -> dict[tuple[str, str], list[Report]]:
        """Reports per (wijk, thema) combination that has research, newest first. Each such
        combination has a page; the heat-map on the insights page counts the same lists."""
        grouped: dict[tuple[str, str], list[Report]] = defaultdict(list)
        for report in self.reports:
            for wijk in report.meta.neighbourhood:
                for theme in report.meta.theme:
                    grouped[(wijk, theme)].append(report)
        return dict(grouped)

    def combination_url(self, wijk: str, theme: str) -> str:
        """The page of one wijk × thema combination that has research."""
        return f"wijk/{wijk}/{theme}/"

    def white_spot_url(self, wijk: str, theme: str) -> str:
        """Where a combination without research explains itself: on the wijk's page, when the
        wijk has one; '' otherwise."""
        if wijk not in self.by_facet["neighbourhood"]:
            return ""
        return f"{self.facet_url('neighbourhood', wijk)}#{WHITE_SPOT_ANCHOR}{theme}"

    def facet_label(self, facet: str, value: str) -> str:
        if facet == "year":
            return value
        return self.vocabulary.kind(facet).label(value)

    def facet_url(self, facet: str, value: str) -> str:
        return f"{FACETS[facet][0]}/{value}/"

    def is_published(self, report: Report) -> bool:
        return report.is_published(self.today)
