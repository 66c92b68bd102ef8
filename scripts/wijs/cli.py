"""The ``wijs`` command line: a few lines per command, the work happens in the core.

Exit status: 0 fine, 1 problems in the content, 2 wrong usage. A WijsError from the core
becomes output and exit status in one place, ``WijsCommand.invoke``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console

from wijs.check_store import CheckStore
from wijs.citations.diskcache import use_disk_cache
from wijs.click_nl import DUTCH, DutchCommand, DutchGroup
from wijs.corpus import ReportCache, load_corpus
from wijs.diagnostics import FORMATTERS, Diagnostic, has_errors, summary_line
from wijs.errors import WijsError, describe
from wijs.research import Corpus
from wijs.settings import BuildSettings

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


def fail(problem: WijsError, output_format: str | None = None) -> NoReturn:
    """Show ``problem`` and exit: 2 with click's usage text for wrong usage, else 1, with the
    problems in files as ``wijs check`` prints them (in ``output_format``: text, github
    annotations or JSON, on standard output) and the others and the summary on standard error.
    """
    if problem.usage:
        raise click.UsageError(problem.text()) from problem
    located = [d for d in problem.diagnostics if d.path]
    if located:
        emit(located, output_format if output_format in FORMATTERS else "text")
    for line in [describe(d) for d in problem.diagnostics if not d.path] + [problem.summary]:
        if line:
            stderr.print(line, style="red", markup=False, highlight=False)
    sys.exit(1)


class _ReportsProblems(click.Command):
    """A WijsError from the core becomes the command's output and exit status here."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WijsError as problem:
            fail(problem, ctx.params.get("output_format"))


class WijsCommand(_ReportsProblems, DutchCommand):
    """A ``wijs`` command."""


class WijsGroup(_ReportsProblems, DutchGroup):
    """The ``wijs`` group: its own callback (the settings from the environment) too."""

    command_class = WijsCommand


def command_settings() -> BuildSettings:
    """The settings of this command, read once from the environment by ``main``."""
    context = click.get_current_context(silent=True)
    found = context.find_object(BuildSettings) if context is not None else None
    return found or BuildSettings()


def load(research_dir: Path, paths: Sequence[Path] = ()) -> Corpus:
    """The corpus (WijsError when the vocabulary is unusable); exit 2 when the folder is wrong."""
    if not research_dir.is_dir():
        raise click.UsageError(
            f"Map '{research_dir}' niet gevonden. Draai wijs in de map van de onderzoeksbank "
            "of geef --research op."
        )
    settings = command_settings()
    store = CheckStore.for_research(research_dir, settings.disk_cache)
    cache = ReportCache(store, workers=settings.workers)
    with stderr.status("Rapporten lezen…", spinner="dots"):
        return load_corpus(research_dir, paths, cache=cache)


def _quiet_abort(record: logging.LogRecord) -> bool:
    # the CLI explains a failed build itself; MkDocs' own closing line would only confuse
    return "Aborted with" not in record.getMessage()


