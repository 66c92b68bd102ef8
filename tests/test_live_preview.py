"""A student runs `wijs serve` on a big collection, saves a report, and sees the change."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from generate import generate
from live_preview import edit, fetch, serving, wait_for

REPORTS = 300  # big enough that a full rebuild would show; the benchmark measures 1,000


@pytest.mark.browser
def test_student_sees_a_saved_change_in_the_browser_and_on_the_overview_pages(
    tmp_path: Path, page: Any, record_property: Any
) -> None:
    bank = generate(tmp_path / "bank", REPORTS, citations=3, figures=True)
    report = sorted((bank / "research").glob("*/*/index.md"))[7]
    year, slug = report.parent.parent.name, report.parent.name
    wijk = slug.split("-", 2)[2]
    with serving(bank, tmp_path / "serve.log") as (base, process):
        wait_for(base + "onderzoek/", "<html", 300)
        # the overview pages come first; the report pages follow in a second build
        wait_for(f"{base}onderzoek/{year}/{slug}/", "<html", 300)
        page.goto(f"{base}onderzoek/{year}/{slug}/")

        saved = time.perf_counter()
        edit(report, "Het buurthuis gaat op zondag open")
        # the page reloads by itself (livereload) once the rebuild is done
        page.get_by_text("Het buurthuis gaat op zondag open").wait_for(timeout=10_000)
        latency = time.perf_counter() - saved

        text = report.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title: "))
        report.write_text(text.replace(title, "title: Zondag in het buurthuis", 1), "utf-8")
        wait_for(f"{base}onderzoek/", "Zondag in het buurthuis", 10)
        wait_for(f"{base}wijk/{wijk}/", "Zondag in het buurthuis", 10)
        assert process.poll() is None, "wijs serve stopte"

    record_property("live_preview_seconds", round(latency, 2))
    print(f"\nlive preview, {REPORTS} reports: change visible after {latency:.2f} s")
    assert latency < 10


def test_first_build_serves_the_overview_pages_then_the_reports_follow(tmp_path: Path) -> None:
    """`wijs serve` serves its top-level pages before the report pages exist (a page for each
    navigation entry, saying it is on its way), then builds the rest without being asked."""
    bank = generate(tmp_path / "bank", 40, citations=2)
    report = sorted((bank / "research").glob("*/*/index.md"))[3]
    url_of = f"onderzoek/{report.parent.parent.name}/{report.parent.name}/"
    with serving(bank, tmp_path / "serve.log") as (base, process):
        wait_for(base, "<html", 300)
        wait_for(base + url_of, "<html", 300)
        assert process.poll() is None, "wijs serve stopte"
        home = fetch(base)
        assert home is not None and "wordt nog gemaakt" not in home
        jaarverslag = fetch(base + "jaarverslag/")
        assert jaarverslag is not None and "wordt nog gemaakt" not in jaarverslag
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    first, _, rest = log.partition("Serving on")
    assert "eerst de overzichtspagina's" in first
    assert "40 pagina" not in first.split("eerst de overzichtspagina's")[0]
    assert "Reloading browsers" in rest


def test_focused_preview_serves_one_report_and_the_pages_it_appears_on(tmp_path: Path) -> None:
    """`wijs serve RAPPORTMAP`: the report, its wijk and thema pages and the search page; the
    other reports' pages are not made, the navigation's other pages say why."""
    bank = generate(tmp_path / "bank", 40, citations=2)
    reports = sorted((bank / "research").glob("*/*/index.md"))
    one, other = reports[5], reports[30]
    wijk = one.parent.name.split("-", 2)[2]
    with serving(bank, tmp_path / "serve.log", focus=one.parent) as (base, process):
        own = f"{base}onderzoek/{one.parent.parent.name}/{one.parent.name}/"
        wait_for(own, "<html", 120)
        assert fetch(f"{base}wijk/{wijk}/") is not None
        assert fetch(f"{base}zoeken/") is not None
        assert fetch(f"{base}onderzoek/{other.parent.parent.name}/{other.parent.name}/") is None
        jaarverslag = fetch(base + "jaarverslag/")
        assert jaarverslag is not None and "voorbeeld van je rapport" in jaarverslag

        edit(one, "Het buurthuis gaat op zondag open")
        wait_for(own, "Het buurthuis gaat op zondag open", 30)
        assert process.poll() is None, "wijs serve stopte"
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "voorbeeld van 1 rapport" in log
    # it watches its own report folder and the vocabulary, not every folder under research/
    [watching] = [line for line in log.splitlines() if "Watching paths for changes" in line]
    assert one.parent.name in watching and "vocabulary.yml" in watching
    assert "'research'" not in watching


def test_the_one_call_into_the_development_servers_internals_still_works(tmp_path: Path) -> None:
    """wijs.plugin.rebuild_soon sets what a saved file sets in MkDocs' LiveReloadServer; this
    fails loudly when an upgrade of MkDocs changes those internals."""
    import threading

    from mkdocs.livereload import LiveReloadServer

    from wijs.plugin import rebuild_soon

    built = threading.Event()
    server = LiveReloadServer(
        builder=built.set, host="127.0.0.1", port=0, root=str(tmp_path), mount_path="/"
    )
    loop = threading.Thread(target=server._build_loop, daemon=True)
    loop.start()
    try:
        rebuild_soon(server)
        assert built.wait(10), "the development server did not build after rebuild_soon"
    finally:
        server.shutdown()
        loop.join(10)


def test_the_file_watcher_swap_still_reaches_the_development_server(tmp_path: Path) -> None:
    """wijs.builder._native_watcher gives MkDocs' development server the system's file events
    by replacing the server class that mkdocs.commands.serve uses (MkDocs 1.6 has no option for
    it); this fails loudly when an upgrade of MkDocs changes what that relies on."""
    import threading

    import mkdocs.commands.serve as mkdocs_serve
    from mkdocs.livereload import LiveReloadServer

    from wijs.builder import _native_watcher, _Watcher

    assert getattr(mkdocs_serve, "LiveReloadServer", None) is LiveReloadServer, (
        "mkdocs.commands.serve no longer builds its server from mkdocs.livereload."
        "LiveReloadServer: update wijs.builder._native_watcher for this MkDocs"
    )
    built = threading.Event()
    with _native_watcher():
        server = mkdocs_serve.LiveReloadServer(
            builder=built.set, host="127.0.0.1", port=0, root=str(tmp_path), mount_path="/"
        )
    assert mkdocs_serve.LiveReloadServer is LiveReloadServer  # put back afterwards
    assert isinstance(server.observer, _Watcher), (
        "MkDocs' LiveReloadServer no longer keeps its watcher in .observer: update "
        "wijs.builder._native_watcher for this MkDocs"
    )
    server.watch(str(tmp_path))  # the server schedules its handler on the watcher
    assert [path for _, path, _ in server.observer._scheduled] == [str(tmp_path)]
    server.observer.start()
    loop = threading.Thread(target=server._build_loop, daemon=True)
    loop.start()
    try:
        (tmp_path / "bewaard.md").write_text("# Nieuw\n", encoding="utf-8")
        assert built.wait(10), "a saved file did not reach the development server's build"
    finally:
        server.shutdown()
        loop.join(10)
