"""One question file → a validated Question, or the diagnostics that say why not. Reading
never raises for bad content; the steps are the report reader's (wijs.reader)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from wijs.diagnostics import Diagnostic, error
from wijs.errors import WijsError
from wijs.front_matter import decode, split
from wijs.paths import is_slug
from wijs.questions.model import FOLDER, Question, QuestionMeta
from wijs.reader import (
    FieldHelp,
    duplicate_keys,
    not_a_mapping,
    validation_diagnostics,
    yaml_problem,
)
from wijs.vocabulary import Vocabulary

MAX_QUESTION_BYTES = 200_000
SUFFIX = ".md"

QUESTION_FIELDS = FieldHelp(
    list(QuestionMeta.model_fields),
    {
        "title": 'title: "Digitale vragen van ouderen in Paddepoel"',
        "question": "question: >\n  Met welke digitale vragen komen ouderen naar het spreekuur?",
        "asked_by": "asked_by: WIJ Paddepoel   # een organisatie of team, nooit een persoon",
        "neighbourhood": "neighbourhood: paddepoel",
        "theme": "theme: [digitale-vaardigheden, ouderen]",
        "level": "level: [mbo, hbo]",
        "asked": "asked: 2024-09-01",
    },
    {
        "status": "status: open   # open | in-behandeling | beantwoord | vervallen",
        "lapsed_reason": "lapsed_reason: Het project is gestopt.",
    },
    "Zie de handleiding 'Een vraag stellen' (docs/vragen.md).",
)


@dataclass
class QuestionRead:
    question: Question | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def question_files(root: Path) -> list[Path]:
    """Every research/vragen/<slug>.md, sorted."""
    return sorted(p for p in (root / FOLDER).glob(f"*{SUFFIX}") if p.is_file())


def is_question_path(root: Path, path: Path) -> bool:
    """Whether ``path`` is the questions folder or a file in it."""
    folder = (root / FOLDER).resolve()
    resolved = path.resolve()
    return resolved == folder or resolved.parent == folder


def shown_path(path: Path, root: Path) -> str:
    """The path as the user sees it: relative to the repository (research/vragen/x.md)."""
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def read_question(path: Path, vocabulary: Vocabulary, root: Path) -> QuestionRead:
    """Read research/vragen/<slug>.md; ``root`` is the research folder."""
    shown = shown_path(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return QuestionRead(
            None, [error(shown, 1, "unreadable", f"Kan het bestand niet lezen: {exc}")]
        )
    if len(raw) > MAX_QUESTION_BYTES:
        return QuestionRead(
            None,
            [
                error(
                    shown,
                    1,
                    "too-large",
                    f"De vraag is {len(raw) // 1000} kB; het maximum is "
                    f"{MAX_QUESTION_BYTES // 1000} kB.",
                    "Houd een vraag kort: de vraag, wie hem stelt en een alinea context.",
                )
            ],
        )
    text, problems = decode(raw, shown)
    if text is None:
        return QuestionRead(None, problems)
    parts = split(text)
    if parts is None:
        return QuestionRead(
            None,
            [
                error(
                    shown,
                    1,
                    "no-front-matter",
                    "De vraag begint niet met front-matter.",
                    "Zet bovenaan een blok tussen twee regels met alleen '---', met daarin "
                    "title, question, asked_by, neighbourhood, theme, level en asked. "
                    "'wijs vraag' maakt een ingevuld voorbeeld.",
                )
            ],
        )
    try:
        data = parts.load()
    except WijsError as problem:
        return QuestionRead(None, [yaml_problem(problem, shown)])
    diagnostics = duplicate_keys(data, shown)
    if not isinstance(data.value, dict):
        return QuestionRead(None, [*diagnostics, not_a_mapping(shown)])
    if not is_slug(path.stem):
        diagnostics.append(
            error(
                shown,
                1,
                "bad-slug",
                f"De bestandsnaam '{path.name}' is geen geldige naam voor een vraag.",
                "Gebruik kleine letters, cijfers en streepjes en eindig op .md, bijvoorbeeld "
                "'digitale-vragen-ouderen-paddepoel.md'.",
            )
        )
    try:
        meta = QuestionMeta.model_validate(data.value, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        return QuestionRead(
            None, diagnostics + validation_diagnostics(exc, data, shown, QUESTION_FIELDS)
        )
    digest = hashlib.sha256(raw + vocabulary.digest.encode()).hexdigest()
    question = Question(meta, parts.body, path, root, parts.body_line, digest, dict(data.positions))
    return QuestionRead(question, diagnostics)
