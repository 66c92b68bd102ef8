"""Reading one report: valid input becomes a Report; every problem names its line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VOCABULARY
from wijs.diagnostics import Diagnostic
from wijs.reader import read_report
from wijs.vocabulary import load_vocabulary

GOOD = """---
title: Eenzaamheid onder ouderen in Selwerd
authors:
  - name: Fatima El Amrani
    programme: Toegepaste Psychologie
  - Jorrit de Vries
institution: Hanze
level: hbo
year: 2024
date: 2024-06-14
neighbourhood: Selwerd
theme: [Eenzaamheid, ouderen]
summary: Ouderen in Selwerd ontmoeten elkaar te weinig.
status: draft
---

## Inleiding

Tekst.
"""


@pytest.fixture(scope="module")
def vocabulary():  # type: ignore[no-untyped-def]
    return load_vocabulary(VOCABULARY)


def write(tmp_path: Path, text: str | bytes, year: str = "2024", slug: str = "rapport") -> Path:
    folder = tmp_path / "research" / year / slug
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, vocabulary, text: str | bytes, **kw: str) -> list[Diagnostic]:  # type: ignore[no-untyped-def]
    result = read_report(write(tmp_path, text, **kw), vocabulary, tmp_path / "research")
    return result.diagnostics


def only(found: list[Diagnostic], code: str) -> Diagnostic:
    matching = [d for d in found if d.code == code]
    assert matching, f"geen {code} in {found}"
    return matching[0]


def test_valid_report_is_read_and_normalised(tmp_path: Path, vocabulary) -> None:
    result = read_report(write(tmp_path, GOOD), vocabulary, tmp_path / "research")
    assert result.diagnostics == []
    report = result.report
    assert report is not None
    assert report.meta.institution == ["hanzehogeschool"]
    assert report.meta.neighbourhood == ["selwerd"]
    assert report.meta.theme == ["eenzaamheid", "ouderen"]
    assert report.meta.author_names == ["Fatima El Amrani", "Jorrit de Vries"]
    assert report.url == "onderzoek/2024/rapport/"
    assert report.body_line == 16
    assert report.body.strip().startswith("## Inleiding")
    assert report.line_of("theme") == 12


def test_student_gets_did_you_mean_for_misspelt_wijk(tmp_path: Path, vocabulary) -> None:
    found = problems(
        tmp_path, vocabulary, GOOD.replace("neighbourhood: Selwerd", "neighbourhood: Padepoel")
    )
    d = only(found, "unknown-value")
    assert d.line == 11
    assert "Padepoel" in d.message
    assert "paddepoel" in d.hint


def test_every_unknown_value_is_reported_not_just_the_first(tmp_path: Path, vocabulary) -> None:
    text = GOOD.replace("level: hbo", "level: hbbo").replace(
        "[Eenzaamheid, ouderen]", "[eenzaamhied, oudere]"
    )
    found = problems(tmp_path, vocabulary, text)
    lines = sorted(d.line for d in found if d.code == "unknown-value")
    assert lines == [8, 12, 12]


def test_missing_required_field_says_what_to_add(tmp_path: Path, vocabulary) -> None:
    text = GOOD.replace("summary: Ouderen in Selwerd ontmoeten elkaar te weinig.\n", "")
    d = only(problems(tmp_path, vocabulary, text), "missing-field")
    assert "summary" in d.message
    assert d.hint.startswith("Voeg toe: summary:")


def test_broken_yaml_reports_the_line_inside_the_file(tmp_path: Path, vocabulary) -> None:
    text = GOOD.replace(
        "title: Eenzaamheid onder ouderen in Selwerd",
        "title: Eenzaamheid: een verkenning: in Selwerd",
    )
    d = only(problems(tmp_path, vocabulary, text), "yaml-syntax")
    assert d.line == 2
    assert "aanhalingstekens" in d.hint


def test_year_must_match_the_folder(tmp_path: Path, vocabulary) -> None:
    d = only(problems(tmp_path, vocabulary, GOOD, year="2023"), "year-mismatch")
    assert d.line == 9
    assert "research/2024/rapport/" in d.hint


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("year: 2024", "year: 1999", "implausible-year"),
        ("date: 2024-06-14", "date: 14-06-2024", "invalid-date"),
        ("status: draft", "status: klaar", "invalid-value"),
        ("status: draft", "status: draft\nlicense: CC-BY", "invalid-value"),
        ("status: draft", "status: draft\nlanguage: nederlands", "invalid-language"),
        ("status: draft", "status: draft\nneighbourhod: selwerd", "unknown-field"),
        ("status: draft", "status: draft\ntitle: Nog een titel", "duplicate-key"),
    ],
)
def test_invalid_values_have_their_own_code(tmp_path, vocabulary, old, new, code) -> None:  # type: ignore[no-untyped-def]
    text = GOOD.replace(old, new)
    d = only(problems(tmp_path, vocabulary, text), code)
    assert d.hint, "elke melding zegt hoe het op te lossen"
    assert d.line > 1


def test_misspelt_field_name_gets_did_you_mean(tmp_path: Path, vocabulary) -> None:
    text = GOOD.replace("status: draft", "status: draft\nneighbourhod: selwerd")
    assert "neighbourhood" in only(problems(tmp_path, vocabulary, text), "unknown-field").hint


def test_approved_report_needs_review_and_consent(tmp_path: Path, vocabulary) -> None:
    text = GOOD.replace("status: draft", "status: approved")
    found = problems(tmp_path, vocabulary, text)
    assert only(found, "approval-needs-review")


def test_approved_report_with_review_but_without_consent_fails(tmp_path, vocabulary) -> None:  # type: ignore[no-untyped-def]
    text = GOOD.replace(
        "status: draft", "status: approved\nreview: {by: dr. M. Bakker, date: 2024-06-20}"
    )
    d = only(problems(tmp_path, vocabulary, text), "approval-needs-consent")
    assert "toestemming" in d.hint


def test_commissioner_not_applicable_is_valid_consent(tmp_path: Path, vocabulary) -> None:
    text = GOOD.replace(
        "status: draft",
        "status: approved\nreview: {by: dr. M. Bakker, date: 2024-06-20}\n"
        "consent: {authors: true, commissioner: not-applicable, respondents: no-respondents}",
    )
    assert problems(tmp_path, vocabulary, text) == []


def test_anchors_and_aliases_are_refused(tmp_path: Path, vocabulary) -> None:
    text = GOOD.replace("level: hbo", "level: &l hbo\ncommissioner: *l")
    d = only(problems(tmp_path, vocabulary, text), "yaml-alias")
    assert d.line == 8


def test_windows_file_with_bom_is_accepted(tmp_path: Path, vocabulary) -> None:
    raw = b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8")
    assert problems(tmp_path, vocabulary, raw) == []


def test_latin1_file_gets_advice_to_resave_as_utf8(tmp_path: Path, vocabulary) -> None:
    raw = GOOD.replace("Eenzaamheid onder", "Eenzaamheid één onder").encode("latin-1")
    d = only(problems(tmp_path, vocabulary, raw), "encoding")
    assert d.line == 2
    assert "UTF-8" in d.hint


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty-file"),
        ("   \n", "empty-file"),
        ("# Alleen een kop\n", "no-front-matter"),
        ("---\ntitle: x\n", "no-front-matter"),
        ("---\n- a\n- b\n---\n", "front-matter-shape"),
    ],
)
def test_unusable_files_get_one_clear_message(tmp_path, vocabulary, text, code) -> None:  # type: ignore[no-untyped-def]
    found = problems(tmp_path, vocabulary, text)
    assert [d.code for d in found] == [code]


def test_bad_folder_name_is_reported(tmp_path: Path, vocabulary) -> None:
    assert only(problems(tmp_path, vocabulary, GOOD, slug="Mijn Rapport"), "bad-slug")
