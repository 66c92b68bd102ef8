"""Every `wijs` command and every option of it is documented: the command reference in
docs/opdrachten.md is generated from the click group itself (mkdocs-click), so a new command
or option appears there by itself. These tests render that page with the Markdown extensions of
mkdocs.yml, as the site build does, and look for every command, its help text and its options,
so a reference that no longer renders them (a wrong directive, the extension switched off, a
command without help) fails."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import click
import markdown
import pytest
import yaml

from conftest import REPO
from wijs.cli import main

DOCS = sorted((REPO / "docs").glob("*.md"))
GUIDES = ("indienen.md", "beoordelen.md", "beheer.md", "opdrachten.md")
REFERENCE = REPO / "docs" / "opdrachten.md"


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
COMMANDS = sorted((name, cmd) for name, cmd in main.commands.items() if not cmd.hidden)


def markdown_extensions() -> tuple[list[str], dict[str, Any]]:
    """The Markdown extensions of mkdocs.yml and their settings, as MkDocs passes them on."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[str] = []
    settings: dict[str, Any] = {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, Mapping):
            (name, options), *_ = entry.items()
            names.append(name)
            settings[name] = options or {}
        else:
            names.append(entry)
    return names, settings


#: the extensions MkDocs always adds to those of mkdocs.yml
MKDOCS_BUILTIN = ["toc", "tables", "fenced_code"]


def render_reference(text: str) -> str:
    names, settings = markdown_extensions()
    assert "mkdocs-click" in names, "mkdocs.yml: markdown_extensions zonder mkdocs-click"
    names = [*MKDOCS_BUILTIN, *(n for n in names if n not in MKDOCS_BUILTIN)]
    return markdown.markdown(text, extensions=names, extension_configs=settings)


def command_sections(page: str) -> dict[str, str]:
    """Heading id ('wijs-check') → the plain text of that part of the rendered page."""
    parts = re.split(r'<h\d id="([^"]+)"[^>]*>', page)
    return {anchor: _plain(body) for anchor, body in zip(parts[1::2], parts[2::2], strict=True)}


def _plain(part: str) -> str:
    """HTML as text: inline tags dropped, block tags a space."""
    part = re.sub(r"</?(?:code|em|strong|a)\b[^>]*>", "", part)
    return html.unescape(re.sub(r"<[^>]+>", " ", part))


def undocumented(group: click.Group, page: str) -> list[str]:
    """What the rendered reference lacks: a command, its help text or one of its options."""
    sections = command_sections(page)
    problems: list[str] = []
    commands = [("", group), *((f" {n}", c) for n, c in group.commands.items() if not c.hidden)]
    for suffix, command in commands:
        name = f"wijs{suffix}"
        section = sections.get(name.replace(" ", "-"))
        if section is None:
            problems.append(f"'{name}' heeft geen eigen kop")
            continue
        # the whole help text, as a reader sees it: Markdown must not swallow a part of it
        # (a path like research/<jaar>/ outside backticks is an HTML tag to Markdown)
        help_text = " ".join((command.help or command.short_help or "").replace("`", "").split())
        if not help_text:
            problems.append(f"'{name}' heeft geen helptekst")
        elif help_text not in " ".join(section.split()):
            problems.append(f"'{name}': de helptekst staat er niet (zoals in --help)")
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                for opt in (*param.opts, *param.secondary_opts):
                    if not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", section):
                        problems.append(f"'{name}': optie {opt} ontbreekt")
    return problems


@pytest.fixture(scope="module")
def reference() -> str:
    return render_reference(TEXTS[REFERENCE.name])


def test_the_guides_exist_and_are_in_the_navigation() -> None:
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for guide in GUIDES:
        assert guide in TEXTS, f"docs/{guide} ontbreekt"
        assert guide in nav, f"docs/{guide} staat niet in de nav van mkdocs.yml"


def test_the_reference_is_generated_from_the_click_group() -> None:
    directive = re.search(r"^::: mkdocs-click\n((?:    :.+\n?)+)", TEXTS[REFERENCE.name], re.M)
    assert directive, "docs/opdrachten.md: geen ::: mkdocs-click"
    options = dict(re.findall(r":(\w+): *(.+)", directive.group(1)))
    assert options["module"] == "wijs.cli" and options["command"] == "main"
    assert options.get("prog_name") == "wijs"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_is_documented(
    name: str, command: click.Command, reference: str
) -> None:
    missing = [p for p in undocumented(main, reference) if p.startswith(f"'wijs {name}'")]
    assert not missing, "docs/opdrachten.md: " + "; ".join(missing)


def test_the_groups_own_options_are_documented(reference: str) -> None:
    missing = [p for p in undocumented(main, reference) if p.startswith("'wijs'")]
    assert not missing, "docs/opdrachten.md: " + "; ".join(missing)


def test_the_check_finds_what_the_reference_lacks(reference: str) -> None:
    """The guard can fail: a command cut from the page, an option it does not show, a
    command without help."""
    sections = re.split(r'(?=<h3 id="wijs-check")|(?=<h3 id="wijs-deposit")', reference)
    without_check = "".join(part for part in sections if 'id="wijs-check"' not in part)
    assert "'wijs check' heeft geen eigen kop" in undocumented(main, without_check)

    group = click.Group("wijs", help="Hulp.")

    @group.command(help="Doe iets.")
    @click.option("--snel", is_flag=True, help="Snel.")
    def iets(snel: bool) -> None: ...

    @group.command()
    def stil() -> None: ...

    page = render_reference(
        "::: mkdocs-click\n    :module: wijs.cli\n    :command: main\n    :prog_name: wijs\n"
        "    :depth: 1\n"
    )
    problems = undocumented(group, page)
    assert "'wijs iets' heeft geen eigen kop" in problems
    page += '<h3 id="wijs-iets">wijs iets</h3><p>Doe iets.</p>'
    page += '<h3 id="wijs-stil">wijs stil</h3>'
    problems = undocumented(group, page)
    assert "'wijs iets': optie --snel ontbreekt" in problems
    assert "'wijs stil' heeft geen helptekst" in problems


def test_commands_named_in_the_guides_exist() -> None:
    """A guide that tells people to run a command that no longer exists is wrong."""
    known = set(main.commands)
    for name, text in TEXTS.items():
        for command in re.findall(r"`(?:\$ )?wijs ([a-z][a-z-]*)", text):
            assert command in known, f"docs/{name} noemt 'wijs {command}', die niet bestaat"


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
