"""A question of the vraagbank: what a WIJ team, school or other commissioner asks, as read from
``research/vragen/<slug>.md`` (front-matter validated like a report's, a body with context)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from wijs.model import (
    NonEmpty,
    PrivacyException,
    StrictModel,
    front_matter_line,
    vocabulary_terms,
)

#: The folder of the questions inside the research folder, and their URL on the site.
FOLDER = "vragen"
URL = "vragen/"

STATUSES = ("open", "in-behandeling", "beantwoord", "vervallen")
STATUS_LABELS = {
    "open": "open",
    "in-behandeling": "in behandeling",
    "beantwoord": "beantwoord",
    "vervallen": "vervallen",
}


class QuestionMeta(StrictModel):
    """The front-matter of a question, validated and normalised to vocabulary ids."""

    title: NonEmpty
    #: the question itself, in plain Dutch
    question: NonEmpty
    #: the organisation or team that asks: never a private person's name or contact details
    asked_by: NonEmpty
    neighbourhood: vocabulary_terms("neighbourhood")  # type: ignore[valid-type]
    theme: vocabulary_terms("theme")  # type: ignore[valid-type]
    #: the levels the question suits (mbo, hbo, wo)
    level: vocabulary_terms("level")  # type: ignore[valid-type]
    asked: dt.date
    status: Literal[STATUSES] = "open"  # type: ignore[valid-type]
    #: why a question lapsed (status vervallen); shown on its page
    lapsed_reason: str | None = None
    privacy_exceptions: list[PrivacyException] = Field(default_factory=list)

    @model_validator(mode="after")
    def _lapsed_needs_reason(self) -> QuestionMeta:
        if self.status == "vervallen" and not self.lapsed_reason:
            raise PydanticCustomError(
                "lapsed_needs_reason",
                "Een vervallen vraag heeft een reden nodig.",
                {
                    "field": "status",
                    "hint": "Voeg lapsed_reason toe, bijvoorbeeld: lapsed_reason: Het project is "
                    "gestopt. Bezoekers zien op de pagina waarom de vraag niet meer open is.",
                },
            )
        return self


@dataclass(frozen=True)
class Question:
    """A question as read from ``research/vragen/<slug>.md``."""

    meta: QuestionMeta
    body: str
    path: Path
    root: Path  # the research folder
    body_line: int
    digest: str  # sha256 of the file and the vocabulary
    positions: dict[tuple[str | int, ...], tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def slug(self) -> str:
        return self.path.stem

    @property
    def url(self) -> str:
        """Site-relative URL of the question's page, with a trailing slash."""
        return f"{URL}{self.slug}/"

    @cached_property
    def source(self) -> str:
        """The path as the user sees it, relative to the repository."""
        try:
            return self.path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return self.path.as_posix()

    def line_of(self, *path: str | int) -> int:
        """1-based line of a front-matter key (or its nearest known parent)."""
        return front_matter_line(self.positions, path)
