"""The questions together with the reports that answer them (``answers:`` in a report): which
reports answer a question, which questions a report answers, the status a question shows and
when it was answered. Site, checks, feeds, open data, insights and jaarverslag all ask this."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from wijs.model import Report, published_on
from wijs.questions.model import Question


def answering(reports: Iterable[Report]) -> dict[str, list[Report]]:
    """Question slug → the reports that name it in ``answers:``, newest first."""
    found: dict[str, list[Report]] = defaultdict(list)
    for report in sorted(reports, key=lambda r: (r.sort_date, r.key), reverse=True):
        for slug in dict.fromkeys(report.meta.answers):
            found[slug].append(report)
    return dict(found)


def answered_day(report: Report) -> dt.date:
    """The day a published report answered its questions: the day it appeared."""
    return published_on(report) or report.sort_date


@dataclass
class Vraagbank:
    """All questions, newest first, with the reports that answer them.

    ``reports`` are the reports the site shows (in a preview also drafts); only published ones
    make a question 'beantwoord' or count in the figures."""

    questions: list[Question]
    reports: list[Report]
    today: dt.date = field(default_factory=dt.date.today)

    @classmethod
    def of(
        cls, questions: Iterable[Question], reports: Iterable[Report], today: dt.date
    ) -> Vraagbank:
        ordered = sorted(questions, key=lambda q: (q.meta.asked, q.slug), reverse=True)
        return cls(ordered, list(reports), today)

    @cached_property
    def by_slug(self) -> dict[str, Question]:
        return {q.slug: q for q in self.questions}

    @cached_property
    def _answers(self) -> dict[str, list[Report]]:
        return answering(self.reports)

    def answers(self, question: Question) -> list[Report]:
        """The reports shown on the site that answer ``question``, newest first."""
        return self._answers.get(question.slug, [])

    def published_answers(self, question: Question) -> list[Report]:
        return [r for r in self.answers(question) if r.is_published(self.today)]

    def questions_of(self, report: Report) -> list[Question]:
        """The questions a report answers, in the order it names them (unknown slugs left out:
        ``wijs check`` reports them)."""
        return [self.by_slug[s] for s in dict.fromkeys(report.meta.answers) if s in self.by_slug]

    def status(self, question: Question) -> str:
        """The status the site shows: as written, except that a question is only 'beantwoord'
        once a published report answers it (until then: 'in-behandeling')."""
        declared: str = question.meta.status
        if declared == "beantwoord" and not self.published_answers(question):
            return "in-behandeling"
        return declared

    def answered_on(self, question: Question) -> dt.date | None:
        """The day the first published answer appeared; None while unanswered."""
        if self.status(question) != "beantwoord":
            return None
        return min(answered_day(r) for r in self.published_answers(question))

    def days_to_answer(self, question: Question) -> int | None:
        """Days from asking to the first published answer (0 when research had already
        answered it when it was asked)."""
        answered = self.answered_on(question)
        if answered is None:
            return None
        return max(0, (answered - question.meta.asked).days)

    def with_status(self, *statuses: str) -> list[Question]:
        return [q for q in self.questions if self.status(q) in statuses]

    @property
    def open(self) -> list[Question]:
        return self.with_status("open")

    def open_for(self, facet: str, value: str) -> list[Question]:
        """Open questions about one wijk or thema (``facet``: 'neighbourhood' or 'theme')."""
        return [q for q in self.open if value in getattr(q.meta, facet)]

    @cached_property
    def digest(self) -> str:
        """Changes when any question or its answers change: pages that show questions are made
        again in the live preview (wijs.pages.reuse)."""
        hasher = hashlib.sha256()
        for question in self.questions:
            hasher.update(question.digest.encode("ascii") + self.status(question).encode())
            for report in self.answers(question):
                hasher.update(report.key.encode("utf-8") + report.digest.encode("ascii"))
        return hasher.hexdigest()
