"""How a build, a live preview or a command is made: one frozen value, made in one place by the
adapters (``wijs.plugin`` from its options in mkdocs.yml and what `wijs build`/`wijs serve`
ask; ``wijs.cli`` for the other commands) and passed down (``Site.settings``). The core never
reads the environment for these: the two variables users and CI set on purpose are read once,
by the adapter, through :meth:`BuildSettings.with_environment`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wijs.errors import WijsError

#: Set to 1 to never start worker processes (e.g. on a machine with one core to spare).
WORKERS_ENV = "WIJS_WORKERS"
#: Set (to anything but empty) to keep no check results or citation work on disk.
NO_DISK_CACHE_ENV = "WIJS_NO_DISK_CACHE"


@dataclass(frozen=True)
class BuildSettings:
    """Every choice a build or command leaves to its user."""

    #: the public address ending in '/', or '' (feeds, citations and metadata use it)
    site_url: str = ""
    #: show every report, each unpublished one with a "concept" banner
    preview: bool = False
    #: the date that decides embargoes; None: SOURCE_DATE_EPOCH's date, else today
    today: dt.date | None = None
    #: typeset a PDF and a DOCX of every report (the plugin's default is on; a Site made
    #: without settings, as by `wijs jaarverslag` or a test, typesets nothing)
    downloads: bool = False
    #: build the Pagefind index of the site's search page
    search_index: bool = True
    #: where the disk caches of this repository live (.cache/wijs next to mkdocs.yml)
    cache_dir: Path = Path(".cache") / "wijs"
    #: `wijs serve PATH`: the report folders (resolved) the live preview is about; None: all
    focus_folders: frozenset[Path] | None = None
    #: worker processes for reading many reports; None: one per core this process may use
    workers: int | None = None
    #: keep check results and citation work on disk between runs
    disk_cache: bool = True

    def with_environment(self, environ: Mapping[str, str]) -> BuildSettings:
        """These settings with WIJS_WORKERS and WIJS_NO_DISK_CACHE of ``environ`` (only the
        adapters pass the process's environment). Raises WijsError (``settings``) for a
        WIJS_WORKERS that is not a whole number of at least 1."""
        workers = self.workers
        wanted = environ.get(WORKERS_ENV, "").strip()
        if wanted:
            if not wanted.isdigit() or int(wanted) < 1:
                raise WijsError.one(
                    "settings",
                    f"{WORKERS_ENV}={wanted!r} is geen geldig aantal processen: gebruik een "
                    f"heel getal van 1 of meer (bijvoorbeeld {WORKERS_ENV}=1), of laat de "
                    "variabele weg voor één proces per processorkern.",
                    usage=True,
                )
            workers = int(wanted)
        disk_cache = self.disk_cache and not environ.get(NO_DISK_CACHE_ENV)
        return dataclasses.replace(self, workers=workers, disk_cache=disk_cache)


def parse_date(value: object) -> dt.date | None:
    """A date option (YAML date or 'YYYY-MM-DD'; empty: None). Raises ValueError with a
    Dutch message (the plugin's option check shows it)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(
        f"{value!r} is geen datum: schrijf die als JJJJ-MM-DD (bijvoorbeeld 2025-09-01) in "
        "mkdocs.yml, of laat de optie weg."
    )
