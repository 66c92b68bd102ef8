"""The vraagbank on a tiny site built in a temporary folder: /vragen/, a page per question
linked both ways with the reports that answer it, open questions on wijk and thema pages, the
home page's counts, the feeds per level, the open data, the jaarverslag and /inzichten/, and the
question list filtered by keyboard in real Chromium with zero axe violations."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from conftest import Repo

ATOM = "{http://www.w3.org/2005/Atom}"
ANSWER = "onderzoek/2024/eenzaamheid-ouderen-selwerd/"
ANSWERED = "vragen/ontmoeting-ouderen-selwerd/"
HOSTILE = "vragen/vraag-met-markup/"


def text_of(html: str) -> str:
    """The text a reader sees, tags out, spaces collapsed (none before a comma or full stop)."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ([,.])", r"\1", text)


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def hrefs(html: str, list_id: str) -> list[str]:
    """The question links of the list with ``list_id`` on /vragen/, in order."""
    found = re.search(rf'<ul class="wijs-cards wijs-vragen" id="{list_id}">(.*?)</ul>', html, re.S)
    assert found, list_id
    return re.findall(r'<li class="wijs-card wijs-vraag"[^>]*><a href="([^"]+)"', found.group(1))


def snapshot(repo: Repo) -> dict[str, float]:
    folders = (repo.root / "docs", repo.research)
    return {str(p): p.stat().st_mtime for folder in folders for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """Three reports (two published, one draft) and seven questions of every status."""
    repo = Repo(tmp_path_factory.mktemp("vraagbank") / "bank")
    repo.add_report(answers=["ontmoeting-ouderen-selwerd"])  # published, reviewed 2024-06-20
    repo.add_report(
        "hulp-telefoon-paddepoel",
        year=2023,
        title="Hulp met de telefoon in Paddepoel",
        summary="Ouderen in Paddepoel komen vooral met vragen over DigiD.",
        findings=["Een derde van de vragen gaat over DigiD."],
        recommendations=["Houd het spreekuur elke week."],
        neighbourhood="paddepoel",
        theme=["digitale-vaardigheden"],
        level="mbo",
        institution="noorderpoort",
        commissioner="WIJ Paddepoel",
        date="2023-04-12",
        review={"by": "A. Smit", "date": "2023-04-26"},
        answers=["digitale-vragen-paddepoel"],
    )
    repo.add_report(
        "jongeren-hoogkerk",
        year=2025,
        title="Waar kunnen jongeren heen in Hoogkerk?",
        neighbourhood="hoogkerk",
        theme=["jongeren"],
        date="2025-03-01",
        status="draft",
        review=None,
        answers=["plek-jongeren-hoogkerk"],
    )
    repo.add_question(status="beantwoord", asked="2023-09-05")
    repo.add_question(
        "digitale-vragen-paddepoel",
        title="Digitale vragen van ouderen in Paddepoel",
        question="Met welke digitale vragen komen ouderen naar het spreekuur?",
        asked_by="WIJ Paddepoel",
        neighbourhood="paddepoel",
        theme="digitale-vaardigheden",
        level=["mbo", "hbo"],
        asked="2022-10-01",
        status="beantwoord",
    )
    repo.add_question(
        "studentenhuizen-selwerd",
        title="Studentencomplexen en de buurt",
        question="Hoe dragen nieuwe studentencomplexen bij aan contact met de buurt?",
        asked_by="Gemeente Groningen, programma Wonen",
        neighbourhood=["selwerd", "paddepoel"],
        theme=["samenleven-studenten-bewoners", "eenzaamheid"],
        level="wo",
        asked="2025-05-20",
    )
    repo.add_question(
        "digitale-overheid-paddepoel",
        title="Wie raakt achter bij de digitale overheid?",
        question="Welke inwoners lopen vast bij online diensten van de gemeente?",
        asked_by="Digital Literacy Coalition",
        neighbourhood="paddepoel",
        theme="digitale-vaardigheden",
        level="hbo",
        asked="2025-02-10",
    )
    repo.add_question(
        "vraag-met-markup",
        title='<img src=x onerror=alert(1)> Buren & "studenten"',
        question="<script>alert(2)</script> Hoe leven buren samen?",
        asked_by="Bewonersinitiatief De Hoogte",
        neighbourhood="selwerd",
        theme="eenzaamheid",
        level="mbo",
        asked="2024-11-01",
        body='<script>alert(3)</script>\n\n[klik](javascript:alert(4))\n\n<div onclick="alert(5)">'
        "Gewone context.</div>\n",
    )
    repo.add_question(
        "plek-jongeren-hoogkerk",
        title="Een plek voor jongeren in Hoogkerk",
        question="Waar komen jongeren in Hoogkerk samen?",
        asked_by="WIJ Hoogkerk",
        neighbourhood="hoogkerk",
        theme="jongeren",
        level=["mbo", "hbo"],
        asked="2024-09-01",
        status="in-behandeling",
    )
    repo.add_question(
        "koffiekar-vinkhuizen",
        title="Wat brengt de koffiekar?",
        question="Leidt de koffiekar tot meer contact tussen bewoners?",
        asked_by="MAGMA",
        neighbourhood="vinkhuizen",
        theme="participatie",
        level="mbo",
        asked="2021-02-01",
        status="vervallen",
        lapsed_reason="De koffiekar is in 2022 gestopt.",
    )
    before = snapshot(repo)
    repo.build()
    # never a generated file in docs/ or research/
    assert snapshot(repo) == before
    return repo


def test_vragen_lists_open_questions_newest_first_then_the_others(bank: Repo) -> None:
    html = bank.page("vragen/")
    assert hrefs(html, "vragen-open") == [
        "studentenhuizen-selwerd/",
        "digitale-overheid-paddepoel/",
        "vraag-met-markup/",
    ]
    assert hrefs(html, "vragen-in-behandeling") == ["plek-jongeren-hoogkerk/"]
    assert hrefs(html, "vragen-beantwoord") == [
        "ontmoeting-ouderen-selwerd/",
        "digitale-vragen-paddepoel/",
    ]
    assert hrefs(html, "vragen-vervallen") == ["koffiekar-vinkhuizen/"]
    # the filters offer what the questions are about, with the vocabulary's labels
    wijk = re.search(r'<select id="vf-wijk" name="wijk">(.*?)</select>', html, re.S)
    assert wijk is not None
    assert re.findall(r'<option value="([^"]*)">', wijk.group(1)) == [
        "",
        "paddepoel",
        "selwerd",
        "vinkhuizen",
        "hoogkerk",
    ]
    card = re.search(r'<li class="wijs-card wijs-vraag" data-wijk="selwerd paddepoel"[^>]*>', html)
    assert card and 'data-thema="samenleven-studenten-bewoners eenzaamheid"' in card.group(0)
    assert 'data-niveau="wo"' in card.group(0)
    assert "Vragen uit de stad" in bank.page("")  # in the navigation


def test_question_page_shows_status_and_its_answer_with_findings_inline(bank: Repo) -> None:
    html = article(bank.page(ANSWERED))
    text = text_of(html)
    assert "beantwoord Beantwoord op 20 juni 2024, 289 dagen na de vraag." in text
    assert "Gesteld door WIJ Selwerd" in text
    assert 'href="../../wijk/selwerd/"' in html and 'href="../?niveau=hbo"' in html
    assert f'href="../../{ANSWER}"' in html
    assert "Een derde van de geïnterviewde ouderen eet vaak alleen." in text  # finding
    assert "Open het wijkrestaurant ook op zondag." in text  # recommendation
    assert "Het WIJ-team hoort dat ouderen minder buiten komen." in text  # context


def test_report_page_links_back_to_the_question_it_answers(bank: Repo) -> None:
    html = bank.page(ANSWER)
    section = re.search(r'<section class="wijs-vraag-van-rapport".*?</section>', html, re.S)
    assert section, "no question on the report page"
    assert f'href="../../../{ANSWERED}"' in section.group(0)
    assert "Gesteld door WIJ Selwerd op 5 september 2023" in text_of(section.group(0))
    other = bank.page("onderzoek/2023/hulp-telefoon-paddepoel/")
    assert 'href="../../../vragen/digitale-vragen-paddepoel/"' in other
    assert ANSWERED not in other


def test_draft_answers_stay_off_the_public_site(bank: Repo) -> None:
    html = article(bank.page("vragen/plek-jongeren-hoogkerk/"))
    assert "jongeren-hoogkerk" not in html.replace("plek-jongeren-hoogkerk", "")
    assert "in behandeling" in text_of(html)
    # Hoogkerk has no published research, so no page to link to
    assert "<dd>Hoogkerk</dd>" in html


def test_lapsed_question_says_why(bank: Repo) -> None:
    text = text_of(article(bank.page("vragen/koffiekar-vinkhuizen/")))
    assert "Vervallen — De koffiekar is in 2022 gestopt." in text


def test_wijk_and_thema_pages_show_their_open_questions_only(bank: Repo) -> None:
    selwerd = bank.page("wijk/selwerd/")
    block = re.search(r'<section class="wijs-open-vragen".*?</section>', selwerd, re.S)
    assert block, "no open questions on the wijk page"
    links = re.findall(r'<a href="\.\./\.\./vragen/([^"/]+)/"', block.group(0))
    assert links == ["studentenhuizen-selwerd", "vraag-met-markup"]
    assert "Open vragen over Selwerd" in block.group(0)
    assert 'href="../../vragen/?wijk=selwerd"' in block.group(0)
    theme = bank.page("thema/digitale-vaardigheden/")
    block = re.search(r'<section class="wijs-open-vragen".*?</section>', theme, re.S)
    assert block
    assert re.findall(r'vragen/([^"/]+)/"', block.group(0)) == ["digitale-overheid-paddepoel"]
    # a theme whose questions are all answered shows none
    assert "wijs-open-vragen" not in bank.page("thema/ouderen/")


def test_home_counts_open_and_answered_questions(bank: Repo) -> None:
    text = text_of(bank.page(""))
    assert "3 open vragen" in text
    assert "2 beantwoorde vragen" in text
    assert "Vragen uit de stad" in text


def test_feed_per_level_holds_the_open_questions_for_that_level(bank: Repo) -> None:
    site = bank.root / "site"

    def entries(name: str) -> list[str]:
        root = ET.parse(site / "feeds" / name).getroot()
        assert root.tag == f"{ATOM}feed"
        return [e.findtext(f"{ATOM}title") or "" for e in root.iter(f"{ATOM}entry")]

    assert entries("vragen/hbo.xml") == ["Wie raakt achter bij de digitale overheid?"]
    assert entries("vragen/wo.xml") == ["Studentencomplexen en de buurt"]
    assert entries("vragen/mbo.xml") == ['<img src=x onerror=alert(1)> Buren & "studenten"']
    assert entries("vragen.xml") == [
        "Studentencomplexen en de buurt",
        "Wie raakt achter bij de digitale overheid?",
        '<img src=x onerror=alert(1)> Buren & "studenten"',
    ]
    hbo = ET.parse(site / "feeds" / "vragen" / "hbo.xml").getroot()
    entry = hbo.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}published") == "2025-02-10T00:00:00Z"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Digital Literacy Coalition"
    page = bank.page("vragen/")
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert 'href="../feeds/vragen/hbo.xml"' in page


