"""Charts as inline SVG, drawn at build time: bar charts, stacked bars and a heat-map matrix.

Every chart names itself for assistive technology (``role="img"`` with ``<title>`` and
``<desc>``), draws on its own light panel so its colours keep their contrast in the dark colour
scheme too, and never lets colour carry meaning alone: series also differ by pattern, and every
bar, segment and cell carries its number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

#: Text on the chart panel (15.8:1 on white).
INK = "#1f2328"
#: Secondary text and axis lines (6.4:1 on white).
MUTED = "#57606a"
PANEL = "#ffffff"
#: Series colours: each at least 5.5:1 against the white panel and against white labels.
SERIES_COLOURS = ("#0b5394", "#b3460a", "#1b6e3a", "#6a3d9a", "#8a4b00", "#c2185b")
#: A pattern per series, so series differ without colour as well.
SERIES_PATTERNS = ("", "stripes", "dots", "cross", "stripes-back", "grid")
#: Heat-map steps from few to many: (fill, text colour); every pair at least 4.5:1.
HEAT_STEPS = (("#deebf7", INK), ("#9ecae1", INK), ("#4292c6", INK), ("#08519c", "#ffffff"))

FONT = 12  # px
CHAR = 6.6  # average width of a character at FONT px, for layout


def _text_width(text: str) -> float:
    return len(text) * CHAR


def _open(
    chart_id: str, width: float, height: float, title: str, description: str, role: str = "img"
) -> str:
    w, h = math.ceil(width), math.ceil(height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wijs-chart__svg" id="{chart_id}" '
        f'role="{role}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'font-family="inherit" font-size="{FONT}">\n'
        f'<title id="{chart_id}-title">{escape(title)}</title>\n'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>\n'
        f'<rect width="{w}" height="{h}" fill="{PANEL}" rx="4"/>\n'
    )


def _text(
    x: float, y: float, text: object, *, anchor: str = "start", fill: str = INK, extra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{extra}>'
        f"{escape(str(text))}</text>\n"
    )


def _patterns(chart_id: str, count: int) -> str:
    """One <pattern> per series: the series colour with white marks on top."""
    shapes = {
        "": "",
        "stripes": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" '
        'stroke-width="1.6"/>',
        "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
        "cross": '<path d="M0,4 h8 M4,0 v8" stroke="#fff" stroke-width="1.2"/>',
        "stripes-back": '<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="#fff" '
        'stroke-width="1.6"/>',
        "grid": '<path d="M0,0 h8 M0,0 v8" stroke="#fff" stroke-width="1.2"/>',
    }
    parts = ["<defs>\n"]
    for index in range(count):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        shape = shapes[SERIES_PATTERNS[index % len(SERIES_PATTERNS)]]
        parts.append(
            f'<pattern id="{chart_id}-p{index}" width="8" height="8" '
            f'patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{colour}"/>'
            f"{shape}</pattern>\n"
        )
    parts.append("</defs>\n")
    return "".join(parts)


def _label_chip(x: float, y: float, value: int, colour: str) -> str:
    """A number centred at (x, y) on a solid chip, readable whatever pattern lies beneath."""
    width = _text_width(str(value)) + 8
    return (
        f'<rect x="{x - width / 2:.1f}" y="{y - 8:.1f}" width="{width:.1f}" height="14" '
        f'rx="2" fill="{colour}"/>\n' + _text(x, y + 3.5, value, anchor="middle", fill="#ffffff")
    )


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, int]],
    *,
    horizontal: bool = True,
    show_title: bool = False,
) -> str:
    """One bar per (label, value); horizontal for long labels, vertical for years.

    ``show_title`` writes the title above the bars, for charts shown side by side."""
    top = max((v for _, v in items), default=0) or 1
    colour = SERIES_COLOURS[0]
    if horizontal:
        label_width = min(max((_text_width(label) for label, _ in items), default=0), 240) + 12
        bar_area, row = 320.0, 24.0
        width = label_width + bar_area + 40
        height = row * len(items) + 16
        out = [_open(chart_id, width, height, title, description)]
        for index, (label, value) in enumerate(items):
            y = 8 + index * row
            length = bar_area * value / top
            out.append(_text(label_width - 8, y + 15, label, anchor="end"))
            out.append(
                f'<rect x="{label_width:.1f}" y="{y + 3:.1f}" width="{length:.1f}" '
                f'height="{row - 6:.1f}" fill="{colour}"/>\n'
            )
            out.append(_text(label_width + length + 5, y + 15, value))
        out.append(
            f'<line x1="{label_width:.1f}" y1="6" x2="{label_width:.1f}" '
            f'y2="{height - 6:.1f}" stroke="{MUTED}"/>\n'
        )
        out.append("</svg>")
        return "".join(out)
    column, plot = 40.0, 160.0
    heading = 22.0 if show_title else 0.0
    width = max(column * len(items) + 24, _text_width(title) + 24 if show_title else 0, 120)
    height = plot + 52 + heading
    base = plot + 24 + heading
    out = [_open(chart_id, width, height, title, description)]
    if show_title:
        out.append(_text(12, 18, title, extra=' font-weight="700"'))
    for index, (label, value) in enumerate(items):
        x = 16 + index * column
        length = plot * value / top
        out.append(
            f'<rect x="{x + 4:.1f}" y="{base - length:.1f}" width="{column - 8:.1f}" '
            f'height="{length:.1f}" fill="{colour}"/>\n'
        )
        out.append(_text(x + column / 2, base - length - 5, value, anchor="middle"))
        out.append(_text(x + column / 2, base + 16, label, anchor="middle"))
    out.append(
        f'<line x1="12" y1="{base:.1f}" x2="{width - 8:.1f}" y2="{base:.1f}" stroke="{MUTED}"/>\n'
    )
    out.append("</svg>")
    return "".join(out)


def stacked_bar_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
) -> str:
    """Vertical bars per category, stacked by series; a legend with the same patterns on top."""
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    top = max(totals, default=0) or 1
    column, plot = 48.0, 180.0
    legend_row = 20.0
    legend_width = 0.0
    legend: list[str] = []
    for index, (name, _) in enumerate(series):
        legend.append(
            f'<rect x="{12 + legend_width:.1f}" y="8" width="14" height="14" '
            f'fill="url(#{chart_id}-p{index})" stroke="{INK}" stroke-width=".5"/>\n'
            + _text(12 + legend_width + 19, 19, name)
        )
        legend_width += 19 + _text_width(name) + 18
    width = max(column * len(categories) + 32, legend_width + 24)
    top_margin = 8 + legend_row + 22
    base = top_margin + plot
    height = base + 28
    out = [_open(chart_id, width, height, title, description), _patterns(chart_id, len(series))]
    out.extend(legend)
    for ci, category in enumerate(categories):
        x = 20 + ci * column
        y = base
        for si, (_, values) in enumerate(series):
            value = values[ci]
            if not value:
                continue
            length = plot * value / top
            y -= length
            out.append(
                f'<rect x="{x + 4:.1f}" y="{y:.1f}" width="{column - 8:.1f}" '
                f'height="{length:.1f}" fill="url(#{chart_id}-p{si})" stroke="#fff" '
                f'stroke-width="1.5"/>\n'
            )
            if length >= 16:
                colour = SERIES_COLOURS[si % len(SERIES_COLOURS)]
                out.append(_label_chip(x + column / 2, y + length / 2, value, colour))
        out.append(
            _text(x + column / 2, y - 5, totals[ci], anchor="middle", extra=' font-weight="700"')
        )
        out.append(_text(x + column / 2, base + 17, category, anchor="middle"))
    out.append(
        f'<line x1="16" y1="{base:.1f}" x2="{width - 8:.1f}" y2="{base:.1f}" stroke="{MUTED}"/>\n'
    )
    out.append("</svg>")
    return "".join(out)


def heat_step(value: int, top: int) -> tuple[str, str] | None:
    """Fill and text colour for a cell; None for an empty cell (nothing researched)."""
    if value <= 0:
        return None
    index = min(len(HEAT_STEPS) - 1, math.ceil(value / max(top, 1) * len(HEAT_STEPS)) - 1)
    return HEAT_STEPS[index]


def heatmap(
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int]],
    links: Sequence[Sequence[str]] | None = None,
) -> str:
    """A matrix of counts: darker means more, every cell shows its number, empty cells a dash.

    With ``links`` (an href per cell, '' for none) every cell is a link named by its row,
    column and count. A filled cell is in the tab order; an empty one only answers a click
    (a keyboard user finds the same explanation on the row's own page), so the tab order
    holds the combinations that have research, not all of them. The chart is then a group,
    not an image: an image's content is hidden from assistive technology."""
    cell = 30.0
    top = max((v for row in values for v in row), default=0)
    label_width = min(max((_text_width(r) for r in rows), default=0), 220) + 12
    longest = min(max((_text_width(c) for c in columns), default=0), 220)
    header = longest * math.sin(math.radians(45)) + 20
    width = max(label_width + cell * len(columns) + longest * 0.71 + 16, label_width + 320)
    height = header + cell * len(rows) + 40
    out = [_open(chart_id, width, height, title, description, "group" if links else "img")]
    for ci, name in enumerate(columns):
        x = label_width + ci * cell + cell / 2
        out.append(
            _text(x, header - 6, name, extra=f' transform="rotate(-45 {x:.1f} {header - 6:.1f})"')
        )
    for ri, name in enumerate(rows):
        y = header + ri * cell
        out.append(_text(label_width - 8, y + cell / 2 + 4, name, anchor="end"))
        for ci in range(len(columns)):
            value = values[ri][ci]
            x = label_width + ci * cell
            step = heat_step(value, top)
            fill, ink = step if step else (PANEL, MUTED)
            href = links[ri][ci] if links else ""
            if href:
                count = (
                    f"{value} {'rapport' if value == 1 else 'rapporten'}"
                    if value
                    else ("nog geen onderzoek")
                )
                focus = "" if value else ' tabindex="-1"'
                out.append(
                    f'<a href="{escape(href)}" class="wijs-heat-cell"{focus} '
                    f'aria-label="{escape(f"{name}, {columns[ci]}: {count}")}">'
                )
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell:.1f}" height="{cell:.1f}" '
                f'fill="{fill}" stroke="#c8d1da"/>\n'
            )
            out.append(
                _text(
                    x + cell / 2,
                    y + cell / 2 + 4,
                    value if value else "–",
                    anchor="middle",
                    fill=ink,
                )
            )
            if href:
                out.append("</a>\n")
    # legend: what the shades mean, with the numbers they stand for
    y = header + cell * len(rows) + 14
    x = label_width
    out.append(_text(x - 8, y + 11, "Aantal:", anchor="end", fill=MUTED))
    for index, (fill, ink) in enumerate(HEAT_STEPS):
        low = math.floor(index * top / len(HEAT_STEPS)) + 1
        high = math.floor((index + 1) * top / len(HEAT_STEPS))
        if top and low > high:
            continue
        label = str(low) if low == high else f"{low}–{high}"
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell + 14:.1f}" height="16" fill="{fill}" '
            f'stroke="#c8d1da"/>\n'
        )
        out.append(_text(x + (cell + 14) / 2, y + 12, label, anchor="middle", fill=ink))
        x += cell + 18
    out.append(_text(x, y + 12, "– = geen onderzoek", fill=MUTED))
    out.append("</svg>")
    return "".join(out)
