"""All reports of a repository: found, read (cached by content hash) and checked in one go."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from wijs.check_store import CheckStore
from wijs.checks import run_corpus_checks, run_question_checks, run_report_checks
from wijs.checks.overlap import remember_shingles
from wijs.diagnostics import Diagnostic, error, sort_diagnostics
from wijs.front_matter import Parts
from wijs.model import Report
from wijs.parallel import PARALLEL_MIN, read_many, worker_count
from wijs.questions.model import Question
from wijs.questions.reader import is_question_path, question_files, read_question, shown_path
from wijs.reader import ReadResult, parse_report
from wijs.research import VOCABULARY_FILE, Corpus, find_report_files, folder_signature
from wijs.vocabulary import Vocabulary, load_vocabulary
from wijs.yaml_source import YamlData


class ReportCache:
    """Parsed reports by content hash, so a rebuild re-reads only what changed."""

    def __init__(self, store: CheckStore | None = None, workers: int | None = None) -> None:
        # by path: a hash of the file (not the file: 45 MB at 5,000 reports), the vocabulary's
        self._entries: dict[Path, tuple[bytes, str, ReadResult]] = {}
        self._checks: dict[Path, tuple[str, tuple[object, ...], list[Diagnostic]]] = {}
        #: check results of earlier runs, on disk (the CLI); None in a build or a test
        self.store = store
        #: worker processes for many uncached reports (BuildSettings.workers; None: per core)
        self.workers = workers
        #: live preview: the report folders changed since the last load (from a file watcher);
        #: the reports in other folders are taken from the cache without looking at their files
        self._changed: set[Path] | None = None

    def only_changed(self, folders: set[Path] | None) -> None:
        """Until called again, trust cached reports outside ``folders`` (None: trust nothing).

        For a caller that watches the files: at 1,000 reports, reading, hashing and scanning
        every report folder again costs about a second per rebuild."""
        self._changed = folders

    def _trusted(self, path: Path) -> bool:
        return self._changed is not None and path.parent not in self._changed

    def checks(self, report: Report) -> list[Diagnostic]:
        """Report checks (of a partial report: the folder checks), re-run only when the report
        or a file in its folder changed."""
        cached = self._checks.get(report.path)
        if cached and cached[0] == report.digest and self._trusted(report.path):
            return cached[2]
        signature = folder_signature(report.folder)
        if cached and cached[0] == report.digest and cached[1] == signature:
            return cached[2]
        stored = self.store.get(report.path, report.digest, signature) if self.store else None
        found = stored if stored is not None else run_report_checks(report)
        self._checks[report.path] = (report.digest, signature, found)
        if self.store is not None and stored is None:
            self.store.put(report.path, report.digest, signature, found)
        return found

    def prefill(self, paths: Sequence[Path], vocabulary: Vocabulary, root: Path) -> None:
        """Read and check the reports not cached yet, in worker processes when there are many."""
        misses = [
            path
            for path in paths
            if (cached := self._entries.get(path)) is None or cached[1] != vocabulary.digest
        ]
        if self.store is not None and self.store.entries:
            # reports whose checks are stored only need parsing: in workers that costs more
            # (starting them, sending reports back) than it saves
            misses = [path for path in misses if not self._stored(path, vocabulary)]
        if len(misses) < PARALLEL_MIN or worker_count(self.workers) < 2:
            return
        done = read_many(misses, vocabulary, root, self.workers)
        for path, (raw, (result, checks), grams, signature) in (done or {}).items():
            self._entries[path] = (_hash(raw), vocabulary.digest, result)
            if result.report is not None and grams is not None:
                remember_shingles(result.report, grams)
            checked = result.report or result.partial
            if checked is not None and checks is not None:
                self._checks[path] = (checked.digest, signature, checks)
                if self.store is not None:
                    self.store.put(path, checked.digest, signature, checks)

    def _stored(self, path: Path, vocabulary: Vocabulary) -> bool:
        assert self.store is not None
        try:
            raw = path.read_bytes()
        except OSError:
            return False
        digest = report_digest(raw, vocabulary)
        return self.store.has(path, digest, folder_signature(path.parent))

    def read(self, path: Path, vocabulary: Vocabulary, root: Path) -> ReadResult:
        cached = self._entries.get(path)
        if cached and cached[1] == vocabulary.digest and self._trusted(path):
            return cached[2]
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return ReadResult(None, [error(path, 1, "unreadable", f"Kan niet lezen: {exc}")])
        cached = self._entries.get(path)
        if cached and cached[0] == _hash(raw) and cached[1] == vocabulary.digest:
            return cached[2]
        try:
            result = parse_report(raw, path, vocabulary, root, self._front_matter(path))
        except Exception as exc:  # a bug, or a text nobody foresaw: this report only
            return ReadResult(None, [_read_failed(path, root, exc)])
        self._entries[path] = (_hash(raw), vocabulary.digest, result)
        return result

    def _front_matter(self, path: Path) -> Callable[[Parts], YamlData]:
        """Reads a report's front-matter, through the check store when there is one."""
        store = self.store
        if store is None:
            return Parts.load

        def load(parts: Parts) -> YamlData:
            kept = store.front_matter(path, parts.yaml)
            if kept is not None:
                try:
                    return YamlData.from_json(kept)
                except (KeyError, TypeError, ValueError):  # not what this module wrote
                    pass
            data = parts.load()  # YamlProblem: nothing kept
            store.put_front_matter(path, parts.yaml, data.as_json())
            return data

        return load


