"""A student's mistake in the front-matter gets one error on its own line, never a traceback,
and never stops the check or the build of the other reports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import VOCABULARY, Repo
from wijs.cli import main
from wijs.diagnostics import Diagnostic
from wijs.reader import read_report
from wijs.vocabulary import load_vocabulary

# a valid report as a student writes it: (line 1 is the '---')
GOOD = """---
title: Eenzaamheid onder ouderen in Selwerd
authors: [Fatima El Amrani]
institution: hanzehogeschool
level: hbo
year: 2024
date: 2024-06-14
neighbourhood: selwerd
theme: [eenzaamheid, ouderen]
summary: Ouderen in Selwerd ontmoeten elkaar te weinig.
status: approved
review: {by: dr. M. Bakker, date: 2024-06-20}
consent:
  authors: true
  commissioner: {name: WIJ Selwerd, date: 2024-06-18}
  respondents: anonymised
---

## Inleiding

Ouderen in de wijk ontmoeten elkaar vooral in het wijkrestaurant.
"""


@pytest.fixture(scope="module")
def vocabulary():  # type: ignore[no-untyped-def]
    return load_vocabulary(VOCABULARY)


def problems(tmp_path: Path, vocabulary, text: str) -> list[Diagnostic]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "research" / "2024" / "rapport"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(text, encoding="utf-8")
    return read_report(folder / "index.md", vocabulary, tmp_path / "research").diagnostics


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ("date: 2024-06-14", "date: 2024-02-30", 7, "'date'"),
        ("date: 2024-06-14", "date: 2024-13-01", 7, "'date'"),
        ("date: 2024-06-20}", "date: 2024-06-31}", 12, "'review.date'"),
        (
            "{name: WIJ Selwerd, date: 2024-06-18}",
            "{name: WIJ Selwerd, date: 2024-02-30}",
            15,
            "'consent.commissioner.date'",
        ),
        ("status: approved", "status: approved\nembargo_until: 2025-04-31", 12, "'embargo_until'"),
    ],
)
def test_student_with_an_impossible_date_gets_one_error_on_its_line(
    tmp_path: Path, vocabulary, old: str, new: str, line: int, field: str
) -> None:  # type: ignore[no-untyped-def]
    found = problems(tmp_path, vocabulary, GOOD.replace(old, new))
    assert [(d.code, d.line) for d in found] == [("invalid-date", line)]
    assert field in found[0].message and "bestaat niet" in found[0].message
    assert "JJJJ-MM-DD" in found[0].hint


def test_student_with_an_unclosed_quote_is_pointed_at_the_quote(tmp_path: Path, vocabulary) -> None:  # type: ignore[no-untyped-def]
    text = GOOD.replace("title: Eenzaamheid", 'title: "Eenzaamheid')
    found = problems(tmp_path, vocabulary, text)
    assert [(d.code, d.line, d.column) for d in found] == [("yaml-syntax", 2, 8)]
    assert "aanhalingsteken" in found[0].message
    assert "end of stream" not in found[0].message  # no English parser text


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        # an unclosed list is only noticed on the next line; the mistake is on this one
        ("theme: [eenzaamheid, ouderen]", "theme: [eenzaamheid, ouderen", 9, "'['"),
        # a line without a colon is only noticed on the next line too
        ("level: hbo", "level hbo", 5, "dubbele punt"),
        ("title: Eenzaamheid onder", "title: Eenzaamheid: onder", 2, "dubbele punt"),
        ("level: hbo", "level:\thbo\n\tyear: 2024", 6, "tab"),
        ("summary: Ouderen", "summary: |Ouderen", 10, "'|' of '>'"),
        ("level: hbo", "level: hbo\n}", 6, "inspringing"),
    ],
)
def test_yaml_mistakes_are_explained_in_dutch_on_the_line_where_they_start(
    tmp_path: Path, vocabulary, old: str, new: str, line: int, words: str
) -> None:  # type: ignore[no-untyped-def]
    found = problems(tmp_path, vocabulary, GOOD.replace(old, new))
    assert [(d.code, d.line) for d in found] == [("yaml-syntax", line)]
    assert found[0].message.startswith("De front-matter is geen geldige YAML: ")
    assert words in found[0].message
    for english in ("found", "expected", "while", "mapping"):
        assert english not in found[0].message


def write(repo: Repo, slug: str, text: str) -> Path:
    folder = repo.research / "2024" / slug
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(text, encoding="utf-8")
    return folder


def test_one_impossible_date_leaves_the_other_report_checked_and_the_build_names_it(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "kapotte-datum", GOOD.replace("date: 2024-06-14", "date: 2024-02-30"))
    # the other report is fine apart from a phone number: proof that it was checked
    write(repo, "ander-rapport", GOOD + "\nBel de onderzoeker op 06-12345678.\n")
    monkeypatch.chdir(repo.root)

    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1 and result.exception is not None
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "research/2024/kapotte-datum/index.md:7:1: error invalid-date" in result.stdout
    assert "research/2024/ander-rapport/index.md:" in result.stdout
    assert "privacy-phone" in result.stdout
    assert "2 rapporten gecontroleerd" in result.stderr

    built = CliRunner().invoke(main, ["build", "--no-downloads"])
    assert built.exit_code == 1 and "Traceback" not in built.output
    assert "research/2024/kapotte-datum/index.md:7" in built.stdout
    assert "invalid-date" in built.stdout and "privacy-phone" in built.stdout


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (16, 8), (200, 30, 30))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (53.0, 13.0, 5.0), "E", (6.0, 33.0, 1.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def test_a_schema_error_does_not_hide_the_gps_photo_and_the_broken_link(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a fresh Word import: the summary still empty, a photo with GPS, a figure that is missing
    text = GOOD.replace("summary: Ouderen in Selwerd ontmoeten elkaar te weinig.", 'summary: ""')
    text += (
        "\n![Het buurthuis](figures/buurthuis.jpg)\n\n![Kaart](figures/kaart.png)\n\n"
        "Mail de onderzoeker op anna.jansen@gmail.com.\n"
    )
    folder = write(repo, "nieuw-import", text)
    (folder / "figures").mkdir()
    (folder / "figures" / "buurthuis.jpg").write_bytes(photo_with_gps())
    monkeypatch.chdir(repo.root)

    result = CliRunner().invoke(main, ["check", "--format", "json"])
    assert result.exit_code == 1
    found = {
        (d["code"], d["path"].removeprefix("research/2024/nieuw-import/"), d["line"])
        for d in json.loads(result.stdout)
    }
    assert found == {
        ("empty-field", "index.md", 10),
        ("privacy-exif", "figures/buurthuis.jpg", 1),
        ("missing-file", "index.md", 25),
        ("privacy-email", "index.md", 27),
    }


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        (
            "theme: [eenzaamheid, ouderen]",
            "theme: ruimtevaart",
            "Onbekend thema",
            "Staat het thema",
        ),
        ("level: hbo", "level: havo", "Onbekend niveau", "vraag WIJS dan om het toe"),
        ("neighbourhood: selwerd", "neighbourhood: atlantis", "Onbekende wijk", "Staat de wijk"),
        ("institution: hanzehogeschool", "institution: mit", "Onbekende instelling", "om hem toe"),
    ],
)
def test_unknown_values_are_named_in_correct_dutch(
    tmp_path: Path, vocabulary, old: str, new: str, message: str, hint: str
) -> None:  # type: ignore[no-untyped-def]
    found = problems(tmp_path, vocabulary, GOOD.replace(old, new))
    assert [d.code for d in found] == ["unknown-value"]
    assert found[0].message.startswith(message + " '") and hint in found[0].hint


def test_search_filter_with_an_unknown_theme_is_named_in_correct_dutch(repo: Repo) -> None:
    result = CliRunner().invoke(
        main, ["search", "ouderen", "--thema", "ruimtevaart", "--research", str(repo.research)]
    )
    assert result.exit_code == 2
    assert "Onbekend thema 'ruimtevaart'." in result.output


def test_a_check_that_stops_on_one_report_leaves_the_others_checked(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wijs import corpus
    from wijs.checks import privacy

    write(repo, "vastloper", GOOD)
    write(repo, "onleesbaar", GOOD)
    write(repo, "ander-rapport", GOOD + "\nBel de onderzoeker op 06-12345678.\n")
    scan, parse = privacy.find_personal_data, corpus.parse_report

    def scan_that_stops(report):  # type: ignore[no-untyped-def]
        if report.slug == "vastloper":
            raise RecursionError("a file no check foresaw")
        return scan(report)

    def parse_that_stops(raw, path, *args):  # type: ignore[no-untyped-def]
        if path.parent.name == "onleesbaar":
            raise MemoryError
        return parse(raw, path, *args)

    monkeypatch.setattr(privacy, "find_personal_data", scan_that_stops)
    monkeypatch.setattr(corpus, "parse_report", parse_that_stops)
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "vastloper/index.md:1:1: error check-failed De controle 'privacy'" in result.stdout
    assert "onleesbaar/index.md:1:1: error read-failed" in result.stdout
    assert "ander-rapport/index.md:" in result.stdout and "privacy-phone" in result.stdout
