"""The one CSL engine: pandoc's citeproc with the project's APA 7 style formats every in-text
citation and reference list (report page, "Citeer dit", jaarverslag; the PDF and DOCX run the
same citeproc over the same CSL-JSON). Many documents go through one pandoc process; each
result is kept in the JSON disk cache by the hash of its input."""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import multiprocessing
import os
import re
import secrets
import subprocess
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from wijs.citations.bibliography import parse_data
from wijs.citations.csl import bibliography_items
from wijs.citations.diskcache import DiskCache
from wijs.convert.pandoc import pandoc_path, pandoc_version

SCRIPT = "citeproc.lua"


def style_path() -> Path:
    """The project's APA 7 CSL style (also given to pandoc for the PDF and DOCX)."""
    return Path(str(resources.files("wijs") / "convert" / "templates" / "apa.csl"))


def csl_locale(language: str) -> str:
    """Dutch terms ('z.d.', 'Red.', 'geraadpleegd') for Dutch reports, English for the rest."""
    return "nl-NL" if language.split("-")[0].lower() == "nl" else "en-US"


@lru_cache(maxsize=1)
def _engine_version() -> str:
    hasher = hashlib.sha256(pandoc_version().encode())
    hasher.update(style_path().read_bytes())
    hasher.update((resources.files("wijs") / "citations" / SCRIPT).read_bytes())
    return hasher.hexdigest()[:16]


@dataclass(frozen=True)
class Job:
    """One document for citeproc: its CSL-JSON items, its citations in pandoc's syntax (one
    per entry), its language; ``nocite``: list every item, also uncited ones."""

    items: tuple[str, ...]  # each item as compact JSON (hashable, and what the cache hashes)
    citations: tuple[str, ...]
    language: str
    nocite: bool = False
    #: a hash of what the items and citations are made from, when the caller has one
    source: str = ""
    #: items not made yet: (the .bib's text, the cited keys as written there), turned into
    #: CSL-JSON by the engine (:func:`bib_items`), in a worker process during a build; only
    #: with ``source``, which the digest is made of
    bib: tuple[str, tuple[str, ...]] | None = field(default=None, repr=False, compare=False)

    @property
    def is_alone(self) -> bool:
        """One reference listed on its own ("Citeer dit"): may be formatted with others."""
        return self.nocite and len(self.items) == 1 and not self.citations

    @property
    def digest(self) -> str:
        assert self.bib is None or self.source, "a job with items to make needs a source"
        return job_digest(self.source, self.language, self.nocite, self.items, self.citations)


def job_digest(
    source: str,
    language: str,
    nocite: bool = False,
    items: tuple[str, ...] = (),
    citations: tuple[str, ...] = (),
) -> str:
    """The cache key of a job: from ``source`` (a content hash) when given, else its input."""
    parts = [_engine_version(), csl_locale(language), str(nocite), source]
    content = [] if source else [*items, "\x01", *citations]
    return hashlib.sha256("\x00".join([*parts, *content]).encode("utf-8")).hexdigest()


def cached(digest: str, cache: DiskCache | None) -> Rendered | None:
    """A result formatted before (in this process or an earlier one), or None."""
    found: object = _MEMORY.get(digest)
    if isinstance(found, Rendered):
        return found
    found = cache.get("csl", digest) if cache is not None else None
    if isinstance(found, dict) and "citations" in found:
        return _rendered(found)
    return None


@dataclass(frozen=True)
class Rendered:
    """HTML of every citation of a job (in order) and its reference list in APA order, as
    (id, HTML) with ids 'ref-<key>'; ``error`` when citeproc failed on this document."""

    citations: list[str] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""


def clear_memory() -> None:
    _MEMORY.clear()


