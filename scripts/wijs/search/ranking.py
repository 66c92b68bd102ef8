"""Ranking of plain word queries straight from the postings, with Whoosh's own BM25F formula.

Whoosh builds a tree of matchers for a query and asks a scorer object for every posting; for the
queries staff type most (a few words, every word required, each searched in title, gist and
body) that machinery costs far more than the arithmetic. Here every posting list is read once and
scored in a tight loop with the same statistics (idf, average field length, the stored field
length) and the same formula as ``whoosh.scoring.BM25F``, so the order is the one Whoosh gives.
Anything else (phrases, OR, NOT, wildcards, a field prefix) returns None and is left to Whoosh.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import Matcher
from whoosh.query import And, Or, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

#: field → by docnum, K1 × ((1 − B) + B × length / average length) once known: kept per index
#: generation
Norms = dict[str, list[float | None]]


def word_groups(query: Query, fields: Iterable[str]) -> list[list[Term]] | None:
    """The query as groups of field terms, one group per required word, when it is nothing more
    than that (``And`` of ``Or``s of plain terms in ``fields``, no boosts on the groups)."""
    searched = set(fields)
    groups = query.subqueries if type(query) is And else [query]
    if query.boost != 1.0:
        return None
    found: list[list[Term]] = []
    for group in groups:
        if type(group) is Or and group.boost == 1.0 and not group.minmatch and not group.scale:
            terms = list(group.subqueries)
        elif type(group) is Term:
            terms = [group]
        else:
            return None
        if not all(type(t) is Term and t.fieldname in searched for t in terms):
            return None
        found.append(terms)
    return found or None


def rank(searcher: Searcher, groups: Sequence[Sequence[Term]], norms: Norms) -> dict[int, float]:
    """docnum → score of every document that has every word (in any of its fields)."""
    weighting = searcher.weighting
    if type(weighting) is not BM25F:
        raise TypeError("rank() computes BM25F scores only")
    totals: dict[int, float] | None = None
    for terms in groups:
        scores: dict[int, float] = {}
        for term in terms:
            _add_term(searcher, weighting, term, norms, scores)
        if totals is None:
            totals = scores
        else:
            totals = {d: s + scores[d] for d, s in totals.items() if d in scores}
        if not totals:
            return {}
    return totals or {}


def _add_term(
    searcher: Searcher, weighting: BM25F, term: Term, norms: Norms, scores: dict[int, float]
) -> None:
    field, text = term.fieldname, term.text
    if searcher.doc_frequency(field, text) == 0:
        return
    K1 = weighting.K1
    B = weighting._field_B.get(field, weighting.B)
    average = searcher.avg_field_length(field) or 1
    # bm25(idf, tf, fl) = idf × tf × (K1 + 1) / (tf + K1 × ((1 − B) + B × fl / avgfl)),
    # times the term's boost (the field boost given to the parser)
    factor = searcher.idf(field, text) * (K1 + 1) * term.boost
    of_field = norms.get(field)
    if of_field is None:
        of_field = norms[field] = [None] * searcher.doc_count_all()
    get = scores.get
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (field, text) not in reader:
            continue
        length = reader.doc_field_length
        for docnum, weight in _postings(reader.postings(field, text)):
            norm = of_field[docnum + offset]
            if norm is None:
                fl = length(docnum, field, 1)
                norm = of_field[docnum + offset] = K1 * ((1 - B) + B * fl / average)
            docnum += offset
            scores[docnum] = get(docnum, 0.0) + factor * weight / (weight + norm)


def _postings(matcher: Matcher) -> Iterator[tuple[int, float]]:
    """(docnum, weight) of every posting: a block at a time from Whoosh's on-disk format
    (a segment without deletions), else one posting at a time through the matcher."""
    if type(matcher) is W3LeafMatcher:
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            yield from zip(matcher._ids, matcher._weights, strict=True)
            matcher._next_block()
        return
    while matcher.is_active():
        yield matcher.id(), matcher.weight()
        matcher.next()
