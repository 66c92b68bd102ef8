"""The report itself as a citable work: its APA 7 reference and BibTeX, RIS and CSL-JSON exports
(one report, or all reports of a facet page in one file)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable

from wijs.citations import engine
from wijs.citations.diskcache import disk_cache
from wijs.citations.labels import labels_for
from wijs.model import LICENSE_URLS, Report
from wijs.names import PersonName
from wijs.pages.site import Site

EXPORT_SUFFIXES = {"bibtex": ".bib", "ris": ".ris", "csl": ".csl.json"}
# our report types as BibTeX, RIS, CSL and schema.org types
THESIS_TYPES = {"scriptie"}
LICENSE_IDS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
}


def absolute_url(site: Site, url: str) -> str:
    """A site-relative URL made absolute with mkdocs.yml's site_url (when it is set)."""
    base = getattr(site, "site_url", "") or ""
    if not base:
        return url
    return base.rstrip("/") + "/" + url.lstrip("/")


def export_name(report: Report, kind: str) -> str:
    """File name of an export, next to the report page: '<slug>.bib'."""
    return report.slug + EXPORT_SUFFIXES[kind]


def full_title(report: Report) -> str:
    title = report.meta.title
    if report.meta.subtitle:
        joiner = " " if title[-1:] in "?!:" else ": "
        title = f"{title}{joiner}{report.meta.subtitle}"
    return title


def institution_labels(report: Report, site: Site) -> list[str]:
    return [site.facet_label("institution", i) for i in report.meta.institution]


def type_label(report: Report, site: Site) -> str:
    labels = labels_for(report.meta.language)
    return labels.types.get(report.meta.type) or site.vocabulary.types.label(report.meta.type)


def _commissioner_note(report: Report) -> str:
    return f"{labels_for(report.meta.language).commissioner}: {report.meta.commissioner}"


def citation_key(report: Report) -> str:
    """'elamrani2024eenzaamheid': first author's family name, year, first word of the title."""
    first = report.meta.authors[0].person.family if report.meta.authors else "wijs"
    words = [w for w in re.split(r"\W+", _ascii(report.meta.title).lower()) if len(w) > 3]
    return (
        re.sub(r"[^a-z0-9]", "", _ascii(first).lower())
        + str(report.meta.year)
        + (words[0] if words else "")
    )


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c))
        .encode("ascii", "ignore")
        .decode()
    )


# -- APA 7: the report's own CSL-JSON item through the one CSL engine -----------------------


def cite_this_job(report: Report, site: Site) -> engine.Job:
    """The report's reference for "Citeer dit", as a job for the CSL engine."""
    items = engine.items_json([engine.literal_item(csl_item(report, site))])
    return engine.Job(items, (), report.meta.language, nocite=True)


def apa_reference(report: Report, site: Site) -> tuple[str, str]:
    """(HTML, plain text) of the APA 7 reference of the report."""
    [rendered] = engine.render([cite_this_job(report, site)], disk_cache(report.root.parent))
    html = rendered.references[0][1] if rendered.references else ""
    return html, engine.plain_text(html)


# -- BibTeX --------------------------------------------------------------------------------------

_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")


def _bibtex_text(text: str) -> str:
    """Plain text as a BibTeX value: LaTeX specials escaped, Unicode kept (UTF-8 file)."""
    text = " ".join(text.split())
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES[m.group(0)], text)


def _bibtex_url(url: str) -> str:
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _bibtex_name(c: PersonName) -> str:
    family = _bibtex_text(c.family)
    given = _bibtex_text(c.given)
    # a family name of several capitalised words stays together: {El Amrani}
    if " " in family and not any(w[:1].islower() for w in family.split()):
        family = "{" + family + "}"
    return f"{family}, {given}" if given else family


