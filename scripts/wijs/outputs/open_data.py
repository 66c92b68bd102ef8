"""Open data: the metadata of every published report as CSV and JSON (with the JSON Schema of
the front-matter), robots.txt pointing at the sitemap, and a static Dublin Core catalogue
(``oai_dc`` records and an OAI-PMH ``ListRecords`` file) for research repositories to harvest.

Only published reports are exported; a preview build exports them too but tells robots to stay
away. Field names follow the front-matter, so ``report.schema.json`` describes them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from wijs import dublin_core as dc
from wijs.citations.exports import absolute_url
from wijs.citations.metadata import find_pdf
from wijs.csv_safe import csv_safe as shared_csv_safe
from wijs.dublin_core import DC, OAI_DC, XSI
from wijs.model import LICENSE_URLS, Author, Report, published_on
from wijs.pages.site import Site
from wijs.schema import report_schema

DATA_DIR = "data"
OAI_DIR = "data/oai"

OAI_PMH = "http://www.openarchives.org/OAI/2.0/"
OAI_PMH_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"

#: The OAI namespace-identifier when the site has no site_url (it must look like a domain).
FALLBACK_DOMAIN = "onderzoeksbank.wijs-groningen.nl"

#: Separator for several values in one CSV cell.
LIST_SEPARATOR = " | "

#: Columns of reports.csv, in order (documented in docs/open-data.md).
CSV_FIELDS = [
    "id",
    "url",
    "title",
    "subtitle",
    "authors",
    "supervisors",
    "institution",
    "institution_label",
    "level",
    "year",
    "date",
    "published",
    "neighbourhood",
    "neighbourhood_label",
    "stadsdeel",
    "theme",
    "theme_label",
    "commissioner",
    "type",
    "language",
    "summary",
    "findings",
    "recommendations",
    "keywords",
    "license",
    "license_url",
]

#: Fields of each report in reports.json (documented in docs/open-data.md).
JSON_FIELDS = [*CSV_FIELDS, "summary_translations"]


def csv_safe(value: object) -> str:
    """A cell that spreadsheets show as text: a leading = + - @ tab or CR gets a quote mark,
    so '=HYPERLINK(…)' in a report title never runs as a formula."""
    return str(shared_csv_safe("" if value is None else str(value)))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """UTF-8 with a byte-order mark (so Excel reads accents right), comma-separated, RFC 4180."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([csv_safe(h) for h in header])
        for row in rows:
            writer.writerow([csv_safe(v) for v in row])


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def report_record(report: Report, site: Site) -> dict[str, Any]:
    """The public metadata of one report (no consent or review details)."""
    m = report.meta
    vocabulary = site.vocabulary
    stadsdelen = []
    for wijk in m.neighbourhood:
        group = vocabulary.wijken.get(wijk).group
        if group and group not in stadsdelen:
            stadsdelen.append(group)
    return {
        "id": report.key,
        "url": absolute_url(site, report.url),
        "title": m.title,
        "subtitle": m.subtitle,
        "authors": [_author(a) for a in m.authors],
        "supervisors": list(m.supervisors),
        "institution": list(m.institution),
        "institution_label": [vocabulary.institutions.label(i) for i in m.institution],
        "level": list(m.level),
        "year": m.year,
        "date": _iso(m.date),
        "published": _iso(published_on(report)),
        "neighbourhood": list(m.neighbourhood),
        "neighbourhood_label": [vocabulary.wijken.label(w) for w in m.neighbourhood],
        "stadsdeel": stadsdelen,
        "theme": list(m.theme),
        "theme_label": [vocabulary.themes.label(t) for t in m.theme],
        "commissioner": m.commissioner,
        "type": m.type,
        "language": m.language,
        "summary": m.summary,
        "findings": list(m.findings),
        "recommendations": list(m.recommendations),
        "keywords": list(m.keywords),
        "license": m.license,
        "license_url": LICENSE_URLS.get(m.license) or None,
        "summary_translations": [t.model_dump() for t in m.summary_translations],
    }


def _author(author: Author) -> dict[str, str]:
    """An author in open data: the name as shown, its parts by the one name model, the rest."""
    person = author.person
    data = {"name": person.display, "family": person.family, "given": person.given}
    data.update(author.model_dump(exclude_none=True, exclude={"name", "family", "given"}))
    return data


def csv_cell(value: Any) -> object:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(
            item["name"] if isinstance(item, dict) else str(item) for item in value
        )
    return "" if value is None else value


def exported_reports(site: Site) -> list[Report]:
    """What open data contains: published reports only (also in a preview), sorted by key so
    successive builds give small diffs."""
    return sorted(site.published, key=lambda r: r.key)