@click.group(cls=WijsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="wijs", help=DUTCH["Show the version and exit."], message="%(prog)s %(version)s"
)
@click.pass_context
def main(context: click.Context) -> None:
    """WIJS Onderzoeksbank: controleer, bouw en doorzoek onderzoek van WIJS-studenten."""
    # the environment variables users and CI set on purpose, read once for every command
    # (`wijs build` and `wijs serve` read them again with mkdocs.yml, see wijs.plugin)
    settings = BuildSettings().with_environment(os.environ)  # WijsGroup reports a problem
    use_disk_cache(settings.disk_cache)
    context.obj = settings


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PAD]...")
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
    """Controleer alle rapporten (of alleen PAD) en meld elk probleem met regel en oplossing."""
    corpus = load(research_dir, paths)
    emit(corpus.diagnostics, output_format)
    if output_format == "text":
        stderr.print(summary_line(corpus.diagnostics, corpus.files_read, corpus.questions_read))
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
    from wijs.builder import build_site

    logging.getLogger("mkdocs").addFilter(_quiet_abort)
    with stderr.status("Site bouwen…", spinner="dots"):
        target = build_site(config_file, site_dir, preview=preview, downloads=not no_downloads)
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
@click.argument(
    "reports",
    nargs=-1,
    metavar="[RAPPORTMAP]...",
    type=click.Path(exists=True, path_type=Path),
)
def serve(
    config_file: Path,
    dev_addr: str | None,
    published_only: bool,
    open_browser: bool,
    reports: tuple[Path, ...],
    downloads: bool = False,
) -> None:
    """Bekijk de site terwijl je schrijft: elke wijziging staat binnen een paar seconden online.

    Met een RAPPORTMAP (bijvoorbeeld research/2024/eenzaamheid-ouderen-selwerd) alleen dat
    rapport, de pagina's waarop het staat en de zoekfunctie: binnen enkele seconden klaar,
    ook in een grote onderzoeksbank."""
    from wijs.builder import serve_site

    folders = []
    for path in reports:
        folder = path.parent if path.name == "index.md" else path
        if not (folder / "index.md").is_file():
            raise click.BadParameter(
                f"{path} is geen rapportmap: geef de map met de index.md van een rapport, "
                "bijvoorbeeld research/2024/eenzaamheid-ouderen-selwerd",
                param_hint="RAPPORTMAP",
            )
        folders.append(folder)
    serve_site(
        config_file,
        preview=not published_only,
        dev_addr=dev_addr,
        open_browser=open_browser,
        downloads=downloads,
        focus=folders or None,
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

    vocabulary = load_vocabulary(research_dir / "vocabulary.yml")
    text = json.dumps(report_schema(vocabulary), ensure_ascii=False, indent=2)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        stderr.print(f"Schema geschreven naar {output}")


def _vocabulary_option(flag: str, dest: str, kind: str, text: str):  # type: ignore[no-untyped-def]
    from wijs.new_prompts import VocabularyChoice

    return click.option(
        flag, dest, multiple=True, type=VocabularyChoice(kind), metavar="WAARDE", help=text
    )


@main.command()
@click.option("--title", default=None, help="Titel van het onderzoek.")
@click.option(
    "--author",
    "authors",
    multiple=True,
    metavar='"NAAM (OPLEIDING)"',
    help="Een auteur; herhaal de optie voor elke auteur.",
)
@_vocabulary_option(
    "--institution", "institution", "institution", "Instelling (id, naam of alias)."
)
@_vocabulary_option("--level", "level", "level", "Niveau: mbo, hbo of wo.")
@_vocabulary_option("--wijk", "neighbourhood", "neighbourhood", "Wijk; herhaal voor meer wijken.")
@_vocabulary_option("--thema", "theme", "theme", "Thema; herhaal voor meer thema's.")
@click.option(
    "--year", type=int, default=None, help="Jaar van het onderzoek (standaard: dit jaar)."
)
@click.option("--slug", default=None, help="Mapnaam (standaard: afgeleid van de titel).")
@research_option
@click.option("--no-input", is_flag=True, help="Stel geen vragen; ontbrekende opties geven exit 2.")
def new(
    title: str | None,
    authors: tuple[str, ...],
    institution: tuple[str, ...],
    level: tuple[str, ...],
    neighbourhood: tuple[str, ...],
    theme: tuple[str, ...],
    year: int | None,
    slug: str | None,
    research_dir: Path,
    no_input: bool,
) -> None:
    """Begin een nieuw rapport: een map met index.md (front-matter en hoofdstukken) en figures/."""
    from wijs.new_prompts import Answers, gather
    from wijs.new_report import create_report

    if not research_dir.is_dir():
        raise click.UsageError(f"Map '{research_dir}' niet gevonden; geef --research op.")
    answers = Answers(title, authors, institution, level, neighbourhood, theme, year, slug)
    index = create_report(research_dir, gather(answers, research_dir, no_input=no_input))
    click.echo(f"Nieuw rapport: {index.as_posix()}")
    stderr.print(
        "Vervang de tekst na TODO en vul de hoofdstukken in; controleer met "
        f"'wijs check {index.parent.as_posix()}' en bekijk het met 'wijs serve'."
    )


@main.command()
@click.option("--title", default=None, help="Korte titel van de vraag.")
@click.option("--question", default=None, help="De vraag zelf, in één of twee zinnen.")
@click.option(
    "--asked-by",
    default=None,
    help="Wie de vraag stelt: een organisatie of team (WIJ Selwerd), nooit een persoon.",
)
@_vocabulary_option("--wijk", "neighbourhood", "neighbourhood", "Wijk; herhaal voor meer wijken.")
@_vocabulary_option("--thema", "theme", "theme", "Thema; herhaal voor meer thema's.")
@_vocabulary_option("--level", "level", "level", "Geschikt niveau: mbo, hbo of wo; herhaalbaar.")
@click.option("--slug", default=None, help="Bestandsnaam (standaard: afgeleid van de titel).")
@research_option
@click.option("--no-input", is_flag=True, help="Stel geen vragen; ontbrekende opties geven exit 2.")
def vraag(
    title: str | None,
    question: str | None,
    asked_by: str | None,
    neighbourhood: tuple[str, ...],
    theme: tuple[str, ...],
    level: tuple[str, ...],
    slug: str | None,
    research_dir: Path,
    no_input: bool,
) -> None:
    """Stel een vraag voor de vraagbank: `research/vragen/<naam>.md` met front-matter."""
    from wijs.new_prompts import QuestionAnswers, gather_question
    from wijs.questions.new import create_question

    if not research_dir.is_dir():
        raise click.UsageError(f"Map '{research_dir}' niet gevonden; geef --research op.")
    answers = QuestionAnswers(title, question, asked_by, neighbourhood, theme, level, slug)
    path = create_question(research_dir, gather_question(answers, research_dir, no_input=no_input))
    click.echo(f"Nieuwe vraag: {path.as_posix()}")
    stderr.print(
        "Schrijf onder de front-matter de context van de vraag; controleer met "
        f"'wijs check {path.as_posix()}'. De vraag staat op de site zodra hij is toegevoegd."
    )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PAD]...")
