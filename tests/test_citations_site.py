"""A tiny built site: in-text citations, the reference list, "Citeer dit", exports and the
machine-readable metadata of report pages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pybtex.database.input.bibtex import Parser

from conftest import Repo

NL_SLUG = "eenzaamheid-ouderen-selwerd"
EN_SLUG = "samenleven-studenten-selwerd"
NL_URL = f"onderzoek/2024/{NL_SLUG}/"
EN_URL = f"onderzoek/2024/{EN_SLUG}/"
NASTY_TITLE = 'Living together </script><script>alert("x")</script> & <b>friends</b>'

NL_BODY = """## Inleiding

Eenzaamheid is meer dan alleen zijn [@jansen2021b, p. 12]. Eerder onderzoek
[@vries2019; @jansen2021a] en @mani2013 laten dat zien, net als [zie @jansen2021a, 4-6].
Het boek verscheen in [-@oud]. Mail vragen naar info@wijs.nl.

```
[@jansen2021a] in code blijft staan
```
"""

NL_BIB = r"""@book{jansen2021a,
  author = {Jansen, Piet}, title = {Alpha: Buurten in Groningen},
  publisher = {Van Gorcum}, year = {2021}, doi = {10.1000/abc<def>}
}
@book{jansen2021b,
  author = {Jansen, Piet}, title = {Beta}, publisher = {Van Gorcum}, year = {2021}
}
@article{vries2019,
  author = {de Vries, Anna}, title = {Ontmoeten in de wijk}, journal = {Tijdschrift},
  year = {2019}, volume = {3}, pages = {1--10}
}
@article{mani2013,
  author = {Mani, Anandi and Mullainathan, Sendhil and Shafir, Eldar and Zhao, Jiaying},
  title = {Poverty Impedes Cognitive Function}, journal = {Science}, year = {2013}
}
@misc{oud, author = {Ouderen, Vereniging}, title = {Zonder datum}}
"""

EN_BODY = "## Introduction\n\nStudents and residents meet rarely [@smith].\n"
EN_BIB = "@misc{smith, author = {Smith, Jane}, title = {Undated notes}}\n"


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self.ids: list[str] = []
        self.handlers: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name", "").startswith("citation_"):
            self.meta.append((a["name"] or "", a.get("content") or ""))
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")
        if a.get("id"):
            self.ids.append(a["id"] or "")
        self.handlers += [name for name in a if name.startswith("on")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld[-1] += data


def parse(html: str) -> Collect:
    collector = Collect()
    collector.feed(html)
    return collector


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("citations") / "bank")
    repo.add_report(
        slug=NL_SLUG,
        body=NL_BODY,
        authors=[
            {"name": "Fatima El Amrani", "family": "El Amrani", "orcid": "0000-0002-1825-0097"},
            {"name": "Jorrit de Vries"},
        ],
        subtitle="Een verkennend onderzoek",
        keywords=["ontmoeting", "wijkrestaurant"],
        privacy_exceptions=[{"value": "info@wijs.nl", "reason": "Algemeen adres van WIJS."}],
    )
    (repo.research / "2024" / NL_SLUG / "references.bib").write_text(NL_BIB, encoding="utf-8")
    repo.add_report(
        slug=EN_SLUG,
        body=EN_BODY,
        title=NASTY_TITLE,
        language="en",
        theme=["samenleven-studenten-bewoners"],
        type="adviesrapport",
    )
    (repo.research / "2024" / EN_SLUG / "references.bib").write_text(EN_BIB, encoding="utf-8")

    # the build runs in a process of its own: a hook registers the PDF there, at its start
    repo.add_hook(
        f"""
        from wijs.citations import metadata

        def pdf_for_dutch_report(report, site):
            return metadata.pdf_url(report) if report.slug == "{NL_SLUG}" else None

        def on_config(config):
            metadata.PDF_LOCATORS.append(pdf_for_dutch_report)
        """
    )
    repo.build()
    return repo


def body_of(html: str) -> str:
    return html[html.index('class="wijs-body"') : html.index("</div>", html.index("wijs-body"))]


def test_reader_sees_apa_in_text_citations_linked_to_the_list(site: Repo) -> None:
    html = site.page(NL_URL)
    body = body_of(html)
    link = '<a class="wijs-cite" href="#ref-{}" role="doc-biblioref">{}</a>'
    assert "(" + link.format("jansen2021b", "Jansen, 2021b, p. 12") + ")" in body
    # two works in one pair of parentheses, in reference-list order (de Vries under D), the
    # particle with a capital in the text
    assert (
        "("
        + link.format("vries2019", "De Vries, 2019")
        + "; "
        + link.format("jansen2021a", "Jansen, 2021a")
        + ")"
    ) in body
    assert "Mani et al. (" + link.format("mani2013", "2013") + ")" in body
    assert "zie " + link.format("jansen2021a", "Jansen, 2021a, pp. 4–6") in body
    assert "(" + link.format("oud", "z.d.") + ")" in body
    assert "info@wijs.nl" in body
    assert "[@jansen2021a] in code blijft staan" in body
    ids = set(parse(html).ids)
    for target in re.findall(r'class="wijs-cite" href="#([^"]+)"', html):
        assert target in ids


def test_reference_list_is_sorted_and_titled_by_language(site: Repo) -> None:
    html = site.page(NL_URL)
    section = html[html.index('class="wijs-references"') :]
    assert '<h2 id="literatuur">Literatuur</h2>' in section
    order = re.findall(r'<li id="ref-([^"]+)"', section)
    assert order == ["vries2019", "jansen2021a", "jansen2021b", "mani2013", "oud"]
    assert "Jansen, P. (2021a). <em>Alpha: Buurten in Groningen</em>. Van Gorcum." in section
    assert "Ouderen, V. (z.d.). <em>Zonder datum</em>." in section
    # a DOI with '<' and '>' is a link, escaped in the attribute and the text
    assert 'href="https://doi.org/10.1000/abc&lt;def&gt;"' in section
    assert "https://doi.org/10.1000/abc&lt;def&gt;</a>" in section
    # a title without a sign of its language is left as written, proper nouns and all
    assert "<em>Alpha: Buurten in Groningen</em>" in section
    english = site.page(EN_URL)
    assert '<h2 id="literatuur">References</h2>' in english
    assert "Smith, J. (n.d.). <em>Undated notes</em>." in english
    assert '<a class="wijs-cite" href="#ref-smith" role="doc-biblioref">Smith, n.d.</a>' in english


def test_citeer_dit_shows_apa_reference_with_copy_button_and_downloads(site: Repo) -> None:
    html = site.page(NL_URL)
    section = html[html.index('id="citeer-dit"') :]
    assert (
        "El Amrani, F., &amp; de Vries, J. (2024). <em>Eenzaamheid onder ouderen in Selwerd: "
        "Een verkennend onderzoek</em> [Onderzoeksrapport]. Hanzehogeschool Groningen."
    ) in section
    assert 'data-wijs-copy="wijs-cite-apa"' in section
    for name in (f"{NL_SLUG}.bib", f"{NL_SLUG}.ris", f"{NL_SLUG}.csl.json"):
        assert f'href="{name}"' in section
        assert (site.root / "site" / NL_URL / name).is_file()
    # behaviour lives in a static script, not in inline handlers
    assert parse(html).handlers == []
    assert '<script src="../../../assets/wijs/citations.js" defer></script>' in html
    script = (site.root / "site" / "assets" / "wijs" / "citations.js").read_text()
    assert "data-wijs-copy" in script


def test_exports_parse_back(site: Repo) -> None:
    folder = site.root / "site" / NL_URL
    bib = Parser().parse_string((folder / f"{NL_SLUG}.bib").read_text(encoding="utf-8"))
    (entry,) = bib.entries.values()
    assert (
        entry.fields["title"] == "{Eenzaamheid onder ouderen in Selwerd: Een verkennend onderzoek}"
    )
    assert [str(p) for p in entry.persons["author"]] == ["{El Amrani}, Fatima", "de Vries, Jorrit"]
    assert entry.fields["year"] == "2024"

    ris = (folder / f"{NL_SLUG}.ris").read_text(encoding="utf-8").splitlines()
    assert ris[0] == "TY  - RPRT" and ris[-1] == "ER  - "
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in ris)
    assert "AU  - El Amrani, Fatima" in ris and "PY  - 2024" in ris

    (item,) = json.loads((folder / f"{NL_SLUG}.csl.json").read_text(encoding="utf-8"))
    assert item["type"] == "report"
    assert item["author"][0] == {"family": "El Amrani", "given": "Fatima"}
    assert item["issued"] == {"date-parts": [[2024, 6, 14]]}

    english = site.root / "site" / EN_URL
    bib = Parser().parse_string((english / f"{EN_SLUG}.bib").read_text(encoding="utf-8"))
    (entry,) = bib.entries.values()
    assert "\\&" in entry.fields["title"] and "</script>" in entry.fields["title"]
    (item,) = json.loads((english / f"{EN_SLUG}.csl.json").read_text(encoding="utf-8"))
    assert item["title"] == NASTY_TITLE


def test_facet_page_offers_all_its_reports_as_one_bib(site: Repo) -> None:
    html = site.page("wijk/selwerd/")
    assert 'href="wijk-selwerd.bib"' in html
    text = (site.root / "site" / "wijk" / "selwerd" / "wijk-selwerd.bib").read_text()
    assert len(Parser().parse_string(text).entries) == 2


def test_report_pages_carry_highwire_tags_and_json_ld(site: Repo) -> None:
    page = parse(site.page(NL_URL))
    meta = dict(page.meta)
    assert (
        meta["citation_title"] == "Eenzaamheid onder ouderen in Selwerd: Een verkennend onderzoek"
    )
    assert [v for k, v in page.meta if k == "citation_author"] == [
        "El Amrani, Fatima",
        "de Vries, Jorrit",
    ]
    assert meta["citation_publication_date"] == "2024/06/14"
    assert meta["citation_technical_report_institution"] == "Hanzehogeschool Groningen"
    assert meta["citation_language"] == "nl"
    assert meta["citation_keywords"] == "ontmoeting; wijkrestaurant"
    assert meta["citation_pdf_url"].endswith(f"{NL_URL}{NL_SLUG}.pdf")
    (ld,) = page.json_ld
    data = json.loads(ld)
    assert data["@type"] == "Report"
    assert data["author"][0]["sameAs"] == "https://orcid.org/0000-0002-1825-0097"
    assert {"@type": "Place", "name": "Selwerd"}.items() <= data["about"][0].items()
    assert any(a["@type"] == "DefinedTerm" and a["name"] for a in data["about"][1:])
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["encoding"]["encodingFormat"] == "application/pdf"


def test_metadata_values_are_escaped(site: Repo) -> None:
    html = site.page(EN_URL)
    page = parse(html)
    assert dict(page.meta)["citation_title"] == NASTY_TITLE
    assert "citation_pdf_url" not in dict(page.meta)  # this report has no PDF
    (ld,) = page.json_ld
    assert "<" not in ld and ">" not in ld and "&" not in ld
    assert json.loads(ld)["name"] == NASTY_TITLE
    head = html[: html.index("</head>")]
    assert '<script>alert("x")' not in head


@pytest.mark.browser
def test_copy_button_copies_the_reference(site: Repo, serve_dir, browser) -> None:  # type: ignore[no-untyped-def]
    base = serve_dir(site.root / "site")
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        tab = context.new_page()
        tab.goto(base + NL_URL)
        button = tab.locator("[data-wijs-copy]")
        button.click()
        tab.wait_for_function("document.querySelector('.wijs-cite__status').textContent.length > 0")
        assert tab.locator(".wijs-cite__status").text_content() == "Verwijzing gekopieerd."
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("El Amrani, F., & de Vries, J. (2024). Eenzaamheid")
    finally:
        context.close()


def test_site_without_citations_has_no_reference_list(repo: Repo) -> None:
    repo.add_report()
    repo.build()
    html = repo.page(f"onderzoek/2024/{NL_SLUG}/")
    assert 'class="wijs-references"' not in html
    assert 'id="citeer-dit"' in html
    assert Path(repo.root / "site" / f"onderzoek/2024/{NL_SLUG}/{NL_SLUG}.ris").is_file()
