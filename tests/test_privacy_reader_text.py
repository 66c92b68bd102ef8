"""The privacy scan reads a report as its reader sees it: personal data hidden behind character
references, escapes, comments, emphasis, non-breaking spaces or a typographic dash is found and
reported on its own source line; so are the spellings students paste from Word."""

from __future__ import annotations

import html
import re
import time

import markdown
import pytest

from conftest import Repo
from wijs.checks.privacy_patterns import find_all
from wijs.checks.reader_text import reader_text
from wijs.corpus import load_corpus
from wijs.diagnostics import Diagnostic

# (a line of a report body, the code it must raise, where in the line the finding starts,
#  the value the message shows)
VARIANTS: list[tuple[str, str, str, str]] = [
    ("Zijn nummer is 1112&#50;2333 volgens de brief.", "privacy-bsn", "1112", "111222333"),
    ("Zijn nummer is 1112\\.22333 volgens de brief.", "privacy-bsn", "1112", "1112.22333"),
    ("Zijn nummer is 1112<!-- -->22333 volgens de brief.", "privacy-bsn", "1112", "111222333"),
    ("Bel haar op 06\\-12345678 na vijven.", "privacy-phone", "06", "06-12345678"),
    ("Bel haar op 06-1234**5678** na vijven.", "privacy-phone", "06", "06-12345678"),
    ("Bel haar op 06\u00a012345678 na vijven.", "privacy-phone", "06", "06 12345678"),
    ("Bel haar op 06\u201312345678 na vijven.", "privacy-phone", "06", "06-12345678"),
    ("Bel haar op 06-1234\u200b5678 na vijven.", "privacy-phone", "06", "06-12345678"),
    ("Bel haar op ٠٦-١٢٣٤٥٦٧٨ na vijven.", "privacy-phone", "٠٦", "06-12345678"),
    ("Bel haar op ０６-１２３４５６７８ na vijven.", "privacy-phone", "０６", "06-12345678"),
    ("Mail jan.jansen&#64;example.nl gerust.", "privacy-email", "jan", "jan.jansen@example.nl"),
    ("Mail jan.jansen＠example.nl gerust.", "privacy-email", "jan", "jan.jansen@example.nl"),
    ("Ze woont op 9713 C&#66; 12 sinds kort.", "privacy-address", "9713", "9713 CB 12"),
    ("Ze woont op 9713cb 12 sinds kort.", "privacy-address", "9713", "9713cb 12"),
    ("Zijn BSN 111.222.333 stond op de brief.", "privacy-bsn", "111", "111.222.333"),
    ("Zijn BSN 111-222-333 stond op de brief.", "privacy-bsn", "111", "111-222-333"),
    ("Zijn BSN 1112-22-333 stond op de brief.", "privacy-bsn", "111", "1112-22-333"),
    ("Stort op NL91.ABNA.0417.1643.00 graag.", "privacy-iban", "NL91", "NL91.ABNA.0417.1643.00"),
    ("Stort op NL91-ABNA-0417-1643-00 graag.", "privacy-iban", "NL91", "NL91-ABNA-0417-1643-00"),
    ("Stort op NL91&nbsp;ABNA 0417 1643 00 graag.", "privacy-iban", "NL91", "NL91 ABNA 0417 1643 00"),
    ("De geboortedatum respondent 4: 12-03-1950.", "privacy-birthdate", "12-03", "12-03-1950"),
    ("Daarna vertelt respondent Özlem Yılmaz over haar buurt.", "privacy-name", "Özlem", "Özlem Yılmaz"),
    ("Daarna vertelt respondent 3 (Jan de Vries) over zijn buurt.", "privacy-name", "Jan", "Jan de Vries"),
    ("Daarna vertelt bewoner أحمد المصري over zijn buurt.", "privacy-name", "أحمد", "أحمد المصري"),
    ("Daarna vertelt respondent *Jan* de Vries over zijn buurt.", "privacy-name", "Jan", "Jan de Vries"),
    ("Haar buurman Piet Hendriks komt elke dag langs.", "privacy-name", "Piet", "Piet Hendriks"),
    ("Haar mantelzorger Anna Bakker komt elke dag.", "privacy-name", "Anna", "Anna Bakker"),
    ("Haar buurvrouw mevrouw Jansen kookt.", "privacy-name", "Jansen", "Jansen"),
]  # fmt: skip

#: text that reads like the variants but holds no personal data
CLEAN: list[str] = [
    "In 2019 en 12 andere wijken deden bewoners mee.",
    "Respondent 3 (vrouw, 72) woont er al lang.",
    "Respondent 3 (72 jaar) woont er al lang.",
    "Een mantelzorger zegt dat het zwaar is.",
    "De buurman van respondent 3 hielp mee.",
    "Het boek kost &euro;&nbsp;12,50 en telt 1.234 pagina's.",
    "Zie [Jansen (2019)](https://example.nl/rapport-2019) voor de cijfers.",
    "In de jaren 1990&ndash;2000 groeide de wijk.",
    "De *bewoners* van Selwerd kennen elkaar.",
]


def privacy_problems(repo: Repo) -> list[Diagnostic]:
    corpus = load_corpus(repo.research)
    return [d for d in corpus.diagnostics if d.code.startswith("privacy-")]


BODY = "## Resultaten\n\nEerst wat tekst.\n\n{text}\n\nNog meer tekst.\n"


