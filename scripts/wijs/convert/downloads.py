"""PDF and DOCX downloads of every report, typeset in parallel and cached by a hash of their
inputs (the report, its references.bib and figures, the templates, pandoc and Typst), so an
unchanged report is never typeset again.

Typesetting happens while the pages are planned (the report page links only downloads that
were built); the output writer then copies them next to the page as <slug>.pdf/.docx.

pandoc and Typst work in a copy of the files the report publishes
(:func:`wijs.typeset.typeset_files`), and a cached file is used only with a valid seal
(``wijs.cache_seal``): a PDF committed under .cache/ is typeset again, never published.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import typst

from wijs import cache_seal
from wijs.citations.diskcache import code_version
from wijs.citations.engine import csl_locale, style_path
from wijs.citations.metadata import PDF_LOCATORS
from wijs.citations.report import citations_for
from wijs.convert.pandoc import pandoc_version
from wijs.errors import WijsError
from wijs.model import LICENSE_LABELS, Report
from wijs.pages.render import environment, render
from wijs.pages.site import Site
from wijs.rights.confidential import published_files
from wijs.typeset import (
    ast_to_docx,
    ast_to_pdf,
    markdown_to_ast,
    typeset_files,
    workspace,
)

log = logging.getLogger("mkdocs.plugins.wijs.downloads")

#: Raise when the way documents are made changes in a way the template files do not show.
TEMPLATE_VERSION = "4"
WORKERS = 2
CACHE_FOLDER = "downloads"
KEEP_UNUSED_DAYS = 30
FORMATS = ("pdf", "docx")
DETAILS_ID = "wijs-details"

LABELS = {
    "authors": "Auteurs",
    "supervisors": "Begeleiding",
    "institution": "Instelling",
    "level": "Niveau",
    "neighbourhood": "Wijk",
    "theme": "Thema",
    "commissioner": "Opdrachtgever",
    "date": "Datum",
    "license": "Licentie",
    "summary": "Samenvatting",
    "findings": "Bevindingen",
    "recommendations": "Aanbevelingen",
    "references": "Literatuur",
    "page": "Pagina",
}
ATTACHMENT_TYPES = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".odt": "OpenDocument-tekst",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".ods": "OpenDocument-rekenblad",
    ".csv": "CSV",
    ".ppt": "PowerPoint",
    ".pptx": "PowerPoint",
    ".odp": "OpenDocument-presentatie",
    ".zip": "ZIP-archief",
    ".txt": "tekst",
    ".png": "afbeelding",
    ".jpg": "afbeelding",
    ".jpeg": "afbeelding",
    ".svg": "afbeelding",
    ".mp3": "audio",
    ".m4a": "audio",
    ".mp4": "video",
}


@dataclass(frozen=True)
class Built:
    """The typeset files of one report, in the cache (None: not made)."""

    pdf: Path | None
    docx: Path | None


@dataclass(frozen=True)
class Job:
    """Everything a worker process needs to typeset one report (picklable)."""

    key: str
    folder: Path
    pdf_markdown: str
    docx_markdown: str
    language: str
    bibliography: Path | None
    cache: Path
    files: tuple[Path, ...] = ()  # what pandoc and Typst may see (typeset_files)


def _template_file(name: str) -> Path:
    return Path(str(resources.files("wijs") / "convert" / "templates" / name))


@lru_cache(maxsize=1)
def _tooling_digest() -> str:
    digest = hashlib.sha256(TEMPLATE_VERSION.encode())
    for name in ("report.typ", "pdf.lua", "typst-alt.lua", "headings.lua", "apa.csl"):
        digest.update(_template_file(name).read_bytes())
    digest.update(pandoc_version().encode())
    digest.update(code_version().encode())  # the BibTeX → CSL-JSON conversion
    digest.update(getattr(typst, "__version__", "").encode())
    return digest.hexdigest()


def cache_key(report: Report, markdown: str, files: Iterable[Path] = ()) -> str:
    """Hash of the report digest, the typeset source, the files it may use and templates."""
    digest = hashlib.sha256(_tooling_digest().encode())
    digest.update(report.digest.encode())
    digest.update(markdown.encode("utf-8"))
    for path in files:
        digest.update(path.relative_to(report.folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def source_markdown(report: Report, site: Site) -> tuple[str, str]:
    """The report as Markdown for pandoc, (for the PDF, for the DOCX): a metadata block (the
    PDF template sets it as a title block; a DOCX gets the details as its first lines), the
    findings and recommendations, then the body."""
    m = report.meta
    vocabulary = site.vocabulary

    def labels(kind: str, values: Iterable[str]) -> str:
        return ", ".join(vocabulary.kind(kind).label(v) for v in values)

    details = [
        (LABELS["institution"], labels("institution", m.institution)),
        (LABELS["level"], labels("level", m.level)),
        (LABELS["neighbourhood"], labels("neighbourhood", m.neighbourhood)),
        (LABELS["theme"], labels("theme", m.theme)),
        (LABELS["supervisors"], ", ".join(m.supervisors)),
        (LABELS["commissioner"], m.commissioner or ""),
        (LABELS["date"], _nl_date(m.date) if m.date else str(m.year)),
        (LABELS["license"], LICENSE_LABELS[m.license]),
    ]
    details = [(label, value) for label, value in details if value]
    metadata: dict[str, Any] = {
        "title": m.title,
        "author": m.author_names,
        "details": [{"label": label, "value": value} for label, value in details],
        "abstract": m.summary,
        "abstract-title": LABELS["summary"],
        "footer-left": m.title if len(m.title) <= 70 else m.title[:67] + "…",
        "page-label": LABELS["page"],
        "reference-section-title": LABELS["references"],
        "link-citations": True,
        "lang": m.language,
    }
    if m.subtitle:
        metadata["subtitle"] = m.subtitle
    # JSON is YAML too, and far quicker to write than a YAML dump
    header = "---\n" + json.dumps(metadata, ensure_ascii=False) + "\n---"
    parts = []
    for key, items in (("findings", m.findings), ("recommendations", m.recommendations)):
        if items:
            parts += [
                f"# {LABELS[key]} {{.wijs-part}}",
                "\n".join(f"- {_one_line(i)}" for i in items),
            ]
    parts.append(report.body.strip())
    rest = "\n\n".join(parts) + "\n"
    lines = "\n".join(f"**{label}:** {value}  " for label, value in details).rstrip()
    docx_details = f"::: {{#{DETAILS_ID}}}\n{lines}\n:::"
    return f"{header}\n\n{rest}", f"{header}\n\n{docx_details}\n\n{rest}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _nl_date(value: Any) -> str:
    return str(environment().filters["nl_date"](value))


def typeset(job: Job) -> tuple[str, list[str]]:
    """Make <key>.pdf and <key>.docx in the cache (in a worker); returns (key, problems)."""
    with workspace(job.folder, job.files) as folder:
        problems = _typeset_in(job, folder)
    if problems:
        (job.cache / f"{job.key}.failed").write_text("\n".join(problems), encoding="utf-8")
    return job.key, problems


def _typeset_in(job: Job, folder: Path) -> list[str]:
    problems = []
    try:
        tree = markdown_to_ast(
            job.docx_markdown,
            resource_dir=folder,
            # the CSL locale of the one engine (Dutch or English terms), as on the page
            language=csl_locale(job.language),
            # CSL-JSON written by this build from the parsed .bib (never a file of the report)
            bibliography=job.bibliography,
            csl=style_path(),
            filters=[_template_file("pdf.lua")],
        )
    except WijsError as exc:
        tree, problems = {}, [str(exc)]
    if tree:
        tree.setdefault("meta", {})["lang"] = {"t": "MetaString", "c": job.language}
        try:
            ast_to_docx(tree, job.cache / f"{job.key}.docx", resource_dir=folder)
        except (WijsError, OSError) as exc:
            problems.append(f"DOCX: {exc}")
        # the PDF has the details in its title block, not as the first lines of the text
        tree["blocks"] = [b for b in tree["blocks"] if not _is_details(b)]
        try:
            ast_to_pdf(
                tree,
                job.cache / f"{job.key}.pdf",
                resource_dir=folder,
                template=_template_file("report.typ"),
                language=job.language,
            )
        except (WijsError, OSError) as exc:
            problems.append(f"PDF: {exc}")
    return problems


def _is_details(block: dict[str, Any]) -> bool:
    return block.get("t") == "Div" and block["c"][0][0] == DETAILS_ID


def build_downloads(site: Site, reports: Iterable[Report], cache: Path) -> dict[str, Built]:
    """Typeset what is not cached yet (in parallel); every report's files by report key."""
    cache.mkdir(parents=True, exist_ok=True)
    jobs: dict[str, Job] = {}
    keys: dict[str, str] = {}
    for report in reports:
        pdf_markdown, docx_markdown = source_markdown(report, site)
        inputs = typeset_files(report)
        key = cache_key(report, pdf_markdown + docx_markdown, inputs)
        keys[report.key] = key
        if not _cached(cache, key):
            jobs[key] = Job(
                key,
                report.folder,
                pdf_markdown,
                docx_markdown,
                report.meta.language,
                _csl_bibliography(report, cache / f"{key}.csl.json"),
                cache,
                tuple(inputs),
            )
    if jobs:
        started = time.perf_counter()
        for key, problems in _run(list(jobs.values())):
            # sealed here, not in the worker: one process holds the key
            cache_seal.seal_files(cache / f"{key}.seal", _cache_files(cache, key))
            for problem in problems:
                log.warning("wijs: download van %s niet gemaakt: %s", key, problem)
        for job in jobs.values():
            if job.bibliography is not None:
                job.bibliography.unlink(missing_ok=True)
        log.info("wijs: %d download(s) gezet in %.1f s", len(jobs), time.perf_counter() - started)
    built = {}
    for report_key, key in keys.items():
        files = {fmt: cache / f"{key}.{fmt}" for fmt in FORMATS}
        for path in files.values():
            if path.exists():
                os.utime(path)  # recently used: kept by prune()
        built[report_key] = Built(
            files["pdf"] if files["pdf"].is_file() else None,
            files["docx"] if files["docx"].is_file() else None,
        )
    prune(cache)
    return built


