"""Live preview: from starting `wijs serve` to its first page, and from saving a change to one
report until the server serves it.

    PYTHONPATH=scripts python tests/benchmarks/live_preview.py BANK [--edits 5]

BANK is a generated onderzoeksbank (generate.py), built once before (`wijs build`) so its
caches are warm, as a docent's or student's checkout is. The script starts this checkout's
`wijs serve` on a free port and times the home page (the first page: overview pages come
first, the reports follow in the background) and a report page (the whole site); then it edits
one report at a time (a new sentence in its body) and polls the report's page every 20 ms until
the sentence is served. Then the same for the focused preview of one report
(`wijs serve RAPPORTMAP`). run.py calls ``measure`` for RESULTS.md; the browser test
(tests/test_live_preview.py) checks the same in Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@dataclass
class LivePreview:
    first_page_s: float  # the home page served
    complete_s: float  # a report page served: the whole site is there
    latencies_s: list[float]
    focused_s: float = 0.0  # `wijs serve RAPPORTMAP`: that report's page served
    focused_latencies_s: list[float] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        return statistics.median(self.latencies_s) if self.latencies_s else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, needle: str, timeout: float, interval: float = 0.02) -> float:
    """Seconds until ``url`` serves a page containing ``needle``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(interval)
    raise TimeoutError(f"{url} toonde '{needle}' niet binnen {timeout:.0f} s")


def mount_path(config_file: Path) -> str:
    """MkDocs serves the site under the path of its site_url ('/onderzoeksbank/')."""
    for line in config_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            path = urllib.parse.urlsplit(line.split(":", 1)[1].strip()).path
            return "/" + path.strip("/") + "/" if path.strip("/") else "/"
    return "/"


@contextlib.contextmanager
def serving(
    bank: Path, log: Path | None = None, focus: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """This checkout's `wijs serve` in ``bank`` (of the report folder ``focus`` only, when
    given); yields its base URL and the process."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{SCRIPTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    output = log.open("wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "wijs.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"),
            *([str(focus)] if focus else []),
        ],
        cwd=bank,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    try:
        yield f"http://127.0.0.1:{port}{mount_path(bank / 'mkdocs.yml')}", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log and not isinstance(output, int):
            output.close()


def edit(path: Path, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\nNieuwe alinea {marker}.\n", encoding="utf-8")


def report_url(base: str, path: Path) -> str:
    return f"{base}onderzoek/{path.parent.parent.name}/{path.parent.name}/"


def _edits(
    base: str, process: subprocess.Popen[bytes], reports: list[Path], edits: int, pause: float
) -> list[float]:
    latencies = []
    for number in range(edits):
        time.sleep(pause)
        path = reports[(number * 97) % len(reports)]
        url = report_url(base, path)
        wait_for(url, "<html", 30)
        marker = f"wijzigingsmarkering{number}x{int(time.time())}"
        saved = time.perf_counter()
        edit(path, marker)
        wait_for(url, marker, 120)
        latencies.append(time.perf_counter() - saved)
        if process.poll() is not None:
            raise RuntimeError("wijs serve stopte")
    return latencies


def measure(bank: Path, edits: int = 5, timeout: float = 900.0, pause: float = 10.0) -> LivePreview:
    """The first page, the whole site, and the latency of ``edits`` saves ``pause`` seconds
    apart (the time a student takes to read the change, in which the server also brings open
    data, feeds and the search index up to date in the background); then the same for the
    focused preview of one report."""
    reports = sorted((bank / "research").glob("*/*/index.md"))
    start = time.perf_counter()
    complete, latencies = 0.0, []
    with serving(bank, bank / "serve.log") as (base, process):
        wait_for(base, "<html", timeout)
        first = time.perf_counter() - start
        if edits:  # with no edits: the first page only (5,000 reports: the whole site takes long)
            wait_for(report_url(base, reports[-1]), "<html", timeout)
            complete = time.perf_counter() - start
            latencies = _edits(base, process, reports, edits, pause)
    one = reports[len(reports) // 2]
    start = time.perf_counter()
    with serving(bank, bank / "serve-focus.log", focus=one.parent) as (base, process):
        wait_for(report_url(base, one), "<html", timeout)
        focused = time.perf_counter() - start
        focused_latencies = _edits(base, process, [one], edits, pause / 5)
    return LivePreview(first, complete, latencies, focused, focused_latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bank", type=Path)
    parser.add_argument(
        "--edits", type=int, default=5, help="0: only the first page and the focused preview"
    )
    parser.add_argument("--pause", type=float, default=10.0, help="seconds between saves")
    args = parser.parse_args()
    result = measure(args.bank.resolve(), args.edits, pause=args.pause)
    print(f"eerste pagina: {result.first_page_s:.1f} s, hele site: {result.complete_s:.1f} s")
    print("wijziging zichtbaar na: " + ", ".join(f"{s:.2f} s" for s in result.latencies_s))
    print(f"mediaan: {result.median_s:.2f} s")
    print(f"voorbeeld van één rapport: eerste pagina {result.focused_s:.1f} s, wijzigingen ")
    print("  " + ", ".join(f"{s:.2f} s" for s in result.focused_latencies_s))


if __name__ == "__main__":
    main()
