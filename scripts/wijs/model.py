"""The report and its parts: front-matter fields (pydantic) and the report on disk."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from wijs.names import PersonName, parse_name
from wijs.vocabulary import KIND_LABELS, Vocabulary, ask_wijs_hint, unknown_term_message

LICENSES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-ND-4.0", "all-rights-reserved")
LICENSE_LABELS = {
    "CC-BY-4.0": "CC BY 4.0",
    "CC-BY-SA-4.0": "CC BY-SA 4.0",
    "CC-BY-NC-4.0": "CC BY-NC 4.0",
    "CC-BY-NC-ND-4.0": "CC BY-NC-ND 4.0",
    "all-rights-reserved": "Alle rechten voorbehouden",
}
LICENSE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/deed.nl",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/deed.nl",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/deed.nl",
    "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/deed.nl",
    "all-rights-reserved": "",
}
STATUSES = ("draft", "submitted", "approved", "withdrawn")
STATUS_LABELS = {
    "draft": "concept",
    "submitted": "ingediend",
    "approved": "goedgekeurd",
    "withdrawn": "teruggetrokken",
}
MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


def nl_date(value: dt.date) -> str:
    """A date as Dutch readers write it: '14 juni 2024'."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def publication_label(
    status: str, published_from: dt.date | None, today: dt.date | None = None
) -> str:
    """'' when published on ``today``, else why not, in Dutch: 'concept', 'ingediend',
    'embargo tot 1 juni 2027', 'teruggetrokken' or 'goedgekeurd, toestemming onvolledig'.
    ``published_from`` is :attr:`Report.published_from`."""
    if published_from is not None and published_from <= (today or dt.date.today()):
        return ""
    if published_from is not None:
        return f"embargo tot {nl_date(published_from)}"
    if status == "approved":
        return "goedgekeurd, toestemming onvolledig"
    return STATUS_LABELS.get(status, status)


RESPONDENTS = ("anonymised", "consent-on-file", "no-respondents")
FIRST_YEAR = 2000

# BCP 47: language, optional script, region and variants (a pragmatic subset)
BCP47 = re.compile(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$"
)
RTL_LANGUAGES = {"ar", "he", "fa", "ur", "ps", "ckb", "yi", "dv"}


def _as_list(value: Any) -> Any:
    """A single value where a list is allowed: 'selwerd' means ['selwerd']."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def shape_of(value: Any) -> str:
    """What a YAML value is, in a student's words: 'een lijst', 'een getal'…"""
    if isinstance(value, dict):
        return "een blok met velden"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "een getal"
    if isinstance(value, dt.date):
        return "een datum"
    if value is None:
        return "een lege waarde"
    return "een tekst"


def _vocabulary_term(kind: str) -> Any:
    """A validator that turns an id, label or alias into the vocabulary id."""

    def validate(value: Any, info: ValidationInfo) -> str:
        if not isinstance(value, str | int):
            raise PydanticCustomError(
                "wrong_type", "verwacht een tekst, niet {got}", {"got": shape_of(value)}
            )
        text = str(value).strip()
        vocabulary: Vocabulary | None = (info.context or {}).get("vocabulary")
        if vocabulary is None:
            return text
        terms = vocabulary.kind(kind)
        term_id = terms.normalise(text)
        if term_id is not None:
            return term_id
        suggestions = terms.suggest(text)
        label = KIND_LABELS[kind]
        if suggestions:
            hint = "Bedoel je " + " of ".join(f"'{s}'" for s in suggestions) + "?"
        else:
            hint = (
                f"Kies een {label} uit research/vocabulary.yml, "
                f"bijvoorbeeld '{terms.ids()[0] if len(terms) else '?'}'."
            )
        hint += " " + ask_wijs_hint(kind)
        raise PydanticCustomError(
            "unknown_value",
            "{message}",
            {"message": unknown_term_message(kind, text), "value": text, "hint": hint},
        )

    return validate


def vocabulary_terms(kind: str) -> Any:
    """A front-matter field of one or more vocabulary values, normalised to their ids."""
    from pydantic import AfterValidator

    return Annotated[
        list[Annotated[str | int, AfterValidator(_vocabulary_term(kind))]],
        BeforeValidator(_as_list),
        Field(min_length=1),
    ]


def _text_list(value: Any) -> Any:
    return _as_list(value)


NonEmpty = Annotated[str, Field(min_length=1)]
TextList = Annotated[list[NonEmpty], BeforeValidator(_text_list)]


