"""A full build lets pandoc format citations while the pages are made: the page's Markdown
holds placeholders that are filled in when its HTML is made. The page must be the same as when
every citation is in the Markdown at once."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import markdown
import pytest

from conftest import Repo
from test_citations_site import NL_BIB
from wijs.citations import engine
from wijs.citations import page as citation_page
from wijs.citations.report import citations_for, clear_cache
from wijs.corpus import load_corpus
from wijs.pages import html_stash
from wijs.pages.plan import plan_site
from wijs.pages.site import SitePlan
from wijs.sanitize import sanitize_report_page
from wijs.settings import BuildSettings

SLUG = "eenzaamheid-ouderen-selwerd"
HEADING_SLUG = "ontmoeten-in-selwerd"
HEADING_BODY = "## Wat @vries2019 vond\n\nOntmoeten helpt [@vries2019; @jansen2021a].\n"
BODY = """## Inleiding

Eenzaamheid is meer dan alleen zijn [@jansen2021b, p. 12]. Eerder onderzoek
[@vries2019; @jansen2021a] en @mani2013 laten dat zien, net als [zie @jansen2021a, 4-6].
Volg @wijgroningen voor nieuws; mail naar info@wijs.nl.

## Wat men vond

| bron | jaar |
|---|---|
| [@vries2019] | 2019 |

- een punt [-@jansen2021b]

Een voetnoot.[^1]

