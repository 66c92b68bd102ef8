"""Atom feeds of new open questions: one of every open question (feeds/vragen.xml) and one per
level (feeds/vragen/hbo.xml …), so a docent can follow the questions that suit their students.
Made with the site's own feed writer (wijs.outputs.feeds); dates come from the questions."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from wijs.model import FIRST_YEAR
from wijs.outputs.feeds import SITE_TITLE, add_entry, new_feed, write_feed
from wijs.pages.site import Site
from wijs.questions.model import URL, Question

ALL_FEED = "feeds/vragen.xml"
SUBTITLE = "Open onderzoeksvragen van WIJ-teams, scholen en bewoners in Groningen, via WIJS."


def feed_uri(level: str | None = None) -> str:
    """'feeds/vragen.xml', or 'feeds/vragen/hbo.xml' for one level."""
    return ALL_FEED if level is None else f"feeds/vragen/{level}.xml"


def feed_title(site: Site, level: str | None = None) -> str:
    if level is None:
        return f"Open vragen — {SITE_TITLE}"
    return f"Open vragen voor {site.vocabulary.levels.label(level)} — {SITE_TITLE}"


@dataclass(frozen=True)
class FeedLinks:
    all: str
    levels: list[tuple[str, str, str]]  # id, label, feed


def feed_links(site: Site) -> FeedLinks:
    """The feeds /vragen/ links: every level of the vocabulary has one (perhaps empty)."""
    return FeedLinks(feed_uri(), [(t.id, t.label, feed_uri(t.id)) for t in site.vocabulary.levels])


def build_feed(site: Site, questions: list[Question], level: str | None = None) -> ET.Element:
    uri = feed_uri(level)
    updated = max((q.meta.asked for q in questions), default=dt.date(FIRST_YEAR, 1, 1))
    feed = new_feed(site, uri, feed_title(site, level), URL, updated, SUBTITLE)
    for question in questions:
        meta = question.meta
        add_entry(
            site,
            feed,
            uri,
            url=question.url,
            title=meta.title,
            published=meta.asked,
            updated=meta.asked,
            authors=[meta.asked_by],
            categories=[(t, site.facet_label("theme", t)) for t in meta.theme],
            summary=meta.question,
            language="nl",
        )
    return feed


def write_question_feeds(site: Site, site_dir: Path) -> None:
    """OUTPUT_WRITERS: the feed of all open questions and one per level, newest first."""
    open_questions = site.vraagbank.open
    write_feed(site_dir / feed_uri(), build_feed(site, open_questions))
    for level in site.vocabulary.levels:
        chosen = [q for q in open_questions if level.id in q.meta.level]
        write_feed(site_dir / feed_uri(level.id), build_feed(site, chosen, level.id))
