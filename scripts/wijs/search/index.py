"""The Whoosh index of all reports (Dutch stemming), kept in ``.cache/wijs/search/`` next to the
research folder and updated incrementally: only reports whose digest changed are re-indexed.
A damaged index is rebuilt, and one another process keeps locked is replaced for this run by
a private copy in a temporary folder, each with a warning: it holds nothing that is not in
research/.

Used by ``wijs search`` (ranked results, highlights, facet counts, did-you-mean) and by the
related-research section of every report page (more-like-this plus shared wijk and thema).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import heapq
import logging
import math
import re
import shutil
import tempfile
import traceback
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from whoosh import columns, sorting
from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.highlight import ContextFragmenter, Formatter, get_text, highlight
from whoosh.index import LockError
from whoosh.qparser import AndGroup, MultifieldParser
from whoosh.query import And, Every, NullQuery, NumericRange, Or, Phrase, Query, Term
from whoosh.searching import Searcher

from wijs import cache_seal
from wijs.model import Report, publication_label
from wijs.reader import parse_report
from wijs.research import REPORT_FILE, VOCABULARY_FILE, find_report_files
from wijs.search.analysis import SearchAnalyzer, common_from, query_stems, query_words
from wijs.search.ranking import (
    Expanded,
    Norms,
    expand,
    lookup,
    posting_blocks,
    rank,
    rank_expanded,
    word_groups,
)
from wijs.search.suggest import MIN_LENGTH, suggestion, vocabulary_words
from wijs.search.text import searchable
from wijs.vocabulary import Vocabulary, load_vocabulary

#: Bump when the schema or the analysis changes: an old index is then rebuilt from scratch.
SCHEMA_VERSION = "6"
CACHE_FOLDER = Path(".cache") / "wijs" / "search"
#: how long an update waits for another process writing the index before it uses its own
LOCK_WAIT_SECONDS = 10.0
#: The seal (wijs.cache_seal) over every file of the index, written after each change.
SEAL = "wijs.seal"
#: Beside the index folder: its common body terms (SearchIndex.common_terms), sealed JSON.
COMMON_FILE_SUFFIX = ".common.json"

log = logging.getLogger("mkdocs.plugins.wijs")


class _Locked(Exception):
    """Another process holds the index's write lock longer than LOCK_WAIT_SECONDS."""


def _write_lock_held(folder: Path) -> bool:
    """Whether another process holds Whoosh's write lock on the index in ``folder`` (Whoosh
    takes it with flock on MAIN_WRITELOCK)."""
    import fcntl

    lock = folder / "MAIN_WRITELOCK"
    if not lock.is_file() or lock.is_symlink():
        return False
    with lock.open("rb") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return False


#: Facet name as users type it → front-matter key / index field.
FACETS: dict[str, str] = {
    "wijk": "neighbourhood",
    "thema": "theme",
    "instelling": "institution",
    "niveau": "level",
    "type": "type",
    "jaar": "year",
}
TERM_FACETS = ("wijk", "thema", "instelling", "niveau", "type")

#: Searched fields and how much a match there weighs against one in the body.
FIELD_BOOSTS = {"title": 4.0, "gist": 2.0, "body": 1.0}

#: Fewer matches than this and a query gets a "did you mean" (the site uses the same number).
FEW = 3

RELATED_LIMIT = 5
_KEY_TERMS = 15
#: Words in more reports than this share say little about likeness.
COMMON_TERM_SHARE = 0.1
#: What a shared wijk and a shared thema add to the likeness of two reports.
SHARED_WIJK = 3.0
SHARED_THEMA = 2.0


T = TypeVar("T")

_ANALYZER = SearchAnalyzer()  # the terms the site's index (Pagefind) holds
#: How much a longer indexed word counts against one as long as the query word's stem (as
#: Pagefind's termSimilarity 1.0: "ouder" for "ouderen" before "ouderwets").
TERM_SIMILARITY = 1.0
#: A query that uses Whoosh's syntax (phrases, AND/OR/NOT, fields, wildcards): parsed by Whoosh;
#: any other query matches word by word as on the site.
_SYNTAX = re.compile(r'["*?:()]|(?:^|\s)(?:AND|OR|NOT|ANDNOT)(?:\s|$)')


