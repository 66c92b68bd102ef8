"""The publication list of the annual overview: the reports as APA 7 references from the one
CSL engine (the same as "Citeer dit" on their pages), in APA order, as runs of text for the
Markdown template (italic or not)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wijs.citations import engine
from wijs.citations.exports import csl_item
from wijs.citations.page import formatted
from wijs.model import Report
from wijs.pages.site import Site


@dataclass(frozen=True)
class Reference:
    """A reference as runs of (text, italic), so each output sets italics its own way."""

    runs: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return " ".join("".join(text for text, _ in self.runs).split())


def jaarverslag_references(
    reports: Iterable[Report], site: Site, reference_url: Callable[[str], str]
) -> list[Reference]:
    """APA 7 references of ``reports`` in APA order; ``reference_url`` gives the URL a
    reference names ('' for none)."""
    job = references_job(reports, site, reference_url)
    if job is None:
        return []
    rendered = formatted(site, job)
    return [Reference(tuple(engine.runs(html))) for _, html in rendered.references]


def references_job(
    reports: Iterable[Report], site: Site, reference_url: Callable[[str], str]
) -> engine.Job | None:
    """The publication list as a job for the CSL engine (None: no reports)."""
    items = []
    for report in reports:
        item = csl_item(report, site)
        url = reference_url(report.url)
        if url:
            item["URL"] = url
        else:
            item.pop("URL", None)
        items.append(engine.literal_item(item))
    if not items:
        return None
    language = "nl"  # the overview is Dutch: Dutch terms for every entry
    return engine.Job(engine.items_json(items), (), language, nocite=True)


def jaarverslag_apa_reference(report: Report, site: Site, url: str) -> Reference:
    """The APA 7 reference of one report, as in the publication list."""
    return jaarverslag_references([report], site, lambda _: url)[0]
