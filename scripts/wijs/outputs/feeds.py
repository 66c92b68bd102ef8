"""Atom feeds, so people can follow new research without visiting the site: one for the whole
site (feeds/onderzoek.xml) and one per wijk, thema and instelling (feeds/wijk/<id>.xml …).

Built with ElementTree, so every value is XML-escaped. Dates come from the reports, never
from the build clock, so an unchanged collection gives byte-identical feeds.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from wijs.model import FIRST_YEAR, Report
from wijs.pages.render import environment
from wijs.pages.site import FACETS, Site, relative_url

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITE_FEED = "feeds/onderzoek.xml"
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)
FEED_FACETS = ("neighbourhood", "theme", "institution")
FOLLOW_PAGE = "volgen/"
SITE_TITLE = "WIJS Onderzoeksbank"
TAG_AUTHORITY = "wijs-onderzoeksbank"  # for entry ids when the site's address is unknown
TAG_DATE = "2015"  # the year WIJS started


def feed_uri(facet: str | None = None, value: str | None = None) -> str:
    """Site-relative path of a feed: 'feeds/onderzoek.xml' or 'feeds/wijk/selwerd.xml'."""
    if facet is None or value is None:
        return SITE_FEED
    return f"feeds/{FACETS[facet][0]}/{value}.xml"


def feed_title(site: Site, facet: str | None = None, value: str | None = None) -> str:
    if facet is None or value is None:
        return f"Nieuw onderzoek — {SITE_TITLE}"
    singular = FACETS[facet][1]
    return f"{singular}: {site.facet_label(facet, value)} — {SITE_TITLE}"


def published_reports(site: Site) -> list[Report]:
    """Feeds carry published research only, also when the site is built as a preview."""
    return site.published


def updated_on(report: Report, today: dt.date) -> dt.date:
    """When the report last changed on the site: its date, review or the end of its embargo."""
    meta = report.meta
    days = [report.sort_date]
    if meta.review is not None:
        days.append(meta.review.date)
    if meta.embargo_until is not None and meta.embargo_until <= today:
        days.append(meta.embargo_until)
    return max(days)


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _href(site: Site, feed: str, url: str) -> str:
    """Absolute when the site's address is known, else relative to the feed itself."""
    return f"{site.site_url}{url}" if site.site_url else relative_url(feed, url)


def _id(site: Site, url: str) -> str:
    if site.site_url:
        return f"{site.site_url}{url}"
    return f"tag:{TAG_AUTHORITY},{TAG_DATE}:{url}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


SUBTITLE = "Onderzoek van mbo-, hbo- en wo-studenten in de wijken van Groningen, via WIJS."