def test_open_data_holds_every_question_with_its_answer_and_time_to_answer(bank: Repo) -> None:
    data = bank.root / "site" / "data"
    document = json.loads((data / "vragen.json").read_text(encoding="utf-8"))
    records = {q["id"]: q for q in document["questions"]}
    assert document["count"] == 7 == len(records)
    answered = records["ontmoeting-ouderen-selwerd"]
    assert answered["status"] == "beantwoord"
    assert answered["answered"] == "2024-06-20"
    assert answered["days_to_answer"] == 289
    assert answered["answered_by"] == ["2024/eenzaamheid-ouderen-selwerd"]
    assert records["plek-jongeren-hoogkerk"]["answered_by"] == []  # the draft is not counted
    assert records["studentenhuizen-selwerd"]["neighbourhood"] == ["selwerd", "paddepoel"]
    rows = list(csv.DictReader(io.StringIO((data / "vragen.csv").read_text("utf-8-sig"))))
    assert [r["id"] for r in rows] == sorted(records)
    row = next(r for r in rows if r["id"] == "studentenhuizen-selwerd")
    assert row["neighbourhood"] == "selwerd | paddepoel"
    assert row["status"] == "open" and row["answered"] == ""


def test_hostile_question_text_never_reaches_a_page_unescaped(bank: Repo) -> None:
    for url in (HOSTILE, "vragen/", "wijk/selwerd/", ""):
        html = bank.page(url)
        assert "<img src=x" not in html and "<script>alert" not in html, url
        assert "onerror=alert(1)" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    html = bank.page(HOSTILE)
    assert "javascript:" not in html and "onclick" not in html
    assert "Gewone context." in html
    assert "&lt;img src=x onerror=alert(1)&gt; Buren &amp; " in html


