"""The questions ``wijs new`` and ``wijs vraag`` ask: options first, then prompts for what is
missing (with the vocabulary's values to choose from and Tab completion), or exit 2 naming the
missing options with ``--no-input``. Only the command line uses this module."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from wijs.errors import WijsError
from wijs.new_report import (
    NEW_REFUSED,
    NewAuthor,
    NewReport,
    default_levels,
    ensure_free,
    normalise_terms,
    parse_author,
    slugify,
)
from wijs.questions.new import NewQuestion, check_asker
from wijs.vocabulary import Vocabulary, fold, load_vocabulary

QUESTIONS = {
    "institution": "Instelling",
    "level": "Niveau",
    "neighbourhood": "Wijk (meer dan één: scheid met komma's)",
    "theme": "Thema (meer dan één: scheid met komma's)",
}
OPTION_NAMES = {
    "title": "--title",
    "authors": "--author",
    "institution": "--institution",
    "level": "--level",
    "neighbourhood": "--wijk",
    "theme": "--thema",
}


class VocabularyChoice(click.ParamType):
    """A value from vocabulary.yml: id, label or alias; completes ids in the shell.

    Unbound (as an option type) it passes text through for the command to normalise once the
    vocabulary is known; bound to a vocabulary (in a prompt) it normalises and asks again on an
    unknown value, with did-you-mean.
    """

    name = "vocabulary"

    def __init__(self, kind: str, vocabulary: Vocabulary | None = None) -> None:
        self.kind = kind
        self.vocabulary = vocabulary

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if self.vocabulary is None or isinstance(value, list):
            return value
        try:
            ids = normalise_terms(self.vocabulary, self.kind, [str(value)])
        except WijsError as exc:
            self.fail(str(exc), param, ctx)
        if not ids:
            self.fail("Vul een waarde in.", param, ctx)
        return ids

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        research = Path(ctx.params.get("research_dir") or "research")
        try:
            vocabulary = self.vocabulary or load_vocabulary(research / "vocabulary.yml")
        except WijsError:
            return []
        return [
            CompletionItem(term_id, help=label)
            for term_id, label in matching_terms(vocabulary, self.kind, incomplete)
        ]


def matching_terms(vocabulary: Vocabulary, kind: str, incomplete: str) -> list[tuple[str, str]]:
    """(id, label) of terms whose id, label or alias starts with what was typed."""
    typed = fold(incomplete)
    return [
        (term.id, term.label)
        for term in vocabulary.kind(kind)
        if any(fold(name).startswith(typed) for name in (term.id, term.label, *term.aliases))
    ]


@dataclass
class Answers:
    """What was given on the command line (raw text), before normalising."""

    title: str | None
    authors: Sequence[str]
    institution: Sequence[str]
    level: Sequence[str]
    neighbourhood: Sequence[str]
    theme: Sequence[str]
    year: int | None
    slug: str | None


def gather(answers: Answers, research_dir: Path, *, no_input: bool) -> NewReport:
    """A complete NewReport from options and, unless ``no_input``, prompts.

    Raises click.UsageError (exit 2) for missing options with --no-input or unknown values.
    """
    vocabulary = load_vocabulary(research_dir / "vocabulary.yml")
    try:
        terms = {
            kind: normalise_terms(vocabulary, kind, list(getattr(answers, kind)))
            for kind in QUESTIONS
        }
        authors = [parse_author(a) for a in answers.authors]
    except WijsError as exc:
        raise click.UsageError(str(exc)) from exc
    if not terms["level"] and terms["institution"]:
        terms["level"] = default_levels(vocabulary, terms["institution"])
    title = (answers.title or "").strip()
    year = answers.year or dt.date.today().year
    if no_input:
        missing = [
            OPTION_NAMES[name]
            for name, value in (("title", title), ("authors", authors), *terms.items())
            # a level follows from most institutions: ask for it only once that is known
            if not value and not (name == "level" and not terms["institution"])
        ]
        if missing:
            raise click.UsageError(
                "Met --no-input zijn deze opties nodig: " + ", ".join(missing) + "."
            )
        return NewReport(title, authors, **terms, year=year, slug=answers.slug or "")
    if not title:
        title = click.prompt("Titel van het onderzoek", type=str).strip()
    if not authors:
        authors = _ask_authors()
    for kind, question in QUESTIONS.items():
        if not terms[kind]:
            terms[kind] = _ask_term(vocabulary, kind, question, terms)
    if answers.year is None:
        year = click.prompt("Jaar", default=year, type=int)
    new = NewReport(title, authors, **terms, year=year, slug=answers.slug or "")
    if answers.slug is None:
        new.slug = _ask_slug(research_dir, new)
    return new


def _ask_authors() -> list[NewAuthor]:
    click.echo("Auteurs: één per vraag, als 'Naam (Opleiding)'. Laat leeg als je klaar bent.")
    authors: list[NewAuthor] = []
    while True:
        number = len(authors) + 1
        text = click.prompt(
            f"Auteur {number}", default="" if authors else None, show_default=False, type=str
        ).strip()
        if not text:
            if authors:
                return authors
            continue
        try:
            authors.append(parse_author(text))
        except WijsError as exc:
            click.echo(f"Fout: {exc}", err=True)


def _ask_term(
    vocabulary: Vocabulary, kind: str, question: str, known: dict[str, list[str]]
) -> list[str]:
    terms = vocabulary.kind(kind)
    choices = ", ".join(terms.ids())
    click.echo(click.wrap_text(f"Kies uit: {choices}", initial_indent="", subsequent_indent="  "))
    default = None
    if kind == "level":
        levels = default_levels(vocabulary, known.get("institution", []))
        default = levels[0] if levels else None
    with _completion(vocabulary, kind):
        value: list[str] = click.prompt(
            question, type=VocabularyChoice(kind, vocabulary), default=default
        )
    return value


def _ask_slug(research_dir: Path, new: NewReport) -> str:
    default = slugify(new.title)
    while True:
        slug = click.prompt("Mapnaam (slug)", default=default, type=str).strip()
        candidate = NewReport(**{**new.__dict__, "slug": slug})
        try:
            ensure_free(research_dir, candidate)
        except WijsError as exc:
            click.echo(f"Fout: {exc}", err=True)
            default = f"{slug}-{new.year}" if not slug.endswith(str(new.year)) else slug + "-2"
            continue
        return slug


@contextlib.contextmanager
def _completion(vocabulary: Vocabulary, kind: str) -> Iterator[None]:
    """Tab completes vocabulary ids while typing an answer in a terminal."""
    import sys

    if not sys.stdin.isatty():
        yield
        return
    try:
        import readline
    except ImportError:  # not on every platform
        yield
        return
    names = vocabulary.kind(kind).ids()

    def complete(text: str, state: int) -> str | None:
        last = text.split(",")[-1].strip()
        options = [n for n in names if n.startswith(fold(last).replace(" ", "-"))]
        return options[state] if state < len(options) else None

    old = readline.get_completer()
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
    try:
        yield
    finally:
        readline.set_completer(old)


# -- wijs vraag: a question for the vraagbank --------------------------------------------------

QUESTION_TERMS = {
    "neighbourhood": ("Wijk (meer dan één: scheid met komma's)", "--wijk"),
    "theme": ("Thema (meer dan één: scheid met komma's)", "--thema"),
    "level": ("Geschikt voor niveau (mbo, hbo, wo; meer mag)", "--level"),
}


@dataclass
class QuestionAnswers:
    """What was given to ``wijs vraag`` (raw text), before normalising."""

    title: str | None
    question: str | None
    asked_by: str | None
    neighbourhood: Sequence[str]
    theme: Sequence[str]
    level: Sequence[str]
    slug: str | None


def gather_question(
    answers: QuestionAnswers, research_dir: Path, *, no_input: bool, today: dt.date | None = None
) -> NewQuestion:
    """A complete NewQuestion from options and, unless ``no_input``, prompts; click.UsageError
    (exit 2) for missing options with --no-input or unknown values."""
    vocabulary = load_vocabulary(research_dir / "vocabulary.yml")
    try:
        terms = {
            kind: normalise_terms(vocabulary, kind, list(getattr(answers, kind)))
            for kind in QUESTION_TERMS
        }
    except WijsError as exc:
        raise click.UsageError(str(exc)) from exc
    title = (answers.title or "").strip()
    question = " ".join((answers.question or "").split())
    asked_by = " ".join((answers.asked_by or "").split())
    if no_input:
        texts = {"--title": title, "--question": question, "--asked-by": asked_by}
        missing = [name for name, value in texts.items() if not value]
        missing += [QUESTION_TERMS[kind][1] for kind, value in terms.items() if not value]
        if missing:
            raise click.UsageError(
                "Met --no-input zijn deze opties nodig: " + ", ".join(missing) + "."
            )
    else:
        title = title or click.prompt("Titel van de vraag", type=str).strip()
        question = question or click.prompt("De vraag, in één of twee zinnen", type=str).strip()
        while not asked_by:
            asked_by = click.prompt("Gesteld door (organisatie of team)", type=str).strip()
            try:
                check_asker(research_dir, asked_by)
            except WijsError as exc:
                if exc.code != NEW_REFUSED:
                    raise
                click.echo(f"Fout: {exc}", err=True)
                asked_by = ""
        for kind, (prompt, _) in QUESTION_TERMS.items():
            if not terms[kind]:
                terms[kind] = _ask_term(vocabulary, kind, prompt, terms)
    return NewQuestion(
        title,
        question,
        asked_by,
        terms["neighbourhood"],
        terms["theme"],
        terms["level"],
        today or dt.date.today(),
        answers.slug or "",
    )
