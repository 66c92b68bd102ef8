"""`wijs build` writes the pages in a process of its own and builds the search index after that
process has exited, so the memory of the two never adds up. What the user sees stays the same:
the same site, the same messages, a clear error when the build process dies.

A process only forks while it runs no other thread (pytest's workers do): these scenarios run
in a process of their own, as `wijs build` does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Repo
from test_build_safety import REPORT, fingerprint
from wijs import builder

_SEPARATE = """
import io, json, logging, os, threading
from rich.console import Console
from wijs.builder import run_separately
from wijs.parallel import pausable_thread

records = []

class Keep(logging.Handler):
    def emit(self, record):
        records.append([record.name, record.levelname, record.getMessage()])

logging.getLogger().addHandler(Keep())
logging.getLogger("mkdocs").addHandler(Keep())  # a second handler on the way: still once

def work():
    logging.getLogger("mkdocs.plugins.wijs").warning("Let op: %s", "Selwerd")
    return os.getpid()

status = Console(file=io.StringIO(), force_terminal=True).status("Site bouwen…")
with status, pausable_thread(status.stop, status.start):
    spinner = threading.active_count() > 1
    child = run_separately(work)

waiting = threading.Event()
other = threading.Thread(target=waiting.wait)
other.start()
with_other_thread = run_separately(os.getpid)
waiting.set()
other.join()
print(json.dumps({
    "spinner": spinner,
    "child": child != os.getpid(),
    "records": records,
    "with_other_thread_here": with_other_thread == os.getpid(),
}))
"""

_KILLED = """
import os, sys
from pathlib import Path
from wijs.outputs import writers as outputs
from wijs.builder import build_site
from wijs.errors import WijsError

def killed(site, site_dir):
    os._exit(9)  # as when the system stops a process that ran out of memory

outputs.OUTPUT_WRITERS.append(killed)
root = Path(sys.argv[1])
try:
    build_site(root / "mkdocs.yml", root / "site")
except WijsError as exc:
    print(exc)
"""


def run_alone(script: str, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "scenario.py"
    path.write_text(script, encoding="utf-8")
    package = str(Path(builder.__file__).parents[1])
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([package, str(tmp_path)])}
    run = subprocess.run(
        [sys.executable, str(path), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_the_pages_are_written_in_another_process_whose_messages_are_shown_once(
    tmp_path: Path,
) -> None:
    seen = json.loads(run_alone(_SEPARATE, tmp_path))
    assert seen["spinner"]  # the progress spinner runs a thread, paused while the child starts
    assert seen["child"]
    wijs_records = [r for r in seen["records"] if r[0] == "mkdocs.plugins.wijs"]
    # once per handler (two), not once per handler per logger the record passed in the child
    assert wijs_records == [["mkdocs.plugins.wijs", "WARNING", "Let op: Selwerd"]] * 2
    # with a thread running that cannot pause, forking is not safe: the work is done here
    assert seen["with_other_thread_here"]


def test_a_killed_build_process_says_so_and_keeps_the_previous_site(
    repo: Repo, tmp_path: Path
) -> None:
    repo.add_report()
    site = repo.build()
    before = fingerprint(site)
    repo.add_report(slug="tweede-rapport")
    said = run_alone(_KILLED, tmp_path, str(repo.root))
    assert "stopte onverwacht" in said and "exitcode 9" in said
    assert fingerprint(site) == before
    assert [p.name for p in repo.root.iterdir() if p.name.startswith(".site")] == []


def test_wijs_build_in_its_own_process_and_a_build_in_one_process_give_the_same_site(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718000000")
    repo.add_report()
    repo.add_report(slug="tweede-rapport", neighbourhood="vinkhuizen", title="Tweede")
    forked = repo.root.parent / "gevorkt"
    package = str(Path(builder.__file__).parents[1])
    run = subprocess.run(
        [sys.executable, "-m", "wijs.cli", "build", "--site-dir", str(forked)],
        cwd=repo.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": package},
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    monkeypatch.setattr(builder, "separate_process", lambda: False)  # as on macOS and Windows
    single = builder.build_site(repo.root / "mkdocs.yml", repo.root.parent / "enkel")
    one, two = (
        {k: v for k, v in fingerprint(folder).items() if not k.startswith("pagefind/")}
        for folder in (forked, single)
    )
    assert one == two
    for folder in (forked, single):
        assert (folder / "pagefind" / "pagefind.js").is_file()
        assert (folder / REPORT / "index.html").is_file()


def test_wijs_build_passes_on_the_warnings_of_the_build_once(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from click.testing import CliRunner

    from wijs.cli import main

    repo.add_report()
    (repo.root / "docs" / "verwijzing.md").write_text("[kapot](bestaat-niet.md)\n")
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    warned = [r for r in caplog.records if "bestaat-niet.md" in r.getMessage()]
    assert [(r.name, r.levelname) for r in warned] == [("mkdocs.structure.pages", "WARNING")]
