"""Pandoc-style citations in a Markdown body: ``[@key]``, ``[@key, p. 12]``, ``[@a; @b]``,
``[see @key]``, ``[-@key]`` and narrative ``@key`` (optionally ``@key [p. 12]``).

Nothing inside code (fenced, indented, code spans, <code>/<pre>), HTML tags, comments, URLs or
link targets is a citation, and neither is an e-mail address or an escaped ``\\@``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

# pandoc's citation key: starts with a letter, digit or _, may hold internal punctuation
KEY = r"\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*"
_MASK = "\x00"

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
# the lookahead lets the engine skip every position that cannot start a match (3× faster)
_INLINE_PROTECTED = re.compile(
    r"(?=[<`hfw])(?:"
    r"<!--.*?-->"
    r"|<(pre|code|script|style|kbd|samp)\b.*?</\1\s*>"
    r"|(?<!`)(`+)(?!`).+?(?<!`)\2(?!`)"
    r"|<(?:[A-Za-z][A-Za-z0-9+.-]*:|[^@\s<>]+@)[^<>\s]*>"
    r"|</?[A-Za-z][^<>\n]*(?:\n[^<>\n]*)?>"
    r"|\b(?:https?|ftp)://[^\s<>()\[\]]+"
    r"|\bwww\.[^\s<>()\[\]]+"
    r")",
    re.S | re.I,
)
_LINK_TARGET = re.compile(r"\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*(?:\s+\"[^\"]*\")?)\)")
_BRACKET = re.compile(r"(?<![\\!\]])\[(?P<inner>[^\[\]\x00]*?@[^\[\]\x00]*)\]")
_NARRATIVE = re.compile(
    r"(?<![\w\\@.+\-/:&=%])@(?:\{(?P<bkey>[^{}\s\x00]+)\}|(?P<key>" + KEY + r"))"
    r"(?:[ ]\[(?P<locator>[^\[\]@\x00\n]*)\](?![(\[]))?"
)
_ITEM = re.compile(
    r"^\s*(?P<prefix>(?:.*?\s)?)(?P<minus>-?)@(?:\{(?P<bkey>[^{}]+)\}|(?P<key>" + KEY + r"))"
    r"(?P<suffix>.*?)\s*$",
    re.S,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class CiteItem:
    key: str
    prefix: str = ""  # 'zie' in [zie @key]
    locator: str = ""  # 'p. 12' in [@key, p. 12]
    suppress_author: bool = False  # [-@key]


@dataclass(frozen=True)
class Citation:
    items: tuple[CiteItem, ...]
    narrative: bool
    start: int  # offsets in the Markdown text
    end: int

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


def _mask_code(text: str) -> str:
    """The text with every code line replaced by mask characters (same length, same lines)."""
    out: list[str] = []
    fence: str | None = None
    previous_blank = True
    in_list = False
    in_indented_code = False
    for line in text.split("\n"):
        stripped = line.strip()
        if fence is not None:
            out.append(_MASK * len(line))
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            continue
        match = _FENCE.match(line)
        if match:
            fence = match.group(1)
            out.append(_MASK * len(line))
            previous_blank = False
            continue
        indented = line.startswith(("    ", "\t"))
        if stripped and not indented:
            in_list = bool(_LIST_ITEM.match(line)) or (in_list and not previous_blank)
            in_indented_code = False
        if indented and stripped and not in_list and (previous_blank or in_indented_code):
            in_indented_code = True
            out.append(_MASK * len(line))
            previous_blank = False
            continue
        if stripped:
            in_indented_code = False if not indented else in_indented_code
        out.append(line)
        previous_blank = not stripped
    return "\n".join(out)


def _blank(match: re.Match[str]) -> str:
    found = match.group(0)
    if "\n" not in found:
        return _MASK * len(found)
    return _NOT_NEWLINE.sub(_MASK, found)


_NOT_NEWLINE = re.compile(r"[^\n]")


def _mask(text: str) -> str:
    masked = _mask_code(text)

    masked = _INLINE_PROTECTED.sub(_blank, masked)

    def blank_target(match: re.Match[str]) -> str:
        return "](" + re.sub(r"[^\n]", _MASK, match.group(1)) + ")"

    return _LINK_TARGET.sub(blank_target, masked)


def _parse_bracket(inner: str) -> tuple[CiteItem, ...] | None:
    if _BLANK_LINE.search(inner):
        return None
    items = []
    for part in inner.split(";"):
        match = _ITEM.match(part)
        if match is None:
            return None
        key = match.group("key") or match.group("bkey")
        items.append(
            CiteItem(
                key=key,
                prefix=" ".join(match.group("prefix").split()),
                locator=_clean_locator(match.group("suffix")),
                suppress_author=bool(match.group("minus")),
            )
        )
    return tuple(items)


def _clean_locator(suffix: str) -> str:
    return " ".join(suffix.strip().lstrip(",").split())


def find_citations(text: str) -> list[Citation]:
    """Every citation outside code, in order of appearance."""
    return list(_find_citations(text))


@lru_cache(maxsize=64)
def _find_citations(text: str) -> tuple[Citation, ...]:
    # cached: a report's body is searched when its citations are checked and again when they
    # are rendered on its page
    masked = _mask(text)
    found: list[Citation] = []
    position = 0
    while True:
        bracket = _BRACKET.search(masked, position)
        limit = bracket.start() if bracket else len(masked)
        for match in _NARRATIVE.finditer(masked, position, limit):
            found.append(_narrative(match))
        if bracket is None:
            break
        after = text[bracket.end() : bracket.end() + 1]
        items = None if after in ("(", "[", ":") else _parse_bracket(bracket.group("inner"))
        if items is not None:
            found.append(Citation(items, False, bracket.start(), bracket.end()))
        else:
            # not a citation: narrative citations inside it still count ([zie ook @a](…))
            inner_start = bracket.start("inner")
            for match in _NARRATIVE.finditer(masked, inner_start, bracket.end("inner")):
                found.append(_narrative(match))
        position = bracket.end()
    return tuple(found)


def _narrative(match: re.Match[str]) -> Citation:
    key = match.group("key") or match.group("bkey")
    locator = _clean_locator(match.group("locator") or "")
    return Citation((CiteItem(key, locator=locator),), True, match.start(), match.end())


def replace_citations(text: str, render: Callable[[Citation], str | None]) -> str:
    """The text with each citation replaced by ``render(citation)`` (None keeps it as is)."""
    parts: list[str] = []
    position = 0
    for citation in find_citations(text):
        replacement = render(citation)
        if replacement is None:
            continue
        parts.append(text[position : citation.start])
        parts.append(replacement)
        position = citation.end
    parts.append(text[position:])
    return "".join(parts)


_NEWLINE = re.compile("\n")


class LineIndex:
    """1-based (line, column) of offsets in a text."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
