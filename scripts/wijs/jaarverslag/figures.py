"""The figures of an annual overview: which published reports fall in a period, their totals,
the change against the period before, counts per wijk/thema/instelling and the white spots."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from wijs.errors import WijsError
from wijs.model import Report
from wijs.pages.site import Site
from wijs.questions.figures import PeriodQuestions, period_questions
from wijs.vocabulary import Term, fold

#: The totals in the order they are shown, with their Dutch label.
TOTALS: dict[str, str] = {
    "reports": "Gepubliceerde onderzoeken",
    "authors": "Studenten (auteurs)",
    "programmes": "Opleidingen",
    "institutions": "Onderwijsinstellingen",
    "levels": "Onderwijsniveaus",
    "commissioners": "Opdrachtgevers",
    "wijken": "Wijken bereikt",
}

#: The facets that get a table and a chart, with their Dutch heading.
TABLE_FACETS: dict[str, str] = {
    "neighbourhood": "Wijk",
    "theme": "Thema",
    "institution": "Instelling",
}

SCHOOL_YEAR = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{4})\s*$")


def no_research(period: Period, available: list[Period]) -> WijsError:
    """No published research in the period (code ``no-research``); the hint names the periods
    that have some."""
    if available:
        names = ", ".join(p.label for p in available)
        hint = f"Er is wel gepubliceerd onderzoek in: {names}."
    else:
        hint = "Er is nog helemaal geen gepubliceerd onderzoek."
    return WijsError.one("no-research", f"Geen gepubliceerd onderzoek in {period.title}.", hint)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar year (1 januari – 31 december) or a school year (1 september – 31 augustus)."""

    start: dt.date
    end: dt.date  # inclusive
    school: bool = False

    @property
    def label(self) -> str:
        """'2024' or '2023-2024'."""
        if self.school:
            return f"{self.start.year}-{self.end.year}"
        return str(self.start.year)

    @property
    def title(self) -> str:
        """'2024' or 'schooljaar 2023-2024', as it reads in a sentence."""
        return f"schooljaar {self.label}" if self.school else self.label

    @property
    def slug(self) -> str:
        return f"schooljaar-{self.label}" if self.school else self.label

    @property
    def previous(self) -> Period:
        if self.school:
            return school_year(self.start.year - 1)
        return calendar_year(self.start.year - 1)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def calendar_year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def school_year(first_year: int) -> Period:
    """The school year that starts on 1 September of ``first_year``."""
    return Period(dt.date(first_year, 9, 1), dt.date(first_year + 1, 8, 31), school=True)


def parse_school_year(text: str) -> Period:
    """'2023-2024' (or 2023/2024) → that school year; ValueError when it is not one."""
    match = SCHOOL_YEAR.match(text)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValueError(
            f"'{text}' is geen schooljaar. "
            "Schrijf twee opeenvolgende jaren, bijvoorbeeld 2023-2024."
        )
    return school_year(int(match.group(1)))


def choose_period(year: int | None, school: str | None) -> Period:
    """The period asked for on the command line: a year, or a school year (with or without
    one of its two years); ValueError explains what is wrong."""
    if school is None:
        if year is None:
            raise ValueError("Geef een jaar (bijvoorbeeld 2024) of --schooljaar 2023-2024.")
        return calendar_year(year)
    period = parse_school_year(school)
    if year is not None and year not in (period.start.year, period.end.year):
        raise ValueError(f"Jaar {year} valt niet in schooljaar {period.label}.")
    return period


def report_day(report: Report) -> dt.date:
    """The day that places a report in a period: its ``date``, else 1 January of its ``year``."""
    return report.meta.date or dt.date(report.meta.year, 1, 1)


def period_of(report: Report, school: bool) -> Period:
    day = report_day(report)
    if not school:
        return calendar_year(day.year)
    return school_year(day.year if day.month >= 9 else day.year - 1)


def published_reports(site: Site) -> list[Report]:
    """Only what the public site shows: drafts, submitted, withdrawn and embargoed are out,
    also in a preview build."""
    return site.published


def periods_with_research(site: Site, school: bool = False) -> list[Period]:
    """Every period with at least one published report, oldest first."""
    return sorted({period_of(r, school) for r in published_reports(site)})


@dataclass(frozen=True)
class Totals:
    reports: int
    authors: int
    programmes: int
    institutions: int
    levels: int
    commissioners: int
    wijken: int

    def get(self, key: str) -> int:
        value: int = getattr(self, key)
        return value


def _distinct(values: list[str]) -> int:
    return len({fold(v) for v in values if v and v.strip()})


def count_totals(site: Site, reports: list[Report]) -> Totals:
    citywide = {t.id for t in site.vocabulary.wijken if t.citywide}
    return Totals(
        reports=len(reports),
        authors=_distinct([a.person.display for r in reports for a in r.meta.authors]),
        programmes=_distinct([a.programme or "" for r in reports for a in r.meta.authors]),
        institutions=len({i for r in reports for i in r.meta.institution}),
        levels=len({v for r in reports for v in r.meta.level}),
        commissioners=_distinct([r.meta.commissioner or "" for r in reports]),
        wijken=len({w for r in reports for w in r.meta.neighbourhood if w not in citywide}),
    )


