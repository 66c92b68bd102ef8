"""The Whoosh index of all reports (Dutch stemming), kept in ``.cache/wijs/search/`` next to the
research folder and updated incrementally: only reports whose digest changed are re-indexed.

Used by ``wijs search`` (ranked results, highlights, facet counts, did-you-mean) and by the
related-research section of every report page (more-like-this plus shared wijk and thema).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import sorting
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.highlight import ContextFragmenter, Formatter, get_text
from whoosh.qparser import AndGroup, MultifieldParser
from whoosh.query import And, NumericRange, Or, Query, Term
from whoosh.searching import Searcher

from wijs.model import Report
from wijs.search.text import report_text
from wijs.vocabulary import Vocabulary

#: Bump when the schema or the analysis changes: an old index is then rebuilt from scratch.
SCHEMA_VERSION = "1"
CACHE_FOLDER = Path(".cache") / "wijs" / "search"

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
FIELD_BOOSTS = {
    "title": 5.0,
    "summary": 2.5,
    "findings": 2.5,
    "keywords": 2.0,
    "labels": 1.5,
    "authors": 1.0,
    "body": 1.0,
}

RELATED_LIMIT = 5
_KEY_TERMS = 20


def _schema() -> Schema:
    dutch = LanguageAnalyzer("nl")
    return Schema(
        key=ID(stored=True, unique=True),
        digest=ID(stored=True),
        url=STORED,
        name=STORED,
        status=ID(stored=True),
        embargo=STORED,
        title=TEXT(analyzer=dutch, stored=True, field_boost=FIELD_BOOSTS["title"]),
        summary=TEXT(analyzer=dutch, stored=True, field_boost=FIELD_BOOSTS["summary"]),
        findings=TEXT(analyzer=dutch, stored=True, field_boost=FIELD_BOOSTS["findings"]),
        keywords=TEXT(analyzer=dutch, field_boost=FIELD_BOOSTS["keywords"]),
        labels=TEXT(analyzer=dutch, field_boost=FIELD_BOOSTS["labels"]),
        authors=TEXT(analyzer=StandardAnalyzer(stoplist=None), stored=True),
        body=TEXT(analyzer=dutch, stored=True),
        # every word unstemmed: the dictionary for "did you mean"
        words=TEXT(analyzer=StandardAnalyzer(stoplist=None, minsize=3), phrase=False),
        # title, summary, findings and keywords as a term vector: fast more-like-this
        gist=TEXT(analyzer=dutch, vector=True, phrase=False),
        wijk=KEYWORD(stored=True, commas=True),
        thema=KEYWORD(stored=True, commas=True),
        instelling=KEYWORD(stored=True, commas=True),
        niveau=KEYWORD(stored=True, commas=True),
        type=KEYWORD(stored=True, commas=True),
        jaar=NUMERIC(stored=True, sortable=True),
    )


def cache_dir(research_root: Path) -> Path:
    """Where the index of a research folder lives (git-ignored ``.cache/``)."""
    return research_root.resolve().parent / CACHE_FOLDER / f"v{SCHEMA_VERSION}"


def file_digest(path: Path, vocabulary: Vocabulary) -> str:
    """The same digest as Report.digest, without parsing the report."""
    return hashlib.sha256(path.read_bytes() + vocabulary.digest.encode()).hexdigest()


def _labels(report: Report, vocabulary: Vocabulary) -> str:
    meta = report.meta
    labels = [vocabulary.wijken.label(w) for w in meta.neighbourhood]
    labels += [vocabulary.themes.label(t) for t in meta.theme]
    labels += [vocabulary.institutions.label(i) for i in meta.institution]
    labels += [meta.commissioner or ""]
    return " ".join(labels)


def _document(report: Report, vocabulary: Vocabulary) -> dict[str, Any]:
    meta = report.meta
    findings = " ".join([*meta.findings, *meta.recommendations])
    text = report_text(report)
    return {
        "key": report.key,
        "digest": report.digest,
        "url": report.url,
        "name": meta.title,
        "status": meta.status,
        "embargo": meta.embargo_until.isoformat() if meta.embargo_until else "",
        "title": " ".join(p for p in (meta.title, meta.subtitle or "") if p),
        "summary": meta.summary,
        "findings": findings,
        "keywords": " ".join(meta.keywords),
        "labels": _labels(report, vocabulary),
        "authors": ", ".join(meta.author_names),
        "body": text,
        "words": f"{meta.title} {meta.subtitle or ''} {text} {' '.join(meta.keywords)}",
        "gist": f"{meta.title} {meta.summary} {findings} {' '.join(meta.keywords)}",
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
    url: str
    title: str
    year: int
    status: str
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


class SearchIndex:
    """The on-disk Whoosh index of one research folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.schema = _schema()
        if whoosh_index.exists_in(str(folder)):
            try:
                self._ix = whoosh_index.open_dir(str(folder))
                if set(self._ix.schema.names()) != set(self.schema.names()):
                    raise ValueError("schema changed")
            except Exception:
                # a broken or outdated cache is rebuilt; it holds nothing that is not in research/
                shutil.rmtree(folder, ignore_errors=True)
                self._ix = self._create()
        else:
            self._ix = self._create()

    def _create(self) -> Any:
        self.folder.mkdir(parents=True, exist_ok=True)
        return whoosh_index.create_in(str(self.folder), self.schema)

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

    def update(self, reports: Sequence[Report], vocabulary: Vocabulary) -> int:
        """Make the index hold exactly these reports; return how many were (re-)indexed."""
        indexed = self.digests()
        wanted = {r.key: r for r in reports}
        changed = [r for r in reports if indexed.get(r.key) != r.digest]
        removed = [key for key in indexed if key not in wanted]
        return self.apply(changed, removed, vocabulary)

    def apply(
        self, changed: Sequence[Report], removed: Sequence[str], vocabulary: Vocabulary
    ) -> int:
        """(Re-)index the changed reports and drop the removed keys."""
        if not changed and not removed:
            return 0
        writer = self._ix.writer(limitmb=128)
        try:
            for key in removed:
                writer.delete_by_term("key", key)
            for report in changed:
                writer.update_document(**_document(report, vocabulary))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=len(changed) > 200)
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
    ) -> Results:
        filters = {k: v for k, v in (filters or {}).items() if v}
        with self._ix.searcher() as searcher:
            parser = MultifieldParser(
                list(FIELD_BOOSTS), self._ix.schema, fieldboosts=FIELD_BOOSTS, group=AndGroup
            )
            text_query: Query | None = parser.parse(query) if query.strip() else None
            restriction = _restriction(filters, years)
            parts = [q for q in (text_query, restriction) if q is not None]
            if not parts:
                from whoosh.query import Every

                parts = [Every()]
            combined = parts[0] if len(parts) == 1 else And(parts)
            facets = {
                name: sorting.FieldFacet(name, allow_overlap=name in TERM_FACETS) for name in FACETS
            }
            sortedby = None if text_query is not None else sorting.FieldFacet("jaar", reverse=True)
            results = searcher.search(
                combined,
                limit=max(limit, 1),
                groupedby=facets,
                maptype=sorting.Count,
                sortedby=sortedby,
                terms=True,
            )
            results.fragmenter = ContextFragmenter(maxchars=160, surround=60)
            results.formatter = _Marker()
            hits = []
            for hit in results[:limit]:
                fragments = []
                if text_query is not None:
                    for name in ("summary", "findings", "body"):
                        highlighted = hit.highlights(name, top=2)
                        if highlighted:
                            fragments = [f.strip() for f in highlighted.split(" … ") if f.strip()]
                            break
                if not fragments:
                    fragments = [_shorten(hit["summary"])]
                hits.append(
                    Hit(
                        key=hit["key"],
                        url=hit["url"],
                        title=hit["name"],
                        year=hit["jaar"],
                        status=hit["status"],
                        score=round(hit.score or 0.0, 3),
                        facets={n: _split(hit.get(n, "")) for n in TERM_FACETS},
                        authors=hit.get("authors", ""),
                        fragments=fragments[:2],
                    )
                )
            counts = {
                name: {str(value): count for value, count in results.groups(name).items()}
                for name in FACETS
            }
            suggestion = None
            if text_query is not None and len(results) < 3:
                suggestion = _did_you_mean(searcher, query)
            return Results(query, len(results), hits, counts, suggestion, filters)

    # -- related research ------------------------------------------------------------------
    def related(
        self, keys: Iterable[str], allowed: set[str], limit: int = RELATED_LIMIT
    ) -> dict[str, list[str]]:
        """For every key, up to ``limit`` most alike reports among ``allowed`` (best first):
        more-like-this over title, summary and findings, plus shared wijk and thema."""
        related: dict[str, list[str]] = {}
        with self._ix.searcher() as searcher:
            docnums = {
                searcher.stored_fields(n)["key"]: n
                for n in searcher.reader().all_doc_ids()
                if searcher.stored_fields(n).get("key")
            }
            allowed_docs = {docnums[k] for k in allowed if k in docnums}
            for key in keys:
                docnum = docnums.get(key)
                if docnum is None:
                    continue
                fields = searcher.stored_fields(docnum)
                terms: list[Query] = [
                    Term("gist", word, boost=weight)
                    for word, weight in searcher.key_terms([docnum], "gist", numterms=_KEY_TERMS)
                ]
                terms += [Term("wijk", w, boost=2.0) for w in _split(fields.get("wijk", ""))]
                terms += [Term("thema", t, boost=2.0) for t in _split(fields.get("thema", ""))]
                if not terms:
                    related[key] = []
                    continue
                candidates = allowed_docs - {docnum}
                results = searcher.search(Or(terms), limit=limit, filter=candidates)
                related[key] = [hit["key"] for hit in results]
        return related


