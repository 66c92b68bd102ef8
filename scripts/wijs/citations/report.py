"""A report's citations as a whole: its references.bib, the citations in its body, and their
APA 7 forms from the one CSL engine (in-text citations and the reference list). Computed once
per content hash (of the .bib, the body and the language) and kept in memory, so checks and
pages share the work; :func:`prepare` formats every report of a build in one pandoc run."""

from __future__ import annotations

import hashlib
import os
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijs.citations import bibliography, engine, latex, syntax
from wijs.citations.bibliography import BIB_FILE, Bibliography, load_bibliography
from wijs.citations.csl import bibliography_items
from wijs.citations.diskcache import DiskCache, disk_cache
from wijs.citations.labels import Labels, labels_for
from wijs.citations.syntax import Citation, find_citations, replace_citations
from wijs.limits import Limits, load_limits
from wijs.model import Report

_CACHE: OrderedDict[str, ReportCitations] = OrderedDict()
# a report's citations are needed while its page is made; keeping every report's (formatted
# references, rendered body) would hold ~50 KB a report for nothing: 250 MB at 5,000 reports
_CACHE_SIZE = 256
# characters that Python-Markdown would read as markup inside our inline HTML
_MARKDOWN_SPECIAL = {"*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;"}
_MARKDOWN_SPECIAL_RE = re.compile(r"[*_`\[\]\\]")


@dataclass(frozen=True)
class Reference:
    """One entry of the reference list as the CSL engine wrote it."""

    key: str
    anchor: str  # HTML id: 'ref-<key>', the target of the in-text links
    html: str

    @property
    def text(self) -> str:
        return engine.plain_text(self.html)


@dataclass
class ReportCitations:
    """Everything about the citations of one report. Formatting happens on first use (or in
    :func:`prepare` for a whole build), so 'wijs check' (keys and lines only) never formats."""

    bib_path: Path
    bibliography: Bibliography | None
    citations: list[Citation]
    labels: Labels
    language: str
    cache_key: str = ""
    disk: DiskCache | None = field(default=None, repr=False)
    format_error: str = ""  # set when the CSL engine failed on this report
    _rendered: engine.Rendered | None = field(default=None, repr=False)
    _by_text: dict[str, str] = field(default_factory=dict, repr=False)
    _rendered_bodies: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def cited_keys(self) -> list[str]:
        return list(dict.fromkeys(k for c in self.citations for k in c.keys))

    def _key(self, key: str) -> str | None:
        """The key as written in the .bib (BibTeX keys are case-insensitive), or None."""
        entry = self.bibliography.get(key) if self.bibliography is not None else None
        return entry.key if entry is not None else None

    def _text(self, citation: Citation) -> str:
        parts = [
            (i.prefix, self._key(i.key) or i.key, i.locator, i.suppress_author)
            for i in citation.items
        ]
        return engine.citation_text(parts, citation.narrative)

    def _bib_keys(self) -> list[str]:
        """The cited keys that are in the .bib, as written there."""
        keys = [k for k in (self._key(c) for c in self.cited_keys) if k]
        return list(dict.fromkeys(keys))

    def csl_items(self) -> list[dict[str, Any]]:
        """The cited entries of the .bib as CSL-JSON (also what pandoc gets for PDF/DOCX)."""
        if self.bibliography is None:
            return []
        return bibliography_items(self.bibliography.data, self._bib_keys(), self.language)

    def job(self, *, items_later: bool = False) -> engine.Job | None:
        """What the CSL engine must format for this report (None: nothing is cited).
        ``items_later``: the engine makes the CSL-JSON items from the .bib's text itself."""
        if self.bibliography is None or not self.citations:
            return None
        texts = self.citation_texts()
        if items_later and self.cache_key:
            bib = (self.bibliography.text, tuple(self._bib_keys()))
            return engine.Job((), texts, self.language, source=self.cache_key, bib=bib)
        items = engine.items_json(self.csl_items())
        return engine.Job(items, texts, self.language, source=self.cache_key)

    def _from_cache(self) -> bool:
        """Take an earlier result for the same .bib, body and language (no .bib parsing)."""
        if self.bibliography is None or not self.citations or not self.cache_key:
            return False
        found = engine.cached(engine.job_digest(self.cache_key, self.language), self.disk)
        if found is None:
            return False
        self.use(engine.Job((), self.citation_texts(), self.language, source=self.cache_key), found)
        return True

    def use(self, job: engine.Job, rendered: engine.Rendered) -> None:
        self._rendered = rendered
        self.format_error = rendered.error
        if len(rendered.citations) == len(job.citations):
            self._by_text = dict(zip(job.citations, rendered.citations, strict=True))

    def _format(self) -> engine.Rendered:
        if self._rendered is None and not self._from_cache():
            job = self.job()
            if job is None:
                self._rendered = engine.Rendered()
            else:
                self.use(job, engine.render([job], self.disk)[0])
        assert self._rendered is not None
        return self._rendered

    @property
    def references(self) -> list[Reference]:
        """Cited entries that exist, in APA order."""
        return [
            Reference(anchor.removeprefix("ref-"), anchor, html)
            for anchor, html in self._format().references
        ]

    def render_body(self, markdown: str) -> str:
        """The Markdown with every citation replaced by its linked APA in-text form."""
        if not self.citations and "@" not in markdown:
            return markdown
        digest = hashlib.sha256(markdown.encode("utf-8")).hexdigest()
        rendered = self._rendered_bodies.get(digest)
        if rendered is None:
            self._format()
            rendered = replace_citations(markdown, self.render_citation)
            self._rendered_bodies[digest] = rendered
        return rendered

    def citation_text(self, citation: Citation) -> str | None:
        """The citation as the CSL engine gets it (None: '@name' that is no source, which
        stays as written)."""
        if citation.narrative and self._key(citation.items[0].key) is None:
            return None
        return self._text(citation)

    def citation_texts(self) -> tuple[str, ...]:
        """Every distinct citation, in the order of the job's results."""
        return tuple(dict.fromkeys(self._text(c) for c in self.citations))

    def render_citation(self, citation: Citation) -> str | None:
        text = self.citation_text(citation)
        found = self._by_text.get(text) if text is not None else None
        return None if found is None else citation_html(found)


