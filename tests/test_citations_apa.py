"""APA 7 formatting of references.bib entries with our own pybtex style."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS
from wijs.citations.apa import ApaStyle, format_references
from wijs.citations.bibliography import load_bibliography, parse_bibliography
from wijs.citations.labels import labels_for

BIB = r"""
@article{bekkers2011,
  author  = {Bekkers, Ren{\'e} and Wiepking, Pamala},
  title   = {A Literature Review of Philanthropy},
  journal = {Nonprofit and Voluntary Sector Quarterly},
  year    = {2011}, volume = {40}, number = {5}, pages = {924--973},
  doi     = {10.1177/0899764010380927}
}
@book{cialdini2009,
  author = {Cialdini, Robert B.}, title = {Influence: Science and Practice},
  edition = {5}, publisher = {Pearson}, address = {Boston}, year = {2009}
}
@book{reason2008,
  editor = {Reason, Peter and Bradbury, Hilary}, title = {Handbook of Action Research},
  edition = {2}, publisher = {SAGE}, year = {2008}
}
@incollection{doe2007,
  author = {Doe, John and Roe, Jenny}, title = {Why Water Is Wet}, booktitle = {Third Book},
  editor = {Smith, Sam}, publisher = {Oxford University Press}, year = {2007}, pages = {33-34}
}
@techreport{wrr2017,
  author = {{Wetenschappelijke Raad voor het Regeringsbeleid}}, title = {Weten is nog geen doen},
  institution = {WRR}, type = {WRR-rapport}, number = {97}, year = {2017}
}
@phdthesis{postma2019, author = {Postma, Anneke}, title = {Rood staan},
  school = {Rijksuniversiteit Groningen}, year = {2019}}
@mastersthesis{boer2016, author = {de Boer, Jelle}, title = {Giving Close to Home},
  school = {Rijksuniversiteit Groningen}, year = {2016}}
@thesis{bach2020, author = {Bakker, Sanne}, title = {Buurthuizen}, type = {bachelor},
  institution = {Hanzehogeschool Groningen}, year = {2020}}
@online{vzinfo2020, author = {{Rijksinstituut voor Volksgezondheid en Milieu}},
  title = {Eenzaamheid}, year = {2020},
  url = {https://www.volksgezondheidenzorg.info/onderwerp/eenzaamheid}, urldate = {2020-10-12}}
@misc{nodate, author = {Jansen, Piet}, title = {Zonder jaar}}
@article{mani2013a, author = {Mani, Anandi and Mullainathan, Sendhil and Shafir, Eldar},
  title = {Zebra study}, journal = {Science}, year = {2013}}
@article{mani2013b, author = {Mani, Anandi and Mullainathan, Sendhil and Shafir, Eldar},
  title = {Another study}, journal = {Science}, year = {2013}}
@article{jansen2019, author = {Jansen, Piet and Klaassen, Els}, title = {Later}, journal = {J},
  year = {2019}}
@article{jansen2021, author = {Jansen, Piet}, title = {Alleen}, journal = {J}, year = {2021}}
@misc{weird, title = {Just a \emph{title} with \textbf{bold} and 10\% \& more}, year = {2001},
  url = {javascript:alert(1)}}
"""


@pytest.fixture(scope="module")
def bib():  # type: ignore[no-untyped-def]
    return parse_bibliography(BIB)


def refs(bib, language: str = "nl"):  # type: ignore[no-untyped-def]
    return {r.key: r for r in format_references(bib.data, bib.keys, language)}


def test_article_with_ampersand_italic_volume_en_dash_and_doi_link(bib) -> None:  # type: ignore[no-untyped-def]
    ref = refs(bib)["bekkers2011"]
    assert ref.text == (
        "Bekkers, R., & Wiepking, P. (2011). A Literature Review of Philanthropy. Nonprofit and "
        "Voluntary Sector Quarterly, 40(5), 924–973. https://doi.org/10.1177/0899764010380927"
    )
    assert "<em>40</em>(5)" in ref.html
    assert '<a href="https://doi.org/10.1177/0899764010380927">' in ref.html
    assert ref.authors_parenthetical == "Bekkers &amp; Wiepking"
    assert ref.authors_narrative == "Bekkers en Wiepking"


def test_book_edition_in_dutch_and_english(bib) -> None:  # type: ignore[no-untyped-def]
    assert refs(bib, "nl")["cialdini2009"].text == (
        "Cialdini, R. B. (2009). Influence: Science and Practice (5e dr.). Pearson."
    )
    assert "(5th ed.)" in refs(bib, "en")["cialdini2009"].text


def test_edited_book_puts_editors_first_with_red_or_eds(bib) -> None:  # type: ignore[no-untyped-def]
    assert refs(bib, "nl")["reason2008"].text.startswith(
        "Reason, P., & Bradbury, H. (Red.). (2008)."
    )
    assert refs(bib, "en")["reason2008"].text.startswith(
        "Reason, P., & Bradbury, H. (Eds.). (2008)."
    )


def test_chapter_names_editor_book_and_page_range(bib) -> None:  # type: ignore[no-untyped-def]
    assert refs(bib, "nl")["doe2007"].text == (
        "Doe, J., & Roe, J. (2007). Why Water Is Wet. In S. Smith (Red.), Third Book "
        "(pp. 33–34). Oxford University Press."
    )


def test_report_with_number_and_group_author(bib) -> None:  # type: ignore[no-untyped-def]
    assert refs(bib, "nl")["wrr2017"].text == (
        "Wetenschappelijke Raad voor het Regeringsbeleid. (2017). Weten is nog geen doen "
        "(WRR-rapport nr. 97). WRR."
    )


def test_theses_are_described_in_square_brackets(bib) -> None:  # type: ignore[no-untyped-def]
    nl = refs(bib, "nl")
    assert "[Proefschrift, Rijksuniversiteit Groningen]" in nl["postma2019"].text
    assert "[Masterscriptie, Rijksuniversiteit Groningen]" in nl["boer2016"].text
    assert "[Bachelorscriptie, Hanzehogeschool Groningen]" in nl["bach2020"].text
    assert "[Doctoral dissertation," in refs(bib, "en")["postma2019"].text


def test_online_source_with_access_date(bib) -> None:  # type: ignore[no-untyped-def]
    assert refs(bib, "nl")["vzinfo2020"].text.endswith(
        "Geraadpleegd op 12 oktober 2020, van "
        "https://www.volksgezondheidenzorg.info/onderwerp/eenzaamheid"
    )
    assert "Retrieved October 12, 2020, from https://" in refs(bib, "en")["vzinfo2020"].text


def test_no_date_is_zd_in_dutch_and_nd_in_english(bib) -> None:  # type: ignore[no-untyped-def]
    assert refs(bib, "nl")["nodate"].year == "z.d."
    assert "(z.d.)" in refs(bib, "nl")["nodate"].text
    assert refs(bib, "en")["nodate"].year == "n.d."


def test_three_authors_become_et_al_and_same_year_gets_a_and_b(bib) -> None:  # type: ignore[no-untyped-def]
    nl = refs(bib)
    assert nl["mani2013a"].authors_parenthetical == "Mani et al."
    # a/b follow the order of the titles: 'Another study' before 'Zebra study'
    assert nl["mani2013b"].year == "2013a"
    assert nl["mani2013a"].year == "2013b"


def test_list_order_follows_apa(bib) -> None:  # type: ignore[no-untyped-def]
    order = [r.key for r in format_references(bib.data, bib.keys, "nl")]
    # one author before the same author with others; then by year; 'de Boer' under D
    assert order.index("jansen2021") < order.index("jansen2019")
    assert order.index("nodate") < order.index("jansen2021")  # Jansen, P. (z.d.) first
    assert order.index("mani2013b") < order.index("mani2013a")
    assert order.index("cialdini2009") < order.index("boer2016") < order.index("doe2007")
    # an entry without author is sorted by its title: 'Just a title' between Jansen and Mani
    assert order.index("jansen2019") < order.index("weird") < order.index("mani2013b")


def test_latex_becomes_unicode_and_unsafe_urls_are_no_links(bib) -> None:  # type: ignore[no-untyped-def]
    ref = refs(bib)["weird"]
    assert ref.text.startswith("Just a title with bold and 10% & more. (2001).")
    assert "<em>Just a <em>title</em>" in ref.html
    assert "href=" not in ref.html
    assert ref.authors_parenthetical.startswith("<em>Just a title")


def test_every_corpus_entry_parses_and_formats_in_both_languages() -> None:
    files = sorted((CORPUS / "bib").glob("*.bib"))
    assert files, "the corpus of .bib files is missing"
    for path in files:
        bibliography = load_bibliography(path)
        assert bibliography is not None
        assert not [p for p in bibliography.problems if p.is_error], path
        assert bibliography.keys
        for language in ("nl", "en"):
            formatted = format_references(bibliography.data, bibliography.keys, language)
            assert len(formatted) == len(bibliography.keys)
            for ref in formatted:
                assert ref.text.strip() and "{" not in ref.text and "\\" not in ref.text, ref.text
        # the pybtex interface works too: every entry through format_entries
        style = ApaStyle(labels_for("en"))
        entries = list(style.format_entries(bibliography.data.entries.values(), bibliography.data))
        assert len(entries) == len(bibliography.data.entries)


def test_corpus_keeps_non_latin_keys_and_accents() -> None:
    bibliography = load_bibliography(CORPUS / "bib" / "pandoc-biblio.bib")
    assert bibliography is not None and "пункт3" in bibliography.keys
    examples = load_bibliography(CORPUS / "bib" / "biblatex-examples.bib")
    assert examples is not None
    aksin = {r.key: r for r in format_references(examples.data, ["aksin"], "en")}["aksin"]
    assert aksin.text.startswith("Aksın, Ö., Türkmen, H., Artok, L., Çetinkaya, B.")


def test_bib_syntax_error_and_duplicate_keys_are_reported_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "references.bib"
    path.write_text(
        "@book{a, title = {A}, year = {2000}}\n\n@book{b,\n  title = {B\n  year = 2001\n}\n\n"
        "@book{a, title = {Again}}\n",
        encoding="utf-8",
    )
    bibliography = load_bibliography(path)
    assert bibliography is not None
    codes = {(p.code, p.line) for p in bibliography.problems}
    assert ("bib-duplicate-key", 8) in codes
    assert any(code == "bib-syntax" and line >= 3 for code, line in codes)
