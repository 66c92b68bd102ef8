"""Checks beyond the schema: one module per family. Each check returns diagnostics.

A report check takes one Report; a corpus check takes the whole Corpus. Register new checks in
the two lists below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from wijs.checks import (
    cache,
    citations,
    collection,
    files,
    lifecycle,
    markup,
    names,
    overlap,
    privacy,
    questions,
    rights,
)
from wijs.diagnostics import Diagnostic, error
from wijs.model import Report
from wijs.questions.model import Question
from wijs.research import Corpus

ReportCheck = Callable[[Report], Iterable[Diagnostic]]
CorpusCheck = Callable[["Corpus"], Iterable[Diagnostic]]

REPORT_CHECKS: list[ReportCheck] = [
    files.check_files,
    lifecycle.check_lifecycle,
    names.check_names,
    rights.check_rights,
    citations.check_citations,
    privacy.check_privacy,
    markup.check_markup,
]
#: The checks that judge only the folder and the body (files, figures, citations, privacy):
#: they also run on a report whose front-matter failed the schema, so a student sees every
#: problem at once (a GPS photo together with the empty fields of a fresh import).
FOLDER_CHECKS: list[ReportCheck] = [
    files.check_files,
    citations.check_citations,
    privacy.check_privacy,
    markup.check_markup,
]
CORPUS_CHECKS: list[CorpusCheck] = [
    collection.check_duplicate_slugs,
    files.check_limits_config,
    cache.check_tracked_cache,
]
CORPUS_CHECKS.append(overlap.check_overlap)
#: the vraagbank across the collection: answers: names a question, answered means published
CORPUS_CHECKS += [questions.check_answers, questions.check_answered]
#: the checks of one question of the vraagbank (research/vragen/<slug>.md)
QUESTION_CHECKS: list[Callable[[Question], Iterable[Diagnostic]]] = [questions.check_question]


def run_report_checks(report: Report) -> list[Diagnostic]:
    """Every report check; on a partial report (its front-matter failed) the folder checks."""
    checks = FOLDER_CHECKS if report.partial else REPORT_CHECKS
    found: list[Diagnostic] = []
    for check in checks:
        try:
            found.extend(check(report))
        except Exception as exc:  # a bug, or a file no check foresaw: this report only
            found.append(check_failed(report.source, check, exc))
    return found


def run_question_checks(question: Question) -> list[Diagnostic]:
    """Every check of one question; a check that fails on it is an error on that question."""
    found: list[Diagnostic] = []
    for check in QUESTION_CHECKS:
        try:
            found.extend(check(question))
        except Exception as exc:  # a bug, or a text nobody foresaw: this question only
            found.append(check_failed(question.source, check, exc))
    return found


_CHECK_NAMES = {
    "files": "bestanden",
    "lifecycle": "status",
    "rights": "rechten",
    "citations": "bronnen",
    "privacy": "privacy",
    "markup": "opmaak",
    "questions": "vraagbank",
}


def check_failed(source: str, check: Callable[..., object], exc: Exception) -> Diagnostic:
    """The error for a check that stopped on this report: the others still run, and a build
    refuses to publish until it is solved."""
    family = check.__module__.rsplit(".", 1)[-1]
    return error(
        source,
        1,
        "check-failed",
        f"De controle '{_CHECK_NAMES.get(family, family)}' liep vast op dit rapport "
        f"({type(exc).__name__}).",
        "Dit is een fout in wijs, niet in je rapport: meld het aan WIJS met deze melding. "
        "De andere controles zijn wel gedaan.",
    )


#: Collection checks that only ever warn: a build, which stops on errors alone, skips them.
WARNING_ONLY_CORPUS_CHECKS: list[CorpusCheck] = [overlap.check_overlap]


def run_corpus_checks(corpus: Corpus, *, errors_only: bool = False) -> list[Diagnostic]:
    return [
        d
        for check in CORPUS_CHECKS
        if not (errors_only and check in WARNING_ONLY_CORPUS_CHECKS)
        for d in check(corpus)
    ]
