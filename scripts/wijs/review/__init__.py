"""``wijs review``: what a docent needs to judge a submitted report in a minute, as data.

For each report: its metadata, every check result (privacy findings apart), the words per
chapter and what a docent would send back (``review.content``), references, figures without
alt text, broken links, similar published research, consent and the teams asked to review.
Rendered as a pull-request comment or JSON by ``review.render``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wijs.checks.files import local_target
from wijs.checks.privacy import ExceptionUse, list_exceptions
from wijs.corpus import ReportCache, load_corpus
from wijs.diagnostics import Diagnostic, Severity
from wijs.errors import WijsError
from wijs.markdown_links import iter_links
from wijs.model import Report
from wijs.research import VOCABULARY_FILE, Corpus, find_report_files
from wijs.review.changes import Scope
from wijs.review.content import Chapter, chapters, content_warnings, count_words
from wijs.review.related import Related, find_related
from wijs.vocabulary import Vocabulary, load_vocabulary

PRIVACY_PREFIX = "privacy-"


@dataclass(frozen=True)
class References:
    count: int = 0
    with_doi: int = 0
    problem: str = ""  # why references.bib could not be read


@dataclass(frozen=True)
class LinkProblem:
    line: int
    target: str


@dataclass(frozen=True)
class ConsentStatus:
    present: bool
    authors: bool | None = None
    commissioner: str = ""  # name, or "not-applicable"
    commissioner_date: str = ""
    respondents: str = ""  # anonymised | consent-on-file | no-respondents

    @property
    def complete(self) -> bool:
        return self.present and bool(self.authors)


@dataclass
class ReportReview:
    """Everything the review shows about one report; ``report`` is None when it can't be read."""

    path: str
    report: Report | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    privacy: list[Diagnostic] = field(default_factory=list)
    word_count: int = 0
    references: References = field(default_factory=References)
    figures_without_alt: list[LinkProblem] = field(default_factory=list)
    broken_links: list[LinkProblem] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    consent: ConsentStatus = field(default_factory=lambda: ConsentStatus(False))
    review_teams: list[str] = field(default_factory=list)
    privacy_exceptions: list[ExceptionUse] = field(default_factory=list)
    #: What will be published: the body's chapters with their words.
    chapters: list[Chapter] = field(default_factory=list)
    #: Each reason a docent would send the report back (thin chapters, no method…).
    content: list[Diagnostic] = field(default_factory=list)

    def by_severity(self, severity: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity(severity)]

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics + self.privacy)


@dataclass
class Review:
    reports: list[ReportReview]
    vocabulary: Vocabulary
    scope: Scope | None = None  # a pull request's: what it changes outside one report folder

    @property
    def review_teams(self) -> list[str]:
        teams: list[str] = []
        for item in self.reports:
            teams += [t for t in item.review_teams if t not in teams]
        return teams


def review_reports(
    research_dir: Path,
    paths: list[Path],
    *,
    cache: ReportCache | None = None,
    scope: Scope | None = None,
) -> Review:
    """Review the reports at ``paths`` (index.md files or their folders) against the corpus.

    Raises WijsError when the vocabulary is unusable or (a usage error, ``no-reports``) when
    paths hold no report.
    """
    if not paths:
        return Review([], load_vocabulary(research_dir / VOCABULARY_FILE), scope)
    # absolute paths throughout, so every diagnostic names a file the same way
    research_dir = research_dir.resolve()
    files = [f.resolve() for f in find_report_files(research_dir, [p.resolve() for p in paths])]
    if not files:
        shown = ", ".join(str(p) for p in paths)
        raise WijsError.one("no-reports", f"Geen index.md gevonden in {shown}.", usage=True)
    cache = cache or ReportCache()
    everything = load_corpus(research_dir, cache=cache)
    checked = load_corpus(research_dir, files, cache=cache, vocabulary=everything.vocabulary)
    by_file = {r.path: r for r in checked.reports}
    reviews = []
    for file in files:
        shown = _shown(file, research_dir)
        report = by_file.get(file)
        own = [d for d in checked.diagnostics if d.path == shown]
        reviews.append(review_report(shown, report, own, everything))
    return Review(reviews, everything.vocabulary, scope)


def review_report(
    shown: str, report: Report | None, diagnostics: list[Diagnostic], corpus: Corpus
) -> ReportReview:
    item = ReportReview(
        path=shown,
        report=report,
        diagnostics=[d for d in diagnostics if not d.code.startswith(PRIVACY_PREFIX)],
        privacy=[d for d in diagnostics if d.code.startswith(PRIVACY_PREFIX)],
    )
    if report is None:
        return item
    item.word_count = count_words(report.body)
    item.chapters = chapters(report)
    item.content = content_warnings(shown, report, item.chapters)
    item.references = read_references(report.folder / "references.bib")
    item.figures_without_alt, item.broken_links = link_problems(report)
    item.related = find_related(report, corpus)
    item.consent = consent_status(report)
    item.privacy_exceptions = list_exceptions([report])
    institutions = corpus.vocabulary.institutions
    item.review_teams = [
        institutions.get(i).review_team
        for i in report.meta.institution
        if i in institutions and institutions.get(i).review_team
    ]
    return item


def read_references(path: Path) -> References:
    """How many entries references.bib has, and how many of them carry a DOI."""
    if not path.is_file():
        return References()
    from pybtex.database import parse_string
    from pybtex.exceptions import PybtexError

    try:
        text = path.read_text(encoding="utf-8-sig")
        data = parse_string(text, "bibtex")
    except (OSError, UnicodeDecodeError, PybtexError) as exc:
        return References(problem=str(exc).strip() or type(exc).__name__)
    entries = list(data.entries.values())
    with_doi = sum(1 for entry in entries if str(entry.fields.get("doi", "")).strip())
    return References(len(entries), with_doi)


def link_problems(report: Report) -> tuple[list[LinkProblem], list[LinkProblem]]:
    """(images without alt text, local links to files that do not exist or lie outside)."""
    no_alt: list[LinkProblem] = []
    broken: list[LinkProblem] = []
    for link in iter_links(report.body):
        line = report.body_line + link.line - 1
        if link.is_image and not link.text.strip():
            no_alt.append(LinkProblem(line, link.target))
        target = local_target(link.target)
        if not target:
            continue
        outside = target.startswith("/") or ".." in Path(target).parts
        if outside or not (report.folder / target).exists():
            broken.append(LinkProblem(line, link.target))
    return no_alt, broken


def consent_status(report: Report) -> ConsentStatus:
    consent = report.meta.consent
    if consent is None:
        return ConsentStatus(False)
    commissioner: str = consent.commissioner if isinstance(consent.commissioner, str) else ""
    date = ""
    if consent.commissioner is not None and not isinstance(consent.commissioner, str):
        commissioner, date = consent.commissioner.name, consent.commissioner.date.isoformat()
    return ConsentStatus(True, consent.authors, commissioner, date, consent.respondents or "")


def _shown(path: Path, research_dir: Path) -> str:
    """The path as diagnostics name it: relative to the folder above research/."""
    try:
        return path.resolve().relative_to(research_dir.resolve().parent).as_posix()
    except ValueError:
        return str(path)


__all__ = [
    "PRIVACY_PREFIX",
    "ReportReview",
    "Review",
    "count_words",
    "read_references",
    "review_reports",
]
