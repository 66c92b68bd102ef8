"""A tiny site builds and shows a published report."""

from conftest import Repo


def test_published_report_gets_a_page(repo: Repo) -> None:
    repo.add_report()
    repo.build()
    html = repo.page("onderzoek/2024/eenzaamheid-ouderen-selwerd/")
    assert "Eenzaamheid onder ouderen in Selwerd" in html
    assert "Fatima El Amrani" in html
