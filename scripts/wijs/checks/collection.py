"""Checks across reports: the same slug in two folders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from wijs.diagnostics import Diagnostic, error
from wijs.research import Corpus


def check_duplicate_slugs(corpus: Corpus) -> Iterator[Diagnostic]:
    by_slug = defaultdict(list)
    for report in corpus.reports:
        by_slug[report.slug].append(report)
    for slug, reports in by_slug.items():
        if len(reports) < 2:
            continue
        for report in reports:
            others = ", ".join(r.source for r in reports if r is not report)
            yield error(
                report.source,
                1,
                "duplicate-slug",
                f"De mapnaam '{slug}' wordt ook gebruikt door {others}.",
                "Geef dit rapport een eigen mapnaam, bijvoorbeeld met de wijk of het jaar erin.",
            )
