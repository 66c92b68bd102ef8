"""No script from a submission reaches a reader: the usual cheat-sheet vectors go into every
field of a report, the site is built, and real Chromium opens every page that holds them."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import Repo
from wijs.csv_safe import csv_safe, csv_safe_row
from wijs.sanitize import escape_page_meta, json_for_script, sanitize_html

RUN = "window.__xss=1;alert(1)"
#: the usual vectors (OWASP XSS filter evasion cheat sheet, mXSS, attribute break-outs)
VECTORS = [
    f"<script>{RUN}</script>",
    f'<img alt="x" src="data:image/png;base64,AAAA" onerror="{RUN}">',  # fails; has an alt
    f"<img src=x onerror={RUN}>",
    f'<svg onload="{RUN}"></svg>',
    f"<svg><script>{RUN}</script></svg>",
    f'<svg><a href="javascript:{RUN}"><text>klik</text></a></svg>',
    f'<body onload="{RUN}">',
    f'<iframe src="javascript:{RUN}"></iframe>',
    f'<iframe srcdoc="<script>{RUN}</script>"></iframe>',
    f'<a href="javascript:{RUN}">klik</a>',
    f'<a href="JaVaScRiPt:{RUN}">klik</a>',
    f'<a href="jav&#x09;ascript:{RUN}">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    f'<object data="javascript:{RUN}"></object>',
    f'<embed src="javascript:{RUN}">',
    f'<details open ontoggle="{RUN}"><summary>x</summary></details>',
    f'<input autofocus onfocus="{RUN}">',
    f'<video><source onerror="{RUN}"></video>',
    f'<div style="background:url(javascript:{RUN})">x</div>',
    f'<marquee onstart="{RUN}">x</marquee>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f'<form><button formaction="javascript:{RUN}">x</button></form>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>",
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>">',
    f'<!--<img src="--><img src=x onerror={RUN}>-->',
    f"<style>@import 'javascript:{RUN}';</style>",
    f'"><script>{RUN}</script>',
    f"'><script>{RUN}</script>",
    f"</title><script>{RUN}</script>",
    f"</script><script>{RUN}</script>",
    f"</textarea><script>{RUN}</script>",
    '<base href="javascript:/">',
]


@pytest.mark.parametrize("vector", VECTORS)
def test_sanitiser_removes_every_way_to_run_script(vector: str) -> None:
    cleaned = sanitize_html(f"<p>tekst</p>{vector}<p>meer</p>").lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        "onfocus",
        "ontoggle",
        "onstart",
        "javascript:",
        "<iframe",
        "<object",
        "<embed",
        "<style",
        "<meta",
        "<base",
        "<form",
        "srcdoc",
        "data:text",
    ):
        assert bad not in cleaned, (vector, cleaned)
    assert "<p>tekst</p>" in cleaned  # the text before it survives


def test_sanitiser_keeps_what_the_platform_puts_in_report_pages() -> None:
    page = (
        '<h2 id="methode">Methode<a class="headerlink" href="#methode" title="Permanent link">'
        "¶</a></h2>"
        '<dl class="wijs-meta" aria-label="Gegevens"><dt>Datum</dt><dd><time datetime="2024-06-14">'
        "14 juni 2024</time></dd></dl>"
        '<section class="wijs-summary" aria-labelledby="s"><p lang="ar" dir="rtl">نص</p></section>'
        '<figure><img alt="Grafiek" src="figures/a.png"><figcaption>Bron</figcaption></figure>'
        '<table><thead><tr><th style="text-align: left;">a</th></tr></thead>'
        "<tbody><tr><td>1</td></tr></tbody></table>"
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'
        '<details class="wijs-cite"><summary>Citeer dit</summary><pre><code>@misc{x}</code></pre>'
        '<button type="button" class="wijs-copy" data-copy-target="#bibtex" aria-label="Kopieer">'
        "Kopieer</button></details>"
        '<a href="../../wijk/selwerd/" rel="license" data-pagefind-filter="wijk">Selwerd</a>'
        '<a href="downloads/rapport.pdf" download>PDF</a>'
        '<img alt="inline" src="data:image/png;base64,iVBORw0KGgo=">'
    )
    cleaned = sanitize_html(page)
    for kept in (
        'class="headerlink" href="#methode"',
        '<time datetime="2024-06-14">',
        'aria-labelledby="s"',
        'dir="rtl"',
        "<figcaption>",
        'style="text-align:left"',
        'id="fnref:1"',
        "<summary>Citeer dit</summary>",
        'data-copy-target="#bibtex"',
        'rel="license"',
        'data-pagefind-filter="wijk"',
        "download",
        "data:image/png;base64",
    ):
        assert kept in cleaned, kept


def test_page_meta_printed_raw_by_material_is_escaped() -> None:
    meta: dict[str, Any] = {
        "title": "</title><script>alert(1)</script> & co",
        "description": '"><script>alert(1)</script>',
        "wijs_lang": "nl",
    }
    escape_page_meta(meta)
    assert meta["title"] == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    assert meta["description"].startswith("&#34;&gt;&lt;script&gt;")
    # a template that escapes again (material's footer, our <title>) does not double-escape
    from jinja2 import Template

    assert Template("{{ t | e }}").render(t=meta["title"]) == meta["title"]
    escape_page_meta(meta)  # twice is harmless
    assert meta["title"].startswith("&lt;/title&gt;")


def test_json_for_script_cannot_close_the_script_element() -> None:
    text = json_for_script({"name": "</script><script>alert(1)</script>", "x": "\u2028"})
    assert "</script" not in text and "<" not in text
    import json

    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("  =1", "'  =1"),
        ("Selwerd", "Selwerd"),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_csv_cells_cannot_become_formulas(value: Any, safe: Any) -> None:
    assert csv_safe(value) == safe


def test_csv_safe_row_for_dict_writer() -> None:
    assert csv_safe_row({"title": "=1+1", "year": 2024}) == {"title": "'=1+1", "year": 2024}


# -- the built site in real Chromium -----------------------------------------------------------

BIB = """@article{aanval2020,
  author = {Jansen, A. and <script>window.__xss=1;alert(1)</script>},
  title = {<img src=x onerror=window.__xss=1;alert(1)> en "><svg onload=alert(1)>},
  journal = {</title><script>alert(1)</script>},
  year = {2020},
  url = {javascript:window.__xss=1;alert(1)}
}
"""


def hostile_repo(repo: Repo) -> Path:
    """A report with a vector in every field a student fills in."""
    path = repo.add_report(
        title=f"</title><script>{RUN}</script> Eenzaamheid",
        subtitle=f'"><img src=x onerror="{RUN}">',
        summary=f'Samenvatting <script>{RUN}</script> en "><svg onload={RUN}>.',
        findings=[v for v in VECTORS[:12]],
        recommendations=[v for v in VECTORS[12:24]],
        keywords=[f"<img src=x onerror={RUN}>", "</script><script>alert(1)</script>"],
        authors=[{"name": f"<script>{RUN}</script>"}, {"name": "Fatima El Amrani"}],
        commissioner=f'WIJ <a href="javascript:{RUN}">Selwerd</a>',
        body="\n\n".join(
            [
                "## Resultaten",
                f"[klik hier](javascript:{RUN.replace('(', '%28').replace(')', '%29')})",
                f'![Grafiek" onerror="{RUN}](figures/a.png)',
                f"![<img src=x onerror={RUN}>](figures/a.png)",
                # (the file check already refuses 'jav&#x09;ascript:' as a missing file)
                *[v for v in VECTORS if "&#x09;" not in v],
                "Een gewone alinea tot slot.",
            ]
        )
        + "\n",
    )
    (path.parent / "figures").mkdir()
    from PIL import Image

    Image.new("RGB", (4, 4)).save(path.parent / "figures" / "a.png")
    (path.parent / "references.bib").write_text(BIB, encoding="utf-8")
    return path


def test_hostile_report_passes_the_checks_so_the_sanitiser_is_what_stops_it(repo: Repo) -> None:
    from wijs.corpus import load_corpus

    hostile_repo(repo)
    errors = [d for d in load_corpus(repo.research).diagnostics if d.is_error]
    assert errors == []


@pytest.mark.browser
def test_no_script_from_a_submission_runs_in_the_browser(
    repo: Repo, serve_dir: Any, page: Any
) -> None:
    hostile_repo(repo)
    site = repo.build()
    hostile_pages = sorted(
        p.relative_to(site).parent.as_posix()
        for p in site.rglob("*.html")
        if "__xss" in p.read_text(encoding="utf-8")
    )
    report_url = "onderzoek/2024/eenzaamheid-ouderen-selwerd"
    assert report_url in hostile_pages and len(hostile_pages) >= 3  # report, home, facets
    html_text = (site / report_url / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__xss" not in html_text
    base = serve_dir(site)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # nothing from outside (web fonts, the payloads' own images): fast and offline
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1:\d+/)"), lambda route: route.abort())
    page.route(re.compile(r"^https://127\.0\.0\.1:9/"), lambda route: route.abort())
    for url in hostile_pages:
        page.goto(base + ("" if url == "." else url + "/"), wait_until="load")
        page.wait_for_timeout(50)
        assert page.evaluate("window.__xss") is None, url
        links = page.evaluate(
            "[...document.querySelectorAll('[href],[src],[action],[formaction]')]"
            ".map(e => e.getAttribute('href') || e.getAttribute('src') || "
            "e.getAttribute('action') || e.getAttribute('formaction'))"
        )
        assert not [h for h in links if h.strip().lower().startswith(("javascript:", "data:text"))]
    assert dialogs == []
    # the title is shown as the text the student wrote, not run
    page.goto(base + report_url + "/")
    assert page.title().startswith(f"</title><script>{RUN}</script> Eenzaamheid")
    heading = page.inner_text("h1")
    assert heading == f"</title><script>{RUN}</script> Eenzaamheid"
    description = page.get_attribute('meta[name="description"]', "content")
    assert description is not None and html.unescape(description).startswith(
        "Samenvatting <script>"
    )