def test_insights_count_questions_per_year_wijk_and_commissioner(bank: Repo) -> None:
    folder = bank.root / "site" / "inzichten"
    html = bank.page("inzichten/")
    assert 'id="vragen"' in html and 'id="chart-vragen"' in html

    def table(name: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO((folder / name).read_text("utf-8-sig"))))

    per_year = table("vragen-per-jaar.csv")
    assert per_year[0] == [
        "Jaar",
        "Gesteld",
        "Beantwoord",
        "Nog open",
        "Vervallen",
        "Dagen tot antwoord (mediaan)",
    ]
    assert per_year[1:] == [
        ["2021", "1", "0", "0", "1", "—"],
        ["2022", "1", "1", "0", "0", "207"],  # asked 1 Oct 2022, published 26 Apr 2023
        ["2023", "1", "1", "0", "0", "289"],
        ["2024", "2", "0", "2", "0", "—"],
        ["2025", "2", "0", "2", "0", "—"],
        ["Totaal", "7", "2", "4", "1", "248"],
    ]
    per_wijk = {row[0]: row[1:5] for row in table("vragen-per-wijk.csv")[1:]}
    assert per_wijk["Selwerd"] == ["3", "1", "2", "0"]
    assert per_wijk["Paddepoel"] == ["3", "1", "2", "0"]
    per_commissioner = {row[0]: row[1:5] for row in table("vragen-per-opdrachtgever.csv")[1:]}
    assert per_commissioner["WIJ Selwerd"] == ["1", "1", "0", "0"]
    assert per_commissioner["MAGMA"] == ["1", "0", "0", "1"]
    days = table("tijd-tot-antwoord.csv")
    assert [row[3] for row in days[1:]] == ["207", "289"]


