"""APA 7: when cited first authors share a surname but not their initials, the in-text
citations name their initials, so a reader knows which De Vries is meant."""

from __future__ import annotations

from conftest import BODY, Repo
from wijs.citations.report import citations_for
from wijs.corpus import load_corpus

BIB = r"""
@book{jan, author = {de Vries, Jan}, title = {Buurten}, publisher = {Boom}, year = {2020}}
@book{marieke, author = {de Vries, Marieke and Bakker, Sanne}, title = {Wijken},
  publisher = {Boom}, year = {2021}}
@book{jan2, author = {de Vries, J.}, title = {Straten}, publisher = {Boom}, year = {2022}}
@book{other, author = {Bakker, Sanne}, title = {Pleinen}, publisher = {Boom}, year = {2019}}
"""


def in_text(repo: Repo, body: str) -> str:
    path = repo.add_report(body=BODY + "\n" + body + "\n")
    (path.parent / "references.bib").write_text(BIB, encoding="utf-8")
    (report,) = load_corpus(repo.research).reports
    return citations_for(report).render_body(report.body)


def test_same_surname_other_initials_get_initials_in_text(repo: Repo) -> None:
    body = in_text(repo, "Zie [@jan] en @marieke, maar ook [@other].")
    assert ">J. de Vries, 2020</a>" in body
    assert ">M. de Vries en Bakker (2021)</a>" in body
    assert ">Bakker, 2019</a>" in body  # a second author is never the reason


def test_same_person_twice_needs_no_initials(repo: Repo) -> None:
    body = in_text(repo, "Zie [@jan; @jan2].")
    assert ">de Vries, 2020</a>, <a" in body and "J. de Vries" not in body


def test_initials_only_when_the_other_is_cited_too(repo: Repo) -> None:
    assert "M. de Vries" not in in_text(repo, "Zie [@marieke].")
