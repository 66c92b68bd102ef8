"""Checks on a report's way to publication: draft → submitted → approved (→ published), or
withdrawn. Warns when a status skips a step or contradicts the rest of the front-matter, and
when placeholder text from ``wijs new`` is still there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from wijs.diagnostics import Diagnostic, error, warning
from wijs.model import Report

PLACEHOLDER = "TODO"
TEXT_FIELDS = ("title", "subtitle", "summary", "commissioner", "findings", "recommendations")


def check_lifecycle(report: Report) -> Iterator[Diagnostic]:
    yield from _placeholders(report)
    meta = report.meta
    status = meta.status
    if status in ("draft", "submitted") and meta.review is not None:
        yield warning(
            report.source,
            report.line_of("status"),
            "review-without-approval",
            f"Er staat al een 'review', maar de status is {status}.",
            "Heeft de docent het rapport goedgekeurd? Zet dan status: approved. Anders: haal "
            "het review-blok weg; dat zet alleen de docent bij de goedkeuring.",
        )
    if status == "submitted" and meta.consent is None:
        yield warning(
            report.source,
            report.line_of("status"),
            "submitted-without-consent",
            "Het rapport is ingediend zonder 'consent'-blok.",
            "Je docent kan pas goedkeuren als de toestemming is vastgelegd: haal de # weg voor "
            "het consent-blok in de front-matter en vul het in.",
        )
    if status == "withdrawn" and meta.review is None:
        yield warning(
            report.source,
            report.line_of("status"),
            "withdrawn-never-approved",
            "Dit rapport is teruggetrokken, maar is nooit goedgekeurd (er is geen 'review').",
            "Een teruggetrokken pagina is er voor rapporten die gepubliceerd waren, zodat "
            "verwijzingen blijven werken. Was het nooit gepubliceerd, verwijder dan de map; "
            "anders: zet het review-blok van de goedkeuring terug.",
        )
    if meta.withdrawn_reason and status != "withdrawn":
        yield warning(
            report.source,
            report.line_of("withdrawn_reason"),
            "reason-without-withdrawal",
            f"Er staat een 'withdrawn_reason', maar de status is {status}.",
            "Zet status: withdrawn om het rapport terug te trekken, of haal withdrawn_reason weg.",
        )
    if meta.review is not None:
        yield from _review_dates(report)


def _review_dates(report: Report) -> Iterator[Diagnostic]:
    meta = report.meta
    assert meta.review is not None
    line = report.line_of("review", "date")
    if meta.review.date > dt.date.today():
        yield warning(
            report.source,
            line,
            "review-in-future",
            f"De datum van de review ({meta.review.date}) ligt in de toekomst.",
            "Zet de datum waarop de docent het rapport goedkeurde. Wil je later publiceren, "
            "gebruik dan embargo_until.",
        )
    if meta.date is not None and meta.review.date < meta.date:
        yield warning(
            report.source,
            line,
            "review-before-report",
            f"De review ({meta.review.date}) is van vóór de datum van het rapport ({meta.date}).",
            "Een docent keurt de eindversie goed: controleer 'date' en 'review.date'.",
        )


def _placeholders(report: Report) -> Iterator[Diagnostic]:
    meta = report.meta
    blocking = meta.status in ("submitted", "approved")
    for name in TEXT_FIELDS:
        value = getattr(meta, name)
        values = value if isinstance(value, list) else [value]
        for index, text in enumerate(values):
            if not isinstance(text, str) or PLACEHOLDER not in text:
                continue
            key: tuple[str | int, ...] = (name, index) if isinstance(value, list) else (name,)
            make = error if blocking else warning
            yield make(
                report.source,
                report.line_of(*key),
                "placeholder",
                f"'{name}' bevat nog voorbeeldtekst ({PLACEHOLDER}).",
                "Vervang de tekst na TODO door je eigen tekst"
                + ("; zo kan het rapport niet worden ingediend." if blocking else "."),
            )
