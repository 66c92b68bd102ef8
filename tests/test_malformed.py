"""Malformed and hostile text gets a clear message with a line, never a traceback or a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VOCABULARY, Repo, report_fields
from wijs.corpus import load_corpus
from wijs.diagnostics import Diagnostic
from wijs.errors import WijsError
from wijs.reader import read_report
from wijs.vocabulary import load_vocabulary
from wijs.yaml_source import load_yaml

HEAD = "title: Eenzaamheid\n"
REST = """authors: [Fatima El Amrani]
institution: hanzehogeschool
level: hbo
year: 2024
neighbourhood: selwerd
theme: eenzaamheid
summary: Ouderen in Selwerd.
status: draft
"""


@pytest.fixture(scope="module")
def vocabulary():  # type: ignore[no-untyped-def]
    return load_vocabulary(VOCABULARY)


def read(tmp_path: Path, vocabulary, raw: bytes) -> tuple[object, list[Diagnostic]]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "research" / "2024" / "rapport"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_bytes(raw)
    result = read_report(folder / "index.md", vocabulary, tmp_path / "research")
    return result.report, result.diagnostics


def front(yaml_text: str, body: str = "Tekst.\n") -> bytes:
    return f"---\n{yaml_text}---\n\n{body}".encode()


BILLION_LAUGHS = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]
"""


def test_billion_laughs_is_refused_at_the_first_anchor(tmp_path: Path, vocabulary) -> None:  # type: ignore[no-untyped-def]
    report, found = read(tmp_path, vocabulary, front(HEAD + BILLION_LAUGHS))
    assert report is None
    assert [(d.code, d.line) for d in found] == [("yaml-alias", 3)]


def test_an_alias_alone_is_refused_with_its_line(tmp_path: Path, vocabulary) -> None:  # type: ignore[no-untyped-def]
    _, found = read(tmp_path, vocabulary, front(REST + "title: *t\n"))
    assert [(d.code, d.line) for d in found] == [("yaml-alias", 10)]
    assert "uit" in found[0].hint


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system ['echo x']", "!!python/name:os.system", "!foo bar"]
)
def test_python_tags_are_never_executed(tmp_path: Path, vocabulary, tag: str) -> None:  # type: ignore[no-untyped-def]
    report, found = read(tmp_path, vocabulary, front(REST + f"title: {tag}\n"))
    assert report is None and [d.code for d in found] == ["yaml-tag"]
    assert found[0].line == 10


def test_duplicate_keys_are_reported_at_the_second_one(tmp_path: Path, vocabulary) -> None:  # type: ignore[no-untyped-def]
    _, found = read(tmp_path, vocabulary, front(HEAD + REST + "title: Nog een titel\n"))
    duplicate = [d for d in found if d.code == "duplicate-key"]
    assert [(d.line, "'title'" in d.message) for d in duplicate] == [(11, True)]


def test_duplicate_keys_inside_a_block_are_reported(tmp_path: Path, vocabulary) -> None:  # type: ignore[no-untyped-def]
    text = HEAD + REST + "review:\n  by: dr. Bakker\n  by: dr. Jansen\n  date: 2024-06-20\n"
    _, found = read(tmp_path, vocabulary, front(text))
    assert [(d.code, d.line) for d in found if d.code == "duplicate-key"] == [("duplicate-key", 13)]


def test_duplicate_keys_are_not_hidden_by_yaml_merge_keys() -> None:
    with pytest.raises(WijsError) as problem:
        load_yaml("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert problem.value.code == "yaml-alias"


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 3000 + "]" * 3000,
        "a: " + "{b: " * 3000 + "1" + "}" * 3000,
        "a:\n" + "".join("  " * i + "- \n" for i in range(3000)),
    ],
    ids=["flow-lists", "flow-maps", "block-lists"],
)
def test_deeply_nested_front_matter_is_a_clear_error_not_a_crash(text: str) -> None:
    with pytest.raises(WijsError) as problem:
        load_yaml(text)
    assert problem.value.code == "yaml-too-deep"
    assert "niveaus" in problem.value.message


def test_windows_line_endings_and_bom_are_accepted(tmp_path: Path, vocabulary) -> None:  # type: ignore[no-untyped-def]
    raw = b"\xef\xbb\xbf" + front(HEAD + REST, "## Kop\r\n\r\nTekst.\r\n").replace(b"\n", b"\r\n")
    report, found = read(tmp_path, vocabulary, raw)
    assert found == [] and report is not None
    assert "\r" not in report.body  # type: ignore[attr-defined]
    assert report.line_of("status") == 10  # type: ignore[attr-defined]


