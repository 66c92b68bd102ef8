"""The controlled vocabulary in research/vocabulary.yml: wijken, thema's, instellingen, niveaus
and types; normalising what a student writes to an id, and "did you mean" for what it is not."""

from __future__ import annotations

import difflib
import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wijs.errors import WijsError
from wijs.yaml_source import safe_load

#: The vocabulary's kinds, as named in reports (front-matter key) and in vocabulary.yml.
KINDS = {
    "neighbourhood": "wijken",
    "theme": "themes",
    "institution": "institutions",
    "level": "levels",
    "type": "types",
}

#: Dutch name of each kind, for messages and page headings.
KIND_LABELS = {
    "neighbourhood": "wijk",
    "theme": "thema",
    "institution": "instelling",
    "level": "niveau",
    "type": "type",
}
#: the labels that are 'het'-words: "Onbekend thema", "het thema"; the others take 'de'
NEUTER_KINDS = frozenset({"theme", "level", "type"})


def unknown_term_message(kind: str, value: str) -> str:
    """ "Onbekende wijk 'x'." / "Onbekend thema 'x'.": the adjective follows the noun."""
    adjective = "Onbekend" if kind in NEUTER_KINDS else "Onbekende"
    return f"{adjective} {KIND_LABELS.get(kind, kind)} '{value}'."


def ask_wijs_hint(kind: str) -> str:
    """What to do when a value is missing from the vocabulary, with the right article."""
    article, pronoun = ("het", "het") if kind in NEUTER_KINDS else ("de", "hem")
    return (
        f"Staat {article} {KIND_LABELS.get(kind, kind)} er echt niet in, vraag WIJS dan om "
        f"{pronoun} toe te voegen."
    )


@dataclass(frozen=True)
class Term:
    """One entry of the vocabulary: an id, a Dutch label and what else it may be called."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    group: str = ""  # the stadsdeel of a wijk
    url: str = ""  # monitor link of a wijk, website of an institution
    levels: tuple[str, ...] = ()  # levels an institution teaches
    citywide: bool = False
    review_team: str = ""  # an institution's GitHub team that reviews its reports: org/team


def fold(value: str) -> str:
    """Case-, accent- and spacing-insensitive key: 'Paddepoel-Noord' == 'paddepoel noord'."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in ascii_only.casefold())
    return " ".join(cleaned.split())


def unknown_term(kind: str, value: str, suggestions: list[str], choices: list[str]) -> WijsError:
    """A value that is no id, label or alias of its kind (code ``unknown-term``); the hint says
    what was meant."""
    if suggestions:
        hint = "Bedoel je " + " of ".join(f"'{s}'" for s in suggestions) + "?"
    else:
        shown = ", ".join(choices[:8]) + ("…" if len(choices) > 8 else "")
        hint = f"Kies uit: {shown}."
    return WijsError.one("unknown-term", unknown_term_message(kind, value), hint)


@dataclass
class TermList:
    kind: str
    terms: list[Term]
    _lookup: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            for name in (term.id, term.label, *term.aliases):
                self._lookup.setdefault(fold(name), term.id)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, term_id: object) -> bool:
        return any(t.id == term_id for t in self.terms)

    def get(self, term_id: str) -> Term:
        for term in self.terms:
            if term.id == term_id:
                return term
        raise KeyError(term_id)

    def label(self, term_id: str) -> str:
        try:
            return self.get(term_id).label
        except KeyError:
            return term_id

    def normalise(self, value: str) -> str | None:
        """The id for an id, label or alias in any capitalisation; None when unknown."""
        return self._lookup.get(fold(value))

    def suggest(self, value: str, n: int = 3) -> list[str]:
        """Close ids for an unknown value, best first."""
        folded = fold(value)
        matches = difflib.get_close_matches(folded, list(self._lookup), n=n * 3, cutoff=0.6)
        ids: list[str] = []
        for match in matches:
            term_id = self._lookup[match]
            if term_id not in ids:
                ids.append(term_id)
        return ids[:n]

    def ids(self) -> list[str]:
        return [t.id for t in self.terms]

    def resolve(self, values: Iterable[str]) -> list[str]:
        """Ids for ids, labels or aliases (comma-separated allowed), each once, in order.

        Raises WijsError (``unknown_term``) with a did-you-mean hint for the first value that is
        none of them.
        """
        ids: list[str] = []
        for value in (part.strip() for raw in values for part in raw.split(",")):
            if not value:
                continue
            term_id = self.normalise(value)
            if term_id is None:
                raise unknown_term(self.kind, value, self.suggest(value), self.ids())
            if term_id not in ids:
                ids.append(term_id)
        return ids


