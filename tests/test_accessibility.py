"""The publications are accessible: PDF/UA-1 downloads with alternative texts, Word files with
headings and alt texts, and an alt text required before a report with figures is published."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner

from conftest import REPO, Repo
from wijs.cli import main


def structure(pdf: Path) -> tuple[pypdf.PdfReader, list[dict[str, Any]]]:
    """The PDF and every element of its structure tree (tag, alternative text), in order."""
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    elements: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                elements.append({"tag": str(node["/S"]), "alt": node.get("/Alt")})
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return reader, elements


def pdf_problems(pdf: Path, language: str) -> list[str]:
    """What a screen reader or an archive would miss in ``pdf`` (empty when PDF/UA-1)."""
    reader, elements = structure(pdf)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    tags = [e["tag"] for e in elements]
    problems = []
    if not root.get("/MarkInfo", {}).get("/Marked"):
        problems.append("niet gemarkeerd als tagged PDF")
    if str(root.get("/Lang", "")).split("-")[0] != language:
        problems.append(f"taal {root.get('/Lang')}")
    if "<pdfuaid:part>1</pdfuaid:part>" not in xmp and 'pdfuaid:part="1"' not in xmp:
        problems.append("geen PDF/UA-1-kenmerk in de XMP")
    if "<pdfaid:part>2</pdfaid:part>" not in xmp and 'pdfaid:part="2"' not in xmp:
        problems.append("geen PDF/A-2-kenmerk in de XMP")
    if not (reader.metadata and reader.metadata.title):
        problems.append("geen titel")
    headings = [t for t in tags if t[:2] == "/H" and t[2:].isdigit()]
    if headings and headings[0] != "/H1":
        problems.append(f"eerste kop {headings[0]}")
    problems += [
        f"figuur zonder /Alt: {e}" for e in elements if e["tag"] == "/Figure" and not e["alt"]
    ]
    return problems


def test_every_example_pdf_is_pdf_ua_with_alt_texts_headings_and_table_headers(
    example_site: Path,
) -> None:
    pdfs = sorted(example_site.glob("onderzoek/*/*/*.pdf"))
    assert len(pdfs) >= 12
    problems = {}
    figures = tables = 0
    for pdf in pdfs:
        language = "en" if "voedselbank-donateurs" in pdf.name else "nl"
        _, elements = structure(pdf)
        if "/Title" not in [e["tag"] for e in elements]:
            problems[pdf.name] = ["de titel is niet als titel getagd"]
        if found := pdf_problems(pdf, language):
            problems[pdf.name] = found
        figures += sum(e["tag"] == "/Figure" for e in elements)
        tables += sum(e["tag"] == "/TH" for e in elements) > 0
    assert problems == {}
    assert figures >= 2  # the example figures, each with its description
    assert tables >= 1  # tables keep their header cells


def test_figure_alt_text_in_the_pdf_is_the_authors_description(example_site: Path) -> None:
    pdf = example_site / (
        "onderzoek/2020/eenzaamheid-corona-helpman-de-wijert/eenzaamheid-corona-helpman-de-wijert.pdf"
    )
    _, elements = structure(pdf)
    alts = [str(e["alt"]) for e in elements if e["tag"] == "/Figure"]
    source = (REPO / "research/2020/eenzaamheid-corona-helpman-de-wijert/index.md").read_text(
        encoding="utf-8"
    )
    assert alts and all(alt in source for alt in alts)


def test_jaarverslag_pdf_is_pdf_ua_with_charts_described(tmp_path: Path) -> None:
    output = tmp_path / "jaarverslag.pdf"
    result = CliRunner().invoke(
        main,
        [
            "jaarverslag",
            "2024",
            "--format",
            "pdf",
            "--output",
            str(output),
            "--research",
            str(REPO / "research"),
            "--config",
            str(REPO / "mkdocs.yml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert pdf_problems(output, "nl") == []
    _, elements = structure(output)
    assert sum(e["tag"] == "/Figure" for e in elements) >= 1


def test_word_download_has_title_language_heading_styles_and_alt_texts(
    example_site: Path,
) -> None:
    slug = "eenzaamheid-corona-helpman-de-wijert"
    with zipfile.ZipFile(example_site / f"onderzoek/2020/{slug}/{slug}.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
        core = docx.read("docProps/core.xml").decode("utf-8")
        styles = docx.read("word/styles.xml").decode("utf-8")
    assert "<dc:title>Op afstand en toch dichtbij</dc:title>" in core
    assert "<dc:language>nl</dc:language>" in core and 'w:val="nl"' in styles
    assert '<w:pStyle w:val="Title"' in document
    assert '<w:pStyle w:val="Heading1"' in document and '<w:pStyle w:val="Heading2"' in document
    assert re.search(r'<wp:docPr [^>]*descr="Staafdiagram van de eenzaamheidsscores', document)


def test_approved_report_with_a_figure_without_alt_text_fails_check(repo: Repo) -> None:
    body = '## Resultaten\n\n![](figures/grafiek.png)\n\n<img src="figures/grafiek.png">\n'
    path = repo.add_report(body=body)
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "grafiek.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    run = CliRunner().invoke(main, ["check", "--research", str(repo.research)])
    assert run.exit_code == 1, run.output
    told = " ".join(run.output.split())
    assert told.count("missing-alt") == 2
    assert "geen alternatieve tekst" in told and "niet hoe ze eruitziet" in told


def test_draft_with_a_figure_without_alt_text_is_warned_and_described_one_passes(
    repo: Repo,
) -> None:
    body = (
        "## Resultaten\n\n![](figures/grafiek.png)\n\n"
        '<img src="figures/grafiek.png" alt="Lijngrafiek: bezoek stijgt">\n'
    )
    path = repo.add_report(body=body, status="draft", review=None)
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "grafiek.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    run = CliRunner().invoke(main, ["check", "--research", str(repo.research)])
    told = " ".join(run.output.split())
    assert run.exit_code == 0, run.output
    assert told.count("missing-alt") == 1 and "waarschuwing" in told


# -- the web pages: WCAG 2.2 AA and axe's best practices, in a real browser ------------------

#: The axe-core tags every page type must pass (docs/toegankelijkheid.md names the same).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
#: One page of every type of the example site.
PAGE_TYPES = {
    "home": "",
    "rapport": "onderzoek/2021/geldzaken-jongeren-groningen/",
    "rapport met figuur": "onderzoek/2020/eenzaamheid-corona-helpman-de-wijert/",
    "onderzoek": "onderzoek/",
    "wijk": "wijk/selwerd/",
    "thema": "thema/eenzaamheid/",
    "instelling": "instelling/hanzehogeschool/",
    "jaar": "jaar/2021/",
    "zoeken": "zoeken/",
    "vragen": "vragen/",
    "vraag": "vragen/digitale-vragen-ouderen-paddepoel/",
    "inzichten": "inzichten/",
    "jaarverslag": "jaarverslag/2024/",
    "handleiding": "indienen/",
    "opdrachten": "opdrachten/",
    "toegankelijkheid": "toegankelijkheid/",
    "404": "bestaat-niet/",
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobiel": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def served(example_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The example site over HTTP at its site_url's path (/onderzoeksbank/, as on GitHub Pages:
    the 404 page links its styles from there), unknown addresses answered with its 404 page."""
    import functools
    import http.server
    import threading
    from urllib.parse import urlsplit

    import yaml

    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    prefix = urlsplit(yaml.safe_load(config.split("\ntheme:")[0])["site_url"]).path.strip("/")
    root = tmp_path_factory.mktemp("pages")
    (root / prefix).symlink_to(example_site, target_is_directory=True)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def send_error(self, code: int, *args: Any, **kwargs: Any) -> None:
            if code != 404:
                super().send_error(code, *args, **kwargs)
                return
            body = (example_site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    handler = functools.partial(Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{prefix}/"
    server.shutdown()
    server.server_close()


def console_error(message: Any) -> str:
    """A console error as 'page: text'; '' for the 404 status of the 404 page itself (the
    browser reports the status of the page it shows, which is the point of that page)."""
    where = message.location.get("url", "")
    if where.endswith(PAGE_TYPES["404"]) and "status of 404" in message.text:
        return ""
    return f"{where}: {message.text}"


@pytest.mark.browser
def test_every_page_type_passes_axe_wcag22_aa_and_best_practices_light_dark_mobile(
    served: str, browser: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}})
    problems, errors, ran = [], [], set()
    for scheme in ("light", "dark"):
        for device, viewport in VIEWPORTS.items():
            context = browser.new_context(color_scheme=scheme, viewport=viewport)
            context.add_init_script(Axe().axe_script)
            tab = context.new_page()
            tab.on("console", lambda m: m.type == "error" and errors.append(console_error(m)))
            tab.on("pageerror", lambda e, u=tab: errors.append(f"{u.url}: {e}"))
            for kind, url in PAGE_TYPES.items():
                tab.goto(served + url)
                result = tab.evaluate(f"axe.run(document, {options})")
                ran |= {
                    r["id"]
                    for key in ("passes", "violations", "incomplete", "inapplicable")
                    for r in result[key]
                }
                for violation in result["violations"]:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{scheme} {device} {kind}: {violation['id']} {targets}")
            context.close()
    # the rules that ran: WCAG 2.2's target size and the best practices among them
    assert {"target-size", "empty-table-header", "heading-order", "region", "color-contrast"} <= ran
    print(f"axe: {len(ran)} regels gedraaid met {AXE_TAGS}: {sorted(ran)}")
    assert problems == []
    assert [e for e in errors if e] == []


