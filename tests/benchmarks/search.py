"""Benchmark search: site search download size, `wijs search` latency, index build cost, as
ratios against a bare mkdocs-material site of the same reports built in the same run.

    .venv/bin/python tests/benchmarks/search.py --reports 1000 5000 [--queries 40] \
        [--no-downloads] [--bare 1000] [--generator OTHER/generate.py]

For each size it generates N synthetic reports (generate.py), builds the site with `wijs build`
and reports:

- build: wall time, and peak memory of the whole build (the sum of the resident sets of the build
  process and all its children, sampled every 0.1 s from /proc), and the largest single process
  (wait4 rusage);
- the bare mkdocs-material site of the same Markdown (default navigation and search), built at
  the `--bare` size: build time and peak memory, and its search download (the whole lunr index,
  gzipped, fetched on the first query); at other sizes these are scaled linearly (the index and
  the build's memory grow with the text) and marked "≈";
- Pagefind: the index size on disk; the word list "did you mean" loads when a query finds
  little (gzipped, as a server sends it);
- site search in headless Chromium: the bytes of every file under /pagefind/ fetched until the
  first query's results are on screen (entry, wasm, metadata, filters, index chunks, the shown
  results' fragments), listed with and without pagefind.js and its worker, by kind of file, and
  as a server sends them (scripts and JSON gzipped; Pagefind's own files are gzipped already, the
  browser's server here sends everything as it is); then the bytes a second and a third query
  fetch;
- `wijs search`: cold index build time, the median and 90th percentile latency of `--queries`
  two-word queries against the warm index (ranked results, highlights, facet counts), with two
  of the ten commonest topical words (nearly every report matches: the slowest case) and with a
  wijk and a word, and the median wall time of the whole `wijs search` command;
- related research: time to compute it for every report, and the overlap check's time.

`--generator` takes the corpus from another generate.py (an older one, to compare corpora
with the same code).

Only public tools are used: `time.perf_counter`, `os.wait4`, /proc and Playwright with Debian
Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "scripts"))  # this checkout's wijs
import generate as generator  # noqa: E402
from measure import timed  # noqa: E402

SCRIPTS = HERE.parents[1] / "scripts"
#: this checkout's package, whatever `wijs` on the PATH points at
WIJS = [sys.executable, "-m", "wijs.cli"]
ENV = {"PYTHONPATH": f"{SCRIPTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
CHROMIUM = "/usr/bin/chromium"


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict:
    """Wall time, peak summed RSS of the process tree, largest single RSS."""
    run = timed(command, cwd, env)
    return {
        "seconds": run.seconds,
        "tree_peak_mb": run.peak_mb,
        "single_peak_mb": run.single_peak_mb,
    }


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


#: Pagefind gzips these itself (and unpacks them in the browser): a server sends them as they are
PRECOMPRESSED = {"wasm", "meta", "filter", "index", "fragment"}


def _kind(url: str) -> str:
    """What a fetched /pagefind/ file is: script, wasm, entry, meta, filter, index, fragment."""
    name = url.split("?")[0].rsplit("/", 1)[-1]
    for ending, kind in (
        (".pf_meta", "meta"),
        (".pf_filter", "filter"),
        (".pf_index", "index"),
        (".pf_fragment", "fragment"),
        (".pagefind", "wasm"),
        (".js", name),
        (".json", "entry"),
    ):
        if name.endswith(ending):
            return kind
    return name


def browser_bytes(site: Path, queries: list[str]) -> list[dict[str, int]]:
    """Bytes of /pagefind/ files fetched for each query in turn (first one includes start-up)."""
    from playwright.sync_api import sync_playwright

    base, server = serve(site)
    fetched: list[tuple[str, int]] = []
    wire: dict[str, int] = {}  # text files (script, entry) as a server sends them: gzipped
    figures = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            page = browser.new_page()

            def record(response: Any) -> None:
                if "/pagefind/" in response.url:
                    with contextlib.suppress(Exception):  # redirects have no body
                        body = response.body()
                        fetched.append((response.url, len(body)))
                        if _kind(response.url) not in PRECOMPRESSED:
                            wire[response.url] = len(gzip.compress(body))

            page.on("response", record)
            page.goto(base + "zoeken/")
            page.wait_for_selector(".wijs-zoeken--ready")
            for query in queries:
                before = len(fetched)
                page.evaluate("() => { document.getElementById('wijs-status').textContent = ''; }")
                page.fill("#wijs-q", query)
                page.press("#wijs-q", "Enter")
                page.wait_for_function(
                    "q => new URLSearchParams(location.search).get('q') === q", arg=query
                )
                page.wait_for_function(
                    "() => /gevonden/.test(document.getElementById('wijs-status').textContent)"
                )
                page.wait_for_timeout(500)
                new = fetched if not figures else fetched[before:]
                kinds: dict[str, list[int]] = {}
                for url, size in new:
                    kinds.setdefault(_kind(url), []).append(size)
                figures.append(
                    {
                        "all": sum(n for _, n in new),
                        "wire": sum(wire.get(u, n) for u, n in new),
                        "data": sum(n for u, n in new if not u.endswith(".js")),
                        "files": len(new),
                        "results": page.locator("#wijs-resultaten li").count(),
                        "kinds": kinds,
                    }
                )
            browser.close()
    finally:
        server.shutdown()
    return figures


def search_latency(research: Path, queries: list[str], cold: bool = True) -> dict[str, float]:
    from wijs.search.index import cache_dir, refresh_index

    if cold:
        shutil.rmtree(cache_dir(research), ignore_errors=True)
    start = time.perf_counter()
    index, _ = refresh_index(research)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    refresh_index(research)
    warm_refresh = time.perf_counter() - start
    timings, matches = [], []
    for query in queries:
        start = time.perf_counter()
        results = index.search(query, limit=10)
        timings.append(time.perf_counter() - start)
        matches.append(results.total)
    timings.sort()
    return {
        "cold_index_s": cold,
        "refresh_unchanged_s": warm_refresh,
        "median_ms": statistics.median(timings) * 1000,
        "p90_ms": timings[int(len(timings) * 0.9)] * 1000,
        "matches": statistics.median(matches),
    }


def related_and_overlap(research: Path) -> dict[str, float]:
    from wijs.checks.overlap import check_overlap
    from wijs.corpus import load_corpus
    from wijs.search.index import SearchIndex

    corpus = load_corpus(research)
    index = SearchIndex.for_research(research)
    keys = [r.key for r in corpus.reports]
    start = time.perf_counter()
    index.related(keys, set(keys))
    related = time.perf_counter() - start
    start = time.perf_counter()
    warnings = list(check_overlap(corpus))
    overlap = time.perf_counter() - start
    return {"related_s": related, "overlap_s": overlap, "overlap_warnings": len(warnings)}


def bare_search(bank: Path, work: Path) -> dict[str, float]:
    """Build the bare mkdocs-material copy of ``bank``: time, peak memory, search download."""
    bare = generator.bare_copy(bank, work / "bare")
    out = work / "out-bare"
    shutil.rmtree(out, ignore_errors=True)
    run = run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], bare)
    index = out / "search" / "search_index.json"
    figures = {
        "seconds": run["seconds"],
        "peak_mb": run["tree_peak_mb"],
        "download_kb": len(gzip.compress(index.read_bytes(), 6)) / 1024,
    }
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(bare, ignore_errors=True)
    return figures


def load_generator(path: Path) -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("other_generate", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[1000])
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--bare", type=int, default=None, help="build the bare site at this size")
    parser.add_argument("--generator", type=Path, default=None, help="another generate.py")
    parser.add_argument(
        "--latency",
        type=Path,
        default=None,
        metavar="BANK",
        help="only the wijs search latency, three rounds, on a bank built before (its index kept)",
    )
    parser.add_argument(
        "--no-downloads",
        action="store_true",
        help="build without PDF/DOCX downloads (the search figures do not depend on them)",
    )
    args = parser.parse_args()
    global generator
    if args.generator:
        generator = load_generator(args.generator.resolve())
    WORDS, generate = generator.WORDS, generator.generate
    work = args.work or Path(tempfile.mkdtemp(prefix="wijs-zoeken-bench-"))
    rng = random.Random(7)
    # the most common topical words: nearly every synthetic report has both (the slowest case)
    common = WORDS[:10]
    queries = [f"{rng.choice(common)} {rng.choice(common)}" for _ in range(args.queries)]
    places = ["Selwerd", "Vinkhuizen", "Paddepoel", "Beijum", "Lewenborg", "De Hoogte", "Haren"]
    selective = [f"{rng.choice(places)} {rng.choice(WORDS)}" for _ in range(args.queries)]
    if args.latency:
        for label, asked in (("twee algemene woorden", queries), ("wijk + woord", selective)):
            for _ in range(3 if asked is queries else 1):
                latency = search_latency(args.latency / "research", asked, cold=False)
                print(
                    f"wijs search, {label}: mediaan {latency['median_ms']:.1f} ms "
                    f"(p90 {latency['p90_ms']:.1f} ms), mediaan {latency['matches']:.0f} gevonden"
                )
        return
    bare: dict[str, float] | None = None
    if args.bare:
        bank = generate(work / f"bank-{args.bare}", args.bare)
        bare = {"count": args.bare, **bare_search(bank, work)}
        print(
            f"kale mkdocs-material bij {args.bare} rapporten: build {bare['seconds']:.1f} s, "
            f"piek {bare['peak_mb']:.0f} MB, zoekdownload {bare['download_kb']:.0f} KB"
        )
        shutil.rmtree(bank, ignore_errors=True)
    for count in args.reports:
        bank = generate(work / f"bank-{count}", count)
        site = work / f"site-{count}"
        options = ["--no-downloads"] if args.no_downloads else []
        build = run_measured([*WIJS, "build", "--site-dir", str(site), *options], bank, ENV)
        print(f"\n== {count} rapporten ==")
        print(
            f"build: {build['seconds']:.1f} s, piek geheugen hele build "
            f"{build['tree_peak_mb']:.0f} MB (grootste proces {build['single_peak_mb']:.0f} MB)"
        )
        words = (site / "zoeken" / "woorden.json").read_bytes()
        print(
            f"pagefind-index {folder_bytes(site / 'pagefind') / 1e6:.1f} MB op schijf; "
            f"woordenlijst 'bedoelde je' {len(gzip.compress(words, 6)) / 1024:.0f} KB gzip "
            f"({len(words) / 1024:.0f} KB)"
        )
        scale = f"≈{count}/{bare['count']}" if bare and bare["count"] != count else ""
        factor = count / bare["count"] if bare else 0.0
        if bare:
            print(
                f"  kaal{' ' + scale if scale else ''}: zoekdownload "
                f"{bare['download_kb'] * factor:.0f} KB, piek {bare['peak_mb'] * factor:.0f} MB; "
                f"verhouding piekgeheugen {build['tree_peak_mb'] / (bare['peak_mb'] * factor):.2f}×"
            )
        first, second, third = browser_bytes(site, ["ouderen", "bewoners buurthuis", "armoede"])
        for label, fig in (("eerste", first), ("tweede", second), ("derde", third)):
            ratio = (
                f"; verhouding tot kaal {fig['wire'] / 1024 / (bare['download_kb'] * factor):.3f}×"
                if bare
                else ""
            )
            print(
                f"{label} zoekvraag: {fig['all'] / 1024:.0f} KB in {fig['files']} bestanden "
                f"(zonder pagefind.js/worker: {fig['data'] / 1024:.0f} KB), "
                f"{fig['results']} resultaten getoond; over het net met gzip voor js/json: "
                f"{fig['wire'] / 1024:.0f} KB{ratio}"
            )
            print(
                "    "
                + ", ".join(
                    f"{kind} {sum(sizes) / 1024:.1f} KB"
                    + (f" ({len(sizes)}×)" if len(sizes) > 1 else "")
                    for kind, sizes in sorted(fig["kinds"].items(), key=lambda k: -sum(k[1]))
                )
            )
        latency = search_latency(bank / "research", queries)
        print(
            f"wijs search: index koud {latency['cold_index_s']:.1f} s, bijwerken zonder "
            f"wijzigingen {latency['refresh_unchanged_s'] * 1000:.0f} ms, zoekvraag mediaan "
            f"{latency['median_ms']:.1f} ms (p90 {latency['p90_ms']:.1f} ms) over twee "
            f"algemene woorden (mediaan {latency['matches']:.0f} van de {count} rapporten gevonden)"
        )
        latency = search_latency(bank / "research", selective, cold=False)
        print(
            f"wijs search: zoekvraag mediaan {latency['median_ms']:.1f} ms "
            f"(p90 {latency['p90_ms']:.1f} ms) over wijk + woord (mediaan {latency['matches']:.0f} "
            "rapporten gevonden)"
        )
        command = [
            run_measured([*WIJS, "search", "ouderen", "--research", "research"], bank, ENV)
            for _ in range(5)
        ]
        print(
            "wijs search (hele commando): mediaan "
            f"{statistics.median(c['seconds'] for c in command) * 1000:.0f} ms"
        )
        other = related_and_overlap(bank / "research")
        print(
            f"verwant onderzoek voor alle rapporten: {other['related_s']:.1f} s; "
            f"overlapcontrole: {other['overlap_s'] * 1000:.0f} ms "
            f"({other['overlap_warnings']} waarschuwingen)"
        )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