def _cache_files(cache: Path, key: str) -> list[Path]:
    """The files of one cache entry that exist (the seal covers exactly these)."""
    names = [f"{key}.{fmt}" for fmt in FORMATS] + [f"{key}.failed"]
    return [cache / name for name in names if (cache / name).is_file()]


def _csl_bibliography(report: Report, path: Path) -> Path | None:
    """The report's cited sources as CSL-JSON from the one BibTeX → CSL-JSON conversion, so
    the PDF and DOCX are formatted from the same items as the page (None: nothing cited)."""
    items = citations_for(report).csl_items()
    if not items:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


def _cached(cache: Path, key: str) -> bool:
    """Typeset before by this machine: complete and sealed. Anything else under the key (a
    file a pull request committed, half a run) is removed and typeset again."""
    files = _cache_files(cache, key)
    complete = (cache / f"{key}.failed") in files or all(
        (cache / f"{key}.{fmt}") in files for fmt in FORMATS
    )
    if complete and cache_seal.verify_files(cache / f"{key}.seal", files):
        return True
    for path in [*files, cache / f"{key}.seal"]:
        path.unlink(missing_ok=True)
    return False


def _run(jobs: list[Job]) -> Iterable[tuple[str, list[str]]]:
    if len(jobs) == 1:
        return [typeset(jobs[0])]
    # not fork: Typst's thread pool in this process would not survive it (a child deadlocks)
    context = multiprocessing.get_context("forkserver")
    try:
        with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
            return list(pool.map(typeset, jobs))
    except (BrokenProcessPool, OSError) as exc:
        log.warning("wijs: downloads zonder parallelle processen gezet (%s)", exc)
        return [typeset(job) for job in jobs]


