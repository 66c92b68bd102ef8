"""The static site's search: a Pagefind record per report, made from the same searchable text
as the index of `wijs search` (wijs.search.text.searchable), the word list for "did you mean",
and the Pagefind index built from the records after MkDocs wrote the pages (one index, Dutch
stemming for every report). The report pages themselves are not indexed: what is searchable is
decided in one place, not by the page layout."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TypeVar, cast

from wijs.model import Report
from wijs.pages.render import render
from wijs.pages.site import Site
from wijs.search.analysis import atoms, body_terms, common_terms
from wijs.search.suggest import vocabulary_words, word_list
from wijs.search.text import SearchText, searchable

log = logging.getLogger("mkdocs.plugins.wijs")
T = TypeVar("T")

BUNDLE = "pagefind"
ASSETS = ("zoeken.js", "zoeken.css")
ASSET_URI = "assets/wijs/"
#: The word list "did you mean" loads when a query finds little: (word, reports) pairs.
WORD_LIST = "zoeken/woorden.json"
#: Pagefind splits its index by the page language; one language keeps one index, so a Dutch
#: query also finds reports written in English or Arabic.
INDEX_LANGUAGE = "nl"
#: How much a word weighs in each part of a record (Pagefind's data-pagefind-weight, at most
#: 10; the body 1): a match in the title or the summary ranks before one in the body.
WEIGHTS = {"title": 10.0, "summary": 6.0, "findings": 3.0, "tags": 4.0, "people": 4.0}
#: The facets with few values share one Pagefind filter whose value names all of a page's
#: choices (see `grouped_value`). Pagefind lists every page under every value of a filter, about
#: 2 bytes a page even gzipped, and the search page loads every filter for its counts: four
#: filters of 5,000 reports cost 42 KB, the one group 11 KB. The search page reads the counts and
#: builds the filters per facet from it (zoeken.js), so for the user nothing changes.
GROUP_FILTER = "kenmerken"
GROUPED = ("niveau", "instelling", "jaar", "type")
#: Stands before the body's words in a record: Pagefind counts it as a word but does not index
#: it, so the search page knows whether a match is only in the body (then it shows the words
#: found instead of an excerpt of the word list).
BODY_MARK = "¶"


def record(
    report: Report, site: Site, text: SearchText, common: frozenset[str] = frozenset()
) -> str:
    """The Pagefind record of a report: its searchable ``text`` in weighted parts, filters, the
    metadata a result shows (Pagefind searches metadata too: only words that are in the text)
    and the sort key. Every value is escaped by the template.

    The body is given as its distinct words, each once (``body_words``): Pagefind keeps every
    position of every word, and a query downloads all positions of the words it asks for, so a
    word in most reports would cost hundreds of KB at 5,000 reports; once per report it costs a
    few bytes a report. Every word stays findable but the ``common`` ones (in the body of three
    in ten reports of a large collection, wijs.search.analysis); the weighted parts rank first."""
    meta = report.meta
    vocabulary = site.vocabulary
    grouped = {
        "niveau": meta.level,
        "instelling": meta.institution,
        "jaar": [str(meta.year)],
        "type": [meta.type],
    }
    filters = [
        ("wijk", meta.neighbourhood),
        ("thema", meta.theme),
        (GROUP_FILTER, [grouped_value(grouped)]),
    ]
    shown = {
        "title": meta.title,
        "wijk": ", ".join(vocabulary.wijken.label(w) for w in meta.neighbourhood),
        "instelling": ", ".join(vocabulary.institutions.label(i) for i in meta.institution),
    }
    return render(
        "search_record.html.j2",
        text=text,
        body=body_words(text, common),
        mark=BODY_MARK,
        weights=WEIGHTS,
        filters=filters,
        shown=shown,
        sort=(meta.date.isoformat() if meta.date else f"{meta.year}-01-01"),
    )


def _kept(site: Site, kind: str, report: Report, make: Callable[[], T], depends: str = "") -> T:
    """``make()``, or what it gave for this report before while the report (and what else it
    ``depends`` on) is unchanged (the live preview's search cache; a full build has none)."""
    cache = site.search_cache
    if cache is None:
        return make()
    key = f"{kind}:{report.key}"
    version = report.digest + depends
    found = cache.get(key)
    if found is None or found[0] != version:
        found = cache[key] = (version, make())
    return cast(T, found[1])


def _text(site: Site, report: Report) -> SearchText:
    return _kept(site, "text", report, partial(searchable, report, site.vocabulary))


def _report_words(report: Report, site: Site) -> set[str]:
    return vocabulary_words(_text(site, report))


def body_words(text: SearchText, common: frozenset[str] = frozenset()) -> str:
    """The body as its distinct words, each once (compared without case and punctuation), but
    the words the weighted parts already hold and the words whose terms are all ``common``.
    A compound that gives a common term is given as its other parts (wijs.search.analysis.atoms)
    so that the record gives the same terms as `wijs search` matches in the body."""
    weighted = {
        atom
        for part in (text.title, text.summary, text.findings, text.tags, text.people)
        for raw in part.split()
        for atom in atoms(raw)
    }
    seen: set[str] = set()
    kept = []
    for raw in text.body.split():
        found = atoms(raw)
        wanted = [
            atom
            for atom, terms in found.items()
            if atom not in weighted and not all(t in common for t in terms)
        ]
        if len(wanted) == len(found):
            key = "".join(c for c in raw if c.isalnum()).lower()
            if wanted and key not in seen:
                seen.add(key)
                seen.update(wanted)
                kept.append(raw)
            continue
        for atom in wanted:
            if atom not in seen:
                seen.add(atom)
                kept.append(atom)
    return " ".join(kept)


def write_records(site: Site) -> Path:
    """Every report page's record as ``<url>index.html`` in a new temporary folder (never in
    docs/, research/ or the site), for `write_pagefind`; returns the folder. A preview of part
    of the site (Site.focus) indexes the reports whose pages it makes."""
    folder = Path(tempfile.mkdtemp(prefix="wijs-zoekrecords-"))
    reports = site.paged_reports
    texts = {r.key: _text(site, r) for r in reports}
    bodies = (_kept(site, "body", r, partial(body_terms, texts[r.key].body)) for r in reports)
    common = common_terms(bodies, len(texts))
    depends = hashlib.sha256(" ".join(sorted(common)).encode()).hexdigest() if common else ""
    for report in reports:
        target = folder / report.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        make = partial(record, report, site, texts[report.key], common)
        target.write_text(_kept(site, "record", report, make, depends), encoding="utf-8")
    return folder


def grouped_value(values: dict[str, list[str]]) -> str:
    """One value for all grouped facets of a page: 'hbo,wo|hanze|2024|factsheet' (GROUPED's
    order; ids never hold '|' or ',')."""
    return "|".join(",".join(sorted(values[name])) for name in GROUPED)


def write_search_assets(site: Site, site_dir: Path) -> None:
    """The search page's own script and styles, and the word list of "did you mean"."""
    target = site_dir / ASSET_URI
    target.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        source = resources.files("wijs") / "assets" / name
        (target / name).write_bytes(source.read_bytes())
    words = word_list(
        _kept(site, "words", report, partial(_report_words, report, site))
        for report in site.paged_reports
    )
    data = {"woorden": [w for w, _ in words], "rapporten": [n for _, n in words]}
    (site_dir / WORD_LIST).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / WORD_LIST).write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def write_pagefind(records: Path, site_dir: Path) -> None:
    """Index the records in ``records`` (write_records) with Pagefind into
    ``site_dir/pagefind/``, then remove them.

    Pagefind's command line, not its Python service: the service is stopped right after it
    answers that the files are written, and under load its last files were then found empty
    (its writes were still in flight); the command exits only when they are on disk."""
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    if not any(records.rglob("index.html")):  # Pagefind refuses to make an empty index
        shutil.rmtree(records, ignore_errors=True)
        log.info("wijs: geen rapporten, dus geen zoekindex")
        return
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(records),
        "--output-path",
        str(bundle),
        "--glob",
        "**/index.html",
        "--force-language",
        INDEX_LANGUAGE,
        "--quiet",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        shutil.rmtree(records, ignore_errors=True)
    entry = bundle / "pagefind-entry.json"
    if done.returncode != 0 or not entry.is_file() or not entry.stat().st_size:
        raise OSError(f"Pagefind maakte geen zoekindex: {(done.stderr or done.stdout).strip()}")
    pages = json.loads(entry.read_text(encoding="utf-8"))["languages"][INDEX_LANGUAGE]
    log.info("wijs: zoekindex van %d rapporten", pages["page_count"])
