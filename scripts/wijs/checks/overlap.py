"""Overlap with published research: a title or text that largely repeats an already published
report, so a docent sees possible duplication or copying.

Texts are compared as sets of word 5-grams (shingles). Every text keeps the same fixed share of
its shingles, those starting with an "anchor" word (one whose CRC-32 falls in one residue class):
a passage copied from one report into another keeps the same sample in both, so the share of a
text found elsewhere is estimated well at a fraction of the work. An inverted index from sampled
shingle to the published reports holding it finds candidates, so the work grows with the amount
of text, not with the number of pairs of reports.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import chain, compress, repeat

from wijs.diagnostics import Diagnostic, warning
from wijs.model import Report
from wijs.research import Corpus

SHINGLE = 5
#: Keep one in SAMPLE_MOD shingles (by hash).
SAMPLE_MOD = 8
#: Texts with fewer sampled shingles are not compared: too little to say anything.
MIN_SHINGLES = 12
#: Share of a report's text found in one published report that earns a warning.
TEXT_THRESHOLD = 0.5
#: Word-set Jaccard of two titles that earns a warning.
TITLE_THRESHOLD = 0.85
#: A shingle in more published reports than this is common phrasing, not copying.
COMMON_SHARE = 0.05


# digest → shingles, so repeated checks (wijs serve) only shingle what changed
_cache: dict[str, frozenset[int]] = {}


def _words(text: str) -> list[str]:
    # punctuation stays on its word: a copied passage carries the same punctuation
    return text.casefold().split()


def shingles(text: str) -> frozenset[int]:
    """The sampled word 5-grams of a text, as CRC-32s: the same in every process, so worker
    processes can compute them (Python's own string hash differs per process)."""
    words = _words(text)
    anchors = {w for w in set(words) if _is_anchor(w)}
    starts = list(compress(range(len(words) - SHINGLE + 1), map(anchors.__contains__, words)))
    # all in C: the slices words[i:i+5] joined, encoded and hashed
    slices = map(slice, starts, map(SHINGLE.__add__, starts))
    joined = map(" ".join, map(words.__getitem__, slices))
    return frozenset(map(zlib.crc32, map(str.encode, joined)))


def _is_anchor(word: str) -> bool:
    """Whether shingles starting with ``word`` are sampled: by CRC-32, the same in every run
    (Python's own string hash differs per process, and with it which short texts reach
    MIN_SHINGLES and which warnings a check gives)."""
    return zlib.crc32(word.encode("utf-8")) % SAMPLE_MOD == 0


def _text(report: Report) -> str:
    # markup characters are not words, so the raw Markdown serves as well as plain text
    meta = report.meta
    return " ".join([meta.summary, *meta.findings, *meta.recommendations, report.body])


def _report_shingles(report: Report) -> frozenset[int]:
    found = _cache.get(report.digest)
    if found is None:
        found = _cache[report.digest] = shingles(_text(report))
    return found


def report_shingles(report: Report) -> frozenset[int]:
    """The sampled shingles of a report's text."""
    return shingles(_text(report))


def remember_shingles(report: Report, grams: frozenset[int]) -> None:
    """Shingles of ``report`` computed by a worker process."""
    _cache[report.digest] = grams


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
    samples = [_report_shingles(r) for r in published]
    # a shingle's one holder (most shingles are in one report only), and the holders of the rest
    owner: dict[int, int] = {}
    for number, grams in enumerate(samples):
        owner.update(zip(grams, repeat(number)))
    frequency = Counter(chain.from_iterable(samples))
    holders: dict[int, list[int]] = {g: [] for g, n in frequency.items() if n > 1}
    repeated = holders.keys()
    for number, grams in enumerate(samples):
        for gram in grams & repeated:
            holders[gram].append(number)
    common = max(5, int(len(published) * COMMON_SHARE))
    for report in reports:
        grams = _report_shingles(report)
        if len(grams) < MIN_SHINGLES:
            continue
        shared = Counter(map(owner.get, grams))
        for gram in grams & repeated:
            shared[owner[gram]] -= 1
            if len(holders[gram]) <= common:  # else common phrasing, not copying
                shared.update(holders[gram])
        shared.pop(None, None)
        for holder, count in shared.most_common(3):
            if holder is None:
                continue
            other = published[holder]
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
