"""Did you mean: the nearest word the collection contains for a query word it does not.

The same rules on the site (zoeken.js, with the word list written at build time) and in
`wijs search` (with the words of the Whoosh index): a word of at least MIN_LENGTH letters that no
report contains is replaced by a word that starts with the same letter, is at most one edit away
(two for words longer than five letters; an edit is a letter added, dropped, changed or two
letters swapped) and, of those, is the closest, then the one in most reports, then the first
alphabetically.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from wijs.search.analysis import STOPS, fold, query_words
from wijs.search.text import SearchText

MIN_LENGTH = 4
#: At most this many words (those in most reports) go into the site's word list.
WORD_LIST_LIMIT = 20_000
_LETTERS = re.compile(r"[^\W\d_]+")


def vocabulary_words(text: SearchText) -> set[str]:
    """The words of a report a suggestion may offer: runs of letters, lowercased, without
    diacritics, of MIN_LENGTH or more, no stop words."""
    found = set()
    for part in (text.title, text.summary, text.findings, text.tags, text.people, text.body):
        for word in _LETTERS.findall(fold(part.lower())):
            if len(word) >= MIN_LENGTH and word not in STOPS:
                found.add(word)
    return found


def word_list(reports: Iterable[set[str]], limit: int = WORD_LIST_LIMIT) -> list[tuple[str, int]]:
    """(word, number of reports holding it) for the site, from each report's
    ``vocabulary_words``: most common first, then A–Z."""
    counts: Counter[str] = Counter()
    for words in reports:
        counts.update(words)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def max_distance(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def distance(a: str, b: str, limit: int = 3) -> int:
    """Edits between ``a`` and ``b`` (optimal string alignment), or ``limit`` + 1 when more."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, start=1):
            cost = 0 if char == other else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def nearest(word: str, candidates: Iterable[str], reports: Callable[[str], int]) -> str | None:
    """The best of ``candidates`` for ``word`` (``reports(candidate)``: how many reports hold
    it, asked only of those near enough), or None."""
    limit = max_distance(word)
    best: tuple[int, int, str] | None = None
    for candidate in candidates:
        if candidate == word or not candidate.startswith(word[0]):
            continue
        edits = distance(word, candidate, limit)
        if edits <= limit:
            key = (edits, -reports(candidate), candidate)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def suggestion(
    query: str,
    reports: Callable[[str], int],
    candidates: Callable[[str], Iterable[str]],
) -> str | None:
    """The query with every unknown word replaced by its nearest known word, or None when
    nothing changes. ``reports(word)``: how many reports hold it; ``candidates(word)``: the
    words to choose from (all words with the same first letter will do)."""
    words = query_words(query)
    changed = False
    for place, word in enumerate(words):
        if len(word) < MIN_LENGTH or not word.isalpha() or reports(word) > 0:
            continue
        found = nearest(word, candidates(word), reports)
        if found:
            words[place] = found
            changed = True
    return " ".join(words) if changed else None
