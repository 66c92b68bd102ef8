"""The benchmark's synthetic reports are valid reports, so the benchmark measures real work."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from generate import bare_copy, generate

from wijs.corpus import load_corpus


def test_generated_reports_pass_check_and_spread_over_wijken(tmp_path: Path) -> None:
    bank = generate(tmp_path / "bank", 40, citations=5, figures=True)
    corpus = load_corpus(bank / "research")
    assert [d for d in corpus.diagnostics if d.is_error] == []
    assert len(corpus.published()) == 40
    assert len({w for r in corpus.reports for w in r.meta.neighbourhood}) >= 8
    assert len({r.meta.year for r in corpus.reports}) == 10
    # realistic lengths: a log-normal spread around 1,800 words
    words = sorted(len(r.body.split()) for r in corpus.reports)
    assert 1200 <= words[len(words) // 2] <= 2600
    assert words[-1] > 2 * words[0]


def test_vocabulary_is_a_committed_list_of_words_with_their_frequency() -> None:
    lines = (Path(__file__).parent / "benchmarks" / "woorden.tsv").read_text().splitlines()
    counts = [(w, int(n)) for w, n in (line.split("\t") for line in lines)]
    assert len(counts) > 5000
    assert [n for _, n in counts] == sorted((n for _, n in counts), reverse=True)
    assert {"bewoners", "studenten", "wijk"} <= {w for w, _ in counts[:200]}


def test_bare_copy_holds_the_same_markdown(tmp_path: Path) -> None:
    bank = generate(tmp_path / "bank", 3)
    bare = bare_copy(bank, tmp_path / "bare")
    copied = sorted(p.relative_to(bare / "docs") for p in (bare / "docs").glob("*/*/index.md"))
    original = sorted(
        p.relative_to(bank / "research") for p in (bank / "research").glob("*/*/index.md")
    )
    assert copied == original
    assert "name: material" in (bare / "mkdocs.yml").read_text(encoding="utf-8")
