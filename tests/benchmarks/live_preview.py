"""Live preview latency: from saving a change to one report until `wijs serve` serves it.

    PYTHONPATH=scripts python tests/benchmarks/live_preview.py BANK [--edits 5]

BANK is a generated onderzoeksbank (generate.py). The script starts this checkout's
`wijs serve` on a free port, waits for the first build, then edits one report at a time (a new
sentence in its body) and polls the report's page every 20 ms until the sentence is served.
It prints the first build time and each edit's latency; run.py calls ``measure`` for RESULTS.md.
The browser test (tests/test_live_preview.py) checks the same in Chromium.
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
from dataclasses import dataclass
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@dataclass
class LivePreview:
    first_build_s: float
    latencies_s: list[float]

    @property
    def median_s(self) -> float:
        return statistics.median(self.latencies_s)


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
def serving(bank: Path, log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """This checkout's `wijs serve` in ``bank``; yields its base URL and the process."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{SCRIPTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    output = log.open("wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "wijs.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
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


def measure(bank: Path, edits: int = 5, timeout: float = 600.0, pause: float = 10.0) -> LivePreview:
    """Latency of ``edits`` saves, ``pause`` seconds apart: the time a student takes to read
    the change, in which the server also brings open data, feeds and the search index up to
    date in the background (saves in quick succession wait for that work)."""
    reports = sorted((bank / "research").glob("*/*/index.md"))
    start = time.perf_counter()
    with serving(bank, bank / "serve.log") as (base, process):
        wait_for(base + "onderzoek/", "<html", timeout)
        first = time.perf_counter() - start
        latencies = []
        for number in range(edits):
            time.sleep(pause)
            path = reports[(number * 97) % len(reports)]
            url = f"{base}onderzoek/{path.parent.parent.name}/{path.parent.name}/"
            wait_for(url, "<html", 30)
            marker = f"wijzigingsmarkering{number}x{int(time.time())}"
            saved = time.perf_counter()
            edit(path, marker)
            wait_for(url, marker, 120)
            latencies.append(time.perf_counter() - saved)
            if process.poll() is not None:
                raise RuntimeError("wijs serve stopte")
    return LivePreview(first, latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bank", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--pause", type=float, default=10.0, help="seconds between saves")
    args = parser.parse_args()
    result = measure(args.bank.resolve(), args.edits, pause=args.pause)
    print(f"eerste build: {result.first_build_s:.1f} s")
    print("wijziging zichtbaar na: " + ", ".join(f"{s:.2f} s" for s in result.latencies_s))
    print(f"mediaan: {result.median_s:.2f} s")


if __name__ == "__main__":
    main()