@pytest.mark.browser
def test_search_page_with_results_nothing_found_and_open_filters_passes_axe(
    served: str, browser: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}})
    problems = []
    for device, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        context.add_init_script(Axe().axe_script)
        tab = context.new_page()
        for state, query in (
            ("resultaten", "ouderen"),
            ("niets", "xyzzy"),
            ("bedoelde", "telefon"),
        ):
            tab.goto(served + f"zoeken/?q={query}")
            tab.wait_for_function(
                "() => /gevonden/.test(document.getElementById('wijs-status').textContent)"
            )
            if state == "resultaten" and device == "mobiel":
                tab.click("#wijs-filterknop")  # the filters open, above the results
            tab.wait_for_timeout(300)
            result = tab.evaluate(f"axe.run(document, {options})")
            for violation in result["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{device} {state}: {violation['id']} {targets}")
        context.close()
    assert problems == []


@pytest.mark.browser
def test_in_text_citation_is_a_plain_link_and_actions_sit_under_the_details(
    served: str, page: Any
) -> None:
    page.goto(served + PAGE_TYPES["rapport"])
    cite = page.locator(".wijs-body a.wijs-cite").first
    style = cite.evaluate(
        "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.paddingTop,"
        " s.paddingLeft, s.borderLeftWidth, s.display] }"
    )
    assert style == ["rgba(0, 0, 0, 0)", "0px", "0px", "0px", "inline"]
    box = page.locator("section.wijs-citeer")
    assert box.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert sorted(set(ids)) == sorted(ids)
    actions = page.locator(".wijs-actions")
    assert actions.inner_text().split(" · ") == ["Download PDF", "Word (DOCX)", "Citeer"]
    assert actions.bounding_box()["y"] < page.locator("#samenvatting").bounding_box()["y"]
    headings = page.evaluate(
        "() => [...document.querySelectorAll('article h1, article h2, article h3')]"
        ".map(h => [h.tagName, parseFloat(getComputedStyle(h).fontWeight)])"
    )
    assert [h for h, _ in headings].count("H1") == 1 and headings[0][0] == "H1"
    assert headings[0][1] >= max(w for _, w in headings[1:])


