"""`wijs check` keeps report-check results on disk and re-checks only what changed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from conftest import Repo
from wijs import cache_seal
from wijs.cli import main


def check(repo: Repo) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--research", str(repo.research)]
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_second_check_reuses_results_until_a_file_in_the_report_changes(repo: Repo) -> None:
    path = repo.add_report(body="![Grafiek van bezoekers](figures/grafiek.png)\n")
    assert "missing-file" in [d["code"] for d in check(repo)]
    store = repo.root / ".cache" / "wijs" / "checks.json"
    saved = cache_seal.read_json(store)
    key = path.resolve().relative_to(repo.root.resolve()).as_posix()
    assert key in saved["reports"]  # named within the repository, as a build names it too
    # a stored result is served as it was stored: prove it by editing the store
    for stored in saved["reports"][key]["diagnostics"]:
        stored["message"] = "uit de opslag"
    store.write_text(cache_seal.dumps(saved), encoding="utf-8")
    assert {d["message"] for d in check(repo)} == {"uit de opslag"}
    # adding the figure changes the folder: the report is checked again
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "grafiek.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert "missing-file" not in [d["code"] for d in check(repo)]
    assert "uit de opslag" not in {d["message"] for d in check(repo)}


def test_edited_report_is_checked_again(repo: Repo) -> None:
    path = repo.add_report()
    assert check(repo) == []
    path.write_text(path.read_text(encoding="utf-8").replace("selwerd", "Padepoel"), "utf-8")
    assert [d["code"] for d in check(repo)] == ["unknown-value"]


def test_a_store_from_another_version_of_the_code_is_ignored(repo: Repo) -> None:
    path = repo.add_report(body="![Grafiek van bezoekers](figures/grafiek.png)\n")
    check(repo)
    store = repo.root / ".cache" / "wijs" / "checks.json"
    saved = cache_seal.read_json(store)
    saved["code"] = "een andere versie"
    key = path.resolve().relative_to(repo.root.resolve()).as_posix()
    saved["reports"][key]["diagnostics"] = []
    store.write_text(cache_seal.dumps(saved), encoding="utf-8")
    assert "missing-file" in [d["code"] for d in check(repo)]


def test_a_broken_store_is_ignored(repo: Repo) -> None:
    repo.add_report(neighbourhood="Padepoel")
    store = repo.root / ".cache" / "wijs" / "checks.json"
    store.parent.mkdir(parents=True)
    store.write_text("{kapot", encoding="utf-8")
    assert [d["code"] for d in check(repo)] == ["unknown-value"]


def test_a_check_after_a_build_reads_the_results_the_build_stored(repo: Repo) -> None:
    path = repo.add_report()
    repo.build(preview=False)
    store = repo.root / ".cache" / "wijs" / "checks.json"
    saved = cache_seal.read_json(store)
    key = path.resolve().relative_to(repo.root.resolve()).as_posix()
    stored = {
        "path": key,
        "line": 1,
        "column": 1,
        "severity": "warning",
        "code": "uit-de-build",
        "message": "uit de opslag van de build",
        "hint": "",
    }
    saved["reports"][key]["diagnostics"] = [stored]
    store.write_text(cache_seal.dumps(saved), encoding="utf-8")
    assert "uit-de-build" in {d["code"] for d in check(repo)}


def test_a_store_committed_in_a_pull_request_cannot_hide_problems(repo: Repo) -> None:
    path = repo.add_report(body="![Grafiek van bezoekers](figures/grafiek.png)\n")
    check(repo)
    store = repo.root / ".cache" / "wijs" / "checks.json"
    saved = cache_seal.read_json(store)
    key = path.resolve().relative_to(repo.root.resolve()).as_posix()
    saved["reports"][key]["diagnostics"] = []
    # plain JSON that claims "no problems", without this machine's seal
    store.write_text(json.dumps(saved), encoding="utf-8")
    assert "missing-file" in [d["code"] for d in check(repo)]


def test_a_second_reading_takes_the_front_matter_from_the_store(
    repo: Repo, monkeypatch: Any
) -> None:
    """`wijs serve PATH` reads every report: a front-matter read before (the same text) is
    taken from the check store as data with its lines, not parsed again; a changed one is."""
    from wijs.check_store import CheckStore
    from wijs.corpus import ReportCache, load_corpus
    from wijs.front_matter import Parts

    path = repo.add_report(slug="2024-buurthuis-selwerd", title="Het buurthuis", year=2024)
    repo.add_report(slug="2024-speeltuin-vinkhuizen", title="De speeltuin", year=2024)

    def read() -> Any:
        return load_corpus(repo.research, cache=ReportCache(CheckStore.for_research(repo.research)))

    first = read()
    parsed: list[str] = []
    load = Parts.load
    monkeypatch.setattr(Parts, "load", lambda parts: parsed.append(parts.yaml) or load(parts))
    second = read()
    assert parsed == []
    assert [(r.meta, r.positions, r.body_line) for r in second.reports] == [
        (r.meta, r.positions, r.body_line) for r in first.reports
    ]
    assert [d.as_dict() for d in second.diagnostics] == [d.as_dict() for d in first.diagnostics]

    path.write_text(path.read_text("utf-8").replace("title: ", "title: Nieuw ", 1), "utf-8")
    titles = sorted(r.meta.title for r in read().reports)
    assert len(parsed) == 1 and titles == ["De speeltuin", "Nieuw Het buurthuis"]


def test_front_matter_data_survives_the_store_with_its_dates_and_lines() -> None:
    from wijs.yaml_source import YamlData, load_yaml

    data = load_yaml(
        "title: Buurthuis\ndate: 2024-06-14\nat: 2024-06-14 10:30:00\nauthors:\n- name: An\n"
    )
    again = YamlData.from_json(json.loads(json.dumps(data.as_json())))
    assert again == data
    assert again.value["date"] == dt.date(2024, 6, 14)
    assert again.value["at"] == dt.datetime(2024, 6, 14, 10, 30)
    assert again.position(("authors", 0, "name")) == (4, 2)


def test_a_sealed_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "nieuw" / "ab" / "waarde.json"
    assert cache_seal.write_json(target, {"rapport": "Selwerd"})  # its folder is made
    assert cache_seal.read_json(target) == {"rapport": "Selwerd"}
    blocked = tmp_path / "nieuw" / "map.json"
    blocked.mkdir()  # a folder where the file should go: nothing is written
    assert not cache_seal.write_json(blocked, {"rapport": "Vinkhuizen"})
    assert sorted(p.name for p in (tmp_path / "nieuw").rglob("*")) == [
        "ab",
        "map.json",
        "waarde.json",
    ]