def prune(cache: Path, days: int = KEEP_UNUSED_DAYS) -> None:
    """Forget files no build has used for ``days`` days."""
    limit = time.time() - days * 86400
    for path in cache.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


# -- the site: one typesetting pass per build, links on the page, files next to it ---------


def downloads_of(site: Site) -> dict[str, Built]:
    """The downloads of this build, typeset once on first use (empty when switched off)."""
    if "downloads" not in site.made:
        built: dict[str, Built] = {}
        if site.settings.downloads:
            cache = site.settings.cache_dir / CACHE_FOLDER
            built = build_downloads(site, site.reports, cache)
        site.made["downloads"] = built
    built = site.made["downloads"]
    return built


def file_name(report: Report, fmt: str) -> str:
    return f"{report.slug}.{fmt}"


def pdf_location(report: Report, site: Site) -> str | None:
    """Where the report's PDF is on the site (for citation_pdf_url, JSON-LD, Dublin Core)."""
    built = downloads_of(site).get(report.key)
    if built is None or built.pdf is None:
        return None
    return report.url + file_name(report, "pdf")


PDF_LOCATORS.append(pdf_location)


def built_downloads(report: Report, site: Site) -> list[tuple[str, str, Path]]:
    """(file name beside the page, label, cached file) of the report's PDF and DOCX, if built."""
    built = downloads_of(site).get(report.key)
    files = []
    if built is not None:
        for fmt, path, label in (("pdf", built.pdf, "PDF"), ("docx", built.docx, "Word (DOCX)")):
            if path is not None:
                files.append((file_name(report, fmt), label, path))
    return files


def downloads_section(report: Report, site: Site) -> str:
    """The 'Downloads' block of a report page: PDF, DOCX (when built) and attachments."""
    files = [
        (name, label, human_size(path.stat().st_size))
        for name, label, path in built_downloads(report, site)
    ]
    attachments = []
    for path in published_files(report, "attachments"):
        relative = path.relative_to(report.folder).as_posix()
        kind = ATTACHMENT_TYPES.get(path.suffix.lower(), path.suffix.lstrip(".").upper())
        attachments.append((relative, path.name, kind, human_size(path.stat().st_size)))
    if not files and not attachments:
        return ""
    return render("report_downloads.html.j2", files=files, attachments=attachments)


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def write_downloads(site: Site, site_dir: Path) -> None:
    """Copy the typeset files next to each report page: onderzoek/<year>/<slug>/<slug>.pdf."""
    for report in site.reports:
        built = downloads_of(site).get(report.key)
        if built is None:
            continue
        for fmt, path in (("pdf", built.pdf), ("docx", built.docx)):
            if path is None:
                continue
            target = site_dir / report.url / file_name(report, fmt)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # a live preview rebuilds into the same folder
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)
