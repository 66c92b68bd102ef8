"""What makes `wijs check` of many reports fast changes none of its findings: worker processes
that also prepare the overlap check, stored check results, the store written with the fast JSON
encoder."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from wijs import parallel
from wijs.check_store import CheckStore
from wijs.checks import overlap
from wijs.corpus import ReportCache, load_corpus
from wijs.diagnostics import Diagnostic, Severity

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from generate import generate


def _bank_with_copied_text(tmp_path: Path) -> Path:
    bank = generate(tmp_path / "bank", 24, citations=3, figures=True)
    reports = sorted((bank / "research").glob("*/*/index.md"))
    original, copy = reports[0].read_text(encoding="utf-8"), reports[-1].read_text("utf-8")
    body = original.split("\n---\n", 1)[1]
    reports[-1].write_text(copy.split("\n---\n", 1)[0] + "\n---\n" + body, encoding="utf-8")
    return bank


def _in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
    monkeypatch.setattr(parallel, "CHUNK", 5)


def test_copied_text_is_found_the_same_when_workers_prepare_the_overlap_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = _bank_with_copied_text(tmp_path)
    overlap._cache.clear()
    one_by_one = load_corpus(bank / "research", cache=ReportCache(workers=1))
    _in_workers(monkeypatch)
    overlap._cache.clear()
    in_workers = load_corpus(bank / "research", cache=ReportCache(workers=2))
    assert [d for d in in_workers.diagnostics if d.code == "overlap-text"]
    assert in_workers.diagnostics == one_by_one.diagnostics
    # the workers' shingles are the ones this process computes
    for report in in_workers.reports:
        assert overlap._cache[report.digest] == overlap.shingles(overlap._text(report))


def test_a_second_check_with_stored_results_reports_the_same_without_checking_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = _bank_with_copied_text(tmp_path)
    _in_workers(monkeypatch)
    research = bank / "research"
    first = load_corpus(research, cache=ReportCache(CheckStore.for_research(research), workers=2))
    store = CheckStore.for_research(research)
    assert store is not None and len(store.entries) == 24

    def no_checks_here(report: object) -> list[Diagnostic]:
        raise AssertionError("checked again although the results are stored")

    monkeypatch.setattr("wijs.checks.run_report_checks", no_checks_here)
    overlap._cache.clear()
    second = load_corpus(research, cache=ReportCache(store, workers=2))
    assert second.diagnostics == first.diagnostics
    assert [r.digest for r in second.reports] == [r.digest for r in first.reports]


def test_a_finding_as_a_dict_has_every_field_in_order() -> None:
    found = Diagnostic("research/a/index.md", 3, 7, Severity.WARNING, "code", "bericht", "hint")
    expected = {**dataclasses.asdict(found), "severity": "warning"}
    assert found.as_dict() == expected
    assert list(found.as_dict()) == list(expected)
