"""Benchmark the onderzoeksbank against a bare mkdocs-material site of the same reports.

    .venv/bin/python tests/benchmarks/run.py --reports 100 1000 --repeat 3 [--results FILE]

For each size it generates N synthetic reports (tests/benchmarks/generate.py), then builds, in
turn, the bare mkdocs-material site (default navigation, default search) and the onderzoeksbank
(`wijs build`), `--repeat` times each, and times `wijs check`. Every figure is the median of the
runs; ratios are onderzoeksbank / bare, measured in the same run on the same machine. Peak memory
is the largest resident set of the build process and its children (wait4 rusage).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import bare_copy, generate

BIN = Path(sys.executable).parent


@dataclass
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Measured:
    runs: list[Run] = field(default_factory=list)
    site_mb: float = 0.0
    page_kb: float = 0.0

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(r.peak_mb for r in self.runs)


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Wall time and peak RSS (MB) of a command and its children."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    assert process.stderr is not None
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} mislukte:\n{errors[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def median_page_kb(pages: list[Path]) -> float:
    return statistics.median(p.stat().st_size for p in pages) / 1e3 if pages else 0.0


def measure(
    count: int, repeat: int, work: Path, citations: int, figures: bool
) -> dict[str, Measured]:
    bank = generate(work / f"bank-{count}", count, citations=citations, figures=figures)
    bare = bare_copy(bank, work / f"bare-{count}")
    results = {"bare": Measured(), "wijs": Measured(), "check": Measured()}
    for _ in range(repeat):
        out = work / "out-bare"
        shutil.rmtree(out, ignore_errors=True)
        results["bare"].runs.append(
            timed([str(BIN / "mkdocs"), "build", "-q", "-d", str(out)], bare)
        )
        results["bare"].site_mb = folder_mb(out)
        results["bare"].page_kb = median_page_kb(list(out.glob("*/*/index.html")))
        site = work / "out-wijs"
        shutil.rmtree(site, ignore_errors=True)
        results["wijs"].runs.append(
            timed([str(BIN / "wijs"), "build", "--site-dir", str(site)], bank)
        )
        results["wijs"].site_mb = folder_mb(site)
        results["wijs"].page_kb = median_page_kb(list(site.glob("onderzoek/*/*/index.html")))
        results["check"].runs.append(timed([str(BIN / "wijs"), "check"], bank))
    return results


def table(all_results: dict[int, dict[str, Measured]]) -> str:
    lines = [
        "| reports | figure | bare mkdocs-material | onderzoeksbank | ratio |",
        "|---:|---|---:|---:|---:|",
    ]
    for count, r in all_results.items():
        bare, ours = r["bare"], r["wijs"]
        rows = [
            ("build time (s, median)", bare.seconds, ours.seconds),
            ("peak memory (MB, median)", bare.peak_mb, ours.peak_mb),
            ("site size (MB)", bare.site_mb, ours.site_mb),
            ("report page (KB, median)", bare.page_kb, ours.page_kb),
        ]
        for name, b, o in rows:
            lines.append(f"| {count} | {name} | {b:.1f} | {o:.1f} | {o / b:.2f}× |")
        lines.append(f"| {count} | `wijs check` (s, median) | – | {r['check'].seconds:.2f} | – |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--citations", type=int, default=0, help="references per report")
    parser.add_argument("--figures", action="store_true")
    parser.add_argument("--results", type=Path, help="append the table to this Markdown file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="wijs-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    all_results = {}
    for count in args.reports:
        print(f"== {count} rapporten", file=sys.stderr, flush=True)
        all_results[count] = measure(count, args.repeat, work, args.citations, args.figures)
    text = table(all_results)
    header = (
        f"\n## {dt.date.today().isoformat()} — {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}\n\n"
        f"Command: `python tests/benchmarks/run.py --reports "
        f"{' '.join(map(str, args.reports))} --repeat {args.repeat}"
        f"{f' --citations {args.citations}' if args.citations else ''}"
        f"{' --figures' if args.figures else ''}`\n\n"
    )
    print(header + text)
    if args.results:
        with args.results.open("a", encoding="utf-8") as handle:
            handle.write(header + text + "\n")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
