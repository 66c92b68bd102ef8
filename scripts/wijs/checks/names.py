"""How the names of authors and supervisors will be cited: when a name holds a particle (van,
de, El, Ben, …) the split into family and given names is a choice, so say which one is made."""

from __future__ import annotations

from collections.abc import Iterator

from wijs.diagnostics import Diagnostic, warning
from wijs.model import Report
from wijs.names import has_particle

DOCS = "docs/bronnen-citeren.md"


def check_names(report: Report) -> Iterator[Diagnostic]:
    for number, author in enumerate(report.meta.authors):
        if author.is_explicit or not has_particle(author.name):
            continue
        person = author.person
        given = f"given: {person.given}" if person.given else "given: …"
        yield warning(
            report.source,
            report.line_of("authors", number, "name"),
            "name-particle",
            f"'{author.name}' wordt geciteerd als '{person.apa}' (achternaam "
            f"'{person.family}'), op de pagina, in de literatuurlijst en in alle downloads.",
            f"Klopt dat, schrijf dan onder de naam family: {person.family} en {given}; dan "
            "verdwijnt deze melding. Is de achternaam anders, zet dan de juiste delen in "
            f"family: en given: (bijvoorbeeld family: {_other(person.family)}). "
            f"Zie {DOCS}.",
        )


def _other(family: str) -> str:
    """The other reading of the name, as an example: 'El Amrani' → 'Amrani'."""
    words = family.split()
    return " ".join(words[1:]) if len(words) > 1 else family
