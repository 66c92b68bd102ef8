"""MkDocs plugin ``wijs``: MkDocs events → core calls. The only module importing mkdocs (with
the build wrapper the CLI uses)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from wijs.analytics import PROVIDERS, analytics_settings, counter_tag
from wijs.check_store import CheckStore
from wijs.citations.diskcache import use_disk_cache
from wijs.corpus import ReportCache, load_corpus
from wijs.errors import WijsError, describe
from wijs.front_matter import PageMeta, page_meta
from wijs.images import published_bytes
from wijs.outputs.writers import FRONT_MATTER_WRITERS, Finishing, OutputWriter, write_outputs
from wijs.pages.html_stash import PageParts
from wijs.pages.html_stash import restore as restore_html
from wijs.pages.plan import plan_site
from wijs.pages.site import Site
from wijs.preview import (
    ChangedFolders,
    DeferredOutputs,
    TemplateCache,
    ThemeListing,
    front_matter_signature,
    release_caches,
    release_memory,
)
from wijs.research import VOCABULARY_FILE, Corpus
from wijs.sanitize import escape_page_meta, sanitize_report_page
from wijs.search.related import warm_up_preview
from wijs.settings import BuildSettings, parse_date

log = logging.getLogger("mkdocs.plugins.wijs")

CSS_URI = "assets/wijs/wijs.css"


class AnalyticsConfig(Config):
    """Cookie-free visitor counting with a self-hosted counter; off unless provider is set."""

    #: goatcounter, plausible or matomo (without cookies); empty: no counting, no request.
    provider = c.Optional(c.Choice(PROVIDERS))
    #: The counter's own https address, e.g. https://stats.example.nl/
    url = c.Optional(c.Type(str))
    #: Matomo: the site id (default 1); Plausible: the registered domain (default: site_url's).
    site_id = c.Optional(c.Type(str))


class Switch(c.BaseConfigOption[bool]):
    """An option that is true or false, with a Dutch message for anything else."""

    def __init__(self, default: bool) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        raise ValidationError(
            f"{value!r} is geen geldige waarde: schrijf true (aan) of false (uit) in mkdocs.yml."
        )


class Day(c.BaseConfigOption[dt.date | None]):
    """An optional date (YYYY-MM-DD), with a Dutch message for anything else."""

    def run_validation(self, value: object) -> dt.date | None:
        try:
            return parse_date(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class WijsConfig(Config):
    """Settings of the ``wijs`` plugin in mkdocs.yml (made into BuildSettings by
    ``build_settings``)."""

    #: Folder with the reports and vocabulary.yml, relative to mkdocs.yml.
    research_dir = c.Type(str, default="research")
    #: Show every report, not only published ones, each unpublished one with a "concept" banner.
    preview = Switch(default=False)
    #: The date that decides embargoes (YYYY-MM-DD); empty means the date of SOURCE_DATE_EPOCH
    #: when that is set, else today. For reproducible builds.
    today = Day()
    #: Build the site search index (Pagefind). Switch off for quicker previews.
    search_index = Switch(default=True)
    #: Visitor counting (see docs/bezoekers.md): off by default.
    analytics = c.SubConfig(AnalyticsConfig)
    #: Typeset a PDF and a DOCX of every report (cached in .cache/wijs/ next to mkdocs.yml).
    downloads = Switch(default=True)


@dataclass(frozen=True)
class CommandLine:
    """What `wijs build` or `wijs serve` asks on top of mkdocs.yml; wijs.builder hands it over
    (``asked_by_command_line``). A plain `mkdocs build` or `mkdocs serve` asks nothing."""

    #: also show unpublished reports (as ``preview: true`` in mkdocs.yml does)
    preview: bool = False
    #: False: no PDF/DOCX downloads, whatever mkdocs.yml says
    downloads: bool = True
    #: `wijs serve PATH`: the report folders the live preview is about
    focus: tuple[Path, ...] = ()


_asked = CommandLine()


@contextlib.contextmanager
def asked_by_command_line(asked: CommandLine) -> Iterator[None]:
    """Inside, every build of this process takes ``asked`` into its settings."""
    global _asked
    previous, _asked = _asked, asked
    try:
        yield
    finally:
        _asked = previous


def build_settings(
    options: WijsConfig,
    config: MkDocsConfig,
    asked: CommandLine,
    environ: Mapping[str, str],
    *,
    serving: bool = False,
) -> BuildSettings:
    """The one place a build's settings are made: the plugin's options in mkdocs.yml, what the
    command line asked, and the environment variables users and CI set on purpose
    (WIJS_WORKERS, WIJS_NO_DISK_CACHE). Raises WijsError with a Dutch message."""
    base = Path(config.config_file_path or ".").resolve().parent
    focus = frozenset(folder.resolve() for folder in asked.focus) if serving else frozenset()
    settings = BuildSettings(
        site_url=_site_url(config.site_url),
        preview=options.preview or asked.preview,
        today=options.today,
        downloads=options.downloads and asked.downloads,
        search_index=options.search_index,
        cache_dir=base / ".cache" / "wijs",
        focus_folders=focus or None,
    )
    return settings.with_environment(environ)  # a WijsError: see reports_problems


def _focus_note(folders: frozenset[Path] | None, warming_up: bool, focus: object) -> str:
    if folders is not None and isinstance(focus, frozenset):
        return f" (voorbeeld van {len(focus)} rapport{'en' if len(focus) != 1 else ''})"
    if warming_up:
        return " (eerst de overzichtspagina's, dan de rest)"
    return ""


def navigation_pages(nav: Any, title: str = "") -> list[tuple[str, str]]:
    """(Markdown file, title) of every page in mkdocs.yml's ``nav``."""
    if isinstance(nav, str):
        return [(nav, title)] if nav.endswith(".md") and "://" not in nav else []
    if isinstance(nav, list):
        return [page for entry in nav for page in navigation_pages(entry, title)]
    if isinstance(nav, dict):
        return [page for key, value in nav.items() for page in navigation_pages(value, key)]
    return []