def new_feed(
    site: Site, uri: str, title: str, page: str, updated: dt.date, subtitle: str = SUBTITLE
) -> ET.Element:
    """An empty Atom feed at ``uri`` (site-relative) about the page ``page``."""
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: "nl"})
    _sub(feed, "id", _id(site, uri))
    _sub(feed, "title", title)
    _sub(feed, "subtitle", subtitle)
    _sub(feed, "updated", _timestamp(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=_href(site, uri, uri))
    _sub(feed, "link", rel="alternate", type="text/html", href=_href(site, uri, page))
    author = _sub(feed, "author")
    _sub(author, "name", "WIJS — Wijk Inzet door Jongeren en Studenten")
    return feed


def add_entry(
    site: Site,
    feed: ET.Element,
    uri: str,
    *,
    url: str,
    title: str,
    published: dt.date,
    updated: dt.date,
    authors: list[str],
    categories: list[tuple[str, str]],
    summary: str,
    language: str,
) -> None:
    """One entry of the feed at ``uri``: a page of the site (``url``) with its dates, authors,
    categories (term, label) and a plain-text summary in ``language``."""
    entry = _sub(feed, "entry")
    _sub(entry, "id", _id(site, url))
    _sub(entry, "title", " ".join(title.split()))
    _sub(entry, "link", rel="alternate", type="text/html", href=_href(site, uri, url))
    _sub(entry, "published", _timestamp(published))
    _sub(entry, "updated", _timestamp(updated))
    for name in authors:
        author = _sub(entry, "author")
        _sub(author, "name", " ".join(name.split()))
    for term, label in categories:
        _sub(entry, "category", term=term, label=label)
    element = _sub(entry, "summary", " ".join(summary.split()), type="text")
    element.set(XML_LANG, language)


def build_feed(
    site: Site, reports: list[Report], facet: str | None = None, value: str | None = None
) -> ET.ElementTree:
    """The Atom feed of ``reports`` (newest first) for a facet value, or the whole site."""
    uri = feed_uri(facet, value)
    page = site.facet_url(facet, value) if facet and value else "onderzoek/"
    ordered = sorted(reports, key=lambda r: (r.sort_date, r.key), reverse=True)
    updated = max((updated_on(r, site.today) for r in ordered), default=dt.date(FIRST_YEAR, 1, 1))
    feed = new_feed(site, uri, feed_title(site, facet, value), page, updated)
    for report in ordered:
        _entry(site, feed, uri, report)
    ET.indent(feed)
    return ET.ElementTree(feed)


def _entry(site: Site, feed: ET.Element, uri: str, report: Report) -> None:
    meta = report.meta
    add_entry(
        site,
        feed,
        uri,
        url=report.url,
        title=f"{meta.title}: {meta.subtitle}" if meta.subtitle else meta.title,
        published=report.sort_date,
        updated=updated_on(report, site.today),
        authors=meta.author_names,
        categories=[(t, site.facet_label("theme", t)) for t in meta.theme],
        summary=meta.summary,
        language=meta.language,
    )


def write_feeds(site: Site, site_dir: Path) -> None:
    """Write the site-wide feed and one per wijk, thema and instelling that has a page."""
    ET.register_namespace("", ATOM)
    reports = published_reports(site)
    _write(site_dir / SITE_FEED, build_feed(site, reports))
    for facet in FEED_FACETS:
        groups: dict[str, list[Report]] = defaultdict(list)
        for report in reports:
            for value in site.facet_values(report, facet):
                groups[value].append(report)
        # every facet page links its feed: a preview-only page gets an empty feed, not a 404
        for value in sorted(set(groups) | set(site.by_facet[facet])):
            _write(site_dir / feed_uri(facet, value), build_feed(site, groups[value], facet, value))
    # mkdocs-material reads every <link rel="alternate"> as a translation of the site and asks
    # for sitemap.xml beside it: an empty one per feed folder, instead of a 404 on every page
    for folder in {
        (site_dir / SITE_FEED).parent,
        *(p.parent for p in (site_dir / "feeds").rglob("*.xml")),
    }:
        (folder / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")


def _write(path: Path, tree: ET.ElementTree) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def write_feed(path: Path, feed: ET.Element) -> None:
    """Write a feed made with :func:`new_feed`, indented, with an empty sitemap beside it
    (mkdocs-material asks for one next to every <link rel="alternate">)."""
    ET.register_namespace("", ATOM)
    ET.indent(feed)
    _write(path, ET.ElementTree(feed))
    (path.parent / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")


# -- links from the pages ---------------------------------------------------------------------


def _macros():  # type: ignore[no-untyped-def]
    return environment().get_template("_feeds.html.j2").module


def feed_block(site: Site, facet: str, value: str, reports: list[Report]) -> str:
    """The visible "follow" link on a wijk, thema or instelling page."""
    if facet not in FEED_FACETS:
        return ""
    here = site.facet_url(facet, value)
    # Markup: already escaped by the macro, so the page template keeps it as HTML
    html: str = _macros().follow_link(
        href=relative_url(here, feed_uri(facet, value)),
        label=site.facet_label(facet, value),
        help_href=relative_url(here, FOLLOW_PAGE),
    )
    return html


def feed_head(site: Site, facet: str, value: str, reports: list[Report]) -> str:
    """<link rel="alternate"> in the head, so browsers and feed readers find the feed."""
    if facet not in FEED_FACETS:
        return ""
    here = site.facet_url(facet, value)
    return str(
        _macros().alternate_link(
            href=relative_url(here, feed_uri(facet, value)), title=feed_title(site, facet, value)
        )
    )