def _schema() -> Schema:
    dutch = _ANALYZER
    # facet values also as columns: counting them needs no stored fields
    facet = {"commas": True, "stored": True, "sortable": columns.VarBytesColumn()}
    return Schema(
        key=ID(stored=True, unique=True),
        digest=ID(stored=True),
        url=STORED,
        name=STORED,
        status=ID(stored=True),
        # Report.published_from as a day number (0: never), so "published today" is a range
        published=NUMERIC(stored=True, bits=32),
        title=TEXT(analyzer=dutch, stored=True, field_boost=FIELD_BOOSTS["title"]),
        # title, summary, findings, recommendations, keywords and the facet labels: searched
        # with more weight than the body, and as a term vector the basis of related research
        gist=TEXT(analyzer=dutch, vector=True, phrase=False, field_boost=FIELD_BOOSTS["gist"]),
        lead=STORED,  # summary and findings: where the fragments come from
        body=TEXT(analyzer=dutch, phrase=False, field_boost=FIELD_BOOSTS["body"]),
        authors=STORED,
        # every word of the report once, unstemmed: the dictionary for "did you mean"
        words=KEYWORD(scorable=False),
        wijk=KEYWORD(**facet),
        thema=KEYWORD(**facet),
        instelling=KEYWORD(**facet),
        niveau=KEYWORD(**facet),
        type=KEYWORD(**facet),
        jaar=NUMERIC(stored=True, sortable=True),
    )


def cache_dir(research_root: Path) -> Path:
    """Where the index of a research folder lives (git-ignored ``.cache/``)."""
    return research_root.resolve().parent / CACHE_FOLDER / f"v{SCHEMA_VERSION}"


def file_digest(path: Path, vocabulary: Vocabulary) -> str:
    """The same digest as Report.digest, without parsing the report."""
    return hashlib.sha256(path.read_bytes() + vocabulary.digest.encode()).hexdigest()


def _document(report: Report, vocabulary: Vocabulary) -> dict[str, Any]:
    meta = report.meta
    text = searchable(report, vocabulary)
    return {
        "key": report.key,
        "digest": report.digest,
        "url": report.url,
        "name": meta.title,
        "status": meta.status,
        "published": report.published_from.toordinal() if report.published_from else 0,
        "title": text.title,
        "gist": f"{text.title} {text.gist}",
        "lead": text.lead,
        "body": text.body,
        "authors": ", ".join(meta.author_names),
        "words": " ".join(sorted(vocabulary_words(text))),
        "wijk": ",".join(meta.neighbourhood),
        "thema": ",".join(meta.theme),
        "instelling": ",".join(meta.institution),
        "niveau": ",".join(meta.level),
        "type": meta.type,
        "jaar": meta.year,
    }


@dataclass(frozen=True)
class Hit:
    key: str
    url: str | None  # None: no page on the public site (concept, ingediend, embargo)
    title: str
    year: int
    status: str
    #: '' when published, else why not ('concept', 'embargo tot …'): Report.publication_label
    state: str
    score: float
    facets: dict[str, list[str]]
    authors: str
    fragments: list[str]  # text with the matched words between \x02 and \x03


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]  # facet → value → count, over all matches
    suggestion: str | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)


class _Marker(Formatter):
    """Marks matched words with control characters; the CLI turns them into bold or <mark>."""

    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"\x02{get_text(text, token, replace)}\x03"


@dataclass
class RelatedMemo:
    """The weighted gist words of each report (by key, with the digest they were read from)
    and in how many reports each word is, kept between calls of SearchIndex.related in a live
    preview: a save changes the words of one report, and only those counts."""

    vectors: dict[str, tuple[str, list[tuple[str, float]]]] = field(default_factory=dict)
    frequencies: Counter[str] = field(default_factory=Counter)

    def take(self, key: str, digest: str, read: Callable[[], list[tuple[str, float]]]) -> None:
        """Keep the words of report ``key`` as of ``digest`` (``read`` them when they are
        not known for that digest)."""
        known = self.vectors.get(key)
        if known is not None and known[0] == digest:
            return
        if known is not None:
            self.frequencies.subtract(term for term, _ in known[1])
        vector = read()
        self.vectors[key] = (digest, vector)
        self.frequencies.update(term for term, _ in vector)

    def keep_only(self, keys: Collection[str]) -> None:
        """Forget the reports that are no longer in the index."""
        for key in [k for k in self.vectors if k not in keys]:
            self.frequencies.subtract(term for term, _ in self.vectors.pop(key)[1])
        self.frequencies = +self.frequencies  # drop the words no report has any more


