"""A docent reviewing a submitted report sees similar published research found by the search
index (the likeness of the related research on report pages), best first."""

from __future__ import annotations

from typing import Any

from conftest import Repo
from wijs.corpus import load_corpus
from wijs.review.related import RELATED_FINDERS, find_related
from wijs.search.similar import similar_in_index


def test_review_finds_published_research_sharing_distinctive_words(repo: Repo) -> None:
    repo.add_report(
        slug="zwemles-beijum",
        year=2022,
        title="Zwemles voor kinderen in Beijum",
        neighbourhood="beijum",
        theme=["armoede"],
        summary="Zwemdiploma en zwemles zijn duur; kinderen missen het zwembad.",
    )
    repo.add_report(
        slug="telefoon-paddepoel",
        year=2021,
        title="Hulp met de telefoon",
        neighbourhood="paddepoel",
        theme=["digitale-vaardigheden"],
        summary="Ouderen hebben vragen over DigiD.",
    )
    repo.add_report(
        slug="concept-zwemles",
        title="Zwemles en zwemdiploma (concept)",
        status="draft",
        review=None,
        summary="Zwemdiploma en zwemles, nog niet af.",
    )
    repo.add_report(
        slug="zwemdiploma-selwerd",
        title="Het zwemdiploma in Selwerd",
        status="submitted",
        review=None,
        neighbourhood="selwerd",
        theme=["armoede"],
        summary="Voor veel gezinnen is zwemles te duur: het zwemdiploma blijft uit.",
    )
    corpus = load_corpus(repo.research)
    submitted = next(r for r in corpus.reports if r.key == "2024/zwemdiploma-selwerd")

    assert similar_in_index in RELATED_FINDERS
    found = similar_in_index(submitted, corpus, 3)
    keys = [r.key for r, _ in found]
    assert keys[0] == "2022/zwemles-beijum"
    assert "2024/concept-zwemles" not in keys  # not published
    assert "2024/zwemdiploma-selwerd" not in keys  # never itself
    assert all(0 < score <= 1 for _, score in found)
    assert find_related(submitted, corpus)[0].key == "2022/zwemles-beijum"


def test_related_research_with_a_memo_agrees_with_a_fresh_computation(repo: Any) -> None:
    """The live preview keeps each report's distinctive words between rebuilds (RelatedMemo):
    what it finds is what a fresh computation finds, also after one report changed."""
    from wijs.corpus import load_corpus
    from wijs.search.index import RelatedMemo, SearchIndex

    paths = [
        repo.add_report(slug=slug, title=title, neighbourhood=[wijk])
        for slug, title, wijk in [
            ("2024-buurthuis-selwerd", "Ontmoeten in het buurthuis", "selwerd"),
            ("2024-speeltuin-vinkhuizen", "Spelen in de speeltuin", "vinkhuizen"),
            ("2023-ontmoeten-selwerd", "Ontmoeten en eenzaamheid in het buurthuis", "selwerd"),
            ("2022-bewegen-selwerd", "Bewegen en spelen in de wijk", "selwerd"),
        ]
    ]
    memo = RelatedMemo()

    def both() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        corpus = load_corpus(repo.research)
        index = SearchIndex.for_research(repo.research)
        index.update(corpus.reports, corpus.vocabulary, merge=False)
        keys = sorted(r.key for r in corpus.reports)
        return index.related(keys, set(keys), memo=memo), index.related(keys, set(keys))

    with_memo, fresh = both()
    assert with_memo == fresh and any(with_memo.values())
    remembered = dict(memo.vectors)
    paths[1].write_text(
        paths[1].read_text("utf-8").replace("title: ", "title: Ontmoeten en ", 1), "utf-8"
    )
    with_memo, fresh = both()
    assert with_memo == fresh
    changed = [k for k in memo.vectors if memo.vectors[k] != remembered.get(k)]
    assert changed == [next(k for k in memo.vectors if "speeltuin" in k)]
    # how many reports have each word: kept up to date by the save, as counted afresh
    corpus = load_corpus(repo.research)
    keys = sorted(r.key for r in corpus.reports)
    recounted = RelatedMemo()
    SearchIndex.for_research(repo.research).related(keys, set(keys), memo=recounted)
    assert memo.frequencies == recounted.frequencies and len(recounted.frequencies) > 10
    assert all(count > 0 for count in memo.frequencies.values())
