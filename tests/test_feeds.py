"""Atom feeds: valid Atom, only the facet's published reports, escaped, deterministic, linked."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annual_examples import HIDDEN, PUBLISHED, TRICKY_TITLE, add_examples
from conftest import Repo
from wijs.corpus import load_corpus
from wijs.outputs.feeds import write_feeds
from wijs.pages.site import Site

A = "{http://www.w3.org/2005/Atom}"
SEGMENTS = {"wijk": 0, "thema": 1, "instelling": 2}  # index into PUBLISHED's tuples


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("feeds") / "bank")
    add_examples(repo)
    repo.build()
    return repo


def feeds(repo: Repo) -> list[Path]:
    """The Atom feeds of research; each feed folder also holds an empty sitemap.xml (see
    write_feeds). The vraagbank's feeds (feeds/vragen*) are tested in test_questions_site."""
    root = repo.root / "site" / "feeds"
    return sorted(
        p
        for p in root.rglob("*.xml")
        if p.name != "sitemap.xml" and not p.relative_to(root).as_posix().startswith("vragen")
    )


def parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def slug_of(entry: ET.Element) -> str:
    href = entry.find(f"{A}link[@rel='alternate']").get("href")  # type: ignore[union-attr]
    return href.rstrip("/").rsplit("/", 1)[-1]


def test_every_feed_is_valid_atom(built: Repo) -> None:
    paths = feeds(built)
    assert len(paths) == 1 + 3 + 4 + 3  # site, wijken, thema's, instellingen with research
    for path in paths:
        root = parse(path)
        assert root.tag == f"{A}feed", path
        for tag in ("id", "title", "updated"):
            assert (root.findtext(f"{A}{tag}") or "").strip(), (path, tag)
        assert root.find(f"{A}link[@rel='self']") is not None
        assert root.find(f"{A}author/{A}name") is not None  # entries may inherit the author
        entries = root.findall(f"{A}entry")
        assert entries, path
        for entry in entries:
            for tag in ("id", "title", "updated", "summary"):
                assert (entry.findtext(f"{A}{tag}") or "").strip(), (path, tag)
            link = entry.find(f"{A}link[@rel='alternate']")
            assert link is not None and link.get("href", "").startswith("https://")
            dt.datetime.fromisoformat(entry.findtext(f"{A}updated", "").replace("Z", "+00:00"))


def test_each_feed_lists_only_its_facets_published_reports_newest_first(built: Repo) -> None:
    site_feed = parse(built.root / "site" / "feeds" / "onderzoek.xml")
    assert {slug_of(e) for e in site_feed.findall(f"{A}entry")} == set(PUBLISHED)
    for path in feeds(built):
        if path.name == "onderzoek.xml":
            continue
        segment, value = path.parent.name, path.stem
        expected = {
            slug for slug, facets in PUBLISHED.items() if value in facets[SEGMENTS[segment]]
        }
        entries = parse(path).findall(f"{A}entry")
        assert {slug_of(e) for e in entries} == expected, path
        published = [e.findtext(f"{A}published") for e in entries]
        assert published == sorted(published, reverse=True), path
    all_text = "".join(p.read_text(encoding="utf-8") for p in feeds(built))
    for hidden in HIDDEN:
        assert hidden not in all_text
    assert not (built.root / "site" / "feeds" / "wijk" / "vinkhuizen.xml").exists()


def test_titles_and_summaries_are_escaped_and_come_back_intact(built: Repo) -> None:
    path = built.root / "site" / "feeds" / "wijk" / "beijum.xml"
    raw = path.read_text(encoding="utf-8")
    assert "<b>" not in raw and "&lt;b&gt;" in raw
    entry = parse(path).find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}title") == TRICKY_TITLE
    assert entry.findtext(f"{A}summary") == (
        "Ouders in Beijum vragen <geen> regelingen aan uit schaamte & onbekendheid."
    )
    assert [a.findtext(f"{A}name") for a in entry.findall(f"{A}author")] == [
        "Jorrit de Vries",
        "Sanne Bos",
    ]


def test_feeds_use_report_dates_not_the_build_clock(built: Repo, tmp_path: Path) -> None:
    root = parse(built.root / "site" / "feeds" / "thema" / "armoede.xml")
    assert root.findtext(f"{A}updated") == "2024-11-20T00:00:00Z"  # B's review date
    corpus = load_corpus(built.research)
    first, second = tmp_path / "een", tmp_path / "twee"
    write_feeds(Site(corpus, today=dt.date(2026, 1, 1)), first)
    write_feeds(Site(corpus, today=dt.date(2027, 6, 1)), second)
    for path in sorted(first.rglob("*.xml")):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes()


def test_overview_pages_link_their_feed_visibly_and_in_the_head(built: Repo) -> None:
    page = built.page("wijk/selwerd/")
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Wijk: Selwerd — WIJS Onderzoeksbank" href="../../feeds/wijk/selwerd.xml">'
    ) in page
    assert '<a href="../../feeds/wijk/selwerd.xml" type="application/atom+xml">' in page
    assert 'href="../../volgen/"' in page
    assert 'href="../../feeds/thema/armoede.xml"' in built.page("thema/armoede/")
    assert 'href="../../feeds/instelling/rug.xml"' in built.page("instelling/rug/")
    # the site-wide feed is announced on every page
    assert (
        'type="application/atom+xml" title="Nieuw onderzoek — WIJS Onderzoeksbank" '
        'href="./feeds/onderzoek.xml"' in built.page("")
    )
    assert 'href="../../../feeds/onderzoek.xml"' in built.page("onderzoek/2024/b-armoede-beijum/")
