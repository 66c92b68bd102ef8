"""Build or serve the site with MkDocs: the right options, an atomic swap, clear errors.

Used by the CLI. The site is built into a temporary folder next to the target and swapped in
only when the build succeeded, so a failed build leaves the previous site intact. The target
must be a previous site or a new or empty folder, never the sources; one build at a time per
repository (a lock under ``.cache/``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from wijs.diagnostics import Diagnostic
from wijs.errors import WijsError
from wijs.outputs.writers import Finishing, finish_site

#: written into every built site: a folder holding it may be replaced by the next build
SITE_MARKER = ".wijs-site"
SITE_MARKER_TEXT = "Gebouwd door 'wijs build'. Deze map wordt bij de volgende build vervangen.\n"
#: the build lock of a repository, next to its other caches
LOCK_FILE = Path(".cache") / "wijs" / "build.lock"
#: how long a build waits for another build of the same repository before it gives up
LOCK_WAIT_SECONDS = 600.0

#: the module that runs ``build_step``: MkDocs' part of `wijs build`, in a process of its own
BUILD_STEP = "wijs.build_step"


def build_failed(message: str) -> WijsError:
    """The build stopped for another reason than the content (code ``build-failed``)."""
    return WijsError.one("build-failed", message)


def build_site(
    config_file: str | Path = "mkdocs.yml",
    site_dir: str | Path | None = None,
    *,
    preview: bool = False,
    strict: bool = False,
    downloads: bool = True,
    lock_wait: float = LOCK_WAIT_SECONDS,
) -> Path:
    """Build into ``site_dir`` (default: mkdocs.yml's site_dir) atomically; return that path.
    Raises WijsError, a usage error before anything is built when that folder must not be
    replaced.

    MkDocs writes the pages in a process of its own (``write_pages``); the search index and the
    leak scan run here once that process has exited, so MkDocs' memory and Pagefind's never add
    up."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from wijs.plugin import CommandLine, asked_by_command_line

    config_file = Path(config_file)
    if not config_file.is_file():
        raise build_failed(
            f"{config_file} bestaat niet. Draai wijs in de map van de onderzoeksbank."
        )
    with asked_by_command_line(CommandLine(preview=preview, downloads=downloads)):
        try:
            config = load_config(str(config_file), strict=strict)
        except (ConfigurationError, Abort) as exc:
            raise build_failed(f"{config_file}: {exc}") from exc
        plugin = config.plugins.get("wijs")
        target = Path(site_dir).resolve() if site_dir else Path(config.site_dir).resolve()
        root = config_file.resolve().parent
        sources = [Path(config.docs_dir).resolve()]
        if plugin is not None:
            sources.append((root / plugin.config.research_dir).resolve())
        refuse_site_dir(target, root, sources, shown=Path(site_dir) if site_dir else None)
        with build_lock(root, lock_wait):
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(target)
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-bouw-", dir=target.parent))
            try:
                finishing = write_pages(
                    config_file, staging, preview=preview, strict=strict, downloads=downloads
                )
                if finishing is not None:
                    try:
                        finish_site(finishing, staging)
                    except WijsError as exc:  # the leak scan
                        raise _content_failed(exc.diagnostics) from exc
                (staging / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")
            except OSError as exc:
                shutil.rmtree(staging, ignore_errors=True)
                raise build_failed(f"De site is niet gebouwd: {exc}") from exc
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            _swap_in(staging, target)
    return target


def refuse_site_dir(
    target: Path, root: Path, sources: list[Path], shown: Path | None = None
) -> None:
    """Raise WijsError (``site-dir-refused``, a usage error) when building into ``target``
    (resolved) could destroy anything: the repository at ``root``, its sources (docs/,
    research/), a folder around them or inside the sources, a file, or a non-empty folder that
    is not a previous site."""
    name = str(shown or target)
    for source in [root, *sources]:
        if target == source or target in source.parents:
            what = "de onderzoeksbank" if source == root else f"de bronmap {source.name}/"
            raise _site_dir_refused(
                f"'{name}' is {what} (of een map daarboven); een build zou alles daarin vervangen."
            )
    for source in sources:
        if source in target.parents:
            raise _site_dir_refused(
                f"'{name}' ligt in {source.name}/; daar komen nooit gebouwde bestanden."
            )
    if target.exists() and not target.is_dir():
        raise _site_dir_refused(f"'{name}' is een bestand, geen map.")
    if target.is_dir() and not is_previous_site(target):
        raise _site_dir_refused(
            f"'{name}' is geen lege map en er staat geen eerder gebouwde site in; "
            "een build zou de inhoud weggooien."
        )


def _site_dir_refused(reason: str) -> WijsError:
    return WijsError.one(
        "site-dir-refused",
        f"Niet gebouwd: {reason}",
        "Kies een nieuwe of lege map, bijvoorbeeld --site-dir site.",
        usage=True,
    )


def is_previous_site(folder: Path) -> bool:
    """Whether ``folder`` may be replaced by a build: empty, built by wijs (the marker), or a
    site MkDocs built before the marker existed (index.html and sitemap.xml at the top)."""
    try:
        names = {entry.name for entry in folder.iterdir()}
    except OSError:
        return False
    if not names or SITE_MARKER in names:
        return True
    return {"index.html", "sitemap.xml"} <= names


def remove_leftovers(target: Path) -> None:
    """The temporary folders of builds that were killed before they could clean up (only
    called while holding the build lock, so no running build's folder is among them)."""
    for pattern in (f".{target.name}-bouw-*", f".{target.name}-oud-*"):
        for leftover in target.parent.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def build_lock(root: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the build lock of the repository at ``root``: a second build waits until the
    first is done (at most ``wait`` seconds) and then fails with a clear message. The
    system releases the lock when a build is killed. Without fcntl (Windows): no lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = root / LOCK_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
    except OSError as exc:
        raise build_failed(f"De site is niet gebouwd: kan {path} niet openen ({exc}).") from exc
    with handle:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise build_failed(
                        "De site is niet gebouwd: er loopt al een andere build van deze "
                        f"onderzoeksbank ({path} is bezet). Wacht tot die klaar is en probeer "
                        "het opnieuw."
                    ) from None
                if not told:
                    logging.getLogger("mkdocs.plugins.wijs").warning(
                        "wijs: er loopt al een andere build van deze onderzoeksbank; "
                        "deze build wacht tot die klaar is."
                    )
                    told = True
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_pages(
    config_file: Path,
    site_dir: Path,
    *,
    preview: bool = False,
    strict: bool = False,
    downloads: bool = True,
) -> Finishing | None:
    """MkDocs' build of ``config_file`` into ``site_dir`` in a process of its own (``python -m
    wijs.build_step``, the same on every system); returns what ``finish_site`` needs (None
    without the wijs plugin). Raises WijsError.

    The process sends JSON lines on its standard output: its log records, handled here by this
    process's handlers as if they were logged here, and at the end its result or its failure
    (a WijsError's diagnostics and summary, or the traceback of anything else)."""
    package = str(Path(__file__).resolve().parents[1])  # this wijs, also when not installed
    python_path = os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-m", BUILD_STEP, str(config_file), str(site_dir)]
    command += [json.dumps(_log_levels())]
    command += (
        ["--preview"] * preview + ["--strict"] * strict + ["--no-downloads"] * (not downloads)
    )
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": python_path},
    )
    outcome: list[Any] | None = None
    try:
        assert child.stdout is not None
        for line in child.stdout:
            try:
                kind, payload = json.loads(line)
            except ValueError:  # written before the build process took its output over
                sys.stderr.write(line)
                continue
            if kind == "log":
                record = logging.makeLogRecord(payload)
                logging.getLogger(record.name).handle(record)
            else:
                outcome = [kind, payload]
    finally:
        if child.poll() is None and sys.exc_info()[0] is not None:
            child.terminate()
        child.wait()
    if outcome is None:
        raise build_failed(
            f"De site is niet gebouwd: het bouwproces stopte onverwacht "
            f"(exitcode {child.returncode}; te weinig geheugen?)."
        )
    kind, payload = outcome
    if kind == "done":
        return None if payload is None else Finishing.from_dict(payload)
    if kind == "failed":
        diagnostics, summary, usage = payload
        raise WijsError([Diagnostic.from_dict(d) for d in diagnostics], summary, usage=usage)
    raise build_failed(f"De site is niet gebouwd:\n{payload}")


def _log_levels() -> dict[str, int]:
    """The levels set on this process's loggers ("" the root), for the build process."""
    levels = {"": logging.getLogger().level}
    for name, logger in logging.root.manager.loggerDict.items():
        if isinstance(logger, logging.Logger) and logger.level != logging.NOTSET:
            levels[name] = logger.level
    return levels


def build_step(arguments: list[str]) -> None:
    """The build process of ``write_pages`` (``python -m wijs.build_step CONFIG SITE_DIR
    LEVELS [--preview] [--strict] [--no-downloads]``): MkDocs' build, the outcome sent as a
    JSON line on the standard output. Anything else written there (by a library, a program it
    runs) goes to the standard error instead."""
    config_file, site_dir, levels = arguments[:3]
    sending = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)

    def send(kind: str, payload: Any) -> None:
        sending.write(json.dumps([kind, payload]) + "\n")
        sending.flush()

    for name, level in json.loads(levels).items():
        logging.getLogger(name or None).setLevel(level)
    forward = _Forward(send)
    logging.getLogger().handlers = [forward]
    try:
        finishing = _write_pages_here(
            Path(config_file),
            site_dir,
            forward,
            preview="--preview" in arguments,
            strict="--strict" in arguments,
            downloads="--no-downloads" not in arguments,
        )
    except WijsError as exc:
        send("failed", [[d.as_dict() for d in exc.diagnostics], exc.summary, exc.usage])
    except BaseException:
        send("crashed", traceback.format_exc())
    else:
        send("done", None if finishing is None else finishing.as_dict())
    finally:
        sending.close()


def _write_pages_here(
    config_file: Path,
    site_dir: str,
    forward: logging.Handler,
    *,
    preview: bool,
    strict: bool,
    downloads: bool,
) -> Finishing | None:
    """MkDocs' build of ``config_file`` into ``site_dir`` in this process. Raises WijsError."""
    from wijs.plugin import CommandLine, asked_by_command_line

    with asked_by_command_line(CommandLine(preview=preview, downloads=downloads)):
        return _build_here(config_file, site_dir, forward, strict=strict)


def _build_here(
    config_file: Path, site_dir: str, forward: logging.Handler, *, strict: bool
) -> Finishing | None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    try:
        config = load_config(str(config_file), strict=strict, site_dir=site_dir)
    except (ConfigurationError, Abort) as exc:
        raise build_failed(f"{config_file}: {exc}") from exc
    plugin = config.plugins.get("wijs")
    if plugin is not None:
        plugin.finish_later = True
    # loggers that handle their own records (set up while importing) send them as well
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger) and logger.handlers:
            logger.handlers = [forward]
    quiet = _DropMessagesFrom(plugin)
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    try:
        build(config)
    except (PluginError, Abort, ConfigurationError, OSError) as exc:
        cause = getattr(plugin, "build_error", None) or exc
        if isinstance(cause.__cause__, WijsError):  # the plugin's PluginError for it
            raise _content_failed(cause.__cause__.diagnostics) from exc
        raise build_failed(f"De site is niet gebouwd: {cause}") from exc
    return cast("Finishing | None", getattr(plugin, "finishing", None))


