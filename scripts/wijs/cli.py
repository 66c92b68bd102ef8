"""The ``wijs`` command line: a few lines per command, the work happens in the core.

Exit status: 0 fine, 1 problems in the content, 2 wrong usage.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import click
from rich.console import Console

from wijs.corpus import Corpus, load_corpus
from wijs.diagnostics import FORMATTERS, Diagnostic, has_errors, summary_line
from wijs.errors import ContentError

FORMATS = click.Choice(sorted(FORMATTERS))
stderr = Console(stderr=True, soft_wrap=True)


def research_option(function):  # type: ignore[no-untyped-def]
    return click.option(
        "--research",
        "research_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("research"),
        show_default=True,
        help="Map met de rapporten en vocabulary.yml.",
    )(function)


def emit(diagnostics: Sequence[Diagnostic], output_format: str) -> None:
    if diagnostics or output_format == "json":
        click.echo(FORMATTERS[output_format](diagnostics))


def load(research_dir: Path, paths: Sequence[Path] = ()) -> Corpus:
    """The corpus, or exit 1 with the vocabulary error; exit 2 when the folder is wrong."""
    if not research_dir.is_dir():
        raise click.UsageError(
            f"Map '{research_dir}' niet gevonden. Draai wijs in de map van de onderzoeksbank "
            "of geef --research op."
        )
    try:
        with stderr.status("Rapporten lezen…", spinner="dots"):
            return load_corpus(research_dir, paths)
    except ContentError as exc:
        click.echo(FORMATTERS["text"]([exc.diagnostic]))
        sys.exit(1)


def _quiet_abort(record: logging.LogRecord) -> bool:
    # the CLI explains a failed build itself; MkDocs' own closing line would only confuse
    return "Aborted with" not in record.getMessage()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="wijs")
def main() -> None:
    """WIJS Onderzoeksbank: controleer, bouw en doorzoek onderzoek van WIJS-studenten."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@research_option
@click.option(
    "--format",
    "output_format",
    type=FORMATS,
    default="text",
    show_default=True,
    help="text voor mensen, github voor annotaties in een pull request, json voor scripts.",
)
def check(paths: tuple[Path, ...], research_dir: Path, output_format: str) -> None:
    """Controleer rapporten (alle, of alleen PATHS) en meld elk probleem met regel en oplossing."""
    corpus = load(research_dir, paths)
    emit(corpus.diagnostics, output_format)
    if output_format == "text":
        stderr.print(summary_line(corpus.diagnostics, corpus.files_read))
    sys.exit(1 if has_errors(corpus.diagnostics) else 0)


@main.command()
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="De MkDocs-configuratie.",
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Waar de site komt (standaard: site/).",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Toon ook concepten en ingediende rapporten, met een 'concept'-banner.",
)
@click.option(
    "--format",
    "output_format",
    type=FORMATS,
    default="text",
    show_default=True,
    help="Vorm van de foutmeldingen als de inhoud niet klopt.",
)
@click.option(
    "--no-downloads",
    is_flag=True,
    help="Sla de PDF- en DOCX-downloads over (sneller, voor een snelle controle).",
)
def build(
    config_file: Path,
    site_dir: Path | None,
    preview: bool,
    output_format: str,
    no_downloads: bool = False,
) -> None:
    """Bouw de statische site. Bij fouten blijft de vorige site staan."""
    from wijs.builder import BuildFailed, build_site

    logging.getLogger("mkdocs").addFilter(_quiet_abort)

    try:
        with stderr.status("Site bouwen…", spinner="dots"):
            target = build_site(config_file, site_dir, preview=preview, downloads=not no_downloads)
    except BuildFailed as exc:
        if exc.diagnostics:
            emit(exc.diagnostics, output_format)
            stderr.print(
                "[red]De site is niet gebouwd:[/] los de fouten hierboven op "
                "(of draai 'wijs check')."
            )
        else:
            stderr.print(f"[red]{exc}[/]")
        sys.exit(1)
    stderr.print(f"Site gebouwd in {target}")


