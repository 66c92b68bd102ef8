"""A build never destroys what it did not make: the site folder must be a previous site or
new, one build runs at a time, and what a killed build left behind is cleaned up."""

from __future__ import annotations

import fcntl
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Repo
from wijs.builder import LOCK_FILE, SITE_MARKER, build_site
from wijs.cli import main
from wijs.errors import WijsError
from wijs.search.index import cache_dir, refresh_index


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("site_dir", [".", "docs", "research", "..", "research/2024"])
def test_the_repository_survives_a_build_into_its_own_folders(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, site_dir: str
) -> None:
    repo.add_report()
    (repo.root / ".git").mkdir()
    (repo.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    before = snapshot(repo.root.parent)
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["build", "--site-dir", site_dir])
    assert result.exit_code == 2, result.output
    assert "Niet gebouwd" in result.output and "Kies een nieuwe of lege map" in result.output
    assert "Traceback" not in result.output
    assert snapshot(repo.root.parent) == before


def test_a_folder_with_other_files_is_not_replaced_by_the_site(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.add_report()
    photos = repo.root / "fotos"
    photos.mkdir()
    (photos / "vakantie.jpg").write_bytes(b"jpeg")
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["build", "--site-dir", "fotos"])
    assert result.exit_code == 2
    assert "geen lege map" in result.output
    assert (photos / "vakantie.jpg").read_bytes() == b"jpeg"


def test_a_previous_site_and_an_empty_folder_are_replaced(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.add_report()
    (repo.root / "leeg").mkdir()
    monkeypatch.chdir(repo.root)
    first = CliRunner().invoke(main, ["build", "--site-dir", "leeg"])
    assert first.exit_code == 0, first.output
    assert (repo.root / "leeg" / SITE_MARKER).is_file()
    (repo.root / "leeg" / "oud.html").write_text("weg ermee", encoding="utf-8")
    second = CliRunner().invoke(main, ["build", "--site-dir", "leeg"])
    assert second.exit_code == 0, second.output
    assert not (repo.root / "leeg" / "oud.html").exists()
    assert (repo.root / "leeg" / "index.html").is_file()


def test_a_killed_builds_temporary_folders_are_removed_and_ignored_by_git(repo: Repo) -> None:
    repo.add_report()
    leftover = repo.root / ".site-bouw-abc123"
    (leftover / "assets").mkdir(parents=True)
    (leftover / "assets" / "half.css").write_text("", encoding="utf-8")
    (repo.root / ".site-oud-4242").mkdir()
    repo.build()
    assert sorted(p.name for p in repo.root.iterdir() if p.name.startswith(".site")) == []
    ignored = (Path(__file__).parents[1] / ".gitignore").read_text(encoding="utf-8")
    assert ".*-bouw-*/" in ignored.splitlines()


def hold_lock(root: Path) -> object:
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def test_a_second_build_waits_for_the_first_to_finish(
    repo: Repo, caplog: pytest.LogCaptureFixture
) -> None:
    repo.add_report()
    handle = hold_lock(repo.root)
    released = threading.Timer(1.0, handle.close)  # type: ignore[attr-defined]
    released.start()
    started = time.monotonic()
    site = build_site(repo.root / "mkdocs.yml", repo.root / "site", lock_wait=60)
    assert time.monotonic() - started >= 1.0
    assert (site / "index.html").is_file()
    assert "andere build" in caplog.text


def test_a_build_that_cannot_get_the_lock_says_so_clearly(repo: Repo) -> None:
    repo.add_report()
    handle = hold_lock(repo.root)
    try:
        with pytest.raises(WijsError, match="er loopt al een andere build"):
            build_site(repo.root / "mkdocs.yml", repo.root / "site", lock_wait=0.3)
    finally:
        handle.close()  # type: ignore[attr-defined]
    assert not (repo.root / "site").exists()


# -- the search index under .cache/ --------------------------------------------------------


def damage(folder: Path, suffix: str) -> None:
    for path in folder.glob(f"*{suffix}"):
        path.write_bytes(b"kapot" * 20)


@pytest.mark.parametrize("part", [".toc", ".seg"])
def test_wijs_search_rebuilds_a_damaged_index_with_a_warning(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, part: str
) -> None:
    repo.add_report()
    monkeypatch.chdir(repo.root)
    assert "Eenzaamheid" in CliRunner().invoke(main, ["search", "ouderen"]).output
    damage(cache_dir(repo.research), part)
    result = CliRunner().invoke(main, ["search", "ouderen"])
    assert result.exit_code == 0, result.output
    assert "Eenzaamheid" in result.output and "Traceback" not in result.output
    assert "de zoekindex in" in caplog.text and "beschadigd" in caplog.text
    caplog.clear()
    assert "Eenzaamheid" in CliRunner().invoke(main, ["search", "ouderen"]).output
    assert "beschadigd" not in caplog.text  # rebuilt once, whole again


def test_a_build_rebuilds_a_damaged_index_with_a_warning(
    repo: Repo, caplog: pytest.LogCaptureFixture
) -> None:
    repo.add_report()
    repo.add_report(slug="tweede-rapport", title="Eenzaamheid in Vinkhuizen")
    repo.build()
    damage(cache_dir(repo.research), ".seg")
    repo.build()
    assert "beschadigd" in caplog.text and "opnieuw opgebouwd" in caplog.text
    page = repo.page("onderzoek/2024/eenzaamheid-ouderen-selwerd/")
    related = page.split('class="wijs-related"', 1)[1].split("</section>", 1)[0]
    assert "Eenzaamheid in Vinkhuizen" in related  # from the rebuilt index


def test_an_index_another_process_keeps_locked_is_replaced_for_this_run(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from whoosh import index as whoosh_index

    from wijs.search import index as search_index

    repo.add_report()
    monkeypatch.chdir(repo.root)
    CliRunner().invoke(main, ["search", "ouderen"])
    repo.add_report(slug="tweede-rapport", title="Armoede in Vinkhuizen", theme=["armoede"])
    writer = whoosh_index.open_dir(str(cache_dir(repo.research))).writer()  # holds the lock
    monkeypatch.setattr(search_index, "LOCK_WAIT_SECONDS", 0.3)
    try:
        index, _ = refresh_index(repo.research)
        assert index.search("armoede").total == 1  # the new report, in the private index
        assert "ander proces" in caplog.text and "eigen zoekindex" in caplog.text
        private = index.folder.parent
        assert private != cache_dir(repo.research).parent
        del index
        assert not private.exists()
    finally:
        writer.cancel()