def rebuild_soon(server: Any) -> None:
    """Ask MkDocs' development server for another build as soon as it serves, as a saved file
    does. The one place that touches the server's internals (MkDocs 1.6 has no public call
    for it); tests/test_live_preview.py fails when they change."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def _site_url(url: str | None) -> str:
    return url.rstrip("/") + "/" if url else ""


def plugin_error(problem: WijsError) -> PluginError:
    """The PluginError MkDocs shows for a WijsError; it is the ``__cause__``, where
    wijs.builder finds the diagnostics again."""
    errors = [d for d in problem.diagnostics if d.is_error]
    return PluginError(
        f"De site is niet gebouwd: {len(errors)} fout(en).\n"
        + "\n".join(describe(d) for d in errors)
        + "\nDraai 'wijs check' voor alle details."
    )


Event = TypeVar("Event", bound=Callable[..., Any])


def reports_problems(event: Event) -> Event:
    """The one place where a WijsError from the core becomes a PluginError: every event
    handler that calls the core is wrapped in this."""

    @functools.wraps(event)
    def handler(*args: Any, **kwargs: Any) -> Any:
        try:
            return event(*args, **kwargs)
        except WijsError as exc:
            raise plugin_error(exc) from exc

    return cast(Event, handler)


class WijsPlugin(BasePlugin[WijsConfig]):
    """Adds every report, facet and overview page as in-memory files; writes nothing to docs/."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.cache = ReportCache()
        self.corpus: Corpus | None = None
        self.site: Site | None = None
        #: the exception that stopped the last build, for the CLI to explain
        self.build_error: Exception | None = None
        # live preview: pages of the previous build, to rebuild only what changed
        self.serving = False
        self.page_cache: dict[str, Any] = {}
        self.search_cache: dict[str, Any] = {}
        self.previous_pages: dict[str, str] = {}
        # generated pages' front-matter, read in on_files (wijs.front_matter.page_meta) and
        # reused while unchanged
        self.page_meta: dict[str, PageMeta] = {}
        self.deferred = DeferredOutputs(self._after_preview_build)
        #: live preview: front_matter_signature of the site whose front-matter files are written
        self.front_matter_written: str | None = None
        self.bytecode_cache = TemplateCache()
        self.built_once = False
        # report (and question) pages get their HTML sanitised; every generated page its meta
        # escaped
        self.report_pages: set[str] = set()
        self.generated_pages: set[str] = set()
        self.page_parts: dict[str, PageParts] = {}  # ready HTML of generated pages
        # live preview: what the watcher saw change, and the theme's file list
        self.changed: ChangedFolders | None = None
        self.theme_listing = ThemeListing()
        #: set by wijs.builder: leave the search index and the leak scan (``finish_site``) to
        #: the caller, which runs them after this build's process has exited (``finishing`` is
        #: what they need)
        self.finish_later = False
        self.finishing: Finishing | None = None
        #: how this build is made (``build_settings``), new in every build's on_config
        self.settings = BuildSettings()
        #: live preview: the first build made the top-level pages only; the rest follows
        self.warming_up = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.research_root = Path("research")
        self.analytics_tag = ""

    @reports_problems
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        self.research_root = (base / self.config.research_dir).resolve()
        self.settings = build_settings(
            self.config, config, _asked, os.environ, serving=self.serving
        )
        use_disk_cache(self.settings.disk_cache)
        if not self.serving or (not self.built_once and self.cache.store is None):
            # a build shares the stored report checks with `wijs check`: whichever runs first
            # checks, the other reads the results. MkDocs keeps this plugin object between
            # builds in one process: a new cache each build, for this research folder; the
            # live preview keeps the one of its first build (it rereads only what changed).
            store = CheckStore.for_research(self.research_root, self.settings.disk_cache)
            self.cache = ReportCache(store, workers=self.settings.workers)
        theme_dir = str(resources.files("wijs") / "theme")
        if theme_dir not in config.theme.dirs:
            # after the site's own overrides, before mkdocs-material
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, theme_dir)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        counting = self.config.analytics
        settings = analytics_settings(
            counting.provider, counting.url, counting.site_id, config.site_url or ""
        )
        self.analytics_tag = counter_tag(settings)
        if self.serving:
            self._keep_theme_listing(config)
        return config

    def _keep_theme_listing(self, config: MkDocsConfig) -> None:
        theme = config.theme
        make_env = theme.get_env
        if self.changed is not None and self.changed.take_outside():
            self.theme_listing.clear()  # docs/ or mkdocs.yml changed: overrides may have too

        def get_env() -> Any:
            env = make_env()
            self.theme_listing.install(env, tuple(theme.static_templates))
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # theme/main.html prints this in <head>; empty means no counter and no request
        env.globals["wijs_analytics"] = self.analytics_tag
        # live preview: the theme's templates are compiled once, not again on every rebuild
        env.bytecode_cache = self.bytecode_cache
        return env

    @reports_problems
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        rebuild = self.serving and self.built_once
        if rebuild:
            # the stored checks served the first build; a save rechecks its report in memory
            # without writing the whole store again (≈0.3 s at 1,000 reports)
            self.cache.store = None
        # a rebuild of the live preview reads and checks only the report folders that changed
        self.cache.only_changed(self.changed.take() if rebuild and self.changed else None)
        # a build stops on errors and shows no warnings: the collection checks that can only
        # warn are skipped (overlap between reports: seconds at 1,000; `wijs check` runs them)
        corpus = load_corpus(self.research_root, cache=self.cache, errors_only=True)
        if any(d.is_error for d in corpus.diagnostics):
            raise WijsError(corpus.diagnostics)
        self.corpus = corpus
        focus = self._focus(corpus)
        self.warming_up = focus is not None and self.settings.focus_folders is None
        plan = plan_site(
            corpus,
            self.settings,
            page_cache=self.page_cache if self.serving else None,
            search_cache=self.search_cache if self.serving else None,
            focus=focus,
            parts_later=not self.serving,  # on_page_content puts them in (restore_html)
        )
        self.site = plan.site
        if not self.serving:
            release_caches()  # a full build needs no more than the planned pages from here
        log.info(
            "wijs: %d rapporten, %d pagina's%s",
            len(corpus.reports),
            len(plan.pages),
            _focus_note(self.settings.focus_folders, self.warming_up, focus),
        )
        previous, self.previous_pages = self.previous_pages, {}
        known_meta, self.page_meta = self.page_meta, {}
        for page in plan.pages:
            meta, body = page_meta(page.markdown, known_meta.get(page.src_uri))
            if meta is not None:
                self.page_meta[page.src_uri] = meta
            file = File.generated(config, page.src_uri, content=body)
            if self.serving:
                self.previous_pages[page.src_uri] = page.markdown
                if previous.get(page.src_uri) == page.markdown:
                    # unchanged since the last build: a dirty rebuild skips it
                    file.is_modified = lambda: False  # type: ignore[method-assign]
            self._add(files, file)
        self.report_pages = {page.src_uri for page in plan.pages if page.sanitized}
        self.generated_pages = {page.src_uri for page in plan.pages}
        self.page_parts = {page.src_uri: page.parts for page in plan.pages if page.parts}
        for static in plan.files:
            # images with EXIF/XMP are published from cleaned bytes, never the original file
            cleaned = published_bytes(static.source)
            if cleaned is not None:
                self._add(files, File.generated(config, static.dest_uri, content=cleaned))
                continue
            self._add(
                files, File.generated(config, static.dest_uri, abs_src_path=str(static.source))
            )
        if focus is not None:
            self._stand_in_for_navigation(config, files)
        css = (resources.files("wijs") / "assets" / "wijs.css").read_text(encoding="utf-8")
        self._add(files, File.generated(config, CSS_URI, content=css))
        return files

    def _focus(self, corpus: Corpus) -> frozenset[str] | None:
        """Which reports get a page in this build (Site.focus): in `wijs serve PATH` the
        reports in those folders; in the first build of `wijs serve` none (its top-level pages
        are served at once, the rest follows in a second build); else every report."""
        if not self.serving:
            return None
        folders = self.settings.focus_folders
        if folders is not None:
            return frozenset(r.key for r in corpus.reports if r.folder.resolve() in folders)
        return None if self.built_once else frozenset()

    def _stand_in_for_navigation(self, config: MkDocsConfig, files: Files) -> None:
        """A preview of part of the site: a short page for each navigation entry it did not
        make (the jaarverslag, insights…), saying why, instead of a broken navigation."""
        if self.warming_up:
            text = (
                "Deze pagina wordt nog gemaakt. Zodra de hele site klaar is, ververst je "
                "browser vanzelf."
            )
        else:
            text = (
                "Deze pagina hoort niet bij het voorbeeld van je rapport. Start `wijs serve` "
                "zonder rapportmap om de hele site te bekijken."
            )
        for src_uri, title in navigation_pages(config.nav):
            if files.get_file_from_path(src_uri) is None:
                content = f"# {html.escape(title)}\n\n{text}\n"
                files.append(File.generated(config, src_uri, content=content))

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None and not existing.generated_by:
            raise PluginError(
                f"docs/{file.src_uri} botst met een pagina die de onderzoeksbank zelf maakt. "
                "Hernoem of verwijder het bestand in docs/."
            )
        files.append(file)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        known = self.page_meta.get(page.file.src_uri)
        if known is not None:
            page.meta = dict(known[1])  # read in on_files (wijs.front_matter.page_meta)
        if page.file.src_uri in self.generated_pages:
            # material prints page.meta title and description without escaping
            escape_page_meta(page.meta)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri in self.generated_pages:
            # the Markdown of a generated page is not needed once it is HTML: at 5,000 reports
            # this keeps a few hundred MB out of the build's peak memory
            page.markdown = None
            page.file.content_string = ""
            # ready HTML that skipped Markdown; a full build renders each page once
            uri = page.file.src_uri
            parts = self.page_parts.get(uri) if self.serving else self.page_parts.pop(uri, None)
            html = restore_html(html, parts or {})
        if page.file.src_uri in self.report_pages:
            return sanitize_report_page(html)
        return html

    def on_build_error(self, *, error: Exception) -> None:
        self.build_error = error

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.generated_pages:
            page.content = None  # written from ``output``; see on_page_content
        return output

    @reports_problems
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        if self.serving:
            # live preview: the pages are served now, the files next to them follow in the
            # background, also after the first build (the search records of 1,000 reports and
            # Pagefind: seconds before `wijs serve PATH` could serve its one page). Not after
            # the first build's overview pages: the whole site's build follows at once.
            if not self.warming_up:
                self.deferred.submit(self.site, Path(config.site_dir))
            self.built_once = True
            return
        # the pages are written; `wijs build` runs Pagefind after this process has exited, so
        # their memory and Pagefind's never add up (wijs.builder.write_pages)
        release_memory()
        site_dir = Path(config.site_dir)
        self.finishing = self._write_outputs(self.site, site_dir, finish=not self.finish_later)
        self.built_once = True

    def _after_preview_build(self, site: Site, site_dir: Path) -> None:
        """Live preview, in the background after a build: what makes the next save quick,
        then the files next to the pages (those showing only front-matter when a front-matter
        changed)."""
        # first what the next save needs (it competes with these writers for the interpreter)
        warm_up_preview(site)
        signature = front_matter_signature(site)
        skip = FRONT_MATTER_WRITERS if signature == self.front_matter_written else frozenset()
        self.front_matter_written = None  # until written: a failure below writes them again
        self._write_outputs(site, site_dir, skip=skip)
        self.front_matter_written = signature

    def _write_outputs(
        self,
        site: Site,
        site_dir: Path,
        *,
        finish: bool = True,
        skip: frozenset[OutputWriter] = frozenset(),
    ) -> Finishing:
        return write_outputs(site, site_dir, finish=finish, skip=skip)

    def on_shutdown(self) -> None:
        self.deferred.wait()

    def _watched_research(self) -> list[Path]:
        """What the live preview watches in research/: all of it, or with a focus (`wijs
        serve PATH`) only those report folders and the vocabulary (a watch on each of
        thousands of folders takes seconds to set up, for changes the preview does not show)."""
        folders = self.settings.focus_folders
        if folders is None:
            return [self.research_root]
        return [*sorted(folders), self.research_root / VOCABULARY_FILE]

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        research = [str(path) for path in self._watched_research() if path.exists()]
        for path in research:
            server.watch(path)
        if self.warming_up:
            log.info("wijs: de overzichtspagina's staan klaar; de rapporten volgen")
            rebuild_soon(server)
        from watchdog.events import FileSystemEvent, FileSystemEventHandler

        changed = self.changed = ChangedFolders(self.research_root)

        class Seen(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                for path in (event.src_path, getattr(event, "dest_path", "")):
                    if path:
                        changed.saw(os.fsdecode(path))

        # the same watches as the server's (so no second watcher); this handler only takes notes
        watched = [*research, config.docs_dir, config.config_file_path or ""]
        for path in filter(None, watched):
            server.observer.schedule(Seen(), os.path.abspath(path), recursive=os.path.isdir(path))
        return server
