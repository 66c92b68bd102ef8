"""`wijs search` ranks plain word queries from the postings directly: the order, the scores and
the facet counts must be the ones Whoosh's own query engine gives for the same query (each word
as the site matches it: every indexed word starting with its stem), whatever the index holds
(several segments, deleted reports). Phrases and NOT are left to Whoosh."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from whoosh.query import NumericRange

from conftest import Repo
from search_fixtures import add_search_reports
from wijs.search.index import FIELD_BOOSTS, TERM_FACETS, SearchIndex, refresh_index
from wijs.search.ranking import word_groups

QUERIES = [
    "ouderen",
    "ouders",  # the reports about "ouderen" share the stem only: they come after
    "ouderen selwerd",
    "eenzaamheid",
    "vragen spreekuur",
    "armoede gezinnen",
    "ouderen OR armoede",  # one group of terms: any of them, scores added as Whoosh does
]


def whoosh_order(
    index: SearchIndex, query: str, published_only: bool
) -> tuple[list[tuple[str, float]], Counter]:
    """Every match as (key, score), best first, and the wijk counts, from Whoosh's own search;
    ``published_only``: with Whoosh's own filter on the day the report is published from."""
    only = NumericRange("published", 1, dt.date.today().toordinal()) if published_only else None
    with index.searcher() as searcher:
        results = searcher.search(index.parse(query, searcher), limit=None, filter=only)
        exact = index.exact(searcher, query)
        # reports with the query words as written first, then in Whoosh's order
        hits = sorted(results, key=lambda hit: exact is not None and hit.docnum not in exact)
        ranked = [(hit["key"], round(hit.score, 3)) for hit in hits]
        wijken = Counter(w for hit in results for w in hit["wijk"].split(",") if w)
    return ranked, wijken


def assert_same_as_whoosh(index: SearchIndex) -> None:
    for query in QUERIES:
        for everything in (False, True):  # published reports only (the default), and all
            ours = index.search(query, limit=50, everything=everything)
            ranked, wijken = whoosh_order(index, query, published_only=not everything)
            assert ranked, query
            assert [(hit.key, hit.score) for hit in ours.hits] == ranked, query
            assert ours.total == len(ranked)
            assert ours.facets["wijk"] == dict(wijken), query
            # the first few alone: found from the query words' own postings where they tell
            few = index.search(query, limit=3, everything=everything)
            assert [(hit.key, hit.score) for hit in few.hits] == ranked[:3], query


@pytest.fixture
def index(repo: Repo) -> SearchIndex:
    add_search_reports(repo)
    for n in range(12):
        repo.add_report(
            slug=f"ouderen-{n}",
            title=f"Ouderen en eenzaamheid, deel {n}",
            neighbourhood=["selwerd", "paddepoel", "beijum"][n % 3],
            summary="Ouderen vertellen over eenzaamheid. " * (n + 1),
            body="## Methode\n\n" + "Gezinnen en armoede in de wijk. " * (12 - n),
        )
    return refresh_index(repo.research)[0]


def test_plain_word_ranking_is_the_ranking_whoosh_gives(index: SearchIndex) -> None:
    assert_same_as_whoosh(index)


def test_ranking_stays_whooshs_after_edits_and_deletions(repo: Repo, index: SearchIndex) -> None:
    index.search("ouderen")  # the open searcher must see what changes next
    (repo.research / "2024" / "ouderen-3" / "index.md").unlink()
    repo.add_report(slug="ouderen-5", title="Ouderen in Beijum", neighbourhood="beijum")
    index, _ = refresh_index(repo.research)  # a second segment, with a deletion in the first
    assert len(index._ix.searcher().reader().leaf_readers()) > 1
    assert_same_as_whoosh(index)
    assert "2024/ouderen-3" not in {hit.key for hit in index.search("ouderen", limit=50).hits}


def test_same_index_object_sees_reports_added_after_a_search(repo: Repo) -> None:
    add_search_reports(repo)
    index, vocabulary = refresh_index(repo.research)
    assert index.search("zwemles").total == 0
    repo.add_report(slug="zwemles-beijum", title="Zwemles in Beijum", neighbourhood="beijum")
    from wijs.corpus import load_corpus

    index.update(load_corpus(repo.research).reports, vocabulary)
    assert [hit.key for hit in index.search("zwemles").hits] == ["2024/zwemles-beijum"]
    assert index.search("zwemles").facets["wijk"] == {"beijum": 1}


def test_phrases_and_not_queries_are_left_to_whoosh(index: SearchIndex) -> None:
    parse = index._parser.parse
    assert word_groups(parse('"ouderen in selwerd"'), FIELD_BOOSTS) is None
    assert word_groups(parse("ouderen NOT armoede"), FIELD_BOOSTS) is None
    groups = word_groups(parse("ouderen armoede"), FIELD_BOOSTS)
    assert groups is not None and len(groups) == 2
    assert {t.fieldname for t in groups[0]} == set(FIELD_BOOSTS)
    # and those queries still answer
    assert index.search("ouderen NOT armoede").total < index.search("ouderen").total
    assert set(TERM_FACETS) <= set(index.search("ouderen").facets)


def test_a_quoted_phrase_answers_instead_of_failing(index: SearchIndex) -> None:
    # the title keeps word positions; gist and body do not, so there it asks for all the words
    results = index.search('"ouderen en eenzaamheid"')
    assert results.total >= 12
    assert results.hits[0].title.startswith("Ouderen en eenzaamheid")
    # any order in gist and body
    assert (
        index.search('"eenzaamheid ouderen"').total == index.search('"ouderen eenzaamheid"').total
    )
