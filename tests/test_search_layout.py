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


@pytest.mark.browser
def test_on_a_phone_the_first_results_show_without_scrolling_and_filters_open_from_a_button(
    repo: Repo, serve_dir: Any, browser: Any
) -> None:
    for n in range(12):
        repo.add_report(slug=f"studenten-{n}", title=f"Studenten in de wijk, deel {n}")
    repo.build()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(serve_dir(repo.root / "site") + "zoeken/?q=studenten")
    page.wait_for_selector(".wijs-result")
    status = page.locator("#wijs-status").bounding_box()
    first = page.locator(".wijs-result").first.bounding_box()
    assert status and first
    # the count and the whole first result are above the fold, no filter in between
    assert first["y"] + first["height"] <= 844, first
    assert page.locator(".wijs-facet").first.is_hidden()
    button = page.locator("#wijs-filterknop")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert button.inner_text().strip().startswith("Filters")

    # by keyboard: open the filters, tick one, the button counts it, Escape closes
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator(".wijs-facet").first.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    page.wait_for_function("() => /wijk=/.test(location.search)")
    assert "(1 aan)" in button.inner_text()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.id") == "wijs-filterknop"
    context.close()
