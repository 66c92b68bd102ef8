"""Words as both search indexes see them. The site's index (Pagefind, Dutch) and the Whoosh index
of `wijs search` must find the same reports for the same query, so the Whoosh analyzer splits,
normalises and stems text the way Pagefind does, and a query word matches the way Pagefind
matches it:

- text is split at white space; a word keeps its letters and digits, lowercased, without
  diacritics ("geïnterviewde" → "geinterviewde"), and is stemmed (Snowball 3 Dutch, as
  Pagefind 1.5: "ouderen" → "ouder", "telefoons" → "telefoon");
- a word joined by punctuation or written in camel case is also indexed as its parts of two or
  more characters ("hbo-studenten" → "hbostudent", "hbo", "student");
- a query word loses punctuation, is stemmed and matches every indexed word that starts with
  its stem ("jongeren" → "jonger": jongeren, jongerenwerk); when no indexed word does, it
  matches the longest indexed word its stem starts with ("stoeptegelprobleem" → "stoeptegel");
- every query word must match (AND). Stop words ("de", "in") are left out of the query on both
  sides, unless the query holds nothing else;
- in a collection of at least COMMON_FROM published reports, a word whose stem stands in the
  body of at least three in ten of them (``common_from``) is not searched in the body, only in
  title, summary, findings, keywords, labels and people: it tells few reports from the others
  (BM25 gives it a tenth of the weight of a rare word), and leaving it out of the site's index
  keeps Pagefind's memory in budget (it holds about 700 bytes for every distinct word of every
  report: 1.9 GB at 5,000 reports with half as the share, 1.6 GB with three in ten).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import snowballstemmer
from whoosh.analysis import STOP_WORDS, Analyzer, Token
from whoosh.lang import stopwords_for_language

#: Whoosh's default (English) stop words and the Dutch ones; the search page gets the same list.
STOPS = frozenset(STOP_WORDS) | frozenset(stopwords_for_language("nl"))
#: Pagefind indexes the parts of a compound word only when they have two or more characters.
MIN_PART = 2
#: Body words common to this share of the published reports are not searched in the body …
COMMON_SHARE = 0.3
#: … in a collection of at least this many published reports (in a smaller one every word is)
COMMON_FROM = 200

# Snowball 3's Dutch stemmer, the one Pagefind 1.5 stems with (Whoosh's own is the older one)
_stemmer = snowballstemmer.stemmer("dutch")
_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]+")
#: punctuation Pagefind removes from a query (dashes, brackets, quotes, other punctuation)
_QUERY_PUNCTUATION = frozenset({"Pd", "Pe", "Pf", "Pi", "Po", "Ps"})


#: every combining mark (Unicode category M), to be dropped by str.translate: all are below
#: U+30000 but the variation selectors supplement
_MARKS = dict.fromkeys(
    c for c in range(0x30000) if unicodedata.category(chr(c)).startswith("M")
) | dict.fromkeys(range(0xE0100, 0xE01F0))


def fold(text: str) -> str:
    """Without diacritics: decomposed, combining marks dropped (as Pagefind does)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFD", text).translate(_MARKS)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Dutch stem of a normalised word (cached: texts repeat their words)."""
    return str(_stemmer.stemWord(word))


@lru_cache(maxsize=200_000)
def index_terms(raw: str) -> tuple[str, ...]:
    """The indexed terms of one white-space separated word: the whole word normalised and
    stemmed, then its parts when it is a compound. Stop words are indexed too, as by Pagefind:
    a query leaves them out, but a query word no indexed word starts with matches the longest
    indexed word it starts with, which may be one."""
    normalised = "".join(c for c in raw if c.isalnum()).lower()
    if not normalised:
        return ()
    terms = [stem(fold(normalised))]
    if raw.isalnum() and not any(c.isupper() for c in raw[1:]):
        return tuple(terms)
    parts = " ".join(_case_parts(_ASCII_PUNCTUATION.sub(" ", raw))).lower()
    if " " in parts or not normalised.startswith(parts):
        for part in parts.split():
            part = fold(part)
            if len(part) >= MIN_PART:
                terms.append(stem(part))
    return tuple(dict.fromkeys(terms))


