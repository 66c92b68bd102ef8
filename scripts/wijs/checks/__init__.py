"""Checks beyond the schema: one module per family. Each check returns diagnostics.

A report check takes one Report; a corpus check takes the whole Corpus. Register new checks in
the two lists below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from wijs.checks import (
    citations,
    collection,
    files,
    lifecycle,
    markup,
    names,
    overlap,
    privacy,
    rights,
)
from wijs.diagnostics import Diagnostic
from wijs.model import Report

if TYPE_CHECKING:
    from wijs.corpus import Corpus

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
CORPUS_CHECKS: list[CorpusCheck] = [
    collection.check_duplicate_slugs,
    files.check_limits_config,
]
CORPUS_CHECKS.append(overlap.check_overlap)


def run_report_checks(report: Report) -> list[Diagnostic]:
    return [d for check in REPORT_CHECKS for d in check(report)]


#: Collection checks that only ever warn: a build, which stops on errors alone, skips them.
WARNING_ONLY_CORPUS_CHECKS: list[CorpusCheck] = [overlap.check_overlap]


def run_corpus_checks(corpus: Corpus, *, errors_only: bool = False) -> list[Diagnostic]:
    return [
        d
        for check in CORPUS_CHECKS
        if not (errors_only and check in WARNING_ONLY_CORPUS_CHECKS)
        for d in check(corpus)
    ]
