"""Two builds of the same research give the same site: the first with nothing cached (pandoc
formats the citations while the pages are made, filled in later), the second from the caches
the first left. Compared with the site-diff tool (tests/tools/diff_sites.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from tools.diff_sites import diff_sites, main
from wijs.builder import build_site


def test_a_cold_and_a_warm_build_of_the_example_research_give_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718000000")
    bank = tmp_path / "bank"
    for part in ("docs", "research"):
        shutil.copytree(REPO / part, bank / part)
    shutil.copy(REPO / "mkdocs.yml", bank / "mkdocs.yml")
    cold = build_site(bank / "mkdocs.yml", tmp_path / "koud", downloads=False)
    assert (bank / ".cache" / "wijs" / "citations").is_dir()
    warm = build_site(bank / "mkdocs.yml", tmp_path / "warm", downloads=False)

    difference = diff_sites(cold, warm)
    assert difference.same, difference.report()
    cited = [p for p in cold.rglob("index.html") if 'class="wijs-cite"' in p.read_text()]
    assert len(cited) >= 3  # the example reports cite: the comparison covers citations


def test_the_site_diff_names_what_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "oud", tmp_path / "nieuw"
    for folder in (old, new):
        (folder / "pagefind").mkdir(parents=True)
        (folder / "a").mkdir()
        (folder / "a" / "index.html").write_text("<p>een</p>\n<p>twee</p>\n", encoding="utf-8")
    (old / "pagefind" / "x.pf").write_bytes(b"1")
    (new / "pagefind" / "x.pf").write_bytes(b"2")
    assert diff_sites(old, new).same  # Pagefind's own files are left out
    (new / "a" / "index.html").write_text("<p>een</p>\n<p>drie</p>\n", encoding="utf-8")
    (old / "weg.html").write_text("x", encoding="utf-8")
    assert main([str(old), str(new)]) == 1
    said = capsys.readouterr().out
    assert "alleen in de oude site: weg.html" in said
    assert "anders: a/index.html" in said and "regel 2" in said and "+ <p>drie</p>" in said
    assert main([str(old), str(new), "--ignore", "a/", "--ignore", "weg.html"]) == 1  # pagefind