@research_option
@click.option(
    "--changed-since",
    metavar="REF",
    default=None,
    help="Bespreek de rapporten die sinds REF zijn gewijzigd (git diff --name-only REF).",
)
@click.option(
    "--scope",
    "scope_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Bespreek de rapporten uit de uitvoer van 'wijs pull-request' en meld wat de pull "
    "request buiten één rapportmap wijzigt.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown voor een reactie op een pull request, json voor scripts.",
)
def review(
    paths: tuple[Path, ...],
    research_dir: Path,
    changed_since: str | None,
    scope_file: Path | None,
    output_format: str,
) -> None:
    """Een beoordelingsverslag voor de docent: gegevens, controles, privacy, bronnen, checklist."""
    from wijs.review import review_reports
    from wijs.review.changes import Scope, changed_reports
    from wijs.review.render import render_json, render_markdown
    from wijs.site_config import site_url_from_config

    if sum((bool(paths), bool(changed_since), scope_file is not None)) != 1:
        raise click.UsageError(
            "Geef rapporten (PAD…), --changed-since REF of --scope BESTAND: precies één ervan."
        )
    if not research_dir.is_dir():
        raise click.UsageError(f"Map '{research_dir}' niet gevonden; geef --research op.")
    scope: Scope | None = None
    if scope_file is not None:
        try:
            scope = Scope.from_json(scope_file.read_text(encoding="utf-8"), research_dir.name)
        except (ValueError, UnicodeDecodeError) as exc:
            raise click.UsageError(
                f"{scope_file} is geen uitvoer van 'wijs pull-request'."
            ) from exc
    if scope is not None:
        top = research_dir.resolve().parent
        folders = [top / folder for folder in scope.reports]
        wanted = [folder for folder in folders if folder.is_dir()]
    else:
        wanted = list(paths) or changed_reports(research_dir, str(changed_since))
    cache = ReportCache(workers=command_settings().workers)
    result = review_reports(research_dir, wanted, cache=cache, scope=scope)
    url = site_url_from_config(research_dir.resolve().parent / "mkdocs.yml")
    render = render_json if output_format == "json" else render_markdown
    click.echo(render(result, url))