def items_json(items: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(json.dumps(i, ensure_ascii=False, sort_keys=True) for i in items)


def citation_text(keys: list[tuple[str, str, str, bool]], narrative: bool) -> str:
    """Pandoc's citation syntax for (prefix, key, locator, suppress_author) items."""
    if narrative:
        _, key, locator, _ = keys[0]
        return f"@{{{key}}}" + (f" [{locator}]" if locator else "")
    parts = []
    for prefix, key, locator, suppress in keys:
        text = (f"{prefix} " if prefix else "") + ("-" if suppress else "") + f"@{{{key}}}"
        parts.append(text + (f", {locator}" if locator else ""))
    return "[" + "; ".join(parts) + "]"


_MEMORY: OrderedDict[str, Rendered] = OrderedDict()
_MEMORY_SIZE = 2048


def bib_items(text: str, keys: tuple[str, ...], language: str) -> tuple[str, ...]:
    """The entries ``keys`` of a .bib's ``text`` as CSL-JSON items: pybtex's full reading
    (most of the work: ≈10 ms for 30 sources) and the one conversion."""
    data = parse_data(text)[0]
    return items_json(bibliography_items(data, list(keys), language))


def _made(job: Job, later: Future[tuple[str, ...]] | None = None) -> Job:
    """``job`` with its items, made now (or taken from ``later``) when they were not yet."""
    if job.bib is None:
        return job
    if later is not None:
        try:
            return dataclasses.replace(job, items=later.result(), bib=None)
        except BrokenProcessPool:  # the worker process died: made here instead
            pass
    return dataclasses.replace(job, items=bib_items(*job.bib, job.language), bib=None)


def render(jobs: Iterable[Job], cache: DiskCache | None = None) -> list[Rendered]:
    """Every job formatted: from memory or the disk cache, the rest by pandoc. ``jobs`` may be
    a generator: pandoc formats the first documents (one process per core, CHUNK documents
    each) while the caller still reads the .bib files of the later ones."""
    formatting = Formatting(cache, workers=os.cpu_count() or 1)
    order = formatting.add(jobs)
    formatting.close()
    return [formatting.result(digest) for digest in order]


class Formatting:
    """Jobs on their way through pandoc, in worker threads that each run one pandoc process
    at a time; a result is kept (memory, disk cache) as soon as its chunk is done. A build
    lets pandoc work on its own while MkDocs makes the pages on the other core, and waits for
    a report's result only when its page needs it (:meth:`wait`). ``apart``: jobs whose
    items are still to be made (:attr:`Job.bib`) get them from a worker process, so that
    pybtex's reading does not take the build's own process."""

    def __init__(
        self, cache: DiskCache | None, workers: int, *, hold: bool = True, apart: bool = False
    ) -> None:
        self.cache = cache
        #: keep every result for :meth:`result`; without, results are found like any other
        #: (:func:`cached`: memory, disk): a build's thousands of lists need not stay in memory
        self.hold = hold
        self.pool = ThreadPoolExecutor(max_workers=max(1, workers))
        self.results: dict[str, Rendered] = {}
        self.running: dict[str, Future[None]] = {}
        self.apart = apart
        self.making: ProcessPoolExecutor | None = None
        self.items_later: dict[str, Future[tuple[str, ...]]] = {}

    def add(self, jobs: Iterable[Job]) -> list[str]:
        """Start on ``jobs`` (in this order; the lone references of "Citeer dit" of this
        call together, after the others); their digests, in order."""
        order: list[str] = []
        alone: list[tuple[str, Job]] = []
        chunk: list[tuple[str, Job]] = []
        for job in jobs:
            digest = job.digest
            order.append(digest)
            if digest in self.results or digest in self.running:
                continue
            found = cached(digest, self.cache)
            if found is not None:
                if self.hold:
                    self.results[digest] = found
                continue
            if job.is_alone:
                alone.append((digest, job))  # formatted together, at the end
                continue
            chunk.append((digest, job))
            self._make_items(digest, job)
            if len(chunk) == CHUNK:
                self._submit(_run_chunk, chunk)
                chunk = []
        if chunk:
            self._submit(_run_chunk, chunk)
        if alone:
            self._submit(_run_alone_chunk, alone)
        return order

    def _submit(
        self,
        run: Callable[[list[tuple[str, Job]]], list[tuple[str, Rendered]]],
        chunk: list[tuple[str, Job]],
    ) -> None:
        def work() -> None:
            made = [(d, _made(job, self.items_later.pop(d, None))) for d, job in chunk]
            for digest, rendered in run(made):  # kept before the future is done
                _keep(digest, rendered, self.cache)
                if self.hold or rendered.error:
                    self.results[digest] = rendered

        future = self.pool.submit(work)
        for digest, _ in chunk:
            self.running[digest] = future

    def waiting(self, digest: str) -> bool:
        """Whether ``digest`` is being formatted and not done yet."""
        future = self.running.get(digest)
        return future is not None and not future.done()

    def wait(self, digest: str) -> None:
        """Return once ``digest`` is formatted (at once when it was never added)."""
        future = self.running.get(digest)
        if future is not None:
            future.result()

    def result(self, digest: str) -> Rendered:
        self.wait(digest)
        return self.results[digest]

    def _make_items(self, digest: str, job: Job) -> None:
        """Start making the items of ``job`` in the worker process (when ``apart`` and the
        system can start one); else the worker thread makes them before pandoc runs."""
        if job.bib is None or not self.apart:
            return
        if "forkserver" not in multiprocessing.get_all_start_methods():
            return
        try:
            if self.making is None:
                # a clean process of its own (forkserver): forking is unsafe while threads run
                context = multiprocessing.get_context("forkserver")
                self.making = ProcessPoolExecutor(max_workers=1, mp_context=context)
            self.items_later[digest] = self.making.submit(bib_items, *job.bib, job.language)
        except (BrokenProcessPool, OSError):  # the process died or could not start
            self.apart = False

    def close(self) -> None:
        """Wait for every job; the worker threads and process end."""
        self.pool.shutdown(wait=True)
        if self.making is not None:
            self.making.shutdown(wait=True)
        for future in set(self.running.values()):
            future.result()  # a failure in a worker is raised here


def _keep(digest: str, rendered: Rendered, cache: DiskCache | None) -> None:
    if rendered.error:
        return
    _MEMORY[digest] = rendered
    if len(_MEMORY) > _MEMORY_SIZE:
        _MEMORY.popitem(last=False)
    if cache is not None:
        cache.put(
            "csl", digest, {"citations": rendered.citations, "references": rendered.references}
        )


#: Put after '<' in plain text for citeproc, so that '<b>' in a title is text, not markup
#: (pandoc reads CSL-JSON strings with a few HTML-like tags and no entities); taken out of
#: every result.
_NOT_A_TAG = "\u2060"


def literal(text: str) -> str:
    """Plain text (a front-matter title) as a CSL-JSON string that citeproc keeps as text."""
    return text.replace("<", "<" + _NOT_A_TAG)


def literal_item(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item made of plain text (front-matter), every string kept as text."""

    def keep(value: Any) -> Any:
        if isinstance(value, str):
            return literal(value)
        if isinstance(value, list):
            return [keep(v) for v in value]
        if isinstance(value, dict):
            return {k: keep(v) for k, v in value.items()}
        return value

    return {k: (v if k in ("id", "URL", "type") else keep(v)) for k, v in item.items()}


def _rendered(data: dict[str, Any]) -> Rendered:
    citations = data.get("citations") or []
    references = data.get("references") or []
    return Rendered(
        [str(c).replace(_NOT_A_TAG, "") for c in citations] if isinstance(citations, list) else [],
        [(str(r[0]), str(r[1]).replace(_NOT_A_TAG, "")) for r in references]
        if isinstance(references, list)
        else [],
        str(data.get("error") or ""),
    )


#: Documents per pandoc process: enough that starting pandoc (≈30 ms) does not count, few
#: enough that the first process starts early and the last ones keep both cores busy.
CHUNK = 50


def _run_chunk(chunk: list[tuple[str, Job]]) -> list[tuple[str, Rendered]]:
    return list(zip([d for d, _ in chunk], _run([job for _, job in chunk]), strict=True))


def _run_alone_chunk(chunk: list[tuple[str, Job]]) -> list[tuple[str, Rendered]]:
    return list(zip([d for d, _ in chunk], _run_alone([job for _, job in chunk]), strict=True))


def _run_alone(jobs: list[Job]) -> list[Rendered]:
    """Jobs of one reference each, listed in one document per language: citeproc reads the
    style once, not once per job (≈2 instead of ≈25 ms of CPU a reference). Each reference
    stands alone, as in its own document: the style is the project's without the
    disambiguation (year suffixes, added names) that only relates entries of one list, and
    each item gets an id of its own for the time of the run."""
    results: list[Rendered] = [Rendered(error="citeproc")] * len(jobs)
    by_language: dict[str, list[int]] = {}
    for number, job in enumerate(jobs):
        by_language.setdefault(csl_locale(job.language), []).append(number)
    for numbers in by_language.values():
        items, ids = [], {}
        for number in numbers:
            item = json.loads(jobs[number].items[0])
            ids[f"ref-wijs{number}"] = (number, f"ref-{item.get('id', '')}")
            items.append(json.dumps({**item, "id": f"wijs{number}"}, ensure_ascii=False))
        first = jobs[numbers[0]]
        together = Job(tuple(items), (), first.language, nocite=True)
        [rendered] = _run([together], _alone_style())
        if rendered.error:
            for number in numbers:
                results[number] = Rendered(error=rendered.error)
            continue
        for run_id, fragment in rendered.references:
            if run_id in ids:
                number, own_id = ids[run_id]
                results[number] = Rendered([], [(own_id, fragment)])
    return results


def _compact(style: str) -> str:
    """A CSL style without comments and without the indentation between its elements: the
    same style in 40 % fewer bytes. Citeproc reads the style again for every document, and
    reading APA's 86 KB was a third of its time (27 → 16 ms a document)."""
    style = re.sub(r"<!--.*?-->", "", style, flags=re.DOTALL)
    return re.sub(r">[ \t\r]*\n\s*<", "><", style)


@lru_cache(maxsize=1)
def _document_style() -> Path:
    """The project's style as the engine gives it to citeproc (compacted)."""
    return _written_style("apa", _compact(style_path().read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _alone_style() -> Path:
    """The project's style without disambiguation (compacted)."""
    style = re.sub(
        r'disambiguate-add-(givenname|names|year-suffix)="true"',
        r'disambiguate-add-\1="false"',
        _compact(style_path().read_text(encoding="utf-8")),
    )
    return _written_style("apa-alone", style)


def _written_style(name: str, style: str) -> Path:
    """A style written once beside the system's temporary files (named by the engine's
    version, replaced atomically)."""
    folder = Path(tempfile.gettempdir()) / "wijs-csl"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}-{_engine_version()}.csl"
    if not path.exists() or path.read_text(encoding="utf-8") != style:
        temporary = folder / f".{path.name}.{os.getpid()}"
        temporary.write_text(style, encoding="utf-8")
        os.replace(temporary, path)
    return path


def _run(jobs: list[Job], style: Path | None = None) -> list[Rendered]:
    split = secrets.token_hex(8)  # marks where one piece of HTML ends (citeproc.lua)
    payload = [
        {
            "split": split,
            "items": "[" + ",".join(job.items) + "]",
            "text": "\n\n".join(job.citations) or "",
            "lang": csl_locale(job.language),
            "csl": str(style or _document_style()),
            "nocite": job.nocite,
        }
        for job in jobs
    ]
    script = str(resources.files("wijs") / "citations" / SCRIPT)
    try:
        done = subprocess.run(
            [pandoc_path(), "lua", script],
            input=json.dumps(payload, ensure_ascii=False),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            timeout=600,
        )
        data = json.loads(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        return [Rendered(error=f"citeproc: {exc}") for _ in jobs]
    if not isinstance(data, list) or len(data) != len(jobs):
        return [Rendered(error="citeproc: onverwacht antwoord") for _ in jobs]
    return [_rendered(d) if isinstance(d, dict) else Rendered(error="citeproc") for d in data]


_TAG = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"</?(?:em|i)>")


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment from citeproc (for copying, comparing, PDF text)."""
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def runs(fragment: str) -> list[tuple[str, bool]]:
    """An HTML fragment from citeproc as runs of (text, italic), other markup dropped."""
    out: list[tuple[str, bool]] = []
    italic = False
    for number, part in enumerate(_EMPHASIS.split(fragment)):
        if number:
            italic = not italic
        text = html.unescape(_TAG.sub("", part))
        if text:
            out.append((text, italic))
    return out
