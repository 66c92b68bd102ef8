"""`wijs build` writes the pages in a process of its own and builds the search index after that
process has exited, so the memory of the two never adds up. What the user sees stays the same:
the same site, the same messages, a clear error when the build process dies."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Repo
from test_build_safety import REPORT, fingerprint
from wijs import builder
from wijs.builder import BuildFailed, in_own_process
from wijs.cli import main


def test_the_pages_are_written_by_another_process_than_the_one_that_finishes() -> None:
    assert in_own_process(os.getpid) != os.getpid()


def test_what_the_build_process_logs_is_shown_once_by_the_one_that_started_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def work() -> str:
        logging.getLogger("mkdocs.plugins.wijs").warning("Let op: %s", "selwerd")
        return "klaar"

    with caplog.at_level(logging.INFO):
        assert in_own_process(work) == "klaar"
    assert [r.getMessage() for r in caplog.records] == ["Let op: selwerd"]
    assert caplog.records[0].name == "mkdocs.plugins.wijs"


def test_a_crash_of_the_build_process_says_so_and_keeps_the_previous_site(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wijs import outputs

    repo.add_report()
    site = repo.build()
    before = fingerprint(site)

    def killed(site: object, site_dir: Path) -> None:
        os._exit(9)  # as when the system stops a process that ran out of memory

    monkeypatch.setattr(outputs, "OUTPUT_WRITERS", [*outputs.OUTPUT_WRITERS, killed])
    repo.add_report(slug="tweede-rapport")
    with pytest.raises(BuildFailed, match="stopte onverwacht"):
        repo.build()
    assert fingerprint(site) == before
    assert [p.name for p in repo.root.iterdir() if p.name.startswith(".site")] == []


def test_a_build_in_one_process_as_on_macos_and_windows_gives_the_same_site(
    make_repo: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718000000")
    repo = make_repo("bank")  # type: ignore[operator]
    repo.add_report()
    repo.add_report(slug="tweede-rapport", neighbourhood="vinkhuizen", title="Tweede")
    forked = builder.build_site(repo.root / "mkdocs.yml", repo.root.parent / "gevorkt")
    monkeypatch.setattr(builder, "separate_process", lambda: False)
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
    repo.add_report()
    (repo.root / "docs" / "verwijzing.md").write_text("[kapot](bestaat-niet.md)\n")
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    warned = [r for r in caplog.records if "bestaat-niet.md" in r.getMessage()]
    assert [(r.name, r.levelname) for r in warned] == [("mkdocs.structure.pages", "WARNING")]