[^1]: Zie ook [@mani2013].
"""
EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes", "admonition", "toc"]


def _pages(plan: SitePlan) -> dict[str, tuple[str, str]]:
    """Per report slug: (the page's Markdown, its HTML as the plugin makes it)."""
    pages = {}
    for slug in (SLUG, HEADING_SLUG):
        found = [p for p in plan.pages if p.src_uri.endswith(f"{slug}/index.md")]
        if not found:
            continue
        [page] = [p for p in plan.pages if p.src_uri.endswith(f"{slug}/index.md")]
        body = page.markdown.split("\n---\n", 1)[1]
        html = markdown.markdown(body, extensions=EXTENSIONS)
        pages[slug] = body, sanitize_report_page(html_stash.restore(html, page.parts))
    citation_page.finish(plan.site)
    return pages


def _plan(repo: Repo, parts_later: bool) -> SitePlan:
    clear_cache()
    settings = BuildSettings(site_url="https://x.nl/")
    return plan_site(load_corpus(repo.research), settings, parts_later=parts_later)


def _repository(make_repo: Callable[[str], Repo], name: str, heading: bool = False) -> Repo:
    repo = make_repo(name)
    for slug, body in [(HEADING_SLUG, HEADING_BODY)] if heading else [(SLUG, BODY)]:
        folder = repo.add_report(slug, body=body).parent
        (folder / "references.bib").write_text(NL_BIB, encoding="utf-8")
    return repo


def test_citations_filled_in_later_make_the_same_page(
    make_repo: Callable[[str], Repo], monkeypatch: pytest.MonkeyPatch
) -> None:
    at_once = _pages(_plan(_repository(make_repo, "at-once"), False))

    planned = threading.Event()
    run_chunk = engine._run_chunk

    def after_planning(chunk: list[tuple[str, engine.Job]]) -> Any:
        planned.wait(timeout=60)  # pandoc is slower than the pages: every part waits
        return run_chunk(chunk)

    made_later: list[str] = []
    stash_later = html_stash.stash_later

    def counted(name: str, make: Callable[[], str], inline: bool = False) -> str:
        made_later.append(name)
        return stash_later(name, make, inline=inline)

    monkeypatch.setattr(engine, "_run_chunk", after_planning)
    monkeypatch.setattr(citation_page, "stash_later", counted)
    repo = _repository(make_repo, "later")
    plan = _plan(repo, True)
    planned.set()
    later = _pages(plan)

    # the page really waited: its citations were placeholders in the Markdown
    assert len([n for n in made_later if n.count(":") == 2]) == 7, made_later
    assert len([n for n in made_later if n.startswith("refs:")]) == 1
    markdown_later, html_later = later[SLUG]
    assert "Jansen, 2021b" not in markdown_later
    assert "Jansen, 2021b" in at_once[SLUG][0]
    assert "wijs-html:" not in html_later and "wijsinline" not in html_later
    assert html_later.replace("later", "at-once") == at_once[SLUG][1]
    assert "@wijgroningen" in html_later  # a handle that is no source stays as written
    assert "Jansen, 2021b" in html_later


def test_a_citation_in_a_heading_is_in_the_markdown(
    make_repo: Callable[[str], Repo], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A heading's anchor is named by its text: that body waits for pandoc."""
    at_once = _pages(_plan(_repository(make_repo, "at-once", heading=True), False))
    run_chunk = engine._run_chunk

    def slow(chunk: list[tuple[str, engine.Job]]) -> Any:
        time.sleep(1)  # the page is planned before pandoc is done
        return run_chunk(chunk)

    monkeypatch.setattr(engine, "_run_chunk", slow)
    later = _pages(_plan(_repository(make_repo, "later", heading=True), True))
    markdown_later, html_later = later[HEADING_SLUG]
    assert '## Wat <span class="citation" data-cites="vries2019">' in markdown_later
    assert 'id="wat-de-vries-2019-vond"' in html_later
    assert html_later.replace("later", "at-once") == at_once[HEADING_SLUG][1]


def test_a_later_build_keeps_its_page_parts_for_the_next(
    make_repo: Callable[[str], Repo], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the placeholders were filled with is kept on disk, so the next build of an
    unchanged report reads no .bib and waits for nothing."""
    planned = threading.Event()
    run_chunk = engine._run_chunk
    monkeypatch.setattr(
        engine, "_run_chunk", lambda chunk: planned.wait(timeout=60) and run_chunk(chunk)
    )
    repo = _repository(make_repo, "kept")
    plan = _plan(repo, True)
    planned.set()
    first = _pages(plan)

    monkeypatch.setattr(engine, "_run", lambda *a, **k: pytest.fail("pandoc ran again"))
    second = _pages(_plan(repo, True))
    assert "Jansen, 2021b" in second[SLUG][0]  # from the disk cache, in the Markdown
    assert second[SLUG][1] == first[SLUG][1]


def test_the_jaarverslag_lists_are_formatted_once_beside_the_pages(
    make_repo: Callable[[str], Repo], monkeypatch: pytest.MonkeyPatch
) -> None:
    def jaarverslag(name: str, parts_later: bool) -> dict[str, str]:
        repo = _repository(make_repo, name)
        repo.add_report("tweede-rapport", body="Tekst.\n", title="Ontmoeten in Vinkhuizen")
        plan = _plan(repo, parts_later)
        citation_page.finish(plan.site)
        return {p.src_uri: p.markdown for p in plan.pages if p.src_uri.startswith("jaarverslag/")}

    at_once = jaarverslag("at-once", False)
    lists: list[str] = []  # the digests of the publication lists pandoc formatted
    run_chunk = engine._run_chunk

    def counted(chunk: list[tuple[str, engine.Job]]) -> Any:
        lists.extend(digest for digest, job in chunk if job.nocite and len(job.items) == 2)
        return run_chunk(chunk)

    monkeypatch.setattr(engine, "_run_chunk", counted)
    later = jaarverslag("later", True)
    assert later.keys() == at_once.keys() and len(later) >= 2
    for uri, text in later.items():
        assert text.replace("later", "at-once") == at_once[uri], uri
    assert any("Ontmoeten in Vinkhuizen" in text for text in later.values())
    assert lists and len(lists) == len(set(lists)), "a publication list was formatted twice"


def test_a_build_reads_the_bib_for_citeproc_in_a_worker_process(
    make_repo: Callable[[str], Repo], monkeypatch: pytest.MonkeyPatch
) -> None:
    """pybtex's full reading of a .bib (most of the citation work before pandoc) happens in
    the engine's worker process, not in the build's own; the result is the same."""
    clear_cache()
    [report] = load_corpus(_repository(make_repo, "apart").research).reports
    cited = citations_for(report)
    at_once = cited.job()
    assert at_once is not None and at_once.items
    expected = engine.render([at_once])[0]
    assert any("Jansen" in html for _, html in expected.references)

    engine.clear_memory()
    monkeypatch.setattr(
        engine, "parse_data", lambda text: pytest.fail("pybtex read the .bib in this process")
    )
    later = cited.job(items_later=True)
    assert later is not None and later.items == () and later.bib is not None
    assert later.digest == at_once.digest
    formatting = engine.Formatting(None, 1, apart=True)
    [digest] = formatting.add([later])
    assert formatting.result(digest) == expected
    formatting.close()


def test_the_engine_makes_the_items_itself_when_its_worker_process_died(
    make_repo: Callable[[str], Repo],
) -> None:
    clear_cache()
    [report] = load_corpus(_repository(make_repo, "gestopt").research).reports
    cited = citations_for(report)
    at_once = cited.job()
    assert at_once is not None
    expected = engine.render([at_once])[0]
    engine.clear_memory()

    formatting = engine.Formatting(None, 1, apart=True)
    context = multiprocessing.get_context("forkserver")
    formatting.making = ProcessPoolExecutor(max_workers=1, mp_context=context)
    with pytest.raises(BrokenProcessPool):  # the worker process dies
        formatting.making.submit(os._exit, 1).result()
    later = cited.job(items_later=True)
    assert later is not None
    [digest] = formatting.add([later])
    assert formatting.result(digest) == expected
    formatting.close()
