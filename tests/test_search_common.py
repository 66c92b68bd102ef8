"""Words in the body of three in ten published reports of a large collection are not searched in
the body (wijs.search.analysis.common_from): the site's records and `wijs search` agree on which
words those are, and the list `wijs search` keeps beside its index is trusted only when sealed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from test_site_search import COMMON_BODIES
from wijs.search import analysis


@pytest.fixture
def collection(repo: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(analysis, "COMMON_FROM", 10)
    for n, body in enumerate(COMMON_BODIES):
        repo.add_report(slug=f"buurt-{n + 1}", title=f"Buurtonderzoek {n + 1}", body=body + "\n")
    return repo


def test_the_records_and_wijs_search_leave_out_the_same_common_words(collection: Any) -> None:
    from wijs.corpus import load_corpus
    from wijs.pages.site import Site
    from wijs.search.index import refresh_index
    from wijs.search.site_index import body_words
    from wijs.search.text import searchable

    site = Site(load_corpus(collection.research))
    texts = [searchable(r, site.vocabulary) for r in site.reports]
    for_records = analysis.common_terms((analysis.body_terms(t.body) for t in texts), len(texts))
    index, _ = refresh_index(collection.research)
    with index.searcher() as searcher:
        for_search = index.common_terms(searcher, dt.date.today())
    assert for_records == for_search
    assert "bewoner" in for_records and "buurthuis" not in for_records
    # a record's body keeps every other word once, and a compound's uncommon parts
    second = next(t for r, t in zip(site.reports, texts, strict=True) if r.key.endswith("buurt-2"))
    record_body = body_words(second, for_records).split()
    assert "wijkbewoners" in record_body and "wijk" in record_body
    assert not {"bewoners", "Bewoners", "wijk-bewoners"} & set(record_body)
    assert [w.strip(".") for w in record_body].count("buurthuis") == 1


def test_a_common_word_list_not_sealed_here_is_made_again(collection: Any) -> None:
    from wijs.search.index import COMMON_FILE_SUFFIX, refresh_index

    index, _ = refresh_index(collection.research)
    before = index.search("bewoners", limit=50).total
    stored = index.folder.with_name(index.folder.name + COMMON_FILE_SUFFIX)
    first, _, body = stored.read_text("utf-8").partition("\n")
    value = json.loads(body)
    assert "bewoner" in value["terms"]
    # a pull request brings a list that makes "bewoners" searchable in every body again
    value["terms"] = []
    stored.write_text(first + "\n" + json.dumps(value), "utf-8")
    again, _ = refresh_index(collection.research)
    assert again.search("bewoners", limit=50).total == before < len(COMMON_BODIES)
