"""What keeps the live preview (`wijs serve`) within two seconds of a save on a large site.

- ``wijs.pages.reuse`` (used by the page families): an overview page is made again only when
  something it shows changed; report pages have the same in report_page.
- ``DeferredOutputs``: after every build, also the first, the files written next to the pages
  (open data, feeds, citation exports, the search records, the leak scan) are brought up to date
  in a background thread, so the page is served without waiting for them.
- ``front_matter_signature``: those of them that show only front-matter are written again only
  when a front-matter changed, not after a save of a report's text.
- ``ChangedFolders``: the watcher tells which report folders changed, so a rebuild reads and
  checks only those, not all 1,000 (see ReportCache.only_changed).
- ``ThemeListing``: the theme's 14,000 files are listed once, not on every rebuild.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import threading
from collections.abc import Callable, Collection
from pathlib import Path

import jinja2
import jinja2.bccache

from wijs import markdown_links
from wijs.citations.report import clear_cache
from wijs.pages.site import Site

log = logging.getLogger("mkdocs.plugins.wijs")


def front_matter_signature(site: Site) -> str:
    """What the files of ``FRONT_MATTER_WRITERS`` are made of: every report's front-matter
    and place, whether it is shown and published, the questions, the vocabulary and the
    settings; not the bodies (a save of a report's text leaves it the same)."""
    hasher = hashlib.sha256()
    for part in (site.preview, site.today, site.site_url, site.vocabulary.digest, site.focus):
        hasher.update(repr(part).encode("utf-8") + b"\x00")
    hasher.update(repr(site.settings).encode("utf-8") + b"\x00")
    shown = {r.key for r in site.reports}
    for report in site.corpus.reports:  # withdrawn ones too
        state = b"%d%d" % (site.is_published(report), report.key in shown)
        hasher.update(str(report.path).encode("utf-8") + state)
        hasher.update(report.meta.model_dump_json().encode("utf-8") + b"\x00")
    for question in site.corpus.questions:
        hasher.update(question.digest.encode("ascii"))
    return hasher.hexdigest()


def release_caches() -> None:
    """Let go of what parsing and checking cached in memory (citations, links): a full build
    calls this once every page is planned, so those caches are not part of its peak memory."""
    clear_cache()
    markdown_links._links.cache_clear()


def release_memory() -> None:
    """Collect the garbage of the rendered pages, so the writers that follow reuse its memory."""
    gc.collect()


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates in memory, kept across the rebuilds of a live preview."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class DeferredOutputs:
    """Runs ``write(site, site_dir)`` in a background thread; the newest request wins.

    A request made while a run is busy is queued (replacing an older queued one) and runs next.
    Problems are logged: in a preview they must not stop the server.
    """

    def __init__(self, write: Callable[[Site, Path], object]) -> None:
        self._write = write
        self._lock = threading.Lock()
        self._queued: tuple[Site, Path] | None = None
        self._thread: threading.Thread | None = None
        self.runs = 0

    def submit(self, site: Site, site_dir: Path) -> None:
        with self._lock:
            self._queued = (site, site_dir)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="wijs-outputs", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._queued = self._queued, None
                if job is None:
                    self._thread = None
                    return
            try:
                self._write(*job)
            except Exception as exc:  # logged, not raised: the preview keeps running
                log.warning("wijs: bestanden naast de pagina's niet bijgewerkt: %s", exc)
            self.runs += 1

    def wait(self, timeout: float | None = None) -> None:
        """Until the queue is empty (tests, shutdown)."""
        while True:
            with self._lock:
                thread = self._thread
            if thread is None:
                return
            thread.join(timeout)
            if timeout is not None:
                return


class ChangedFolders:
    """The report folders touched since the last rebuild, told by the live preview's watcher.

    ``take()`` hands them over and starts afresh; None means "look at everything": before the
    watcher runs, or after a change outside a report folder (the vocabulary, a new year).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        # the watcher starts right after the first build: nothing changed since
        self._folders: set[Path] | None = set()
        #: set when a file outside the research folder changed (docs/, the theme overrides)
        self.outside = False

    def saw(self, path: str) -> None:
        folder = self._report_folder(Path(path))
        with self._lock:
            if folder is None:
                if not Path(path).is_relative_to(self.root):
                    self.outside = True
                self._folders = None
            elif self._folders is not None:
                self._folders.add(folder)

    def _report_folder(self, path: Path) -> Path | None:
        try:
            parts = path.relative_to(self.root).parts
        except ValueError:
            return None
        # a report folder itself changes too when a file in it is saved (inotify reports the
        # folder as modified): that is still only this report
        return self.root / parts[0] / parts[1] if len(parts) >= 2 else None

    def take(self) -> set[Path] | None:
        """What changed since the previous call; from now on, changes are counted afresh."""
        with self._lock:
            folders, self._folders = self._folders, set()
            return folders

    def take_outside(self) -> bool:
        with self._lock:
            outside, self.outside = self.outside, False
            return outside


class ThemeListing:
    """The theme's file list, kept across the rebuilds of a live preview.

    MkDocs lists and filters every file of the theme (mkdocs-material ships some 14,000 icons)
    on every build to find its static files: a second per rebuild on a busy machine. The list is
    made again after a change outside the research folder (theme overrides live in docs/).
    """

    def __init__(self) -> None:
        self._lists: dict[tuple[object, ...], list[str]] = {}

    def clear(self) -> None:
        self._lists.clear()

    def install(self, env: jinja2.Environment, settings: tuple[str, ...]) -> None:
        """Make ``env.list_templates`` answer from this cache; ``settings`` are the theme
        settings the caller's filter reads (MkDocs: the theme's static_templates)."""
        listing = env.list_templates
        searchpath = tuple(getattr(env.loader, "searchpath", ()) or ())

        def list_templates(
            extensions: Collection[str] | None = None,
            filter_func: Callable[[str], bool] | None = None,
        ) -> list[str]:
            code = getattr(filter_func, "__code__", filter_func)
            key = (searchpath, tuple(extensions or ()), code, settings)
            if key not in self._lists:
                self._lists[key] = listing(extensions, filter_func)
            return list(self._lists[key])

        env.list_templates = list_templates  # type: ignore[method-assign]