def bibtex(report: Report, site: Site, key: str | None = None) -> str:
    meta = report.meta
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(_bibtex_name(a.person) for a in meta.authors)),
        ("title", "{" + _bibtex_text(full_title(report)) + "}"),
        ("year", str(meta.year)),
    ]
    if meta.date:
        fields.append(("date", meta.date.isoformat()))
        fields.append(("month", str(meta.date.month)))
    kind = "thesis" if meta.type in THESIS_TYPES else "report"
    institutions = " and ".join(
        "{" + _bibtex_text(label) + "}" for label in institution_labels(report, site)
    )
    fields.append(("school" if kind == "thesis" else "institution", institutions))
    fields.append(("type", _bibtex_text(type_label(report, site))))
    if meta.commissioner:
        fields.append(("note", _bibtex_text(_commissioner_note(report))))
    fields.append(("url", _bibtex_url(absolute_url(site, report.url))))
    fields.append(("language", _bibtex_text(meta.language)))
    if meta.keywords:
        fields.append(("keywords", _bibtex_text(", ".join(meta.keywords))))
    fields.append(("abstract", _bibtex_text(meta.summary)))
    if meta.license in LICENSE_IDS:
        fields.append(("license", _bibtex_text(meta.license)))
    entry_type = "thesis" if kind == "thesis" else "techreport"
    lines = [f"@{entry_type}{{{key or citation_key(report)},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    return "\n".join(lines) + "\n"


def bibtex_collection(reports: Iterable[Report], site: Site) -> str:
    """Several reports in one .bib, with unique keys ('…a', '…b' on a clash)."""
    seen: dict[str, int] = {}
    parts = []
    for report in reports:
        key = citation_key(report)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            key += chr(ord("a") + count - 1) if count <= 26 else str(count)
        parts.append(bibtex(report, site, key))
    return "\n".join(parts)


# -- RIS -----------------------------------------------------------------------------------------


def _ris_value(text: str) -> str:
    return " ".join(str(text).split())


def ris(report: Report, site: Site) -> str:
    meta = report.meta
    kind = "THES" if meta.type in THESIS_TYPES else "RPRT"
    lines = [("TY", kind)]
    lines += [("AU", a.person.inverted) for a in meta.authors]
    lines.append(("TI", full_title(report)))
    lines.append(("PY", str(meta.year)))
    if meta.date:
        lines.append(("DA", meta.date.strftime("%Y/%m/%d")))
    lines += [("PB", label) for label in institution_labels(report, site)]
    lines.append(("M3", type_label(report, site)))
    lines.append(("UR", absolute_url(site, report.url)))
    lines.append(("LA", meta.language))
    lines += [("KW", k) for k in meta.keywords]
    lines.append(("AB", meta.summary))
    if meta.commissioner:
        lines.append(("N1", _commissioner_note(report)))
    lines.append(("ID", citation_key(report)))
    text = "".join(f"{tag}  - {_ris_value(value)}\n" for tag, value in lines)
    return text + "ER  - \n"


# -- CSL-JSON ------------------------------------------------------------------------------------


def csl_item(report: Report, site: Site) -> dict[str, object]:
    meta = report.meta
    date_parts: list[int] = [meta.year]
    if meta.date:
        date_parts = [meta.date.year, meta.date.month, meta.date.day]
    item: dict[str, object] = {
        "id": citation_key(report),
        "type": "thesis" if meta.type in THESIS_TYPES else "report",
        "title": full_title(report),
        "author": [a.person.csl for a in meta.authors],
        "issued": {"date-parts": [date_parts]},
        "publisher": "; ".join(institution_labels(report, site)),
        "genre": type_label(report, site),
        "URL": absolute_url(site, report.url),
        "language": meta.language,
        "abstract": meta.summary,
    }
    if meta.keywords:
        item["keyword"] = ", ".join(meta.keywords)
    if meta.commissioner:
        item["note"] = _commissioner_note(report)
    if LICENSE_URLS.get(meta.license):
        item["license"] = LICENSE_IDS.get(meta.license, meta.license)
    return item


def csl_json(reports: Iterable[Report], site: Site) -> str:
    items = [csl_item(r, site) for r in reports]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
