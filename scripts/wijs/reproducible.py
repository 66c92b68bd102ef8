"""Reproducible builds: the date a build stands on comes from SOURCE_DATE_EPOCH when it is set
(reproducible-builds.org/specs/source-date-epoch), so the same input gives the same site."""

from __future__ import annotations

import datetime as dt
import os

ENV = "SOURCE_DATE_EPOCH"


def source_datetime() -> dt.datetime | None:
    """The moment from SOURCE_DATE_EPOCH (UTC); None when it is not set or not a number."""
    value = os.environ.get(ENV, "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.UTC)


def source_date() -> dt.date | None:
    moment = source_datetime()
    return moment.date() if moment else None


def build_moment() -> dt.datetime:
    """The moment to write into outputs (feeds, 'updated' fields): SOURCE_DATE_EPOCH or now."""
    return source_datetime() or dt.datetime.now(dt.UTC)
