"""`wijs serve` on a big collection: after a save, only the report folders that changed are
read and checked again; a change elsewhere (the vocabulary) makes it look at everything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wijs.corpus import ReportCache, load_corpus
from wijs.preview import ChangedFolders
from wijs.settings import BuildSettings


def _titles(research: Path, cache: ReportCache) -> dict[str, str]:
    return {r.key: r.meta.title for r in load_corpus(research, cache=cache).reports}


def test_preview_rereads_only_the_report_folders_the_watcher_saw_change(repo: Any) -> None:
    first = repo.add_report(slug="2024-buurthuis-selwerd", title="Het buurthuis")
    second = repo.add_report(slug="2024-speeltuin-vinkhuizen", title="De speeltuin")
    cache = ReportCache()
    changed = ChangedFolders(repo.research)
    _titles(repo.research, cache)  # the first build reads everything

    for path in (first, second):
        path.write_text(path.read_text("utf-8").replace("title: ", "title: Nieuw ", 1), "utf-8")
    changed.saw(str(first))  # the watcher saw only the first save (yet)
    changed.saw(str(first.parent))  # and, as inotify reports it, its folder modified
    cache.only_changed(changed.take())
    titles = sorted(_titles(repo.research, cache).values())
    assert titles == ["De speeltuin", "Nieuw Het buurthuis"]

    changed.saw(str(second))
    cache.only_changed(changed.take())
    assert sorted(_titles(repo.research, cache).values()) == [
        "Nieuw De speeltuin",
        "Nieuw Het buurthuis",
    ]


def test_preview_looks_at_every_report_after_a_change_outside_report_folders(
    repo: Any,
) -> None:
    report = repo.add_report(slug="2024-buurthuis-selwerd", title="Het buurthuis")
    cache = ReportCache()
    changed = ChangedFolders(repo.research)
    _titles(repo.research, cache)

    report.write_text(report.read_text("utf-8").replace("title: ", "title: Nieuw ", 1), "utf-8")
    changed.saw(str(repo.research / "vocabulary.yml"))
    assert not changed.take_outside()  # still inside research/: the theme list may stay
    cache.only_changed(changed.take())
    assert list(_titles(repo.research, cache).values()) == ["Nieuw Het buurthuis"]

    changed.saw(str(repo.root / "docs" / "index.md"))
    assert changed.take_outside()
    assert changed.take() is None


def test_preview_first_build_asks_the_search_index_once_for_all_related_research(
    repo: Any, monkeypatch: Any
) -> None:
    """The first build of `wijs serve` finds related research for all reports in one pass;
    a rebuild asks only for the pages made again (one pass per page was minutes at 1,000)."""
    from wijs.pages.plan import plan_site

    paths = [
        repo.add_report(slug=slug, title=title)
        for slug, title in [
            ("2024-buurthuis-selwerd", "Het buurthuis in Selwerd"),
            ("2024-speeltuin-vinkhuizen", "De speeltuin in Vinkhuizen"),
            ("2023-ontmoeten-selwerd", "Ontmoeten in het buurthuis van Selwerd"),
        ]
    ]
    asked = _count_related(monkeypatch)
    page_cache: dict[str, Any] = {}
    cache = ReportCache()
    plan_site(
        load_corpus(repo.research, cache=cache), BuildSettings(preview=True), page_cache=page_cache
    )
    assert len(asked) == 1 and len(asked[0]) == 3

    asked.clear()
    first = paths[0]
    first.write_text(first.read_text("utf-8").replace("title: ", "title: Nieuw ", 1), "utf-8")
    plan_site(
        load_corpus(repo.research, cache=ReportCache()),
        BuildSettings(preview=True),
        page_cache=page_cache,
    )
    assert asked and all(len(keys) == 1 for keys in asked)


def test_preview_writes_the_front_matter_files_again_only_after_a_front_matter_changed(
    repo: Any, tmp_path: Path
) -> None:
    """After a save of a report's text the live preview leaves open data, feeds and exports
    (FRONT_MATTER_WRITERS) as they are: seconds at 1,000 reports, for files that stay the same;
    the files made of the bodies (the search page's) are written again."""
    from wijs.outputs.open_data import DATA_DIR
    from wijs.pages.plan import plan_site
    from wijs.plugin import WijsPlugin
    from wijs.search.site_index import ASSET_URI

    report = repo.add_report(slug="2024-buurthuis-selwerd", title="Het buurthuis")
    plugin = WijsPlugin()
    plugin.load_config({"search_index": False})
    site_dir = tmp_path / "site"

    def build() -> None:
        corpus = load_corpus(repo.research, cache=ReportCache())
        plugin._after_preview_build(
            plan_site(corpus, BuildSettings(preview=True), page_cache={}).site, site_dir
        )

    build()
    data = site_dir / DATA_DIR / "reports.json"
    script = site_dir / ASSET_URI / "zoeken.js"
    assert "Het buurthuis" in data.read_text("utf-8")
    data.write_text("van de vorige keer", "utf-8")
    script.unlink()

    report.write_text(report.read_text("utf-8") + "\nEen nieuwe alinea.\n", "utf-8")
    build()
    assert data.read_text("utf-8") == "van de vorige keer"
    assert script.is_file()

    report.write_text(report.read_text("utf-8").replace("title: ", "title: Nieuw ", 1), "utf-8")
    build()
    assert "Nieuw Het buurthuis" in data.read_text("utf-8")


def test_preview_formats_the_citations_of_the_page_a_save_made_again(
    repo: Any, monkeypatch: Any
) -> None:
    """A rebuild of the live preview sends only the changed report through the CSL engine
    (report_page.plan, PREPARE); its page shows the source it now cites."""
    from wijs.pages import report_page
    from wijs.pages.html_stash import restore
    from wijs.pages.plan import plan_site

    prepared: list[list[str]] = []
    recorder = lambda site: prepared.append(sorted(r.key for r in site.paged_reports))  # noqa: E731
    monkeypatch.setattr(report_page, "PREPARE", [*report_page.PREPARE, recorder])

    bib = (
        "@book{jansen2021, author = {Jansen, Anna}, title = {Buurthuizen in de stad},"
        " year = {2021}, publisher = {Boom}}\n"
        "@book{vries2019, author = {Vries, Piet de}, title = {Ouderen in de wijk},"
        " year = {2019}, publisher = {Boom}}\n"
    )
    changed = repo.add_report(slug="2024-buurthuis-selwerd", body="Zo gaat het [@jansen2021].\n")
    other = repo.add_report(slug="2024-speeltuin-vinkhuizen", body="Ook hier [@vries2019].\n")
    for path in (changed, other):
        (path.parent / "references.bib").write_text(bib, encoding="utf-8")
    page_cache: dict[str, Any] = {}

    def pages() -> dict[str, str]:
        corpus = load_corpus(repo.research, cache=ReportCache())
        plan = plan_site(corpus, BuildSettings(preview=True), page_cache=page_cache)
        # the reference list reaches the page as ready HTML behind a placeholder
        return {p.report_key: restore(p.markdown, p.parts) for p in plan.pages if p.report_key}

    before = pages()
    changed.write_text(changed.read_text("utf-8").replace("jansen2021", "vries2019"), "utf-8")
    after = pages()
    key = next(k for k in after if "buurthuis" in k)
    assert "Buurthuizen in de stad" in before[key]
    assert "Ouderen in de wijk" in after[key] and "Buurthuizen in de stad" not in after[key]
    assert len(prepared) == 2 and len(prepared[0]) == 2 and prepared[1] == [key]
    other_key = next(k for k in after if "speeltuin" in k)
    assert "Ouderen in de wijk" in after[other_key] and after[other_key] == before[other_key]


def test_focused_preview_takes_related_research_from_the_last_build(
    repo: Any, monkeypatch: Any
) -> None:
    """`wijs serve PATH` asks related research for its own report only, and not at all when
    the last build already stored the answer (the index and the published reports the same)."""
    from wijs.pages.plan import plan_site
    from wijs.search import related as related_module

    for slug, title in [
        ("2024-buurthuis-selwerd", "Het buurthuis in Selwerd"),
        ("2024-speeltuin-vinkhuizen", "De speeltuin in Vinkhuizen"),
        ("2023-ontmoeten-selwerd", "Ontmoeten in het buurthuis van Selwerd"),
    ]:
        repo.add_report(slug=slug, title=title)
    asked = _count_related(monkeypatch)
    corpus = load_corpus(repo.research)
    one = frozenset({"2024/2024-buurthuis-selwerd"})
    monkeypatch.setattr(related_module, "_current", None)  # a new `wijs serve` process
    focused = plan_site(corpus, focus=one, page_cache={})
    assert asked == [sorted(one)]
    assert any("Verwant onderzoek" in p.markdown for p in focused.pages if p.report_key)

    plan_site(corpus)  # the full build asks for the others only
    assert asked[1] == ["2024/2023-ontmoeten-selwerd", "2024/2024-speeltuin-vinkhuizen"]
    asked.clear()
    monkeypatch.setattr(related_module, "_current", None)
    again = plan_site(load_corpus(repo.research), focus=one, page_cache={})
    assert asked == []
    assert [p.markdown for p in again.pages if p.report_key] == [
        p.markdown for p in focused.pages if p.report_key
    ]


def _count_related(monkeypatch: Any) -> list[list[str]]:
    """The keys of every ask of the search index for related research, as they are asked."""
    from wijs.search.index import SearchIndex

    asked: list[list[str]] = []
    related = SearchIndex.related

    def counting(self: SearchIndex, keys: Any, allowed: set[str], *args: Any, **kw: Any) -> Any:
        asked.append(sorted(keys))
        return related(self, keys, allowed, *args, **kw)

    monkeypatch.setattr(SearchIndex, "related", counting)
    return asked
