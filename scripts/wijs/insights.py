"""What the published research covers, as plain tables: per year and level, wijk × thema,
per institution, WIJS's own indicators, and the white spots (what was never researched).

The insights page draws these tables as charts and the open-data writer saves them as CSV, so
the numbers on the page and in the downloads are the same numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from wijs.model import Report
from wijs.pages.site import Site
from wijs.vocabulary import Term

#: the insights page, with the CSV files of these tables beside it
URL = "inzichten/"

Cell = str | int


@dataclass(frozen=True)
class Table:
    """A titled table; ``rows`` start with their row label. ``slug`` names the CSV file."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]


MIXED_LEVELS = "Meerdere niveaus"


def level_group(report: Report) -> str:
    """The level a report counts under: its one level, or 'meerdere niveaus' (WIJSSamen)."""
    levels = report.meta.level
    return levels[0] if len(levels) == 1 else MIXED_LEVELS


def reports_per_year_by_level(site: Site) -> Table:
    levels = site.vocabulary.levels.ids()
    counts = Counter((r.meta.year, level_group(r)) for r in site.published)
    mixed = any(len(r.meta.level) > 1 for r in site.published)
    groups = [*levels, MIXED_LEVELS] if mixed else levels
    years = sorted({r.meta.year for r in site.published})
    rows: list[list[Cell]] = []
    for year in years:
        row: list[Cell] = [str(year)]
        row += [counts[(year, g)] for g in groups]
        row.append(sum(counts[(year, g)] for g in groups))
        rows.append(row)
    labels = [site.vocabulary.levels.label(g) if g in levels else g for g in groups]
    return Table(
        "rapporten-per-jaar", "Rapporten per jaar, naar niveau", ["Jaar", *labels, "Totaal"], rows
    )


def researched_wijken(site: Site) -> list[Term]:
    """Wijken with at least one report, in vocabulary order (stadsdeel by stadsdeel)."""
    groups = site.by_facet["neighbourhood"]
    return [w for w in site.vocabulary.wijken if w.id in groups]


def wijk_theme_matrix(site: Site) -> Table:
    """Reports per wijk (rows, only wijken with research) and thema (columns, all themes)."""
    combinations = site.by_wijk_theme
    themes = list(site.vocabulary.themes)
    rows: list[list[Cell]] = [
        [w.label, *(len(combinations.get((w.id, t.id), ())) for t in themes)]
        for w in researched_wijken(site)
    ]
    return Table(
        "wijk-thema", "Rapporten per wijk en thema", ["Wijk", *(t.label for t in themes)], rows
    )


def reports_per_institution(site: Site) -> Table:
    groups = site.by_facet["institution"]
    ordered = sorted(
        (t for t in site.vocabulary.institutions if t.id in groups),
        key=lambda t: (-len(groups[t.id]), t.label),
    )
    rows: list[list[Cell]] = [[t.label, len(groups[t.id])] for t in ordered]
    return Table(
        "rapporten-per-instelling", "Rapporten per instelling", ["Instelling", "Rapporten"], rows
    )


def _indicators(reports: Iterable[Report], citywide: set[str]) -> list[Cell]:
    reports = list(reports)
    students = {a.person.display.casefold() for r in reports for a in r.meta.authors}
    # 'gemeentebreed' is no wijk: the count matches the home page and the jaarverslag
    wijken = {w for r in reports for w in r.meta.neighbourhood if w not in citywide}
    commissioners = {r.meta.commissioner.casefold() for r in reports if r.meta.commissioner}
    return [len(reports), len(students), len(wijken), len(commissioners)]


INDICATORS = ["Rapporten", "Studenten", "Wijken", "Opdrachtgevers"]


def indicators_per_year(site: Site) -> Table:
    """WIJS's own indicators per year and in total (totals count each student once)."""
    years = sorted({r.meta.year for r in site.published})
    citywide = {w.id for w in site.vocabulary.wijken if w.citywide}
    rows: list[list[Cell]] = [
        [str(y), *_indicators((r for r in site.published if r.meta.year == y), citywide)]
        for y in years
    ]
    rows.append(["Totaal", *_indicators(site.published, citywide)])
    return Table("kerncijfers", "WIJS in cijfers, per jaar", ["Jaar", *INDICATORS], rows)


def themes_never_researched(site: Site, reports: Iterable[Report]) -> list[Term]:
    """Themes none of these reports is about (for a wijk: its white spots)."""
    covered = {t for r in reports for t in r.meta.theme}
    return [t for t in site.vocabulary.themes if t.id not in covered]


def wijken_never_researched(site: Site, reports: Iterable[Report]) -> list[Term]:
    """Proper wijken (not 'gemeentebreed') none of these reports is about."""
    covered = {w for r in reports for w in r.meta.neighbourhood}
    return [w for w in site.vocabulary.proper_wijken() if w.id not in covered]


@dataclass(frozen=True)
class Nearby:
    """Where else a theme was researched, seen from a wijk without research on it: the wijken
    in the same stadsdeel that have it, and how many wijken in the whole gemeente have it."""

    stadsdeel: str  # its label, '' for 'gemeentebreed'
    same_stadsdeel: list[Term]
    elsewhere: int  # wijken outside the stadsdeel with research on the theme


def nearby_with_theme(site: Site, wijk: str, theme: str) -> Nearby:
    """The nearest wijken with research on ``theme``: those in the same stadsdeel as ``wijk``
    (vocabulary.yml groups wijken into stadsdelen; it has no map, so that is 'near')."""
    vocabulary = site.vocabulary
    group = vocabulary.wijken.get(wijk).group
    having = [
        w
        for w in vocabulary.proper_wijken()
        if w.id != wijk and (w.id, theme) in site.by_wijk_theme
    ]
    same = [w for w in having if group and w.group == group]
    return Nearby(
        vocabulary.stadsdelen.label(group) if group else "", same, len(having) - len(same)
    )
