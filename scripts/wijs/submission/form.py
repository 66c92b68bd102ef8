"""The issue form "Onderzoek indienen": its fields, the form as GitHub reads it (generated from
vocabulary.yml by ``wijs formulier``) and the values read back from an issue's body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from wijs.limits import Limits
from wijs.vocabulary import Vocabulary

FORM_FILE = ".github/ISSUE_TEMPLATE/onderzoek-indienen.yml"
LABEL = "indiening"  # the label the form puts on the issue; the workflow starts on it
NO_RESPONSE = "_No response_"

# The headings GitHub writes into the issue body, one per field: the link between form and parser.
TITLE = "Titel van het onderzoek"
AUTHORS = "Auteurs"
INSTITUTION = "Instelling"
LEVEL = "Niveau"
WIJK = "Wijk"
THEME = "Thema"
YEAR = "Jaar"
SUMMARY = "Samenvatting"
COMMISSIONER = "Opdrachtgever"
RESPONDENTS = "Respondenten"
CONSENT = "Toestemming"
DOCUMENT = "Word- of OpenDocument-bestand"

CONSENT_AUTHORS = "Alle auteurs zijn akkoord met publicatie op de onderzoeksbank."
CONSENT_COMMISSIONER = "De opdrachtgever is akkoord met publicatie (of er is geen opdrachtgever)."
INTRO = (
    "Vul dit formulier in en voeg je rapport toe. De onderzoeksbank zet het om naar een rapport "
    "op de site en opent een pull request, waar je docent het beoordeelt. Je hebt alleen je "
    "browser nodig. Uitleg: de handleiding *Onderzoek indienen* op de site.\n\n"
    "**Privacy:** zet geen namen, adressen, telefoonnummers of e-mailadressen van respondenten "
    "in je rapport. Alles wat je hier invult is openbaar."
)
RESPONDENT_CHOICES = {
    "Geanonimiseerd: niemand is herkenbaar": "anonymised",
    "Toestemming van respondenten is schriftelijk vastgelegd": "consent-on-file",
    "Er zijn geen respondenten": "no-respondents",
}


@dataclass
class FormValues:
    """What the student filled in, as text; nothing checked yet."""

    fields: dict[str, str] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


def render_form(vocabulary: Vocabulary, limits: Limits) -> str:
    """The issue form as YAML; choices are the vocabulary's labels, in its order."""

    def labels(kind: str) -> list[str]:
        return [term.label for term in vocabulary.kind(kind)]

    def dropdown(label: str, choices: list[str], text: str, *, multiple: bool) -> dict[str, Any]:
        attributes: dict[str, Any] = {"label": label, "description": text, "options": choices}
        if multiple:
            attributes["multiple"] = True
        return {
            "type": "dropdown",
            "id": _id(label),
            "attributes": attributes,
            "validations": {"required": True},
        }

    def text(
        kind: str, label: str, description: str, *, required: bool = True, placeholder: str = ""
    ) -> dict[str, Any]:
        attributes: dict[str, Any] = {"label": label, "description": description}
        if placeholder:
            attributes["placeholder"] = placeholder
        return {
            "type": kind,
            "id": _id(label),
            "attributes": attributes,
            "validations": {"required": required},
        }

    size = f"{limits.file_mb:g}"
    form = {
        "name": "Onderzoek indienen",
        "description": "Stuur je onderzoeksrapport in als Word- of OpenDocument-bestand.",
        "title": "Onderzoek indienen: ",
        "labels": [LABEL],
        "body": [
            {
                "type": "markdown",
                "attributes": {"value": INTRO},
            },
            text(
                "input",
                TITLE,
                "De titel zoals op de voorkant van je rapport.",
                placeholder="Eenzaamheid onder ouderen in Selwerd",
            ),
            text(
                "textarea",
                AUTHORS,
                "Eén auteur per regel: naam (opleiding).",
                placeholder="Fatima El Amrani (Toegepaste Psychologie)\n"
                "Jorrit de Vries (Social Work)",
            ),
            dropdown(INSTITUTION, labels("institution"), "Waar je studeert.", multiple=False),
            dropdown(LEVEL, labels("level"), "Je onderwijsniveau.", multiple=False),
            dropdown(
                WIJK,
                labels("neighbourhood"),
                "De wijk(en) van je onderzoek; meer dan één mag.",
                multiple=True,
            ),
            dropdown(
                THEME,
                labels("theme"),
                "Waar je onderzoek over gaat; meer dan één mag.",
                multiple=True,
            ),
            text("input", YEAR, "Het jaar waarin je het onderzoek afrondde.", placeholder="2024"),
            text(
                "textarea",
                SUMMARY,
                "Twee tot vijf zinnen: je vraag, hoe je het onderzocht en wat eruit kwam.",
            ),
            text(
                "input",
                COMMISSIONER,
                "Voor wie je het onderzoek deed, bijvoorbeeld WIJ Selwerd. Leeg als er geen "
                "opdrachtgever is.",
                required=False,
            ),
            dropdown(
                RESPONDENTS,
                list(RESPONDENT_CHOICES),
                "Hoe je met respondenten omging.",
                multiple=False,
            ),
            {
                "type": "checkboxes",
                "id": _id(CONSENT),
                "attributes": {
                    "label": CONSENT,
                    "description": "Je docent keurt het rapport pas goed als iedereen akkoord is.",
                    "options": [{"label": CONSENT_AUTHORS}, {"label": CONSENT_COMMISSIONER}],
                },
            },
            text(
                "textarea",
                DOCUMENT,
                f"Sleep je .docx- of .odt-bestand hierheen (hoogstens {size} MB) en wacht tot "
                "het geüpload is.",
            ),
        ],
    }
    header = (
        "# Gemaakt door 'wijs formulier' uit research/vocabulary.yml: niet met de hand wijzigen.\n"
        "# Na een wijziging van de woordenlijst: wijs formulier --output " + FORM_FILE + "\n"
    )
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


def _id(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


_HEADING = re.compile(r"^### (.+?)\s*$", re.M)
_CHECKBOX = re.compile(r"^- \[([ xX])\] (.+?)\s*$", re.M)


def parse_body(body: str) -> FormValues:
    """The values under each ``### Heading`` of an issue made with the form."""
    values = FormValues()
    text = body.replace("\r\n", "\n")
    matches = list(_HEADING.finditer(text))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        value = text[match.end() : end].strip()
        heading = match.group(1)
        if heading == CONSENT:
            values.checked = {m.group(2) for m in _CHECKBOX.finditer(value) if m.group(1) != " "}
            continue
        values.fields.setdefault(heading, "" if value == NO_RESPONSE else value)
    return values
