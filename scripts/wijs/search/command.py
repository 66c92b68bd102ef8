"""``wijs search``: filter values normalised with the vocabulary, results as text or JSON."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict

from wijs.errors import WijsError
from wijs.search.index import FACETS, TERM_FACETS, Results
from wijs.vocabulary import Vocabulary

MARK = re.compile("\x02(.*?)\x03", re.S)
_YEARS = re.compile(r"^\s*(\d{4})?\s*(\.\.|-|–)?\s*(\d{4})?\s*$")


def normalise_filters(
    vocabulary: Vocabulary, raw: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """Ids for what the user typed: ids, labels and aliases in any capitalisation."""
    filters: dict[str, list[str]] = {}
    for name, values in raw.items():
        if name not in TERM_FACETS:
            continue
        try:
            ids = vocabulary.kind(FACETS[name]).resolve(values)
        except WijsError as exc:
            raise WijsError(exc.diagnostics, usage=True) from exc
        if ids:
            filters[name] = ids
    return filters


def parse_years(value: str | None) -> tuple[int, int] | None:
    """'2019..2024', '2019', '2019..' or '..2020' as an inclusive range."""
    if not value:
        return None
    match = _YEARS.match(value)
    if not match or not (match.group(1) or match.group(3)):
        raise WijsError.one(
            "search-usage",
            f"Jaar '{value}' is geen jaar of reeks. Schrijf bijvoorbeeld 2021 of 2019..2024.",
            usage=True,
        )
    first, dots, last = match.groups()
    if dots is None:
        return int(first), int(first)
    return int(first or 0), int(last or 9999)


def _label(vocabulary: Vocabulary, facet: str, value: str) -> str:
    if facet == "jaar":
        return value
    return vocabulary.kind(FACETS[facet]).label(value)


def format_text(results: Results, vocabulary: Vocabulary, *, color: bool = False) -> str:
    def mark(text: str) -> str:
        if color:
            return MARK.sub(lambda m: f"\x1b[1m{m.group(1)}\x1b[0m", text)
        return MARK.sub(lambda m: f"*{m.group(1)}*", text)

    lines: list[str] = []
    if results.suggestion:
        lines.append(f"Bedoelde je: {results.suggestion}")
    noun = "rapport" if results.total == 1 else "rapporten"
    shown = f" (de eerste {len(results.hits)})" if len(results.hits) < results.total else ""
    lines.append(f"{results.total} {noun} gevonden{shown}.")
    for number, hit in enumerate(results.hits, start=1):
        wijken = ", ".join(_label(vocabulary, "wijk", w) for w in hit.facets["wijk"])
        instellingen = ", ".join(
            _label(vocabulary, "instelling", i) for i in hit.facets["instelling"]
        )
        state = f" [{hit.state}]" if hit.state else ""
        lines.append("")
        lines.append(f"{number}. {hit.title}{state}")
        where = [wijken, instellingen, str(hit.year), *([hit.url] if hit.url else [])]
        lines.append("   " + " · ".join(where))
        for fragment in hit.fragments:
            lines.append(f"   … {mark(fragment)} …")
    if results.total:
        lines.append("")
        lines.append("Verdeling:")
        for facet, counts in results.facets.items():
            if not counts:
                continue
            ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            shown_counts = ", ".join(f"{_label(vocabulary, facet, v)} ({n})" for v, n in ordered)
            lines.append(f"  {facet}: {shown_counts}")
    return "\n".join(lines)


def format_json(results: Results, vocabulary: Vocabulary) -> str:
    hits = []
    for hit in results.hits:
        data = asdict(hit)
        data["fragments"] = [
            MARK.sub(r"<mark>\1</mark>", html.escape(f, quote=False)) for f in hit.fragments
        ]
        data["labels"] = {
            facet: [_label(vocabulary, facet, v) for v in values]
            for facet, values in hit.facets.items()
        }
        hits.append(data)
    payload = {
        "query": results.query,
        "filters": results.filters,
        "total": results.total,
        "suggestion": results.suggestion,
        "results": hits,
        "facets": results.facets,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
