"""Checks on the files a report links to: figures, attachments, links inside its folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wijs.diagnostics import Diagnostic, error, warning
from wijs.markdown_links import is_external, iter_links
from wijs.model import Report
from wijs.paths import is_inside

FIGURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


def local_target(target: str) -> str | None:
    """The file part of a relative link, or None for external links and anchors."""
    if not target or target.startswith("#") or is_external(target):
        return None
    return unquote(urlsplit(target).path)


def check_files(report: Report) -> Iterator[Diagnostic]:
    folder = report.folder
    referenced: set[Path] = set()
    for link in iter_links(report.body):
        line = report.body_line + link.line - 1
        if link.is_image and not link.text.strip() and link.target and "<" not in link.target:
            yield warning(
                report.source,
                line,
                "missing-alt",
                f"De afbeelding {link.target} heeft geen alt-tekst.",
                "Beschrijf in de [ ] wat de afbeelding laat zien, voor lezers die haar niet zien: "
                "![Staafdiagram: aantal bezoekers per maand](figures/bezoekers.png)",
                column=link.column,
            )
        target = local_target(link.target)
        if target is None or target == "":
            continue
        if target.startswith("/") or ".." in Path(target).parts:
            yield error(
                report.source,
                line,
                "link-outside-report",
                f"De link '{link.target}' wijst buiten de map van het rapport.",
                "Zet het bestand in figures/ of attachments/ van dit rapport en link er relatief "
                "naar, bijvoorbeeld figures/grafiek.png.",
                column=link.column,
            )
            continue
        resolved = folder / target
        referenced.add(resolved.resolve())
        if not resolved.exists():
            noun = "afbeelding" if link.is_image else "bestand"
            yield error(
                report.source,
                line,
                "missing-file",
                f"Het {noun} '{target}' bestaat niet.",
                _missing_hint(folder, target),
                column=link.column,
            )
        elif resolved.resolve() != resolved.absolute() and not is_inside(resolved, folder):
            yield error(
                report.source,
                line,
                "link-outside-report",
                f"'{target}' is een snelkoppeling naar een bestand buiten het rapport.",
                "Kopieer het bestand zelf in de map van het rapport.",
                column=link.column,
            )
    figures = folder / "figures"
    if figures.is_dir():
        for figure in sorted(figures.rglob("*")):
            if figure.is_file() and figure.resolve() not in referenced:
                yield warning(
                    report.source,
                    report.body_line,
                    "unused-figure",
                    f"De afbeelding figures/{figure.relative_to(figures).as_posix()} wordt "
                    "nergens gebruikt.",
                    "Voeg haar in met ![beschrijving](figures/naam.png) of verwijder haar.",
                )



def _missing_hint(folder: Path, target: str) -> str:
    import difflib

    parent = (folder / target).parent
    names = [p.name for p in parent.iterdir()] if parent.is_dir() else []
    close = difflib.get_close_matches(Path(target).name, names, n=1)
    if close:
        return f"Bedoel je '{(Path(target).parent / close[0]).as_posix()}'? Let op hoofdletters."
    return (
        "Zet het bestand in de map van het rapport (figures/ of attachments/) of pas de link aan."
    )