def test_old_mac_line_endings_are_accepted(tmp_path: Path, vocabulary) -> None:  # type: ignore[no-untyped-def]
    report, found = read(tmp_path, vocabulary, front(HEAD + REST).replace(b"\n", b"\r"))
    assert found == [] and report is not None


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        ("title: Caf\xe9 in Selwerd\n".encode("latin-1"), 2),
        (b"title: ok\n" + "summary: \u201cquote\u201d\n".encode("cp1252"), 3),
        ("title: \u00e9\n".encode("utf-16"), 2),
    ],
    ids=["latin-1", "windows-1252", "utf-16"],
)
def test_a_file_that_is_not_utf8_says_how_to_resave_it(
    tmp_path: Path,
    vocabulary,
    raw: bytes,
    line: int,  # type: ignore[no-untyped-def]
) -> None:
    report, found = read(tmp_path, vocabulary, b"---\n" + raw + b"---\n")
    assert report is None
    assert [(d.code, d.line) for d in found] == [("encoding", line)]
    assert "UTF-8" in found[0].hint and "Opslaan als" in found[0].hint


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "empty-file"),
        (b"   \n\n\t\n", "empty-file"),
        (b"\xef\xbb\xbf", "empty-file"),
        (b"# Alleen een kop\n\nTekst.\n", "no-front-matter"),
        (b"---\ntitle: nooit afgesloten\n", "no-front-matter"),
        (b"---\n---\nTekst.\n", "front-matter-shape"),
        (b"---\n- een\n- lijst\n---\n", "front-matter-shape"),
        (b"---\ntitle: [niet afgesloten\n---\n", "yaml-syntax"),
        (b"---\n\ttitle: tab\n---\n", "yaml-syntax"),
    ],
)
def test_unusable_files_get_one_clear_message(
    tmp_path: Path, vocabulary, raw: bytes, code: str
) -> None:  # type: ignore[no-untyped-def]
    report, found = read(tmp_path, vocabulary, raw)
    assert report is None
    assert [d.code for d in found] == [code]
    assert found[0].hint


def test_extremely_long_lines_are_read_and_scanned_quickly(tmp_path: Path, vocabulary) -> None:  # type: ignore[no-untyped-def]
    import time

    body = ("lang " * 300_000) + "\n"
    start = time.perf_counter()
    report, found = read(tmp_path, vocabulary, front(HEAD + REST, body))
    assert report is not None and found == []
    assert time.perf_counter() - start < 10  # a hang guard, not a benchmark
    too_large = ("x" * 2_100_000).encode()
    report, found = read(tmp_path, vocabulary, front(HEAD + REST, too_large.decode()))
    assert report is None and [d.code for d in found] == ["too-large"]


@pytest.mark.parametrize(
    ("body", "code", "offset"),
    [
        ("<div>" * 150 + "x" + "</div>" * 150 + "\n", "markup-too-deep", 0),
        ("".join("  " * i + "- punt\n" for i in range(60)), "markup-too-deep", 41),
        (">" * 60 + " diep\n", "markup-too-deep", 0),
        ("[" * 1500 + "\n", "markup-too-complex", 0),
    ],
    ids=["html", "lists", "quotes", "brackets"],
)
def test_bodies_that_would_break_the_build_get_a_clear_error(
    repo: Repo, body: str, code: str, offset: int
) -> None:
    path = repo.add_report(body="## Inleiding\n\nTekst.\n\n" + body)
    found = [d for d in load_corpus(repo.research).diagnostics if d.is_error]
    assert [d.code for d in found] == [code]
    lines = path.read_text(encoding="utf-8").split("\n")
    assert found[0].line == lines.index(body.split("\n")[0]) + 1 + offset
    with pytest.raises(WijsError):
        repo.build()


def test_deep_but_reasonable_nesting_builds(repo: Repo) -> None:
    body = (
        "<div>" * 90
        + "diep"
        + "</div>" * 90
        + "\n\n"
        + "".join("  " * i + "- punt\n" for i in range(30))
        + "\n"
        + ">" * 30
        + " citaat\n"
    )
    repo.add_report(body=body)
    repo.build()
    assert "diep" in repo.page("onderzoek/2024/eenzaamheid-ouderen-selwerd/")


def test_front_matter_with_every_field_wrong_still_gives_only_diagnostics(repo: Repo) -> None:
    fields = report_fields()
    hostile = {key: {"x": [1, {"y": None}]} for key in fields}
    repo.add_report(**hostile)
    corpus = load_corpus(repo.research)
    assert corpus.reports == [] and len(corpus.diagnostics) >= 10
