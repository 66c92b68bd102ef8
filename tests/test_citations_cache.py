"""Citation work is cached by content: an edited references.bib shows at once, an unchanged one
is not parsed or formatted again (in memory, and on disk for the next process)."""

from __future__ import annotations

from conftest import BODY, Repo
from wijs.citations.report import citations_for, clear_cache
from wijs.corpus import load_corpus


def bib(title: str) -> str:
    return f"@book{{a, author = {{Jansen, Piet}}, title = {{{title}}}, year = {{2021}}}}\n"


def test_edited_bib_is_formatted_again_and_unchanged_one_comes_from_cache(repo: Repo) -> None:
    path = repo.add_report(body=BODY + "\nZie [@a].\n")
    (path.parent / "references.bib").write_text(bib("Eerste titel"), encoding="utf-8")
    (report,) = load_corpus(repo.research).reports
    first = citations_for(report)
    assert "Eerste titel" in first.references[0].text
    assert citations_for(report) is first  # same content: the same result, nothing redone

    (path.parent / "references.bib").write_text(bib("Tweede titel"), encoding="utf-8")
    assert "Tweede titel" in citations_for(report).references[0].text

    cache = repo.root / ".cache" / "wijs" / "citations"
    assert list(cache.rglob("*.json")), "the disk cache was not written"
    clear_cache()
    again = citations_for(report)
    assert again is not first
    assert "Tweede titel" in again.references[0].text
    assert again.bibliography is not None and again.bibliography._data is None  # not re-parsed


def test_a_tampered_cache_file_is_data_never_code(repo: Repo) -> None:
    path = repo.add_report(body=BODY + "\nZie [@a].\n")
    (path.parent / "references.bib").write_text(bib("Eerste titel"), encoding="utf-8")
    (report,) = load_corpus(repo.research).reports
    assert "Eerste titel" in citations_for(report).references[0].text
    cache = repo.root / ".cache" / "wijs" / "citations"
    files = list(cache.rglob("*.json"))
    assert files and not list(cache.rglob("*.pickle"))
    for file in files:  # what a pickle exploit or a broken disk would leave behind
        file.write_bytes(b"\x80\x04\x95 not JSON")
    clear_cache()
    assert "Eerste titel" in citations_for(report).references[0].text
