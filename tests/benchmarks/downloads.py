"""Benchmark of `wijs import` and the PDF/DOCX downloads.

    python tests/benchmarks/downloads.py [--reports 100] [--repeat 3] [--keep DIR]

(with the package on the path: `.venv/bin/python …` after scripts/bootstrap, or
PYTHONPATH=scripts). It measures, on this machine:

- the time per import of every Word/OpenDocument file of the shared corpus (median, max);
- the time per report for one PDF (pandoc → Typst) and one DOCX, each on its own and both as
  the build makes them (one citeproc pass, two outputs), median of --repeat runs;
- the full build of --reports synthetic reports (tests/benchmarks/generate.py, with a figure
  and 10 references each): without downloads, with downloads and a cold cache, and with a warm
  cache (nothing changed), each as a ratio to the build without downloads.

Nothing is timed in the unit tests; this script only prints.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from wijs.builder import build_site  # noqa: E402
from wijs.convert.downloads import source_markdown  # noqa: E402
from wijs.convert.importer import ImportOptions, import_document  # noqa: E402
from wijs.corpus import load_corpus  # noqa: E402
from wijs.errors import WijsError  # noqa: E402
from wijs.pages.site import Site  # noqa: E402
from wijs.typeset import markdown_to_docx, markdown_to_pdf  # noqa: E402
from wijs.vocabulary import load_vocabulary  # noqa: E402


def timed(function, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def bench_imports(work: Path) -> list[float]:
    research = work / "import" / "research"
    research.mkdir(parents=True)
    shutil.copy(REPO / "research" / "vocabulary.yml", research / "vocabulary.yml")
    vocabulary = load_vocabulary(research / "vocabulary.yml")
    times = []
    sources = sorted((CORPUS / "docx").glob("*.docx")) + sorted((CORPUS / "odt").glob("*.odt"))
    for number, source in enumerate(sources):
        options = ImportOptions(year=2024, slug=f"doc-{number}")
        started = time.perf_counter()
        with contextlib.suppress(WijsError):
            import_document(source, research, vocabulary, options)
        times.append(time.perf_counter() - started)
    return times


def bench_typesetting(
    bank: Path, repeat: int, out: Path
) -> tuple[list[float], list[float], list[float]]:
    from wijs.convert.downloads import Job, _template_file, typeset

    corpus = load_corpus(bank / "research")
    site = Site(corpus)
    report = site.reports[0]
    markdown, docx_markdown = source_markdown(report, site)
    bib = report.folder / "references.bib"
    common = {
        "resource_dir": report.folder,
        "bibliography": bib if bib.is_file() else None,
        "csl": _template_file("apa.csl"),
        "filters": [_template_file("pdf.lua")],
    }
    pdf = [
        timed(
            markdown_to_pdf,
            markdown,
            out / "r.pdf",
            template=_template_file("report.typ"),
            **common,
        )
        for _ in range(repeat)
    ]
    docx = [timed(markdown_to_docx, markdown, out / "r.docx", **common) for _ in range(repeat)]
    job = Job("bench", report.folder, markdown, docx_markdown, "nl", common["bibliography"], out)
    both = [timed(typeset, job) for _ in range(repeat)]
    return pdf, docx, both


def bench_builds(bank: Path, repeat: int) -> dict[str, float]:
    config = bank / "mkdocs.yml"
    site = bank / "site"
    cache = bank / ".cache"
    without = statistics.median(
        timed(build_site, config, site, downloads=False) for _ in range(repeat)
    )
    cold = []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(timed(build_site, config, site, downloads=True))
    warm = [timed(build_site, config, site, downloads=True) for _ in range(repeat)]
    return {
        "without downloads": without,
        "downloads, cold cache": statistics.median(cold),
        "downloads, warm cache": statistics.median(warm),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="wijs-bench-downloads-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        imports = bench_imports(work)
        print(
            f"import: {len(imports)} corpus documents, median {statistics.median(imports):.2f} s, "
            f"max {max(imports):.2f} s, total {sum(imports):.1f} s"
        )
        bank = generate(work / "bank", args.reports, citations=10, figures=True)
        pdf, docx, both = bench_typesetting(bank, args.repeat, work)
        print(
            f"one report: PDF alone median {statistics.median(pdf):.2f} s, "
            f"DOCX alone median {statistics.median(docx):.2f} s, "
            f"both as the build makes them (one citeproc pass) {statistics.median(both):.2f} s"
        )
        builds = bench_builds(bank, args.repeat)
        base = builds["without downloads"]
        print(f"full build of {args.reports} reports (median of {args.repeat}):")
        for name, seconds in builds.items():
            print(f"  {name:24} {seconds:6.1f} s  ×{seconds / base:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
