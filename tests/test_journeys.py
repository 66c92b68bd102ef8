"""The journeys of the site's users, walked by keyboard in real Chromium on the example site:
a policy officer from the home page to what is known about eenzaamheid in Selwerd, and WIJS
staff from the home page to the jaarverslag and its PDF.

The example site (the repository's own research/ and docs/, with downloads typeset) is built
once for the whole test session.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, Repo

pytestmark = pytest.mark.browser

EXAMPLE = "onderzoek/2024/eenzaamheid-ouderen-selwerd/"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example reports built as the public site, with PDF and DOCX downloads."""
    repo = Repo(tmp_path_factory.mktemp("voorbeeld") / "bank")
    shutil.copytree(REPO / "research", repo.research, dirs_exist_ok=True)
    for page in (REPO / "docs").glob("*.md"):
        shutil.copy(page, repo.root / "docs" / page.name)
    repo.write_mkdocs(downloads=True)
    repo.build()
    return repo.root / "site"


@pytest.fixture
def site_url(example_site: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(example_site)


def focused_href(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement.getAttribute('href') || ''"))


def tab_to(page: Any, wanted: Callable[[str], bool], limit: int = 400) -> int:
    """Press Tab until the focused link's href is ``wanted``; returns how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if wanted(focused_href(page)):
            return presses
    raise AssertionError(f"na {limit}× Tab geen passende link")


def path_of(page: Any, base: str) -> str:
    return str(page.url).removeprefix(base).split("#")[0]


def test_policy_officer_walks_from_home_to_selwerd_eenzaamheid_by_keyboard(
    page: Any, site_url: str
) -> None:
    page.goto(site_url)
    # home → the wijk page of Selwerd
    tab_to(page, lambda href: href.rstrip("/").endswith("wijk/selwerd"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/wijk/selwerd/")
    # on the wijk page: skip to the content, then the thema chip is at most two Tabs away
    page.keyboard.press("Tab")
    assert "md-skip" in page.evaluate("() => document.activeElement.className")
    page.keyboard.press("Enter")
    presses = tab_to(page, lambda href: href == "eenzaamheid/", limit=2)
    assert presses <= 2
    assert page.evaluate("() => document.activeElement.textContent").startswith("Eenzaamheid")
    page.keyboard.press("Enter")
    page.wait_for_url("**/wijk/selwerd/eenzaamheid/")
    assert path_of(page, site_url) == "wijk/selwerd/eenzaamheid/"
    assert page.locator("h1").inner_text() == "Eenzaamheid in Selwerd"
    reports = page.locator("section.wijs-combination-report")
    assert reports.count() == 1
    assert "Bevindingen" in reports.first.inner_text()
    # … and on to the report itself
    tab_to(page, lambda href: href.endswith(EXAMPLE))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{EXAMPLE}")
    assert "Eenzaamheid onder ouderen in Selwerd" in page.locator("h1").inner_text()


def test_empty_combination_on_the_heat_map_leads_to_its_explanation(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "inzichten/")
    # a filled cell is a link in the tab order: Enter opens that combination
    tab_to(page, lambda href: href == "../wijk/selwerd/eenzaamheid/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/wijk/selwerd/eenzaamheid/")
    # an empty cell answers a click with the sentence on the wijk page
    page.goto(site_url + "inzichten/")
    page.locator("#chart-wijk-thema a[href='../wijk/selwerd/#geen-armoede']").click()
    page.wait_for_url("**/wijk/selwerd/#geen-armoede")
    spot = page.locator("[id='geen-armoede']")
    assert spot.inner_text().startswith("Nog geen onderzoek naar armoede in Selwerd.")
    assert spot.is_visible()


def test_staff_walk_from_home_to_the_jaarverslag_and_its_pdf_by_keyboard(
    page: Any, site_url: str
) -> None:
    page.goto(site_url)
    tab_to(page, lambda href: href.rstrip("/").endswith("jaarverslag"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/jaarverslag/")
    tab_to(page, lambda href: href == "2024/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/jaarverslag/2024/")
    assert "Jaarverslag onderzoek 2024" in page.locator("h1").inner_text()
    tab_to(page, lambda href: href == "jaarverslag-2024.pdf")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    pdf = Path(download.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Jaarverslag onderzoek 2024" in " ".join(text.split())
    # the Word version lies beside it
    docx = page.request.get(site_url + "jaarverslag/2024/jaarverslag-2024.docx")
    assert docx.ok and docx.body().startswith(b"PK")
