"""Overlap with published research: a title or text that largely repeats an already published
report, so a docent sees possible duplication or copying.

Texts are compared as sets of word 5-grams (shingles). An inverted index from shingle to the
published reports holding it finds candidates, so the work grows with the amount of text, not
with the number of pairs of reports. A long text is looked up with a fixed quarter of its
shingles (those whose hash falls in one residue class), which estimates its overlap well.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from wijs.diagnostics import Diagnostic, warning
from wijs.model import Report
from wijs.search.text import report_text

if TYPE_CHECKING:
    from wijs.corpus import Corpus

SHINGLE = 5
#: Shorter texts (in shingles) are not compared: too little to say anything.
MIN_SHINGLES = 60
#: Keep every shingle of texts up to this size, a quarter of longer ones.
SAMPLE_ABOVE = 400
SAMPLE_MOD = 4
#: Share of a report's text found in one published report that earns a warning.
TEXT_THRESHOLD = 0.5
#: Word-set Jaccard of two titles that earns a warning.
TITLE_THRESHOLD = 0.85
#: A shingle in more published reports than this is common phrasing, not copying.
COMMON_SHARE = 0.05

_WORD = re.compile(r"\w+")

# digest → shingles, so repeated checks (wijs serve) only shingle what changed
_cache: dict[str, frozenset[int]] = {}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str) -> frozenset[int]:
    words = _words(text)
    return frozenset(hash(g) for g in zip(*(words[i:] for i in range(SHINGLE)), strict=False))


def _sample(grams: frozenset[int]) -> frozenset[int]:
    if len(grams) <= SAMPLE_ABOVE:
        return grams
    return frozenset(g for g in grams if g % SAMPLE_MOD == 0)


def _report_shingles(report: Report) -> frozenset[int]:
    found = _cache.get(report.digest)
    if found is None:
        found = _cache[report.digest] = shingles(report_text(report))
    return found


def _is_before(a: Report, b: Report) -> bool:
    return (a.sort_date, a.key) < (b.sort_date, b.key)


def check_overlap(corpus: Corpus) -> Iterator[Diagnostic]:
    published = [r for r in corpus.reports if r.is_published()]
    if not published:
        return
    yield from _title_overlap(corpus.reports, published)
    yield from _text_overlap(corpus.reports, published)


def _compared_with(report: Report, other: Report) -> bool:
    """Compare with another published report; of two published ones only warn the later."""
    if other is report or other.key == report.key:
        return False
    return not report.is_published() or _is_before(other, report)


def _text_overlap(reports: list[Report], published: list[Report]) -> Iterator[Diagnostic]:
    postings: dict[int, list[int]] = defaultdict(list)
    for number, report in enumerate(published):
        for gram in _report_shingles(report):
            postings[gram].append(number)
    common = max(5, int(len(published) * COMMON_SHARE))
    for report in reports:
        full = _report_shingles(report)
        if len(full) < MIN_SHINGLES:
            continue
        grams = _sample(full)
        shared: Counter[int] = Counter()
        for gram in grams:
            holders = postings.get(gram)
            if holders and len(holders) <= common:
                shared.update(holders)
        for number, count in shared.most_common(3):
            other = published[number]
            if count / len(grams) < TEXT_THRESHOLD:
                break
            if not _compared_with(report, other):
                continue
            share = round(100 * count / len(grams))
            yield warning(
                report.source,
                report.body_line,
                "overlap-text",
                f"{share}% van de tekst komt ook voor in het gepubliceerde rapport "
                f"'{other.meta.title}' ({other.source}).",
                "Controleer of dit dubbel werk of overgenomen tekst is. Zet overgenomen passages "
                "tussen aanhalingstekens met een bronvermelding; is dit een vervolgonderzoek, "
                "verwijs dan naar het eerdere rapport.",
            )
            break


def _title_words(report: Report) -> frozenset[str]:
    return frozenset(_words(report.meta.title))


def _title_overlap(reports: list[Report], published: list[Report]) -> Iterator[Diagnostic]:
    # a stub without real text (a fresh template, a test) is not compared at all
    reports = [r for r in reports if len(_report_shingles(r)) >= MIN_SHINGLES]
    published = [r for r in published if len(_report_shingles(r)) >= MIN_SHINGLES]
    postings: dict[str, list[int]] = defaultdict(list)
    titles = [_title_words(r) for r in published]
    for number, words in enumerate(titles):
        for word in words:
            postings[word].append(number)
    for report in reports:
        words = _title_words(report)
        if len(words) < 2:
            continue
        shared: Counter[int] = Counter()
        for word in words:
            shared.update(postings.get(word, ()))
        for number, count in shared.most_common(5):
            other = published[number]
            if count / len(words | titles[number]) < TITLE_THRESHOLD:
                continue
            if not _compared_with(report, other):
                continue
            yield warning(
                report.source,
                report.line_of("title"),
                "overlap-title",
                f"De titel lijkt sterk op die van het gepubliceerde rapport "
                f"'{other.meta.title}' ({other.source}).",
                "Kies een titel die laat zien wat dit onderzoek toevoegt (wijk, jaar, "
                "doelgroep), zodat lezers de twee rapporten uit elkaar houden.",
            )
            break
