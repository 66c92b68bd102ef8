"""`wijs build` writes the pages in a process of its own (``python -m wijs.build_step``) and
builds the search index after that process has exited, so the memory of the two never adds up.
What the user sees stays the same: the same site, the same messages, a clear error when the
build process dies. Tests change what happens in that process with a MkDocs hook."""

from __future__ import annotations

import logging
import os

import pytest

from conftest import Repo
from test_build_safety import REPORT, fingerprint
from wijs.errors import WijsError

_TELLING = """
import logging, os
from pathlib import Path

def on_post_build(config):
    print("ruis op de standaarduitvoer")  # must not disturb what the process sends back
    logging.getLogger("mkdocs.plugins.wijs").warning("Let op: %s", "Selwerd")
    try:
        raise ValueError("kapot")
    except ValueError:
        logging.getLogger("mkdocs.plugins.wijs").exception("Mislukt")
    Path(config.config_file_path).with_name("pid").write_text(str(os.getpid()))
"""


def test_the_pages_are_written_in_another_process_whose_messages_are_shown_once(
    repo: Repo,
) -> None:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    repo.add_report()
    repo.add_hook(_TELLING)
    keep = Keep()
    handlers = [logging.getLogger(), logging.getLogger("mkdocs")]  # two handlers on the way
    for logger in handlers:
        logger.addHandler(keep)
    try:
        site = repo.build()
    finally:
        for logger in handlers:
            logger.removeHandler(keep)
    assert (site / REPORT / "index.html").is_file()
    assert int((repo.root / "pid").read_text()) != os.getpid()
    wijs = [(r.name, r.levelname, r.getMessage()) for r in records if r.name.endswith("wijs")]
    # once per handler (two), not once per handler per logger the record passed in the child
    said = [("mkdocs.plugins.wijs", "WARNING", "Let op: Selwerd")] * 2
    assert wijs == said + [("mkdocs.plugins.wijs", "ERROR", "Mislukt")] * 2
    failed = next(r for r in records if r.getMessage() == "Mislukt")
    assert "ValueError: kapot" in logging.Formatter().format(failed)


def test_a_killed_build_process_says_so_and_keeps_the_previous_site(repo: Repo) -> None:
    repo.add_report()
    site = repo.build()
    before = fingerprint(site)
    repo.add_report(slug="tweede-rapport")
    # as when the system stops a process that ran out of memory
    repo.add_hook("import os\n\ndef on_post_build(config):\n    os._exit(9)\n")
    with pytest.raises(WijsError, match=r"stopte onverwacht \(exitcode 9;"):
        repo.build()
    assert fingerprint(site) == before
    assert [p.name for p in repo.root.iterdir() if p.name.startswith(".site")] == []


def test_wijs_build_and_mkdocs_build_give_the_same_site(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`wijs build` (MkDocs in a process of its own, Pagefind after it) and `mkdocs build` (all
    in one process, as the plugin does it alone)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718000000")
    repo.add_report()
    repo.add_report(slug="tweede-rapport", neighbourhood="vinkhuizen", title="Tweede")
    separate = repo.build()
    single = repo.root.parent / "enkel"
    build(load_config(str(repo.root / "mkdocs.yml"), site_dir=str(single)))
    one, two = (
        {
            k: v
            for k, v in fingerprint(folder).items()
            if not k.startswith("pagefind/") and k != ".wijs-site"
        }
        for folder in (separate, single)
    )
    assert one == two
    for folder in (separate, single):
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
