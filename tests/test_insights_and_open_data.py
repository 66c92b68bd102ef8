"""The municipality's view: what we know per wijk and thema, the insights page with its charts,
open data for reuse and harvesting, and pages that pass WCAG 2.1 AA in real Chromium.

One tiny site serves every test here: four published reports (Dutch, English, Arabic and a
WIJSSamen team), a draft and a withdrawn report that must stay out of everything public.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, Repo
from test_accessibility import AXE_TAGS
from wijs.charts import bar_chart, heat_step, heatmap, stacked_bar_chart
from wijs.outputs.open_data import CSV_FIELDS, JSON_FIELDS, csv_safe
from wijs.schema import report_schema
from wijs.vocabulary import load_vocabulary

SITE_URL = "https://wijs-groningen.github.io/onderzoeksbank/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
OAI_PMH = "http://www.openarchives.org/OAI/2.0/"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

NL = "2024/eenzaamheid-ouderen-selwerd"
EN = "2023/loneliness-international-students"
AR = "2023/integratie-vinkhuizen-arabisch"
TEAM = "2022/armoede-korrewegwijk-wijssamen"
PUBLISHED = {NL, EN, AR, TEAM}
DRAFT = "2024/digitaal-selwerd-concept"
WITHDRAWN = "2021/teruggetrokken-onderzoek"

ARABIC_TITLE = "الاندماج في فينكهاوزن"
ARABIC_FINDING = "يشعر معظم القادمين الجدد بالترحيب في الحي."
ARABIC_SUMMARY = "ملخص: كبار السن في سيلويرد يشعرون بالوحدة أكثر من المتوسط."


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("inzichten") / "bank")
    shutil.copy(REPO / "docs" / "open-data.md", repo.root / "docs" / "open-data.md")
    repo.add_report(
        summary_translations=[{"language": "ar", "text": ARABIC_SUMMARY}],
        findings=["Een derde van de geïnterviewde ouderen eet vaak alleen."],
        recommendations=["Open het wijkrestaurant ook op zondag."],
    )
    repo.add_report(
        slug="loneliness-international-students",
        year=2023,
        date="2023-05-01",
        title="Loneliness among international students",
        language="en",
        neighbourhood=["paddepoel", "selwerd"],
        theme=["eenzaamheid"],
        institution="rug",
        level="wo",
        authors=[{"name": "Emma Jansen"}, {"name": "Lucas Smit"}],
        commissioner="Gemeente Groningen",
        summary="International students rarely meet their Dutch neighbours.",
        findings=["Students rarely meet their neighbours."],
        recommendations=["Organise a neighbourhood dinner each term."],
    )
    repo.add_report(
        slug="integratie-vinkhuizen-arabisch",
        year=2023,
        date="2023-03-01",
        title=ARABIC_TITLE,
        language="ar",
        neighbourhood="vinkhuizen",
        theme="integratie",
        institution="noorderpoort",
        level="mbo",
        authors=[{"name": "Yusuf Haddad"}],
        commissioner="WIJ Vinkhuizen",
        summary="يتحدث هذا البحث عن القادمين الجدد في فينكهاوزن.",
        findings=[ARABIC_FINDING],
        recommendations=[],
        body="## المقدمة\n\nتحدثنا مع عشرين من سكان الحي.\n",
    )
    repo.add_report(
        slug="armoede-korrewegwijk-wijssamen",
        year=2022,
        date="2022-11-01",
        title="-10% armoede in de Korrewegwijk?",
        neighbourhood="korrewegwijk",
        theme="armoede",
        institution=["noorderpoort", "hanzehogeschool"],
        level=["mbo", "hbo"],
        authors=[{"name": "Sanne Bos"}, {"name": "Yusuf Haddad"}],
        commissioner='=HYPERLINK("https://example.org")',
        findings=["Gezinnen kennen de regelingen niet."],
        recommendations=["Zet een formulierenbrigade in."],
    )
    repo.add_report(
        slug="digitaal-selwerd-concept",
        title="Digitale vaardigheden in Selwerd (concept)",
        theme="digitale-vaardigheden",
        status="draft",
        review=None,
        consent=None,
        findings=["GEHEIM-CONCEPT-BEVINDING"],
    )
    repo.add_report(
        slug="teruggetrokken-onderzoek",
        year=2021,
        date="2021-04-01",
        title="Teruggetrokken onderzoek",
        status="withdrawn",
        withdrawn_reason="Op verzoek van de opdrachtgever.",
        theme="ouderen",
        review=None,
        consent=None,
        findings=["TERUGGETROKKEN-BEVINDING"],
    )
    repo.build()
    return repo


def site_file(bank: Repo, path: str) -> Path:
    return bank.root / "site" / path


def section(html: str, heading: str) -> str:
    """The HTML from an <h2> with this text up to the next <h2>."""
    pattern = re.escape(heading).replace("'", "(?:'|&#39;|&rsquo;|’)")
    match = re.search(rf"<h2[^>]*>{pattern}.*?</h2>(.*?)(?=<h2|$)", html, re.S)
    assert match, f"geen sectie {heading!r}"
    return match.group(1)


def item_texts(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", html, re.S)]


# -- wijk, thema and instelling pages -------------------------------------------------------


def test_wijk_page_gathers_findings_from_its_own_published_reports_each_linked(bank: Repo) -> None:
    html = bank.page("wijk/selwerd/")
    found = section(html, "Wat het onderzoek hier vond")
    items = re.findall(r"<li>(.*?)</li>", found, re.S)
    assert len(items) == 2
    dutch = next(i for i in items if "eet vaak alleen" in i)
    english = next(i for i in items if "rarely meet their neighbours" in i)
    assert f'href="../../onderzoek/{NL}/"' in dutch
    assert f'href="../../onderzoek/{EN}/"' in english
    assert 'lang="en"' in english  # each finding keeps the language of its report
    for elsewhere in (ARABIC_FINDING, "Gezinnen kennen", "GEHEIM-CONCEPT", "TERUGGETROKKEN"):
        assert elsewhere not in html
    advice = section(html, "Aanbevelingen")
    assert "Open het wijkrestaurant ook op zondag." in advice
    assert "Organise a neighbourhood dinner each term." in advice


def white_spot_items(html: str) -> dict[str, str]:
    """The white spots of a wijk page: id → the sentence, tags removed."""
    spots = section(html, "Witte vlekken")
    items = re.findall(r'<li id="geen-([^"]+)">(.*?)</li>', spots, re.S)
    return {key: " ".join(re.sub(r"<[^>]+>", "", text).split()) for key, text in items}


def test_wijk_page_shows_themes_never_researched_there_as_white_spots(bank: Repo) -> None:
    vocabulary = load_vocabulary(bank.research / "vocabulary.yml")
    spots = white_spot_items(bank.page("wijk/selwerd/"))
    expected = [t.id for t in vocabulary.themes if t.id not in {"eenzaamheid", "ouderen"}]
    assert list(spots) == expected
    # the draft about digital skills in Selwerd is not published: still a white spot
    assert spots["digitale-vaardigheden"].startswith(
        "Nog geen onderzoek naar digitale vaardigheden in Selwerd."
    )
    themes = item_texts(section(bank.page("wijk/selwerd/"), "Thema's"))
    assert themes == ["Eenzaamheid (2)", "Ouderen (1)"]


def test_empty_combination_explains_itself_with_the_nearest_wijken_that_have_it(
    bank: Repo,
) -> None:
    html = bank.page("wijk/selwerd/")
    spots = white_spot_items(html)
    # Vinkhuizen lies in Selwerd's stadsdeel (Noordwest) and has research on integratie
    assert spots["integratie"] == (
        "Nog geen onderzoek naar integratie in Selwerd. Wel in hetzelfde stadsdeel "
        "(Noordwest): Vinkhuizen. Zie al het onderzoek naar integratie."
    )
    assert 'href="../vinkhuizen/integratie/">Vinkhuizen</a>' in html
    # armoede only in the Korrewegwijk, another stadsdeel
    assert spots["armoede"] == (
        "Nog geen onderzoek naar armoede in Selwerd. Ook elders in stadsdeel Noordwest nog "
        "niet. Wel in 1 andere wijk: al het onderzoek naar armoede."
    )
    assert 'href="../../thema/armoede/">al het onderzoek naar armoede</a>' in html
    # nothing published anywhere about taal en brieven (the draft does not count either)
    assert spots["taal-en-brieven"] == (
        "Nog geen onderzoek naar taal en brieven in Selwerd. Nergens in de gemeente is er al "
        "onderzoek naar gepubliceerd."
    )
    assert spots["digitale-vaardigheden"].endswith(
        "Nergens in de gemeente is er al onderzoek naar gepubliceerd."
    )


def test_wijk_page_leads_on_by_thema_to_that_wijk_and_thema_together(bank: Repo) -> None:
    html = bank.page("wijk/selwerd/")
    chips = section(html, "Thema's")
    assert '<a href="eenzaamheid/">Eenzaamheid <span class="wijs-count">(2)</span></a>' in chips
    assert '<a href="ouderen/">Ouderen <span class="wijs-count">(1)</span></a>' in chips
    assert "thema/eenzaamheid/" not in chips  # not the city-wide thema page
    # the way on by thema comes before what the research found
    assert html.index("Thema&#39;s") < html.index("Wat het onderzoek hier vond")


def test_selwerd_eenzaamheid_page_lists_each_report_with_its_findings_and_recommendations(
    bank: Repo,
) -> None:
    html = bank.page("wijk/selwerd/eenzaamheid/")
    assert "<h1>Eenzaamheid in Selwerd</h1>" in html
    assert "<strong>2 rapporten</strong> over eenzaamheid in Selwerd, uit 2023–2024" in html
    reports = re.findall(
        r'<section class="wijs-combination-report"[^>]*>(.*?)</section>', html, re.S
    )
    assert len(reports) == 2
    newest, english = reports
    assert f'href="../../../onderzoek/{NL}/" lang="nl">Eenzaamheid onder ouderen' in newest
    assert "Een derde van de geïnterviewde ouderen eet vaak alleen." in newest
    assert "Open het wijkrestaurant ook op zondag." in newest
    assert f'href="../../../onderzoek/{EN}/" lang="en">' in english
    assert '<ul lang="en">\n<li>Students rarely meet their neighbours.</li>' in english
    assert "Organise a neighbourhood dinner each term." in english
    for elsewhere in (ARABIC_FINDING, "Gezinnen kennen", "GEHEIM-CONCEPT", "TERUGGETROKKEN"):
        assert elsewhere not in html
    # on to the whole wijk, the whole thema, the search with both filters and the neighbours
    assert '<a href="../">Al het onderzoek in Selwerd</a>' in html
    assert '<a href="../../../thema/eenzaamheid/">Al het onderzoek naar eenzaamheid</a>' in html
    assert 'href="../../../zoeken/?wijk=selwerd&amp;thema=eenzaamheid"' in html
    assert '<a href="../../paddepoel/eenzaamheid/">Paddepoel</a>' in section(
        html, "Ook onderzocht in stadsdeel Noordwest"
    )


def test_only_combinations_with_published_research_get_a_page(bank: Repo) -> None:
    pages = sorted(
        str(p.parent.relative_to(site_file(bank, "wijk")))
        for p in site_file(bank, "wijk").glob("*/*/index.html")
    )
    assert pages == [
        "korrewegwijk/armoede",
        "paddepoel/eenzaamheid",
        "selwerd/eenzaamheid",
        "selwerd/ouderen",
        "vinkhuizen/integratie",
    ]


def test_theme_page_links_each_wijk_to_that_wijk_and_thema_together(bank: Repo) -> None:
    chips = section(bank.page("thema/eenzaamheid/"), "Wijken")
    links = re.findall(r'<a href="([^"]+)">([^<]+) <span', chips)
    assert links == [
        ("../../wijk/selwerd/eenzaamheid/", "Selwerd"),
        ("../../wijk/paddepoel/eenzaamheid/", "Paddepoel"),
    ]


def test_wijk_page_names_institutions_years_and_links_the_municipal_monitor(bank: Repo) -> None:
    html = bank.page("wijk/selwerd/")
    assert "https://groningen.incijfers.nl/dashboard/wijkprofiel?gebied=selwerd" in html
    assert "<strong>2 rapporten</strong> uit 2023–2024, van 2 instellingen" in html
    assert item_texts(section(html, "Instellingen")) == [
        "Hanzehogeschool Groningen (1)",
        "Rijksuniversiteit Groningen (1)",
    ]
    assert item_texts(section(html, "Jaren")) == ["2023 (1)", "2024 (1)"]


def test_theme_page_lists_the_wijken_never_researched_on_that_theme(bank: Repo) -> None:
    html = bank.page("thema/eenzaamheid/")
    spots = section(html, "Witte vlekken")
    names = re.sub(r"<[^>]+>", " ", spots)
    assert "Selwerd" not in names and "Paddepoel" not in names
    assert "Tuinwijk" in names and "Ten Post" in names
    # Vinkhuizen has research, on another theme: its white spot links to the sentence on its
    # wijk page that says where eenzaamheid was researched nearby
    assert 'href="../../wijk/vinkhuizen/#geen-eenzaamheid">Vinkhuizen</a>' in spots
    assert 'id="geen-eenzaamheid"' in bank.page("wijk/vinkhuizen/")
    vocabulary = load_vocabulary(bank.research / "vocabulary.yml")
    count = len(vocabulary.proper_wijken()) - 2
    assert f"In deze {count} wijken en dorpen" in spots


def test_institution_page_lists_its_reports_per_year(bank: Repo) -> None:
    html = bank.page("instelling/hanzehogeschool/")
    years = re.findall(r'<h3 id="jaar-(\d{4})"', html)
    assert years == ["2024", "2022"]
    after_2022 = html.split('id="jaar-2022"')[1]
    assert "armoede in de Korrewegwijk" in after_2022


def test_facet_block_registries_still_add_blocks(bank: Repo, make_repo: Any) -> None:
    repo = make_repo("blokken")
    repo.add_report()
    # the build runs in a process of its own: a hook adds the block there, at its start
    repo.add_hook(
        """
        from wijs.pages import facets

        def feed(site, facet, value, reports):
            return f'<p class="test-feed">feed {facet}/{value}</p>'

        def on_config(config):
            facets.FACET_BLOCKS_BOTTOM.append(feed)
        """
    )
    repo.build()
    assert '<p class="test-feed">feed neighbourhood/selwerd</p>' in repo.page("wijk/selwerd/")


# -- the insights page ----------------------------------------------------------------------


def test_every_chart_on_the_insights_page_has_a_text_alternative_a_table_and_a_csv(
    bank: Repo,
) -> None:
    html = bank.page("inzichten/")
    svgs = re.findall(r'<svg [^>]*class="wijs-chart__svg".*?</svg>', html, re.S)
    assert len(svgs) == 6  # three indicators, per year, wijk × thema, per institution
    for svg in svgs:
        root = ET.fromstring(svg)
        # the heat-map's cells are links: a group, as an image's content is hidden
        assert root.get("role") == ("group" if 'id="chart-wijk-thema"' in svg else "img")
        title_id, desc_id = root.get("aria-labelledby", "").split()
        title = root.find(f".//{{http://www.w3.org/2000/svg}}title[@id='{title_id}']")
        desc = root.find(f".//{{http://www.w3.org/2000/svg}}desc[@id='{desc_id}']")
        assert title is not None and title.text
        assert desc is not None and len(desc.text or "") > 30
    figures = re.findall(
        r'<figure class="wijs-chart" id="([^"]+)">(.*?)</figure>\s*<details', html, re.S
    )
    assert [slug for slug, _ in figures] == [
        "kerncijfers",
        "rapporten-per-jaar",
        "wijk-thema",
        "rapporten-per-instelling",
    ]
    assert html.count('<table class="wijs-data">') == 4
    for slug, figure in figures:
        assert f'href="{slug}.csv"' in figure
        assert site_file(bank, f"inzichten/{slug}.csv").is_file()


def test_heat_map_cells_link_to_their_combination_and_empty_ones_to_the_explanation(
    bank: Repo,
) -> None:
    html = bank.page("inzichten/")
    svg = re.search(r'<svg [^>]*id="chart-wijk-thema".*?</svg>', html, re.S)
    assert svg
    cells = {
        a.get("aria-label"): (a.get("href"), a.get("tabindex"))
        for a in ET.fromstring(svg.group(0)).iter("{http://www.w3.org/2000/svg}a")
    }
    vocabulary = load_vocabulary(bank.research / "vocabulary.yml")
    assert len(cells) == 4 * len(vocabulary.themes)  # every cell of the four wijken
    assert cells["Selwerd, Eenzaamheid: 2 rapporten"] == ("../wijk/selwerd/eenzaamheid/", None)
    assert cells["Paddepoel, Eenzaamheid: 1 rapport"] == ("../wijk/paddepoel/eenzaamheid/", None)
    # an empty cell leads to the sentence on the wijk page, out of the tab order
    assert cells["Selwerd, Armoede: nog geen onderzoek"] == (
        "../wijk/selwerd/#geen-armoede",
        "-1",
    )
    for href, _ in cells.values():
        target, _, anchor = href.partition("#")
        assert site_file(bank, "inzichten/" + target + "index.html").is_file(), href
        if anchor:
            assert f'id="{anchor}"' in site_file(
                bank, "inzichten/" + target + "index.html"
            ).read_text(encoding="utf-8")


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_insights_csv_holds_the_numbers_of_the_charts(bank: Repo) -> None:
    per_year = read_csv(site_file(bank, "inzichten/rapporten-per-jaar.csv"))
    assert per_year == [
        {"Jaar": "2022", "mbo": "0", "hbo": "0", "wo": "0", "Meerdere niveaus": "1", "Totaal": "1"},
        {"Jaar": "2023", "mbo": "1", "hbo": "0", "wo": "1", "Meerdere niveaus": "0", "Totaal": "2"},
        {"Jaar": "2024", "mbo": "0", "hbo": "1", "wo": "0", "Meerdere niveaus": "0", "Totaal": "1"},
    ]
    totals = read_csv(site_file(bank, "inzichten/kerncijfers.csv"))[-1]
    # Yusuf Haddad wrote two reports: counted once; four distinct commissioners
    assert totals == {
        "Jaar": "Totaal",
        "Rapporten": "4",
        "Studenten": "5",
        "Wijken": "4",
        "Opdrachtgevers": "4",
    }
    matrix = {row["Wijk"]: row for row in read_csv(site_file(bank, "inzichten/wijk-thema.csv"))}
    assert list(matrix) == ["Korrewegwijk", "Paddepoel", "Selwerd", "Vinkhuizen"]
    assert matrix["Selwerd"]["Eenzaamheid"] == "2"
    assert matrix["Selwerd"]["Digitale vaardigheden"] == "0"  # the draft does not count
    institutions = read_csv(site_file(bank, "inzichten/rapporten-per-instelling.csv"))
    assert institutions[0] == {"Instelling": "Hanzehogeschool Groningen", "Rapporten": "2"}


def test_charts_are_well_formed_svg_with_a_number_on_every_bar_and_cell() -> None:
    bars = bar_chart("b", "Titel", "Beschrijving", [("Hanze", 3), ("RUG <&>", 1)])
    stacked = stacked_bar_chart("s", "T", "D", ["2023", "2024"], [("mbo", [1, 0]), ("hbo", [2, 3])])
    heat = heatmap("h", "T", "D", ["Selwerd"], ["Eenzaamheid", "Armoede"], [[2, 0]])
    for svg in (bars, stacked, heat):
        root = ET.fromstring(svg)
        assert float(root.get("width", 0)) > 100 and float(root.get("height", 0)) > 50
    texts = [t.text for t in ET.fromstring(bars).iter("{http://www.w3.org/2000/svg}text")]
    assert "RUG <&>" in texts and "3" in texts and "1" in texts
    # stacked: every series has its own pattern, so colour is not the only difference
    assert 'fill="url(#s-p0)"' in stacked and 'fill="url(#s-p1)"' in stacked
    assert "<pattern" in stacked
    heat_texts = [t.text for t in ET.fromstring(heat).iter("{http://www.w3.org/2000/svg}text")]
    assert "2" in heat_texts and "–" in heat_texts
    assert heat_step(0, 5) is None
    assert heat_step(5, 5) != heat_step(1, 5)


# -- open data ------------------------------------------------------------------------------


def test_reports_csv_and_json_hold_exactly_the_published_reports(bank: Repo) -> None:
    rows = read_csv(site_file(bank, "data/reports.csv"))
    assert list(rows[0]) == CSV_FIELDS
    assert {r["id"] for r in rows} == PUBLISHED
    document = json.loads(site_file(bank, "data/reports.json").read_text(encoding="utf-8"))
    records = {r["id"]: r for r in document["reports"]}
    assert set(records) == PUBLISHED and document["count"] == 4
    assert all(list(r) == JSON_FIELDS for r in records.values())
    english = records[EN]
    assert english["url"] == f"{SITE_URL}onderzoek/{EN}/"
    assert english["neighbourhood"] == ["paddepoel", "selwerd"]
    assert english["neighbourhood_label"] == ["Paddepoel", "Selwerd"]
    assert english["authors"] == [
        {"name": "Emma Jansen", "family": "Jansen", "given": "Emma"},
        {"name": "Lucas Smit", "family": "Smit", "given": "Lucas"},
    ]
    assert records[NL]["summary_translations"] == [{"language": "ar", "text": ARABIC_SUMMARY}]
    csv_english = next(r for r in rows if r["id"] == EN)
    assert csv_english["authors"] == "Emma Jansen | Lucas Smit"
    assert csv_english["theme_label"] == "Eenzaamheid"
    everything = site_file(bank, "data/reports.csv").read_text(encoding="utf-8-sig")
    everything += site_file(bank, "data/reports.json").read_text(encoding="utf-8")
    assert "GEHEIM-CONCEPT" not in everything and "TERUGGETROKKEN" not in everything
    assert "consent" not in everything


def test_a_preview_build_keeps_drafts_out_of_open_data_and_robots_out(make_repo: Any) -> None:
    repo = make_repo("voorbeeld")
    repo.write_mkdocs(preview=True)
    repo.add_report()
    repo.add_report(slug="concept", status="draft", review=None, consent=None)
    repo.build(preview=True)
    assert "Concept" in repo.page("onderzoek/2024/concept/")  # the preview does show it
    rows = read_csv(repo.root / "site" / "data" / "reports.csv")
    assert [r["id"] for r in rows] == [NL]
    assert "Disallow: /" in (repo.root / "site" / "robots.txt").read_text(encoding="utf-8")


def test_csv_cells_that_look_like_formulas_are_made_harmless(bank: Repo) -> None:
    team = next(r for r in read_csv(site_file(bank, "data/reports.csv")) if r["id"] == TEAM)
    assert team["title"] == "'-10% armoede in de Korrewegwijk?"
    assert team["commissioner"].startswith("'=HYPERLINK(")
    for dangerous in ("=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert csv_safe(dangerous) == "'" + dangerous
    assert csv_safe("Selwerd") == "Selwerd" and csv_safe(None) == ""


def test_every_open_data_field_is_documented_in_dutch(bank: Repo) -> None:
    guide = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    for name in JSON_FIELDS:
        assert f"| `{name}` |" in guide, f"veld {name} ontbreekt in docs/open-data.md"
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "open-data.md" in nav and "inzichten/index.md" in nav


def test_report_schema_is_published_next_to_the_data(bank: Repo) -> None:
    schema = json.loads(site_file(bank, "data/report.schema.json").read_text(encoding="utf-8"))
    vocabulary = load_vocabulary(bank.research / "vocabulary.yml")
    assert schema == json.loads(json.dumps(report_schema(vocabulary)))
    document = json.loads(site_file(bank, "data/reports.json").read_text(encoding="utf-8"))
    assert document["schema"] == f"{SITE_URL}data/report.schema.json"


def test_sitemap_is_valid_xml_listing_every_public_page_and_robots_points_at_it(
    bank: Repo,
) -> None:
    root = ET.parse(site_file(bank, "sitemap.xml")).getroot()
    assert root.tag == f"{{{SITEMAP}}}urlset"
    locations = [loc.text or "" for loc in root.iter(f"{{{SITEMAP}}}loc")]
    assert all(loc.startswith(SITE_URL) for loc in locations)
    for path in ("", "inzichten/", "open-data/", "wijk/selwerd/", "thema/eenzaamheid/"):
        assert SITE_URL + path in locations
    for key in PUBLISHED:
        assert f"{SITE_URL}onderzoek/{key}/" in locations
    assert f"{SITE_URL}onderzoek/{DRAFT}/" not in locations
    robots = site_file(bank, "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()
    assert "Disallow: /" not in robots


def test_dublin_core_records_have_the_oai_dc_shape_harvesters_expect(bank: Repo) -> None:
    folder = site_file(bank, "data/oai")
    files = sorted(p.name for p in folder.glob("*.xml") if p.name != "ListRecords.xml")
    assert files == sorted(f"{key.replace('/', '-')}.xml" for key in PUBLISHED)
    required = ("title", "creator", "description", "date", "type", "identifier", "language")
    for name in files:
        root = ET.parse(folder / name).getroot()
        assert root.tag == f"{{{OAI_DC}}}dc"
        assert all(child.tag.startswith(f"{{{DC}}}") for child in root)
        present = {child.tag.split("}")[1] for child in root}
        assert set(required) <= present, name
        assert present <= {
            "title",
            "creator",
            "subject",
            "description",
            "publisher",
            "contributor",
            "date",
            "type",
            "format",
            "identifier",
            "source",
            "language",
            "relation",
            "coverage",
            "rights",
        }
    arabic = ET.parse(folder / "2023-integratie-vinkhuizen-arabisch.xml").getroot()
    title = arabic.find(f"{{{DC}}}title")
    assert title is not None and title.text == ARABIC_TITLE and title.get(XML_LANG) == "ar"
    dutch = ET.parse(folder / "2024-eenzaamheid-ouderen-selwerd.xml").getroot()
    translations = [d for d in dutch.iter(f"{{{DC}}}description") if d.get(XML_LANG) == "ar"]
    assert [d.text for d in translations] == [ARABIC_SUMMARY]


def test_list_records_wraps_every_record_in_an_oai_pmh_envelope(bank: Repo) -> None:
    raw = site_file(bank, "data/oai/ListRecords.xml").read_text(encoding="utf-8")
    envelope = re.search(r"<OAI-PMH [^>]*>", raw)
    assert envelope and f'xmlns="{OAI_PMH}"' in envelope.group(0)  # the default namespace
    root = ET.fromstring(raw.encode("utf-8"))
    assert root.tag == f"{{{OAI_PMH}}}OAI-PMH"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", root.findtext(f"{{{OAI_PMH}}}responseDate") or ""
    )
    request = root.find(f"{{{OAI_PMH}}}request")
    assert request is not None and request.get("verb") == "ListRecords"
    assert request.get("metadataPrefix") == "oai_dc"
    records = root.findall(f"{{{OAI_PMH}}}ListRecords/{{{OAI_PMH}}}record")
    live = [r for r in records if r.find(f"{{{OAI_PMH}}}header").get("status") != "deleted"]  # type: ignore[union-attr]
    deleted = [r for r in records if r not in live]
    identifiers = {r.findtext(f"{{{OAI_PMH}}}header/{{{OAI_PMH}}}identifier") for r in live}
    assert identifiers == {f"oai:wijs-groningen.github.io:{key}" for key in PUBLISHED}
    for record in live:
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\d", record.findtext(f"{{{OAI_PMH}}}header/{{{OAI_PMH}}}datestamp") or ""
        )
        assert record.find(f"{{{OAI_PMH}}}metadata/{{{OAI_DC}}}dc") is not None
    assert [r.findtext(f"{{{OAI_PMH}}}header/{{{OAI_PMH}}}identifier") for r in deleted] == [
        f"oai:wijs-groningen.github.io:{WITHDRAWN}"
    ]
    assert "GEHEIM-CONCEPT" not in raw and "TERUGGETROKKEN" not in raw


def test_arabic_report_is_marked_with_its_language_and_right_to_left(bank: Repo) -> None:
    html = bank.page(f"onderzoek/{AR}/")
    assert f'<h1 lang="ar" dir="rtl">{ARABIC_TITLE}</h1>' in html
    assert '<div class="wijs-body" dir="rtl" lang="ar">' in html
    assert '<ul lang="ar" dir="rtl">' in section(html, "Bevindingen")
    dutch = bank.page(f"onderzoek/{NL}/")
    assert f'<p lang="ar" dir="rtl" class="wijs-translation">{ARABIC_SUMMARY}</p>' in dutch
    vinkhuizen = bank.page("wijk/vinkhuizen/")
    assert f'<span lang="ar" dir="rtl">{ARABIC_FINDING}</span>' in vinkhuizen


# -- in real Chromium -----------------------------------------------------------------------


def page_urls(bank: Repo) -> list[str]:
    """One page of every type that exists in the built site (the search page when present)."""
    candidates = [
        "",
        f"onderzoek/{NL}/",
        f"onderzoek/{EN}/",
        f"onderzoek/{AR}/",
        "onderzoek/",
        "wijk/",
        "wijk/selwerd/",
        "wijk/selwerd/eenzaamheid/",
        "thema/eenzaamheid/",
        "instelling/hanzehogeschool/",
        "jaar/2023/",
        "inzichten/",
        "over-wijs/",
        "open-data/",
        "zoeken/",
        "jaarverslag/",
    ]
    return [url for url in candidates if (site_file(bank, url) / "index.html").is_file()]


@pytest.mark.browser
def test_every_page_type_passes_axe_wcag21_aa_in_light_and_dark(
    bank: Repo, browser: Any, serve_dir: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base = serve_dir(bank.root / "site")
    urls = page_urls(bank)
    assert len(urls) >= 12
    options = json.dumps(
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    problems = []
    for scheme, material_scheme in (("light", "default"), ("dark", "slate")):
        context = browser.new_context(color_scheme=scheme)
        context.add_init_script(Axe().axe_script)  # axe-core in every page, injected once
        tab = context.new_page()
        for url in urls:
            tab.goto(base + url)
            shown = tab.get_attribute("body", "data-md-color-scheme")
            assert shown == material_scheme, f"{url}: kleurenschema {shown}"
            violations = tab.evaluate(f"axe.run(document, {options}).then(r => r.violations)")
            for violation in violations:
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{scheme} /{url}: {violation['id']} {targets}")
        context.close()
    assert problems == []


@pytest.mark.browser
def test_arabic_text_renders_right_to_left_and_every_page_can_skip_to_content(
    bank: Repo, page: Any, serve_dir: Any
) -> None:
    base = serve_dir(bank.root / "site")
    page.goto(base + f"onderzoek/{AR}/")
    heading = page.locator("h1[lang=ar]")
    assert heading.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert heading.evaluate("e => getComputedStyle(e).textAlign") in ("right", "start")
    for url in ("inzichten/", "wijk/selwerd/", ""):
        page.goto(base + url)
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.className, document.activeElement.getAttribute('href'),"
            " getComputedStyle(document.activeElement).outlineStyle]"
        )
        assert "md-skip" in focused[0].split(), url
        target = focused[1].lstrip("#")
        assert page.locator(f"[id='{target}']").count() == 1, url
        assert focused[2] != "none", url


@pytest.mark.browser
def test_insights_page_screenshot_shows_the_charts(
    bank: Repo, page: Any, serve_dir: Any, tmp_path: Path
) -> None:
    from PIL import Image

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(serve_dir(bank.root / "site") + "inzichten/")
    boxes = [svg.bounding_box() for svg in page.locator("svg.wijs-chart__svg").all()]
    assert len(boxes) == 6
    assert all(box and box["width"] > 100 and box["height"] > 80 for box in boxes)
    heatmap_box = page.locator("#chart-wijk-thema").bounding_box()
    assert heatmap_box and heatmap_box["width"] > 400  # 17 themes side by side
    shot = tmp_path / "inzichten.png"
    page.screenshot(path=str(shot), full_page=True)
    image = Image.open(shot).convert("RGB")
    assert image.height > 1500
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50  # text, bars, patterns and shades: not a blank page
    # the chart colours are on screen: the blue of the bars
    raw = image.resize((320, image.height // 4)).tobytes()
    pixels = [raw[i : i + 3] for i in range(0, len(raw), 3)]
    assert sum(1 for p in pixels if abs(p[0] - 0x0B) < 20 and abs(p[2] - 0x94) < 30) > 50
    shutil.copy(shot, bank.root / "inzichten.png")  # to look at after a run
