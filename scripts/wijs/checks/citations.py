"""Checks on citations: every cited key is in references.bib, the .bib parses, keys are unique,
and every entry is used. Problems in the .bib point at the line in the .bib."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from wijs.citations.diskcache import disk_cache
from wijs.citations.labels import MESSAGES
from wijs.citations.report import citations_for, content_key
from wijs.citations.syntax import LineIndex
from wijs.diagnostics import Diagnostic, error, warning
from wijs.model import Report


def check_citations(report: Report) -> Iterator[Diagnostic]:
    """The diagnostics, kept on disk by the content of the .bib and the body: a build where
    neither changed reads no .bib and searches no body for citations."""
    disk = disk_cache(report.root.parent)
    if disk is None:
        yield from _check_citations(report)
        return
    content = content_key(report)
    parts = (content[0], _code_version(), report.source, str(report.body_line))
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    stored = disk.get("checks", digest)
    found = _diagnostics(stored) if isinstance(stored, list) else None
    if found is None:
        found = list(_check_citations(report, content))
        disk.put("checks", digest, [d.as_dict() for d in found])
    yield from found


def _diagnostics(stored: list[object]) -> list[Diagnostic] | None:
    """Diagnostics read back from the JSON cache; None when the file is not what we wrote."""
    try:
        return [Diagnostic.from_dict(d) for d in stored]
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _code_version() -> str:
    """This module's code (the disk cache's own version covers wijs.citations)."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _check_citations(
    report: Report, content: tuple[str, bool] | None = None
) -> Iterator[Diagnostic]:
    cited = citations_for(report, content)
    bib = cited.bibliography
    bib_source = cited.bib_path.relative_to(report.root.parent).as_posix()
    if bib is not None:
        for problem in bib.problems:
            make = error if problem.is_error else warning
            yield make(bib_source, problem.line, problem.code, problem.message, problem.hint)
        if bib.refused:
            return  # nothing of it was read: every citation would look unknown
    known = bib.keys if bib is not None else []
    index = LineIndex(report.body)
    used: set[str] = set()
    for citation in cited.citations:
        line, column = index.position(citation.start)
        line += report.body_line - 1
        for item in citation.items:
            entry = bib.get(item.key) if bib is not None else None
            if entry is not None:
                used.add(entry.key.lower())
                continue
            suggestions = difflib.get_close_matches(item.key, known, n=3, cutoff=0.6)
            hint = _hint(item.key, suggestions, has_bib=bib is not None)
            if citation.narrative and not suggestions:
                # '@name' may be a user name rather than a source: say so, don't stop the build
                hint += " " + MESSAGES["maybe_not_citation"].format(key=item.key)
                yield warning(
                    report.source,
                    line,
                    "unknown-citation",
                    MESSAGES["unknown_narrative"].format(key=item.key),
                    hint,
                    column=column,
                )
                continue
            message = "unknown_key" if bib is not None else "unknown_key_no_bib"
            yield error(
                report.source,
                line,
                "unknown-citation",
                MESSAGES[message].format(key=item.key),
                hint,
                column=column,
            )
    if bib is not None:
        # the entries a cited entry takes fields from (found once, not once per unused entry)
        parents = {entry.crossref.lower() for child in used if (entry := bib.get(child))}
        for key in bib.keys:
            if key.lower() not in used and bib.get(key) is not None:
                entry = bib.get(key)
                if entry is not None and entry.type.lower() in ("set", "xdata"):
                    continue
                if key.lower() in parents:
                    continue
                yield warning(
                    bib_source,
                    bib.line_of(key),
                    "unused-reference",
                    MESSAGES["unused"].format(key=key),
                    MESSAGES["unused_hint"].format(key=key),
                )


def _hint(key: str, suggestions: list[str], *, has_bib: bool) -> str:
    if suggestions:
        quoted = " of ".join(f"'{s}'" for s in suggestions)
        return MESSAGES["did_you_mean"].format(suggestions=quoted)
    if not has_bib:
        return MESSAGES["no_bib_hint"]
    return MESSAGES["unknown_key_hint"].format(key=key)
