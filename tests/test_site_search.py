"""Municipality and WIJ staff search the site: /zoeken/ on Pagefind, related research."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from conftest import REPO, Repo
from search_fixtures import add_search_reports
from wijs.search.site_index import grouped_value


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("zoeken") / "bank")
    add_search_reports(repo)
    repo.build()
    return repo


def test_the_index_holds_the_published_reports_from_their_records_not_their_pages(
    site: Repo,
) -> None:
    html = site.page("onderzoek/2019/hulp-telefoon-paddepoel/")
    # what is searchable comes from wijs.search.text.searchable, not from the page layout
    assert "data-pagefind" not in html
    entry = json.loads((site.root / "site" / "pagefind" / "pagefind-entry.json").read_text())
    # one index for every language, so a Dutch page finds English and Arabic reports
    assert list(entry["languages"]) == ["nl"]
    assert entry["languages"]["nl"]["page_count"] == 5  # the five published reports
    # the records were made in a temporary folder and are gone; nothing in docs/ or research/
    assert not list((site.root / "site").rglob("wijs-zoekrecords-*"))
    assert not list((site.root / "docs").rglob("*.html"))
    assert not list(site.research.rglob("*.html"))
    words = json.loads((site.root / "site" / "zoeken" / "woorden.json").read_text())
    assert "kindpakket" in words["woorden"]
    assert len(words["woorden"]) == len(words["rapporten"])


def test_header_search_box_leads_to_the_search_page(site: Repo) -> None:
    html = site.page("onderzoek/2019/hulp-telefoon-paddepoel/")
    form = re.search(r'<form class="wijs-header-search"[^>]*action="([^"]+)"', html)
    assert form and form.group(1) == "../../../zoeken/"
    assert 'name="q"' in html
    assert "md-search__input" not in html  # mkdocs-material's lunr search stays off


def test_search_page_lists_every_facet_as_a_fieldset(site: Repo) -> None:
    html = site.page("zoeken/")
    legends = re.findall(r"<legend>([^<]+)</legend>", html)
    assert legends == ["Wijk", "Thema", "Instelling", "Niveau", "Jaar", "Type"]
    assert 'for="f-wijk-paddepoel">Paddepoel <span class="wijs-facet__count">(1)</span>' in html
    assert "Vinkhuizen" not in html  # only the draft is there
    assert 'role="status"' in html


def test_report_page_shows_related_published_research(site: Repo) -> None:
    html = site.page("onderzoek/2024/eenzaamheid-ouderen-selwerd/")
    section = html[html.index('id="verwant-onderzoek"') :]
    section = section[: section.index("</section>")]
    links = re.findall(r'<a href="([^"]+)">', section)
    assert 1 <= len(links) <= 5
    # the Arabic report shares wijk and thema, so it comes first
    assert links[0] == "../../2023/ouderen-arabisch-selwerd/"
    assert "concept-ouderen-vinkhuizen" not in section
    assert "eenzaamheid-ouderen-selwerd" not in section


def test_quick_preview_can_skip_the_search_index(repo: Repo) -> None:
    repo.add_report()
    repo.write_mkdocs(search_index=False)
    repo.build()
    assert not (repo.root / "site" / "pagefind").exists()
    assert (repo.root / "site" / "zoeken" / "index.html").exists()


# -- in real headless Chromium -------------------------------------------------------------


def wait_for_results(page: Any) -> str:
    page.wait_for_function(
        "() => /gevonden/.test(document.getElementById('wijs-status').textContent)"
    )
    page.wait_for_function(
        "() => document.querySelectorAll('#wijs-resultaten li').length > 0"
        " || /Geen/.test(document.getElementById('wijs-status').textContent)"
    )
    return page.inner_text("#wijs-status")


def result_titles(page: Any) -> list[str]:
    return page.locator("#wijs-resultaten h2").all_inner_texts()


def count_of(page: Any, facet: str, value: str) -> str:
    return page.inner_text(f"label[for='f-{facet}-{value}'] .wijs-facet__count")


def open_search(page: Any, base: str, query: str = "") -> None:
    page.goto(base + "zoeken/" + query)
    page.wait_for_selector(".wijs-zoeken--ready")


@pytest.mark.browser
def test_type_filter_open_and_share_a_search(site: Repo, page: Any, serve_dir: Any) -> None:
    base = serve_dir(site.root / "site")
    open_search(page, base)
    page.fill("#wijs-q", "ouderen")
    # "oudere" and "ouders" by Dutch stemming, and the Arabic report by its thema's label
    assert wait_for_results(page) == "4 rapporten gevonden"
    assert "Hulp met de telefoon" in result_titles(page)
    assert page.locator("#wijs-resultaten mark").count() > 0
    assert "Paddepoel · 2019 · Noorderpoort" in page.inner_text("#wijs-resultaten")
    assert count_of(page, "wijk", "selwerd") == "(2)"
    assert count_of(page, "niveau", "hbo") == "(3)"
    assert count_of(page, "niveau", "mbo") == "(1)"

    page.check("#f-niveau-hbo")
    page.wait_for_function("() => /niveau=hbo/.test(location.search)")
    assert wait_for_results(page) == "3 rapporten gevonden"
    assert count_of(page, "wijk", "de-hoogte") == "(1)"
    assert page.locator("#f-wijk-paddepoel").is_hidden()  # 0 at hbo level
    # OR within a facet: the other niveau still says what it would add
    assert count_of(page, "niveau", "mbo") == "(1)"

    shared = page.url
    assert "q=ouderen" in shared and "niveau=hbo" in shared
    page.goto("about:blank")
    page.goto(shared)
    page.wait_for_selector(".wijs-zoeken--ready")
    assert wait_for_results(page) == "3 rapporten gevonden"
    assert page.input_value("#wijs-q") == "ouderen"
    assert page.is_checked("#f-niveau-hbo")

    page.click("#wijs-resultaten a >> nth=0")
    page.wait_for_url(re.compile(r"/onderzoek/\d{4}/[^/]+/$"))
    assert page.locator("h1").count() == 1


@pytest.mark.browser
def test_filters_without_a_query_list_matching_reports(
    site: Repo, page: Any, serve_dir: Any
) -> None:
    base = serve_dir(site.root / "site")
    open_search(page, base, "?wijk=selwerd&wijk=binnenstad")
    assert wait_for_results(page) == "3 rapporten gevonden"
    assert result_titles(page)[0] == "Eenzaamheid onder ouderen in Selwerd"  # newest first


@pytest.mark.browser
def test_year_level_and_institution_filters_combine_and_count_per_value(
    site: Repo, page: Any, serve_dir: Any
) -> None:
    # niveau, instelling, jaar and type share one Pagefind filter; each still acts on its own
    base = serve_dir(site.root / "site")
    open_search(page, base, "?jaar=2021&jaar=2023")
    assert wait_for_results(page) == "2 rapporten gevonden"
    assert count_of(page, "niveau", "hbo") == "(2)"
    assert page.locator("#f-niveau-wo").is_hidden()
    assert count_of(page, "jaar", "2019") == "(1)"  # OR within a facet
    assert count_of(page, "instelling", "hanzehogeschool") == "(2)"
    page.check("#f-type-onderzoeksrapport")
    page.wait_for_function("() => /type=onderzoeksrapport/.test(location.search)")
    assert wait_for_results(page) == "2 rapporten gevonden"
    assert count_of(page, "type", "factsheet") == "(0)"
    open_search(page, base, "?q=ouderen&niveau=mbo&jaar=2023")  # no such report
    page.wait_for_function("() => /Geen/.test(document.getElementById('wijs-status').textContent)")
    assert result_titles(page) == []
    assert count_of(page, "jaar", "2019") == "(1)"  # what ticking 2019 as well would give


def test_grouped_filter_value_names_every_choice_in_a_fixed_order() -> None:
    value = grouped_value(
        {"niveau": ["wo", "hbo"], "instelling": ["rug"], "jaar": ["2024"], "type": ["factsheet"]}
    )
    assert value == "hbo,wo|rug|2024|factsheet"


@pytest.mark.browser
def test_english_and_arabic_reports_are_found_from_the_same_page(
    site: Repo, page: Any, serve_dir: Any
) -> None:
    base = serve_dir(site.root / "site")
    open_search(page, base, "?q=loneliness")
    wait_for_results(page)
    assert result_titles(page) == ["Loneliness among international students"]
    open_search(page, base, "?q=wijkrestaurant")  # from the body
    wait_for_results(page)
    assert result_titles(page) == ["Eenzaamheid onder ouderen in Selwerd"]
    open_search(page, base, "?q=بالوحدة")
    wait_for_results(page)
    assert result_titles(page) == ["الوحدة بين كبار السن في سلفيرد"]


@pytest.mark.browser
def test_search_by_keyboard_only(site: Repo, page: Any, serve_dir: Any) -> None:
    base = serve_dir(site.root / "site")
    page.goto(base + "onderzoek/2021/kinderarmoede-de-hoogte/")

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"{selector} is not reachable with Tab")

    tab_to("#wijs-header-q")
    page.keyboard.type("ouderen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=ouderen$"))
    page.wait_for_selector(".wijs-zoeken--ready")
    assert wait_for_results(page) == "4 rapporten gevonden"

    tab_to("#f-niveau-mbo")
    page.keyboard.press("Space")
    page.wait_for_function("() => /niveau=mbo/.test(location.search)")
    assert wait_for_results(page) == "1 rapport gevonden"
    tab_to("#wijs-resultaten a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/onderzoek/2019/hulp-telefoon-paddepoel/$"))


def test_built_site_keeps_search_assets_out_of_docs(site: Repo) -> None:
    assert not list((site.root / "docs").rglob("zoeken*"))
    assert (site.root / "site" / "assets" / "wijs" / "zoeken.js").exists()
    assert isinstance(Path, type)


# -- the example site: the site finds what `wijs search` finds, and ranks defensibly ----------

#: Queries a new user types; for each the site must find exactly the published reports
#: `wijs search` finds (authors, labels, words deep in the body, stemming, compounds).
AGREEMENT_QUERIES = [
    "jongeren",
    "Hofstede",
    "El Amrani",
    "stoeptegels",
    "hbo",
    "ouderen",
    "eenzaamheid",
    "studenten",
    "armoede",
    "Bakker",
    "wijkrestaurant",
    "digitale vaardigheden",
    "gemeente",
    "geïnterviewde",
    "vrijwilligers",
    "Noorderpoort",
    "telefoons",
    "Selwerd",
    "jongeren in Selwerd",
    "stoeptegelprobleem",
]
#: Query → the report that must come first, on the site and in `wijs search`.
RELEVANCE = {
    "eenzaamheid": "onderzoek/2024/eenzaamheid-ouderen-selwerd/",
    "ouderen": "onderzoek/2024/eenzaamheid-ouderen-selwerd/",
    "kinderarmoede": "onderzoek/2020/kinderarmoede-de-hoogte-wijssamen/",
    "voedselbank": "onderzoek/2017/voedselbank-donateurs-oosterparkwijk/",
    "energiearmoede": "onderzoek/2022/energiearmoede-ten-boer/",
    "huiswerkbegeleiding": "onderzoek/2022/huiswerkbegeleiding-mbo-forum/",
    "financiële zelfredzaamheid": "onderzoek/2021/geldzaken-jongeren-groningen/",
    "ondernemingsplan": "onderzoek/2018/ondernemen-vanuit-de-bijstand-vinkhuizen/",
    "studenten bewoners": "onderzoek/2016/studenten-en-bewoners-korrewegwijk/",
    "digitale vaardigheden": "onderzoek/2019/digitale-vaardigheden-ouderen-paddepoel/",
    "telefoon": "onderzoek/2019/digitale-vaardigheden-ouderen-paddepoel/",
    "jongeren": "onderzoek/2021/geldzaken-jongeren-groningen/",
}


def cli_search(query: str) -> dict:
    from click.testing import CliRunner

    from wijs.cli import main

    run = CliRunner().invoke(
        main,
        [
            "search",
            query,
            "--research",
            str(REPO / "research"),
            "--format",
            "json",
            "--limit",
            "100",
        ],
    )
    assert run.exit_code == 0, run.output
    return json.loads(run.output)


def site_search(page: Any, base: str, query: str) -> list[str]:
    """Every result the site shows for ``query``, in order, as paths below the site."""
    page.goto(base + "zoeken/?" + urlencode({"q": query}))
    page.wait_for_selector(".wijs-zoeken--ready")
    wait_for_results(page)
    while page.is_visible("#wijs-meer"):
        before = page.locator("#wijs-resultaten li").count()
        page.click("#wijs-meer")
        page.wait_for_function(
            f"() => document.querySelectorAll('#wijs-resultaten li').length > {before}"
        )
    paths = page.eval_on_selector_all(
        "#wijs-resultaten h2 a", "links => links.map(a => new URL(a.href).pathname)"
    )
    return [path.lstrip("/") for path in paths]


@pytest.mark.browser
def test_site_finds_what_wijs_search_finds_on_the_example_site(
    example_site: Path, page: Any, serve_dir: Any
) -> None:
    base = serve_dir(example_site)
    found = {}
    for query in AGREEMENT_QUERIES:
        site = site_search(page, base, query)
        cli = [hit["url"] for hit in cli_search(query)["results"]]
        assert sorted(site) == sorted(cli), query
        found[query] = set(site)
    # what the issue found missing: authors, labels, the body, every hbo report
    assert {
        "onderzoek/2020/kinderarmoede-de-hoogte-wijssamen/",
        "onderzoek/2021/geldzaken-jongeren-groningen/",
        "onderzoek/2022/huiswerkbegeleiding-mbo-forum/",
    } <= found["jongeren"]
    assert found["Hofstede"] == {"onderzoek/2021/geldzaken-jongeren-groningen/"}
    assert "onderzoek/2024/eenzaamheid-ouderen-selwerd/" in found["El Amrani"]
    assert found["stoeptegels"] == {"onderzoek/2024/eenzaamheid-ouderen-selwerd/"}
    assert len(found["hbo"]) == 7
    # unpublished reports are found by neither
    assert not any("jongeren-ontmoetingsplekken-hoogkerk" in u for u in found["jongeren"])


@pytest.mark.browser
def test_relevance_set_first_results_on_site_and_command_line(
    example_site: Path, page: Any, serve_dir: Any
) -> None:
    base = serve_dir(example_site)
    for query, first in RELEVANCE.items():
        assert site_search(page, base, query)[0] == first, query
        assert cli_search(query)["results"][0]["url"] == first, query
    # a report that only says "ouders" never outranks one about "ouderen" in title or summary
    ranked = site_search(page, base, "ouderen")
    assert ranked.index("onderzoek/2019/digitale-vaardigheden-ouderen-paddepoel/") < ranked.index(
        "onderzoek/2020/kinderarmoede-de-hoogte-wijssamen/"
    )


@pytest.mark.browser
def test_a_typo_gets_did_you_mean_on_the_site_as_on_the_command_line(
    site: Repo, page: Any, serve_dir: Any
) -> None:
    base = serve_dir(site.root / "site")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    open_search(page, base, "?q=ouderen")
    wait_for_results(page)
    assert not any("woorden.json" in url for url in fetched)  # enough found: no word list
    open_search(page, base, "?q=telefon")
    page.wait_for_selector("#wijs-suggestie:not([hidden])")
    assert page.inner_text("#wijs-suggestie") == "Bedoelde je: telefoon?"
    assert any("woorden.json" in url for url in fetched)
    code, output = site_cli(site, "telefon")
    assert code == 0 and "Bedoelde je: telefoon" in output
    page.click("#wijs-suggestie a")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'telefoon'")
    assert "Hulp met de telefoon" in result_titles(page)


def site_cli(site: Repo, *args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from wijs.cli import main

    run = CliRunner().invoke(main, ["search", "--research", str(site.research), *args])
    return run.exit_code, run.output


@pytest.mark.browser
def test_nothing_found_says_what_to_try_instead_of_showing_empty_filters(
    site: Repo, page: Any, serve_dir: Any
) -> None:
    base = serve_dir(site.root / "site")
    open_search(page, base, "?q=xyzzy")
    page.wait_for_function("() => /Geen/.test(document.getElementById('wijs-status').textContent)")
    assert page.inner_text("#wijs-status") == "Geen rapporten gevonden voor ‘xyzzy’."
    tips = page.locator("#wijs-tips")
    assert tips.is_visible()
    assert "Controleer de spelling" in tips.inner_text()
    assert page.locator(".wijs-facet:visible").count() == 0
    assert page.locator("#wijs-tip-filters").is_hidden()  # no filters to take away
    # with a filter that leaves nothing: the tip to take filters away, with a button
    open_search(page, base, "?q=ouderen&niveau=mbo&jaar=2023")
    page.wait_for_function("() => /Geen/.test(document.getElementById('wijs-status').textContent)")
    assert page.locator("#wijs-tip-filters").is_visible()
    page.click("#wijs-tip-wis")
    assert wait_for_results(page) == "4 rapporten gevonden"
    # a query with results shows no tips
    assert page.locator("#wijs-tips").is_hidden()


@pytest.mark.browser
def test_markup_in_a_report_or_in_the_query_is_shown_as_text(
    repo: Repo, page: Any, serve_dir: Any
) -> None:
    repo.add_report(
        slug="markup-selwerd",
        title='Zwerfvuil <img src=x onerror="window.hit=1">',
        summary='Zwerfvuil <script>window.hit=1</script> in "Selwerd" & omgeving.',
        authors=[{"name": "Anna <b>Bakker</b>", "programme": "Social Work"}],
    )
    repo.build()
    base = serve_dir(repo.root / "site")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_search(page, base, "?q=zwerfvuil")
    wait_for_results(page)
    assert result_titles(page) == ['Zwerfvuil <img src=x onerror="window.hit=1">']
    assert (
        page.locator("#wijs-resultaten img, #wijs-resultaten script, #wijs-resultaten b").count()
        == 0
    )
    typed = '<img src=x onerror="window.hit=2">'
    open_search(page, base, "?" + urlencode({"q": typed}))
    page.wait_for_function(
        "() => /gevonden/.test(document.getElementById('wijs-status').textContent)"
    )
    assert page.input_value("#wijs-q") == typed
    assert page.locator("#wijs-zoeken img").count() == 0
    assert page.evaluate("() => window.hit") is None
    assert dialogs == []


#: Twelve reports for the common-word rule: every body says "bewoners" (a word the rule leaves
#: out of the body), three say "buurthuis" (fewer than three in ten: still searched in the body).
COMMON_BODIES = [
    "De bewoners van de wijk praten over het buurthuis en de bewonersavond.",
    "Bewoners vertellen over wijk-bewoners die elkaar helpen in het buurthuis.",
    "Veel bewoners kennen het buurthuis niet.",
    "De bewoners willen een moestuin bij het wijkcentrum.",
    "Het wijkcentrum is open voor bewoners.",
    "Bewoners missen een plek om elkaar te zien.",
    "De bewoners fietsen naar de markt.",
    "Bewoners vragen om meer licht op straat.",
    "De bewoners zijn trots op hun straat.",
    "Bewoners organiseren een straatfeest.",
    "De bewoners zien de speeltuin graag groener.",
    "Bewoners en studenten koken samen.",
]


@pytest.mark.browser
def test_words_in_most_bodies_are_searched_alike_on_the_site_and_the_command_line(
    make_repo: Any, page: Any, serve_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a large collection a word in the body of 30 % of the published reports is not searched
    in the body (wijs.search.analysis.common_from): the site's records and `wijs search` leave
    out the same words, so they still find the same reports. Here with a collection of twelve
    (the rule starts at COMMON_FROM reports, lowered for the test)."""
    from wijs.search import analysis

    monkeypatch.setattr(analysis, "COMMON_FROM", 10)  # here, for `wijs search`
    repo = make_repo("gewoon")
    # and in the build's own process, for the site's records
    repo.add_hook(
        """
        def on_config(config):
            from wijs.search import analysis

            analysis.COMMON_FROM = 10
        """
    )
    for n, body in enumerate(COMMON_BODIES):
        title = "Bewoners over hun buurt" if n == 5 else f"Buurtonderzoek {n + 1}"
        repo.add_report(slug=f"buurt-{n + 1}", title=title, body=body + "\n")
    repo.build()
    base = serve_dir(repo.root / "site")
    results = {}
    for query in ["bewoners", "buurthuis", "bewonersavond", "wijkbewoners", "straat"]:
        site = site_search(page, base, query)
        code, output = site_cli(repo, query, "--format", "json", "--limit", "100")
        assert code == 0, output
        cli = [hit["url"] for hit in json.loads(output)["results"]]
        assert sorted(site) == sorted(cli), query
        results[query] = {url.rstrip("/").rsplit("/", 1)[-1] for url in site}
    # "bewoners" stands in every body: found in a title, and in the body's compound words
    assert results["bewoners"] == {"buurt-1", "buurt-6"}
    assert results["buurthuis"] == {"buurt-1", "buurt-2", "buurt-3"}
    assert results["wijkbewoners"] == {"buurt-2"}
    assert results["straat"] == {"buurt-8", "buurt-9", "buurt-10"}  # and "straatfeest"
