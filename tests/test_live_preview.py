"""A student runs `wijs serve` on a big collection, saves a report, and sees the change."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from generate import generate
from live_preview import edit, serving, wait_for

REPORTS = 300  # big enough that a full rebuild would show; the benchmark measures 1,000


@pytest.mark.browser
def test_student_sees_a_saved_change_in_the_browser_and_on_the_overview_pages(
    tmp_path: Path, page: Any, record_property: Any
) -> None:
    bank = generate(tmp_path / "bank", REPORTS, citations=3, figures=True)
    report = sorted((bank / "research").glob("*/*/index.md"))[7]
    year, slug = report.parent.parent.name, report.parent.name
    wijk = slug.split("-", 2)[2]
    with serving(bank, tmp_path / "serve.log") as (base, process):
        wait_for(base + "onderzoek/", "<html", 300)
        page.goto(f"{base}onderzoek/{year}/{slug}/")

        saved = time.perf_counter()
        edit(report, "Het buurthuis gaat op zondag open")
        # the page reloads by itself (livereload) once the rebuild is done
        page.get_by_text("Het buurthuis gaat op zondag open").wait_for(timeout=10_000)
        latency = time.perf_counter() - saved

        text = report.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title: "))
        report.write_text(text.replace(title, "title: Zondag in het buurthuis", 1), "utf-8")
        wait_for(f"{base}onderzoek/", "Zondag in het buurthuis", 10)
        wait_for(f"{base}wijk/{wijk}/", "Zondag in het buurthuis", 10)
        assert process.poll() is None, "wijs serve stopte"

    record_property("live_preview_seconds", round(latency, 2))
    print(f"\nlive preview, {REPORTS} reports: change visible after {latency:.2f} s")
    assert latency < 10
