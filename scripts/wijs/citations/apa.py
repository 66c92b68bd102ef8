"""APA 7 reference lists and in-text citations: a pybtex formatting style of our own.

``ApaStyle`` follows pybtex's ``BaseStyle`` interface (``format_entries``/``format_entry`` give
``FormattedEntry`` objects with rich text, rendered by any pybtex backend), and adds what APA
needs beyond a plain style: author–date sorting, a/b suffixes for the same authors and year, and
the author/year parts of in-text citations.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from pybtex.backends.html import Backend as HtmlBackend
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database import BibliographyData, Entry, Person
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from wijs.citations.labels import Labels, labels_for
from wijs.citations.latex import to_rich, to_text

MAX_LISTED_AUTHORS = 20  # APA 7: up to 20 authors, then the first 19, '…' and the last

KINDS = {
    "article": "article",
    "suppperiodical": "article",
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "manual": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "periodical": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inproceedings": "chapter",
    "conference": "chapter",
    "inreference": "chapter",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "online",
    "electronic": "online",
    "www": "online",
    "webpage": "online",
    "patent": "patent",
}
# kinds whose title is set in italics (in the list and in in-text citations without author)
ITALIC_TITLE = {"book", "report", "thesis", "online", "patent", "misc"}
# fields a child entry takes from its crossref parent under another name (biblatex)
INHERITED_AS = {"booktitle": "title", "booksubtitle": "subtitle", "booktitleaddon": "titleaddon"}
# biblatex's localisation keys in 'type' fields, and eprint archives, as words
TYPE_KEYS = {"techreport": "report", "resreport": "report"}
EPRINT_NAMES = {"arxiv": "arXiv", "jstor": "JSTOR", "pubmed": "PubMed", "hdl": "Handle"}
LEADING_ARTICLES = re.compile(r"^(?:the|a|an|de|het|een|der|die|das|le|la|les)\s+", re.I)
_PAGE_RANGE = re.compile(r"(?<=\w)\s*(?:-{1,3}|–|—)\s*(?=\w)")
_SAFE_URL = re.compile(r"^(?:https?|ftp)://", re.I)


@dataclass(frozen=True)
class FormattedReference:
    """One entry of the reference list, with what its in-text citations need."""

    key: str
    anchor: str  # HTML id of the entry: 'ref-<key>'
    html: str
    text: str
    authors_parenthetical: str  # HTML: 'Bekkers &amp; Wiepking' (or an italic/quoted title)
    authors_narrative: str  # HTML: 'Bekkers en Wiepking'
    year: str  # '2011', '2011a', 'z.d.', 'z.d.-a'
    sort_key: tuple[object, ...]


def anchor_for(key: str) -> str:
    return "ref-" + re.sub(r"[^\w-]+", "-", key, flags=re.UNICODE).strip("-")


def normalise(text: str) -> str:
    """Letter-by-letter sort form: accents and case ignored, punctuation as a space."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", stripped).split())


def safe_href(url: str) -> str | None:
    """An attribute-safe href for http(s)/ftp URLs; None for anything else (javascript:…)."""
    url = url.strip()
    if not _SAFE_URL.match(url):
        return None
    return html.escape(quote(url, safe=":/?#[]@!$&'()*+,;=%~-._"), quote=True)


def doi_url(doi: str) -> str:
    doi = doi.strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
    return f"https://doi.org/{doi}"


class _Fields:
    """An entry's fields as Unicode, with crossref inheritance."""

    def __init__(self, entry: Entry, bib_data: BibliographyData | None) -> None:
        self.entry = entry
        self._raw: dict[str, str] = {}
        self._people: list[Person] | None = None
        self.parent: Entry | None = None
        parent_key = entry.fields.get("crossref") or entry.fields.get("xref")
        if parent_key and bib_data is not None:
            self.parent = bib_data.entries.get(parent_key)
            if self.parent is entry:
                self.parent = None

    def raw(self, name: str) -> str:
        found = self._raw.get(name)
        if found is None:
            found = self._raw[name] = self._lookup(name)
        return found

    def _lookup(self, name: str) -> str:
        value = self.entry.fields.get(name)
        if value is None and self.parent is not None:
            value = self.parent.fields.get(INHERITED_AS.get(name, name))
            if value is None and name in INHERITED_AS.values():
                value = None  # a child's own title is never its parent's
        return (value or "").strip()

    def text(self, name: str) -> str:
        return to_text(self.raw(name))

    def rich(self, name: str) -> Text:
        return to_rich(self.raw(name))

    def persons(self, role: str) -> list[Person]:
        found = self.entry.persons.get(role)
        if not found and self.parent is not None and role in ("editor", "bookauthor"):
            found = self.parent.persons.get(role)
        return list(found or [])


