"""Consent to publish: what the front-matter says, in plain Dutch, for checks and reviews."""

from __future__ import annotations

from wijs.model import CommissionerConsent, Consent, Report
from wijs.rights.confidential import blocks_of, confidential_files
from wijs.rights.figures import figure_status

RESPONDENT_LABELS = {
    "anonymised": "geanonimiseerd: niemand is herkenbaar",
    "consent-on-file": "toestemming van de respondenten is vastgelegd",
    "no-respondents": "geen respondenten",
}

#: Per part of the consent block: the Dutch label and why the rule exists (used in hints).
PARTS = {
    "authors": (
        "Auteurs",
        "Elke auteur moet akkoord zijn met publicatie: een rapport is ook hun werk. Vraag het "
        "alle auteurs en zet dan authors: true.",
    ),
    "commissioner": (
        "Opdrachtgever",
        "De opdrachtgever (bijvoorbeeld het WIJ-team of de gemeente) moet instemmen met "
        "publicatie, want het rapport kan over hun werk of hun cliënten gaan. Schrijf wie en "
        "wanneer: commissioner: {name: WIJ Paddepoel, date: 2024-06-20}. Was er geen "
        "opdrachtgever, schrijf dan commissioner: not-applicable.",
    ),
    "respondents": (
        "Respondenten",
        "Bewoners die meededen mogen niet herkenbaar zijn, of moeten toestemming hebben gegeven. "
        "Kies respondents: anonymised (niemand is herkenbaar), consent-on-file (de toestemming "
        "is vastgelegd, bijvoorbeeld getekende formulieren bij je docent) of no-respondents "
        "(er deden geen mensen mee).",
    ),
}


def missing_parts(consent: Consent) -> list[str]:
    """The parts of the consent block that are not filled in, in the order of PARTS."""
    return [name for name in PARTS if getattr(consent, name) is None]


def _commissioner_text(value: CommissionerConsent | str | None) -> str:
    if value is None:
        return "ontbreekt"
    if isinstance(value, str):
        return "geen opdrachtgever"
    return f"{value.name}, akkoord op {value.date.strftime('%d-%m-%Y')}"


def consent_summary(report: Report) -> list[tuple[str, str]]:
    """(Dutch label, status text) lines about consent and rights, for ``wijs review``."""
    consent = report.meta.consent
    lines: list[tuple[str, str]] = []
    if consent is None:
        lines.append(("Toestemming", "ontbreekt: er is geen consent-blok"))
    else:
        lines.append(("Toestemming", "compleet" if consent.complete else "onvolledig"))
        authors = {True: "alle auteurs akkoord", False: "nog niet alle auteurs akkoord"}
        lines.append(
            (
                PARTS["authors"][0],
                authors[consent.authors] if consent.authors is not None else "ontbreekt",
            )
        )
        lines.append((PARTS["commissioner"][0], _commissioner_text(consent.commissioner)))
        lines.append(
            (
                PARTS["respondents"][0],
                RESPONDENT_LABELS[consent.respondents] if consent.respondents else "ontbreekt",
            )
        )
    lines.append(("Figuren", _figures_text(report)))
    secret = _confidential_text(report)
    if secret:
        lines.append(("Vertrouwelijk", secret))
    return lines


def _figures_text(report: Report) -> str:
    status = figure_status(report)
    if not status.used:
        return "geen figuren"
    parts = []
    if status.own:
        parts.append(f"{status.own} eigen")
    if status.licensed:
        parts.append(f"{status.licensed} van derden met bron en licentie")
    if status.unlicensed:
        parts.append(f"{status.unlicensed} van derden zonder bron of licentie")
    if status.uncredited:
        parts.append(f"{status.uncredited} zonder bronvermelding")
    return ", ".join(parts)


def _confidential_text(report: Report) -> str:
    files = len(confidential_files(report))
    blocks = len(blocks_of(report))
    parts = []
    if files:
        parts.append(f"{files} bestand{'en' if files != 1 else ''}")
    if blocks:
        parts.append(f"{blocks} tekstblok{'ken' if blocks != 1 else ''}")
    return " en ".join(parts) + " niet gepubliceerd" if parts else ""
