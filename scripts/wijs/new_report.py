"""A new report folder for ``wijs new``: research/<year>/<slug>/ with a filled-in index.md
(front-matter, the usual Dutch sections with guidance, a commented consent block), an empty
references.bib and figures/. Never overwrites anything."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from wijs.errors import WijsError
from wijs.front_matter import split
from wijs.names import PersonName, has_particle, parse_name
from wijs.paths import is_slug
from wijs.vocabulary import Vocabulary

MAX_SLUG_LENGTH = 60
_AUTHOR = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<programme>[^()]*)\))?\s*$")


#: the code of a report or question that cannot be created (already exists, bad name…)
NEW_REFUSED = "new-refused"


@dataclass(frozen=True)
class NewAuthor:
    name: str
    programme: str = ""

    @property
    def cited_as(self) -> PersonName | None:
        """The family/given split of a name with a particle ('El Amrani', 'de Vries'), written
        out in the new index.md so the student sees how the name is cited and can change it."""
        return parse_name(self.name) if has_particle(self.name) else None


@dataclass
class NewReport:
    """What ``wijs new`` asks for; vocabulary values already normalised to ids."""

    title: str
    authors: list[NewAuthor]
    institution: list[str]
    level: list[str]
    neighbourhood: list[str]
    theme: list[str]
    year: int
    slug: str = ""

    @property
    def folder_slug(self) -> str:
        return self.slug or slugify(self.title)


def slugify(title: str) -> str:
    """'Eenzaamheid onder ouderen in Selwerd' → 'eenzaamheid-onder-ouderen-in-selwerd'."""
    decomposed = unicodedata.normalize("NFKD", title)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", ascii_only.casefold())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG_LENGTH:
            break
        slug = candidate
    return slug or (words[0][:MAX_SLUG_LENGTH] if words else "")


def parse_author(text: str) -> NewAuthor:
    """'Fatima El Amrani (Toegepaste Psychologie)' → name and programme."""
    match = _AUTHOR.match(text.strip())
    if not match or not match.group("name").strip():
        raise WijsError.one(
            NEW_REFUSED,
            f"'{text}' is geen auteur. Schrijf 'Naam (Opleiding)', bijvoorbeeld "
            "'Fatima El Amrani (Toegepaste Psychologie)'.",
        )
    return NewAuthor(match.group("name").strip(), (match.group("programme") or "").strip())


def normalise_terms(vocabulary: Vocabulary, kind: str, values: list[str]) -> list[str]:
    """Ids for ids, labels or aliases (comma-separated values allowed); error with did-you-mean."""
    return vocabulary.kind(kind).resolve(values)


def default_levels(vocabulary: Vocabulary, institutions: list[str]) -> list[str]:
    """The level when every given institution teaches exactly the same single level."""
    levels = {
        level
        for term in vocabulary.institutions
        if term.id in institutions
        for level in term.levels
    }
    return sorted(levels) if len(levels) == 1 else []


def report_folder(research_dir: Path, new: NewReport) -> Path:
    return research_dir / str(new.year) / new.folder_slug


def ensure_free(research_dir: Path, new: NewReport) -> None:
    """Refuse a slug that is not a slug or is already used in any year (never overwrite)."""
    slug = new.folder_slug
    if not is_slug(slug):
        raise WijsError.one(
            NEW_REFUSED,
            f"'{slug}' is geen geldige mapnaam. Gebruik kleine letters, cijfers en streepjes, "
            "bijvoorbeeld 'eenzaamheid-ouderen-selwerd'.",
        )
    taken = sorted(p for p in research_dir.glob(f"*/{slug}") if p.exists())
    if taken:
        where = taken[0].as_posix()
        raise WijsError.one(
            NEW_REFUSED,
            f"Er bestaat al een rapport met de mapnaam '{slug}' ({where}); dat wordt niet "
            "overschreven. Kies een andere naam met --slug, bijvoorbeeld met de wijk of het jaar "
            "erin.",
        )


def render_index(new: NewReport) -> str:
    return render_new(
        "new_report.md.j2",
        title=new.title,
        authors=new.authors,
        institution=one_or_list(new.institution),
        level=one_or_list(new.level),
        neighbourhood=one_or_list(new.neighbourhood),
        theme=one_or_list(new.theme),
        year=new.year,
    )


def one_or_list(ids: list[str]) -> str | list[str]:
    """One value as itself, more as a list: 'selwerd' or [selwerd, paddepoel]."""
    return ids[0] if len(ids) == 1 else ids


def render_new(template: str, **context: Any) -> str:
    """A new file from templates/ (YAML and Markdown; values go through the ``yaml`` filter)."""
    return _environment().get_template(template).render(**context)


def create_report(research_dir: Path, new: NewReport) -> Path:
    """Write research/<year>/<slug>/ and return its index.md. Raises WijsError."""
    ensure_free(research_dir, new)
    folder = report_folder(research_dir, new)
    text = render_index(new)
    _read_back(text, new)
    try:
        folder.mkdir(parents=True, exist_ok=False)
        (folder / "figures").mkdir()
        index = folder / "index.md"
        with index.open("x", encoding="utf-8") as handle:  # 'x': never overwrite
            handle.write(text)
        (folder / "references.bib").touch(exist_ok=False)
    except FileExistsError as exc:
        raise WijsError.one(
            NEW_REFUSED, f"{exc.filename} bestaat al; er is niets overschreven."
        ) from exc
    return index


def _read_back(text: str, new: NewReport) -> None:
    """Read the new index.md the way `wijs check` will, before it is written: what the student
    typed (a title with a colon, quotes, a '#') must come back as typed."""
    parts = split(text)
    try:
        data = parts.load().value if parts is not None else None
    except WijsError:
        data = None
    written = data.get("authors") if isinstance(data, dict) else None
    authors = [a.get("name") for a in written if isinstance(a, dict)] if written else []
    if (
        not isinstance(data, dict)
        or data.get("title") != new.title
        or data.get("year") != new.year
        or authors != [a.name for a in new.authors]
    ):
        raise WijsError.one(
            NEW_REFUSED,
            "De nieuwe front-matter leest niet terug zoals ingevuld; er is niets geschreven. "
            "Probeer de titel en namen zonder bijzondere tekens, en meld dit aan WIJS.",
        )


def _yaml_value(value: Any) -> str:
    """A scalar or flow list as YAML, quoted only where YAML needs it."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    text = text.strip()
    if text.endswith("\n..."):
        text = text[: -len("\n...")]
    return text.removesuffix("...").strip()


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("wijs", "templates"),
        autoescape=False,  # YAML and Markdown, not HTML; values go through the yaml filter
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = _yaml_value
    return env
