"""Both cores for the work that pays: reading and checking many reports at once.

Profiled on 1,000 reports with 30 sources each, a cold ``wijs check`` spends most of its time
in the report checks (privacy scan, citations) and in parsing front-matter, one report at a
time and independent of the others; the workers also compute each report's shingles for the
overlap check, which the main process would otherwise do alone afterwards. Above
``PARALLEL_MIN`` uncached reports that work is spread over worker processes; below it,
starting workers costs more than it saves (about 0.3 s), so a live preview that re-reads one
changed report never starts them. Any failure of the workers falls
back to reading in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from wijs.checks import run_report_checks
from wijs.checks.overlap import report_shingles
from wijs.citations.diskcache import disk_cache_enabled, use_disk_cache
from wijs.diagnostics import Diagnostic
from wijs.reader import ReadResult, parse_report
from wijs.research import folder_signature
from wijs.vocabulary import Vocabulary

#: Fewer uncached reports than this are read in this process.
PARALLEL_MIN = 200
#: reports per task: small enough that both workers finish at about the same time
CHUNK = 25

Checked = tuple[ReadResult, list[Diagnostic] | None]
#: what a worker gives back per report: the file, the result with the check results, the
#: report's shingles for the overlap check (None when they would differ from this process's),
#: and the signature of the report's folder, taken before the file was read
Done = tuple[bytes, Checked, frozenset[int] | None, tuple[object, ...]]
#: the same in every process that shares this one's string hashes (forked ones): the shingles
#: of the overlap check are string hashes, so only those processes may compute them here
_HASH_PROBE = "wijs-overlap-shingles"

#: threads of this process that may stop while workers start: (stop, start) pairs
_pausable: list[tuple[Callable[[], None], Callable[[], None]]] = []

# set once per worker (inherited through fork, or by the initializer)
_vocabulary: Vocabulary | None = None
_root: Path | None = None


def _start(vocabulary: Vocabulary | None, root: Path | None, disk_cache: bool = True) -> None:
    global _vocabulary, _root
    if vocabulary is not None:
        _vocabulary, _root = vocabulary, root
        use_disk_cache(disk_cache)  # a worker that was not forked: its parent's choice


def worker_count(wanted: int | None = None) -> int:
    """Processes to use: ``wanted`` (BuildSettings.workers), else the cores this process may
    run on."""
    if wanted is not None:
        return max(1, wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def pausable_thread(stop: Callable[[], None], start: Callable[[], None]) -> Iterator[None]:
    """Inside, a thread of the caller's (a progress spinner) is stopped for the moment workers
    start, and started again: with one thread running the workers are forked, in milliseconds
    with everything imported; otherwise each starts afresh and imports everything again (on
    two cores about a second longer, measured on a cold check of 1,000 reports)."""
    pair = (stop, start)
    _pausable.append(pair)
    try:
        yield
    finally:
        _pausable.remove(pair)


def _system_threads() -> int:
    """Threads of this process as the system counts them, also those of compiled libraries (the
    typesetter's worker pool) that Python's threading module does not see."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # no /proc: Python's own count
        return threading.active_count()


@contextmanager
def running_alone() -> Iterator[bool]:
    """Stop the pausable threads; True when this process then runs no other thread, so a fork
    is safe (a forked child has only the thread that forked: a lock another thread held, or a
    library's thread pool, would never be released or answer)."""
    restart: list[Callable[[], None]] = []
    try:
        for stop, start in list(_pausable):
            stop()
            restart.append(start)
        if restart:  # a stopped thread may take a moment to end
            for thread in threading.enumerate():
                if thread is not threading.current_thread():
                    thread.join(timeout=0.2)
        yield threading.active_count() == 1 and _system_threads() == 1
    finally:
        for start in reversed(restart):
            start()


def _read_and_check(work: tuple[list[Path], int]) -> list[Done]:
    assert _vocabulary is not None and _root is not None
    paths, probe = work
    same_hashes = hash(_HASH_PROBE) == probe
    done: list[Done] = []
    for path in paths:
        # signature first: a file changed while this runs is checked again next time
        signature = folder_signature(path.parent)
        raw = path.read_bytes()
        result = parse_report(raw, path, _vocabulary, _root)
        report = result.report
        checked = report or result.partial  # a failed front-matter: the folder checks
        checks = run_report_checks(checked) if checked is not None else None
        grams = report_shingles(report) if report is not None and same_hashes else None
        done.append((raw, (result, checks), grams, signature))
    return done


def read_many(
    paths: Sequence[Path], vocabulary: Vocabulary, root: Path, wanted: int | None = None
) -> dict[Path, Done] | None:
    """Parse and check ``paths`` in worker processes (at most ``wanted``, see
    ``worker_count``); None when that would not pay or failed."""
    global _vocabulary, _root
    workers = min(worker_count(wanted), max(1, len(paths) // CHUNK))
    methods = multiprocessing.get_all_start_methods()
    if len(paths) < PARALLEL_MIN or workers < 2 or "forkserver" not in methods:
        return None
    probe = hash(_HASH_PROBE)
    chunks = [(list(paths[i : i + CHUNK]), probe) for i in range(0, len(paths), CHUNK)]
    _vocabulary, _root = vocabulary, root
    pool: ProcessPoolExecutor | None = None
    try:
        with running_alone() as alone:
            # fork starts workers in milliseconds with everything imported, but is only safe
            # while no other thread runs (a live-preview server); otherwise forkserver
            forking = "fork" in methods and alone
            context = multiprocessing.get_context("fork" if forking else "forkserver")
            inherited = (None, None, True) if forking else (vocabulary, root, disk_cache_enabled())
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_start, initargs=inherited
            )
            # the first task starts the workers (when forking, all of them at once)
            mapped = pool.map(_read_and_check, chunks)
        with pool:
            results = [item for chunk in mapped for item in chunk]
    except Exception:  # a worker died or could not start: read here instead
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        return None
    finally:
        _vocabulary, _root = None, None
    return {path: result for path, result in zip(paths, results, strict=True)}
