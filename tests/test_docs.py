"""Every `wijs` command and every option of it is documented in the README or the guides in
docs/. New commands are found in the click group itself, so they cannot be forgotten."""

from __future__ import annotations

import re

import click
import pytest

from conftest import REPO
from wijs.cli import main

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
GUIDES = ("indienen.md", "beoordelen.md", "beheer.md")


def _sections(text: str) -> list[tuple[str, str]]:
    """(heading, text) of every Markdown section, code blocks not mistaken for headings."""
    sections: list[tuple[str, str]] = [("", "")]
    fence = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and re.match(r"#{1,6} ", line):
            sections.append((line, ""))
        else:
            heading, body = sections[-1]
            sections[-1] = (heading, body + line + "\n")
    return sections


TEXTS = {path.name: path.read_text(encoding="utf-8") for path in DOCS}
LINES = [line for text in TEXTS.values() for line in text.splitlines()]
SECTIONS = [section for text in TEXTS.values() for section in _sections(text)]
COMMANDS = sorted((name, cmd) for name, cmd in main.commands.items() if not cmd.hidden)


def long_options(command: click.Command) -> list[str]:
    return [
        opt
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden
        for opt in param.opts
        if opt.startswith("--")
    ]


def documented_with(command: str, option: str) -> bool:
    """The option appears on a line naming the command, or in a section headed by it."""
    mention = f"wijs {command}"
    return any(mention in line and option in line for line in LINES) or any(
        mention in heading and option in body for heading, body in SECTIONS
    )


def test_the_guides_exist_and_are_in_the_navigation() -> None:
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for guide in GUIDES:
        assert guide in TEXTS, f"docs/{guide} ontbreekt"
        assert guide in nav, f"docs/{guide} staat niet in de nav van mkdocs.yml"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_is_documented(name: str, command: click.Command) -> None:
    everything = "\n".join(TEXTS.values())
    assert f"wijs {name}" in everything, f"'wijs {name}' staat niet in README.md of docs/"
    missing = [opt for opt in long_options(command) if not documented_with(name, opt)]
    assert not missing, (
        f"Opties van 'wijs {name}' zonder uitleg: {', '.join(missing)}. Noem ze op een regel "
        f"met 'wijs {name}' (bijvoorbeeld in de tabel 'Alle opdrachten' in docs/beheer.md) of "
        f"in een hoofdstuk met 'wijs {name}' in de kop."
    )


def test_the_groups_own_options_are_documented() -> None:
    everything = "\n".join(TEXTS.values())
    assert all(f"wijs {opt}" in everything for opt in long_options(main) if opt != "--help")


def test_screenshots_in_the_guides_exist() -> None:
    for name in GUIDES:
        for target in re.findall(r"!\[[^\]]+\]\((assets/[^)]+)\)", TEXTS[name]):
            assert (REPO / "docs" / target).is_file(), f"{name}: {target} ontbreekt"


@pytest.mark.parametrize("guide", ["indienen.md", "importeren.md"])
def test_student_guides_need_no_command_line(guide: str) -> None:
    text = TEXTS[guide]
    assert not re.search(r"^\s*(```|~~~)\s*(console|bash|sh|shell)\b", text, re.M)
    assert not re.search(r"`(\$ )?wijs \w+", text), "een opdracht voor de opdrachtregel"
    # the browser route comes first: the form, named by the buttons GitHub shows
    assert "New issue" in text and "Onderzoek indienen" in text
    assert text.index("New issue") < text.index("Upload files")