@main.command("pull-request")
@click.argument(
    "checkout", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="MAP"
)
@click.option(
    "--base", "base", required=True, metavar="REF", help="De basiscommit van de pull request."
)
@research_option
def pull_request(checkout: Path, base: str, research_dir: Path) -> None:
    """Neem de rapportmappen van een pull request (uit MAP) over in deze checkout.

    Alleen mappen `research/<jaar>/<map>/` worden gekopieerd: code, woordenlijst en instellingen
    blijven die van deze checkout, zodat vertrouwde code de inzending beoordeelt. Schrijft als
    JSON welke rapportmappen de pull request wijzigt en wat erbuiten (voor een beheerder).
    """
    from wijs.review.changes import pull_request_scope, take_reports

    if not research_dir.is_dir():
        raise click.UsageError(f"Map '{research_dir}' niet gevonden; geef --research op.")
    scope = pull_request_scope(checkout, base, research_dir.name)
    take_reports(scope, checkout.resolve(), research_dir.resolve().parent)
    click.echo(json.dumps(scope.as_dict(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("year", type=int, required=False, metavar="[JAAR]")
@research_option
@click.option(
    "--schooljaar",
    default=None,
    help="Een schooljaar (1 september tot en met 31 augustus), bijvoorbeeld 2023-2024.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "pdf", "docx"]),
    default=None,
    help="md, pdf of docx; standaard volgt het uit de extensie van --output (anders md).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Schrijf naar dit bestand (grafieken komen ernaast). Zonder: Markdown op het scherm.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="De MkDocs-configuratie: site_url maakt de links in het verslag volledig.",
)
def jaarverslag(
    year: int | None,
    research_dir: Path,
    schooljaar: str | None,
    output_format: str | None,
    output: Path | None,
    config_file: Path,
) -> None:
    """Jaaroverzicht van het gepubliceerde onderzoek in JAAR (of --schooljaar), voor het
    jaarverslag van WIJS: kerncijfers, tabellen, grafieken, bevindingen en publicaties."""
    from wijs.jaarverslag import Site, annual_overview, choose_period
    from wijs.jaarverslag.document import (
        document_markdown,
        format_for,
        write_document,
    )
    from wijs.site_config import site_url_from_config

    try:
        period = choose_period(year, schooljaar)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    output_format = format_for(output, output_format)
    if output is None and output_format != "md":
        raise click.UsageError(f"Geef met --output aan waar het {output_format}-bestand komt.")
    corpus = load(research_dir)
    site = Site(corpus, BuildSettings(site_url=site_url_from_config(config_file)))
    overview = annual_overview(site, period)
    if output is None:
        click.echo(document_markdown(overview, site.site_url, None))
        return
    with stderr.status("Jaarverslag opmaken…", spinner="dots"):
        written = write_document(overview, output_format, output, site.site_url)
    stderr.print(f"Jaarverslag {period.title} geschreven naar {written}")


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), metavar="PAD")
@research_option
@click.option(
    "--target",
    type=click.Choice(["sharekit", "rug", "generic"]),
    default="generic",
    show_default=True,
    help="sharekit: HBO Kennisbank; rug: RUG-scriptierepository; generic: eigen veldnamen.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Map voor het pakket (standaard: deposit/<jaar>-<map>/).",
)
@click.option("--site-url", default="", help="Adres van de site, voor de link in de metadata.")
def deposit(
    path: Path, research_dir: Path, target: str, output: Path | None, site_url: str
) -> None:
    """Maak een depotpakket van één rapport: PDF, Dublin Core-XML en een CSV-regel."""
    from wijs.rights.deposit import write_deposit

    corpus = load(research_dir, [path])
    errors = [d for d in corpus.diagnostics if d.is_error]
    if errors or len(corpus.reports) != 1:
        emit(errors, "text")
        stderr.print(
            "[red]Niet gedeponeerd:[/] "
            + ("los eerst de fouten hierboven op." if errors else "geef de map van één rapport.")
        )
        sys.exit(1)
    report = corpus.reports[0]
    folder = output or Path("deposit") / f"{report.folder_year}-{report.slug}"
    with stderr.status("Depotpakket maken…", spinner="dots"):
        package = write_deposit(report, corpus.vocabulary, target, folder, site_url=site_url)
    for written in (package.pdf, package.dublin_core, package.csv):
        click.echo(str(written))
    stderr.print(f"Depotpakket voor {target} geschreven in {package.folder}")


@main.command("import")
@click.argument(
    "source", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BESTAND"
)
@research_option
@click.option("--year", type=int, default=None, help="Jaar van het rapport (standaard: dit jaar).")
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
    from wijs.convert.importer import ImportOptions, import_document
    from wijs.vocabulary import load_vocabulary

    if not research_dir.is_dir():
        raise click.UsageError(f"Map '{research_dir}' niet gevonden. Geef --research op.")
    vocabulary = load_vocabulary(research_dir / "vocabulary.yml")
    options = ImportOptions(
        year, slug, list(neighbourhoods), list(themes), list(institutions), list(levels), force
    )
    with stderr.status("Document omzetten…", spinner="dots"):
        result = import_document(source, research_dir, vocabulary, options)
    shown = research_dir / result.folder.parent.name / result.folder.name / "index.md"
    click.echo(
        f"Rapport aangemaakt: {shown} "
        f"({result.figures} afbeelding(en), {result.sources} bron(nen))."
    )
    for message in result.dating:
        click.echo(message)
    for message in result.warnings:
        click.echo(f"Let op: {message}")
    if result.missing:
        click.echo("Nog in te vullen in de front-matter: " + ", ".join(result.missing) + ".")
    corpus = load(research_dir, [result.folder])
    emit(corpus.diagnostics, "text")
    stderr.print(summary_line(corpus.diagnostics, corpus.files_read))


@main.command()
@click.argument("event", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@research_option
@click.option(
    "--output",
    "-o",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Map voor result.json, comment.md (de reactie op de issue) en pull-request.md.",
)
def indienen(event: Path, research_dir: Path, output_dir: Path) -> None:
    """Zet een ingevuld formulier 'Onderzoek indienen' of 'Vraag stellen' (een opgeslagen
    issue-event) om.

    Haalt het bijgevoegde Word- of OpenDocument-bestand van GitHub, zet het om zoals
    'wijs import' en controleert het; het rapport komt in research/ en een kopie in --output.
    Een vraag (label 'vraag') wordt `research/vragen/<naam>.md`, zoals 'wijs vraag' hem maakt.
    Exitstatus 1: geweigerd (de reden staat in comment.md).
    """
    from wijs.submission import render_comment, render_pull_request_body, submit

    if not research_dir.is_dir():
        raise click.UsageError(f"Map '{research_dir}' niet gevonden; geef --research op.")
    try:
        payload = json.loads(event.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.UsageError(f"{event} is geen JSON: {exc}") from exc
    result = submit(payload, research_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "result.json").write_text(
        json.dumps(result.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (output_dir / "comment.md").write_text(render_comment(result), encoding="utf-8")
    if result.folder or result.question:
        body = render_pull_request_body(result)
        (output_dir / "pull-request.md").write_text(body, encoding="utf-8")
    if result.folder:
        _copy_report(research_dir, result.folder, output_dir)
    if result.question:
        _copy_question(research_dir, result.question, output_dir)
    if result.refused is not None:
        # on one line: a line of the log that starts with :: would be a workflow command
        reason = " ".join(result.refused.message.split())
        stderr.print(f"Geweigerd: {reason}", markup=False, highlight=False)
        sys.exit(1)
    click.echo(result.folder or result.question)


def _copy_question(research_dir: Path, question: str, output_dir: Path) -> None:
    """A copy of a new question (research/vragen/<slug>.md) under ``output_dir``."""
    import shutil

    target = output_dir / question
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(research_dir.resolve().parent / question, target)


def _copy_report(research_dir: Path, folder: str, output_dir: Path) -> None:
    """A copy of a new report folder (research/<year>/<slug>) under ``output_dir``."""
    import shutil

    source = research_dir.resolve().parent / folder
    shutil.copytree(source, output_dir / folder, dirs_exist_ok=True)


@main.command()
@click.argument(
    "checkout", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="MAP"
)
@click.option(
    "--base", "base", required=True, metavar="REF", help="De basiscommit van de pull request."
)
@research_option
@click.option(
    "--output",
    "-o",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Map voor result.json, comment.md en een kopie van de omgezette rapporten.",
)
def omzetten(checkout: Path, base: str, research_dir: Path, output_dir: Path) -> None:
    """Zet de Word- en OpenDocument-bestanden om die een pull request (in MAP) uploadde.

    Elk toegevoegd .docx- of .odt-bestand onder research/ (niet in attachments/) wordt een
    rapport zoals 'wijs import' het maakt, met de code van deze checkout.
    """
    from wijs.submission.uploads import UPLOAD_ENDINGS, convert_uploads, render_uploads_comment

    if not research_dir.is_dir():
        raise click.UsageError(f"Map '{research_dir}' niet gevonden; geef --research op.")
    items = convert_uploads(checkout.resolve(), base, research_dir)
    folders = [item.folder for item in items if item.folder]
    top = research_dir.resolve().parent
    corpus = load(research_dir, [top / folder for folder in folders]) if folders else None
    diagnostics = list(corpus.diagnostics) if corpus else []
    output_dir.mkdir(parents=True, exist_ok=True)
    data = {"converted": [item.as_dict() for item in items], "messages": UPLOAD_ENDINGS}
    (output_dir / "result.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    if items:
        comment = render_uploads_comment(items, diagnostics)
        (output_dir / "comment.md").write_text(comment, encoding="utf-8")
    for folder in folders:
        _copy_report(research_dir, folder, output_dir)
        click.echo(folder)


@main.command()
@research_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Schrijf het formulier naar dit bestand (standaard: op het scherm).",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Schrijf niets; exitstatus 1 als --output niet meer klopt met de woordenlijst.",
)
@click.option(
    "--vraag",
    "question",
    is_flag=True,
    help="Het formulier 'Vraag stellen' (de vraagbank) in plaats van 'Onderzoek indienen'.",
)
def formulier(research_dir: Path, output: Path | None, check_only: bool, question: bool) -> None:
    """Het issueformulier 'Onderzoek indienen' (of met --vraag 'Vraag stellen'), met de keuzes
    uit vocabulary.yml."""
    from wijs.limits import load_limits
    from wijs.submission.form import (
        FORM_FILE,
        QUESTION_FORM_FILE,
        render_form,
        render_question_form,
    )
    from wijs.vocabulary import load_vocabulary

    vocabulary = load_vocabulary(research_dir / "vocabulary.yml")
    if question:
        text = render_question_form(vocabulary)
    else:
        text = render_form(vocabulary, load_limits(research_dir)[0])
    if check_only:
        target = output or Path(QUESTION_FORM_FILE if question else FORM_FILE)
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            flag = "--vraag " if question else ""
            stderr.print(
                f"{target} klopt niet meer met de woordenlijst: draai 'wijs formulier "
                f"{flag}--output {target}'.",
                markup=False,
                highlight=False,
            )
            sys.exit(1)
        return
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    stderr.print(f"Formulier geschreven naar {output}")


@main.command()
@click.argument("query", nargs=-1, metavar="[ZOEKWOORD]...")
@research_option
@click.option("--wijk", multiple=True, help="Alleen deze wijk (id, naam of alias; herhaalbaar).")
@click.option("--thema", multiple=True, help="Alleen dit thema (herhaalbaar).")
@click.option("--instelling", multiple=True, help="Alleen deze instelling (herhaalbaar).")
@click.option("--niveau", multiple=True, help="mbo, hbo of wo (herhaalbaar).")
@click.option("--type", "report_type", multiple=True, help="Soort rapport (herhaalbaar).")
@click.option("--jaar", default=None, help="Een jaar of een reeks: 2021, 2019..2024, 2020..")
@click.option(
    "--limit",
    type=click.IntRange(1, 500),
    default=10,
    show_default=True,
    help="Hoeveel rapporten je ziet (1 tot 500).",
)
@click.option(
    "--alles",
    "everything",
    is_flag=True,
    help="Ook wat (nog) niet gepubliceerd is: concept, ingediend, embargo, teruggetrokken; "
    "elk resultaat gemarkeerd, zonder tekst.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text voor mensen, json voor scripts.",
)
def search(
    query: tuple[str, ...],
    research_dir: Path,
    wijk: tuple[str, ...],
    thema: tuple[str, ...],
    instelling: tuple[str, ...],
    niveau: tuple[str, ...],
    report_type: tuple[str, ...],
    jaar: str | None,
    limit: int,
    everything: bool,
    output_format: str,
) -> None:
    """Doorzoek gepubliceerd onderzoek (Nederlandse woordstammen), met filters en tellingen."""
    from wijs.search.command import (
        format_json,
        format_text,
        normalise_filters,
        parse_years,
    )
    from wijs.search.index import refresh_index

    if not research_dir.is_dir():
        raise click.UsageError(f"Map '{research_dir}' niet gevonden. Geef --research op.")
    index, vocabulary = refresh_index(research_dir)
    raw = {"wijk": wijk, "thema": thema, "instelling": instelling, "niveau": niveau}
    raw["type"] = report_type
    filters = normalise_filters(vocabulary, raw)
    years = parse_years(jaar)
    results = index.search(" ".join(query), filters, years, limit=limit, everything=everything)
    if output_format == "json":
        click.echo(format_json(results, vocabulary))
    else:
        click.echo(format_text(results, vocabulary, color=sys.stdout.isatty()))


if __name__ == "__main__":  # pragma: no cover
    main()
