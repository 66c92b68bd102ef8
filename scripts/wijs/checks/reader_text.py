"""The text a reader sees, for the privacy scan: Markdown and HTML markup that does not show
(comments, tags, emphasis, escapes, link targets) left out, character references decoded,
non-breaking spaces and dashes made plain, the lines of a paragraph joined. Every character
keeps the position in the source it came from, so a finding is reported on its source line.

One pass over the text: a search for the characters markup starts with, and one regular
expression tried there, without backtracking over unbounded spans: linear in the length.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

#: spaces that look like a space: no-break, figure, narrow no-break, thin, hair, en/em spaces
_SPACES = "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
#: dashes and hyphens that look like '-': hyphen, non-breaking hyphen, figure/en/em dash,
#: horizontal bar, minus sign, small and full-width hyphen-minus
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
#: characters no reader sees: soft hyphen, zero-width space and joiners, word joiner, BOM
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

#: digits of other scripts ('٠٦' Arabic-Indic, '０６' full-width), read as 0-9: the characters
#: themselves (not a negated class), so they fit in the one class of starting characters below
_OTHER_DIGITS = "".join(chr(c) for c in range(0x80, 0x1_0000) if chr(c).isdecimal())
_DIGITS = f"[{_OTHER_DIGITS}]"
#: the at sign in full width and small form
_ATS = "\uff20\ufe6b"

_PLAIN = (
    rf"(?P<space>[{_SPACES}])"
    rf"|(?P<digit>{_DIGITS})"
    rf"|(?P<at>[{_ATS}])"
    rf"|(?P<dash>[{_DASHES}])"
    rf"|(?P<invisible>[{_INVISIBLE}])"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)
_MARKDOWN = re.compile(
    _PLAIN
    + r"|(?P<comment><!--)"
    # an HTML tag; '[^<>]*' stops at the next '<', so the tries never cover the text twice
    + r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]{0,30}(?:[\s/][^<>]*)?>)"
    + r"|(?P<escape>\\[!-/:-@\[-`{-~])"
    # a link's target and title: '](…)' or a reference '][…]'
    + r"|(?P<target>\]\([^()\s]{0,2000}(?:[ \t]+\"[^\"\n]{0,300}\")?\)|\]\[[^\[\]\n]{0,200}\])"
    + r"|(?P<markup>[*_~`\[\]])"
    # a line break inside a paragraph reads as a space; before a block (blank line, heading,
    # quote, table row, list item) it stays
    + r"|(?P<newline>\n(?![ \t]*(?:\n|[>#|]|[*+-][ \t]|\d{1,9}[.)](?:[ \t]|$))))"
)
_TEXT = re.compile(_PLAIN)
#: the characters a match of _MARKDOWN (or _TEXT) starts with: searching for them first and
#: trying the full pattern only there is many times faster than letting it try every position
_SPECIAL = _SPACES + _DASHES + _INVISIBLE + _ATS + _OTHER_DIGITS
_MARKDOWN_START = re.compile(rf"[{_SPECIAL}&<\\\]*_~`\[\n]")
_TEXT_START = re.compile(f"[{_SPECIAL}&]")


@dataclass(frozen=True)
class ReaderText:
    """``text`` as a reader sees it; output position ``pieces[i][0]`` onwards comes from source
    position ``pieces[i][1]`` onwards."""

    text: str
    _outs: tuple[int, ...]
    _sources: tuple[int, ...]
    #: (start, end) in the source of what the reader does not see but the page holds: tags
    #: with their attributes, link targets, comments
    hidden: tuple[tuple[int, int], ...] = ()

    def source_position(self, position: int) -> int:
        """The position in the source of the character at ``position`` in ``text``."""
        index = bisect_right(self._outs, position) - 1
        return self._sources[index] + position - self._outs[index]


def reader_text(source: str, markdown: bool = True) -> ReaderText:
    """What a reader sees of ``source`` (Markdown when ``markdown``, else plain text)."""
    pattern, starts = (_MARKDOWN, _MARKDOWN_START) if markdown else (_TEXT, _TEXT_START)
    parts: list[str] = []
    outs: list[int] = [0]
    sources: list[int] = [0]
    length = 0  # of the output so far
    copied = 0  # source position up to which the source is copied or replaced
    comments = markdown  # False once a '<!--' has no '-->' after it
    hidden: list[tuple[int, int]] = []
    for hit in starts.finditer(source):
        start = hit.start()
        if start < copied:
            continue  # inside a comment or a link target already skipped
        match = pattern.match(source, start)
        if match is None:
            continue
        kind = match.lastgroup
        if kind == "comment":
            if not comments:
                continue
            end = source.find("-->", start + 4)
            if end < 0:
                comments = False  # an unclosed comment: its text is scanned as text
                continue
            replacement, skipped_to = "", end + 3
            hidden.append((start, skipped_to))
        else:
            replacement, skipped_to = _replacement(kind, match.group()), match.end()
            if kind in ("tag", "target"):
                hidden.append((start, skipped_to))
        if start > copied:
            parts.append(source[copied:start])
            length += start - copied
        if replacement:
            parts.append(replacement)
            outs.append(length)
            sources.append(start)
            length += len(replacement)
        copied = skipped_to
        outs.append(length)
        sources.append(copied)
    parts.append(source[copied:])
    return ReaderText("".join(parts), tuple(outs), tuple(sources), tuple(hidden))


def _replacement(kind: str | None, text: str) -> str:
    if kind == "space" or kind == "newline":
        return " "
    if kind == "dash":
        return "-"
    if kind == "digit":
        return str(unicodedata.digit(text, 0))
    if kind == "at":
        return "@"
    if kind == "entity":
        decoded = html.unescape(text)
        return _TEXT.sub(lambda m: _replacement(m.lastgroup, m.group()), decoded)
    if kind == "escape":
        return text[1]
    return ""  # invisible characters, tags, markup, link targets
