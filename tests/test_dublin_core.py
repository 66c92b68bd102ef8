"""Harvesters, repositories and search engines read the same Dublin Core description of a
report, whether from open data (OAI), the deposit package or the page's meta tags."""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET

from conftest import Repo
from wijs.citations.metadata import dublin_core_tags
from wijs.corpus import load_corpus
from wijs.dublin_core import PUBLISHER
from wijs.outputs import open_data
from wijs.pages.site import Site
from wijs.rights import deposit
from wijs.settings import BuildSettings

DC = "{http://purl.org/dc/elements/1.1/}"
SITE_URL = "https://bank.example/"
#: What differs by nature: the deposit package always holds a PDF, the site only when built.
PER_OUTPUT = {"format", "identifier"}


def _statements(root: ET.Element) -> list[tuple[str, str]]:
    return [(e.tag.removeprefix(DC), e.text or "") for e in root if e.tag.startswith(DC)]


def _from_tags(tags: str) -> list[tuple[str, str]]:
    found = re.findall(r'<meta name="DC\.(\w+)" content="([^"]*)"', tags)
    return [(name, html.unescape(value)) for name, value in found]


def test_open_data_deposit_and_page_describe_a_report_alike(repo: Repo) -> None:
    repo.add_report(
        authors=["Amrani, Fatima El", "Jorrit de Vries"],
        supervisors=["dr. M. Bakker"],
        summary_translations=[{"language": "en", "text": "Older people feel lonely."}],
    )
    corpus = load_corpus(repo.research)
    report = corpus.reports[0]
    site = Site(corpus, BuildSettings(site_url=SITE_URL), today=dt.date(2025, 1, 1))
    oai = _statements(open_data.dublin_core(report, site))
    package = deposit.dublin_core(report, site.vocabulary, SITE_URL).getroot()
    assert package is not None
    deposited = _statements(package)
    page = _from_tags(dublin_core_tags(report, site))

    def common(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(n, v) for n, v in items if n not in PER_OUTPUT]

    assert common(oai) == common(deposited) == common(page)
    page_url = SITE_URL + report.url
    assert ("identifier", page_url) in oai and ("identifier", page_url) in deposited
    assert ("identifier", page_url) in page
    assert ("publisher", PUBLISHER) in oai
    assert ("creator", "El Amrani, Fatima") in oai and ("creator", "de Vries, Jorrit") in oai
    assert ("contributor", "Bakker, M.") in oai
    rights = [v for n, v in oai if n == "rights"]
    assert rights == [
        "info:eu-repo/semantics/openAccess",
        "https://creativecommons.org/licenses/by/4.0/deed.nl",
        "CC BY 4.0",
    ]
