"""The insights page ``/inzichten/``: charts of what the research covers, drawn as SVG at build
time, each with a text alternative, a table with the same numbers and a CSV download."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from wijs import charts, insights
from wijs.insights import URL, Table
from wijs.pages.render import page_markdown, raw, render
from wijs.pages.site import GeneratedPage, Site, relative_url
from wijs.questions.figures import COLUMNS, per_commissioner, per_wijk, per_year, time_to_answer

#: Text alternatives of the charts (Dutch, filled in with the numbers).
DESCRIPTIONS = {
    "kerncijfers": "Staafdiagram per jaar van {years}: {series}.",
    "per_jaar": "Gestapeld staafdiagram: {total} rapporten van {first} tot en met {last}, per "
    "jaar verdeeld naar niveau. Meeste rapporten in {peak} ({peak_n}). Per niveau: {levels}.",
    "wijk_thema": "Matrix van {wijken} wijken bij {themes} thema's met het aantal rapporten per "
    "combinatie; {filled} combinaties zijn onderzocht, {empty} zijn witte vlekken. Vaakst "
    "onderzocht: {top}.",
    "instellingen": "Staafdiagram van het aantal rapporten per instelling: {items}.",
    "vragen": "Gestapeld staafdiagram: {total} vragen uit de stad, per jaar waarin ze gesteld "
    "zijn, verdeeld naar wat er nu mee is. {parts}.",
}


@dataclass(frozen=True)
class ChartBlock:
    table: Table
    caption: str
    svgs: list[Markup]


def plan(site: Site) -> list[GeneratedPage]:
    return [insights_page(site)]


def _listing(pairs: list[tuple[str, object]]) -> str:
    return ", ".join(f"{name} {value}" for name, value in pairs)


def kerncijfers_block(site: Site) -> ChartBlock:
    table = insights.indicators_per_year(site)
    per_year = table.rows[:-1]
    years = [str(row[0]) for row in per_year]
    svgs: list[Markup] = []
    for column in range(2, len(table.columns)):
        name = table.columns[column]
        items = [(str(row[0]), int(row[column])) for row in per_year]
        description = DESCRIPTIONS["kerncijfers"].format(
            years=name.lower(), series=_listing([(y, v) for y, v in items])
        )
        svgs.append(
            raw(
                charts.bar_chart(
                    f"chart-{name.lower()}",
                    f"{name} per jaar",
                    description,
                    items,
                    horizontal=False,
                    show_title=True,
                )
            )
        )
    caption = (
        f"Studenten, wijken en opdrachtgevers per jaar ({years[0]}–{years[-1]})."
        if years
        else "Kerncijfers per jaar."
    )
    return ChartBlock(table, caption, svgs)


def per_jaar_block(site: Site) -> ChartBlock:
    table = insights.reports_per_year_by_level(site)
    categories = [str(row[0]) for row in table.rows]
    groups = table.columns[1:-1]
    series = [(g, [int(row[i + 1]) for row in table.rows]) for i, g in enumerate(groups)]
    totals = [int(row[-1]) for row in table.rows]
    peak = max(range(len(totals)), key=lambda i: totals[i])
    description = DESCRIPTIONS["per_jaar"].format(
        total=sum(totals),
        first=categories[0],
        last=categories[-1],
        peak=categories[peak],
        peak_n=totals[peak],
        levels=_listing([(g, sum(values)) for g, values in series]),
    )
    svg = charts.stacked_bar_chart("chart-per-jaar", table.title, description, categories, series)
    return ChartBlock(table, f"{table.title}.", [raw(svg)])


def wijk_thema_block(site: Site) -> ChartBlock:
    table = insights.wijk_theme_matrix(site)
    rows = [str(row[0]) for row in table.rows]
    columns = table.columns[1:]
    values = [[int(v) for v in row[1:]] for row in table.rows]
    cells = [
        (values[r][c], rows[r], columns[c]) for r in range(len(rows)) for c in range(len(columns))
    ]
    filled = [cell for cell in cells if cell[0]]
    best = sorted(filled, key=lambda cell: -cell[0])[:3]
    description = DESCRIPTIONS["wijk_thema"].format(
        wijken=len(rows),
        themes=len(columns),
        filled=len(filled),
        empty=len(cells) - len(filled),
        top=", ".join(f"{w} – {t} ({n})" for n, w, t in best),
    )
    links = [
        [
            relative_url(URL, site.combination_url(wijk.id, theme.id))
            if (wijk.id, theme.id) in site.by_wijk_theme
            else relative_url(URL, site.white_spot_url(wijk.id, theme.id))
            for theme in site.vocabulary.themes
        ]
        for wijk in insights.researched_wijken(site)
    ]
    svg = charts.heatmap("chart-wijk-thema", table.title, description, rows, columns, values, links)
    return ChartBlock(
        table, f"{table.title}. Een streepje betekent: nog geen onderzoek.", [raw(svg)]
    )


def instellingen_block(site: Site) -> ChartBlock:
    table = insights.reports_per_institution(site)
    items = [(str(row[0]), int(row[1])) for row in table.rows]
    description = DESCRIPTIONS["instellingen"].format(items=_listing(list(items)))
    svg = charts.bar_chart("chart-instellingen", table.title, description, items)
    return ChartBlock(table, f"{table.title}.", [raw(svg)])


def questions_block(site: Site) -> ChartBlock | None:
    """The vraagbank per year asked: answered, still open and lapsed, as stacked bars."""
    table = per_year(site)
    rows = table.rows[:-1]  # without the total
    if not rows:
        return None
    categories = [str(row[0]) for row in rows]
    parts = COLUMNS[1:]  # beantwoord, nog open, vervallen
    series = [(name, [int(row[2 + i]) for row in rows]) for i, name in enumerate(parts)]
    description = DESCRIPTIONS["vragen"].format(
        total=sum(int(row[1]) for row in rows),
        parts=_listing([(name, sum(values)) for name, values in series]),
    )
    svg = charts.stacked_bar_chart("chart-vragen", table.title, description, categories, series)
    return ChartBlock(table, f"{table.title}, naar het jaar waarin ze gesteld zijn.", [raw(svg)])


def insights_page(site: Site) -> GeneratedPage:
    total = len(site.published)
    blocks = {}
    totals: list[tuple[str, object]] = []
    if total:
        blocks = {
            "kerncijfers": kerncijfers_block(site),
            "per_jaar": per_jaar_block(site),
            "wijk_thema": wijk_thema_block(site),
            "instellingen": instellingen_block(site),
        }
        last = blocks["kerncijfers"].table.rows[-1]
        totals = list(zip(insights.INDICATORS, last[1:], strict=True))
    questions = questions_block(site)
    question_tables = (
        [per_wijk(site), per_commissioner(site), time_to_answer(site)] if questions else []
    )
    body = render(
        "insights.md.j2",
        here=URL,
        questions=questions,
        question_tables=question_tables,
        vraagbank=site.vraagbank,
        total=total,
        totals=totals,
        blocks=blocks,
        missing_wijken=insights.wijken_never_researched(site, site.published),
        missing_themes=insights.themes_never_researched(site, site.published),
    )
    meta = {
        "title": "Inzichten",
        "description": "Grafieken en cijfers over het onderzoek van WIJS-studenten in Groningen.",
        "hide": ["navigation"],
    }
    return GeneratedPage(f"{URL}index.md", page_markdown(meta, body))
