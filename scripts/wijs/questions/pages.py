"""The vraagbank on the site: /vragen/ (every question, the open ones first, filterable by wijk,
thema and niveau), a page per question with the reports that answer it, the open questions on
wijk and thema pages and the question on the page of the report that answers it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from wijs.model import Report
from wijs.pages.render import environment, page_markdown, raw, render
from wijs.pages.site import GeneratedPage, Site, relative_url
from wijs.questions.feeds import feed_links, feed_title
from wijs.questions.model import URL, Question
from wijs.sanitize import mark_body

SCRIPT_URI = "assets/wijs/vragen.js"

#: The filters of /vragen/: name in the URL → (front-matter field, label, the 'all' option).
FILTERS: dict[str, tuple[str, str, str]] = {
    "wijk": ("neighbourhood", "Wijk", "Alle wijken"),
    "thema": ("theme", "Thema", "Alle thema's"),
    "niveau": ("level", "Niveau", "Alle niveaus"),
}
#: The facet pages that list their open questions, with the filter of /vragen/ they link to.
FACET_FILTERS = {"neighbourhood": "wijk", "theme": "thema"}


def plan(site: Site) -> list[GeneratedPage]:
    """/vragen/ and a page per question (every status: a link to a question keeps working)."""
    return [index_page(site), *(question_page(site, q) for q in site.vraagbank.questions)]


def index_page(site: Site) -> GeneratedPage:
    vb = site.vraagbank
    questions = vb.questions
    filters = []
    for name, (field, legend, everything) in FILTERS.items():
        used = {v for q in questions for v in getattr(q.meta, field)}
        terms = site.vocabulary.kind(field)
        values = [(t.id, t.label) for t in terms if t.id in used]
        filters.append((name, legend, everything, values))
    open_ = vb.with_status("open")
    busy = vb.with_status("in-behandeling")
    answered = vb.with_status("beantwoord")
    body = render(
        "vragen_index.md.j2",
        site=site,
        vb=vb,
        here=URL,
        questions=questions,
        open=open_,
        busy=busy,
        answered=answered,
        lapsed=vb.with_status("vervallen"),
        counts={"open": len(open_), "busy": len(busy), "answered": len(answered)},
        filters=filters,
        feeds=feed_links(site),
        script=SCRIPT_URI,
    )
    meta = {
        "title": "Vragen uit de stad",
        "description": "Onderzoeksvragen van WIJ-teams, scholen en bewoners in Groningen, "
        "open en beantwoord.",
        "hide": ["toc"],
        "wijs_head": feed_head(site, URL),
    }
    return GeneratedPage(f"{URL}index.md", page_markdown(meta, body))


def feed_head(site: Site, here: str) -> str:
    """<link rel="alternate"> for every feed of open questions, for browsers and feed readers."""
    macros: Any = environment().get_template("_feeds.html.j2").module
    links = feed_links(site)
    feeds = [(links.all, feed_title(site))]
    feeds += [(href, feed_title(site, level)) for level, _, href in links.levels]
    return "\n".join(
        str(macros.alternate_link(href=relative_url(here, href), title=title))
        for href, title in feeds
    )


def question_page(site: Site, question: Question) -> GeneratedPage:
    vb = site.vraagbank
    here = question.url
    top = render(
        "vraag_page.md.j2",
        site=site,
        vb=vb,
        q=question,
        m=question.meta,
        here=here,
        index=URL,
        answered_on=vb.answered_on(question),
        days=vb.days_to_answer(question),
        wijken=_links(site, "neighbourhood", question.meta.neighbourhood),
        themes=_links(site, "theme", question.meta.theme),
        levels=[(v, site.vocabulary.levels.label(v)) for v in question.meta.level],
    )
    parts = [top]
    body = question.body.strip("\n")
    if body.strip():
        # the commissioner's own Markdown: cleaned as strictly as a report's body
        parts.append(
            '<h2 id="context">Context</h2>\n\n'
            + mark_body(f'<div class="wijs-body" lang="nl" markdown="1">\n\n{body}\n\n</div>')
        )
    answers = vb.answers(question)
    if answers:
        parts.append(render("vraag_answers.html.j2", answers=answers, site=site, here=here))
    parts.append(
        f'<p><a href="{Markup.escape(relative_url(here, URL))}">Alle vragen uit de stad</a></p>'
    )
    meta = {"title": question.meta.title, "description": question.meta.question[:300]}
    return GeneratedPage(f"{here}index.md", page_markdown(meta, "\n\n".join(parts)), untrusted=True)


def _links(site: Site, facet: str, values: list[str]) -> list[tuple[str, str]]:
    """(label, url) per value; no url when the wijk or thema has no page (no research yet)."""
    pages = site.by_facet[facet]
    return [
        (site.facet_label(facet, v), site.facet_url(facet, v) if v in pages else "") for v in values
    ]


# -- blocks on other pages ---------------------------------------------------------------------


def facet_block(site: Site, facet: str, value: str, reports: list[Report]) -> str:
    """FACET_BLOCKS_TOP: the open questions about this wijk or thema."""
    param = FACET_FILTERS.get(facet)
    if param is None:
        return ""
    questions = site.vraagbank.open_for(facet, value)
    if not questions:
        return ""
    label = site.facet_label(facet, value)
    heading = (
        f"Open vragen over {label}"
        if facet == "neighbourhood"
        else (f"Open vragen over {label.lower()}")
    )
    return raw(
        render(
            "vragen_facet.html.j2",
            heading=heading,
            questions=questions,
            vb=site.vraagbank,
            site=site,
            here=site.facet_url(facet, value),
            index=URL,
            param=param,
            value=value,
            label=label if facet == "neighbourhood" else label.lower(),
        )
    )


def report_section(report: Report, site: Site) -> str:
    """REPORT_SECTIONS: the questions from the city this report answers."""
    questions = site.vraagbank.questions_of(report)
    if not questions:
        return ""
    return render("vraag_report.html.j2", questions=questions, here=report.url)


def report_page_key(report: Report, site: Site) -> str:
    """What the report's page shows of the vraagbank: the page is made again when it changes."""
    return "".join(q.digest for q in site.vraagbank.questions_of(report))


def write_question_assets(site: Site, site_dir: Path) -> None:
    """OUTPUT_WRITERS: the script that filters /vragen/."""
    target = site_dir / SCRIPT_URI
    target.parent.mkdir(parents=True, exist_ok=True)
    source = resources.files("wijs") / "assets" / "vragen.js"
    target.write_bytes(source.read_bytes())