def _read_failed(path: Path, root: Path, exc: Exception) -> Diagnostic:
    try:
        shown = path.relative_to(root.parent).as_posix()
    except ValueError:
        shown = str(path)
    return error(
        shown,
        1,
        "read-failed",
        f"wijs kon dit rapport niet lezen ({type(exc).__name__}).",
        "Dit is een fout in wijs, niet per se in je rapport: meld het aan WIJS met deze "
        "melding. De andere rapporten zijn wel gecontroleerd.",
    )


def report_digest(raw: bytes, vocabulary: Vocabulary) -> str:
    """The digest a Report read from ``raw`` gets (see reader.parse_report)."""
    return hashlib.sha256(raw + vocabulary.digest.encode()).hexdigest()


def _hash(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=20).digest()


def load_corpus(
    root: str | Path,
    paths: Sequence[str | Path] = (),
    *,
    cache: ReportCache | None = None,
    vocabulary: Vocabulary | None = None,
    errors_only: bool = False,
) -> Corpus:
    """Read and check every report under ``root`` (the research folder).

    ``errors_only``: skip the collection checks that can only warn (a build stops on errors
    and shows no warnings). Raises WijsError only when the vocabulary itself is unusable.
    """
    root = Path(root)
    vocabulary = vocabulary or load_vocabulary(root / VOCABULARY_FILE)
    cache = cache or ReportCache()
    given = [Path(p) for p in paths]
    asked = [p for p in given if is_question_path(root, p)]
    report_paths = [p for p in given if p not in asked]
    # only questions given: no reports to check (no paths at all means every report)
    files = find_report_files(root, report_paths) if report_paths or not given else []
    diagnostics: list[Diagnostic] = []
    reports: list[Report] = []
    cache.prefill(files, vocabulary, root)
    for path in files:
        result = cache.read(path, vocabulary, root)
        diagnostics.extend(result.diagnostics)
        if result.report is not None:
            reports.append(result.report)
        # a report whose front-matter failed is still checked where it can be (files, privacy)
        checked = result.report or result.partial
        if checked is not None:
            diagnostics.extend(cache.checks(checked))
    questions, question_diagnostics = _read_questions(root, vocabulary)
    corpus = Corpus(root, vocabulary, reports, [], len(files), questions)
    if not paths:
        corpus.questions_read = len(question_files(root))
        diagnostics.extend(question_diagnostics)
        diagnostics.extend(run_corpus_checks(corpus, errors_only=errors_only))
    else:
        # checking some reports still compares them with the whole collection
        everything = load_corpus(root, cache=cache, vocabulary=vocabulary)
        chosen = {path.resolve() for path in asked}
        shown_questions = {
            shown_path(path, root)
            for path in question_files(root)
            if path.resolve() in chosen or path.resolve().parent in chosen
        }
        corpus.questions_read = len(shown_questions)
        wanted = {r.source for r in reports} | shown_questions
        diagnostics.extend(d for d in question_diagnostics if d.path in wanted)
        diagnostics.extend(d for d in run_corpus_checks(everything) if d.path in wanted)
    corpus.diagnostics = sort_diagnostics(diagnostics)
    if cache.store is not None:
        cache.store.save()
    return corpus


def _read_questions(root: Path, vocabulary: Vocabulary) -> tuple[list[Question], list[Diagnostic]]:
    """Every question of the vraagbank that passed the schema, and the diagnostics of reading
    and checking all of them (a few dozen small files: read and checked afresh every time)."""
    found: list[Question] = []
    diagnostics: list[Diagnostic] = []
    for path in question_files(root):
        result = read_question(path, vocabulary, root)
        diagnostics.extend(result.diagnostics)
        if result.question is not None:
            found.append(result.question)
            diagnostics.extend(run_question_checks(result.question))
    return found, diagnostics
