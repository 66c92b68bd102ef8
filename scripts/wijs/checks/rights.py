"""Checks on publication rights: consent complete before approval, a credit for every figure,
confidential files that exist and are not linked from the public text."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import PurePosixPath

from wijs.diagnostics import Diagnostic, error, warning
from wijs.markdown_links import is_external, iter_links
from wijs.model import FigureCredit, Report
from wijs.rights.confidential import is_confidential
from wijs.rights.consent import PARTS, missing_parts
from wijs.rights.figures import (
    FIGURE_LICENSES,
    credits_by_file,
    license_id,
    normal_path,
    used_figures,
)

RULE = "Zie 'Toestemming en rechten' (docs/toestemming.md)."


def check_rights(report: Report) -> Iterator[Diagnostic]:
    yield from check_consent(report)
    yield from check_figures(report)
    yield from check_confidential(report)


# -- consent -------------------------------------------------------------------------------


def check_consent(report: Report) -> Iterator[Diagnostic]:
    """Approved: every part of the consent block is there and authors agree. Submitted: the
    same, as warnings, so the student can fix it before the docent approves. Drafts: nothing."""
    meta = report.meta
    consent = meta.consent
    if consent is None or meta.status not in ("approved", "submitted"):
        return
    approved = meta.status == "approved"
    make = error if approved else warning
    after = (
        " Zo kan het rapport niet gepubliceerd worden."
        if approved
        else " Je docent kan het pas goedkeuren als dit is ingevuld."
    )
    missing = missing_parts(consent)
    if missing:
        # one diagnostic per line and code: the parts are named together
        names = " en ".join(f"'{part}' ({PARTS[part][0].lower()})" for part in missing)
        verb = "ontbreekt" if len(missing) == 1 else "ontbreken"
        yield make(
            report.source,
            report.line_of("consent"),
            "consent-incomplete",
            f"In het consent-blok {verb} {names}.{after}",
            " ".join(PARTS[part][1] for part in missing) + " " + RULE,
        )
    if consent.authors is False:
        yield make(
            report.source,
            report.line_of("consent", "authors"),
            "consent-authors",
            "Niet alle auteurs hebben toestemming gegeven voor publicatie." + after,
            "Een rapport wordt alleen gepubliceerd als elke auteur akkoord is. Zet "
            "consent.authors pas op true als iedereen ja heeft gezegd; tot die tijd blijft de "
            "status submitted. " + RULE,
        )
    if meta.commissioner and consent.commissioner == "not-applicable":
        yield warning(
            report.source,
            report.line_of("consent", "commissioner"),
            "consent-commissioner-mismatch",
            f"Er is een opdrachtgever ({meta.commissioner}), maar bij consent staat "
            "commissioner: not-applicable.",
            "Vraag de opdrachtgever om toestemming en schrijf "
            f"commissioner: {{name: {meta.commissioner}, date: JJJJ-MM-DD}}, of haal het veld "
            "commissioner weg als er geen opdrachtgever was.",
        )
    if (
        approved
        and meta.review is not None
        and not isinstance(consent.commissioner, str)
        and consent.commissioner is not None
        and consent.commissioner.date > meta.review.date
    ):
        yield warning(
            report.source,
            report.line_of("consent", "commissioner"),
            "consent-after-review",
            f"De opdrachtgever gaf toestemming op {consent.commissioner.date}, na de "
            f"goedkeuring op {meta.review.date}.",
            "De toestemming hoort er te zijn vóór de docent goedkeurt: controleer beide datums.",
        )


# -- figures -------------------------------------------------------------------------------


def check_figures(report: Report) -> Iterator[Diagnostic]:
    credits = credits_by_file(report)
    seen: set[str] = set()
    for index, entry in enumerate(report.meta.figures):
        line = report.line_of("figures", index)
        path = normal_path(entry.file)
        if path in seen:
            yield warning(
                report.source,
                line,
                "figure-credit-duplicate",
                f"De figuur '{entry.file}' staat twee keer onder figures.",
                "Haal één van de twee weg.",
            )
        seen.add(path)
        yield from _figure_file(report, index, path, entry.file)
        yield from _figure_credit(report, index, entry)
    reported: set[str] = set()
    for line, path in used_figures(report):
        if path in credits or path in reported:
            continue
        reported.add(path)
        yield warning(
            report.source,
            line,
            "figure-without-credit",
            f"De figuur '{path}' heeft geen bronvermelding.",
            "Zeg in de front-matter wie haar maakte. Zelf gemaakt: "
            f"figures: [{{file: {path}, credit: own}}]. Van iemand anders: "
            f'figures: [{{file: {path}, source: "Naam van de bron", license: CC-BY-4.0}}]. ' + RULE,
        )


def _figure_file(report: Report, index: int, path: str, written: str) -> Iterator[Diagnostic]:
    line = report.line_of("figures", index, "file")
    if is_external(written) or path.startswith("/") or ".." in PurePosixPath(path).parts:
        yield error(
            report.source,
            line,
            "figure-credit-outside",
            f"'{written}' is geen bestand in de map van het rapport.",
            "Geef het pad van de figuur binnen het rapport, bijvoorbeeld figures/kaart.png.",
        )
        return
    target = report.folder / path
    if target.is_file():
        return
    folder = target.parent
    names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    close = difflib.get_close_matches(target.name, names, n=1)
    hint = (
        f"Bedoel je '{(PurePosixPath(path).parent / close[0]).as_posix()}'? Let op hoofdletters."
        if close
        else "Controleer de naam, of haal de regel weg als de figuur niet meer in het rapport "
        "staat."
    )
    yield error(
        report.source,
        line,
        "figure-credit-missing-file",
        f"De figuur '{written}' onder figures bestaat niet.",
        hint,
    )


def _figure_credit(report: Report, index: int, entry: FigureCredit) -> Iterator[Diagnostic]:
    line = report.line_of("figures", index)
    if entry.is_own:
        if entry.source or entry.license:
            yield warning(
                report.source,
                line,
                "figure-credit-conflict",
                f"'{entry.file}' is eigen werk (credit: own) maar heeft ook een bron of licentie.",
                "Kies: credit: own als jullie de figuur zelf maakten, of alleen source en "
                "license als ze van iemand anders komt.",
            )
        return
    if entry.credit is None and not entry.source and not entry.license:
        yield error(
            report.source,
            line,
            "figure-credit-missing",
            f"Bij '{entry.file}' staat niet wie de figuur maakte.",
            "Schrijf credit: own als jullie haar zelf maakten; anders source (waar ze vandaan "
            "komt) en license (onder welke licentie je haar mag gebruiken). " + RULE,
        )
        return
    if not entry.source:
        yield error(
            report.source,
            line,
            "figure-source-missing",
            f"De figuur '{entry.file}' is van iemand anders maar heeft geen bron (source).",
            "Schrijf waar de figuur vandaan komt, bijvoorbeeld "
            'source: "Gemeente Groningen, Wijkmonitor 2023". ' + RULE,
        )
    if not entry.license:
        yield error(
            report.source,
            line,
            "figure-license-missing",
            f"De figuur '{entry.file}' is van iemand anders maar heeft geen licentie.",
            "Je mag werk van een ander alleen publiceren met een open licentie of met "
            "toestemming van de maker. Zoek de licentie op bij de bron (bijvoorbeeld "
            "license: CC-BY-4.0), of vraag de maker om toestemming en schrijf "
            "license: permission. Lukt dat niet, maak dan zelf een figuur. " + RULE,
        )
        return
    known = license_id(entry.license)
    license_line = report.line_of("figures", index, "license")
    if known == "all-rights-reserved":
        yield error(
            report.source,
            license_line,
            "figure-license-closed",
            f"De figuur '{entry.file}' valt onder 'alle rechten voorbehouden'.",
            "Zo'n figuur mag je alleen publiceren met toestemming van de maker: vraag die en "
            "schrijf license: permission, of gebruik een andere figuur.",
        )
    elif known is None:
        close = difflib.get_close_matches(entry.license, list(FIGURE_LICENSES), n=1)
        yield warning(
            report.source,
            license_line,
            "figure-license-unknown",
            f"Onbekende licentie '{entry.license}' bij '{entry.file}'.",
            (f"Bedoel je '{close[0]}'? " if close else "")
            + "Bekend zijn: "
            + ", ".join(FIGURE_LICENSES)
            + ". Een andere licentie mag, maar controleer de schrijfwijze.",
        )
    if entry.url and not entry.url.startswith(("https://", "http://")):
        yield warning(
            report.source,
            report.line_of("figures", index, "url"),
            "figure-url",
            f"'{entry.url}' is geen webadres.",
            "Schrijf het volledige adres van de bron, beginnend met https://.",
        )


# -- confidential files --------------------------------------------------------------------


def check_confidential(report: Report) -> Iterator[Diagnostic]:
    for index, entry in enumerate(report.meta.confidential):
        line = report.line_of("confidential", index)
        path = normal_path(entry)
        if is_external(entry) or path.startswith("/") or ".." in PurePosixPath(path).parts:
            yield error(
                report.source,
                line,
                "confidential-outside",
                f"'{entry}' is geen bestand in de map van het rapport.",
                "Noem bestanden binnen het rapport, bijvoorbeeld attachments/ruwe-data.xlsx.",
            )
        elif not (report.folder / path).exists():
            yield error(
                report.source,
                line,
                "confidential-missing-file",
                f"Het vertrouwelijke bestand '{entry}' bestaat niet.",
                "Controleer de naam precies (ook hoofdletters): bij een tikfout wordt het echte "
                "bestand wél gepubliceerd.",
            )
    if not report.meta.confidential:
        return
    for link in iter_links(report.body):
        if not link.target or is_external(link.target) or link.target.startswith("#"):
            continue
        target = report.folder / normal_path(link.target)
        if target.exists() and is_confidential(report, target):
            yield error(
                report.source,
                report.body_line + link.line - 1,
                "confidential-linked",
                f"De tekst linkt naar het vertrouwelijke bestand '{normal_path(link.target)}'.",
                "Vertrouwelijke bestanden komen niet op de site, dus de link zou niet werken en "
                "verraadt het bestand. Haal de link weg, of zet die zin in een blok "
                "<!-- vertrouwelijk --> … <!-- /vertrouwelijk -->.",
                column=link.column,
            )
