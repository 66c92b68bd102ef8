"""What keeps a large collection fast gives the same site: reused overview pages, front-matter
read with libyaml, outputs written in the background, reports read by worker processes."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from conftest import Repo
from wijs import parallel
from wijs.corpus import ReportCache, load_corpus
from wijs.front_matter import page_meta
from wijs.pages.html_stash import restore
from wijs.pages.plan import plan_site
from wijs.pages.site import Site
from wijs.preview import DeferredOutputs
from wijs.settings import BuildSettings

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from generate import generate
from run import extrapolate


def _pages(repo: Repo, cache: dict) -> dict[str, object]:
    corpus = load_corpus(repo.research)
    plan = plan_site(corpus, BuildSettings(preview=True), page_cache=cache)
    return {page.src_uri: page for page in plan.pages}


def test_preview_makes_again_only_the_overview_pages_of_the_changed_report(repo: Repo) -> None:
    path = repo.add_report(slug="selwerd-ouderen", neighbourhood="selwerd")
    repo.add_report(slug="vinkhuizen-jongeren", neighbourhood="vinkhuizen", theme=["jongeren"])
    cache: dict = {}
    first = _pages(repo, cache)
    again = _pages(repo, cache)
    assert again["wijk/selwerd/index.md"] is first["wijk/selwerd/index.md"]

    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Eenzaamheid onder ouderen in Selwerd", "Ontmoeten in Selwerd"
        ),
        encoding="utf-8",
    )
    changed = _pages(repo, cache)
    assert "Ontmoeten in Selwerd" in changed["wijk/selwerd/index.md"].markdown  # type: ignore[attr-defined]
    assert changed["wijk/vinkhuizen/index.md"] is first["wijk/vinkhuizen/index.md"]
    assert changed["thema/jongeren/index.md"] is first["thema/jongeren/index.md"]
    # the wijk × thema pages likewise
    combination = changed["wijk/selwerd/eenzaamheid/index.md"]
    assert "Ontmoeten in Selwerd" in combination.markdown  # type: ignore[attr-defined]
    unchanged = "wijk/vinkhuizen/jongeren/index.md"
    assert changed[unchanged] is first[unchanged]
    # the list of reports reaches Markdown as ready HTML (wijs.pages.html_stash)
    overview = changed["onderzoek/index.md"]
    listing = restore(overview.markdown, overview.parts)  # type: ignore[attr-defined]
    assert "Ontmoeten in Selwerd" in listing


def test_front_matter_read_with_libyaml_is_what_mkdocs_reads(repo: Repo) -> None:
    from mkdocs.utils.meta import get_data

    repo.add_report(title='Eenzaamheid: "wat" & <hoe>', summary="Één samenvatting — kort.")
    plan = plan_site(load_corpus(repo.research))
    for page in plan.pages:
        known, body = page_meta(page.markdown)
        markdown, meta = get_data(page.markdown)
        assert known is not None and known[1] == meta
        assert body.strip() == markdown.strip()
        # an unchanged page reuses what was read before
        assert page_meta(page.markdown, known)[0] is known


def test_outputs_in_the_background_end_with_the_newest_site(tmp_path: Path) -> None:
    written: list[int] = []
    release = threading.Event()

    def write(site: Site, site_dir: Path) -> None:
        release.wait(5)
        written.append(site)  # type: ignore[arg-type]

    deferred = DeferredOutputs(write)
    for number in range(5):
        deferred.submit(number, tmp_path)  # type: ignore[arg-type]
    release.set()
    deferred.wait()
    assert written[-1] == 4
    assert len(written) <= 2  # the ones in between were replaced, not written


def test_outputs_failing_in_the_background_do_not_stop_the_preview(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def write(site: Site, site_dir: Path) -> None:
        raise OSError("schijf vol")

    deferred = DeferredOutputs(write)
    deferred.submit(None, tmp_path)  # type: ignore[arg-type]
    deferred.wait()
    assert "schijf vol" in caplog.text


def test_many_reports_read_by_worker_processes_match_reading_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = generate(tmp_path / "bank", 24, citations=3, figures=True)
    (bank / "research" / "2016" / "onderzoek-00000-oranjewijk" / "index.md").write_text(
        "---\ntitle: kapot\n---\n", encoding="utf-8"
    )
    one_by_one = load_corpus(bank / "research", cache=ReportCache(workers=1))
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
    monkeypatch.setattr(parallel, "CHUNK", 5)
    cache = ReportCache(workers=2)
    in_workers = load_corpus(bank / "research", cache=cache)
    assert [r.key for r in in_workers.reports] == [r.key for r in one_by_one.reports]
    assert [r.digest for r in in_workers.reports] == [r.digest for r in one_by_one.reports]
    assert in_workers.diagnostics == one_by_one.diagnostics
    assert any(d.is_error for d in in_workers.diagnostics)  # the broken report is reported
    # the workers' results are cached: nothing is read again when nothing changed
    assert cache.read(one_by_one.reports[0].path, one_by_one.vocabulary, bank / "research") is (
        cache.read(one_by_one.reports[0].path, one_by_one.vocabulary, bank / "research")
    )


def test_figures_folder_linked_to_outside_the_report_is_never_copied(
    repo: Repo, tmp_path: Path
) -> None:
    from wijs.errors import WijsError
    from wijs.pages.report_page import static_files

    secret = tmp_path / "elders"
    secret.mkdir()
    (secret / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    path = repo.add_report()
    (path.parent / "attachments").mkdir()
    (path.parent / "attachments" / "vragenlijst.txt").write_text("Vraag 1", encoding="utf-8")
    os.symlink(secret, path.parent / "figures")
    copied = [f.dest_uri for f in static_files(Site(load_corpus(repo.research)))]
    assert copied == ["onderzoek/2024/eenzaamheid-ouderen-selwerd/attachments/vragenlijst.txt"]
    with pytest.raises(WijsError, match="link-outside-report"):
        repo.build()


def test_benchmark_estimate_follows_the_measured_growth() -> None:
    linear = extrapolate({1000: 10.0, 5000: 50.0}, 20_000)
    quadratic = extrapolate({1000: 1.0, 2000: 4.0}, 4000)
    assert linear is not None and quadratic is not None
    assert linear[0] == pytest.approx(200.0) and linear[1] == pytest.approx(1.0)
    assert quadratic[0] == pytest.approx(16.0) and quadratic[1] == pytest.approx(2.0)


def test_wijk_page_gathers_findings_from_its_newest_reports_and_lists_them_all(
    repo: Repo,
) -> None:
    from wijs.pages import facets

    total = facets.GATHERED_FROM + 5
    for number in range(total):
        repo.add_report(
            slug=f"rapport-{number:02d}",
            title=f"Rapport nummer {number:02d}",
            date=f"2024-01-{number % 28 + 1:02d}" if number < 28 else f"2024-02-{number - 27:02d}",
            findings=[f"Bevinding uit rapport {number:02d}."],
        )
    plan = plan_site(load_corpus(repo.research))
    made = next(p for p in plan.pages if p.src_uri == "wijk/selwerd/index.md")
    page = restore(made.markdown, made.parts)
    assert page.count("Bevinding uit rapport") == facets.GATHERED_FROM
    assert f"Bevinding uit rapport {total - 1:02d}." in page  # the newest
    assert "Bevinding uit rapport 00." not in page  # the oldest only on its own page
    assert f"Uit de {facets.GATHERED_FROM} nieuwste van de {total} rapporten" in page
    assert all(f"Rapport nummer {n:02d}" in page for n in range(total))


@pytest.mark.parametrize("name", ["check.yml", "deploy.yml", "preview.yml"])
def test_ci_keeps_the_content_cache_between_runs(name: str) -> None:
    import yaml

    workflow = Path(__file__).parent.parent / ".github" / "workflows" / name
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    steps = [s for job in data["jobs"].values() for s in job["steps"]]
    caches = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    assert caches and caches[0]["with"]["path"] == ".cache/wijs"
    assert caches[0]["with"]["restore-keys"] == "wijs-cache-"


def test_overview_pages_hand_their_report_lists_to_markdown_as_ready_html(repo: Repo) -> None:
    """Markdown read a list of 1,000 report cards tag by tag (seconds per overview page, on
    every save in the live preview); the list now passes it as a placeholder."""
    from wijs.pages.plan import plan_site

    repo.add_report(title="Het buurthuis in Selwerd")
    plan = plan_site(load_corpus(repo.research))
    page = next(p for p in plan.pages if p.src_uri == "onderzoek/index.md")
    assert "wijs-cards" not in page.markdown and "<!--wijs-html:" in page.markdown
    assert '<ul class="wijs-cards">' in restore(page.markdown, page.parts)
    assert "Het buurthuis in Selwerd" in restore(page.markdown, page.parts)
