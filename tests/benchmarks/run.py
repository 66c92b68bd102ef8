"""Benchmark the onderzoeksbank against a bare mkdocs-material site of the same reports.

    PYTHONPATH=scripts python tests/benchmarks/run.py --reports 100 1000 5000 \\
        --bare-sizes 100 1000 2000 --results tests/benchmarks/RESULTS.md

For each size it generates N synthetic reports (generate.py: realistic lengths, `--citations` sources
each, cited in the text, and a figure), then measures, in the same run on the same machine:

- the bare mkdocs-material site of the same Markdown (default navigation, default search):
  build time, CPU time, peak memory, site size, report page size, search download (its whole
  lunr index, gzipped, is fetched on the first query);
- the onderzoeksbank (`wijs build` of this checkout, everything switched on): the full build
  with the .cache of an earlier build (as CI with a cache step; PDF/DOCX downloads come from that
  cache) and with nothing cached; the cold typesetting of the downloads on its own; the same
  figures as for the bare site, the largest overview page (onderzoek/, facet pages), `wijs check`
  with and without cache;
- when the search feature is present: the bytes the site search fetches for its first query
  (headless Chromium) and the median `wijs search` latency (tests/benchmarks/search.py);
- the live preview: its first build, with the caches of the builds before it, and from saving
  one report until `wijs serve` serves the changed page
  (live_preview.py), at sizes up to --serve-max.

Every figure is the median of --repeat runs; ratios are onderzoeksbank / bare. A bare size not in
--bare-sizes is extrapolated from the measured ones (power law through the two largest) and
marked as such. The growth between the two largest sizes gives the estimate for --project
reports. Features not present in this checkout are listed as missing, never silently left out.
Peak memory is the largest sum of resident memory of the build process and all its children,
sampled every 0.1 s from /proc; CPU time is user + system of the whole process tree (wait4).
The machine may be shared: load averages are printed with the results, and CPU time is the
figure that depends least on other work.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import importlib.util
import math
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCRIPTS = REPO / "scripts"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(SCRIPTS))  # this checkout's wijs, whatever `wijs` on the PATH is
from generate import WORDS, bare_copy, generate  # noqa: E402
from measure import Run  # noqa: E402
from measure import timed as _timed  # noqa: E402

WIJS = [sys.executable, "-m", "wijs.cli"]
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {"PYTHONPATH": f"{SCRIPTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


def timed(command: list[str], cwd: Path) -> Run:
    """Wall time, CPU time and peak memory of a command of this checkout."""
    return _timed(command, cwd, ENV)


@dataclass
class Measured:
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(r.peak_mb for r in self.runs)


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def median_kb(pages: list[Path]) -> float:
    return statistics.median(p.stat().st_size for p in pages) / 1e3 if pages else 0.0


def largest_kb(pages: list[Path]) -> tuple[float, str]:
    if not pages:
        return 0.0, ""
    page = max(pages, key=lambda p: p.stat().st_size)
    return page.stat().st_size / 1e3, page.parent.name


def gzipped_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), 6)) / 1e3 if path.is_file() else 0.0


# -- which features this checkout has -----------------------------------------------------------


def has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


@dataclass
class Features:
    downloads: bool = field(default_factory=lambda: has_module("wijs.convert.downloads"))
    search: bool = field(
        default_factory=lambda: has_module("wijs.search.index") and (HERE / "search.py").is_file()
    )


# -- one size --------------------------------------------------------------------------------------


@dataclass
class Size:
    count: int
    figures: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def put(self, name: str, bare: float | None, ours: float | None) -> None:
        self.figures[name] = (bare, ours)


def build_wijs(bank: Path, site: Path, *, downloads: bool, features: Features) -> Run:
    shutil.rmtree(site, ignore_errors=True)
    command = [*WIJS, "build", "--site-dir", str(site)]
    if features.downloads and not downloads:
        command.append("--no-downloads")
    return timed(command, bank)


def measure_size(count: int, args: argparse.Namespace, work: Path, features: Features) -> Size:
    result = Size(count)
    print(f"== {count} rapporten: genereren", file=sys.stderr, flush=True)
    bank = generate(work / f"bank-{count}", count, citations=args.citations, figures=args.figures)
    cache = bank / ".cache"

    if count in args.bare_sizes:
        bare = bare_copy(bank, work / f"bare-{count}")
        out = work / "out-bare"
        runs = Measured()
        for _ in range(args.repeat):
            print(f"   kale mkdocs-material-build ({count})", file=sys.stderr, flush=True)
            shutil.rmtree(out, ignore_errors=True)
            runs.runs.append(timed([*MKDOCS, "build", "-q", "-d", str(out)], bare))
        pages = list(out.glob("*/*/index.html"))
        result.put("build time (s)", runs.seconds, None)
        result.put("build CPU time (s)", runs.cpu, None)
        result.put("peak memory (MB)", runs.peak_mb, None)
        result.put("site size (MB)", folder_mb(out), None)
        result.put("report page (KB, median)", median_kb(pages), None)
        result.put(
            "first-query search download (KB)", gzipped_kb(out / "search/search_index.json"), None
        )
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(bare, ignore_errors=True)

    site = work / "out-wijs"
    typeset = features.downloads and count <= args.typeset_max
    if features.downloads and not typeset:
        result.missing.append(
            f"PDF/DOCX-downloads bij {count} rapporten (boven --typeset-max {args.typeset_max})"
        )
    # nothing cached (a fresh clone): downloads left out, their cold typesetting is below
    cold = Measured()
    for _ in range(args.repeat):
        print(f"   wijs build zonder cache ({count})", file=sys.stderr, flush=True)
        shutil.rmtree(cache, ignore_errors=True)
        cold.runs.append(build_wijs(bank, site, downloads=False, features=features))
    if typeset:
        print(f"   downloads koud zetten ({count})", file=sys.stderr, flush=True)
        shutil.rmtree(cache, ignore_errors=True)
        with_typesetting = build_wijs(bank, site, downloads=True, features=features)
        result.put("downloads: cold typesetting, whole build (s)", None, with_typesetting.seconds)
        result.put(
            "downloads: cold typesetting alone (s)",
            None,
            max(with_typesetting.seconds - cold.seconds, 0.0),
        )
    else:
        build_wijs(bank, site, downloads=False, features=features)  # fills the cache
    warm = Measured()
    for _ in range(args.repeat):
        print(f"   wijs build met cache ({count})", file=sys.stderr, flush=True)
        warm.runs.append(build_wijs(bank, site, downloads=typeset, features=features))
    pages = list(site.glob("onderzoek/*/*/index.html"))
    result.put(
        "build time (s)", result.figures.get("build time (s)", (None, None))[0], warm.seconds
    )
    result.put(
        "build CPU time (s)", result.figures.get("build CPU time (s)", (None, None))[0], warm.cpu
    )
    result.put("build time, nothing cached (s)", None, cold.seconds)
    result.put("build CPU time, nothing cached (s)", None, cold.cpu)
    peak = max(warm.peak_mb, cold.peak_mb)
    result.put("peak memory (MB)", result.figures.get("peak memory (MB)", (None, None))[0], peak)
    result.put(
        "site size (MB)", result.figures.get("site size (MB)", (None, None))[0], folder_mb(site)
    )
    result.put(
        "report page (KB, median)",
        result.figures.get("report page (KB, median)", (None, None))[0],
        median_kb(pages),
    )
    overview = site / "onderzoek" / "index.html"
    result.put(
        "onderzoek/ page (KB)", None, overview.stat().st_size / 1e3 if overview.is_file() else 0
    )
    facet_pages = [
        p for f in ("wijk", "thema", "instelling", "jaar") for p in site.glob(f"{f}/*/index.html")
    ]
    size_kb, name = largest_kb(facet_pages)
    result.put("largest facet page (KB)", None, size_kb)
    result.notes.append(f"largest facet page: {name}")

    for label, clear in (("`wijs check` (s)", False), ("`wijs check`, nothing cached (s)", True)):
        runs = Measured()
        for _ in range(args.repeat):
            if clear:
                shutil.rmtree(cache, ignore_errors=True)
            runs.runs.append(timed([*WIJS, "check"], bank))
        result.put(label, None, runs.seconds)

    bare_search = result.figures.get("first-query search download (KB)", (None, None))[0]
    if features.search:
        search_figures(result, bank, site, bare_search)
    else:
        result.put("first-query search download (KB)", bare_search, None)

    if count <= args.serve_max:
        from live_preview import measure as live

        print(f"   live preview ({count})", file=sys.stderr, flush=True)
        shutil.rmtree(site, ignore_errors=True)
        preview = live(bank, edits=args.edits, pause=args.pause)
        result.put("live preview: first page served (s)", None, preview.first_page_s)
        result.put("live preview: whole site served (s)", None, preview.complete_s)
        result.put("live preview: change visible (s, median)", None, preview.median_s)
        result.put("focused preview of one report: first page (s)", None, preview.focused_s)
        result.put(
            "focused preview: change visible (s, median)",
            None,
            statistics.median(preview.focused_latencies_s),
        )
        result.notes.append(
            "live preview edits: " + ", ".join(f"{s:.2f}" for s in preview.latencies_s) + " s"
        )
    shutil.rmtree(site, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(bank, ignore_errors=True)
    return result


def search_figures(result: Size, bank: Path, site: Path, bare_search: float | None) -> None:
    import search  # tests/benchmarks/search.py, present with the search feature

    rng = random.Random(7)
    common = WORDS[:10]  # as search.py: nearly every report has both words (the slowest case)
    queries = [f"{rng.choice(common)} {rng.choice(common)}" for _ in range(40)]
    try:
        first = search.browser_bytes(site, ["ouderen"])[0]
        result.put("first-query search download (KB)", bare_search, first["all"] / 1e3)
    except Exception as exc:  # no Chromium or a changed page: say so
        result.put("first-query search download (KB)", bare_search, None)
        result.missing.append(f"Pagefind-download bij {result.count} rapporten ({exc})")
    latency = search.search_latency(bank / "research", queries)
    result.put("`wijs search` (ms, median)", None, latency["median_ms"])


# -- reporting ----------------------------------------------------------------------------------


def extrapolate(points: dict[int, float], target: int) -> tuple[float, float] | None:
    """(value at target, exponent) on the power law through the two largest points."""
    usable = sorted((n, v) for n, v in points.items() if v and v > 0)
    if len(usable) < 2:
        return None
    (n1, v1), (n2, v2) = usable[-2], usable[-1]
    exponent = math.log(v2 / v1) / math.log(n2 / n1)
    return v2 * (target / n2) ** exponent, exponent


def fill_bare(sizes: list[Size]) -> None:
    """Bare figures for sizes that were not built, from the measured ones, marked '≈'."""
    names = {n for s in sizes for n, (b, _) in s.figures.items() if b is not None}
    for name in names:
        measured = {s.count: s.figures[name][0] for s in sizes if s.figures.get(name, (None,))[0]}
        for size in sizes:
            bare, ours = size.figures.get(name, (None, None))
            if bare is None and measured:
                guess = extrapolate(measured, size.count)  # type: ignore[arg-type]
                if guess is not None:
                    size.figures[name] = (-guess[0], ours)  # negative: extrapolated


def number(value: float | None) -> str:
    if value is None:
        return "–"
    mark = "≈" if value < 0 else ""
    value = abs(value)
    text = f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    return mark + text


def table(sizes: list[Size]) -> str:
    lines = [
        "| reports | figure | bare mkdocs-material | onderzoeksbank | ratio |",
        "|---:|---|---:|---:|---:|",
    ]
    for size in sizes:
        for name, (bare, ours) in size.figures.items():
            ratio = f"{ours / abs(bare):.2f}×" if bare and ours is not None else "–"
            lines.append(f"| {size.count:,} | {name} | {number(bare)} | {number(ours)} | {ratio} |")
    return "\n".join(lines)


def growth(sizes: list[Size], target: int) -> str:
    names = [
        "build time (s)",
        "build CPU time (s)",
        "build time, nothing cached (s)",
        "peak memory (MB)",
        "site size (MB)",
        "report page (KB, median)",
        "onderzoek/ page (KB)",
        "largest facet page (KB)",
        "first-query search download (KB)",
        "`wijs check`, nothing cached (s)",
        "`wijs search` (ms, median)",
    ]
    lines = [
        f"| figure | growth exponent (last two sizes) | estimate at {target:,} reports |",
        "|---|---:|---:|",
    ]
    for name in names:
        points = {s.count: s.figures[name][1] for s in sizes if s.figures.get(name, (0, None))[1]}
        guess = extrapolate(points, target)  # type: ignore[arg-type]
        if guess is not None:
            lines.append(f"| {name} | {guess[1]:.2f} | {number(guess[0])} |")
    return "\n".join(lines)


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    return (
        f"{platform.system()} {platform.machine()}, {model or 'cpu'}, {os.cpu_count()} cores"
        f"{memory}, Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[100, 1000])
    parser.add_argument(
        "--bare-sizes",
        type=int,
        nargs="*",
        default=None,
        help="sizes at which the bare site is built (default: all); others are extrapolated",
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--citations", type=int, default=30, help="sources per report")
    parser.add_argument("--figures", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--serve-max", type=int, default=1000, help="largest live-preview size")
    parser.add_argument("--edits", type=int, default=5, help="saves timed in the live preview")
    parser.add_argument("--pause", type=float, default=10.0, help="seconds between those saves")
    parser.add_argument("--typeset-max", type=int, default=1000, help="largest size with downloads")
    parser.add_argument("--project", type=int, default=20_000, help="size to estimate")
    parser.add_argument("--results", type=Path, help="append the tables to this Markdown file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    if args.bare_sizes is None:
        args.bare_sizes = list(args.reports)
    for extra in sorted(set(args.bare_sizes) - set(args.reports)):
        args.reports.append(extra)  # a bare-only size still needs our figures for the ratio
    args.reports.sort()
    features = Features()
    work = args.keep or Path(tempfile.mkdtemp(prefix="wijs-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    started = dt.datetime.now()
    sizes = [measure_size(count, args, work, features) for count in args.reports]
    fill_bare(sizes)
    minutes = (dt.datetime.now() - started).total_seconds() / 60
    command = "PYTHONPATH=scripts python tests/benchmarks/run.py " + " ".join(sys.argv[1:])
    missing = [m for s in sizes for m in s.missing]
    if not features.downloads:
        missing.insert(0, "PDF/DOCX-downloads: niet in deze checkout (wijs.convert.downloads)")
    if not features.search:
        missing.insert(0, "zoeken: niet in deze checkout (wijs.search, tests/benchmarks/search.py)")
    text = "\n".join(
        [
            f"\n## {started:%Y-%m-%d %H:%M} — {machine()}\n",
            f"Command: `{command}`  ",
            f"Run time {minutes:.0f} min; load average {load_before[0]:.1f} at the start, "
            f"{os.getloadavg()[0]:.1f} at the end. Reports carry {args.citations} sources each"
            f"{' and a figure' if args.figures else ''}. '≈' marks a bare figure extrapolated "
            "from the sizes where the bare site was built.\n",
            table(sizes),
            "",
            f"Growth and estimate for {args.project:,} reports:\n",
            growth(sizes, args.project),
            "",
            *(f"- {s.count:,}: {note}" for s in sizes for note in s.notes),
            "",
            ("Missing figures:\n\n" + "\n".join(f"- {m}" for m in missing))
            if missing
            else "Every figure measured.",
            "",
        ]
    )
    print(text)
    if args.results:
        with args.results.open("a", encoding="utf-8") as handle:
            handle.write(text)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
