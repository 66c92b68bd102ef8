"""A quick reading of the plain .bib files students write, for checking only.

Checking needs of each entry its key, its type and its crossref; pybtex works out every name
and field, which costs about 7 ms for 30 sources (most of a cold ``wijs check``). This reader
accepts only a strict, common subset of BibTeX in which pybtex cannot find a problem: entries
``@type{key, name = {…} | "…" | 123 | jan, …}`` with balanced braces, nothing but plain text
between entries, no ``@string``, ``@preamble``, ``@comment``, ``#`` or crossref, no field twice
in an entry, and at most two commas in each author or editor name (pybtex's only complaint
about names). Anything else returns None and pybtex reads the file as before, so the result is
always what pybtex would have given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class QuickEntry:
    key: str  # as written (the first time, when a key is repeated)
    type: str  # lower-cased, as pybtex gives it


_AT = "@"
# '@article{key' at an '@'; the key as pybtex reads it after '{' is [^\s,}]+, here narrower
_HEAD = re.compile(r"@([A-Za-z]+)\{[ \t\r\n]*([^\s,{}()\"#%'=\\@~]+)[ \t\r\n]*")
_COMMA = re.compile(r",[ \t\r\n]*")
_CLOSE = re.compile(r"\}")
# braces nested up to four deep (pybtex allows 100; deeper goes to pybtex)
_BRACED = r"\{(?:[^{}]|\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\})*\}"
_FIELD = re.compile(
    r"([A-Za-z][A-Za-z0-9_\-]*)[ \t\r\n]*=[ \t\r\n]*"
    rf"(?:({_BRACED})|(\"(?:[^\"{{}}]|{_BRACED})*\")|([0-9]+)|([A-Za-z]{{3}})(?![A-Za-z0-9]))"
    r"[ \t\r\n]*"
)
_MONTHS = frozenset(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
)
_NOT_ENTRIES = frozenset(("string", "preamble", "comment"))
_PERSON_FIELDS = frozenset(("author", "editor"))
_WHITESPACE = re.compile(r"\s+")
_AND = re.compile(" [Aa][Nn][Dd] ")
_GROUP = re.compile(_BRACED)


def quick_entries(text: str) -> dict[str, QuickEntry] | None:
    """Entries by lower-cased key, or None when pybtex must read the file."""
    entries: dict[str, QuickEntry] = {}
    position = text.find(_AT)
    while position >= 0:
        head = _HEAD.match(text, position)
        if head is None or head.group(1).lower() in _NOT_ENTRIES:
            return None
        key = head.group(2)
        position = head.end()
        seen: set[str] = set()
        persons: list[str] = []
        comma = _COMMA.match(text, position)
        while comma is not None:
            position = comma.end()
            field = _FIELD.match(text, position)
            if field is None:
                break
            name = field.group(1).lower()
            if name in seen or name == "crossref":
                return None
            if field.group(5) is not None and field.group(5).lower() not in _MONTHS:
                return None  # an undefined @string
            seen.add(name)
            if name in _PERSON_FIELDS:
                persons.append(field.group(2) or field.group(3) or "")
            position = field.end()
            comma = _COMMA.match(text, position)
        close = _CLOSE.match(text, position)
        if close is None:
            return None
        lowered = key.lower()
        if lowered not in entries:  # a repeated key keeps its first entry, unread
            if not all(_names_are_plain(value[1:-1]) for value in persons):
                return None
            entries[lowered] = QuickEntry(key, head.group(1).lower())
        position = text.find(_AT, close.end())
    return entries


def _names_are_plain(value: str) -> bool:
    """No name in the list has more than two commas (pybtex: 'Too many commas').

    Like pybtex, names are split at ' and ' and at commas only outside braces: each braced
    group stands in as one character that is neither.
    """
    outside = _GROUP.sub("\x00", _WHITESPACE.sub(" ", value.strip()))
    return all(name.count(",") <= 2 for name in _AND.split(outside))
