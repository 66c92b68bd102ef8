"""A minimal horizontal bar chart as SVG, built with ElementTree so every label is escaped.

Kept deliberately small and local to the annual overview; a shared chart module can replace
``jaarverslag_bar_chart_svg`` later without changing its callers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
BAR_COLOUR = "#00796b"  # teal, as the site's primary colour
TEXT_COLOUR = "currentColor"  # follows the page (dark mode); black in PDF and Word
ROW_HEIGHT = 22
BAR_HEIGHT = 14
LABEL_WIDTH = 220
BAR_WIDTH = 300
COUNT_WIDTH = 40
FONT = "Helvetica, Arial, sans-serif"
FONT_SIZE = 12
MAX_LABEL = 34  # characters; longer labels are shortened with an ellipsis


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def jaarverslag_bar_chart_svg(rows: list[tuple[str, int]], title: str) -> str:
    """Bars for ``(label, count)`` rows, longest bar = highest count; an accessible SVG string."""
    width = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH
    height = max(1, len(rows)) * ROW_HEIGHT + 8
    ET.register_namespace("", SVG_NS)
    svg = ET.Element(
        f"{{{SVG_NS}}}svg",
        {
            "width": str(width),
            "height": str(height),
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "font-family": FONT,
            "font-size": str(FONT_SIZE),
        },
    )
    ET.SubElement(svg, f"{{{SVG_NS}}}title").text = title
    highest = max((count for _, count in rows), default=0) or 1
    for index, (label, count) in enumerate(rows):
        top = 4 + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        text = ET.SubElement(
            svg,
            f"{{{SVG_NS}}}text",
            {
                "x": str(LABEL_WIDTH - 8),
                "y": f"{middle + FONT_SIZE / 3:.1f}",
                "text-anchor": "end",
                "fill": TEXT_COLOUR,
            },
        )
        text.text = _short(label)
        if len(label) > MAX_LABEL:
            ET.SubElement(text, f"{{{SVG_NS}}}title").text = label
        length = round(BAR_WIDTH * count / highest, 1)
        ET.SubElement(
            svg,
            f"{{{SVG_NS}}}rect",
            {
                "x": str(LABEL_WIDTH),
                "y": f"{middle - BAR_HEIGHT / 2:.1f}",
                "width": str(length),
                "height": str(BAR_HEIGHT),
                "fill": BAR_COLOUR,
            },
        )
        ET.SubElement(
            svg,
            f"{{{SVG_NS}}}text",
            {
                "x": f"{LABEL_WIDTH + length + 6:.1f}",
                "y": f"{middle + FONT_SIZE / 3:.1f}",
                "fill": TEXT_COLOUR,
            },
        ).text = str(count)
    return ET.tostring(svg, encoding="unicode")
