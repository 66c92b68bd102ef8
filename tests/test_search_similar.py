"""A docent reviewing a submitted report sees similar published research found by the search
index (the likeness of the related research on report pages), best first."""

from __future__ import annotations

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
