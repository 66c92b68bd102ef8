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
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
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
#: report's shingles for the overlap check (None without a report), and the signature of the
#: report's folder, taken before the file was read
Done = tuple[bytes, Checked, frozenset[int] | None, tuple[object, ...]]

# set once per worker, by the initializer
_vocabulary: Vocabulary | None = None
_root: Path | None = None


def _start(vocabulary: Vocabulary, root: Path, disk_cache: bool = True) -> None:
    global _vocabulary, _root
    _vocabulary, _root = vocabulary, root
    use_disk_cache(disk_cache)  # a worker is a process of its own: its parent's choice


def worker_count(wanted: int | None = None) -> int:
    """Processes to use: ``wanted`` (BuildSettings.workers), else the cores this process may
    run on."""
    if wanted is not None:
        return max(1, wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _read_and_check(paths: list[Path]) -> list[Done]:
    assert _vocabulary is not None and _root is not None
    done: list[Done] = []
    for path in paths:
        # signature first: a file changed while this runs is checked again next time
        signature = folder_signature(path.parent)
        raw = path.read_bytes()
        result = parse_report(raw, path, _vocabulary, _root)
        report = result.report
        checked = report or result.partial  # a failed front-matter: the folder checks
        checks = run_report_checks(checked) if checked is not None else None
        grams = report_shingles(report) if report is not None else None
        done.append((raw, (result, checks), grams, signature))
    return done


def read_many(
    paths: Sequence[Path], vocabulary: Vocabulary, root: Path, wanted: int | None = None
) -> dict[Path, Done] | None:
    """Parse and check ``paths`` in worker processes (at most ``wanted``, see
    ``worker_count``); None when that would not pay or failed."""
    workers = min(worker_count(wanted), max(1, len(paths) // CHUNK))
    methods = multiprocessing.get_all_start_methods()
    if len(paths) < PARALLEL_MIN or workers < 2 or "forkserver" not in methods:
        return None
    chunks = [list(paths[i : i + CHUNK]) for i in range(0, len(paths), CHUNK)]
    pool: ProcessPoolExecutor | None = None
    try:
        # workers start from a clean process of their own (forkserver), never as a copy of this
        # one: forking is unsafe while other threads run (a spinner, a live-preview server)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])  # each worker starts with this imported
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start,
            initargs=(vocabulary, root, disk_cache_enabled()),
        )
        with pool:
            results = [item for chunk in pool.map(_read_and_check, chunks) for item in chunk]
    except Exception:  # a worker died or could not start: read here instead
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        return None
    return {path: result for path, result in zip(paths, results, strict=True)}
