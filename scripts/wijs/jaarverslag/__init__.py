"""The annual overview (jaarverslag): research published in a year or school year, counted,
compared with the year before, charted and listed, for WIJS's annual report and the site."""

from wijs.jaarverslag.figures import (
    AnnualOverview,
    Period,
    annual_overview,
    calendar_year,
    choose_period,
    periods_with_research,
    school_year,
)
from wijs.pages.site import Site

__all__ = [
    "AnnualOverview",
    "Period",
    "Site",
    "annual_overview",
    "calendar_year",
    "choose_period",
    "periods_with_research",
    "school_year",
]
