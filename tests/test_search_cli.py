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


def test_search_shows_only_published_research_by_default(repo: Repo) -> None:
    add_search_reports(repo)
    code, output = search(repo, "Vinkhuizen")
    assert code == 0
    assert "0 rapporten gevonden." in output
    assert "Concept over ouderen" not in output


def test_staff_find_drafts_with_alles_marked_without_text_or_link(repo: Repo) -> None:
    add_search_reports(repo)
    code, output = search(repo, "--alles", "Vinkhuizen")
    assert code == 0, output
    assert "Concept over ouderen in Vinkhuizen [concept]" in output
    assert "Nog niet klaar" not in output  # no fragment of its text
    assert "onderzoek/2024/concept-ouderen-vinkhuizen/" not in output  # no page exists


def add_unpublished(repo: Repo) -> None:
    repo.add_report(
        slug="zwerfvuil-embargo",
        title="Zwerfvuil rond de Vinkenstraat",
        embargo_until="2099-06-01",
        summary="Zwerfvuil na de markt op zaterdag.",
    )
    repo.add_report(
        slug="zwerfvuil-ingetrokken",
        title="Zwerfvuil bij de glasbak",
        status="withdrawn",
        withdrawn_reason="Bevat gegevens van bewoners.",
        summary="Zwerfvuil bij de glasbak in Selwerd.",
    )
    repo.add_report(
        slug="zwerfvuil-ingediend",
        title="Zwerfvuil op het schoolplein",
        status="submitted",
        review=None,
        summary="Zwerfvuil op het schoolplein na de pauze.",
    )


def test_embargoed_and_withdrawn_reports_are_not_found_nor_counted(repo: Repo) -> None:
    add_search_reports(repo)
    add_unpublished(repo)
    data = search_json(repo, "zwerfvuil")
    assert data["total"] == 0
    assert data["results"] == []
    assert not any(data["facets"]["wijk"].values())


def test_alles_marks_every_unpublished_state_and_links_only_existing_pages(repo: Repo) -> None:
    add_search_reports(repo)
    add_unpublished(repo)
    data = search_json(repo, "--alles", "zwerfvuil")
    by_title = {hit["title"]: hit for hit in data["results"]}
    assert by_title["Zwerfvuil rond de Vinkenstraat"]["state"] == "embargo tot 1 juni 2099"
    assert by_title["Zwerfvuil op het schoolplein"]["state"] == "ingediend"
    assert by_title["Zwerfvuil bij de glasbak"]["state"] == "teruggetrokken"
    # a withdrawn report keeps a page that says why; the others have none on the public site
    assert by_title["Zwerfvuil bij de glasbak"]["url"] == "onderzoek/2024/zwerfvuil-ingetrokken/"
    assert by_title["Zwerfvuil rond de Vinkenstraat"]["url"] is None
    assert by_title["Zwerfvuil op het schoolplein"]["url"] is None
    assert all(hit["fragments"] == [] for hit in data["results"])
    code, output = search(repo, "--alles", "zwerfvuil")
    assert code == 0
    assert "Zwerfvuil rond de Vinkenstraat [embargo tot 1 juni 2099]" in output
    assert "na de markt" not in output


def test_search_and_site_agree_on_what_is_published(repo: Repo) -> None:
    from wijs.corpus import load_corpus

    add_search_reports(repo)
    add_unpublished(repo)
    published = {r.key for r in load_corpus(repo.research).published()}
    data = search_json(repo, "--limit", "100")
    assert {hit["key"] for hit in data["results"]} == published
    everything = search_json(repo, "--alles", "--limit", "100")
    assert {h["key"] for h in everything["results"] if not h["state"]} == published


def test_no_query_but_filters_lists_newest_first(repo: Repo) -> None:
    add_search_reports(repo)
    data = search_json(repo, "--wijk", "selwerd")
    assert [hit["year"] for hit in data["results"]] == [2024, 2023]


def test_index_lives_in_a_git_ignored_cache_folder() -> None:
    ignored = (Path(__file__).resolve().parent.parent / ".gitignore").read_text()
    assert ".cache/" in ignored.splitlines()


def test_analyzer_gives_the_terms_pagefind_indexes() -> None:
    # Pagefind 1.5: letters and digits only, lowercase, no diacritics, Snowball 3 Dutch stems;
    # a word joined by punctuation or in camel case also as its parts of 2+ characters
    from wijs.search.analysis import SearchAnalyzer, query_stems, query_words

    text = "Ouderen, hbo-studenten en WhatsApp: geïnterviewde 65-plussers van de gemeente."
    terms = [t.text for t in SearchAnalyzer()(text)]
    assert terms == [
        "ouder",
        "hbostudent",
        "hbo",
        "student",
        "en",
        "whatsapp",
        "what",
        "app",
        "interview",
        "65plusser",
        "65",
        "plusser",
        "van",
        "de",
        "meen",
    ]
    as_chars = [(t.text, t.startchar, t.endchar) for t in SearchAnalyzer()(text, chars=True)]
    assert as_chars[0] == ("ouder", 0, 8)  # the whole word as written, for highlighting
    # a query: punctuation out, stop words out (unless nothing else is left), then stems
    assert query_words("Jongeren in Selwerd, ‘El-Amrani’!") == ["jongeren", "selwerd", "elamrani"]
    assert query_words("de") == ["de"]
    assert query_stems("ouderen telefoons") == ["ouder", "telefoon"]


def test_a_word_matches_what_starts_with_its_stem_or_else_the_longest_word_it_starts_with(
    repo: Repo,
) -> None:
    add_search_reports(repo)
    # "kindpakket" is in one report; its stem is a prefix of nothing else
    assert titles(search_json(repo, "kind")) == ["Kinderarmoede in De Hoogte"]
    # no word starts with "kindpakketten"' stem: the longest indexed word it starts with counts
    assert titles(search_json(repo, "kindpakketregeling")) == ["Kinderarmoede in De Hoogte"]


def test_the_word_as_written_ranks_before_words_that_only_share_its_stem(repo: Repo) -> None:
    repo.add_report(
        slug="ouders-vinkhuizen",
        title="Ouders op het schoolplein",
        theme=["armoede"],
        body="## Methode\n\nWe spraken ouders bij de school.\n",
        summary="Ouders en ouders en nog eens ouders: over ouders in Vinkhuizen.",
        findings=["Ouders praten op het schoolplein."],
    )
    repo.add_report(
        slug="ouderen-beijum",
        title="Buurtkamer in Beijum",
        theme=["armoede"],
        body="## Methode\n\nWe spraken bewoners in de buurtkamer.\n",
        summary="Een buurtkamer voor bewoners.",
        findings=["Ouderen komen vooral op dinsdag."],
    )
    data = search_json(repo, "ouderen")
    # "ouders" shares the stem "ouder" and weighs more, but "ouderen" is what was asked
    keys = [hit["key"] for hit in data["results"]]
    assert keys.index("2024/ouderen-beijum") < keys.index("2024/ouders-vinkhuizen")
