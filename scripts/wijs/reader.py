"""One report file → a validated Report, or the diagnostics that say why not.

Reading never raises for bad content: every problem becomes a Diagnostic with a line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wijs.diagnostics import Diagnostic, error, warning
from wijs.errors import WijsError
from wijs.front_matter import Parts, decode, split
from wijs.model import Report, ReportMeta, shape_of
from wijs.rights.confidential import redact_body
from wijs.vocabulary import Vocabulary
from wijs.yaml_source import YamlData

MAX_REPORT_BYTES = 2_000_000
FIELD_NAMES = list(ReportMeta.model_fields)


@dataclass
class ReadResult:
    report: Report | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: when the front-matter fails: what can still be checked (the folder, the body and the
    #: fields that passed), for the checks that do not judge the front-matter
    partial: Report | None = None


def read_report(
    path: str | Path, vocabulary: Vocabulary, root: str | Path | None = None
) -> ReadResult:
    """Read research/<year>/<slug>/index.md. ``root`` is the research folder."""
    path = Path(path)
    root = Path(root) if root is not None else path.parent.parent.parent
    shown = _shown(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return ReadResult(
            None,
            [
                error(
                    shown,
                    1,
                    "unreadable",
                    f"Kan het bestand niet lezen: {exc}",
                    "Controleer of het bestand bestaat en leesbaar is.",
                )
            ],
        )
    return parse_report(raw, path, vocabulary, root)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(_repository(root)).as_posix()
    except ValueError:
        return str(path)


@lru_cache(maxsize=8)
def _repository(root: Path) -> Path:
    """The folder above research/, resolved (once: reading 1,000 reports asked 1,000 times)."""
    return root.resolve().parent


def parse_report(
    raw: bytes,
    path: Path,
    vocabulary: Vocabulary,
    root: Path,
    load: Callable[[Parts], YamlData] = Parts.load,
) -> ReadResult:
    """``load``: reads the front-matter (wijs.corpus takes it from the check store when the
    front-matter's text was read before: parsing it is most of the time of reading a report)."""
    shown = _shown(path, root)
    if len(raw) > MAX_REPORT_BYTES:
        return ReadResult(
            None,
            [
                error(
                    shown,
                    1,
                    "too-large",
                    f"index.md is {len(raw) // 1000} kB; "
                    f"het maximum is {MAX_REPORT_BYTES // 1000} kB.",
                    "Zet lange bijlagen in attachments/ en houd de tekst van het rapport beknopt.",
                )
            ],
        )
    text, problems = decode(raw, shown)
    if text is None:
        return ReadResult(None, problems)
    if not text.strip():
        return ReadResult(
            None,
            [
                error(
                    shown,
                    1,
                    "empty-file",
                    "Het bestand is leeg.",
                    "Begin met een front-matter-blok tussen twee regels '---'; "
                    "'wijs new' maakt een ingevuld voorbeeld.",
                )
            ],
        )
    parts = split(text)
    if parts is None:
        return ReadResult(
            None,
            [
                error(
                    shown,
                    1,
                    "no-front-matter",
                    "Het rapport begint niet met front-matter.",
                    "Zet bovenaan een blok tussen twee regels met alleen '---', met daarin title, "
                    "authors, institution enz. Zie 'wijs new' of docs/rapportformaat.md.",
                )
            ],
        )
    body, body_line = parts.body, parts.body_line
    digest = hashlib.sha256(raw + vocabulary.digest.encode()).hexdigest()
    # confidential blocks never leave the file: every later stage sees them blanked
    body, marker_problems = redact_body(body, shown, body_line)
    read = _Read(path, root, body, body_line, digest, marker_problems)
    try:
        data = load(parts)
    except WijsError as problem:
        return read.failed([yaml_problem(problem, shown)])
    diagnostics = duplicate_keys(data, shown)
    if not isinstance(data.value, dict):
        return read.failed([*diagnostics, not_a_mapping(shown)], data)
    try:
        meta = ReportMeta.model_validate(data.value, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        diagnostics += validation_diagnostics(exc, data, shown, REPORT_FIELDS)
        return read.failed(diagnostics, data, _failed_fields(exc))
    diagnostics += marker_problems
    report = Report(meta, body, path, root, body_line, digest, dict(data.positions))
    diagnostics += _folder_checks(report, shown)
    return ReadResult(report, diagnostics)


def yaml_problem(problem: WijsError, shown: str) -> Diagnostic:
    """A YAML mistake in a front-matter (``wijs.yaml_source.yaml_problem``), on its line in
    the file: the front-matter starts on line 2."""
    d = problem.diagnostic
    return error(shown, d.line + 1, d.code, d.message, d.hint, column=d.column)


def duplicate_keys(data: YamlData, shown: str) -> list[Diagnostic]:
    return [
        error(
            shown,
            line + 2,
            "duplicate-key",
            f"Het veld '{key}' staat er twee keer in.",
            "Haal één van de twee weg; anders geldt stilzwijgend alleen de laatste.",
            column=column + 1,
        )
        for key, line, column in data.duplicates
    ]


def not_a_mapping(shown: str) -> Diagnostic:
    return error(
        shown,
        2,
        "front-matter-shape",
        "De front-matter is geen lijst van velden.",
        "Schrijf elk veld als 'naam: waarde' op een eigen regel.",
    )


@dataclass
class _Read:
    """What is known of a report once its front-matter is split off, whatever follows."""

    path: Path
    root: Path
    body: str
    body_line: int
    digest: str
    marker_problems: list[Diagnostic]

    def failed(
        self,
        diagnostics: list[Diagnostic],
        data: YamlData | None = None,
        failed: Collection[str] = (),
    ) -> ReadResult:
        """No report, but a partial one for the checks of the folder and the body."""
        value = data.value if data is not None and isinstance(data.value, dict) else {}
        meta = _partial_meta(value, failed)
        partial = None
        if meta is not None:
            positions = dict(data.positions) if data is not None else {}
            partial = Report(
                meta,
                self.body,
                self.path,
                self.root,
                self.body_line,
                self.digest,
                positions,
                partial=True,
            )
        return ReadResult(None, [*diagnostics, *self.marker_problems], partial)


#: what a partial report holds where its front-matter has nothing usable; never shown
_STAND_INS: dict[str, Any] = {
    "title": "?",
    "authors": ["?"],
    "institution": "?",
    "level": "?",
    "neighbourhood": "?",
    "theme": "?",
    "summary": "?",
}


def _failed_fields(exc: ValidationError) -> set[str]:
    """The top-level fields a validation error is about."""
    failed: set[str] = set()
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        if loc:
            failed.add(str(loc[0]))
        field_name = (err.get("ctx") or {}).get("field")
        if field_name:
            failed.add(str(field_name))
    return failed


def _partial_meta(value: dict[str, Any], failed: Collection[str]) -> ReportMeta | None:
    """The fields that passed, stand-ins for the rest, validated without the vocabulary (the
    folder checks do not look at the terms). A draft: publication rules do not apply."""
    kept = {k: v for k, v in value.items() if k in ReportMeta.model_fields and k not in failed}
    fields = {**_STAND_INS, "year": dt.date.today().year, **kept, "status": "draft"}
    for _ in range(2):
        try:
            return ReportMeta.model_validate(fields)
        except ValidationError as exc:
            # a field that only fails without the vocabulary's help, or next to a stand-in
            for name in _failed_fields(exc):
                fields.pop(name, None)
            fields = {**_STAND_INS, "year": dt.date.today().year, **fields, "status": "draft"}
    return None


def _folder_checks(report: Report, shown: str) -> list[Diagnostic]:
    found = []
    if report.folder_year != str(report.meta.year):
        found.append(
            error(
                shown,
                report.line_of("year"),
                "year-mismatch",
                f"Het jaar {report.meta.year} past niet bij de map {report.folder_year}/.",
                f"Verplaats de map naar research/{report.meta.year}/{report.slug}/ "
                "of pas 'year' aan.",
            )
        )
    if not _is_slug(report.slug):
        found.append(
            error(
                shown,
                1,
                "bad-slug",
                f"De mapnaam '{report.slug}' is geen geldige slug.",
                "Gebruik kleine letters, cijfers en streepjes, bijvoorbeeld "
                "'eenzaamheid-ouderen-selwerd'.",
            )
        )
    if report.meta.date and report.meta.date.year != report.meta.year:
        found.append(
            warning(
                shown,
                report.line_of("date"),
                "date-year",
                f"De datum {report.meta.date} valt niet in het jaar {report.meta.year}.",
                "Controleer 'date' en 'year'.",
            )
        )
    return found


def _is_slug(value: str) -> bool:
    return re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value) is not None


_SHAPES = {
    "review": "review: {by: dr. M. Bakker, date: 2024-06-20}",
    "consent": "consent: {authors: true, commissioner: {name: WIJ Selwerd, date: 2024-06-18}, "
    "respondents: anonymised}",
    "findings": "findings:\n  - Eerste bevinding\n  - Tweede bevinding",
    "recommendations": "recommendations:\n  - Eerste aanbeveling",
    "answers": "answers: [eenzaamheid-ouderen-selwerd]   # de naam van research/vragen/<naam>.md",
}
_REQUIRED_HINTS = {
    "title": 'title: "Eenzaamheid onder ouderen in Selwerd"',
    "authors": "authors:\n  - name: Voornaam Achternaam\n    programme: Opleiding",
    "institution": "institution: hanzehogeschool",
    "level": "level: hbo",
    "year": "year: 2024",
    "neighbourhood": "neighbourhood: selwerd",
    "theme": "theme: [eenzaamheid, ouderen]",
    "summary": "summary: >\n  Twee tot vijf zinnen over vraag, aanpak en belangrijkste uitkomst.",
    "status": "status: draft",
}


@dataclass(frozen=True)
class FieldHelp:
    """What a kind of front-matter (a report's, a question's) may hold, for the messages:
    its field names (did-you-mean for an unknown field), an example per required field and an
    example of the shape of other fields."""

    names: list[str]
    examples: dict[str, str]
    shapes: dict[str, str]
    #: where the format is explained
    guide: str = "Zie docs/rapportformaat.md: 'Een rapport'."


def validation_diagnostics(
    exc: ValidationError, data: YamlData, shown: str, known: FieldHelp
) -> list[Diagnostic]:
    """Every error pydantic found, in Dutch, on its line, with how to fix it."""
    found = []
    errors = exc.errors(include_url=False)
    model_branches = {_clean_loc(e["loc"]) for e in errors if e["type"] != "literal_error"}
    for err in errors:
        loc = _clean_loc(err["loc"])
        if (
            err["type"] == "literal_error"
            and any(isinstance(p, str) and p.startswith("literal[") for p in err["loc"])
            and any(other[: len(loc)] == loc for other in model_branches)
        ):
            # a union of a literal and a block: the block's own error says more
            continue
        ctx: dict[str, Any] = err.get("ctx") or {}
        kind = err["type"]
        if ctx.get("field"):
            loc = (ctx["field"],)
        line, column = data.position(loc)
        if kind == "missing" and loc in data.positions:
            line, column = data.positions[loc]
        dotted = ".".join(str(p) for p in loc)
        code, message, hint = _describe(kind, loc, dotted, err["msg"], ctx, err.get("input"), known)
        if kind == "missing":
            # a missing field has no line of its own; point at the top of the block
            line, column = (0, 0) if len(loc) == 1 else data.position(loc[:-1])
        found.append(error(shown, line + 2, code, message, hint, column=column + 1))
    return found


def _clean_loc(loc: tuple[Any, ...] | list[Any]) -> tuple[Any, ...]:
    """Drop pydantic's names of union branches ('CommissionerConsent', "literal['x']")."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p[:1].isupper() or "[" in p)))


def _describe(
    kind: str,
    loc: tuple[Any, ...],
    dotted: str,
    msg: str,
    ctx: dict[str, Any],
    given: Any,
    known: FieldHelp,
) -> tuple[str, str, str]:
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        example = known.examples.get(dotted, f"{name}: ...")
        return "missing-field", f"Het verplichte veld '{dotted}' ontbreekt.", f"Voeg toe: {example}"
    if kind == "extra_forbidden":
        options = known.names if len(loc) == 1 else []
        close = difflib.get_close_matches(name, options, n=1)
        hint = (
            f"Bedoel je '{close[0]}'?" if close else "Haal het veld weg of controleer de spelling."
        )
        if given is None and " " in name:
            # {name: Gemeente Groningen, afdeling Wonen, date: ...}: the comma split the value
            hint = (
                "Staat er een komma in een waarde tussen { }? Zet die waarde dan tussen "
                'aanhalingstekens, bijvoorbeeld name: "Gemeente Groningen, afdeling Wonen".'
            )
            return "unknown-field", f"Onbekend veld '{dotted}' (tekst zonder waarde).", hint
        return "unknown-field", f"Onbekend veld '{dotted}'.", hint
    if kind == "unknown_value":
        return "unknown-value", msg, str(ctx.get("hint", ""))
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        return (
            "invalid-value",
            f"Ongeldige waarde {given!r} voor '{dotted}'.",
            f"Kies uit: {expected}.",
        )
    if kind in (
        "date_from_datetime_parsing",
        "date_parsing",
        "date_type",
        "date_from_datetime_inexact",
    ):
        if isinstance(given, str) and _DATE_SHAPE.fullmatch(given.strip()):
            # 2024-02-30: written right, but no such day (YAML left it as text)
            return (
                "invalid-date",
                f"De datum {given.strip()} bij '{dotted}' bestaat niet.",
                "Controleer de dag en de maand; schrijf JJJJ-MM-DD, bijvoorbeeld 2024-06-14.",
            )
        return (
            "invalid-date",
            f"'{dotted}' is geen geldige datum: {given!r}.",
            "Schrijf datums als JJJJ-MM-DD, bijvoorbeeld 2024-06-14.",
        )
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size", "finite_number"):
        return (
            "invalid-number",
            f"'{dotted}' moet een geheel getal zijn.",
            "Bijvoorbeeld: year: 2024",
        )
    if kind == "too_short":
        return (
            "empty-field",
            f"'{dotted}' mag niet leeg zijn.",
            "Vul minstens één waarde in." if dotted != "title" else "Geef het rapport een titel.",
        )
    if kind == "string_too_short":
        return "empty-field", f"'{dotted}' mag niet leeg zijn.", "Vul een tekst in."
    if kind == "wrong_type":
        return (
            "wrong-type",
            f"'{dotted}' heeft de verkeerde vorm: {msg}.",
            _shape_hint(dotted, known),
        )
    if kind in _EXPECTED:
        return (
            "wrong-type",
            f"'{dotted}' heeft de verkeerde vorm: verwacht {_EXPECTED[kind]}, "
            f"niet {shape_of(given)}.",
            _shape_hint(dotted, known),
        )
    hint = str(ctx.get("hint", "")) or _shape_hint(dotted, known)
    code = kind.replace("_", "-")
    return code, f"'{dotted}': {msg}", hint


#: pydantic's type errors: what the field expects, in Dutch (its own message is English)
_EXPECTED = {
    "string_type": "een tekst",
    "list_type": "een lijst",
    "model_type": "een blok met velden (naam: waarde)",
    "model_attributes_type": "een blok met velden (naam: waarde)",
    "dict_type": "een blok met velden (naam: waarde)",
    "bool_type": "true of false",
    "bool_parsing": "true of false",
}
_DATE_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def _shape_hint(dotted: str, known: FieldHelp) -> str:
    top = dotted.split(".")[0]
    if top in known.examples:
        return "Zo bijvoorbeeld: " + known.examples[top]
    if top in known.shapes:
        return "Zo bijvoorbeeld: " + known.shapes[top]
    return known.guide


REPORT_FIELDS = FieldHelp(FIELD_NAMES, _REQUIRED_HINTS, _SHAPES)