# -- names -------------------------------------------------------------------------------------


def surname(person: Person) -> str:
    return to_text(" ".join(person.prelast_names + person.last_names))


@lru_cache(maxsize=16384)
def _initial(name: str) -> str:
    text = to_text(name)
    parts = [p for p in text.split("-") if p]
    initials = []
    for part in parts:
        letters = [c for c in part if c.isalpha()]
        if not letters:
            continue
        initials.append(letters[0].upper() + ".")
    return "-".join(initials)


def initials(person: Person) -> str:
    return " ".join(i for i in (_initial(n) for n in person.first_names + person.middle_names) if i)


def name_inverted(person: Person) -> str:
    """'Bekkers, R.' (a group author keeps its full name)."""
    name = surname(person)
    first = initials(person)
    lineage = to_text(" ".join(person.lineage_names))
    parts = [name] + ([first] if first else []) + ([lineage] if lineage else [])
    return ", ".join(parts)


def name_direct(person: Person) -> str:
    """'R. Bekkers', for editors after 'In'."""
    first = initials(person)
    return f"{first} {surname(person)}" if first else surname(person)


def join_reference_names(names: list[str]) -> str:
    """APA list of inverted names: 'A, B., & C, D.'; more than 20: first 19, '…', last."""
    if len(names) == 1:
        return names[0]
    if len(names) > MAX_LISTED_AUTHORS:
        return ", ".join(names[: MAX_LISTED_AUTHORS - 1]) + ", … " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def join_direct_names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _sentence(text: Text) -> Text:
    plain = str(text).rstrip()
    if not plain:
        return text
    if plain[-1] in ".?!":
        return text
    return Text(text, ".")


def _join(parts: Iterable[Text | str | None], separator: str = " ") -> Text:
    kept = [p for p in parts if p is not None and str(p).strip()]
    out: list[Text | str] = []
    for index, part in enumerate(kept):
        if index:
            out.append(separator)
        out.append(part)
    return Text(*out)