def write_reports(site: Site, site_dir: Path) -> None:
    records = [report_record(r, site) for r in exported_reports(site)]
    folder = site_dir / DATA_DIR
    write_csv(
        folder / "reports.csv",
        CSV_FIELDS,
        ([csv_cell(record[f]) for f in CSV_FIELDS] for record in records),
    )
    document = {
        "title": "WIJS Onderzoeksbank: gepubliceerde rapporten",
        "generated": site.today.isoformat(),
        "schema": absolute_url(site, f"{DATA_DIR}/report.schema.json"),
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "count": len(records),
        "reports": records,
    }
    (folder / "reports.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (folder / "report.schema.json").write_text(
        json.dumps(report_schema(site.vocabulary), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )


def write_robots(site: Site, site_dir: Path) -> None:
    """robots.txt: everything may be indexed (not a preview), and where the sitemap is."""
    lines = ["User-agent: *", "Disallow: /" if site.preview else "Allow: /"]
    if site.site_url:
        lines += ["", f"Sitemap: {absolute_url(site, 'sitemap.xml')}"]
    (site_dir / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- Dublin Core / OAI-PMH ------------------------------------------------------------------


def oai_identifier(site: Site, report: Report) -> str:
    domain = urlparse(site.site_url).hostname if site.site_url else None
    return f"oai:{domain or FALLBACK_DOMAIN}:{report.key}"


def dublin_core(report: Report, site: Site) -> ET.Element:
    """One ``oai_dc:dc`` record, by the one Dublin Core writer (also the deposit's and the
    page's)."""
    pdf = find_pdf(report, site)
    statements = dc.elements(
        report,
        site.vocabulary,
        page_url=absolute_url(site, report.url),
        pdf_url=absolute_url(site, pdf) if pdf else "",
    )
    return dc.oai_dc(statements)


def _tree_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _envelope_bytes(root: ET.Element) -> bytes:
    """The OAI-PMH envelope with its namespace as the default one, as harvesters are used to.

    ElementTree's ``default_namespace`` refuses unprefixed attributes such as ``verb``, so the
    envelope is written with a private prefix that is then dropped; content text never holds a
    raw '<', so only tags match.
    """
    text = _tree_bytes(root).decode("utf-8")
    text = text.replace(f'xmlns:{_PREFIX}="', 'xmlns="', 1)
    text = text.replace(f"<{_PREFIX}:", "<").replace(f"</{_PREFIX}:", "</")
    return text.encode("utf-8")


_PREFIX = "oaipmh"


def record_file_name(report: Report) -> str:
    return f"{report.folder_year}-{report.slug}.xml"


def list_records(site: Site) -> ET.Element:
    """All records in an OAI-PMH ListRecords response; withdrawn reports as deleted records."""
    envelope = ET.Element(f"{{{OAI_PMH}}}OAI-PMH")
    envelope.set(f"{{{XSI}}}schemaLocation", f"{OAI_PMH} {OAI_PMH_SCHEMA}")
    ET.SubElement(
        envelope, f"{{{OAI_PMH}}}responseDate"
    ).text = f"{site.today.isoformat()}T00:00:00Z"
    request = ET.SubElement(envelope, f"{{{OAI_PMH}}}request")
    request.set("verb", "ListRecords")
    request.set("metadataPrefix", "oai_dc")
    request.text = absolute_url(site, f"{OAI_DIR}/ListRecords.xml")
    records = ET.SubElement(envelope, f"{{{OAI_PMH}}}ListRecords")
    for report in exported_reports(site):
        record = ET.SubElement(records, f"{{{OAI_PMH}}}record")
        header = ET.SubElement(record, f"{{{OAI_PMH}}}header")
        ET.SubElement(header, f"{{{OAI_PMH}}}identifier").text = oai_identifier(site, report)
        stamp = published_on(report) or report.sort_date
        ET.SubElement(header, f"{{{OAI_PMH}}}datestamp").text = stamp.isoformat()
        metadata = ET.SubElement(record, f"{{{OAI_PMH}}}metadata")
        metadata.append(dublin_core(report, site))
    for report in sorted(site.withdrawn, key=lambda r: r.key):
        record = ET.SubElement(records, f"{{{OAI_PMH}}}record")
        header = ET.SubElement(record, f"{{{OAI_PMH}}}header", status="deleted")
        ET.SubElement(header, f"{{{OAI_PMH}}}identifier").text = oai_identifier(site, report)
        ET.SubElement(header, f"{{{OAI_PMH}}}datestamp").text = site.today.isoformat()
    return envelope


def write_oai(site: Site, site_dir: Path) -> None:
    ET.register_namespace("oai_dc", OAI_DC)
    ET.register_namespace("dc", DC)
    ET.register_namespace("xsi", XSI)
    ET.register_namespace(_PREFIX, OAI_PMH)
    folder = site_dir / OAI_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for report in exported_reports(site):
        (folder / record_file_name(report)).write_bytes(_tree_bytes(dublin_core(report, site)))
    (folder / "ListRecords.xml").write_bytes(_envelope_bytes(list_records(site)))


def write_open_data(site: Site, site_dir: Path) -> None:
    """The OUTPUT_WRITERS entry: every open-data file of the site."""
    write_reports(site, site_dir)
    write_robots(site, site_dir)
    write_oai(site, site_dir)