@pytest.mark.browser
def test_focus_is_never_hidden_under_the_sticky_header(served: str, page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(served + PAGE_TYPES["rapport"])
    header = page.locator(".md-header").bounding_box()["height"]
    hidden = []
    for _ in range(60):
        page.keyboard.press("Tab")
        box = page.evaluate(
            "() => { const e = document.activeElement, r = e.getBoundingClientRect();"
            " return [e.outerHTML.slice(0, 80), r.bottom, r.height,"
            " !!e.closest('.md-header, .md-tabs') || e.matches('.md-skip')] }"
        )
        # 2.4.11: no focused element outside the header is entirely covered by it
        if box[2] and not box[3] and box[1] <= header:
            hidden.append(box[0])
    assert hidden == []


def test_the_accessibility_statement_names_the_tools_and_tags_the_tests_run() -> None:
    statement = (REPO / "docs" / "toegankelijkheid.md").read_text(encoding="utf-8")
    named = re.findall(r"`(wcag\w+|best-practice)`", statement)
    assert named == AXE_TAGS
    for tool in (
        "axe-core",
        "axe-playwright-python",
        "Chromium",
        "Playwright",
        "pypdf",
        "Typst",
        "veraPDF",
    ):
        assert tool in statement, tool
    for kind in (
        "startpagina",
        "rapport",
        "wijk",
        "thema",
        "instelling",
        "jaar",
        "zoeken",
        "inzichten",
        "jaarverslag",
        "handleiding",
        "404",
    ):
        assert kind in statement, kind
    assert "390 px" in statement and "licht en donker" in statement
    assert "toegankelijkheid.md" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