@pytest.mark.parametrize(
    ("text", "code", "anchor", "shown"), VARIANTS, ids=[v[0][:45] for v in VARIANTS]
)
def test_personal_data_hidden_in_markup_is_found_on_its_source_line(
    repo: Repo, text: str, code: str, anchor: str, shown: str
) -> None:
    path = repo.add_report(body=BODY.format(text=text))
    found = privacy_problems(repo)
    assert [d.code for d in found] == [code], found
    problem = found[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    assert problem.line == lines.index(text) + 1
    assert problem.column == text.index(anchor) + 1
    assert f"'{shown}'" in problem.message
    assert problem.is_error and "privacy_exceptions" in problem.hint


@pytest.mark.parametrize("text", CLEAN, ids=[c[:45] for c in CLEAN])
def test_ordinary_text_with_markup_is_left_alone(repo: Repo, text: str) -> None:
    repo.add_report(body=BODY.format(text=text))
    assert privacy_problems(repo) == []


def _rendered_text(source: str) -> str:
    """What the site shows: the body rendered as the site renders it, tags off, entities
    decoded, spaces and dashes as they look."""
    rendered = markdown.markdown(source, extensions=["attr_list", "md_in_html", "tables"])
    text = html.unescape(re.sub(r"<[^>]*>", "", re.sub(r"<!--.*?-->", "", rendered, flags=re.S)))
    return reader_text(text, markdown=False).text


@pytest.mark.parametrize(
    ("text", "code", "anchor", "shown"), VARIANTS, ids=[v[0][:45] for v in VARIANTS]
)
def test_the_scan_sees_what_the_rendered_page_shows(
    text: str, code: str, anchor: str, shown: str
) -> None:
    kind = code.removeprefix("privacy-")
    rendered = [(m.kind, m.value) for m in find_all(_rendered_text(text))]
    read = [(m.kind, m.value) for m in find_all(reader_text(text).text)]
    assert rendered == read
    assert [k for k, _ in read] == [kind]


def test_a_number_wrapped_over_two_lines_is_one_number_for_the_reader(repo: Repo) -> None:
    path = repo.add_report(body="Eerst wat tekst.\n\nBel haar op 06-1234\n5678 na vijven.\n")
    found = privacy_problems(repo)
    assert [(d.code, d.line) for d in found] == [("privacy-phone", 3 + _body_line(path))]


def _body_line(path: object) -> int:
    from pathlib import Path

    assert isinstance(path, Path)
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines.index("Eerst wat tekst.")


def test_front_matter_is_read_as_the_reader_sees_it(repo: Repo) -> None:
    repo.add_report(summary="Mail jan.jansen&#64;example.nl voor de resultaten.")
    found = privacy_problems(repo)
    assert [d.code for d in found] == ["privacy-email"]
    assert "'jan.jansen@example.nl'" in found[0].message


def test_an_exception_allows_the_value_as_the_reader_sees_it(repo: Repo) -> None:
    repo.add_report(
        body=BODY.format(text="Bel WIJS op 050\u2013123 45 67."),
        privacy_exceptions=[{"value": "050-1234567", "reason": "Algemeen nummer van WIJS."}],
    )
    assert privacy_problems(repo) == []


# -- bounded work -------------------------------------------------------------------------------


def test_a_megabyte_of_postcodes_is_scanned_in_linear_time() -> None:
    line = "1234 AB " * 125_000
    start = time.perf_counter()
    found = find_all(line)
    assert len(found) == 62_500 and {m.kind for m in found} == {"address"}
    assert time.perf_counter() - start < 10  # a hang guard, not a benchmark (was 391 s)


def test_an_overlong_line_is_refused_with_its_line_number_in_seconds(repo: Repo) -> None:
    path = repo.add_report(body="Eerst wat tekst.\n\n" + "1234 AB " * 125_000 + "\n")
    start = time.perf_counter()
    found = privacy_problems(repo)
    assert time.perf_counter() - start < 10
    assert [d.code for d in found] == ["privacy-line-too-long"]
    assert found[0].line == _body_line(path) + 3
    assert "1.000.000 tekens" in found[0].message and "50.000" in found[0].message
    assert found[0].is_error


def test_an_overlong_line_in_a_csv_attachment_is_refused(repo: Repo) -> None:
    path = repo.add_report()
    (path.parent / "attachments").mkdir()
    (path.parent / "attachments" / "data.csv").write_text(
        "wijk;aantal\n" + "x;" * 40_000 + "\n", encoding="utf-8"
    )
    found = privacy_problems(repo)
    assert [(d.code, d.line) for d in found] == [("privacy-line-too-long", 2)]
    assert found[0].path.endswith("attachments/data.csv")


def test_wijs_check_reports_every_hidden_variant_on_its_line(repo: Repo) -> None:
    import json

    from click.testing import CliRunner

    from wijs.cli import main

    body = "Inleiding.\n\n" + "\n\n".join(text for text, _, _, _ in VARIANTS) + "\n"
    path = repo.add_report(body=body)
    result = CliRunner().invoke(
        main, ["check", "--research", str(repo.research), "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    start = result.output.index("[")
    found = json.loads(result.output[start : result.output.rindex("]") + 1])
    lines = path.read_text(encoding="utf-8").split("\n")
    expected = sorted((lines.index(text) + 1, code) for text, code, _, _ in VARIANTS)
    got = sorted((d["line"], d["code"]) for d in found if d["code"].startswith("privacy-"))
    assert got == expected
