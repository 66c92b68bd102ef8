"""A report's citations as a whole: its references.bib, the citations in its body, the APA
reference list and the in-text replacements. Computed once per content hash (of the .bib, the
body and the language) and kept in memory, so checks and pages share the work."""

from __future__ import annotations

import hashlib
import html
import re
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wijs.citations.apa import FormattedReference, format_references, pages_text
from wijs.citations.bibliography import BIB_FILE, Bibliography, load_bibliography
from wijs.citations.diskcache import DiskCache, disk_cache
from wijs.citations.labels import Labels, labels_for
from wijs.citations.syntax import Citation, find_citations, replace_citations
from wijs.limits import load_limits
from wijs.model import Report


def _tuples(value: Any) -> Any:
    """JSON gives lists where the sort key had tuples (which compare the same way)."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _references_from_json(data: Any) -> list[FormattedReference] | None:
    """A cached reference list, or None when the cache entry is not one."""
    if not isinstance(data, list):
        return None
    text_fields = ("key", "anchor", "html", "text", "authors_parenthetical")
    try:
        return [
            FormattedReference(
                **{name: str(item[name]) for name in text_fields},
                authors_narrative=str(item["authors_narrative"]),
                year=str(item["year"]),
                sort_key=_tuples(item["sort_key"]),
            )
            for item in data
        ]
    except (KeyError, TypeError):
        return None


_CACHE: OrderedDict[str, ReportCitations] = OrderedDict()
# a report's citations are needed while its page is made; keeping every report's (formatted
# references, rendered body) would hold ~50 KB a report for nothing: 250 MB at 5,000 reports
_CACHE_SIZE = 256
# characters that Python-Markdown would read as markup inside our inline HTML
_MARKDOWN_SPECIAL = {"*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;"}
_MARKDOWN_SPECIAL_RE = re.compile(r"[*_`\[\]\\]")


@dataclass
class ReportCitations:
    """Everything about the citations of one report. The reference list is formatted on first
    use, so 'wijs check' (which needs only keys and lines) never formats."""

    bib_path: Path
    bibliography: Bibliography | None
    citations: list[Citation]
    labels: Labels
    language: str
    cache_key: str = ""
    disk: DiskCache | None = field(default=None, repr=False)
    format_error: str = ""  # set when formatting failed (never expected)
    _references: list[FormattedReference] | None = field(default=None, repr=False)
    _by_key: dict[str, FormattedReference] = field(default_factory=dict, repr=False)
    _rendered: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def references(self) -> list[FormattedReference]:
        """Cited entries that exist, in APA order."""
        if self._references is None:
            self._references = self._format()
        return self._references

    def _format(self) -> list[FormattedReference]:
        bibliography = self.bibliography
        keys = self.cited_keys
        if bibliography is None or not keys:
            return []
        cached = self.disk.get("refs", self.cache_key) if self.disk is not None else None
        references_found = _references_from_json(cached)
        if references_found is not None:
            references: list[FormattedReference] = references_found
        else:
            try:
                references = format_references(bibliography.data, keys, self.language)
            except Exception as exc:  # a page must never fail on one odd entry
                self.format_error = f"{type(exc).__name__}: {exc}"
                return []
            if self.disk is not None:
                self.disk.put("refs", self.cache_key, [asdict(r) for r in references])
        for ref in references:
            self._by_key[ref.key] = ref
            self._by_key[ref.key.lower()] = ref
        # cited with other capitals than in the .bib: BibTeX keys are case-insensitive
        for key in keys:
            entry = bibliography.get(key)
            if entry is not None and entry.key in self._by_key:
                self._by_key.setdefault(key, self._by_key[entry.key])
        return references

    def reference(self, key: str) -> FormattedReference | None:
        self.references  # noqa: B018 - formats on first use
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key.get(key.lower())
        return found

    @property
    def cited_keys(self) -> list[str]:
        return list(dict.fromkeys(k for c in self.citations for k in c.keys))

    def render_body(self, markdown: str) -> str:
        """The Markdown with every citation replaced by its linked APA in-text form."""
        if not self.citations and "@" not in markdown:
            return markdown
        digest = hashlib.sha256(markdown.encode("utf-8")).hexdigest()
        rendered = self._rendered.get(digest)
        if rendered is None:
            rendered = replace_citations(markdown, self.render_citation)
            self._rendered[digest] = rendered
        return rendered

    def render_citation(self, citation: Citation) -> str | None:
        if citation.narrative:
            item = citation.items[0]
            ref = self.reference(item.key)
            if ref is None:
                return None  # '@name' that is no source stays as written
            when = ref.year + (f", {_locator(item.locator)}" if item.locator else "")
            return (
                f'<a class="wijs-cite" href="#{ref.anchor}">'
                f"{_inline(ref.authors_narrative)} ({_inline(when)})</a>"
            )
        items = list(citation.items)
        refs = [self.reference(item.key) for item in items]
        pairs = list(zip(items, refs, strict=True))
        if len(pairs) > 1 and not any(item.prefix for item in items):
            # APA orders the works inside one pair of parentheses like the reference list
            pairs.sort(key=lambda p: (p[1] is None, p[1].sort_key if p[1] else ()))
        parts: list[str] = []
        previous: FormattedReference | None = None
        for item, ref in pairs:
            prefix = f"{item.prefix} " if item.prefix else ""
            locator = f", {_locator(item.locator)}" if item.locator else ""
            if ref is None:
                missing = html.escape(item.key)
                parts.append(
                    f'{prefix}<span class="wijs-cite wijs-cite--missing">'
                    f"{_inline(missing)}?{_inline(locator)}</span>"
                )
                previous = None
                continue
            same_authors = (
                previous is not None
                and not item.prefix
                and not item.suppress_author
                and previous.authors_parenthetical == ref.authors_parenthetical
            )
            if item.suppress_author or same_authors:
                text = ref.year + locator
            else:
                text = f"{ref.authors_parenthetical}, {ref.year}{locator}"
            link = f'<a class="wijs-cite" href="#{ref.anchor}">{_inline(text)}</a>'
            if same_authors:
                parts[-1] += f", {link}"
            else:
                parts.append(prefix + link)
            previous = ref
        return "(" + "; ".join(parts) + ")"


def _inline(text: str) -> str:
    """Trusted HTML made inert for Markdown: emphasis and link characters as entities."""
    return _MARKDOWN_SPECIAL_RE.sub(lambda m: _MARKDOWN_SPECIAL.get(m.group(0), "&#92;"), text)


def _locator(locator: str) -> str:
    """'12' → 'p. 12', '12-14' → 'pp. 12–14'; anything else as written (with en dashes)."""
    text = html.escape(pages_text(locator), quote=False)
    if re.fullmatch(r"\d+", locator.strip()):
        return f"p. {text}"
    if re.fullmatch(r"\d+\s*[-–]{1,2}\s*\d+", locator.strip()):
        return f"pp. {text}"
    return text


def bib_path(report: Report) -> Path:
    return report.folder / BIB_FILE


def content_key(report: Report) -> tuple[str, bool]:
    """(hash of the .bib path and content, the body, the language and the limits; whether
    there is a .bib): everything a report's citations depend on."""
    path = bib_path(report)
    try:
        raw = path.read_bytes()
    except OSError:
        raw = None
    hasher = hashlib.sha256(str(path).encode("utf-8") + b"\x00")
    hasher.update(raw if raw is not None else b"\x00no-bib")
    hasher.update(b"\x00" + report.body.encode("utf-8"))
    hasher.update(b"\x00" + report.meta.language.encode("utf-8"))
    # the .bib limits decide whether it is read at all
    hasher.update(b"\x00" + repr(load_limits(report.root)[0]).encode("utf-8"))
    return hasher.hexdigest(), raw is not None


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
    limits = load_limits(report.root)[0]
    bibliography = load_bibliography(path, disk, limits) if has_bib else None
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
    from wijs.citations import apa, bibliography, latex, syntax

    _CACHE.clear()
    syntax._find_citations.cache_clear()
    bibliography._CACHE.clear()
    apa._FORMATTED.clear()
    apa._initial.cache_clear()
    latex.to_text.cache_clear()
    latex.to_rich.cache_clear()
    latex._parse.cache_clear()
