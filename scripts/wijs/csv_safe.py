"""Cells for CSV exports that a spreadsheet will not run as a formula (CSV injection)."""

from __future__ import annotations

from typing import Any

#: a cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_safe(value: Any) -> Any:
    """The value for a CSV cell: text that a spreadsheet would run gets a leading apostrophe.

    Numbers, booleans and None are returned as they are, so '-3' as a number stays a number.
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every value of a row (for csv.DictWriter) made safe."""
    return {key: csv_safe(value) for key, value in row.items()}
