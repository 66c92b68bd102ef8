"""The same figure is the same number on every page a policy officer may compare."""

from __future__ import annotations

import datetime as dt

from conftest import Repo
from wijs.corpus import load_corpus
from wijs.insights import indicators_per_year
from wijs.pages.site import Site


def test_citywide_research_is_not_counted_as_a_wijk_anywhere(repo: Repo) -> None:
    repo.add_report()
    repo.add_report(slug="geldzaken", title="Geldzaken", neighbourhood="gemeentebreed")
    site = Site(load_corpus(repo.research), today=dt.date(2026, 1, 1))
    total = indicators_per_year(site).rows[-1]
    assert total[0] == "Totaal"
    assert total[1:] == [2, 1, 1, 1]  # rapporten, studenten, wijken, opdrachtgevers
    repo.build()
    assert "<strong>1</strong> wijken" in repo.page("")