@dataclass(frozen=True)
class Change:
    label: str
    current: int
    previous: int

    @property
    def delta(self) -> int:
        return self.current - self.previous

    @property
    def delta_text(self) -> str:
        """'+3', '−2' or '0' (with a real minus sign)."""
        if self.delta > 0:
            return f"+{self.delta}"
        if self.delta < 0:
            return f"−{-self.delta}"
        return "0"

    @property
    def percent_text(self) -> str:
        if self.previous == 0:
            return "nieuw" if self.current else "—"
        percent = round(100 * self.delta / self.previous)
        if percent > 0:
            return f"+{percent}%"
        return f"−{-percent}%" if percent < 0 else "0%"


@dataclass(frozen=True)
class Row:
    """One line of a table per wijk/thema/instelling."""

    id: str
    label: str
    url: str
    count: int
    previous: int


@dataclass(frozen=True)
class DigestItem:
    report: Report
    findings: list[str]  # the first DIGEST_FINDINGS
    recommendations: list[str]  # the first DIGEST_RECOMMENDATIONS
    themes: list[str]  # labels of all its themes, in vocabulary order

    @property
    def findings_total(self) -> int:
        return len(self.report.meta.findings)

    @property
    def recommendations_total(self) -> int:
        return len(self.report.meta.recommendations)


#: How much of each report the digest shows: it is a digest, the report page has the rest.
DIGEST_FINDINGS = 2
DIGEST_RECOMMENDATIONS = 2


@dataclass
class AnnualOverview:
    """Everything an annual overview shows, computed once from the published reports."""

    site: Site
    period: Period
    reports: list[Report]  # newest first
    previous_reports: list[Report]

    @cached_property
    def totals(self) -> Totals:
        return count_totals(self.site, self.reports)

    @cached_property
    def previous_totals(self) -> Totals:
        return count_totals(self.site, self.previous_reports)

    @cached_property
    def changes(self) -> list[Change]:
        return [
            Change(label, self.totals.get(key), self.previous_totals.get(key))
            for key, label in TOTALS.items()
        ]

    def rows(self, facet: str) -> list[Row]:
        """Values of a facet with research in the period: most reports first."""
        now = Counter(v for r in self.reports for v in self.site.facet_values(r, facet))
        before = Counter(v for r in self.previous_reports for v in self.site.facet_values(r, facet))
        rows = [
            Row(
                value,
                self.site.facet_label(facet, value),
                self.site.facet_url(facet, value),
                n,
                before.get(value, 0),
            )
            for value, n in now.items()
        ]
        return sorted(rows, key=lambda row: (-row.count, fold(row.label)))

    @cached_property
    def questions(self) -> PeriodQuestions:
        """The vraagbank in this period: asked, answered, still open at its end."""
        return period_questions(self.site, self.period.start, self.period.end)

    @cached_property
    def wijken_without(self) -> list[Term]:
        reached = {w for r in self.reports for w in r.meta.neighbourhood}
        return [t for t in self.site.vocabulary.proper_wijken() if t.id not in reached]

    @cached_property
    def themes_without(self) -> list[Term]:
        reached = {t for r in self.reports for t in r.meta.theme}
        return [t for t in self.site.vocabulary.themes if t.id not in reached]

    @cached_property
    def wijken_without_by_stadsdeel(self) -> list[tuple[str, list[Term]]]:
        """The wijken without research, per stadsdeel in vocabulary order: a table, not one
        block of fifty names."""
        stadsdelen = self.site.vocabulary.stadsdelen
        groups: dict[str, list[Term]] = {}
        for term in self.wijken_without:
            groups.setdefault(stadsdelen.label(term.group) if term.group else "", []).append(term)
        return list(groups.items())

    @cached_property
    def digest(self) -> list[tuple[Row, list[DigestItem]]]:
        """The findings and recommendations of every report, each report once: under the first
        of its themes in vocabulary order, with all its themes named."""
        themes = list(self.site.vocabulary.themes)
        order = {term.id: index for index, term in enumerate(themes)}
        rows = {row.id: row for row in self.rows("theme")}
        grouped: dict[str, list[DigestItem]] = {}
        for r in self.reports:
            own = sorted((t for t in r.meta.theme if t in order), key=order.__getitem__)
            if not own:
                continue
            grouped.setdefault(own[0], []).append(
                DigestItem(
                    r,
                    r.meta.findings[:DIGEST_FINDINGS],
                    r.meta.recommendations[:DIGEST_RECOMMENDATIONS],
                    [self.site.facet_label("theme", t) for t in own],
                )
            )
        return [(rows[t.id], grouped[t.id]) for t in themes if t.id in grouped]


def annual_overview(site: Site, period: Period) -> AnnualOverview:
    """The overview of ``period``; WijsError when nothing was published in it."""
    published = published_reports(site)
    reports = [r for r in published if period.contains(report_day(r))]
    if not reports:
        raise no_research(period, periods_with_research(site, period.school))
    previous = [r for r in published if period.previous.contains(report_day(r))]
    return AnnualOverview(site, period, reports, previous)
