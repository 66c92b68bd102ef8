"""The one Dublin Core description of a report: the open-data OAI records, the deposit package
and the ``DC.*`` meta tags of the report page are all written from :func:`elements`."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from wijs.model import LICENSE_LABELS, LICENSE_URLS, Report
from wijs.names import parse_name
from wijs.vocabulary import Vocabulary

#: Who publishes the reports (Dublin Core publisher next to the institutions, citation_publisher,
#: the JSON-LD publisher).
PUBLISHER = "WIJS Onderzoeksbank"
CITY = "Groningen"

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Report types in the info:eu-repo vocabulary that Dutch repositories use.
EU_REPO_TYPES = {
    "onderzoeksrapport": "report",
    "adviesrapport": "report",
    "actieonderzoek": "report",
    "factsheet": "report",
    "scriptie": "bachelorThesis",
    "poster": "conferencePoster",
}
OPEN_ACCESS = "info:eu-repo/semantics/openAccess"


@dataclass(frozen=True)
class Element:
    """One Dublin Core statement: element name ('creator'), value, optional language."""

    name: str
    value: str
    lang: str | None = None


def commissioner(report: Report) -> str:
    """The commissioner: the front-matter field, else the one who gave consent."""
    meta = report.meta
    if meta.commissioner:
        return meta.commissioner
    consent = meta.consent
    if consent is not None and consent.commissioner and not isinstance(consent.commissioner, str):
        return consent.commissioner.name
    return ""


def unique(items: list[str]) -> list[str]:
    """Non-empty items, each once (ignoring capitals), the first spelling kept."""
    seen: dict[str, str] = {}
    for item in items:
        if item and item.casefold() not in seen:
            seen[item.casefold()] = item
    return list(seen.values())


def elements(
    report: Report, vocabulary: Vocabulary, *, page_url: str = "", pdf_url: str = ""
) -> list[Element]:
    """The report in Dublin Core. ``page_url`` and ``pdf_url`` are absolute when known."""
    meta = report.meta
    out: list[Element] = []

    def add(name: str, value: str | None, lang: str | None = None) -> None:
        if value:
            out.append(Element(name, " ".join(value.split()), lang))

    title = f"{meta.title}: {meta.subtitle}" if meta.subtitle else meta.title
    add("title", title, meta.language)
    for author in meta.authors:
        add("creator", author.person.inverted)
    subjects = [vocabulary.themes.label(t) for t in meta.theme] + list(meta.keywords)
    for subject in unique(subjects):
        add("subject", subject)
    add("description", meta.summary, meta.language)
    for translation in meta.summary_translations:
        add("description", translation.text, translation.language)
    programmes = unique([a.programme or "" for a in meta.authors])
    details = [
        ("Opleiding", "; ".join(programmes)),
        ("Niveau", "; ".join(vocabulary.levels.label(level) for level in meta.level)),
        ("Opdrachtgever", commissioner(report)),
    ]
    add("description", ". ".join(f"{k}: {v}" for k, v in details if v) + ".", "nl")
    for institution in meta.institution:
        add("publisher", vocabulary.institutions.label(institution))
    add("publisher", PUBLISHER)
    for supervisor in meta.supervisors:
        add("contributor", parse_name(supervisor).inverted)
    add("contributor", commissioner(report))
    add("date", meta.date.isoformat() if meta.date else str(meta.year))
    add("type", "info:eu-repo/semantics/" + EU_REPO_TYPES.get(str(meta.type), "other"))
    add("type", vocabulary.types.label(str(meta.type)))
    add("type", "Text")
    if page_url:
        add("format", "text/html")
    if pdf_url:
        add("format", "application/pdf")
    add("identifier", page_url)
    add("identifier", pdf_url)
    add("language", meta.language)
    for wijk in meta.neighbourhood:
        add("coverage", f"{vocabulary.wijken.label(wijk)}, {CITY}")
    add("rights", OPEN_ACCESS)
    add("rights", LICENSE_URLS.get(meta.license) or None)
    add("rights", LICENSE_LABELS.get(meta.license, str(meta.license)))
    return out


def oai_dc(statements: list[Element]) -> ET.Element:
    """An ``oai_dc:dc`` record (the format every OAI-PMH repository ingests)."""
    ET.register_namespace("oai_dc", OAI_DC)
    ET.register_namespace("dc", DC)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{OAI_DC}}}dc", {f"{{{XSI}}}schemaLocation": f"{OAI_DC} {OAI_DC_SCHEMA}"})
    for statement in statements:
        element = ET.SubElement(root, f"{{{DC}}}{statement.name}")
        element.text = statement.value
        if statement.lang:
            element.set(XML_LANG, statement.lang)
    return root


def meta_tags(statements: list[Element]) -> str:
    """The same statements as ``DC.*`` meta tags for a page's <head> (escaped)."""
    tags = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">']
    for s in statements:
        lang = f' lang="{html.escape(s.lang, quote=True)}"' if s.lang else ""
        value = html.escape(s.value, quote=True)
        tags.append(f'<meta name="DC.{s.name}" content="{value}"{lang}>')
    return "\n".join(tags)
