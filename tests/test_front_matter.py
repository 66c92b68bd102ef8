"""Front-matter is split in one place, by python-frontmatter's YAML handler with the project's
own safe loader, and every line number stays that of the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from frontmatter.default_handlers import YAMLHandler

from conftest import VOCABULARY
from wijs.errors import WijsError
from wijs.front_matter import HANDLER, page_meta, split
from wijs.reader import read_report
from wijs.vocabulary import load_vocabulary


def test_the_split_is_python_frontmatters_yaml_handler_with_our_loader() -> None:
    assert isinstance(HANDLER, YAMLHandler)
    parts = split("---\ntitle: x\nyear: 2024\n---\n\nTekst.\n")
    assert parts is not None
    assert (parts.yaml, parts.body, parts.body_line) == ("title: x\nyear: 2024", "\nTekst.\n", 5)
    data = parts.load()
    assert data.value == {"title": "x", "year": 2024}
    assert data.positions[("year",)] == (1, 0)  # within the front-matter: file line 3
    with pytest.raises(WijsError):
        HANDLER.load("a: &anker 1\nb: *anker\n")  # the safe loader, not yaml.safe_load


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blank lines after the opening line stay (python-frontmatter's own pattern eats them)
        ("---\n\n\ntitle: x\n---\nTekst.", ("\n\ntitle: x", "Tekst.", 6)),
        ("---\ntitle: x\n...\nTekst.", ("title: x", "Tekst.", 4)),
        ("--- \ntitle: x\n  ---  \nTekst.", ("title: x", "Tekst.", 4)),
        ("---\n---\nTekst.", ("", "Tekst.", 3)),
        ("---\ntitle: x\n---", ("title: x", "", 4)),
        ("---\nsummary: a\n-----\nb\n---\nTekst.", ("summary: a\n-----\nb", "Tekst.", 6)),
    ],
)
def test_front_matter_is_split_where_the_student_closed_it(
    text: str, expected: tuple[str, str, int]
) -> None:
    parts = split(text)
    assert parts is not None and (parts.yaml, parts.body, parts.body_line) == expected


@pytest.mark.parametrize("text", ["", "Tekst.", "...\ntitle: x\n...\n", "---\ntitle: x\n", "---"])
def test_text_without_a_closed_front_matter_is_not_split(text: str) -> None:
    assert split(text) is None


def test_a_mistake_after_blank_lines_and_windows_line_endings_keeps_its_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "research" / "2024" / "rapport"
    folder.mkdir(parents=True)
    text = "---\n\n\ntitle: x\nlevel: [hbo\nyear: 2024\n---\nTekst.\n"
    (folder / "index.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    result = read_report(folder / "index.md", load_vocabulary(VOCABULARY), folder.parent.parent)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("yaml-syntax", 5, 8)]


def test_generated_page_meta_is_reused_while_unchanged_and_odd_pages_go_to_mkdocs() -> None:
    page = "---\ntitle: Selwerd\nhide: [toc]\n---\n\n# Selwerd\n"
    known, body = page_meta(page)
    assert known == ("title: Selwerd\nhide: [toc]\n", {"title": "Selwerd", "hide": ["toc"]})
    assert body == "# Selwerd\n"
    assert page_meta(page, known)[0] is known
    # closed by an indented '---' that MkDocs would not see as the end: MkDocs reads it
    odd = "---\ntitle: 'a\n  ---\n  b'\n---\nTekst.\n"
    assert page_meta(odd) == (None, odd)
