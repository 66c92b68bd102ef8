"""Related research on every report page: up to five published reports most alike, computed at
build time from the cached Whoosh index and remembered per corpus state."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass

from wijs.model import Report
from wijs.pages.render import render
from wijs.pages.site import Site
from wijs.search.index import RelatedMemo, SearchIndex


@dataclass
class _Related:
    site: Site
    keys: dict[str, list[str]]
    reports: dict[str, Report]


_current: _Related | None = None
#: one user of the index at a time: a build, or the live preview's warm-up in the background
_preview_lock = threading.Lock()


def related_reports(site: Site) -> dict[str, list[str]]:
    """key → keys of the most alike published reports, for every report whose page this build
    makes (Site.paged_reports)."""
    global _current
    if _current is not None and _current.site is site:
        return _current.keys
    with _preview_lock:  # one writer of the index at a time (see warm_up_preview)
        keys = _related_keys(site)
    _current = _Related(site, keys, {r.key: r for r in site.reports})
    return keys


def _related_keys(site: Site) -> dict[str, list[str]]:
    """What related_reports answers, taken from the stored answers of earlier builds while the
    index and the published reports are the same (what is related does not depend on which
    pages a build makes: `wijs serve PATH` reuses the answer of the last `wijs build`)."""
    index = SearchIndex.for_research(site.corpus.root)
    index.update(site.corpus.reports, site.vocabulary)
    allowed = sorted(r.key for r in site.published)
    wanted = sorted(r.key for r in site.paged_reports)
    state = hashlib.sha256(
        json.dumps([sorted(index.digests().items()), allowed], separators=(",", ":")).encode()
    ).hexdigest()
    stored = index.folder.parent / f"related-{index.folder.name}.json"
    keys: dict[str, list[str]] = {}
    try:
        data = json.loads(stored.read_text(encoding="utf-8"))
        if data.get("state") == state and isinstance(data.get("related"), dict):
            keys = data["related"]
    except (OSError, ValueError):
        keys = {}
    missing = [key for key in wanted if key not in keys]
    if missing:
        keys = {**keys, **index.related(missing, set(allowed))}
        stored.write_text(json.dumps({"state": state, "related": keys}), encoding="utf-8")
    return {key: keys[key] for key in wanted if key in keys}


@dataclass
class _Preview:
    site: Site
    index: SearchIndex
    allowed: set[str]
    reports: dict[str, Report]
    #: the reports' distinctive words, kept from one rebuild to the next
    memo: RelatedMemo
    #: how many pages of this build asked
    asked: int = 0


#: Pages of one rebuild that get their related research one by one; more ask for all at once.
ONE_BY_ONE = 20


_preview: _Preview | None = None


def _preview_for(site: Site) -> _Preview:
    """The index of this build's reports, with the distinctive words known so far."""
    global _preview
    if _preview is None or _preview.site is not site:
        index = SearchIndex.for_research(site.corpus.root)
        index.update(site.corpus.reports, site.vocabulary, merge=False)
        allowed = {r.key for r in site.published}
        same = _preview is not None and _preview.site.corpus.root == site.corpus.root
        memo = _preview.memo if _preview is not None and same else RelatedMemo()
        _preview = _Preview(site, index, allowed, {r.key: r for r in site.reports}, memo)
    return _preview


def _related_in_preview(report: Report, site: Site) -> list[Report] | None:
    """In a live preview after its first build only the pages made again ask: compute just
    theirs (0.13 s for one instead of 0.5 s for all at 1,000 reports). None: ask for all."""
    if site.page_cache is None or _current is None or _current.site is site:
        return None  # a full build, the preview's first build, or a build that asked for all
    if _current.site.corpus.root != site.corpus.root:
        return None  # the first build of another collection
    with _preview_lock:
        preview = _preview_for(site)
        preview.asked += 1
        if preview.asked > ONE_BY_ONE:
            return None  # many pages made again (a new vocabulary): all at once is quicker
        found = preview.index.related([report.key], preview.allowed, memo=preview.memo)
        return [preview.reports[k] for k in found.get(report.key, []) if k in preview.reports]


def warm_up_preview(site: Site) -> None:
    """After a build of the live preview, while the student reads: the distinctive words of
    every report, so that the next save looks up only its own report's (at 1,000 reports the
    first save otherwise waits seconds for all of them)."""
    with _preview_lock:
        preview = _preview_for(site)
        preview.index.related([], preview.allowed, memo=preview.memo)


def related_section(report: Report, site: Site) -> str:
    """The 'Verwant onderzoek' section of a report page, or '' when nothing is alike."""
    reports = _related_in_preview(report, site)
    if reports is None:
        keys = related_reports(site).get(report.key, [])
        assert _current is not None
        reports = [_current.reports[k] for k in keys if k in _current.reports]
    if not reports:
        return ""
    return render("related.html.j2", reports=reports, site=site, here=report.url)