class SearchIndex:
    """The on-disk Whoosh index of one research folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.schema = _schema()
        self._table: tuple[Any, dict[str, list[list[str]]]] | None = None
        self._length_norms: tuple[Any, Norms] | None = None
        self._allowed_docs: tuple[tuple[Any, str], set[int]] | None = None
        self._common: tuple[str, frozenset[str]] | None = None
        #: every (facet, value) pair, and per docnum the numbers of its pairs
        self._pairs: tuple[list[tuple[str, str]], list[tuple[int, ...]]] | None = None
        self._searcher: Searcher | None = None
        self._parser = MultifieldParser(
            list(FIELD_BOOSTS), self.schema, fieldboosts=FIELD_BOOSTS, group=AndGroup
        )
        try:
            self._ix = self._open()
        except _Locked:
            self._go_private()
        except Exception as exc:  # Whoosh raises many kinds of errors on damaged files
            self._rebuild(exc)

    def _open(self) -> Any:
        """The index on disk (a new one where there is none or the schema changed). Damage in
        its segments shows when it is first read: ``recovering`` handles that."""
        folder = self.folder
        # Whoosh unpickles its table of contents and stored fields (exists_in opens the index
        # too): open only what this machine wrote, as a pull request can commit files under
        # .cache/; anything else is rebuilt
        if folder.is_symlink() or not any(folder.glob("*.toc")):
            if folder.is_symlink():
                folder.unlink()
            shutil.rmtree(folder, ignore_errors=True)
            return self._create()
        if not cache_seal.verify_folder(folder, SEAL):
            if _write_lock_held(folder):
                raise _Locked()  # another process is writing: its new files are not sealed yet
            log.warning(
                "wijs: de zoekindex in %s is beschadigd of niet op deze computer gemaakt en wordt "
                "opnieuw opgebouwd.",
                folder,
            )
            shutil.rmtree(folder, ignore_errors=True)
            return self._create()
        ix = whoosh_index.open_dir(str(folder))
        if set(ix.schema.names()) != set(self.schema.names()):
            shutil.rmtree(folder, ignore_errors=True)  # an outdated cache, not damage
            return self._create()
        return ix

    def _create(self) -> Any:
        self.folder.mkdir(parents=True, exist_ok=True)
        created = whoosh_index.create_in(str(self.folder), self.schema)
        cache_seal.seal_folder(self.folder, SEAL)
        return created

    def _rebuild(self, exc: BaseException) -> None:
        """Start again from an empty index in the same folder (the caller indexes again)."""
        log.warning(
            "wijs: de zoekindex in %s is beschadigd en wordt opnieuw opgebouwd.", self.folder
        )
        log.debug("wijs: zoekindex beschadigd", exc_info=exc)
        self._forget()
        shutil.rmtree(self.folder, ignore_errors=True)
        self._ix = self._create()

    def _go_private(self) -> None:
        """Another process keeps the index locked: use an empty one in a temporary folder,
        removed when this object is gone."""
        log.warning(
            "wijs: de zoekindex in %s wordt al %g s door een ander proces bijgewerkt; deze keer "
            "wordt een eigen zoekindex in een tijdelijke map opgebouwd.",
            self.folder,
            LOCK_WAIT_SECONDS,
        )
        self._forget()
        private = Path(tempfile.mkdtemp(prefix="wijs-zoekindex-"))
        weakref.finalize(self, shutil.rmtree, private, True)
        self.folder = private / self.folder.name
        self._ix = self._create()

    def _forget(self) -> None:
        if self._searcher is not None:
            with contextlib.suppress(Exception):
                self._searcher.close()
        self._searcher = None
        self._table = None
        self._length_norms = None
        self._allowed_docs = None
        self._common = None
        self._pairs = None

    @classmethod
    def for_research(cls, research_root: Path) -> SearchIndex:
        return cls(cache_dir(research_root))

    def digests(self) -> dict[str, str]:
        """key → digest of every indexed report."""
        with self._ix.searcher() as searcher:
            return {
                fields["key"]: fields["digest"]
                for fields in searcher.all_stored_fields()
                if "key" in fields
            }

    def is_current(self, digests: dict[str, str]) -> bool:
        return self.digests() == digests

    def update(
        self, reports: Sequence[Report], vocabulary: Vocabulary, *, merge: bool = True
    ) -> int:
        """Make the index hold exactly these reports; return how many were (re-)indexed.
        ``merge=False`` leaves small segments unmerged (a live preview: seconds per save)."""

        def attempt() -> int:
            indexed = self.digests()
            wanted = {r.key: r for r in reports}
            changed = [r for r in reports if indexed.get(r.key) != r.digest]
            removed = [key for key in indexed if key not in wanted]
            return self.apply(changed, removed, vocabulary, merge=merge)

        return self.recovering(attempt)

    def recovering(self, attempt: Callable[[], T]) -> T:
        """``attempt()`` (reading and updating this index); once more on a new index when
        this one turns out damaged or stays locked by another process."""
        try:
            return attempt()
        except _Locked:
            self._go_private()
        except Exception as exc:
            if not _is_damage(exc):
                raise
            self._rebuild(exc)
        return attempt()

    def apply(
        self,
        changed: Sequence[Report],
        removed: Sequence[str],
        vocabulary: Vocabulary,
        *,
        merge: bool = True,
    ) -> int:
        """(Re-)index the changed reports and drop the removed keys."""
        if not changed and not removed:
            return 0
        try:
            writer = self._ix.writer(limitmb=128, timeout=LOCK_WAIT_SECONDS, delay=0.25)
        except LockError as exc:
            raise _Locked() from exc
        try:
            for key in removed:
                writer.delete_by_term("key", key)
            for report in changed:
                writer.update_document(**_document(report, vocabulary))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=len(changed) > 200, merge=merge)
        cache_seal.seal_folder(self.folder, SEAL)
        return len(changed)

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        with self._ix.searcher() as searcher:
            yield searcher

    # -- full-text search ------------------------------------------------------------------
    def search(
        self,
        query: str,
        filters: dict[str, list[str]] | None = None,
        years: tuple[int, int] | None = None,
        limit: int = 10,
        *,
        everything: bool = False,
        today: dt.date | None = None,
    ) -> Results:
        """Published reports only (on ``today``), unless ``everything``: then every report,
        the unpublished ones marked in :attr:`Hit.state` and without text or link."""
        filters = {k: v for k, v in (filters or {}).items() if v}
        today = today or dt.date.today()
        searcher = self._open_searcher()
        restriction = _restriction(filters, years, None if everything else today)
        plain = bool(query.strip()) and not _SYNTAX.search(query)
        common = self.common_terms(searcher, today)
        expanded = _expanded_words(searcher, query, common) if plain else None
        text_query: Query | None
        scores: dict[int, float] | None = None
        words: set[str] = set()
        if plain:
            # word by word as the site matches, scored straight from the postings (ranking.py)
            text_query = NullQuery
            scores = {}
            if expanded:
                scores = rank_expanded(searcher, expanded, self._norms(searcher))
                words = {t.text for group in expanded for t in group}
        else:
            text_query = self.parse(query, searcher)
            groups = word_groups(text_query, FIELD_BOOSTS) if text_query is not None else None
            if groups is not None:
                scores = rank(searcher, groups, self._norms(searcher))
            if text_query is not None:
                words = {str(t) for f, t in text_query.iter_all_terms() if f in FIELD_BOOSTS}
        parts = [q for q in (text_query, restriction) if q is not None]
        combined = (parts[0] if len(parts) == 1 else And(parts)) if parts else Every()
        ranked: list[tuple[int, float]]
        if scores is not None:
            if restriction is not None:
                allowed = self._allowed(searcher, restriction)
                scores = {d: s for d, s in scores.items() if d in allowed}
            matched = list(scores)
            ranked = self.best(searcher, query, scores, limit)
        else:
            sortedby = None if text_query is not None else sorting.FieldFacet("jaar", reverse=True)
            results = searcher.search(combined, limit=None, sortedby=sortedby)
            matched = list(results.docs())
            ranked = [(hit.docnum, hit.score or 0.0) for hit in results[:limit]]
        hits = [self._hit(searcher, docnum, score, words, today) for docnum, score in ranked]
        counts = self._facet_counts(searcher, matched)
        suggestion = None
        if text_query is not None and len(matched) < FEW:
            suggestion = _did_you_mean(searcher, query)
        return Results(query, len(matched), hits, counts, suggestion, filters)

    def _allowed(self, searcher: Searcher, restriction: Query) -> set[int]:
        """The documents a filter allows, kept while the index and the filter are unchanged
        (most searches only ask for what is published today)."""
        key = (self._ix.latest_generation(), repr(restriction))
        if self._allowed_docs is None or self._allowed_docs[0] != key:
            self._allowed_docs = (key, set(searcher.docs_for_query(restriction)))
        return self._allowed_docs[1]

    def common_terms(self, searcher: Searcher, today: dt.date) -> frozenset[str]:
        """The body terms common to the reports published on ``today`` (not searched in the
        body: wijs.search.analysis.common_from, the rule the site's records follow). Finding
        them reads every body term (seconds at 5,000 reports), so they are kept, in memory and
        sealed beside the index, while the index and the published reports are unchanged."""
        here = f"{self._ix.latest_generation()}:{today.isoformat()}"
        if self._common is not None and self._common[0] == here:
            return self._common[1]
        restriction = _restriction({}, None, today)
        published = set(searcher.docs_for_query(restriction)) if restriction else set()
        key = hashlib.sha256(
            f"{self._ix.latest_generation()}:{sorted(published)}".encode()
        ).hexdigest()
        path = self.folder.with_name(self.folder.name + COMMON_FILE_SUFFIX)
        stored = cache_seal.read_json(path)
        if isinstance(stored, dict) and stored.get("key") == key:
            common = frozenset(str(term) for term in stored.get("terms", []))
        else:
            common = _common_terms(searcher, published)
            cache_seal.write_json(path, {"key": key, "terms": sorted(common)})
        self._common = (here, common)
        return common

    def best(
        self, searcher: Searcher, query: str, scores: dict[int, float], limit: int
    ) -> list[tuple[int, float]]:
        """The ``limit`` best of ``scores``: the reports that have every query word as written
        first (``exact``), as on the site, then by score. Most often the best-scored reports
        hold the query words themselves; then only the blocks of those words' postings that
        hold them are read, not the postings of every longer word starting with them (hundreds
        for a common word at 5,000 reports)."""

        def by_score(item: tuple[int, float]) -> tuple[float, int]:
            return (-item[1], item[0])

        words = _exact_words(query)
        best = heapq.nsmallest(limit, scores.items(), key=by_score)
        if not words or all(
            _have_word(searcher, word, [d for d, _ in best]) == len(best) for word in words
        ):
            return best  # the best-scored all have the words as written: none can pass them
        # a report that may only share the stem: look at the longer words too
        exact = self.exact(searcher, query) or set()
        return heapq.nsmallest(
            limit, scores.items(), key=lambda item: (item[0] not in exact, *by_score(item))
        )

    def exact(self, searcher: Searcher, query: str) -> set[int] | None:
        """The reports that have every query word as written (a word starting with it, not
        only with its stem: "ouderen", not only "ouders"): they rank first, as on the site.
        None when no query word can tell (words shorter than MIN_LENGTH, or with digits)."""
        found: set[int] | None = None
        for word in _exact_words(query):
            docs: set[int] = set()
            for term in expand(searcher, "words", word).values():
                for ids, _ in posting_blocks(searcher, term, weights=False):
                    docs.update(ids)
            found = docs if found is None else found & docs
        return found

    def parse(self, query: str, searcher: Searcher | None = None) -> Query | None:
        """The query as Whoosh query: word by word as the site matches (see
        wijs.search.analysis), or, when it uses Whoosh's syntax, as Whoosh parses it. None for
        an empty query."""
        if not query.strip():
            return None
        if _SYNTAX.search(query):
            return _phrases_where_positions(self._parser.parse(query), self.schema)
        searcher = searcher or self._open_searcher()
        return _word_query(searcher, query, self.common_terms(searcher, dt.date.today()))

    def _open_searcher(self) -> Searcher:
        """One searcher kept open between queries, renewed when the index changed."""
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
        return self._searcher

    def _hit(
        self, searcher: Searcher, docnum: int, score: float, words: set[str], today: dt.date
    ) -> Hit:
        """A shown result: stored fields and up to two highlighted fragments of its lead. An
        unpublished report shows no text, and a link only when its page exists (withdrawn)."""
        stored = searcher.stored_fields(docnum)
        start = dt.date.fromordinal(stored["published"]) if stored["published"] else None
        state = publication_label(stored["status"], start, today)
        fragments: list[str] = []
        if not state and words:
            highlighted = highlight(
                stored["lead"],
                frozenset(words),
                _ANALYZER,
                ContextFragmenter(maxchars=160, surround=60),
                _Marker(),
                top=2,
            )
            fragments = [f.strip() for f in highlighted.split(" … ") if f.strip()]
        if not state and not fragments:
            fragments = [_shorten(stored["lead"])]
        has_page = not state or stored["status"] == "withdrawn"
        return Hit(
            key=stored["key"],
            url=stored["url"] if has_page else None,
            title=stored["name"],
            year=stored["jaar"],
            status=stored["status"],
            state=state,
            score=round(score, 3),
            facets={n: _split(stored.get(n, "")) for n in TERM_FACETS},
            authors=stored.get("authors", ""),
            fragments=fragments[:2],
        )

    def _norms(self, searcher: Searcher) -> Norms:
        """The field-length part of BM25F per document, kept while the index is unchanged."""
        generation = self._ix.latest_generation()
        if self._length_norms is None or self._length_norms[0] != generation:
            self._length_norms = (generation, {})
        return self._length_norms[1]

    def _facet_counts(self, searcher: Searcher, docnums: list[int]) -> dict[str, dict[str, int]]:
        self._facet_table(searcher)
        assert self._pairs is not None
        pairs, of_doc = self._pairs
        # one pass over the (facet, value) numbers of every match, then split per facet
        counter = Counter(chain.from_iterable(map(of_doc.__getitem__, docnums)))
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for number, count in counter.most_common():
            name, value = pairs[number]
            counts[name][value] = count
        return counts

    def _facet_table(self, searcher: Searcher) -> dict[str, list[list[str]]]:
        """Per facet, the values of every document by docnum (cached per index generation)."""
        generation = self._ix.latest_generation()
        if self._table is not None and self._table[0] == generation:
            return self._table[1]
        reader = searcher.reader()
        size = reader.doc_count_all()
        table: dict[str, list[list[str]]] = {}
        for name in TERM_FACETS:
            column = reader.column_reader(name)
            table[name] = [_split(_text(column[n])) for n in range(size)]
        years = reader.column_reader("jaar")
        table["jaar"] = [[str(years[n])] for n in range(size)]
        self._table = (generation, table)
        numbers: dict[tuple[str, str], int] = {}
        of_doc = [
            tuple(
                numbers.setdefault((name, value), len(numbers))
                for name in FACETS
                for value in table[name][n]
            )
            for n in range(size)
        ]
        self._pairs = (list(numbers), of_doc)
        return table

    # -- related research ------------------------------------------------------------------
    def related(
        self,
        keys: Iterable[str],
        allowed: set[str],
        limit: int = RELATED_LIMIT,
        *,
        memo: RelatedMemo | None = None,
    ) -> dict[str, list[str]]:
        """For every key, up to ``limit`` most alike reports among ``allowed`` (best first):
        the distinctive words of title, summary and findings they share (more-like-this on
        the term vectors), plus shared wijk and thema."""
        scored = self.related_scores(keys, allowed, limit, memo=memo)
        return {key: [other for other, _ in found] for key, found in scored.items()}

    def related_scores(
        self,
        keys: Iterable[str],
        allowed: set[str],
        limit: int = RELATED_LIMIT,
        *,
        memo: RelatedMemo | None = None,
    ) -> dict[str, list[tuple[str, float]]]:
        """As related(), with each likeness as a share (0..1) of what the report shares with
        itself: its own distinctive words, wijken and thema's. ``memo``: the gist words of
        every report from an earlier call, taken again for the reports whose text did not change
        (the live preview: one report saved, 1,000 not read again)."""
        with self._ix.searcher() as searcher:
            reader = searcher.reader()
            total = max(reader.doc_count(), 1)
            common = max(3, int(total * COMMON_TERM_SHARE))
            docnums: dict[str, int] = {}
            digest_of: dict[str, str] = {}
            for docnum, fields in reader.iter_docs():
                docnums[fields["key"]] = docnum
                digest_of[fields["key"]] = fields.get("digest", "")
            table = self._facet_table(searcher)

            def vector(docnum: int) -> list[tuple[str, float]]:
                if not reader.has_vector(docnum, "gist"):
                    return []
                return list(reader.vector_as("weight", docnum, "gist"))

            # how distinctive a word is: counted in the reports' own word lists (the same in a
            # build and in the live preview, whose index keeps replaced reports until merged)
            memo = memo or RelatedMemo()
            for key, docnum in docnums.items():
                memo.take(key, digest_of[key], partial(vector, docnum))
            memo.keep_only(docnums)
            frequencies = memo.frequencies
            idf: dict[str, float] = {}

            def key_terms(vector: list[tuple[str, float]]) -> list[tuple[str, float]]:
                weighted = []
                for term, weight in vector:
                    if term not in idf:
                        df = frequencies[term]
                        idf[term] = math.log(total / df) if 0 < df <= common else 0.0
                    if idf[term] > 0:
                        weighted.append((term, weight * idf[term]))
                weighted.sort(key=lambda item: -item[1])
                return weighted[:_KEY_TERMS]

            terms_of = {docnum: key_terms(memo.vectors[key][1]) for key, docnum in docnums.items()}
            candidates = sorted(docnums[k] for k in allowed if k in docnums)
            by_term: dict[str, list[int]] = defaultdict(list)
            by_value: dict[tuple[str, str], list[int]] = defaultdict(list)
            for docnum in candidates:
                for term, _ in terms_of[docnum]:
                    by_term[term].append(docnum)
                for facet in ("wijk", "thema"):
                    for value in table[facet][docnum]:
                        by_value[facet, value].append(docnum)
            related: dict[str, list[tuple[str, float]]] = {}
            key_of = {n: k for k, n in docnums.items()}
            for key in keys:
                docnum = docnums.get(key)
                if docnum is None:
                    continue
                scores: dict[int, float] = defaultdict(float)
                itself = 0.0
                for term, _ in terms_of[docnum]:
                    itself += idf[term]
                    for other in by_term.get(term, ()):
                        scores[other] += idf[term]
                for facet, bonus in (("wijk", SHARED_WIJK), ("thema", SHARED_THEMA)):
                    for value in table[facet][docnum]:
                        itself += bonus
                        for other in by_value.get((facet, value), ()):
                            scores[other] += bonus
                scores.pop(docnum, None)
                best = heapq.nsmallest(limit, scores.items(), key=lambda i: (-i[1], key_of[i[0]]))
                related[key] = [(key_of[n], min(1.0, s / (itself or 1.0))) for n, s in best]
        return related


def refresh_index(research_root: Path) -> tuple[SearchIndex, Vocabulary]:
    """The index of a research folder, brought up to date with the files on disk.

    Unchanged reports are recognised by their digest without being parsed, so a search right
    after another one costs one hash per file. Reports that cannot be read are left out.
    Raises WijsError when the vocabulary is unusable.
    """

    vocabulary = load_vocabulary(research_root / VOCABULARY_FILE)
    index = SearchIndex.for_research(research_root)

    def attempt() -> None:
        indexed = index.digests()
        current: dict[str, Path] = {}
        changed: list[Report] = []
        stale: list[str] = []
        for path in find_report_files(research_root):
            if path.name != REPORT_FILE:
                continue
            key = f"{path.parent.parent.name}/{path.parent.name}"
            current[key] = path
            raw = path.read_bytes()
            digest = hashlib.sha256(raw + vocabulary.digest.encode()).hexdigest()
            if indexed.get(key) == digest:
                continue
            report = parse_report(raw, path, vocabulary, research_root).report
            if report is None:
                stale.append(key)
            else:
                changed.append(report)
        removed = [key for key in indexed if key not in current or key in stale]
        index.apply(changed, removed, vocabulary)

    index.recovering(attempt)
    return index, vocabulary


def _is_damage(exc: Exception) -> bool:
    """Whether ``exc`` comes from damaged index files: a file error, or any error raised
    inside Whoosh itself (not in our analyzer or our reports)."""
    if isinstance(exc, OSError | EOFError | whoosh_index.IndexError):
        return True
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and "whoosh" in Path(frames[-1].filename).parts


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value or "")


def _split(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def _shorten(text: str, length: int = 200) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def _restriction(
    filters: dict[str, list[str]], years: tuple[int, int] | None, published_on: dt.date | None
) -> Query | None:
    parts: list[Query] = []
    if published_on is not None:  # Report.is_published(published_on), as a range
        parts.append(NumericRange("published", 1, published_on.toordinal()))
    for name, values in filters.items():
        if name == "jaar":
            parts.append(Or([Term("jaar", int(v)) for v in values]))
        else:
            parts.append(Or([Term(name, v) for v in values]))
    if years is not None:
        parts.append(NumericRange("jaar", years[0], years[1]))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def _phrases_where_positions(query: Query, schema: Schema) -> Query:
    """A quoted phrase stays a phrase in fields that keep word positions (the title); in the
    others (gist, body) it asks for all its words."""

    def rewrite(node: Query) -> Query:
        if isinstance(node, Phrase) and not schema[node.fieldname].format.supports("positions"):
            return And([Term(node.fieldname, word, boost=node.boost) for word in node.words])
        return node

    return query.accept(rewrite)


def _expanded_words(
    searcher: Searcher, query: str, common: frozenset[str]
) -> list[list[Expanded]] | None:
    """Every query word as the site's index matches it: any indexed word starting with its stem
    (else the longest indexed word its stem starts with), in any searched field but a
    ``common`` word in the body, weighted by the field and by how close the indexed word's
    length is to the stem's (as Pagefind). None when a word matches nothing."""

    def searched(term: Expanded | None) -> bool:
        return term is not None and not (term.field == "body" and term.text in common)

    groups: list[list[Expanded]] = []
    for stem in query_stems(query):
        terms = [
            t
            for field in FIELD_BOOSTS
            for t in expand(searcher, field, stem).values()
            if searched(t)
        ]
        for end in range(len(stem) - 1, 0, -1):
            if terms:
                break
            found = (lookup(searcher, field, stem[:end]) for field in FIELD_BOOSTS)
            terms = [t for t in found if t is not None and searched(t)]
        if not terms:
            return None
        for term in terms:
            term.boost = FIELD_BOOSTS[term.field] * _length_bonus(term.text, stem)
        groups.append(terms)
    return groups or None


def _have_word(searcher: Searcher, word: str, docnums: list[int]) -> int:
    """How many of ``docnums`` have ``word`` as written (the exact-form field), reading only
    the blocks of its postings that hold them."""
    tbytes = word.encode("utf-8")
    if ("words", tbytes) not in searcher.reader():
        return 0
    matcher = searcher.postings("words", tbytes)
    found = 0
    for docnum in sorted(docnums):
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            found += 1
    return found


def _exact_words(query: str) -> list[str]:
    """The query words a report can have as written: MIN_LENGTH letters or more (none for a
    query in Whoosh's syntax)."""
    if _SYNTAX.search(query):
        return []
    return [w for w in query_words(query) if len(w) >= MIN_LENGTH and w.isalpha()]


def _common_terms(searcher: Searcher, published: set[int]) -> frozenset[str]:
    """The body terms in at least ``common_from`` of the ``published`` documents."""
    least = common_from(len(published))
    if least is None:
        return frozenset()
    terms: dict[str, Expanded] = {}
    for number, (leaf, _) in enumerate(searcher.leaf_searchers()):
        for tbytes, info in leaf.reader().iter_field("body"):
            text = tbytes.decode("utf-8")
            terms.setdefault(text, Expanded("body", text, 1.0)).infos.append((number, info))
    found = set()
    for text, term in terms.items():
        if sum(info.doc_frequency() for _, info in term.infos) < least:
            continue  # in fewer documents than needed, published or not
        ids = chain.from_iterable(i for i, _ in posting_blocks(searcher, term, False))
        if len(published.intersection(ids)) >= least:
            found.add(text)
    return frozenset(found)


def _word_query(searcher: Searcher, query: str, common: frozenset[str]) -> Query:
    """The Whoosh query for what ``_expanded_words`` matches (Whoosh ranks it the same)."""
    groups = _expanded_words(searcher, query, common)
    if not groups:
        return NullQuery
    ors: list[Query] = [Or([Term(t.field, t.text, boost=t.boost) for t in g]) for g in groups]
    return ors[0] if len(ors) == 1 else And(ors)


def _length_bonus(term: str, stem: str) -> float:
    """Pagefind's word_length_bonus: 1 for the same length, less the longer the indexed word."""
    differential = abs(len(term) - len(stem)) + 1
    base = math.exp(-0.5 * differential**2 / 4.0)
    return math.exp(base * TERM_SIMILARITY) / math.exp(TERM_SIMILARITY)


def _did_you_mean(searcher: Searcher, query: str) -> str | None:
    """The query with every word no report holds replaced by the nearest word one does
    (wijs.search.suggest: the same rules as the site)."""
    reader = searcher.reader()

    def candidates(word: str) -> Iterator[str]:
        for term in reader.expand_prefix("words", word[0]):
            yield term.decode("utf-8")

    return suggestion(query, lambda w: reader.doc_frequency("words", w), candidates)
