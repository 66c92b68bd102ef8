"""A simple APA 7 reference for the publication list of the annual overview:
Authors (Year). *Title: Subtitle*. Institution. URL

``jaarverslag_apa_reference`` is the one place to swap for the full citation formatter.
"""

from __future__ import annotations

from dataclasses import dataclass

from wijs.model import Report
from wijs.names import PersonName
from wijs.pages.site import Site


def apa_authors(people: list[PersonName]) -> str:
    """APA 7: 'A', 'A, & B', 'A, B, & C'; from 21 authors the first 19, '…' and the last."""
    formatted = [p.apa for p in people]
    if len(formatted) == 1:
        return formatted[0]
    if len(formatted) > 20:
        return ", ".join(formatted[:19]) + ", … " + formatted[-1]
    return ", ".join(formatted[:-1]) + ", & " + formatted[-1]


@dataclass(frozen=True)
class Reference:
    """A reference in parts, so each output can set the title in italics and link the URL."""

    lead: str  # 'El Amrani, F., & de Vries, J. (2024). '
    title: str  # set in italics
    source: str  # '. Hanzehogeschool Groningen.'
    url: str  # absolute, or '' when the site's address is unknown

    @property
    def text(self) -> str:
        return f"{self.lead}{self.title}{self.source}" + (f" {self.url}" if self.url else "")


def jaarverslag_apa_reference(report: Report, site: Site, url: str) -> Reference:
    """APA 7 for a report: Authors (Year). *Title: Subtitle*. Institution. URL"""
    meta = report.meta
    title = meta.title.rstrip(".")
    if meta.subtitle:
        title = f"{title}: {meta.subtitle.rstrip('.')}"
    institutions = ", ".join(site.facet_label("institution", i) for i in meta.institution)
    # a title that ends in ? or ! takes no extra full stop
    stop = "" if title[-1:] in "?!" else "."
    authors = apa_authors([a.person for a in meta.authors])
    lead = f"{authors}{'' if authors.endswith('.') else '.'} ({meta.year}). "
    return Reference(lead, title, f"{stop} {institutions}.", url)


def sort_key(report: Report) -> tuple[str, int, str]:
    """APA lists are ordered by the first author's surname, then year, then title."""
    family = report.meta.authors[0].person.family
    return (family.casefold(), report.meta.year, report.meta.title.casefold())
