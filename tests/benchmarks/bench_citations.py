"""Citations benchmark: formatting 30 references per report, cold and from the cache.

Run: PYTHONPATH=scripts python tests/benchmarks/bench_citations.py [reports]
Prints the time per report for parsing the .bib + finding citations + APA formatting + in-text
replacement with every cache emptied and all 30 sources different in every report (the worst
case), the time when nothing changed (cache hit), and their ratio.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

from conftest import report_fields  # noqa: E402
from wijs.citations.report import citations_for, clear_cache  # noqa: E402
from wijs.corpus import load_corpus  # noqa: E402

REFERENCES = 30
KINDS = [
    "@article{{k{i}, author = {{Jansen, Piet and de Vries, Anna and Bakker, Sanne}}, "
    "title = {{Artikel {i}.{n} over ontmoeting in de wijk}}, journal = {{Tijdschrift}}, "
    "year = {{20{y:02d}}}, volume = {{{i}}}, number = {{2}}, pages = {{1--{i}}}, "
    "doi = {{10.1000/{i}}}}}",
    "@book{{k{i}, author = {{Cialdini, Robert B.}}, title = {{Boek {i}.{n}}}, edition = {{2}}, "
    "publisher = {{Pearson}}, year = {{20{y:02d}}}}}",
    "@incollection{{k{i}, author = {{Doe, John}}, title = {{Hoofdstuk {i}.{n}}}, "
    "booktitle = {{Handboek}}, editor = {{Smith, Sam}}, pages = {{3--9}}, "
    "publisher = {{SAGE}}, year = {{20{y:02d}}}}}",
    "@online{{k{i}, author = {{{{Gemeente Groningen}}}}, title = {{Pagina {i}.{n}}}, "
    "url = {{https://gemeente.groningen.nl/{i}}}, urldate = {{2020-10-12}}, year = {{2020}}}}",
]


def make_research(root: Path, reports: int) -> Path:
    research = root / "research"
    research.mkdir()
    (research / "vocabulary.yml").write_text(
        (REPO / "research" / "vocabulary.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for n in range(reports):
        folder = research / "2024" / f"rapport-{n}"
        folder.mkdir(parents=True)
        cites = " ".join(f"Zin {i} [@k{i}, p. {i}]." for i in range(REFERENCES))
        front = yaml.safe_dump(report_fields(title=f"Rapport {n}"), allow_unicode=True)
        (folder / "index.md").write_text(f"---\n{front}---\n\n{cites}\n", encoding="utf-8")
        bib = "\n".join(
            KINDS[i % len(KINDS)].format(i=i, n=n, y=(i + n) % 24) for i in range(REFERENCES)
        )
        (folder / "references.bib").write_text(bib, encoding="utf-8")
    return research


def run(corpus) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for report in corpus.reports:
        cited = citations_for(report)
        cited.render_body(report.body)
        assert len(cited.references) == REFERENCES
    return time.perf_counter() - start


def main() -> None:
    reports = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        corpus = load_corpus(make_research(Path(tmp), reports))
        cache = Path(tmp) / ".cache"
        shutil.rmtree(cache, ignore_errors=True)
        clear_cache()
        cold = run(corpus)  # nothing cached: parse, format, replace
        clear_cache()
        disk = run(corpus)  # a new process: the .cache/wijs/ folder is there
        memory = run(corpus)  # 'wijs serve' after an edit elsewhere: all in memory
        clear_cache()
        start = time.perf_counter()
        load_corpus(Path(tmp) / "research")  # 'wijs check' with the disk cache
        check = time.perf_counter() - start
    per = 1000 / reports
    print(f"{reports} reports × {REFERENCES} references (ms per report)")
    print(f"  cold (no cache):   {cold * per:7.2f}")
    print(f"  disk cache:        {disk * per:7.2f}  ({cold / disk:.0f}× faster)")
    print(f"  memory cache:      {memory * per:7.3f}  ({cold / max(memory, 1e-9):.0f}× faster)")
    print(f"  wijs check (disk): {check * per:7.2f}  (all checks, not only citations)")


if __name__ == "__main__":
    main()