def _content_failed(diagnostics: list[Diagnostic]) -> WijsError:
    """The WijsError for a build stopped by problems in the content (or mkdocs.yml)."""
    errors = sum(d.is_error for d in diagnostics)
    return WijsError(diagnostics, f"De site is niet gebouwd: {errors} fout(en) om op te lossen.")


class _Forward(logging.Handler):
    """Sends each record once to the parent process, as JSON: its message formatted, its
    exception as text."""

    def __init__(self, send: Callable[[str, Any], None]) -> None:
        super().__init__()
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "wijs_forwarded", False):
            return  # already sent by the handler of a logger nearer to where it was logged
        record.wijs_forwarded = True
        try:
            fields = {
                key: value
                for key, value in vars(record).items()
                if isinstance(value, str | int | float | bool | None)
            }
            exc_text = record.exc_text
            if record.exc_info and not exc_text:
                exc_text = logging.Formatter().formatException(record.exc_info)
            fields.update(msg=record.getMessage(), args=None, exc_text=exc_text)
            self.send("log", fields)
        except Exception:
            self.handleError(record)


class _DropMessagesFrom(logging.Filter):
    """MkDocs logs the error that stopped the build; the WijsError carries it already."""

    def __init__(self, plugin: Any) -> None:
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        error = getattr(self.plugin, "build_error", None)
        return error is None or record.getMessage() != str(error)


