"""Ranking of plain word queries straight from the postings, with Whoosh's own BM25F formula.

Whoosh builds a tree of matchers for a query and asks a scorer object for every posting; for the
queries staff type most (a few words, every word required, each searched in title, gist and
body) that machinery costs far more than the arithmetic. Here every posting list is read once and
scored in a tight loop with the same statistics (idf, average field length, the stored field
length) and the same formula as ``whoosh.scoring.BM25F``, so the order is the one Whoosh gives.
Anything else (phrases, OR, NOT, wildcards, a field prefix) returns None and is left to Whoosh.

A query word matches every indexed word starting with its stem, often dozens of compounds in
each field: ``expand`` finds them in one pass over each segment's term list and keeps each
term's on-disk information, so scoring reads its postings without looking the term up again
(``rank_expanded``; the same BM25F arithmetic as ``rank``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as default
from typing import Any, cast

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
        totals = _every_word(totals, scores)
        if not totals:
            return {}
    return totals or {}


def _every_word(totals: dict[int, float] | None, scores: dict[int, float]) -> dict[int, float]:
    """The documents of ``totals`` (the words before) that also have this word, their scores
    added; the first word's ``scores`` when there is none before."""
    if totals is None:
        return scores
    return {d: s + scores[d] for d, s in totals.items() if d in scores}


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


@dataclass
class Expanded:
    """One indexed term a query word matches, with where each segment keeps its postings."""

    field: str
    text: str
    boost: float
    #: (segment number, the term's on-disk information in that segment)
    infos: list[tuple[int, Any]] = default(default_factory=list)

    @property
    def doc_frequency(self) -> int:
        return sum(info.doc_frequency() for _, info in self.infos)


def expand(searcher: Searcher, fieldname: str, prefix: str) -> dict[str, Expanded]:
    """Every term of ``fieldname`` starting with ``prefix``, over all segments (boost 1)."""
    found: dict[str, Expanded] = {}
    for number, (leaf, _) in enumerate(searcher.leaf_searchers()):
        reader = leaf.reader()
        for tbytes, info in reader.iter_prefix(fieldname, prefix):
            text = tbytes.decode("utf-8")
            found.setdefault(text, Expanded(fieldname, text, 1.0)).infos.append((number, info))
    return found


def _matcher(reader: Any, term: Expanded, info: Any) -> Matcher:
    terms = getattr(reader, "_terms", None)
    tbytes = term.text.encode("utf-8")
    if terms is not None and hasattr(terms, "_postfile"):
        fmt = reader.schema[term.field].format
        return terms._codec.postings_reader(terms._postfile, info, fmt, term=(term.field, tbytes))
    return reader.postings(term.field, tbytes)  # another codec: through the reader


def only_posting(info: Any) -> tuple[int, float] | None:
    """(docnum in its segment, weight) of a term in one document, from its term information
    alone; None when it has more. Most longer words starting with a query word's stem are in
    one report only, and opening their postings cost more than all the rest of a query."""
    if info.doc_frequency() != 1:
        return None
    return info.min_id(), info.weight()


def posting_blocks(
    searcher: Searcher, term: Expanded, weights: bool = True
) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """The postings of ``term`` a block at a time: docnums in the whole index and their
    weights (empty when not asked for), deleted documents left out; read straight from each
    segment's term information, without looking the term up again."""
    leaves = searcher.leaf_searchers()
    for number, info in term.infos:
        leaf, offset = leaves[number]
        reader = leaf.reader()
        deleted = reader.deleted_docs_set if reader.has_deletions() else None
        alone = only_posting(info)
        if alone is not None:
            docnum, weight = alone
            if not deleted or docnum not in deleted:
                yield [docnum + offset], ([weight] if weights else ())
            continue
        matcher = _matcher(reader, term, info)
        if type(matcher) is W3LeafMatcher and deleted is None:
            while matcher.is_active():
                matcher._read_ids()
                ids = matcher._ids
                if weights:
                    matcher._read_weights()
                found = [d + offset for d in ids] if offset else ids
                yield found, (matcher._weights if weights else ())
                matcher._next_block()
            continue
        pairs = [(d + offset, w) for d, w in _postings(matcher) if not deleted or d not in deleted]
        yield [d for d, _ in pairs], [w for _, w in pairs]


def rank_expanded(
    searcher: Searcher, groups: Sequence[Sequence[Expanded]], norms: Norms
) -> dict[int, float]:
    """As ``rank``, for groups of expanded terms (one group per query word)."""
    weighting = searcher.weighting
    if type(weighting) is not BM25F:
        raise TypeError("rank_expanded() computes BM25F scores only")
    total_docs = searcher.doc_count_all()
    length = searcher.reader().doc_field_length
    K1 = weighting.K1
    # a segment's offset, when it has no deleted documents (a term in one report is then
    # scored from its term information alone, as posting_blocks reads it)
    offsets = [
        None if leaf.reader().has_deletions() else offset
        for leaf, offset in searcher.leaf_searchers()
    ]
    field_norms: dict[str, list[float]] = {}

    def norms_of(field: str) -> list[float]:
        """Every document's length part of ``field``, kept while the index is unchanged."""
        found = field_norms.get(field)
        if found is None:
            whole = f"all:{field}"
            kept = norms.get(whole)
            if kept is None:
                B = weighting._field_B.get(field, weighting.B)
                average = searcher.avg_field_length(field) or 1
                kept = norms[whole] = [
                    K1 * ((1 - B) + B * length(d, field, 1) / average) for d in range(total_docs)
                ]
            found = field_norms[field] = cast(list[float], kept)
        return found

    totals: dict[int, float] | None = None
    for terms in groups:
        scores: dict[int, float] = {}
        get = scores.get
        for term in terms:
            of_field = norms_of(term.field)
            df = term.doc_frequency
            # Whoosh's idf: log(N / (df + 1)) + 1
            factor = (math.log(total_docs / (df + 1)) + 1) * (K1 + 1) * term.boost
            number, info = term.infos[0]
            offset = offsets[number] if len(term.infos) == 1 else None
            alone = only_posting(info) if offset is not None else None
            if offset is not None and alone is not None:
                docnum, weight = alone[0] + offset, alone[1]
                scores[docnum] = get(docnum, 0.0) + factor * weight / (weight + of_field[docnum])
                continue
            for ids, block_weights in posting_blocks(searcher, term):
                for docnum, weight in zip(ids, block_weights):  # noqa: B905 (same length)
                    norm = of_field[docnum]
                    scores[docnum] = get(docnum, 0.0) + factor * weight / (weight + norm)
        totals = _every_word(totals, scores)
        if not totals:
            return {}
    return totals or {}


def lookup(searcher: Searcher, fieldname: str, text: str) -> Expanded | None:
    """The term ``text`` of ``fieldname`` itself, if any segment has it (boost 1)."""
    term = Expanded(fieldname, text, 1.0)
    for number, (leaf, _) in enumerate(searcher.leaf_searchers()):
        reader = leaf.reader()
        if (fieldname, text) in reader:
            term.infos.append((number, reader.term_info(fieldname, text)))
    return term if term.infos else None
