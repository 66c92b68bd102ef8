"""The one BibTeX → CSL-JSON conversion. pybtex reads the .bib; here every entry becomes a
CSL-JSON item for the CSL engine (site, PDF, DOCX alike), and the quirks of real .bib files are
fixed once: entry and thesis types, name particles (by the one name model), {protected} words,
LaTeX accents, English Title Case titles in sentence case, dates, DOIs and page ranges."""

from __future__ import annotations

import re
from typing import Any

from pybtex.database import BibliographyData, Entry, Person

from wijs.citations.latex import to_csl, to_text
from wijs.names import PersonName, split_particles

#: BibTeX/biblatex entry type → CSL type.
TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "manual": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "unpublished": "manuscript",
    "patent": "patent",
    "dataset": "dataset",
    "software": "software",
    "periodical": "periodical",
    "misc": "document",
}
#: Thesis kinds ('type' field or entry type) → the words APA uses, per language.
THESIS_GENRES = {
    "phd": ("Proefschrift", "Doctoral dissertation"),
    "master": ("Masterscriptie", "Master's thesis"),
    "bachelor": ("Bachelorscriptie", "Bachelor's thesis"),
}
_THESIS_KIND = {
    "phdthesis": "phd",
    "phd": "phd",
    "doctoral": "phd",
    "dissertation": "phd",
    "proefschrift": "phd",
    "mathesis": "master",
    "mastersthesis": "master",
    "master": "master",
    "masters": "master",
    "masterscriptie": "master",
    "bathesis": "bachelor",
    "bachelor": "bachelor",
    "bachelorsthesis": "bachelor",
    "bachelorscriptie": "bachelor",
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "januari"),
            ("feb", "february", "februari"),
            ("mar", "march", "maart"),
            ("apr", "april"),
            ("may", "mei"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august", "augustus"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
ENGLISH = {"english", "american", "british", "en", "en-us", "en-gb", "usenglish", "ukenglish"}
_ENGLISH_WORDS = {"the", "of", "and", "for", "with", "from", "on", "to", "an", "a", "its", "how"}
_DUTCH_WORDS = {"de", "het", "een", "van", "en", "voor", "met", "naar", "over", "bij", "uit"}
_DUTCH_LOOK = re.compile(r"ij|aa|uu|oe|sch|eeu|en$")
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_RANGE = re.compile(r"\s*(?:-{1,3}|–|—)\s*")


def person(value: Person) -> dict[str, str]:
    """A pybtex person as CSL-JSON by the one name model: '{Gemeente Groningen}' stays whole,
    'Fatima El Amrani' and 'Amrani, Fatima El' are both 'El Amrani, Fatima'."""
    last = value.prelast_names + value.last_names
    given = value.first_names + value.middle_names
    if not given and len(last) == 1 and last[0].startswith("{") and last[0].endswith("}"):
        return {"literal": to_text(last[0])}
    name = split_particles(to_text(" ".join(given)), to_text(" ".join(last)))
    item = PersonName(name.family, name.given).csl
    if value.lineage_names and "family" in item:
        item["suffix"] = to_text(" ".join(value.lineage_names))
    return item


def _date(entry: Entry, field: str = "date") -> dict[str, Any] | None:
    fields = entry.fields
    raw = to_text(fields.get(field, ""))
    match = _DATE.match(raw) if raw else None
    if match:
        parts = [int(p) for p in match.groups() if p]
        return {"date-parts": [parts]}
    if field != "date":
        return None
    year = to_text(fields.get("year", ""))
    found = re.search(r"\d{4}", year)
    if not found:
        return {"literal": year} if year else None
    parts = [int(found.group())]
    month = to_text(fields.get("month", "")).strip().lower().rstrip(".")
    number = int(month) if month.isdigit() else MONTHS.get(month)
    if number and 1 <= number <= 12:
        parts.append(number)
    return {"date-parts": [parts]}


def _is_english(entry: Entry, report_language: str) -> bool:
    language = to_text(entry.fields.get("langid", "") or entry.fields.get("language", ""))
    if language:
        return language.strip().lower() in ENGLISH
    words = set(re.findall(r"[a-z]+", to_text(entry.fields.get("title", "")).lower()))
    if words & _DUTCH_WORDS:
        return False
    if words & _ENGLISH_WORDS:
        return True
    # no telling words: English in an English report unless it looks Dutch ('wijk', 'buurt');
    # otherwise left as written, so that 'Ouderen in Selwerd' keeps its capital
    english_report = report_language.split("-")[0].lower() == "en"
    return english_report and not any(_DUTCH_LOOK.search(w) for w in words)


def _thesis_genre(entry: Entry, dutch: bool) -> str | None:
    written = to_text(entry.fields.get("type", ""))
    kind = _THESIS_KIND.get(re.sub(r"[^a-z]", "", written.lower())) or _THESIS_KIND.get(
        entry.type.lower()
    )
    if kind is None:
        return written or None
    return THESIS_GENRES[kind][0 if dutch else 1]


def entry_to_csl(key: str, entry: Entry, report_language: str) -> dict[str, Any]:
    """One .bib entry as a CSL-JSON item with id ``key``."""
    fields = entry.fields
    kind = entry.type.lower()
    dutch = report_language.split("-")[0].lower() == "nl"
    english = _is_english(entry, report_language)

    def text(name: str) -> str:
        return to_text(fields.get(name, ""))

    def rich(name: str, sentence: bool = False) -> str:
        return to_csl(fields.get(name, ""), sentence and english)

    item: dict[str, Any] = {"id": key, "type": TYPES.get(kind, "document")}
    if kind == "misc" and (fields.get("url") or fields.get("howpublished", "").startswith("\\url")):
        item["type"] = "webpage"
    for role in ("author", "editor", "translator"):
        people = entry.persons.get(role)
        if people:
            item[role] = [person(p) for p in people]
    title = rich("title", True)
    if fields.get("subtitle"):
        subtitle = rich("subtitle", True)
        title = f"{title}: {subtitle[:1].upper()}{subtitle[1:]}" if title else subtitle
    if title:
        item["title"] = title
    container = fields.get("journaltitle") or fields.get("journal") or fields.get("booktitle")
    if container:
        item["container-title"] = to_csl(container, english and "booktitle" in fields)
    if fields.get("series"):
        item["collection-title"] = rich("series")
    issued = _date(entry)
    if issued:
        item["issued"] = issued
    accessed = _date(entry, "urldate")
    if accessed:
        item["accessed"] = accessed
    for source, target in (("volume", "volume"), ("edition", "edition")):
        if fields.get(source):
            item[target] = text(source)
    if fields.get("number"):
        # '18-2059' is one report number, not a range ('Nos.'): a non-breaking hyphen
        number = re.sub(r"(?<=\w)-(?=\w)", "\u2011", text("number"))
        item["issue" if item["type"] == "article-journal" else "number"] = number
    if fields.get("pages"):
        item["page"] = _RANGE.sub("-", text("pages"))
    publisher = (
        fields.get("publisher")
        or fields.get("institution")
        or fields.get("school")
        or fields.get("organization")
    )
    howpublished = fields.get("howpublished", "")
    if not publisher and howpublished and not howpublished.lstrip().startswith("\\url"):
        publisher = howpublished
    if publisher:
        item["publisher"] = to_csl(publisher)
    place = fields.get("location") or fields.get("address")
    if place:
        item["publisher-place"] = to_text(place)
    if item["type"] == "thesis":
        genre = _thesis_genre(entry, dutch)
        if genre:
            item["genre"] = genre
    elif fields.get("type"):
        item["genre"] = text("type")
    url = text("url")
    if not url and howpublished.lstrip().startswith("\\url"):
        url = to_text(howpublished)
    if url:
        item["URL"] = url
    if fields.get("doi"):
        item["DOI"] = _DOI.sub("", text("doi")).strip()
    language = text("langid") or text("language")
    if language:
        item["language"] = language
    return item


def bibliography_items(
    data: BibliographyData, keys: list[str], report_language: str
) -> list[dict[str, Any]]:
    """The cited entries of a .bib (keys as written in the .bib) as CSL-JSON items."""
    items = []
    for key in keys:
        entry = data.entries.get(key)
        if entry is not None:
            items.append(entry_to_csl(key, entry, report_language))
    return items
