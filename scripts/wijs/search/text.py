"""What search finds of a report: its Markdown as plain words and every other part that is
searched (one function, :func:`searchable`, for the site's index and for `wijs search`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wijs.model import Report
from wijs.vocabulary import Vocabulary

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CITATION = re.compile(r"\[?-?@[\w:.#$%&+?<>~/-]+(?:,[^\]]*)?\]?")
_TAG = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[#*_`>|~]+|^\s*[-+]\s+|\{[:.#][^}]*\}", re.M)
_SPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """Markdown without its markup: the words a reader sees, on one line."""
    text = _FENCE.sub(" ", markdown)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _CITATION.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class SearchText:
    """Everything of a report that search finds, in parts that weigh differently. The one
    source of both indexes: the site's Pagefind records and the Whoosh index of `wijs search`."""

    title: str  # the title: matches here rank first
    summary: str  # subtitle, summary and the summary's translations
    findings: str  # findings and recommendations
    tags: str  # keywords, the labels of wijk, thema, instelling, niveau and type, commissioner
    people: str  # authors and supervisors
    body: str  # the body as plain text

    @property
    def gist(self) -> str:
        """All but title and body: searched with more weight than the body."""
        return " ".join(p for p in (self.summary, self.findings, self.tags, self.people) if p)

    @property
    def lead(self) -> str:
        """Summary, findings and recommendations: where result fragments come from."""
        return " ".join(p for p in (self.summary, self.findings) if p)


def searchable(report: Report, vocabulary: Vocabulary) -> SearchText:
    """What search finds of ``report``: the whole text, people and the labels of its facets."""
    meta = report.meta
    labels = [vocabulary.wijken.label(w) for w in meta.neighbourhood]
    labels += [vocabulary.themes.label(t) for t in meta.theme]
    labels += [vocabulary.institutions.label(i) for i in meta.institution]
    labels += [vocabulary.levels.label(level) for level in meta.level]
    labels += [vocabulary.types.label(meta.type), meta.commissioner or ""]
    return SearchText(
        title=meta.title,
        summary=_join(
            [meta.subtitle or "", meta.summary, *(t.text for t in meta.summary_translations)]
        ),
        findings=_join([*meta.findings, *meta.recommendations]),
        tags=_join([*meta.keywords, *labels]),
        people=_join([*meta.author_names, *meta.supervisors]),
        body=plain_text(report.body),
    )


def _join(parts: list[str]) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())
