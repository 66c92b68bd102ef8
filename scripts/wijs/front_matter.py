"""The one place a Markdown text is split into front-matter and body: python-frontmatter's
YAMLHandler, with the project's line-aware safe loader (yaml_source.load_yaml) parsing the YAML.

Reports (the reader: check, build, import), generated pages (the live preview) and the reports
`wijs new` writes are all split here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from wijs.diagnostics import Diagnostic, error
from wijs.errors import WijsError
from wijs.yaml_source import YamlData, load_yaml


def decode(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text with BOM and Windows line endings accepted; a clear error otherwise."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            error(
                path,
                line,
                "encoding",
                "Het bestand is geen UTF-8-tekst.",
                "Sla het opnieuw op als UTF-8: in Kladblok via 'Opslaan als' → Codering: UTF-8, "
                "in VS Code via de statusbalk rechtsonder → 'Save with Encoding' → UTF-8.",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


class ReportHandler(YAMLHandler):
    """'---' alone on the first line, up to the next line that holds only '---' or '...'.

    python-frontmatter's own boundary (``^-{3,}\\s*$``) also takes '-----', swallows the blank
    lines after the opening one, and its ``parse`` strips the text: every line number after
    that would shift. This handler keeps the text as it is, so the loader's lines and columns
    are those of the file (plus the opening line)."""

    FM_BOUNDARY = re.compile(r"^[^\S\n]*(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)

    def detect(self, text: str) -> bool:
        return text.split("\n", 1)[0].strip() == "---"

    def split(self, text: str) -> tuple[str, str]:
        """(front-matter, body); ValueError when the text has no closed front-matter."""
        yaml_text, body, _ = self.split_lines(text)
        return yaml_text, body

    def split_lines(self, text: str) -> tuple[str, str, int]:
        """(front-matter, body, 1-based line of the body); ValueError as ``split``."""
        first, newline, rest = text.partition("\n")
        if first.strip() != "---" or not newline:
            raise ValueError("no front-matter")
        closing = self.FM_BOUNDARY.search(rest)
        if closing is None:
            raise ValueError("front-matter not closed")
        # the line break before the closing line belongs to neither part
        yaml_text = rest[: max(closing.start() - 1, 0)]
        body = rest[closing.end() + 1 :]
        return yaml_text, body, rest.count("\n", 0, closing.start()) + 3

    def load(self, fm: str, **kwargs: object) -> Any:  # the base class says Any
        """A YamlData: plain data with the line and column of every key; raises WijsError."""
        return load_yaml(fm)


HANDLER = ReportHandler()


@dataclass(frozen=True)
class Parts:
    """A text split at its front-matter."""

    yaml: str  # the front-matter, without the '---' lines
    body: str
    body_line: int  # 1-based line of the text where the body starts

    def load(self) -> YamlData:
        """The front-matter's data and positions (0-based, within ``yaml``); WijsError."""
        data: YamlData = HANDLER.load(self.yaml)
        return data


def split(text: str) -> Parts | None:
    """The parts of a text that starts with a closed '---' block; None otherwise."""
    if not HANDLER.detect(text):
        return None
    try:
        return Parts(*HANDLER.split_lines(text))
    except ValueError:
        return None


PageMeta = tuple[str, dict[str, Any]]


def page_meta(markdown: str, known: PageMeta | None = None) -> tuple[PageMeta | None, str]:
    """((front-matter text, metadata), body) of a generated page, read as MkDocs would read it;
    (None, markdown) when MkDocs had better read it itself. ``known`` is the previous result
    for this page: reused while the front-matter is unchanged."""
    parts = split(markdown) if markdown.startswith("---\n") else None
    # MkDocs closes the block only at a line '---' or '...' that starts at the margin
    closing = 4 + len(parts.yaml) if parts is not None else 0
    if parts is None or markdown[closing : closing + 5] not in ("\n---\n", "\n...\n"):
        return None, markdown
    body = parts.body.lstrip("\n")
    if body.startswith("---"):
        return None, markdown  # MkDocs would take this for front-matter: leave it to MkDocs
    text = parts.yaml + "\n"
    if known is not None and known[0] == text:
        return known, body
    try:
        meta = parts.load().value
    except WijsError:
        return None, markdown
    return ((text, meta) if isinstance(meta, dict) else None), body