def split_list(value: str) -> list[str]:
    """biblatex list fields ('A and B'), split on ' and ' outside braces."""
    parts: list[str] = []
    depth = 0
    start = 0
    index = 0
    while index < len(value):
        char = value[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and value.startswith(" and ", index):
            parts.append(value[start:index])
            start = index + 5
            index += 4
        index += 1
    parts.append(value[start:])
    return [p.strip() for p in parts if p.strip()]


def pages_text(pages: str) -> str:
    return _PAGE_RANGE.sub("–", pages)


# -- the style ---------------------------------------------------------------------------------


class ApaStyle(BaseStyle):
    """APA 7, with Dutch or English words (``labels``)."""

    def __init__(self, labels: Labels | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.labels = labels or labels_for("nl")

    # pybtex interface ---------------------------------------------------------------------------
    def format_entries(
        self, entries: Iterable[Entry], bib_data: BibliographyData | None = None
    ) -> Iterator[FormattedEntry]:
        for entry, label in self.sort_and_label(entries, bib_data):
            yield self.format_entry(label, entry, bib_data=bib_data)

    def format_entry(
        self, label: str, entry: Entry, bib_data: BibliographyData | None = None
    ) -> FormattedEntry:
        fields = _Fields(entry, bib_data)
        return FormattedEntry(entry.key, self.reference(fields, label or self.year(fields)), label)

    # sorting and a/b suffixes ---------------------------------------------------------------------
    def sort_and_label(
        self, entries: Iterable[Entry], bib_data: BibliographyData | None = None
    ) -> list[tuple[Entry, str]]:
        """Entries in APA order, each with its year label ('2011', '2011a', 'z.d.-b')."""
        return [(fields.entry, label) for _, fields, label in self._sorted(entries, bib_data)]

    def _sorted(
        self, entries: Iterable[Entry], bib_data: BibliographyData | None
    ) -> list[tuple[tuple[object, ...], _Fields, str]]:
        keyed = []
        for entry in entries:
            fields = _Fields(entry, bib_data)
            keyed.append((self.sort_key(fields), entry, fields))
        keyed.sort(key=lambda item: item[0])
        groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
        for index, (_, _, fields) in enumerate(keyed):
            people = self.cited_persons(fields)
            if people:
                group = (self._people_key(people), self.year(fields))
                groups[group].append(index)
        labels = [self.year(fields) for _, _, fields in keyed]
        for members in groups.values():
            if len(members) > 1:
                for position, index in enumerate(members):
                    letter = _letters(position)
                    year = labels[index]
                    labels[index] = (
                        f"{year}-{letter}" if year == self.labels.no_date else year + letter
                    )
        return [(key, fields, label) for (key, _, fields), label in zip(keyed, labels, strict=True)]

    def _people_key(self, people: list[Person]) -> tuple[tuple[str, str], ...]:
        return tuple((normalise(surname(p)), normalise(initials(p))) for p in people)

    def sort_key(self, fields: _Fields) -> tuple[object, ...]:
        people = self.cited_persons(fields)
        title = normalise(LEADING_ARTICLES.sub("", self.title_text(fields)))
        if people:
            who: tuple[tuple[str, str], ...] = self._people_key(people)
        else:
            who = ((title, ""),)
        year = self.year(fields)
        if year == self.labels.no_date:
            when: tuple[int, str] = (0, "")
        elif year[:1].isdigit():
            when = (1, year)
        else:
            when = (2, normalise(year))  # 'in press' and the like come last
        return (who, when, title, fields.entry.key.lower())

    # parts ---------------------------------------------------------------------------------------
    def kind(self, fields: _Fields) -> str:
        return KINDS.get(fields.entry.type.lower(), "misc")

    def cited_persons(self, fields: _Fields) -> list[Person]:
        """Who stands in the author position: authors, else editors (of a whole book)."""
        if fields._people is None:
            fields._people = self._cited_persons(fields)
        return fields._people

    def _cited_persons(self, fields: _Fields) -> list[Person]:
        authors = fields.persons("author")
        if authors:
            return authors
        if self.kind(fields) in ("book", "misc", "online", "report") and fields.persons("editor"):
            return fields.persons("editor")
        organisation = fields.raw("organization")
        if organisation:
            return [Person(last=organisation)]
        return []

    def year(self, fields: _Fields) -> str:
        year = fields.text("year")
        if not year:
            date = fields.raw("date")
            if date:
                parts = [p.split("-")[0] for p in date.split("/")]
                parts = [p for p in parts if p and p != ".."]
                year = "–".join(dict.fromkeys(parts))
        return year or self.labels.no_date

    def full_date(self, fields: _Fields) -> tuple[int, int, int] | None:
        match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", fields.raw("date"))
        if match:
            y, m, d = (int(g) for g in match.groups())
            if 1 <= m <= 12 and 1 <= d <= 31:
                return y, m, d
        return None

    def title_text(self, fields: _Fields) -> str:
        return str(self.title(fields))

    def title(self, fields: _Fields) -> Text:
        title = fields.rich("title")
        subtitle = fields.rich("subtitle")
        main = fields.rich("maintitle")
        if str(main).strip():
            volume = fields.text("volume")
            head = Text(main)
            if volume:
                head = Text(head, f": {self.labels.volume} {volume}")
            title = _join([_sentence(head), title]) if str(title).strip() else head
        if str(subtitle).strip():
            title = (
                Text(title, ": ", subtitle)
                if str(title)[-1:] not in "?!"
                else _join([title, subtitle])
            )
        if not str(title).strip():
            title = Text(fields.text("howpublished") or fields.entry.key)
        return title

    def _editors_in(self, fields: _Fields) -> Text | None:
        editors = fields.persons("editor")
        if not editors:
            return None
        role = self.labels.editor if len(editors) == 1 else self.labels.editors
        return Text(join_direct_names([name_direct(p) for p in editors]), f" ({role}),")

    def _author_part(self, fields: _Fields) -> Text | None:
        people = self.cited_persons(fields)
        if not people:
            return None
        names = join_reference_names([name_inverted(p) for p in people])
        text = Text(names)
        if not fields.persons("author") and fields.persons("editor") == people:
            role = self.labels.editor if len(people) == 1 else self.labels.editors
            text = Text(names, f" ({role})")
        return _sentence(text)

    def _date_part(self, fields: _Fields, label: str) -> Text:
        date = self.full_date(fields)
        if date is not None and self.kind(fields) in ("online", "misc"):
            y, m, d = date
            month_day = self.labels.date(y, m, d).replace(str(y), "").strip(" ,")
            label_suffix = label[len(str(y)) :] if label.startswith(str(y)) else ""
            return Text(f"({y}{label_suffix}, {month_day}).")
        return Text(f"({label}).")

    def _parenthetical(self, fields: _Fields) -> str:
        parts = []
        translators = fields.persons("translator")
        if translators:
            names = join_direct_names([name_direct(p) for p in translators])
            parts.append(f"{names}, {self.labels.translator}")
        edition = fields.text("edition")
        if edition and edition not in ("1", "1st"):
            parts.append(self.labels.edition_text(edition))
        volume = fields.text("volume")
        if volume and not fields.text("maintitle") and self.kind(fields) == "book":
            parts.append(f"{self.labels.volume} {volume}")
        return "; ".join(parts)

    def _publisher(self, fields: _Fields, *names: str) -> Text | None:
        people = {surname(p) for p in self.cited_persons(fields)}
        for name in names:
            value = "; ".join(to_text(part) for part in split_list(fields.raw(name)))
            value = EPRINT_NAMES.get(value.lower(), value) if name == "eprinttype" else value
            if value:
                if value in people:
                    return None  # APA: a group author who is also the publisher is named once
                return _sentence(Text(value))
        return None

    def _link(self, fields: _Fields) -> Text | None:
        doi = fields.raw("doi")
        if doi:
            url = doi_url(to_text(doi))
            href = safe_href(url)
            return HRef(href, url) if href else Text(url)
        url = fields.text("url")
        if not url and fields.text("eprinttype").lower() == "arxiv" and fields.text("eprint"):
            url = f"https://arxiv.org/abs/{fields.text('eprint')}"
        if not url:
            return None
        href = safe_href(url)
        link: Text = HRef(href, url) if href else Text(url)
        urldate = fields.raw("urldate")
        if urldate and self.kind(fields) in ("online", "misc"):
            match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", urldate)
            when = self.labels.date(*(int(g) for g in match.groups())) if match else urldate
            before, after = self.labels.retrieved.split("{url}")
            return Text(before.format(date=when), link, after)
        return link

    def reference(self, fields: _Fields, label: str) -> Text:
        kind = self.kind(fields)
        author = self._author_part(fields)
        date = self._date_part(fields, label)
        title = self.title(fields)
        italic = kind in ITALIC_TITLE
        title_el: Text = Tag("em", title) if italic else Text(title)
        extra = self._parenthetical(fields)
        description = ""
        if kind == "report":
            number = fields.text("number")
            report_type = fields.text("type")
            if not report_type or report_type.lower() in TYPE_KEYS:
                report_type = self.labels.report
            if number:
                extra = "; ".join(
                    p for p in (extra, f"{report_type} {self.labels.number} {number}") if p
                )
            elif report_type != self.labels.report:
                description = report_type  # APA: a description in square brackets
        if kind == "patent" and fields.text("number"):
            kind_label = fields.text("type")
            if not kind_label or kind_label.lower().startswith("pat"):
                kind_label = self.labels.patent
            extra = "; ".join(p for p in (extra, f"{kind_label} {fields.text('number')}") if p)
        if kind == "chapter" and not fields.raw("booktitle") and fields.text("pages"):
            extra = "; ".join(p for p in (extra, self._pages(fields)) if p)
        if extra:
            title_el = Text(title_el, f" ({extra})")
        if kind == "thesis":
            description = self._thesis_description(fields)
        if description:
            title_el = Text(title_el, f" [{description}]")
        source = self._source(fields, kind)
        link = self._link(fields)
        if author is None:
            head = [_sentence(title_el), date]
        else:
            head = [author, date, _sentence(title_el)]
        return _join([*head, source, link])

    def _pages(self, fields: _Fields) -> str:
        pages = pages_text(fields.text("pages"))
        many = bool(re.search(r"[–,]", pages))
        return f"{self.labels.pages if many else self.labels.page} {pages}"

    def _thesis_description(self, fields: _Fields) -> str:
        kind = (fields.text("type") or fields.entry.type).lower()
        if any(w in kind for w in ("phd", "doctor", "dissert", "proefschrift")):
            label = self.labels.phd
        elif any(w in kind for w in ("master", "mathesis", "msc")):
            label = self.labels.master
        elif any(w in kind for w in ("bachelor", "bathesis", "bsc")):
            label = self.labels.bachelor
        else:
            label = fields.text("type") or self.labels.thesis
        school = fields.text("school") or fields.text("institution")
        return f"{label}, {school}" if school else label

    def _source(self, fields: _Fields, kind: str) -> Text | None:
        if kind == "article":
            journal = (
                fields.rich("journaltitle")
                if fields.raw("journaltitle")
                else fields.rich("journal")
            )
            parts: list[Text | str] = []
            if str(journal).strip():
                parts.append(Tag("em", journal))
            volume = fields.text("volume")
            number = fields.text("number") or fields.text("issue")
            if volume:
                parts.append(Text(", ", Tag("em", volume)))
                if number:
                    parts.append(f"({number})")
            elif number:
                parts.append(f", ({number})")
            if fields.text("pages"):
                parts.append(", " + pages_text(fields.text("pages")))
            elif fields.text("eid"):
                parts.append(f", {self.labels.article_number} {fields.text('eid')}")
            text = Text(*parts)
            return _sentence(text) if str(text).strip(", ") else None
        if kind == "chapter":
            booktitle = fields.rich("booktitle")
            if not str(booktitle).strip():
                return self._publisher(fields, "publisher", "organization")
            if fields.raw("booksubtitle"):
                booktitle = Text(booktitle, ": ", fields.rich("booksubtitle"))
            editors = self._editors_in(fields)
            pieces: list[Text | str] = [f"{self.labels.in_} "]
            if editors is not None:
                pieces += [editors, " "]
            book_extra = []
            if fields.text("edition") and fields.text("edition") != "1":
                book_extra.append(self.labels.edition_text(fields.text("edition")))
            if fields.text("volume"):
                book_extra.append(f"{self.labels.volume} {fields.text('volume')}")
            if fields.text("pages"):
                book_extra.append(self._pages(fields))
            pieces.append(Tag("em", booktitle))
            if book_extra:
                pieces.append(f" ({', '.join(book_extra)})")
            publisher = self._publisher(fields, "publisher", "organization")
            return _join([_sentence(Text(*pieces)), publisher])
        if kind == "report":
            return self._publisher(fields, "institution", "publisher", "organization")
        if kind == "thesis":
            return None
        if kind == "patent":
            return self._publisher(fields, "holder", "publisher")
        if kind == "online":
            return self._publisher(
                fields, "organization", "publisher", "howpublished", "eprinttype"
            )
        if kind == "book":
            return self._publisher(fields, "publisher", "organization", "institution")
        return _join(
            [
                self._publisher(fields, "howpublished", "publisher", "organization", "institution"),
                _sentence(Text(fields.text("note"))) if fields.text("note") else None,
            ]
        )

    # in-text -------------------------------------------------------------------------------------
    def in_text_authors(self, fields: _Fields, narrative: bool) -> str:
        """HTML for the author part of an in-text citation."""
        people = self.cited_persons(fields)
        if not people:
            title = fields.text("shorttitle") or self.title_text(fields)
            escaped = html.escape(title, quote=False)
            if self.kind(fields) in ITALIC_TITLE:
                return f"<em>{escaped}</em>"
            return f"“{escaped}”"
        names = [html.escape(surname(p), quote=False) for p in people]
        if len(names) >= 3:
            return f"{names[0]} et al."
        if len(names) == 2:
            joiner = self.labels.and_narrative if narrative else "&amp;"
            return f"{names[0]} {joiner} {names[1]}"
        return names[0]


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


# pybtex looks backends up through entry points on every render_as(): take them once
HTML = HtmlBackend()
PLAIN = TextBackend()


@lru_cache(maxsize=8)
def style_for(language: str) -> ApaStyle:
    return ApaStyle(labels_for(language))


def format_references(
    bib_data: BibliographyData, keys: Iterable[str], language: str = "nl"
) -> list[FormattedReference]:
    """The APA 7 reference list for the cited ``keys`` (unknown keys are skipped)."""
    style = style_for(language)
    entries = []
    seen = set()
    for key in keys:
        entry = bib_data.entries.get(key)
        if entry is not None and entry.key.lower() not in seen:
            seen.add(entry.key.lower())
            entries.append(entry)
    result = []
    ordered = style._sorted(entries, bib_data)
    with_initials = _first_authors_needing_initials(style, [f for _, f, _ in ordered])
    for sort_key, fields, label in ordered:
        entry = fields.entry
        memo_key = (_fingerprint(fields), language, label)
        rendered = _FORMATTED.get(memo_key)
        if rendered is None:
            text = style.reference(fields, label)
            rendered = (
                text.render(HTML),
                text.render(PLAIN),
                style.in_text_authors(fields, narrative=False),
                style.in_text_authors(fields, narrative=True),
            )
            _FORMATTED[memo_key] = rendered
            if len(_FORMATTED) > _FORMATTED_SIZE:
                _FORMATTED.pop(next(iter(_FORMATTED)))
        parenthetical, narrative = rendered[2], rendered[3]
        people = style.cited_persons(fields)
        if people and _person_key(people[0]) in with_initials:
            # APA 7: first authors with the same surname and other initials get their initials
            first = html.escape(initials(people[0]), quote=False) + " "
            parenthetical, narrative = first + parenthetical, first + narrative
        result.append(
            FormattedReference(
                key=entry.key,
                anchor=anchor_for(entry.key),
                html=rendered[0],
                text=rendered[1],
                authors_parenthetical=parenthetical,
                authors_narrative=narrative,
                year=label,
                sort_key=sort_key,
            )
        )
    return result


def _person_key(person: Person) -> tuple[str, str]:
    return normalise(surname(person)), normalise(initials(person))


def _first_authors_needing_initials(style: ApaStyle, cited: list[_Fields]) -> set[tuple[str, str]]:
    """First authors (surname, initials) who share their surname with another cited first
    author with other initials: 'J. de Vries (2020)' and 'M. de Vries (2021)'."""
    by_surname: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for fields in cited:
        people = style.cited_persons(fields)
        if people and initials(people[0]):
            key = _person_key(people[0])
            by_surname[key[0]].add(key)
    return {key for keys in by_surname.values() if len(keys) > 1 for key in keys}


# The same source is cited by many reports: its formatted form is kept by content
_FORMATTED: dict[tuple[object, ...], tuple[str, str, str, str]] = {}
_FORMATTED_SIZE = 50_000


def _fingerprint(fields: _Fields) -> tuple[object, ...]:
    def of(entry: Entry) -> tuple[object, ...]:
        return (
            entry.type.lower(),
            tuple(sorted((k.lower(), v) for k, v in entry.fields.items())),
            tuple((role, tuple(str(p) for p in people)) for role, people in entry.persons.items()),
        )

    return (of(fields.entry), of(fields.parent) if fields.parent is not None else ())
