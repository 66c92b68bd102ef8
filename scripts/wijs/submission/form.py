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


# -- the form "Vraag stellen": a question for the vraagbank ------------------------------------

QUESTION_FORM_FILE = ".github/ISSUE_TEMPLATE/vraag-stellen.yml"
QUESTION_LABEL = "vraag"
Q_TITLE = "Titel van de vraag"
Q_QUESTION = "De vraag"
Q_ASKED_BY = "Gesteld door"
Q_LEVEL = "Geschikt voor"
Q_CONTEXT = "Context"
Q_CONFIRM = "Bevestiging"
Q_ON_BEHALF = "Ik stel deze vraag namens een organisatie of team, niet als privépersoon."
Q_NO_PERSONAL_DATA = (
    "Er staan geen namen, e-mailadressen of telefoonnummers van personen in deze vraag."
)
#: the headings whose value is a list of checkboxes
CHECKBOX_HEADINGS = (CONSENT, Q_CONFIRM)
QUESTION_INTRO = (
    "Heeft je WIJ-team, school, organisatie of bewonersinitiatief een vraag die studenten "
    "kunnen onderzoeken? Stel hem hier. WIJS zet de vraag in de vraagbank op de site, waar "
    "docenten en studenten van mbo, hbo en universiteit hem vinden; een medewerker van WIJS "
    "kijkt hem eerst na. Uitleg: de handleiding *Een vraag stellen* op de site.\n\n"
    "**Privacy:** alles wat je hier invult is openbaar. Noem je organisatie of team, geen "
    "namen, e-mailadressen of telefoonnummers van personen: WIJS neemt zelf contact met je op."
)


def render_question_form(vocabulary: Vocabulary) -> str:
    """The issue form "Vraag stellen" as YAML; choices are the vocabulary's labels."""

    def labels(kind: str) -> list[str]:
        return [term.label for term in vocabulary.kind(kind)]

    def field(kind: str, label: str, description: str, **extra: Any) -> dict[str, Any]:
        required = extra.pop("required", True)
        return {
            "type": kind,
            "id": _id(label),
            "attributes": {"label": label, "description": description, **extra},
            "validations": {"required": required},
        }

    form = {
        "name": "Vraag stellen",
        "description": "Een onderzoeksvraag van je WIJ-team, school of organisatie voor "
        "studenten van WIJS.",
        "title": "Vraag: ",
        "labels": [QUESTION_LABEL],
        "body": [
            {"type": "markdown", "attributes": {"value": QUESTION_INTRO}},
            field(
                "input",
                Q_TITLE,
                "Een korte titel, zoals hij op de site komt.",
                placeholder="Wie bereikt het spreekuur in het Floreshuis, en wie niet?",
            ),
            field(
                "textarea",
                Q_QUESTION,
                "De vraag zelf, in één of twee zinnen en in gewone taal.",
                placeholder="Welke bewoners van de Korrewegwijk komen naar het spreekuur, en "
                "wie komen er niet terwijl ze wel hulp kunnen gebruiken?",
            ),
            field(
                "input",
                Q_ASKED_BY,
                "Je organisatie of team, bijvoorbeeld WIJ Selwerd, het Floreshuis of "
                "Bewonersinitiatief De Hoogte. Geen naam van een persoon.",
            ),
            field(
                "dropdown",
                WIJK,
                "Over welke wijk(en) gaat de vraag? Meer dan één mag.",
                options=labels("neighbourhood"),
                multiple=True,
            ),
            field(
                "dropdown",
                THEME,
                "Waar gaat de vraag over? Meer dan één mag.",
                options=labels("theme"),
                multiple=True,
            ),
            field(
                "dropdown",
                Q_LEVEL,
                "Voor welke studenten past de vraag: mbo, hbo of wo (universiteit)? Meer dan "
                "één mag; weet je het niet, kies dan alle drie.",
                options=labels("level"),
                multiple=True,
            ),
            field(
                "textarea",
                Q_CONTEXT,
                "Waarom speelt de vraag, wat is er al bekend, wat wil je met het antwoord doen?",
                required=False,
            ),
            {
                "type": "checkboxes",
                "id": _id(Q_CONFIRM),
                "attributes": {
                    "label": Q_CONFIRM,
                    "options": [
                        {"label": Q_ON_BEHALF, "required": True},
                        {"label": Q_NO_PERSONAL_DATA, "required": True},
                    ],
                },
            },
        ],
    }
    header = (
        "# Gemaakt door 'wijs formulier --vraag' uit research/vocabulary.yml: niet met de hand "
        "wijzigen.\n# Na een wijziging van de woordenlijst: wijs formulier --vraag --output "
        + QUESTION_FORM_FILE
        + "\n"
    )
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


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
        if heading in CHECKBOX_HEADINGS:
            values.checked |= {m.group(2) for m in _CHECKBOX.finditer(value) if m.group(1) != " "}
            continue
        values.fields.setdefault(heading, "" if value == NO_RESPONSE else value)
    return values