def citation_html(found: str) -> str:
    """An in-text citation from the CSL engine as it goes into the page's Markdown: its links
    marked as citations, inert for Markdown."""
    return _inline(found.replace('<a href="#', '<a class="wijs-cite" href="#'))


def _inline(text: str) -> str:
    """Trusted HTML made inert for Markdown: emphasis and link characters as entities."""
    return _MARKDOWN_SPECIAL_RE.sub(lambda m: _MARKDOWN_SPECIAL.get(m.group(0), "&#92;"), text)


def prepare(
    reports: Iterable[Report],
    extra: Iterable[engine.Job] = (),
    disk: DiskCache | None = None,
    *,
    beside: engine.Formatting | None = None,
) -> None:
    """Format the citations of all these reports (and the ``extra`` jobs, such as "Citeer
    dit") at once: from the caches, the rest by pandoc, the ``extra`` jobs first. A build calls
    this before it makes the report pages. ``beside``: add them to that engine's work and
    return while pandoc still works (see :class:`wijs.citations.engine.Formatting`); a
    report's citations are then ready once ``wait`` returns for their job's digest."""
    waiting: list[tuple[ReportCitations, engine.Job]] = []

    def jobs() -> Iterator[engine.Job]:
        # made one report at a time: pandoc starts on the first while the rest are read
        for report in reports:
            cited = citations_for(report)
            if cited._rendered is None and not cited._from_cache():
                job = cited.job(items_later=beside is not None)
                if job is not None:
                    waiting.append((cited, job))
                    yield job

    formatting = beside or engine.Formatting(disk, workers=os.cpu_count() or 1)
    formatting.add(extra)
    formatting.add(jobs())
    if beside is not None:
        return
    formatting.close()
    for cited, job in waiting:
        cited.use(job, formatting.result(job.digest))


def bib_path(report: Report) -> Path:
    return report.folder / BIB_FILE


def content_key(report: Report) -> tuple[str, bool]:
    """(hash of the .bib path and content, the body, the language and the .bib limits; whether
    there is a .bib): everything a report's citations depend on. A .bib over the size limit is
    not read, only its size counts."""
    path = bib_path(report)
    limits = bib_limits(report)
    hasher = hashlib.sha256(str(path).encode("utf-8") + b"\x00")
    hasher.update(f"{limits.bib_bytes}/{limits.bib_entries}\x00".encode())
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= limits.bib_bytes else b"\x00too-large:%d" % size
    except OSError:
        raw = None
    hasher.update(raw if raw is not None else b"\x00no-bib")
    hasher.update(b"\x00" + report.body.encode("utf-8"))
    hasher.update(b"\x00" + report.meta.language.encode("utf-8"))
    return hasher.hexdigest(), raw is not None


def bib_limits(report: Report) -> Limits:
    """The size and entry limits of a .bib, from the collection's vocabulary.yml."""
    return load_limits(report.root)[0]


def citations_for(report: Report, known: tuple[str, bool] | None = None) -> ReportCitations:
    """The citations of ``report``, cached by the content of its .bib and body (``known``: its
    content_key, when the caller has it already)."""
    key, has_bib = known or content_key(report)
    found = _CACHE.get(key)
    if found is not None:
        _CACHE.move_to_end(key)
        return found
    result = _compute(report, bib_path(report), has_bib, key)
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def _compute(report: Report, path: Path, has_bib: bool, key: str) -> ReportCitations:
    disk = disk_cache(report.root.parent)
    bibliography = load_bibliography(path, disk, bib_limits(report)) if has_bib else None
    return ReportCitations(
        path,
        bibliography,
        find_citations(report.body),
        labels_for(report.meta.language),
        report.meta.language,
        key,
        disk,
    )


def clear_cache() -> None:
    """Forget everything cached in memory (for benchmarks and tests)."""
    _CACHE.clear()
    engine.clear_memory()
    syntax._find_citations.cache_clear()
    bibliography._CACHE.clear()
    latex.to_text.cache_clear()
    latex.to_csl.cache_clear()
    latex._parse.cache_clear()