@dataclass
class Vocabulary:
    path: Path
    stadsdelen: TermList
    wijken: TermList  # includes the city-wide values
    themes: TermList
    institutions: TermList
    levels: TermList
    types: TermList
    digest: str

    def kind(self, key: str) -> TermList:
        """The term list for a front-matter key such as 'neighbourhood'."""
        return getattr(self, KINDS[key])

    def wijken_in(self, stadsdeel: str) -> list[Term]:
        return [t for t in self.wijken if t.group == stadsdeel]

    def proper_wijken(self) -> list[Term]:
        return [t for t in self.wijken if not t.citywide]


def _terms(path: Path, data: dict[str, Any], key: str, *, citywide: bool = False) -> list[Term]:
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise WijsError.at(path, 1, "vocabulary", f"'{key}' moet een lijst zijn.")
    terms = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or "id" not in entry or "label" not in entry:
            raise WijsError.at(
                path,
                1,
                "vocabulary",
                f"Item {number} van '{key}' mist 'id' of 'label'.",
                "Elk item heeft minstens 'id: kleine-letters' en 'label: Naam'.",
            )
        aliases = entry.get("aliases") or []
        levels = entry.get("levels") or []
        terms.append(
            Term(
                id=str(entry["id"]),
                label=str(entry["label"]),
                aliases=tuple(str(a) for a in aliases),
                description=str(entry.get("description") or ""),
                group=str(entry.get("stadsdeel") or ""),
                url=str(entry.get("monitor") or entry.get("url") or ""),
                levels=tuple(str(level) for level in levels),
                citywide=citywide,
                review_team=str(entry.get("review_team") or ""),
            )
        )
    return terms


def load_vocabulary(path: str | Path) -> Vocabulary:
    """Read vocabulary.yml. Raises WijsError naming the file when it cannot be used."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise WijsError.at(
            path,
            1,
            "vocabulary-missing",
            "De vocabulaire ontbreekt.",
            "Zet research/vocabulary.yml terug (zie docs/rapportformaat.md).",
        ) from exc
    known = _LOADED.get(path)
    if known is not None and known[0] == raw:
        return known[1]  # unchanged: a live preview reloads it on every save
    vocabulary = _load(path, raw)
    _LOADED[path] = (raw, vocabulary)
    return vocabulary


_LOADED: dict[Path, tuple[bytes, Vocabulary]] = {}


def _load(path: Path, raw: bytes) -> Vocabulary:
    try:
        data = safe_load(raw.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        raise WijsError.at(
            path, line, "vocabulary", f"De vocabulaire is geen geldige YAML: {exc}"
        ) from exc
    if not isinstance(data, dict):
        raise WijsError.at(path, 1, "vocabulary", "De vocabulaire moet een YAML-mapping zijn.")
    return Vocabulary(
        path=path,
        stadsdelen=TermList("stadsdeel", _terms(path, data, "stadsdelen")),
        wijken=TermList(
            "neighbourhood",
            _terms(path, data, "wijken") + _terms(path, data, "citywide", citywide=True),
        ),
        themes=TermList("theme", _terms(path, data, "themes")),
        institutions=TermList("institution", _terms(path, data, "institutions")),
        levels=TermList("level", _terms(path, data, "levels")),
        types=TermList("type", _terms(path, data, "types")),
        digest=hashlib.sha256(raw).hexdigest(),
    )
