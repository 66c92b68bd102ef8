"""A docent sees when a submitted report repeats an already published one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import BODY, Repo
from wijs.checks import overlap
from wijs.corpus import load_corpus

SYLLABLES = ["ka", "lo", "mi", "ne", "pu", "ro", "sa", "te", "vi", "zo", "bre", "dun"]


def prose(seed: int, words: int = 700) -> str:
    """Deterministic text with about a hundred different words, like a short report."""
    state, out = seed, []
    for _ in range(words):
        state = (state * 1103515245 + 12345) % 2**31
        a, b = divmod(state >> 8, len(SYLLABLES))
        out.append(SYLLABLES[a % len(SYLLABLES)] + SYLLABLES[b])
    return " ".join(out) + "."


LONG_TEXT = prose(1)


def overlap_warnings(repo: Repo) -> list:
    corpus = load_corpus(repo.research)
    return [d for d in corpus.diagnostics if d.code.startswith("overlap")]


def test_copied_text_is_flagged_naming_the_published_report(repo: Repo) -> None:
    repo.add_report(slug="buurthuis-selwerd", title="Het buurthuis in Selwerd", body=LONG_TEXT)
    repo.add_report(
        slug="markt-vinkhuizen",
        title="Ontmoeten op de markt",
        neighbourhood="vinkhuizen",
        status="submitted",
        body="## Inleiding\n\n" + LONG_TEXT[:2500] + " En verder niets nieuws.",
    )
    warnings = overlap_warnings(repo)
    assert [(w.code, w.path) for w in warnings] == [
        ("overlap-text", "research/2024/markt-vinkhuizen/index.md")
    ]
    assert "Het buurthuis in Selwerd" in warnings[0].message
    assert "research/2024/buurthuis-selwerd/index.md" in warnings[0].message
    assert warnings[0].severity == "warning"


def test_same_title_is_flagged_only_on_the_later_report(repo: Repo) -> None:
    repo.add_report(slug="eenzaamheid-2022", year=2022, date="2022-01-01", body=LONG_TEXT)
    other = prose(3)
    repo.add_report(slug="eenzaamheid-2024", body=other)
    warnings = overlap_warnings(repo)
    assert [(w.code, w.path) for w in warnings] == [
        ("overlap-title", "research/2024/eenzaamheid-2024/index.md")
    ]
    assert warnings[0].line == 2  # the title line


def test_short_stubs_are_not_compared(repo: Repo) -> None:
    repo.add_report(slug="eenzaamheid-2022", year=2022, date="2022-01-01")
    repo.add_report(slug="eenzaamheid-2024", status="submitted")
    assert overlap_warnings(repo) == []


def test_different_reports_on_the_same_theme_are_not_flagged(repo: Repo) -> None:
    repo.add_report(slug="buurthuis-selwerd", title="Het buurthuis in Selwerd", body=LONG_TEXT)
    other = prose(2)
    repo.add_report(slug="verkeer-school", title="Veilig naar school in Paddepoel", body=other)
    assert overlap_warnings(repo) == []


def test_which_texts_are_compared_is_the_same_in_every_run() -> None:
    # the default report body of these tests is near the minimum, so a sample that depended
    # on the process's string hashes would sometimes compare it and sometimes not
    script = (
        "import sys; from wijs.checks.overlap import shingles; "
        "print(len(shingles(sys.stdin.read())))"
    )
    package = str(Path(overlap.__file__).parents[2])
    sizes = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=BODY + " " + LONG_TEXT[:400],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": package, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(12)
    }
    assert len(sizes) == 1
