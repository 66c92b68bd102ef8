"""Bodies that would break or stall the build: HTML or Markdown nested hundreds of levels deep,
paragraphs with thousands of brackets (Python-Markdown's link parsing is quadratic in them).
Real reports are nowhere near these limits; the messages say what to change."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wijs.diagnostics import Diagnostic, error
from wijs.markdown_links import prose_lines
from wijs.model import Report

MAX_HTML_DEPTH = 100
MAX_MARKDOWN_DEPTH = 40
MAX_BRACKETS_PER_PARAGRAPH = 1000

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(/?)>")
#: elements without a closing tag, or whose closing tag is optional, do not nest
_NOT_NESTING = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody",
}  # fmt: skip
_QUOTE = re.compile(r"^(?:\s{0,3}>)+")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])\s")


def check_markup(report: Report) -> Iterator[Diagnostic]:
    html_depth = 0
    paragraph_brackets = 0
    paragraph_start = 0
    reported: set[str] = set()

    def at(line: int) -> int:
        return report.body_line + line - 1

    for number, line in prose_lines(report.body):
        if not line.strip():
            paragraph_brackets = 0
            continue
        if paragraph_brackets == 0:
            paragraph_start = number
        paragraph_brackets += line.count("[")
        if paragraph_brackets > MAX_BRACKETS_PER_PARAGRAPH and "brackets" not in reported:
            reported.add("brackets")
            yield error(
                report.source,
                at(paragraph_start),
                "markup-too-complex",
                f"Deze alinea heeft meer dan {MAX_BRACKETS_PER_PARAGRAPH} vierkante haken '['.",
                "Dat is geen gewone tekst: controleer of er iets misging bij het kopiëren, en "
                "zet lange lijsten of data in een bijlage (attachments/).",
            )
        quote = _QUOTE.match(line)
        quote_depth = quote.group(0).count(">") if quote else 0
        item = _LIST_ITEM.match(line)
        list_depth = len(item.group(1).expandtabs(4)) // 2 if item else 0
        if max(quote_depth, list_depth) > MAX_MARKDOWN_DEPTH and "markdown" not in reported:
            reported.add("markdown")
            yield error(
                report.source,
                at(number),
                "markup-too-deep",
                f"Lijsten of citaten zijn hier dieper genest dan {MAX_MARKDOWN_DEPTH} niveaus.",
                "Maak de opsomming platter: meer dan een paar niveaus leest niemand.",
            )
        for match in _TAG.finditer(line):
            closing, name, self_closing = match.groups()
            if name.lower() in _NOT_NESTING or self_closing:
                continue
            html_depth += -1 if closing else 1
            html_depth = max(html_depth, 0)
            if html_depth > MAX_HTML_DEPTH and "html" not in reported:
                reported.add("html")
                yield error(
                    report.source,
                    at(number),
                    "markup-too-deep",
                    f"HTML-elementen zijn hier dieper genest dan {MAX_HTML_DEPTH} niveaus.",
                    "Schrijf de tekst als gewone Markdown, of controleer of er sluit-tags "
                    "(zoals </div>) ontbreken.",
                    column=match.start() + 1,
                )