def refresh_index(research_root: Path) -> tuple[SearchIndex, Vocabulary]:
    """The index of a research folder, brought up to date with the files on disk.

    Unchanged reports are recognised by their digest without being parsed, so a search right
    after another one costs one hash per file. Reports that cannot be read are left out.
    Raises ContentError when the vocabulary is unusable.
    """
    from wijs.corpus import REPORT_FILE, VOCABULARY_FILE, find_report_files
    from wijs.reader import parse_report
    from wijs.vocabulary import load_vocabulary

    vocabulary = load_vocabulary(research_root / VOCABULARY_FILE)
    index = SearchIndex.for_research(research_root)
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
    return index, vocabulary


def _split(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def _shorten(text: str, length: int = 200) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def _restriction(filters: dict[str, list[str]], years: tuple[int, int] | None) -> Query | None:
    parts: list[Query] = []
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


_WORD = re.compile(r"\w+", re.UNICODE)


def _did_you_mean(searcher: Searcher, query: str) -> str | None:
    """The query with every word the reports never use replaced by the closest word they do."""
    corrector = searcher.corrector("words")
    changed = False
    pieces: list[str] = []
    position = 0
    for match in _WORD.finditer(query):
        word = match.group()
        pieces.append(query[position : match.start()])
        position = match.end()
        lower = word.lower()
        if len(lower) < 4 or word.isupper() or searcher.doc_frequency("words", lower) > 0:
            pieces.append(word)
            continue
        suggestions = corrector.suggest(lower, limit=1, maxdist=2)
        if suggestions:
            pieces.append(suggestions[0])
            changed = True
        else:
            pieces.append(word)
    pieces.append(query[position:])
    return "".join(pieces) if changed else None
