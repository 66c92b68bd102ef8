"""The numbers behind the charts on /inzichten/, as CSV files next to that page."""

from __future__ import annotations

from pathlib import Path

from wijs import insights
from wijs.insights import URL, Table
from wijs.outputs.open_data import write_csv
from wijs.pages.site import Site
from wijs.questions.figures import question_tables


def all_tables(site: Site) -> list[Table]:
    """Every table of the insights page: the research's, then the vraagbank's."""
    return [
        insights.indicators_per_year(site),
        insights.reports_per_year_by_level(site),
        insights.wijk_theme_matrix(site),
        insights.reports_per_institution(site),
        *question_tables(site),
    ]


def write_insights_data(site: Site, site_dir: Path) -> None:
    for table in all_tables(site):
        write_csv(site_dir / URL / f"{table.slug}.csv", table.columns, table.rows)