class StrictModel(BaseModel):
    """Unknown fields are errors (with did-you-mean), text is stripped, values are frozen."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Author(StrictModel):
    """An author: ``name`` as written, or ``family`` and ``given`` when the rule of
    :mod:`wijs.names` would split the name otherwise than the author wants."""

    name: NonEmpty
    programme: str | None = None
    orcid: str | None = None
    #: family name (with particles) for citations: 'El Amrani', 'van der Meer'
    family: str | None = None
    #: given names, with ``family``
    given: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        # "authors: [Fatima El Amrani]" is how most people start; accept it.
        if isinstance(value, str):
            return {"name": value}
        if isinstance(value, dict) and not value.get("name") and value.get("family"):
            given, family = str(value.get("given") or "").strip(), str(value["family"]).strip()
            return {**value, "name": f"{given} {family}".strip()}
        return value

    @cached_property
    def person(self) -> PersonName:
        """The name in parts, by the one rule of :mod:`wijs.names` unless stated explicitly."""
        if self.family:
            given = self.given
            if given is None:  # 'name' with the family name taken out
                given = self.name.replace(self.family, "", 1).strip(" ,")
            return PersonName(" ".join(self.family.split()), " ".join(given.split()))
        return parse_name(self.name)

    @property
    def is_explicit(self) -> bool:
        return self.family is not None


class Review(StrictModel):
    by: NonEmpty
    date: dt.date


class CommissionerConsent(StrictModel):
    name: NonEmpty
    date: dt.date


class Consent(StrictModel):
    """Permission to publish. A draft may leave parts open; approval needs all three (the
    rights checks name the missing part and its line)."""

    authors: bool | None = None
    commissioner: CommissionerConsent | Literal["not-applicable"] | None = None
    respondents: Literal["anonymised", "consent-on-file", "no-respondents"] | None = None

    @property
    def complete(self) -> bool:
        """Every author agrees, the commissioner's answer is known, respondents are covered."""
        return self.authors is True and self.commissioner is not None and bool(self.respondents)


FIGURE_CREDITS = ("own", "third-party")


class FigureCredit(StrictModel):
    """Where a figure comes from: made by the authors (credit: own), or a source and licence."""

    file: NonEmpty
    credit: Literal["own", "third-party"] | None = None
    author: str | None = None
    source: str | None = None
    license: str | None = None
    url: str | None = None

    @property
    def is_own(self) -> bool:
        return self.credit == "own"


class Translation(StrictModel):
    language: NonEmpty
    text: NonEmpty


class PrivacyException(StrictModel):
    """A finding of the privacy scan that may be published, and why (e.g. WIJS's own address)."""

    value: NonEmpty
    reason: NonEmpty

    @model_validator(mode="before")
    @classmethod
    def _needs_reason(cls, value: Any) -> Any:
        if isinstance(value, dict) and not str(value.get("reason") or "").strip():
            raise PydanticCustomError(
                "privacy_exception_reason",
                "De privacy-uitzondering voor '{value}' heeft geen reden.",
                {
                    "value": str(value.get("value", "")),
                    "hint": "Schrijf erbij waarom dit gegeven gepubliceerd mag worden, "
                    "bijvoorbeeld reason: het algemene contactadres van WIJS, dat openbaar is.",
                },
            )
        return value


class ReportMeta(StrictModel):
    """The front-matter of a report, validated and normalised to vocabulary ids."""

    title: NonEmpty
    subtitle: str | None = None
    authors: Annotated[list[Author], BeforeValidator(_as_list), Field(min_length=1)]
    supervisors: TextList = []
    institution: vocabulary_terms("institution")  # type: ignore[valid-type]
    level: vocabulary_terms("level")  # type: ignore[valid-type]
    year: int
    date: dt.date | None = None
    neighbourhood: vocabulary_terms("neighbourhood")  # type: ignore[valid-type]
    theme: vocabulary_terms("theme")  # type: ignore[valid-type]
    commissioner: str | None = None
    type: Annotated[str, BeforeValidator(lambda v: v)] = "onderzoeksrapport"
    language: str = "nl"
    summary: NonEmpty
    summary_translations: list[Translation] = []
    findings: TextList = []
    recommendations: TextList = []
    keywords: TextList = []
    license: Literal[LICENSES] = "CC-BY-4.0"  # type: ignore[valid-type]
    status: Literal[STATUSES]  # type: ignore[valid-type]
    review: Review | None = None
    consent: Consent | None = None
    figures: list[FigureCredit] = []
    confidential: TextList = []
    embargo_until: dt.date | None = None
    withdrawn_reason: str | None = None
    privacy_exceptions: list[PrivacyException] = []
    #: the questions of the vraagbank this report answers: slugs of research/vragen/<slug>.md
    answers: TextList = []

    @field_validator("type", mode="after")
    @classmethod
    def _type_in_vocabulary(cls, value: str, info: ValidationInfo) -> str:
        return _vocabulary_term("type")(value, info)

    @field_validator("year")
    @classmethod
    def _plausible_year(cls, value: int) -> int:
        last = dt.date.today().year + 1
        if not FIRST_YEAR <= value <= last:
            raise PydanticCustomError(
                "implausible_year",
                "Jaar {value} is niet mogelijk.",
                {"value": value, "hint": f"Kies een jaar van {FIRST_YEAR} tot en met {last}."},
            )
        return value

    @field_validator("language")
    @classmethod
    def _bcp47(cls, value: str) -> str:
        if not BCP47.match(value):
            raise PydanticCustomError(
                "invalid_language",
                "Taal '{value}' is geen taalcode.",
                {"value": value, "hint": "Gebruik een taalcode zoals nl, en of ar (BCP 47)."},
            )
        return value

    @model_validator(mode="after")
    def _publication_rules(self) -> ReportMeta:
        if self.status == "approved" and self.review is None:
            raise PydanticCustomError(
                "approval_needs_review",
                "Een goedgekeurd rapport heeft een 'review' nodig.",
                {
                    "field": "review",
                    "hint": "Voeg toe: review: {by: naam van de docent, date: 2024-06-20}. "
                    "Alleen de begeleidend docent zet de status op approved.",
                },
            )
        if self.status == "approved" and self.consent is None:
            raise PydanticCustomError(
                "approval_needs_consent",
                "Een goedgekeurd rapport heeft een 'consent'-blok nodig.",
                {
                    # the line that makes consent necessary
                    "field": "status",
                    "hint": "Publiceren mag alleen met toestemming van alle auteurs en de "
                    "opdrachtgever, en met respondenten die anoniem zijn of toestemming gaven. "
                    "Voeg toe: consent: {authors: true, commissioner: {name: ..., date: ...}, "
                    "respondents: anonymised}.",
                },
            )
        # an incomplete consent block is reported part by part by checks/rights.py
        if self.status == "withdrawn" and not self.withdrawn_reason:
            raise PydanticCustomError(
                "withdrawn_needs_reason",
                "Een teruggetrokken rapport heeft een reden nodig.",
                {
                    "field": "status",
                    "hint": "Voeg withdrawn_reason toe: lezers zien op de pagina waarom.",
                },
            )
        return self

    # -- convenience for pages --------------------------------------------------------------
    @property
    def author_names(self) -> list[str]:
        """As on the page: 'Fatima El Amrani' (also when written 'Amrani, Fatima El')."""
        return [a.person.display for a in self.authors]

    @property
    def is_rtl(self) -> bool:
        return self.language.split("-")[0].lower() in RTL_LANGUAGES