def test_jaarverslag_counts_questions_asked_answered_and_open_in_the_year(bank: Repo) -> None:
    text = text_of(article(bank.page("jaarverslag/2024/")))
    assert (
        "In 2024 kwamen 2 nieuwe vragen binnen in de vraagbank van WIJS en werd 1 vraag "
        "beantwoord door gepubliceerd onderzoek (mediaan 289 dagen van vraag tot antwoord)."
    ) in text
    # open at the end of 2024: the two asked in 2024 (Hoogkerk's answer is a draft); the
    # questions of 2025 were not asked yet, the lapsed one does not count
    assert "Aan het eind van 2024 stonden er 2 vragen open." in text
    assert "Selwerd 1 1 1 Hoogkerk 1 0 1" in text  # per wijk: asked, answered, open at the end
    assert "WIJ Selwerd 0 1 0" in text  # per commissioner
    assert "Beantwoord in 2024: Waar ontmoeten ouderen elkaar in Selwerd?" in text


# -- in the browser -----------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def visible_questions(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "li.wijs-vraag:not([hidden]) > a", "links => links.map(a => a.getAttribute('href'))"
    )


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


@pytest.mark.browser
def test_question_list_is_filtered_by_keyboard_with_zero_axe_violations(
    bank: Repo, browser: Any, serve_dir: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base = serve_dir(bank.root / "site")
    options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}})
    problems: list[str] = []
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        context.add_init_script(Axe().axe_script)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.goto(base + "vragen/")
        page.wait_for_selector("#wijs-vraagfilter:not([hidden])")
        assert len(visible_questions(page)) == 7

        tab_to(page, "#vf-wijk")
        page.keyboard.type("Selwerd")  # a closed select picks the option typed
        page.wait_for_function("() => /wijk=selwerd/.test(location.search)")
        assert visible_questions(page) == [
            "studentenhuizen-selwerd/",
            "vraag-met-markup/",
            "ontmoeting-ouderen-selwerd/",
        ]
        assert page.inner_text("#wijs-vraagstatus") == "3 vragen passen bij de filters (2 open)."
        tab_to(page, "#vf-niveau")
        page.keyboard.type("wo")
        page.wait_for_function("() => /niveau=wo/.test(location.search)")
        assert visible_questions(page) == [
            "studentenhuizen-selwerd/",
            "ontmoeting-ouderen-selwerd/",
        ]
        # the empty groups say so
        assert page.is_visible("#vragen-in-behandeling + .wijs-vragen-leeg")
        result = page.evaluate(f"axe.run(document, {options})")
        problems += [
            f"{scheme}: {v['id']} {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        # the filter is in the address: a shared link opens filtered
        page.goto(base + "vragen/?niveau=hbo")
        page.wait_for_selector("#wijs-vraagfilter:not([hidden])")
        assert visible_questions(page) == [
            "digitale-overheid-paddepoel/",
            "plek-jongeren-hoogkerk/",
            "ontmoeting-ouderen-selwerd/",
            "digitale-vragen-paddepoel/",
        ]
        tab_to(page, "#vf-wis")
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search === ''")
        assert len(visible_questions(page)) == 7
        for url in (HOSTILE, ANSWERED):
            page.goto(base + url)
            result = page.evaluate(f"axe.run(document, {options})")
            problems += [f"{scheme} {url}: {v['id']}" for v in result["violations"]]
        assert errors == []
        context.close()
    assert problems == []


def test_the_filter_script_is_written_next_to_the_pages(bank: Repo) -> None:
    script = bank.root / "site" / "assets" / "wijs" / "vragen.js"
    assert "URLSearchParams" in script.read_text(encoding="utf-8")
    assert not list((bank.root / "docs").rglob("vragen*"))


def test_live_preview_remakes_the_pages_that_show_a_question_when_it_changes(repo: Repo) -> None:
    from wijs.corpus import load_corpus
    from wijs.pages.plan import plan_site

    repo.add_report(answers=["ontmoeting-ouderen-selwerd"])
    question = repo.add_question(title="Eerste titel")
    repo.add_question("open-in-selwerd", title="Open vraag", asked="2025-01-01")
    cache: dict[str, Any] = {}

    def pages() -> dict[str, str]:
        plan = plan_site(load_corpus(repo.research), page_cache=cache)
        return {page.src_uri: page.markdown for page in plan.pages}

    before = pages()
    assert "Eerste titel" in before[f"{ANSWER}index.md"]
    question.write_text(
        question.read_text("utf-8").replace("Eerste titel", "Tweede titel"), encoding="utf-8"
    )
    other = repo.research / "vragen" / "open-in-selwerd.md"
    other.write_text(other.read_text("utf-8").replace("Open vraag", "Andere vraag"), "utf-8")
    after = pages()
    # the report's page (kept by the preview while the report is unchanged) names the new
    # title, and the wijk page (kept while its reports are unchanged) the changed open question
    assert "Tweede titel" in after[f"{ANSWER}index.md"]
    assert "Andere vraag" in after["wijk/selwerd/index.md"]
    assert "Open vraag" not in after["wijk/selwerd/index.md"]
