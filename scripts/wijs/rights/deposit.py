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

from wijs import dublin_core as dc
from wijs.errors import WijsError
from wijs.model import LICENSE_LABELS, Report
from wijs.names import parse_name
from wijs.rights.confidential import find_leaks, secrets_of
from wijs.rights.consent import PARTS, missing_parts
from wijs.rights.figures import body_with_credits
from wijs.typeset import markdown_to_pdf, typeset_files, workspace
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
SEPARATOR = "; "


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


def record(report: Report, vocabulary: Vocabulary, target: str = "generic") -> dict[str, str]:
    """The metadata fields (our names, in FIELDS order) as the target repository writes them."""
    meta = report.meta
    commissioner = dc.commissioner(report)
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
        "programme": SEPARATOR.join(dc.unique([a.programme or "" for a in meta.authors])),
        "supervisor": SEPARATOR.join(parse_name(s).inverted for s in meta.supervisors),
        "commissioner": commissioner,
        "type": type_text,
        "file": pdf_name(report),
    }


def pdf_name(report: Report) -> str:
    return f"{report.slug}.pdf"


# -- Dublin Core ---------------------------------------------------------------------------


def dublin_core(report: Report, vocabulary: Vocabulary, site_url: str = "") -> ET.ElementTree:
    """The report as an oai_dc record, by the one Dublin Core writer (also open data's): with
    its page and PDF on the site when the site's address is known, else the PDF of the
    package."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    page = base + report.url if base else ""
    pdf = base + report.url + pdf_name(report) if base else pdf_name(report)
    root = dc.oai_dc(dc.elements(report, vocabulary, page_url=page, pdf_url=pdf))
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
    """Write PDF, Dublin Core XML and CSV into ``output``. Raises WijsError
    (``deposit-refused``) when consent is incomplete or a confidential part would end up in the
    package, and (``typeset``) when pandoc or Typst fails."""
    if target not in TARGETS:
        raise WijsError.one(
            "deposit-refused", f"Onbekend doel '{target}'; kies uit {', '.join(TARGETS)}."
        )
    reason = refusal(report)
    if reason:
        raise WijsError.one("deposit-refused", reason)
    output.mkdir(parents=True, exist_ok=True)
    with workspace(report.folder, typeset_files(report)) as folder:
        pdf = markdown_to_pdf(
            _pdf_source(report),
            output / pdf_name(report),
            metadata=pdf_metadata(report),
            resource_dir=folder,
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
        raise WijsError.one(
            "deposit-refused",
            f"{report.source}: het pakket zou vertrouwelijke delen bevatten ({names}); er is "
            "niets geschreven. Zie docs/toestemming.md, 'Vertrouwelijke delen'.",
        )
    return package
