"""The numbers behind the charts on /inzichten/, as CSV files next to that page."""

from __future__ import annotations

from pathlib import Path

from wijs.insights import all_tables
from wijs.outputs.open_data import write_csv
from wijs.pages.insights import URL
from wijs.pages.site import Site


def write_insights_data(site: Site, site_dir: Path) -> None:
    for table in all_tables(site):
        write_csv(site_dir / URL / f"{table.slug}.csv", table.columns, table.rows)
