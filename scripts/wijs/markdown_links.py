"""Links and images in a Markdown body, with their lines, outside code blocks and code spans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# ![alt](target "title") and [text](target "title")
_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(?P<target>[^)\s>]*)>?"
    r"(?:\s+[\"'(](?P<title>[^\"')]*)[\"')])?\s*\)"
)
_HTML_ALT = re.compile(r"\balt\s*=\s*([\"'])(.*?)\1", re.I)
_HTML_SRC = re.compile(r"<(?:img|a|source)\b[^>]*?\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']", re.I)


@dataclass(frozen=True)
class Link:
    line: int  # 1-based within the body
    column: int
    target: str
    text: str
    title: str
    is_image: bool


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(1-based line, text) of every line outside fenced code, code spans blanked."""
    fence: str | None = None
    for number, line in enumerate(body.split("\n"), start=1):
        # most lines hold no backtick or tilde: no fence, no code span (a third of a check)
        marked = "`" in line or "~" in line
        match = _FENCE.match(line) if marked else None
        if fence is None and match:
            fence = match.group(1)[0] * 3
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        # indented code block (a crude but safe approximation; list items are kept)
        stripped = line.strip()
        if (
            line.startswith("    ")
            and stripped
            and not stripped.startswith(("-", "*", "+"))
            and not re.match(r"\s*\d+\.", line)
        ):
            continue
        yield number, _CODE_SPAN.sub(_blank, line) if marked else line


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def iter_links(body: str) -> Iterator[Link]:
    yield from _links(body)


@lru_cache(maxsize=16)
def _links(body: str) -> tuple[Link, ...]:
    # cached: the file, rights and figure checks and the page all ask for the same body's links
    return tuple(_find_links(body))


def _find_links(body: str) -> Iterator[Link]:
    for number, line in prose_lines(body):
        if "](" not in line and "<" not in line:
            continue
        for m in _LINK.finditer(line):
            yield Link(
                number,
                m.start() + 1,
                m.group("target"),
                m.group("text"),
                m.group("title") or "",
                bool(m.group("bang")),
            )
        for m in _HTML_SRC.finditer(line):
            is_image = m.group(0).lower().startswith(("<img", "<source"))
            end = line.find(">", m.start())
            alt = _HTML_ALT.search(line[m.start() : end if end != -1 else len(line)])
            text = alt.group(2) if alt else ""
            yield Link(number, m.start() + 1, m.group(1), text, "", is_image)


def is_external(target: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target)) or target.startswith("//")
