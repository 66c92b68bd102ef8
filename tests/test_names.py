"""One person-name model: however a student writes a name, every output cites it the same way."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from pybtex.database import parse_string

from conftest import Repo
from wijs.checks.names import check_names
from wijs.citations import exports, metadata
from wijs.corpus import load_corpus
from wijs.jaarverslag.references import jaarverslag_apa_reference
from wijs.model import Report
from wijs.names import PersonName, parse_name
from wijs.outputs import open_data
from wijs.pages.report_page import report_page
from wijs.pages.site import Site
from wijs.rights import deposit
from wijs.settings import BuildSettings

DC = "{http://purl.org/dc/elements/1.1/}"

#: (as written in the front-matter, family, given, APA reference form)
NAMES: list[tuple[Any, str, str, str]] = [
    ("Fatima El Amrani", "El Amrani", "Fatima", "El Amrani, F."),
    ("Amrani, Fatima El", "El Amrani", "Fatima", "El Amrani, F."),
    ({"family": "El Amrani", "given": "Fatima"}, "El Amrani", "Fatima", "El Amrani, F."),
    ("Jorrit de Vries", "de Vries", "Jorrit", "de Vries, J."),
    ("Sanne van der Berg-Smit", "van der Berg-Smit", "Sanne", "van der Berg-Smit, S."),
    ("Anne-Marie Jansen", "Jansen", "Anne-Marie", "Jansen, A.-M."),
    ("Aziz", "Aziz", "", "Aziz."),  # APA: the author element ends with a full stop
]


def test_the_rule_splits_particles_into_the_family_name() -> None:
    assert parse_name("Fatima El Amrani") == PersonName("El Amrani", "Fatima")
    assert parse_name("Amrani, Fatima El") == PersonName("El Amrani", "Fatima")
    assert parse_name("Vries, Jorrit de") == PersonName("de Vries", "Jorrit")
    assert parse_name("Youssef Ben Ali") == PersonName("Ben Ali", "Youssef")
    assert parse_name("dr. M. Bakker") == PersonName("Bakker", "M.")
    assert parse_name("Aziz") == PersonName("Aziz")
    assert parse_name("Sanne van der Berg-Smit").particle == "van der"


def _site(repo: Repo, author: Any) -> tuple[Report, Site]:
    entry = {"name": author} if isinstance(author, str) else author
    repo.add_report(authors=[{**entry, "programme": "Social Work"}])
    corpus = load_corpus(repo.research)
    site = Site(corpus, BuildSettings(site_url="https://bank.example/"), today=dt.date(2025, 1, 1))
    return corpus.reports[0], site


@pytest.mark.parametrize(("written", "family", "given", "apa"), NAMES)
def test_a_name_is_the_same_in_every_output(
    repo: Repo, written: Any, family: str, given: str, apa: str
) -> None:
    report, site = _site(repo, written)
    display = f"{given} {family}".strip()
    inverted = f"{family}, {given}" if given else family
    # the page
    assert f"<dd>{display} (Social Work)</dd>" in report_page(report, site).markdown
    # "Citeer dit" in APA and the jaarverslag
    _, plain = exports.apa_reference(report, site)
    assert plain.startswith(f"{apa} (2024).")
    reference = jaarverslag_apa_reference(report, site, "https://bank.example/x/")
    assert reference.text.startswith(f"{apa} (2024).")
    # BibTeX read back by a BibTeX reader
    person = next(iter(parse_string(exports.bibtex(report, site), "bibtex").entries.values()))
    author = person.persons["author"][0]
    read_family = " ".join(author.prelast_names + author.last_names).strip("{}")
    assert (read_family, " ".join(author.first_names)) == (family, given)
    # RIS, CSL-JSON
    assert f"AU  - {inverted}\n" in exports.ris(report, site)
    csl = exports.csl_item(report, site)["author"]
    assert csl == [{"family": family, "given": given} if given else {"literal": family}]
    # Google Scholar and JSON-LD
    assert f'<meta name="citation_author" content="{inverted}">' in metadata.highwire_tags(
        report, site
    )
    person_ld = metadata.json_ld_data(report, site)["author"][0]  # type: ignore[index]
    assert (person_ld["name"], person_ld["familyName"]) == (display, family)
    # Dublin Core of the open data (OAI) and of the deposit, the deposit's CSV record
    assert open_data.dublin_core(report, site).findtext(f"{DC}creator") == inverted
    record = open_data.report_record(report, site)["authors"][0]
    assert (record["name"], record["family"], record["given"]) == (display, family, given)
    xml = deposit.dublin_core(report, site.vocabulary).getroot()
    assert isinstance(xml, ET.Element) and xml.findtext(f"{DC}creator") == inverted
    assert deposit.record(report, site.vocabulary)["authors"] == inverted


def test_check_says_how_a_name_with_a_particle_is_cited_and_how_to_change_it(
    repo: Repo,
) -> None:
    report, _ = _site(repo, "Fatima El Amrani")
    [found] = check_names(report)
    assert found.code == "name-particle" and not found.is_error
    assert "'El Amrani, F.'" in found.message
    assert "family: El Amrani" in found.hint and "given: Fatima" in found.hint
    text = report.path.read_text(encoding="utf-8").splitlines()
    assert "Fatima El Amrani" in text[found.line - 1]


def test_explicit_family_and_given_or_a_plain_name_give_no_warning(repo: Repo) -> None:
    report, _ = _site(repo, {"family": "El Amrani", "given": "Fatima"})
    assert list(check_names(report)) == []
    repo.add_report(authors=["Piet Jansen"])
    assert list(check_names(load_corpus(repo.research).reports[0])) == []
