"""Golden files in the style of pandoc's own tests: every .bib in tests/golden/citations/ (the
APA 7 manual's examples: journal article with DOI, book, chapter in an edited book, report by
an organisation, thesis, web page without a date, 21+ authors, same author same year, name
particles) against its expected APA 7 text, in Dutch and in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from golden_citations import GOLDEN, golden_text

CASES = sorted(GOLDEN.glob("*.bib"))


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("bib", CASES, ids=[c.stem for c in CASES])
def test_reference_list_matches_the_golden_file(bib: Path, language: str) -> None:
    expected = (GOLDEN / f"{bib.stem}.{language}.txt").read_text(encoding="utf-8")
    assert golden_text(bib, language) == expected


def test_the_golden_folder_covers_the_apa_examples_the_issue_names() -> None:
    assert {c.stem for c in CASES} >= {
        "journal-article-doi",
        "book",
        "edited-book-chapter",
        "report-by-organisation",
        "thesis",
        "web-page-no-date",
        "many-authors",
        "same-author-same-year",
        "particles",
    }


def test_dutch_reports_get_dutch_terms_and_english_ones_english_terms() -> None:
    dutch = (GOLDEN / "web-page-no-date.nl.txt").read_text(encoding="utf-8")
    english = (GOLDEN / "web-page-no-date.en.txt").read_text(encoding="utf-8")
    assert "(z.d.)" in dutch and "Geraadpleegd 3 juli 2019, van" in dutch
    assert "(n.d.)" in english and "Retrieved July 3, 2019, from" in english
    chapter = (GOLDEN / "edited-book-chapter.nl.txt").read_text(encoding="utf-8")
    assert "(Red.)" in chapter
    thesis = (GOLDEN / "thesis.nl.txt").read_text(encoding="utf-8")
    assert "[Proefschrift]" in thesis and "[Phdthesis]" not in thesis
    report = (GOLDEN / "report-by-organisation.nl.txt").read_text(encoding="utf-8")
    assert "(WRR-rapport nr. 97)" in report and "No. 97" not in report


def test_lone_references_formatted_together_read_as_each_on_its_own() -> None:
    """ "Citeer dit" of many reports goes through citeproc as one list (the style read once);
    each entry must read exactly as when formatted alone, also for two reports by the same
    authors in the same year (no '2024a', '2024b' between reports that are never listed
    together)."""
    from wijs.citations import engine

    def job(title: str, language: str = "nl") -> engine.Job:
        item = {
            "id": "2024/" + title.lower().replace(" ", "-"),
            "type": "report",
            "author": [{"family": "El Amrani", "given": "Fatima"}, {"family": "de Vries"}],
            "title": title,
            "issued": {"date-parts": [[2024]]},
            "publisher": "WIJS Groningen",
        }
        return engine.Job(engine.items_json([item]), (), language, nocite=True)

    jobs = [
        job("Eenzaamheid onder ouderen in Selwerd"),
        job("Ontmoeting in Paddepoel"),
        job("Loneliness among older residents", "en"),
    ]
    assert all(j.is_alone for j in jobs)
    together = engine._run_alone(jobs)
    separately = [engine._run([j])[0] for j in jobs]
    assert together == separately
    assert all(r.references and not r.error for r in together)
    assert "2024a" not in together[0].references[0][1] and "(2024)" in together[1].references[0][1]
