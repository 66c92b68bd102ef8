"""The vraagbank in numbers: questions asked, answered and still open, per year, per wijk and
per commissioner, and the time from question to answer. /inzichten/ (and its CSV files) and
the jaarverslag count with these functions, so they give the same numbers."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wijs.insights import Cell, Table
from wijs.pages.site import Site
from wijs.questions.links import Vraagbank
from wijs.questions.model import Question
from wijs.vocabulary import fold

NO_ANSWER_YET = "—"
COLUMNS = ["Gesteld", "Beantwoord", "Nog open", "Vervallen"]
DAYS = "Dagen tot antwoord (mediaan)"


def median_days(days: Iterable[int | None]) -> Cell:
    """The median number of days, rounded; '—' when nothing was answered."""
    known = [d for d in days if d is not None]
    return round(statistics.median(known)) if known else NO_ANSWER_YET


def _row(vb: Vraagbank, questions: list[Question]) -> list[Cell]:
    statuses = [vb.status(q) for q in questions]
    return [
        len(questions),
        statuses.count("beantwoord"),
        statuses.count("open") + statuses.count("in-behandeling"),
        statuses.count("vervallen"),
        median_days(vb.days_to_answer(q) for q in questions),
    ]


def _grouped(
    questions: list[Question], keys: Callable[[Question], list[str]]
) -> dict[str, list[Question]]:
    groups: dict[str, list[Question]] = {}
    for question in questions:
        for key in keys(question):
            groups.setdefault(key, []).append(question)
    return groups


def per_year(site: Site) -> Table:
    """Per year asked: how many questions were asked, and how many of those are answered,
    still open (open or in behandeling) or lapsed now."""
    vb = site.vraagbank
    groups = _grouped(vb.questions, lambda q: [str(q.meta.asked.year)])
    rows = [[year, *_row(vb, groups[year])] for year in sorted(groups)]
    if rows:
        rows.append(["Totaal", *_row(vb, vb.questions)])
    return Table("vragen-per-jaar", "Vragen per jaar", ["Jaar", *COLUMNS, DAYS], rows)


def per_wijk(site: Site) -> Table:
    """Per wijk (in vocabulary order): a question about two wijken counts in both."""
    vb = site.vraagbank
    groups = _grouped(vb.questions, lambda q: list(q.meta.neighbourhood))
    rows = [
        [term.label, *_row(vb, groups[term.id])]
        for term in site.vocabulary.wijken
        if term.id in groups
    ]
    return Table("vragen-per-wijk", "Vragen per wijk", ["Wijk", *COLUMNS, DAYS], rows)


def commissioner_key(question: Question) -> str:
    """One commissioner however it is capitalised or spaced: 'WIJ Selwerd' = 'wij  selwerd'."""
    return fold(question.meta.asked_by)


def per_commissioner(site: Site) -> Table:
    """Per commissioner (who asked), most questions first."""
    vb = site.vraagbank
    groups = _grouped(vb.questions, lambda q: [commissioner_key(q)])
    names = {commissioner_key(q): q.meta.asked_by for q in reversed(vb.questions)}
    ordered = sorted(groups, key=lambda key: (-len(groups[key]), key))
    rows = [[names[key], *_row(vb, groups[key])] for key in ordered]
    return Table(
        "vragen-per-opdrachtgever",
        "Vragen per opdrachtgever",
        ["Opdrachtgever", *COLUMNS, DAYS],
        rows,
    )


def time_to_answer(site: Site) -> Table:
    """Every answered question: when it was asked and answered, and the days in between."""
    vb = site.vraagbank
    answered = [q for q in vb.questions if vb.answered_on(q) is not None]
    answered.sort(key=lambda q: (vb.answered_on(q) or q.meta.asked, q.slug))
    rows: list[list[Cell]] = [
        [
            q.meta.title,
            q.meta.asked.isoformat(),
            (vb.answered_on(q) or q.meta.asked).isoformat(),
            vb.days_to_answer(q) or 0,
        ]
        for q in answered
    ]
    return Table(
        "tijd-tot-antwoord",
        "Tijd van vraag tot antwoord",
        ["Vraag", "Gesteld", "Beantwoord", "Dagen"],
        rows,
    )


def question_tables(site: Site) -> list[Table]:
    """The vraagbank's tables on /inzichten/ (each also a CSV file there)."""
    if not site.vraagbank.questions:
        return []
    return [per_year(site), per_wijk(site), per_commissioner(site), time_to_answer(site)]


# -- one period, for the jaarverslag -----------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    label: str
    asked: int
    answered: int
    still_open: int


@dataclass(frozen=True)
class PeriodQuestions:
    """The vraagbank in one period (a year or school year): questions asked in it, answered in
    it (their first published answer appeared in it), and open at its end."""

    asked: list[Question]
    answered: list[Question]
    still_open: list[Question]
    median_days: Cell
    per_wijk: list[PeriodRow]
    per_commissioner: list[PeriodRow]
    answers: dict[str, list[tuple[str, str]]]  # slug → (title, url) of the published answers

    @property
    def any(self) -> bool:
        return bool(self.asked or self.answered or self.still_open)


def period_questions(site: Site, start: dt.date, end: dt.date) -> PeriodQuestions:
    vb = site.vraagbank

    def answered_by(question: Question, day: dt.date) -> bool:
        answered = vb.answered_on(question)
        return answered is not None and answered <= day

    asked = [q for q in vb.questions if start <= q.meta.asked <= end]
    answered = [
        q for q in vb.questions if (day := vb.answered_on(q)) is not None and start <= day <= end
    ]
    # a lapsed question has no date of lapsing: it is left out of 'still open'
    still_open = [
        q
        for q in vb.questions
        if q.meta.asked <= end and not answered_by(q, end) and vb.status(q) != "vervallen"
    ]

    def rows(keys: Callable[[Question], list[str]], label: Callable[[str], str]) -> list[PeriodRow]:
        groups: dict[str, tuple[set[str], set[str], set[str]]] = {}
        for kind, questions in enumerate((asked, answered, still_open)):
            for question in questions:
                for key in keys(question):
                    groups.setdefault(key, (set(), set(), set()))[kind].add(question.slug)
        made = [PeriodRow(label(key), len(a), len(b), len(c)) for key, (a, b, c) in groups.items()]
        return sorted(
            made, key=lambda row: (-(row.asked + row.answered + row.still_open), row.label)
        )

    names = {commissioner_key(q): q.meta.asked_by for q in reversed(vb.questions)}
    return PeriodQuestions(
        asked,
        answered,
        still_open,
        median_days(vb.days_to_answer(q) for q in answered),
        rows(lambda q: list(q.meta.neighbourhood), lambda w: site.facet_label("neighbourhood", w)),
        rows(lambda q: [commissioner_key(q)], names.__getitem__),
        {q.slug: [(r.meta.title, r.url) for r in vb.published_answers(q)] for q in answered},
    )