def _swap_in(staging: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-oud-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    staging_mode = 0o755
    target.chmod(staging_mode)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _not_about_dirty_builds(record: logging.LogRecord) -> bool:
    # MkDocs warns that dirty builds may leave navigation stale; ours does not change per report
    return "'dirty' build" not in record.getMessage()


def _changes() -> list[Any]:
    from watchdog import events

    # not opening or reading a file: every build reads research/ and would start the next
    return [
        events.FileCreatedEvent,
        events.FileModifiedEvent,
        events.FileMovedEvent,
        events.FileDeletedEvent,
        events.FileClosedEvent,
        events.DirCreatedEvent,
        events.DirMovedEvent,
        events.DirDeletedEvent,
        events.DirModifiedEvent,
    ]


class _Watcher:
    """The file watcher of the live preview: the system's own change events (inotify, FSEvents,
    ReadDirectoryChanges) instead of MkDocs' polling, which looks at every file under research/
    twice a second (thousands at 1,000 reports) and notices a save only at its next look.
    Falls back to polling where the system's events cannot be used (e.g. too few inotify
    watches for the folders)."""

    def __init__(self, polling_interval: float = 0.5) -> None:
        from watchdog.observers import Observer

        self._changes = _changes()
        self._observer: Any = Observer()
        self._polling_interval = polling_interval
        self._scheduled: list[tuple[Any, str, bool]] = []
        self._starting: threading.Thread | None = None

    def schedule(self, handler: Any, path: str, *, recursive: bool = False) -> Any:
        self._scheduled.append((handler, path, recursive))
        return self._observer.schedule(
            handler, path, recursive=recursive, event_filter=self._changes
        )

    def unschedule(self, watch: Any) -> None:
        self._observer.unschedule(watch)

    def start(self) -> None:
        """Start watching in the background: a watch on every folder under research/ takes
        seconds at 1,000 reports, and the server serves the first page meanwhile."""
        self._starting = threading.Thread(target=self._start, name="wijs-watcher", daemon=True)
        self._starting.start()

    def _start(self) -> None:
        try:
            self._observer.start()
        except OSError as exc:
            from watchdog.observers.polling import PollingObserver

            logging.getLogger("mkdocs").info("Wijzigingen worden gepeild (%s)", exc)
            self._observer = PollingObserver(timeout=self._polling_interval)
            for handler, path, recursive in self._scheduled:
                self._observer.schedule(
                    handler, path, recursive=recursive, event_filter=self._changes
                )
            self._observer.start()

    def stop(self) -> None:
        if self._starting is not None:
            self._starting.join()
        self._observer.stop()

    def join(self, timeout: float | None = None) -> None:
        if self._observer.is_alive():
            self._observer.join(timeout)


@contextlib.contextmanager
def _native_watcher() -> Iterator[None]:
    """MkDocs' development server with ``_Watcher`` (MkDocs 1.6 builds its server with a
    polling watcher and has no option to choose another)."""
    import mkdocs.commands.serve as mkdocs_serve
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.observer = _Watcher()  # type: ignore[assignment]

    original = mkdocs_serve.LiveReloadServer
    mkdocs_serve.LiveReloadServer = Server  # type: ignore[misc]
    try:
        yield
    finally:
        mkdocs_serve.LiveReloadServer = original  # type: ignore[misc]


def serve_site(
    config_file: str | Path = "mkdocs.yml",
    *,
    preview: bool = True,
    dev_addr: str | None = None,
    open_browser: bool = False,
    downloads: bool = False,
    focus: list[Path] | None = None,
) -> None:
    """Run the MkDocs development server with live reload of research/ (no downloads unless
    asked: typesetting would slow down every reload); with ``focus``, only those report
    folders and the pages they appear on."""
    from mkdocs.commands.serve import serve

    from wijs.plugin import CommandLine, asked_by_command_line

    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.setLevel(logging.INFO)
    if not mkdocs_log.handlers:
        # show "Serving on http://…" and each rebuild, as `mkdocs serve` itself does
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.addFilter(_not_about_dirty_builds)
        mkdocs_log.addHandler(handler)
    kwargs: dict[str, Any] = {"dev_addr": dev_addr} if dev_addr else {}
    asked = CommandLine(preview=preview, downloads=downloads, focus=tuple(focus or ()))
    with asked_by_command_line(asked), _native_watcher():
        # a dirty build rewrites only the pages the plugin marks as changed
        serve(
            config_file=str(config_file),
            livereload=True,
            build_type="dirty",
            open_in_browser=open_browser,
            **kwargs,
        )
