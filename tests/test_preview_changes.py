"""`wijs serve` on a big collection: after a save, only the report folders that changed are
read and checked again; a change elsewhere (the vocabulary) makes it look at everything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wijs.corpus import ReportCache, load_corpus
from wijs.preview import ChangedFolders


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
