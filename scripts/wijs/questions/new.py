"""A new question for the vraagbank: research/vragen/<slug>.md with a filled-in front-matter
and room for context, for ``wijs vraag`` and the issue form "Vraag stellen". Never overwrites;
a private person as asker is refused before anything is written."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from wijs.checks.privacy import place_names
from wijs.checks.privacy_patterns import looks_like_person
from wijs.errors import WijsError
from wijs.front_matter import split
from wijs.new_report import NEW_REFUSED, one_or_list, render_new, slugify
from wijs.paths import is_slug
from wijs.questions.model import FOLDER
from wijs.questions.reader import SUFFIX

PLACEHOLDER_QUESTION = "TODO: de vraag in één of twee zinnen, in gewone taal."
PERSON_REFUSED = (
    "'{asked_by}' lijkt de naam van een persoon. Een vraag komt van een organisatie of team "
    "(bijvoorbeeld 'WIJ Selwerd' of 'Bewonersinitiatief De Hoogte'); namen en contactgegevens "
    "van personen komen niet op de site. WIJS legt zelf contact met wie de vraag stelde."
)


@dataclass
class NewQuestion:
    """What a new question holds; vocabulary values already normalised to ids."""

    title: str
    question: str
    asked_by: str
    neighbourhood: list[str]
    theme: list[str]
    level: list[str]
    asked: dt.date
    slug: str = ""
    context: str = ""

    @property
    def file_slug(self) -> str:
        return self.slug or slugify(self.title)


def question_path(research_dir: Path, slug: str) -> Path:
    return research_dir / FOLDER / f"{slug}{SUFFIX}"


def check_asker(research_dir: Path, asked_by: str) -> None:
    """Refuse a private person's name where an organisation or team is asked for."""
    if looks_like_person(asked_by, place_names(research_dir)):
        raise WijsError.one(NEW_REFUSED, PERSON_REFUSED.format(asked_by=asked_by))


def ensure_free(research_dir: Path, slug: str) -> None:
    if not is_slug(slug):
        raise WijsError.one(
            NEW_REFUSED,
            f"'{slug}' is geen geldige naam voor een vraag. Gebruik kleine letters, cijfers en "
            "streepjes, bijvoorbeeld 'digitale-vragen-ouderen-paddepoel'.",
        )
    if question_path(research_dir, slug).exists():
        raise WijsError.one(
            NEW_REFUSED,
            f"Er bestaat al een vraag research/{FOLDER}/{slug}{SUFFIX}; die wordt niet "
            "overschreven. Kies een andere naam met --slug.",
        )


def free_slug(research_dir: Path, slug: str) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… when a question already has it."""
    candidate, number = slug, 1
    while question_path(research_dir, candidate).exists():
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def render_question(new: NewQuestion) -> str:
    return render_new(
        "new_question.md.j2",
        title=new.title,
        question=new.question or PLACEHOLDER_QUESTION,
        asked_by=new.asked_by,
        neighbourhood=one_or_list(new.neighbourhood),
        theme=one_or_list(new.theme),
        level=one_or_list(new.level),
        asked=new.asked.isoformat(),
        context=new.context.strip(),
    )


def create_question(research_dir: Path, new: NewQuestion) -> Path:
    """Write research/vragen/<slug>.md in one step and return it. Raises WijsError."""
    check_asker(research_dir, new.asked_by)
    slug = new.file_slug
    ensure_free(research_dir, slug)
    text = render_question(new)
    _read_back(text, new)
    folder = research_dir / FOLDER
    folder.mkdir(exist_ok=True)
    target = question_path(research_dir, slug)
    # written beside its place and linked in: the question appears whole or not at all, and
    # an existing file is never replaced (os.link fails when the name is taken)
    handle, scratch = tempfile.mkstemp(prefix=".vraag-", suffix=SUFFIX, dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.link(scratch, target)
    except FileExistsError as exc:
        raise WijsError.one(
            NEW_REFUSED, f"{target.name} bestaat al; er is niets overschreven."
        ) from exc
    finally:
        os.unlink(scratch)
    return target


def _read_back(text: str, new: NewQuestion) -> None:
    """Read the new file the way `wijs check` will: what was typed must come back as typed."""
    parts = split(text)
    try:
        data = parts.load().value if parts is not None else None
    except WijsError:
        data = None
    if (
        not isinstance(data, dict)
        or data.get("title") != new.title
        or data.get("asked_by") != new.asked_by
        or data.get("question") != (new.question or PLACEHOLDER_QUESTION)
    ):
        raise WijsError.one(
            NEW_REFUSED,
            "De nieuwe vraag leest niet terug zoals ingevuld; er is niets geschreven. Probeer "
            "de tekst zonder bijzondere tekens, en meld dit aan WIJS.",
        )
