"""The search page is laid out as people expect: filters beside the results, each checkbox on
the line of its label (page styles of the home search box must not leak into it)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Repo


@pytest.mark.browser
def test_filters_sit_beside_the_results_with_checkbox_next_to_label(
    repo: Repo, serve_dir: Any, page: Any
) -> None:
    repo.add_report()
    repo.add_report(slug="armoede-beijum", title="Armoede in Beijum", neighbourhood="beijum")
    repo.build()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(serve_dir(repo.root / "site") + "zoeken/?q=ouderen")
    page.wait_for_selector(".wijs-result")
    results = page.locator(".wijs-results").bounding_box()
    box = page.locator(".wijs-facet li input").first.bounding_box()
    label = page.locator(".wijs-facet li label").first.bounding_box()
    assert results and box and label
    # the filter column ends before the results begin
    assert label["x"] + label["width"] <= results["x"], (label, results)
    # a checkbox is a small box right before its label, on the same line
    assert box["width"] < 40
    assert 0 <= label["x"] - (box["x"] + box["width"]) < 20
    assert (
        abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < label["height"]
    )
