"""The words of the citation parts that the CSL style does not give (the heading of the
reference list, our report types in English), and the Dutch messages of the citation checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    """The few words outside the CSL style, in one language (the CSL locale has the rest)."""

    language: str
    heading: str  # title of the reference list
    commissioner: str  # note in exports: 'Opdrachtgever: WIJ Selwerd'
    types: dict[str, str]  # description of our own report types, by vocabulary id


DUTCH = Labels(
    language="nl",
    heading="Literatuur",
    commissioner="Opdrachtgever",
    types={},  # the Dutch labels of the vocabulary are used
)

ENGLISH = Labels(
    language="en",
    heading="References",
    commissioner="Commissioned by",
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
