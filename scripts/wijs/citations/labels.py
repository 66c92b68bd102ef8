"""Words used in references and in-text citations, per language, and the Dutch messages of the
citation checks. Text lives here, not in the formatting code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    """APA 7 words in one language."""

    language: str
    heading: str  # title of the reference list
    and_narrative: str  # 'Jansen en De Vries (2020)'
    no_date: str
    editor: str
    editors: str
    translator: str
    edition: str  # '{n}e dr.' / '{n} ed.'
    volume: str
    page: str
    pages: str
    number: str  # 'nr.' in '(WRR-rapport nr. 97)'
    report: str
    retrieved: str  # with {date} and {url}
    in_: str
    phd: str
    master: str
    bachelor: str
    thesis: str
    patent: str
    article_number: str
    commissioner: str  # note in exports: 'Opdrachtgever: WIJ Selwerd'
    months: tuple[str, ...]
    date_pattern: str  # with {day}, {month}, {year}
    types: dict[str, str]  # description of our own report types, by vocabulary id

    def edition_text(self, edition: str) -> str:
        if edition.isdigit():
            return self.edition.format(n=_ordinal(edition, self.language))
        return self.edition.format(n=edition).replace("  ", " ")

    def date(self, year: int, month: int, day: int) -> str:
        return self.date_pattern.format(day=day, month=self.months[month - 1], year=year)


def _ordinal(number: str, language: str) -> str:
    if language == "nl":
        return f"{number}e"
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


DUTCH = Labels(
    language="nl",
    heading="Literatuur",
    and_narrative="en",
    no_date="z.d.",
    editor="Red.",
    editors="Red.",
    translator="Vert.",
    edition="{n} dr.",
    volume="Vol.",
    page="p.",
    pages="pp.",
    number="nr.",
    report="Rapport",
    retrieved="Geraadpleegd op {date}, van {url}",
    in_="In",
    phd="Proefschrift",
    master="Masterscriptie",
    bachelor="Bachelorscriptie",
    thesis="Scriptie",
    patent="Octrooi",
    article_number="Artikel",
    commissioner="Opdrachtgever",
    months=(
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    date_pattern="{day} {month} {year}",
    types={},  # the Dutch labels of the vocabulary are used
)

ENGLISH = Labels(
    language="en",
    heading="References",
    and_narrative="and",
    no_date="n.d.",
    editor="Ed.",
    editors="Eds.",
    translator="Trans.",
    edition="{n} ed.",
    volume="Vol.",
    page="p.",
    pages="pp.",
    number="No.",
    report="Report",
    retrieved="Retrieved {date}, from {url}",
    in_="In",
    phd="Doctoral dissertation",
    master="Master's thesis",
    bachelor="Bachelor's thesis",
    thesis="Thesis",
    patent="Patent",
    article_number="Article",
    commissioner="Commissioned by",
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    date_pattern="{month} {day}, {year}",
    types={
        "onderzoeksrapport": "Research report",
        "adviesrapport": "Advisory report",
        "scriptie": "Thesis",
        "actieonderzoek": "Action research report",
        "poster": "Poster",
        "factsheet": "Fact sheet",
    },
)


def labels_for(language: str) -> Labels:
    """Dutch words for Dutch reports, English ones for every other language."""
    return DUTCH if language.split("-")[0].lower() == "nl" else ENGLISH


#: Messages of the citation checks (Dutch, like every message to users).
MESSAGES = {
    "syntax": "Fout in references.bib: {detail}.",
    "syntax_hint": "Controleer op deze regel (of net ervoor) accolades, komma's tussen velden "
    "en aanhalingstekens. Een item ziet eruit als @book{sleutel, author = {Achternaam, "
    "Voornaam}, title = {Titel}, year = {2020}}.",
    "duplicate_key": "De sleutel '{key}' staat twee keer in references.bib (ook op regel {first}).",
    "duplicate_key_hint": "Geef elke bron een eigen sleutel, of verwijder de dubbele.",
    "entry_problem": "Probleem in references.bib: {detail}.",
    "encoding": "references.bib is geen UTF-8-tekst.",
    "encoding_hint": "Sla het bestand op als UTF-8 (in Zotero: exporteer met codering UTF-8).",
    "too_large": "references.bib is {size:.1f} MB; het maximum is {limit:g} MB. De bronnen zijn "
    "niet gecontroleerd.",
    "too_many": "references.bib heeft {count} items; het maximum is {limit:g}. De bronnen zijn "
    "niet gecontroleerd.",
    "too_large_hint": "Exporteer alleen de bronnen die je in dit rapport citeert (Zotero: "
    "selecteer ze of maak een collectie voor dit rapport, dan Exporteren → BibTeX). Mag het "
    "echt meer zijn: verhoog limits.bib_mb of limits.bib_entries in research/vocabulary.yml.",
    "unknown_key": "De bron '@{key}' staat niet in references.bib.",
    "unknown_key_no_bib": "De bron '@{key}' wordt geciteerd, maar references.bib ontbreekt.",
    "unknown_key_hint": "Voeg een item met sleutel '{key}' toe aan references.bib, of "
    "verbeter de sleutel.",
    "no_bib_hint": "Zet een references.bib naast index.md met een item voor elke bron "
    "(exporteer het bijvoorbeeld uit Zotero als BibTeX).",
    "did_you_mean": "Bedoel je {suggestions}?",
    "maybe_not_citation": "Is '@{key}' geen bron (maar bijvoorbeeld een gebruikersnaam)? "
    "Schrijf dan \\@{key}.",
    "unknown_narrative": "'@{key}' lijkt een verwijzing, maar de sleutel staat niet in "
    "references.bib.",
    "unused": "De bron '{key}' in references.bib wordt nergens in de tekst geciteerd.",
    "unused_hint": "Citeer haar met [@{key}] of @{key}, of haal haar weg: de literatuurlijst "
    "toont alleen bronnen die je citeert.",
}
