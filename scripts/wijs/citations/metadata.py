"""Machine-readable metadata in the <head> of a report page: Highwire ``citation_*`` meta tags
(Google Scholar, Zotero) and schema.org JSON-LD.

The PDF of a report is not made here. Whoever publishes PDFs registers a locator in
``PDF_LOCATORS``; it gets (report, site) and returns the site-relative URL of the PDF
(conventionally ``pdf_url(report)``: 'onderzoek/<year>/<slug>/<slug>.pdf') or None.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from wijs import dublin_core as dc
from wijs.citations.exports import (
    LICENSE_IDS,
    THESIS_TYPES,
    absolute_url,
    full_title,
    institution_labels,
    type_label,
)
from wijs.dublin_core import CITY, PUBLISHER
from wijs.model import Report
from wijs.pages.site import Site

PdfLocator = Callable[[Report, Site], "str | None"]
#: Functions that know where a report's PDF is (site-relative URL) or return None.
PDF_LOCATORS: list[PdfLocator] = []


def pdf_url(report: Report) -> str:
    """Where a report's PDF lives by convention: 'onderzoek/<year>/<slug>/<slug>.pdf'."""
    return f"{report.url}{report.slug}.pdf"


def find_pdf(report: Report, site: Site) -> str | None:
    for locate in PDF_LOCATORS:
        found = locate(report, site)
        if found:
            return found
    return None


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{html.escape(" ".join(content.split()), quote=True)}">'


def highwire_tags(report: Report, site: Site, pdf: str | None = None) -> str:
    """Highwire Press tags; ``pdf`` is the site-relative URL of the PDF, if there is one."""
    meta = report.meta
    tags = [_meta("citation_title", full_title(report))]
    tags += [_meta("citation_author", a.person.inverted) for a in meta.authors]
    date = meta.date.strftime("%Y/%m/%d") if meta.date else str(meta.year)
    tags.append(_meta("citation_publication_date", date))
    tags.append(_meta("citation_date", date))
    institutions = institution_labels(report, site)
    tag = (
        "citation_dissertation_institution"
        if meta.type in THESIS_TYPES
        else "citation_technical_report_institution"
    )
    tags += [_meta(tag, label) for label in institutions]
    tags.append(_meta("citation_publisher", PUBLISHER))
    tags.append(_meta("citation_language", meta.language))
    if meta.keywords:
        tags.append(_meta("citation_keywords", "; ".join(meta.keywords)))
    tags.append(_meta("citation_abstract_html_url", absolute_url(site, report.url)))
    if pdf:
        tags.append(_meta("citation_pdf_url", absolute_url(site, pdf)))
    return "\n".join(tags)


def _script_json(data: object) -> str:
    """JSON that is safe inside <script>: '<', '>' and '&' as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def json_ld_data(report: Report, site: Site, pdf: str | None = None) -> dict[str, object]:
    meta = report.meta
    url = absolute_url(site, report.url)
    vocabulary = site.vocabulary
    authors = []
    for author in meta.authors:
        c = author.person
        person: dict[str, object] = {"@type": "Person", "name": c.display}
        if c.given:
            person["givenName"] = c.given
        person["familyName"] = c.family
        if author.orcid:
            orcid = author.orcid
            person["sameAs"] = orcid if orcid.startswith("http") else f"https://orcid.org/{orcid}"
        authors.append(person)
    organisations = []
    for institution in meta.institution:
        organisation: dict[str, object] = {
            "@type": "CollegeOrUniversity",
            "name": site.facet_label("institution", institution),
        }
        term_url = getattr(vocabulary.institutions.get(institution), "url", None)
        if term_url:
            organisation["url"] = term_url
        organisations.append(organisation)
    about: list[dict[str, object]] = [
        {
            "@type": "Place",
            "name": site.facet_label("neighbourhood", wijk),
            "containedInPlace": {"@type": "City", "name": CITY},
            "url": absolute_url(site, site.facet_url("neighbourhood", wijk)),
        }
        for wijk in meta.neighbourhood
    ]
    about += [
        {
            "@type": "DefinedTerm",
            "name": site.facet_label("theme", theme),
            "url": absolute_url(site, site.facet_url("theme", theme)),
        }
        for theme in meta.theme
    ]
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "@id": url,
        "url": url,
        "name": meta.title,
        "headline": full_title(report),
        "author": authors,
        "datePublished": meta.date.isoformat() if meta.date else str(meta.year),
        "inLanguage": meta.language,
        "genre": type_label(report, site),
        "abstract": meta.summary,
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "sourceOrganization": organisations,
        "about": about,
    }
    if meta.subtitle:
        data["alternativeHeadline"] = meta.subtitle
    if meta.keywords:
        data["keywords"] = list(meta.keywords)
    if meta.commissioner:
        data["funder"] = {"@type": "Organization", "name": meta.commissioner}
    if meta.license in LICENSE_IDS:
        data["license"] = LICENSE_IDS[meta.license]
    if pdf:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": absolute_url(site, pdf),
            "encodingFormat": "application/pdf",
        }
    return data


def json_ld(report: Report, site: Site, pdf: str | None = None) -> str:
    return (
        '<script type="application/ld+json">'
        + _script_json(json_ld_data(report, site, pdf))
        + "</script>"
    )


def dublin_core_tags(report: Report, site: Site, pdf: str | None = None) -> str:
    """``DC.*`` meta tags, by the one Dublin Core writer (also open data's and the deposit's)."""
    statements = dc.elements(
        report,
        site.vocabulary,
        page_url=absolute_url(site, report.url),
        pdf_url=absolute_url(site, pdf) if pdf else "",
    )
    return dc.meta_tags(statements)


def head_part(report: Report, site: Site) -> str:
    """HEAD_PARTS entry: meta tags (Highwire, Dublin Core) and JSON-LD, with the PDF when a
    locator knows it."""
    pdf = find_pdf(report, site)
    parts = [highwire_tags(report, site, pdf), dublin_core_tags(report, site, pdf)]
    return "\n".join([*parts, json_ld(report, site, pdf)])