def front_matter_line(
    positions: dict[tuple[str | int, ...], tuple[int, int]], path: tuple[str | int, ...]
) -> int:
    """1-based line in the file of a front-matter key (or its nearest known parent), from the
    0-based positions the YAML loader found within the front-matter."""
    while path:
        if path in positions:
            return positions[path][0] + 2  # the front-matter starts after the '---' line
        path = path[:-1]
    return 1


@dataclass(frozen=True)
class Report:
    """A report as read from ``research/<year>/<slug>/index.md``."""

    meta: ReportMeta
    body: str
    path: Path  # the index.md
    root: Path  # the research folder
    body_line: int  # 1-based line in index.md where the body starts
    digest: str  # sha256 of index.md and the vocabulary: the cache key
    positions: dict[tuple[str | int, ...], tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False
    )
    #: read from a front-matter that failed the schema: its meta holds the fields that passed
    #: and stand-ins for the rest, so the checks of the folder and the body can run
    #: (checks.FOLDER_CHECKS); such a report is never part of a corpus or a page
    partial: bool = False

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def slug(self) -> str:
        return self.folder.name

    @property
    def folder_year(self) -> str:
        return self.folder.parent.name

    @cached_property  # asked for thousands of times while the site is planned
    def key(self) -> str:
        """'2024/eenzaamheid-ouderen-selwerd': unique within the research folder."""
        return f"{self.folder_year}/{self.slug}"

    @cached_property
    def url(self) -> str:
        """Site-relative URL of the report page, with a trailing slash."""
        return f"onderzoek/{self.key}/"

    @cached_property
    def source(self) -> str:
        """The path as the user sees it, relative to the repository."""
        return self.path.relative_to(self.root.parent).as_posix()

    def line_of(self, *path: str | int) -> int:
        """1-based line of a front-matter key (or its nearest known parent)."""
        return front_matter_line(self.positions, path)

    @cached_property
    def published_from(self) -> dt.date | None:
        """The first day the public site shows the report (``dt.date.min``: from the start), or
        None when it is not publishable at all (not approved, no review, consent incomplete)."""
        m = self.meta
        if m.status != "approved" or m.review is None:
            return None
        if m.consent is None or not m.consent.complete:
            return None
        return m.embargo_until or dt.date.min

    def is_published(self, today: dt.date | None = None) -> bool:
        """The one meaning of "published": approved, reviewed, consented and not under embargo
        on ``today``. Site, feeds, open data, OAI, jaarverslag, insights, related research,
        ``wijs review`` and ``wijs search`` all ask this."""
        start = self.published_from
        return start is not None and start <= (today or dt.date.today())

    def publication_label(self, today: dt.date | None = None) -> str:
        """'' when published, else why not (see :func:`publication_label`)."""
        return publication_label(self.meta.status, self.published_from, today)

    @property
    def is_withdrawn(self) -> bool:
        return self.meta.status == "withdrawn"

    @property
    def sort_date(self) -> dt.date:
        return self.meta.date or dt.date(self.meta.year, 1, 1)


def published_on(report: Report) -> dt.date | None:
    """The day the report appeared: approval, or the end of its embargo when that is later."""
    meta = report.meta
    dates = [d for d in (meta.review.date if meta.review else None, meta.embargo_until) if d]
    return max(dates) if dates else None
