"""Checks on the files a report links to: figures, attachments, links inside its folder."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wijs.diagnostics import Diagnostic, error, warning
from wijs.images import MAX_PIXELS, RASTER_SUFFIXES, svg_problems, too_many_pixels
from wijs.limits import MB, ZIPPED_SUFFIXES, Limits, load_limits, unpacked_problem
from wijs.markdown_links import is_external, iter_links, prose_lines
from wijs.model import Report
from wijs.paths import is_inside
from wijs.research import Corpus

FIGURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


def local_target(target: str) -> str | None:
    """The file part of a relative link, or None for external links and anchors."""
    if _WINDOWS_PATH.match(target) or target.lower().startswith("file:"):
        return target.replace("\\", "/")  # a path on someone's own computer
    if not target or target.startswith("#") or is_external(target):
        return None
    return unquote(urlsplit(target).path).replace("\\", "/")


_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]|^\\\\")


ALT_HINT = (
    'Schrijf in de [ ] (of in alt="…" van <img>) wat de lezer uit de afbeelding moet halen, '
    "niet hoe ze eruitziet: bij een grafiek de boodschap en de belangrijkste cijfers, in één of "
    "twee zinnen, zonder 'Afbeelding van'. Bijvoorbeeld: ![Staafdiagram: het aantal bezoekers "
    "steeg van 40 in januari naar 95 in juni](figures/bezoekers.png)"
)


def missing_alt(report: Report, line: int, target: str, *, column: int = 1) -> Diagnostic:
    """An image without alternative text: an error once the report is approved (it would be
    published so), a warning before."""
    make = error if report.meta.status == "approved" else warning
    return make(
        report.source,
        line,
        "missing-alt",
        f"De afbeelding {target} heeft geen alternatieve tekst (alt-tekst) voor lezers die haar "
        "niet zien.",
        ALT_HINT,
        column=column,
    )


def check_files(report: Report) -> Iterator[Diagnostic]:
    folder = report.folder
    referenced: set[Path] = set()
    for link in iter_links(report.body):
        line = report.body_line + link.line - 1
        if link.is_image and not link.text.strip() and link.target and "<" not in link.target:
            yield missing_alt(report, line, link.target, column=link.column)
        if link.is_image and _is_foreign(link.target):
            yield error(
                report.source,
                line,
                "external-image",
                f"De afbeelding '{link.target}' staat op een andere website; de onderzoeksbank "
                "laat lezers geen andere websites aanroepen.",
                "Download de afbeelding (als je haar mag gebruiken), zet haar in figures/ en "
                "verwijs ernaar met ![beschrijving](figures/naam.png).",
                column=link.column,
            )
            continue
        target = local_target(link.target)
        if target is None or target == "":
            continue
        if (
            target.startswith("/")
            or ".." in Path(target).parts
            or _WINDOWS_PATH.match(target)
            or target.lower().startswith("file:")
        ):
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
    yield from _check_srcset(report)
    yield from check_folder(report, load_limits(report.root)[0])
    yield from check_symlinks(report)
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


def _is_foreign(target: str) -> bool:
    target = target.strip()
    return is_external(target) and target.lower().startswith(("http:", "https:", "//"))


_SRCSET = re.compile(r"\bsrcset\s*=", re.I)


def _check_srcset(report: Report) -> Iterator[Diagnostic]:
    for number, line in prose_lines(report.body):
        match = _SRCSET.search(line) if "srcset" in line.lower() else None
        if match:
            yield error(
                report.source,
                report.body_line + number - 1,
                "image-srcset",
                "srcset (afbeeldingen in meerdere formaten) wordt niet gepubliceerd.",
                "Gebruik één afbeelding uit figures/: ![beschrijving](figures/naam.png).",
                column=match.start() + 1,
            )


PUBLISHED_FOLDERS = ("figures", "attachments")


def check_folder(report: Report, limits: Limits) -> Iterator[Diagnostic]:
    """Every file that is published with the report: inside the folder, allowed type, size."""
    total = report.path.stat().st_size if report.path.exists() else 0
    line = report.body_line
    for folder_name in PUBLISHED_FOLDERS:
        folder = report.folder / folder_name
        if folder.is_symlink() or (folder.exists() and not is_inside(folder, report.folder)):
            yield error(
                report.source,
                line,
                "link-outside-report",
                f"{folder_name}/ is een snelkoppeling naar een map buiten het rapport.",
                f"Maak {folder_name}/ een gewone map met de bestanden zelf erin.",
            )
            continue
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            shown = path.relative_to(report.folder).as_posix()
            if path.is_symlink() and not is_inside(path, report.folder):
                yield error(
                    report.source,
                    line,
                    "link-outside-report",
                    f"{shown} is een snelkoppeling naar een bestand buiten het rapport.",
                    "Kopieer het bestand zelf in de map van het rapport.",
                )
                continue
            if not path.is_file():
                continue
            size = path.stat().st_size
            total += size
            suffix = path.suffix.lower().lstrip(".")
            allowed = limits.allowed(folder_name)
            if suffix not in allowed:
                yield error(
                    report.source,
                    line,
                    "file-type",
                    f"{shown}: bestanden van het type '.{suffix or '?'}' worden niet "
                    f"gepubliceerd in {folder_name}/.",
                    "Toegestaan zijn: " + ", ".join(allowed) + ". Zet het bestand om (bijvoorbeeld "
                    "naar pdf) of haal het weg.",
                )
            if size > limits.file_bytes:
                yield error(
                    report.source,
                    line,
                    "file-too-large",
                    f"{shown} is {size / MB:.1f} MB; het maximum per bestand is "
                    f"{limits.file_mb:g} MB.",
                    "Verklein het bestand: sla afbeeldingen op met minder pixels of als jpg, "
                    "exporteer pdf's als 'kleinste bestandsgrootte'.",
                )
            if path.suffix.lower() in ZIPPED_SUFFIXES and size <= limits.file_bytes:
                unpacked = unpacked_problem(path, limits)
                if unpacked is not None and unpacked.too_large:
                    yield error(
                        report.source,
                        line,
                        "file-unpacked-too-large",
                        f"{shown}: {unpacked.message}; zo'n bestand wordt niet gelezen en niet "
                        "gepubliceerd.",
                        "Open het in Word, Excel of LibreOffice en sla het opnieuw op (Opslaan "
                        "als), of lever het aan als pdf. Is het echt zo groot: verhoog "
                        "limits.unpacked_mb in research/vocabulary.yml.",
                    )
            if "." + suffix in RASTER_SUFFIXES and size <= limits.file_bytes:
                pixels = too_many_pixels(path.read_bytes())
                if pixels:
                    yield error(
                        report.source,
                        line,
                        "image-too-many-pixels",
                        f"{shown} is {pixels}; het maximum is "
                        f"{MAX_PIXELS // 1_000_000} megapixel. De afbeelding wordt niet gelezen.",
                        "Sla de afbeelding op met minder pixels (bijvoorbeeld 2000 pixels breed): "
                        "dat is scherp genoeg voor een scherm en een pdf.",
                    )
            if suffix == "svg":
                problems = svg_problems(path.read_bytes())
                if problems:
                    yield error(
                        report.source,
                        line,
                        "unsafe-svg",
                        f"{shown} bevat " + ", ".join(problems) + ".",
                        "Een SVG-figuur mag alleen tekenen: exporteer hem opnieuw als 'plain SVG' "
                        "zonder scripts en links, of lever hem aan als png.",
                    )
    if total > limits.report_bytes:
        yield error(
            report.source,
            1,
            "report-too-large",
            f"Het rapport is met figuren en bijlagen samen {total / MB:.1f} MB; het maximum "
            f"is {limits.report_mb:g} MB.",
            "Verklein afbeeldingen en bijlagen, of laat grote bestanden weg en verwijs ernaar.",
        )


def _symlinks(folder: Path) -> list[Path]:
    found: list[Path] = []
    for parent, dirs, files in os.walk(folder):  # never follows a symlinked folder
        for name in [*dirs, *files]:
            path = Path(parent) / name
            if path.is_symlink():
                found.append(path)
    return sorted(found)


def check_symlinks(report: Report) -> Iterator[Diagnostic]:
    """A symlink anywhere in a report folder is refused: pandoc, Typst or the site could follow
    it to a file outside the report (/etc/passwd, .git/config, a confidential file)."""
    for path in _symlinks(report.folder):
        relative = path.relative_to(report.folder)
        if relative.parts[0] in PUBLISHED_FOLDERS and not is_inside(path, report.folder):
            continue  # reported by check_folder as link-outside-report
        yield error(
            report.source,
            report.body_line,
            "symlink",
            f"{relative.as_posix()} is een snelkoppeling (symlink); een rapport mag alleen "
            "gewone bestanden en mappen bevatten.",
            "Vervang de snelkoppeling door een kopie van het bestand zelf, of haal haar weg "
            "(git rm).",
        )


def check_limits_config(corpus: Corpus) -> list[Diagnostic]:
    """Problems in the limits: section of vocabulary.yml, reported once."""
    return load_limits(corpus.root)[1]


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
