"""A review as a pull-request comment (Markdown, with a hidden marker so the workflow updates one
comment) or as JSON for scripts and the workflow's review routing."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined

from wijs.diagnostics import Diagnostic
from wijs.model import LICENSE_LABELS, STATUS_LABELS
from wijs.review import ReportReview, Review, count_words

MARKER = "<!-- wijs-review -->"

#: What the docent judges that no check can: the checklist under every review.
CHECKLIST = (
    "De onderzoeksvraag is helder en staat in het rapport.",
    "De methode past bij de onderzoeksvraag.",
    "Toestemming (consent) is geregeld en respondenten zijn niet herkenbaar.",
    "De bevindingen worden gedragen door de gegevens.",
    "De aanbevelingen zijn bruikbaar voor WIJ of de gemeente.",
    "Taal: begrijpelijk voor lezers zonder onderzoeksachtergrond, zonder storende fouten.",
)
OUTSIDE_SHOWN = 30  # paths outside a report folder listed in the comment; the rest counted
CHAPTERS_SHOWN = 40  # chapters in the word-count table; the rest counted
SEVERITIES = (("error", "Fouten"), ("warning", "Waarschuwingen"), ("info", "Meldingen"))
RESPONDENTS = {
    "anonymised": "geanonimiseerd",
    "consent-on-file": "toestemming vastgelegd",
    "no-respondents": "geen respondenten",
}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
# Control characters, and the format characters that turn text around or hide it (bidi
# overrides, zero-width spaces): shown as an escape, so a name cannot fake what a reader sees.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
# In prose only what breaks lines or turns text around goes (joiners stay: Arabic, emoji).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\u{ord(char):04x}")


def markdown_text(value: object) -> str:
    """Plain text safe inside a table cell or line of a GitHub comment: on one line, no markup,
    no @-mentions (they would notify people), no HTML or entities."""
    text = _CONTROL.sub("", " ".join(str(value).split()))
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("@", "@\u200b")


def code_text(value: object) -> str:
    """A whole code span showing ``value`` as it is: line breaks and other invisible characters
    as escapes (``\\n``), fenced by more backticks than the value holds, so nothing can end the
    span, start a heading or become a mention, a link or HTML. Not for table cells (``|``)."""
    text = _INVISIBLE.sub(_visible, str(value)) or " "
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def url_path(value: object) -> str:
    """A site path inside a Markdown link target: percent-encoded, so it cannot end the link."""
    return quote(str(value), safe="/-._~")


def render_markdown(review: Review, site_url: str = "") -> str:
    vocabulary = review.vocabulary

    def labels(kind: str, ids: list[str]) -> str:
        terms = vocabulary.kind(kind)
        return ", ".join(markdown_text(terms.label(i)) for i in ids)

    text = (
        _environment()
        .get_template("review.md.j2")
        .render(
            review=review,
            labels=labels,
            site_url=site_url.rstrip("/") + "/" if site_url else "",
            MARKER=MARKER,
            OUTSIDE_SHOWN=OUTSIDE_SHOWN,
            CHAPTERS_SHOWN=CHAPTERS_SHOWN,
            CHECKLIST=CHECKLIST,
            SEVERITIES=SEVERITIES,
            RESPONDENTS=RESPONDENTS,
            STATUS_LABELS=STATUS_LABELS,
            LICENSE_LABELS=LICENSE_LABELS,
        )
    )
    return re.sub(r"\n{3,}", "\n\n", text)


def render_json(review: Review, site_url: str = "") -> str:
    data = {
        "scope": review.scope.as_dict() if review.scope else None,
        "review_teams": review.review_teams,
        "reports": [_report_data(item, site_url) for item in review.reports],
        "checklist": list(CHECKLIST),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _report_data(item: ReportReview, site_url: str) -> dict[str, Any]:
    def diagnostics(found: list[Diagnostic]) -> list[dict[str, object]]:
        return [d.as_dict() for d in found]

    data: dict[str, Any] = {
        "path": item.path,
        "readable": item.report is not None,
        "diagnostics": {s: diagnostics(item.by_severity(s)) for s, _ in SEVERITIES},
        "privacy": diagnostics(item.privacy),
        "privacy_exceptions": [
            {"value": e.value, "reason": e.reason, "line": e.line, "uses": e.uses}
            for e in item.privacy_exceptions
        ],
        "review_teams": item.review_teams,
    }
    report = item.report
    if report is None:
        return data
    data.update(
        key=report.key,
        url=(site_url.rstrip("/") + "/" if site_url else "") + report.url,
        meta=report.meta.model_dump(mode="json", exclude_none=True),
        word_count=item.word_count,
        chapters=[asdict(c) for c in item.chapters],
        content=diagnostics(item.content),
        references=asdict(item.references),
        figures_without_alt=[asdict(p) for p in item.figures_without_alt],
        broken_links=[asdict(p) for p in item.broken_links],
        related=[asdict(r) for r in item.related],
        consent={**asdict(item.consent), "complete": item.consent.complete},
    )
    return data


def _nl_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("wijs", "templates"),
        autoescape=False,  # Markdown for GitHub: values are escaped by the md filter instead
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["code"] = code_text
    env.filters["url"] = url_path
    env.filters["nl_number"] = _nl_number
    env.filters["words"] = count_words
    return env
