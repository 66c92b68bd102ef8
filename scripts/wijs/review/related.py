"""Similar published research for the review: a hook for the search engine, and a cheap
fallback (shared words in title, summary, keywords, findings, plus shared wijk and thema).

A better finder registers itself in RELATED_FINDERS: (report, corpus, n) → [(report, score)]
with score in 0..1; the first finder that returns anything wins.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from wijs.model import Report
from wijs.research import Corpus
from wijs.search.similar import similar_in_index

RelatedFinder = Callable[[Report, Corpus, int], list[tuple[Report, float]]]
#: the search index's likeness (wijs/search/similar.py) first, then the word fallback below
RELATED_FINDERS: list[RelatedFinder] = [similar_in_index]

MAX_RELATED = 3
MIN_SCORE = 0.15
_WORD = re.compile(r"[^\W\d_]{4,}")
# frequent Dutch words that say nothing about the subject
# fmt: off
_STOP = frozenset([
    "aan", "alle", "als", "andere", "bij", "daar", "deze", "dit", "door", "een", "eigen", "geen",
    "hebben", "heeft", "hier", "hoe", "hun", "kunnen", "maar", "meer", "met", "naar", "niet",
    "nog", "omdat", "ook", "over", "onder", "tot", "van", "veel", "voor", "waar", "wat", "werd",
    "wel", "werden", "wie", "wij", "worden", "zich", "zijn", "zou", "zoals",
])
# fmt: on


@dataclass(frozen=True)
class Related:
    key: str
    title: str
    year: int
    url: str  # site-relative: onderzoek/<year>/<slug>/
    score: float


def find_related(report: Report, corpus: Corpus, n: int = MAX_RELATED) -> list[Related]:
    """Published reports most like ``report``, best first (never the report itself)."""
    found: list[tuple[Report, float]] = []
    for finder in (*RELATED_FINDERS, similar_by_words):
        found = [(r, s) for r, s in finder(report, corpus, n) if r.key != report.key]
        if found:
            break
    return [Related(r.key, r.meta.title, r.meta.year, r.url, round(s, 2)) for r, s in found[:n]]


def similar_by_words(report: Report, corpus: Corpus, n: int) -> list[tuple[Report, float]]:
    candidates = [r for r in corpus.published() if r.key != report.key]
    if not candidates:
        return []
    documents = {r.key: _words(r) for r in candidates}
    frequency: Counter[str] = Counter()
    for words in documents.values():
        frequency.update(set(words))
    total = len(candidates) + 1

    def weights(words: Counter[str]) -> dict[str, float]:
        return {w: c * math.log(total / (1 + frequency[w])) + c for w, c in words.items()}

    mine = weights(_words(report))
    scored = []
    for other in candidates:
        text = _cosine(mine, weights(documents[other.key]))
        facets = _jaccard(_facets(report), _facets(other))
        score = 0.7 * text + 0.3 * facets
        if score >= MIN_SCORE:
            scored.append((other, score))
    scored.sort(key=lambda pair: (-pair[1], pair[0].key))
    return scored[:n]


def _words(report: Report) -> Counter[str]:
    m = report.meta
    text = " ".join(
        [m.title, m.subtitle or "", m.summary, *m.keywords, *m.findings, *m.recommendations]
    )
    return Counter(w for w in _WORD.findall(text.casefold()) if w not in _STOP)


def _facets(report: Report) -> set[str]:
    return {f"wijk:{v}" for v in report.meta.neighbourhood} | {
        f"thema:{v}" for v in report.meta.theme
    }


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(value * b.get(word, 0.0) for word, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0