@main.command()
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="De MkDocs-configuratie.",
)
@click.option("--dev-addr", default=None, help="Adres en poort, bijvoorbeeld 127.0.0.1:8000.")
@click.option(
    "--published-only",
    is_flag=True,
    help="Toon alleen gepubliceerde rapporten, zoals op de echte site.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open de site in de browser.")
@click.option("--downloads", is_flag=True, help="Maak ook de PDF- en DOCX-downloads (trager).")
def serve(
    config_file: Path,
    dev_addr: str | None,
    published_only: bool,
    open_browser: bool,
    downloads: bool = False,
) -> None:
    """Bekijk de site terwijl je schrijft: elke wijziging staat binnen een paar seconden online."""
    from wijs.builder import serve_site

    serve_site(
        config_file,
        preview=not published_only,
        dev_addr=dev_addr,
        open_browser=open_browser,
        downloads=downloads,
    )


@main.command()
@research_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Schrijf naar dit bestand in plaats van naar het scherm.",
)
def schema(research_dir: Path, output: Path | None) -> None:
    """Exporteer het rapportformaat als JSON Schema (voor autocompletion in je editor)."""
    from wijs.schema import report_schema
    from wijs.vocabulary import load_vocabulary

    try:
        vocabulary = load_vocabulary(research_dir / "vocabulary.yml")
    except ContentError as exc:
        click.echo(FORMATTERS["text"]([exc.diagnostic]))
        sys.exit(1)
    text = json.dumps(report_schema(vocabulary), ensure_ascii=False, indent=2)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        stderr.print(f"Schema geschreven naar {output}")


@main.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@research_option
@click.option(
    "--year", type=int, default=None, help="Jaar van het rapport (standaard: uit het document)."
)
@click.option(
    "--slug",
    default=None,
    help="Mapnaam, bv. eenzaamheid-ouderen-selwerd (standaard: uit de titel).",
)
@click.option(
    "--wijk", "neighbourhoods", multiple=True, help="Wijk (id, naam of alias); mag vaker."
)
@click.option("--thema", "themes", multiple=True, help="Thema; mag vaker.")
@click.option("--institution", "institutions", multiple=True, help="Instelling; mag vaker.")
@click.option("--level", "levels", multiple=True, help="Niveau: mbo, hbo of wo; mag vaker.")
@click.option("--force", is_flag=True, help="Overschrijf een bestaand rapport met dezelfde map.")
def import_(
    source: Path,
    research_dir: Path,
    year: int | None,
    slug: str | None,
    neighbourhoods: tuple[str, ...],
    themes: tuple[str, ...],
    institutions: tuple[str, ...],
    levels: tuple[str, ...],
    force: bool,
) -> None:
    """Maak van een Word- (.docx) of OpenDocument-bestand (.odt) een conceptrapport."""
    from wijs.convert.importer import ImportOptions, ImportRefused, import_document
    from wijs.vocabulary import load_vocabulary

    if not research_dir.is_dir():
        raise click.UsageError(f"Map '{research_dir}' niet gevonden. Geef --research op.")
    try:
        vocabulary = load_vocabulary(research_dir / "vocabulary.yml")
    except ContentError as exc:
        click.echo(FORMATTERS["text"]([exc.diagnostic]))
        sys.exit(1)
    options = ImportOptions(
        year, slug, list(neighbourhoods), list(themes), list(institutions), list(levels), force
    )
    try:
        with stderr.status("Document omzetten…", spinner="dots"):
            result = import_document(source, research_dir, vocabulary, options)
    except ImportRefused as exc:
        click.echo(f"{source}: {exc}", err=True)
        sys.exit(1)
    shown = research_dir / result.folder.parent.name / result.folder.name / "index.md"
    click.echo(
        f"Rapport aangemaakt: {shown} "
        f"({result.figures} afbeelding(en), {result.sources} bron(nen))."
    )
    for message in result.warnings:
        click.echo(f"Let op: {message}")
    if result.missing:
        click.echo("Nog in te vullen in de front-matter: " + ", ".join(result.missing) + ".")
    corpus = load(research_dir, [result.folder])
    emit(corpus.diagnostics, "text")
    stderr.print(summary_line(corpus.diagnostics, corpus.files_read))


if __name__ == "__main__":  # pragma: no cover
    main()
