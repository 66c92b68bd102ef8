"""A deposit package for one report: the PDF plus its metadata as Dublin Core (oai_dc) and as a
CSV row, so a student can deposit the report in the HBO Kennisbank (Sharekit) or the RUG thesis
repository without typing everything again. Only reports with complete consent."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from wijs.model import LICENSE_LABELS, LICENSE_URLS, Report
from wijs.rights.confidential import find_leaks, secrets_of
from wijs.rights.consent import PARTS, missing_parts
from wijs.rights.figures import body_with_credits
from wijs.vocabulary import Vocabulary

#: The usual fields of an institution repository, in this order.
FIELDS = (
    "title",
    "authors",
    "date",
    "abstract",
    "keywords",
    "language",
    "licence",
    "institution",
    "programme",
    "supervisor",
    "commissioner",
    "type",
    "file",
)

#: Column names per target: Sharekit's Dutch form labels (HBO Kennisbank), the English labels of
#: the RUG student theses repository, and our own field names.
TARGETS: dict[str, dict[str, str]] = {
    "generic": {name: name for name in FIELDS},
    "sharekit": {
        "title": "Titel",
        "authors": "Auteurs",
        "date": "Publicatiedatum",
        "abstract": "Samenvatting",
        "keywords": "Trefwoorden",
        "language": "Taal",
        "licence": "Licentie",
        "institution": "Organisatie",
        "programme": "Opleiding",
        "supervisor": "Begeleider",
        "commissioner": "Opdrachtgever",
        "type": "Soort publicatie",
        "file": "Bestand",
    },
    "rug": {
        "title": "Title",
        "authors": "Author",
        "date": "Date",
        "abstract": "Abstract",
        "keywords": "Keywords",
        "language": "Language",
        "licence": "Rights",
        "institution": "Institution",
        "programme": "Programme",
        "supervisor": "Supervisor",
        "commissioner": "Client organisation",
        "type": "Type",
        "file": "File",
    },
}

#: Language names per target; other codes stay as written (BCP 47).
LANGUAGE_NAMES = {
    "sharekit": {"nl": "Nederlands", "en": "Engels", "ar": "Arabisch", "de": "Duits"},
    "rug": {"nl": "Dutch", "en": "English", "ar": "Arabic", "de": "German"},
}
#: Type of publication in the words of the repositories (vocabulary id → text).
TYPE_NAMES = {
    "rug": {"scriptie": "Thesis", "poster": "Poster"},
}
#: Dublin Core type in the info:eu-repo vocabulary harvesters (OpenAIRE, NARCIS) understand.
EU_REPO_TYPES = {"scriptie": "bachelorThesis", "poster": "conferencePoster"}
SEPARATOR = "; "
PUBLISHER = "WIJS Groningen"

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"


class DepositRefused(Exception):
    """The report may not be deposited (yet); the message says why, in Dutch."""


@dataclass(frozen=True)
class DepositPackage:
    folder: Path
    pdf: Path
    dublin_core: Path
    csv: Path


def refusal(report: Report) -> str | None:
    """Why the report may not be deposited, or None."""
    consent = report.meta.consent
    if consent is None:
        return (
            f"{report.source}: er is geen toestemming (consent) vastgelegd. Deponeren mag pas "
            "als alle auteurs en de opdrachtgever akkoord zijn en respondenten anoniem zijn of "
            "toestemming gaven. Zie docs/toestemming.md."
        )
    problems = [f"{name}: {PARTS[name][1]}" for name in missing_parts(consent)]
    if consent.authors is False:
        problems.append("authors: " + PARTS["authors"][1])
    if problems:
        return (
            f"{report.source}: de toestemming is niet compleet, dus het rapport kan niet "
            "gedeponeerd worden.\n- " + "\n- ".join(problems)
        )
    return None


def _unique(items: list[str]) -> list[str]:
    """Non-empty items, each once (ignoring capitals), first spelling kept."""
    seen: dict[str, str] = {}
    for item in items:
        if item and item.casefold() not in seen:
            seen[item.casefold()] = item
    return list(seen.values())


def record(report: Report, vocabulary: Vocabulary, target: str = "generic") -> dict[str, str]:
    """The metadata fields (our names, in FIELDS order) as the target repository writes them."""
    meta = report.meta
    commissioner = meta.commissioner or ""
    consent = meta.consent
    if not commissioner and consent is not None and not isinstance(consent.commissioner, str):
        commissioner = consent.commissioner.name if consent.commissioner else ""
    language = meta.language
    licence = (
        LICENSE_LABELS.get(meta.license, meta.license) if target != "generic" else str(meta.license)
    )
    type_id = str(meta.type)
    type_text = TYPE_NAMES.get(target, {}).get(type_id, vocabulary.types.label(type_id))
    return {
        "title": meta.title + (f": {meta.subtitle}" if meta.subtitle else ""),
        "authors": SEPARATOR.join(a.person.inverted for a in meta.authors),
        "date": (meta.date or report.sort_date).isoformat(),
        "abstract": " ".join(meta.summary.split()),
        "keywords": SEPARATOR.join(meta.keywords),
        "language": LANGUAGE_NAMES.get(target, {}).get(language, language),
        "licence": licence,
        "institution": SEPARATOR.join(vocabulary.institutions.label(i) for i in meta.institution),
        "programme": SEPARATOR.join(_unique([a.programme or "" for a in meta.authors])),
        "supervisor": SEPARATOR.join(meta.supervisors),
        "commissioner": commissioner,
        "type": type_text,
        "file": pdf_name(report),
    }


def pdf_name(report: Report) -> str:
    return f"{report.slug}.pdf"


# -- Dublin Core ---------------------------------------------------------------------------


def dublin_core(report: Report, vocabulary: Vocabulary, site_url: str = "") -> ET.ElementTree:
    """The report as an oai_dc record (the format every OAI-PMH repository ingests)."""
    ET.register_namespace("oai_dc", OAI_DC)
    ET.register_namespace("dc", DC)
    ET.register_namespace("xsi", XSI)
    meta = report.meta
    fields = record(report, vocabulary)
    root = ET.Element(f"{{{OAI_DC}}}dc", {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})

    def add(name: str, value: str, lang: str | None = None) -> None:
        if value:
            element = ET.SubElement(root, f"{{{DC}}}{name}")
            element.text = value
            if lang:
                element.set("{http://www.w3.org/XML/1998/namespace}lang", lang)

    add("title", fields["title"], meta.language)
    for author in meta.authors:
        add("creator", author.person.inverted)
    for supervisor in meta.supervisors:
        add("contributor", supervisor)
    add("contributor", fields["commissioner"])
    subjects = [
        *meta.keywords,
        *(vocabulary.themes.label(t) for t in meta.theme),
        *(vocabulary.wijken.label(w) for w in meta.neighbourhood),
    ]
    for subject in _unique(subjects):
        add("subject", subject)
    add("description", fields["abstract"], meta.language)
    details = [
        ("Instelling", fields["institution"]),
        ("Opleiding", fields["programme"]),
        ("Begeleider", fields["supervisor"]),
        ("Opdrachtgever", fields["commissioner"]),
        ("Niveau", SEPARATOR.join(meta.level)),
    ]
    add("description", ". ".join(f"{label}: {value}" for label, value in details if value) + ".")
    for institution in meta.institution:
        add("publisher", vocabulary.institutions.label(institution))
    add("publisher", PUBLISHER)
    add("date", fields["date"])
    add("type", "info:eu-repo/semantics/" + EU_REPO_TYPES.get(str(meta.type), "report"))
    add("type", fields["type"])
    add("format", "application/pdf")
    if site_url:
        add("identifier", site_url.rstrip("/") + "/" + report.url)
    add("language", meta.language)
    for wijk in meta.neighbourhood:
        add("coverage", f"{vocabulary.wijken.label(wijk)}, Groningen")
    add("rights", LICENSE_URLS.get(meta.license) or LICENSE_LABELS.get(meta.license, ""))
    add("rights", fields["licence"])
    ET.indent(root)
    return ET.ElementTree(root)


# -- CSV -------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_text(report: Report, vocabulary: Vocabulary, target: str) -> str:
    columns = TARGETS[target]
    fields = record(report, vocabulary, target)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([columns[name] for name in FIELDS])
    writer.writerow([safe_cell(fields[name]) for name in FIELDS])
    return buffer.getvalue()


# -- the package -------------------------------------------------------------------------------


def deposit_markdown(report: Report) -> str:
    """What the PDF contains: the summary, the public body with figure credits, the licence."""
    meta = report.meta
    parts = ["## Samenvatting", "", meta.summary.strip(), "", body_with_credits(report).strip()]
    licence = LICENSE_LABELS.get(meta.license, meta.license)
    parts += ["", "---", "", f"*Licentie: {licence}. Gepubliceerd via de WIJS Onderzoeksbank.*"]
    return "\n".join(parts) + "\n"


BIBLIOGRAPHY = "references.bib"
_CITATION = re.compile(r"(?<![\w\\])@(?=\w)")


def pdf_metadata(report: Report) -> dict[str, object]:
    meta = report.meta
    data: dict[str, object] = {"title": meta.title, "author": meta.author_names}
    if meta.subtitle:
        data["subtitle"] = meta.subtitle
    data["date"] = (meta.date or report.sort_date).isoformat()
    if (report.folder / BIBLIOGRAPHY).is_file():
        # Typst reads the BibTeX file itself and formats the citations in APA style
        data["bibliography"] = BIBLIOGRAPHY
        data["bibliographystyle"] = "apa"
    return data


def _pdf_source(report: Report) -> str:
    markdown = deposit_markdown(report)
    if not (report.folder / BIBLIOGRAPHY).is_file():
        # without references.bib a citation would stop Typst: keep it as plain text
        markdown = _CITATION.sub(r"\\@", markdown)
    return markdown


def write_deposit(
    report: Report,
    vocabulary: Vocabulary,
    target: str,
    output: Path,
    *,
    site_url: str = "",
) -> DepositPackage:
    """Write PDF, Dublin Core XML and CSV into ``output``. Raises DepositRefused when consent is
    incomplete or a confidential part would end up in the package; TypesetError from pandoc."""
    from wijs.typeset import markdown_to_pdf

    if target not in TARGETS:
        raise DepositRefused(f"Onbekend doel '{target}'; kies uit {', '.join(TARGETS)}.")
    reason = refusal(report)
    if reason:
        raise DepositRefused(reason)
    output.mkdir(parents=True, exist_ok=True)
    pdf = markdown_to_pdf(
        _pdf_source(report),
        output / pdf_name(report),
        metadata=pdf_metadata(report),
        resource_dir=report.folder,
        language=report.meta.language,
    )
    xml_path = output / "metadata-dc.xml"
    dublin_core(report, vocabulary, site_url).write(
        xml_path, encoding="utf-8", xml_declaration=True
    )
    csv_path = output / f"metadata-{target}.csv"
    # utf-8-sig: Excel opens the accents and Arabic correctly
    csv_path.write_text(csv_text(report, vocabulary, target), encoding="utf-8-sig")
    package = DepositPackage(output, pdf, xml_path, csv_path)
    leaks = find_leaks(secrets_of(report), output, thorough_under=[""], is_site=False)
    if leaks:
        for path in (pdf, xml_path, csv_path):
            path.unlink(missing_ok=True)
        names = ", ".join(sorted({secret.label for secret, _ in leaks}))
        raise DepositRefused(
            f"{report.source}: het pakket zou vertrouwelijke delen bevatten ({names}); er is "
            "niets geschreven. Zie docs/toestemming.md, 'Vertrouwelijke delen'."
        )
    return package
