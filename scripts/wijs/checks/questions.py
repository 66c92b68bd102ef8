"""Checks of the vraagbank. Per question: placeholder text, dates, who asks (an organisation or
team, never a private person) and the privacy scan of its fields and context. Across the
collection: every report's ``answers:`` names an existing question (with did-you-mean), and a
question marked 'beantwoord' has a published report that answers it."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator

from wijs.checks.privacy import (
    Finding,
    find_in_front_matter_and_body,
    place_names,
    privacy_diagnostics,
)
from wijs.checks.privacy_patterns import looks_like_person
from wijs.diagnostics import Diagnostic, error, warning
from wijs.model import nl_date
from wijs.questions.links import answering
from wijs.questions.model import Question
from wijs.research import Corpus

PLACEHOLDER = "TODO"
TEXT_FIELDS = ("title", "question", "asked_by")


def check_question(question: Question) -> Iterator[Diagnostic]:
    """Every check of one question on its own."""
    yield from _placeholders(question)
    meta = question.meta
    if meta.asked > dt.date.today():
        yield warning(
            question.source,
            question.line_of("asked"),
            "asked-in-future",
            f"De datum waarop de vraag gesteld is ({meta.asked}) ligt in de toekomst.",
            "Zet bij asked de datum waarop de opdrachtgever de vraag stelde (JJJJ-MM-DD).",
        )
    if meta.lapsed_reason and meta.status != "vervallen":
        yield warning(
            question.source,
            question.line_of("lapsed_reason"),
            "reason-without-lapse",
            f"Er staat een 'lapsed_reason', maar de status is {meta.status}.",
            "Zet status: vervallen als de vraag niet meer speelt, of haal lapsed_reason weg.",
        )
    yield from check_question_privacy(question)


def _placeholders(question: Question) -> Iterator[Diagnostic]:
    for name in TEXT_FIELDS:
        if PLACEHOLDER in getattr(question.meta, name):
            yield error(
                question.source,
                question.line_of(name),
                "placeholder",
                f"'{name}' bevat nog voorbeeldtekst ({PLACEHOLDER}).",
                "Vervang de tekst na TODO door de eigen tekst: een vraag staat op de site "
                "zodra hij is toegevoegd.",
            )


def check_question_privacy(question: Question) -> Iterator[Diagnostic]:
    """The report's privacy scan over the question's fields and context (e-mail addresses,
    phone numbers, names of residents…) and a private person as asker, with the question's
    ``privacy_exceptions`` (an organisation whose name looks like a person's is allowed there)."""
    meta = question.meta.model_dump(mode="json", exclude={"privacy_exceptions"})
    places = place_names(question.root)
    findings = find_in_front_matter_and_body(
        meta, question.line_of, question.body, question.body_line, question.source, places
    )
    asked_by = question.meta.asked_by
    if looks_like_person(asked_by, places):
        line = question.line_of("asked_by")
        findings.append(Finding("asked-by", asked_by, question.source, line, 1, "veld asked_by"))
    yield from privacy_diagnostics(
        findings, question.meta.privacy_exceptions, question.source, question.line_of, "de vraag"
    )


# -- across the collection ---------------------------------------------------------------------


def check_answers(corpus: Corpus) -> Iterator[Diagnostic]:
    """A report's ``answers:`` must name a question in research/vragen/."""
    slugs = [q.slug for q in corpus.questions]
    titles = {q.meta.title.casefold(): q.slug for q in corpus.questions}
    for report in corpus.reports:
        for index, slug in enumerate(report.meta.answers):
            if slug in slugs:
                continue
            close = difflib.get_close_matches(slug, slugs, n=2, cutoff=0.6)
            if not close and slug.casefold() in titles:
                close = [titles[slug.casefold()]]
            if close:
                hint = "Bedoel je " + " of ".join(f"'{c}'" for c in close) + "?"
            elif slugs:
                hint = (
                    "Schrijf de naam van het bestand in research/vragen/ zonder .md, "
                    f"bijvoorbeeld '{slugs[0]}'."
                )
            else:
                hint = "Er staan nog geen vragen in research/vragen/; haal 'answers' weg."
            yield error(
                report.source,
                report.line_of("answers", index),
                "unknown-question",
                f"Onbekende vraag '{slug}' bij answers: er is geen research/vragen/{slug}.md.",
                hint,
            )


def check_answered(corpus: Corpus, today: dt.date | None = None) -> Iterator[Diagnostic]:
    """A question marked 'beantwoord' needs a published report that answers it; a question
    still marked open while published research answers it is behind."""
    today = today or dt.date.today()
    answers = answering(corpus.reports)
    for question in corpus.questions:
        reports = answers.get(question.slug, [])
        published = [r for r in reports if r.is_published(today)]
        status = question.meta.status
        line = question.line_of("status")
        if status == "beantwoord" and not published:
            waiting = [r for r in reports if r.published_from is not None]
            if waiting:
                first = min(r.published_from for r in waiting if r.published_from)
                yield warning(
                    question.source,
                    line,
                    "question-answer-embargo",
                    "De rapporten die deze vraag beantwoorden zijn nog niet gepubliceerd "
                    f"(embargo); tot {nl_date(first)} toont de site de vraag als "
                    "'in behandeling'.",
                    "Dat gaat vanzelf goed: de site zet de vraag op beantwoord zodra het "
                    "rapport verschijnt.",
                )
                continue
            named = ", ".join(r.source for r in reports)
            yield error(
                question.source,
                line,
                "question-unanswered",
                "Deze vraag staat op beantwoord, maar geen gepubliceerd rapport beantwoordt hem"
                + (f" ({named} is nog niet goedgekeurd)." if named else "."),
                f"Zet in het rapport dat de vraag beantwoordt answers: [{question.slug}] en "
                "wacht tot het gepubliceerd is, of zet status: in-behandeling.",
            )
        elif status in ("open", "in-behandeling") and published:
            yield warning(
                question.source,
                line,
                "question-status-behind",
                f"Deze vraag staat op {status}, maar {published[0].source} beantwoordt hem al "
                "en is gepubliceerd.",
                "Zet status: beantwoord, zodat de vraag niet meer bij de open vragen staat.",
            )
