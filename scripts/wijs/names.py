"""The one person-name model: family name (with its particles), given names, and how every
output writes them. Authors, supervisors and the authors of cited sources all go through here.

The rule (APA 7, documented in docs/bronnen-citeren.md): a particle belongs to the family name
and stays in front of it, in the reference list and in the text: "El Amrani, F.",
"de Vries, J.", "van der Berg-Smit, S."; the list is sorted on the family name as written
("de Vries" under d). In a name written "Given Family" the family name starts at the first
particle after the first word; in "Family, Given" particles at the end of the given part move
to the family name ("Amrani, Fatima El" is "El Amrani, Fatima").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words that start a family name: Dutch, German, French, Spanish, Portuguese, Italian particles
#: and the Arabic and Berber ones ("El Amrani", "Ben Ali", "Ait Taleb", "Abu Bakr").
PARTICLES = frozenset(
    "van de der den het 't te ten ter in op von vom zu del della la le du da das di dos "
    "el al ben bin ibn abu ait".split()
)
#: Academic titles in front of a supervisor's name: not part of the name.
TITLES = frozenset("dr. dr prof. prof ir. ir drs. drs mr. mr ing. ing ma msc bsc phd".split())
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PersonName:
    """A person's name in parts. ``family`` includes its particles ('de Vries'); a name of one
    word (or an organisation) has only a family name."""

    family: str
    given: str = ""

    @property
    def particle(self) -> str:
        """The particles at the start of the family name: 'van der' in 'van der Berg-Smit'."""
        words = self.family.split()
        taken = []
        for word in words[:-1]:
            if word.lower() not in PARTICLES:
                break
            taken.append(word)
        return " ".join(taken)

    @property
    def display(self) -> str:
        """As on the page: 'Fatima El Amrani'."""
        return f"{self.given} {self.family}" if self.given else self.family

    @property
    def inverted(self) -> str:
        """Family first, for metadata (citation_author, RIS, Dublin Core): 'de Vries, Jorrit'."""
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def initials(self) -> str:
        """'Anne-Marie Fatima' → 'A.-M. F.'."""
        parts = []
        for word in self.given.split():
            pieces = [p for p in word.split("-") if p]
            parts.append("-".join(f"{p[0].upper()}." for p in pieces if p[0].isalpha()))
        return " ".join(p for p in parts if p)

    @property
    def apa(self) -> str:
        """As APA 7 writes an author in the reference list: 'El Amrani, F.'."""
        return f"{self.family}, {self.initials}" if self.initials else self.family

    @property
    def csl(self) -> dict[str, str]:
        """CSL-JSON: family (with its particles, which APA keeps in front) and given names."""
        if not self.given:
            return {"literal": self.family}
        return {"family": self.family, "given": self.given}

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.family.casefold(), self.given.casefold())


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ,")


def split_particles(given: str, family: str) -> PersonName:
    """Particles at the end of the given names belong to the family name."""
    words = given.split()
    while len(words) > 1 and words[-1].lower() in PARTICLES:
        family = f"{words.pop()} {family}"
    return PersonName(_clean(family), " ".join(words))


def parse_name(text: str) -> PersonName:
    """'Fatima El Amrani', 'Jorrit de Vries', 'Sanne van der Berg-Smit', 'Aziz',
    'Amrani, Fatima El' → family and given names by the rule above."""
    text = _clean(text)
    words = text.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words.pop(0)
    text = " ".join(words)
    if "," in text:
        family, _, given = text.partition(",")
        return split_particles(_clean(given), _clean(family))
    if len(words) <= 1:
        return PersonName(text)
    start = len(words) - 1
    for index in range(1, len(words) - 1):
        if words[index].lower() in PARTICLES:
            start = index
            break
    return PersonName(" ".join(words[start:]), " ".join(words[:start]))


def has_particle(text: str) -> bool:
    """Whether a written name holds a known particle, so that how it is cited is a choice."""
    return any(w.lower() in PARTICLES for w in _clean(text).replace(",", " ").split())