def atoms(raw: str) -> dict[str, tuple[str, ...]]:
    """The words of one white-space separated word that each give one indexed term, with their
    terms: the whole word lowercased without punctuation, and for a compound its parts
    ("hbo-studenten" → hbostudenten, hbo, studenten). A part whose letters alone would give
    another term stays the word as written (it then gives all of that word's terms)."""
    terms = index_terms(raw)
    if len(terms) <= 1:
        whole = "".join(c for c in raw if c.isalnum()).lower()
        return {whole: terms} if terms else {}
    found: dict[str, tuple[str, ...]] = {}
    candidates = ["".join(c for c in raw if c.isalnum()).lower()]
    candidates += [p.lower() for p in _case_parts(_ASCII_PUNCTUATION.sub(" ", raw))]
    for candidate in candidates:
        given = index_terms(candidate)
        if len(given) == 1 and given[0] in terms:
            found[candidate] = given
    if set(terms) - {t for given in found.values() for t in given}:
        return {raw: terms}
    return found


def body_terms(body: str) -> set[str]:
    """Every term the body gives (the terms of the Whoosh index's body field)."""
    return {term for raw in body.split() for term in index_terms(raw)}


def common_from(published: int) -> int | None:
    """In how many of ``published`` reports a term must stand in the body to be common (not
    searched in the body); None when the collection is too small for any to be."""
    if published < COMMON_FROM:
        return None
    return math.ceil(published * COMMON_SHARE)


def common_terms(bodies: Iterable[set[str]], published: int) -> frozenset[str]:
    """The common terms of ``published`` reports, given the body_terms of each."""
    least = common_from(published)
    if least is None:
        return frozenset()
    counts: dict[str, int] = {}
    for terms in bodies:
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
    return frozenset(term for term, count in counts.items() if count >= least)


def _case_parts(text: str) -> list[str]:
    """Split where camel case or a change between letters and digits marks a new part:
    "WhatsApp" → Whats, App; "HBOstudent" → HBO, student; "65plus" → 65, plus."""
    parts: list[str] = []
    for chunk in text.split():
        current = chunk[0]
        for before, char, after in zip(chunk, chunk[1:], chunk[2:] + " ", strict=False):
            new = (
                (before.islower() and char.isupper())
                or (before.isdigit() != char.isdigit() and before.isalnum() and char.isalnum())
                or (before.isupper() and char.isupper() and after.islower())
            )
            if new:
                parts.append(current)
                current = char
            else:
                current += char
        parts.append(current)
    return parts


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, raw word) of every white-space separated word of ``text``."""
    for match in re.finditer(r"\S+", text):
        yield match.start(), match.end(), match.group()


def query_words(query: str) -> list[str]:
    """A query as Pagefind reads it: punctuation removed, lowercased, without diacritics, split
    at white space; stop words left out unless nothing else is left."""
    kept = "".join(c for c in query if unicodedata.category(c) not in _QUERY_PUNCTUATION).lower()
    found = [fold(w) for w in kept.split()]
    found = [w for w in found if w]
    content = [w for w in found if w not in STOPS]
    return content or found


def query_stems(query: str) -> list[str]:
    """The stem of every query word: what an indexed term must start with."""
    return [stem(word) for word in query_words(query)]


class SearchAnalyzer(Analyzer):
    """Whoosh analyzer giving the terms Pagefind indexes (see the module docstring)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SearchAnalyzer)

    def __hash__(self) -> int:
        return hash(SearchAnalyzer)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for start, end, raw in words(value):
            terms = index_terms(raw)
            if not terms:
                continue
            for term in terms:
                token.text = term
                token.boost = 1.0
                if keeporiginal:
                    token.original = raw
                if positions:
                    token.pos = position
                if chars:
                    token.startchar = start_char + start
                    token.endchar = start_char + end
                yield token
            position += 1
