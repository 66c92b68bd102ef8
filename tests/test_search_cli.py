"""Staff search the collection from the command line: `wijs search`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import Repo
from search_fixtures import add_search_reports
from wijs.cli import main
from wijs.search.index import SearchIndex, refresh_index


def search(repo: Repo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["search", "--research", str(repo.research), *args])
    return result.exit_code, result.output


def search_json(repo: Repo, *args: str) -> dict:
    code, output = search(repo, *args, "--format", "json")
    assert code == 0, output
    return json.loads(output)


def titles(data: dict) -> list[str]:
    return [hit["title"] for hit in data["results"]]


def test_dutch_stemming_finds_oudere_when_searching_ouderen(repo: Repo) -> None:
    add_search_reports(repo)
    data = search_json(repo, "ouderen")
    assert "Hulp met de telefoon" in titles(data)  # only says "oudere"
    assert "Eenzaamheid onder ouderen in Selwerd" in titles(data)
    assert "Loneliness among international students" not in titles(data)


def test_results_show_highlighted_fragments_and_facet_counts(repo: Repo) -> None:
    add_search_reports(repo)
    data = search_json(repo, "ouderen")
    assert data["total"] == len(data["results"])
    assert any("<mark>" in fragment for hit in data["results"] for fragment in hit["fragments"])
    assert data["facets"]["wijk"]["selwerd"] == 2
    assert data["facets"]["wijk"]["paddepoel"] == 1


def test_filters_accept_labels_and_aliases_and_combine(repo: Repo) -> None:
    add_search_reports(repo)
    data = search_json(repo, "--wijk", "Paddepoel-Noord", "--wijk", "Binnenstad")
    assert sorted(titles(data)) == [
        "Hulp met de telefoon",
        "Loneliness among international students",
    ]
    data = search_json(repo, "--wijk", "paddepoel,binnenstad", "--niveau", "WO")
    assert titles(data) == ["Loneliness among international students"]
    data = search_json(repo, "--thema", "ouderen,Digitale vaardigheden", "--jaar", "2019..2023")
    assert sorted(titles(data)) == ["Hulp met de telefoon", "الوحدة بين كبار السن في سلفيرد"]


def test_unknown_filter_value_is_a_usage_error_with_a_suggestion(repo: Repo) -> None:
    add_search_reports(repo)
    code, output = search(repo, "ouderen", "--wijk", "Selwrd")
    assert code == 2
    assert "selwerd" in output
    code, output = search(repo, "ouderen", "--jaar", "vorig jaar")
    assert code == 2


def test_misspelt_word_gets_did_you_mean(repo: Repo) -> None:
    add_search_reports(repo)
    code, output = search(repo, "telefon")
    assert code == 0
    assert "Bedoelde je: telefoon" in output


def test_text_output_lists_title_place_year_and_url(repo: Repo) -> None:
    add_search_reports(repo)
    code, output = search(repo, "kindpakket")
    assert code == 0, output
    assert "1 rapport gevonden." in output
    assert "Kinderarmoede in De Hoogte" in output
    assert "De Hoogte · Hanzehogeschool Groningen · 2021" in output
    assert "onderzoek/2021/kinderarmoede-de-hoogte/" in output


def test_index_is_cached_and_only_changed_reports_are_reindexed(repo: Repo) -> None:
    add_search_reports(repo)
    refresh_index(repo.research)
    folder = repo.root / ".cache" / "wijs" / "search"
    assert folder.is_dir()
    before = SearchIndex.for_research(repo.research).digests()
    changed = repo.add_report(
        slug="kinderarmoede-de-hoogte",
        year=2021,
        title="Kinderarmoede in De Hoogte",
        neighbourhood="de-hoogte",
        theme=["armoede"],
        summary="Gezinnen missen zwemles door geldgebrek.",
    )
    (repo.research / "2019" / "hulp-telefoon-paddepoel" / "index.md").unlink()
    index, _ = refresh_index(repo.research)
    after = index.digests()
    assert "2019/hulp-telefoon-paddepoel" not in after
    unchanged = set(before) - {"2021/kinderarmoede-de-hoogte", "2019/hulp-telefoon-paddepoel"}
    assert all(after[key] == before[key] for key in unchanged)
    assert after["2021/kinderarmoede-de-hoogte"] != before["2021/kinderarmoede-de-hoogte"]
    data = search_json(repo, "zwemles")
    assert titles(data) == ["Kinderarmoede in De Hoogte"]
    assert changed.exists()


def test_staff_also_find_drafts_marked_as_such(repo: Repo) -> None:
    add_search_reports(repo)
    code, output = search(repo, "Vinkhuizen")
    assert code == 0
    assert "Concept over ouderen in Vinkhuizen [draft]" in output


def test_no_query_but_filters_lists_newest_first(repo: Repo) -> None:
    add_search_reports(repo)
    data = search_json(repo, "--wijk", "selwerd")
    assert [hit["year"] for hit in data["results"]] == [2024, 2023]


def test_index_lives_in_a_git_ignored_cache_folder() -> None:
    ignored = (Path(__file__).resolve().parent.parent / ".gitignore").read_text()
    assert ".cache/" in ignored.splitlines()


def test_fast_dutch_analyzer_gives_the_same_terms_as_whoosh() -> None:
    from whoosh.analysis import LanguageAnalyzer

    from wijs.search.analysis import DutchAnalyzer

    text = (
        "Ouderen en oudere bewoners van De Hoogte: 65-plussers, WIJ-teams, CC-BY-4.0, café, "
        "İstanbul, naïef; de gemeente en het wijkrestaurant. Loneliness among students."
    )
    whoosh, ours = LanguageAnalyzer("nl"), DutchAnalyzer()
    assert [t.text for t in ours(text)] == [t.text for t in whoosh(text)]
    as_chars = [(t.text, t.startchar, t.endchar) for t in ours(text, chars=True)]
    assert as_chars == [(t.text, t.startchar, t.endchar) for t in whoosh(text, chars=True)]
