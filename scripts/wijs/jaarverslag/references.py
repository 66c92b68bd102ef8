"""A simple APA 7 reference for the publication list of the annual overview:
Authors (Year). *Title: Subtitle*. Institution. URL

``jaarverslag_apa_reference`` is the one place to swap for the full citation formatter.
"""

from __future__ import annotations

from dataclasses import dataclass

from wijs.model import Report
from wijs.pages.site import Site

#: Name particles that belong to the surname ("de Vries", "van der Berg", "El Amrani").
PARTICLES = {
    "van",
    "de",
    "der",
    "den",
    "het",
    "'t",
    "te",
    "ten",
    "ter",
    "in",
    "op",
    "von",
    "el",
    "al",
    "la",
    "le",
    "du",
    "da",
    "di",
    "dos",
}


def split_name(name: str) -> tuple[str, list[str]]:
    """'Jorrit de Vries' → ('de Vries', ['Jorrit']); the first particle starts the surname."""
    parts = name.split()
    if len(parts) <= 1:
        return name.strip(), []
    start = len(parts) - 1
    for index in range(1, len(parts) - 1):
        if parts[index].lower() in PARTICLES:
            start = index
            break
    return " ".join(parts[start:]), parts[:start]


def apa_author(name: str) -> str:
    """'Fatima El Amrani' → 'El Amrani, F.'; 'Anne-Marie Jansen' → 'Jansen, A.-M.'."""
    surname, given = split_name(name)
    if not given:
        return surname
    initials = []
    for word in given:
        pieces = [p for p in word.split("-") if p]
        initials.append("-".join(f"{p[0].upper()}." for p in pieces))
    return f"{surname}, {' '.join(initials)}"


def apa_authors(names: list[str]) -> str:
    """APA 7: 'A', 'A, & B', 'A, B, & C'; from 21 authors the first 19, '…' and the last."""
    formatted = [apa_author(n) for n in names]
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
    return Reference(
        f"{apa_authors(meta.author_names)} ({meta.year}). ", title, f"{stop} {institutions}.", url
    )


def sort_key(report: Report) -> tuple[str, int, str]:
    """APA lists are ordered by the first author's surname, then year, then title."""
    surname, _ = split_name(report.meta.author_names[0])
    return (surname.lower(), report.meta.year, report.meta.title.lower())
