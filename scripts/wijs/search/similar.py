"""Similar published research for ``wijs review``, from the cached Whoosh index: the finder
registered in ``wijs.review.related.RELATED_FINDERS`` (the same likeness as the related research
on report pages: shared distinctive words of title, summary and findings, wijk and thema)."""

from __future__ import annotations

from wijs.model import Report
from wijs.research import Corpus
from wijs.search.index import SearchIndex

#: Below this share of what a report shares with itself, another report is not called similar.
MIN_LIKENESS = 0.15

_indexes: dict[int, tuple[Corpus, SearchIndex]] = {}


def similar_in_index(report: Report, corpus: Corpus, n: int) -> list[tuple[Report, float]]:
    """Up to ``n`` published reports most like ``report`` (never itself), likeness 0..1."""
    published = {r.key: r for r in corpus.published() if r.key != report.key}
    if not published:
        return []
    index = _index_for(corpus)
    found = index.related_scores([report.key], set(published), limit=n).get(report.key, [])
    return [(published[key], score) for key, score in found if score >= MIN_LIKENESS]


def _index_for(corpus: Corpus) -> SearchIndex:
    """The index of the corpus's research folder, brought up to date once per corpus."""
    known = _indexes.get(id(corpus))
    if known is not None and known[0] is corpus:
        return known[1]
    index = SearchIndex.for_research(corpus.root)
    index.update(corpus.reports, corpus.vocabulary)
    _indexes.clear()
    _indexes[id(corpus)] = (corpus, index)
    return index
