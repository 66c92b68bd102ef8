"""The quick .bib reading used by `wijs check` gives exactly what pybtex gives, or steps aside."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wijs.citations.bibliography import EntryInfo, _quick_infos, parse_bibliography, parse_data

PLAIN = """% literatuur bij het onderzoek
@article{postma2006,
  author = {Postma, Gijs and Dijkstra, Mehmet},
  title = {Feest, geluid en {WIJS} in de wijk},
  journal = "Tijdschrift voor {Sociale} Vraagstukken",
  year = 2006,
  month = jan,
  pages = {1--20},
  doi = {10.1000/wijs.0}
}

@Book{Smit2018,
  author = {Smit, Jr, Iris},
  editor = {de Vries, Anna AND Bakker, B.},
  title = {Jongeren},
  publisher = {Van Gorcum},
}
@techreport{gemeente2001, author = {{Gemeente Groningen}}, year = {2001}}
"""


def pybtex_reading(text: str) -> tuple[dict[str, EntryInfo], int]:
    data, errors = parse_data(text)
    known = {
        key.lower(): EntryInfo(entry.key, entry.type, entry.fields.get("crossref", ""))
        for key, entry in data.entries.items()
    }
    return known, len(errors)


def test_a_plain_student_bib_is_read_without_pybtex_and_agrees_with_it():
    quick = _quick_infos(PLAIN)
    assert quick is not None
    assert set(quick) == {"postma2006", "smit2018", "gemeente2001"}
    assert quick["smit2018"] == EntryInfo("Smit2018", "book")
    assert pybtex_reading(PLAIN) == (quick, 0)


def test_a_bib_with_what_only_pybtex_understands_is_left_to_pybtex():
    for text in (
        '@string{wg = "WIJ Groningen"}\n@misc{a, author = wg}',
        "@misc{a, title = {x} # {y}}",
        "@misc{a, title = {x}, Title = {y}}",
        "@misc{a, crossref = {b}}\n@book{b, title = {B}}",
        "@misc{a, author = {One, Two, Three, Four}}",
        "@misc{a, author = {{Gemeente} and B, C, D, E}}",
        "@misc{a, title = {unbalanced}",
        "@misc{a, month = foo}",
        "@comment{x}\n@misc{a}",
        "@misc(a, title = {x})",
    ):
        assert _quick_infos(text) is None, text


def test_a_file_read_quickly_reports_the_same_problems_as_before():
    text = PLAIN + "\n@misc{Postma2006, title = {dubbel}}\n"
    bibliography = parse_bibliography(text)
    assert [p.code for p in bibliography.problems] == ["bib-duplicate-key"]
    assert bibliography.keys == ["postma2006", "Smit2018", "gemeente2001"]
    assert bibliography.get("POSTMA2006") == EntryInfo("postma2006", "article")
    assert bibliography.data.entries["smit2018"].fields["title"] == "Jongeren"


_PIECES = st.sampled_from(
    [
        "@article{", "@Book{", "@misc(", "@string{", "@comment{", "@ misc{", "@preamble{",
        "key1", "Key1", "k(2", "k{3", "ké4", " ", "\n", "\t", ",", ",,", "=", " = ",
        "author", "Author", "editor", "title", "Title", "crossref", "year", "month",
        "{", "}", '"', "#", "@", "%", "~", "\\", "(", ")", "x", "jan", "JAN", "janx", "2006",
        "2006a", "{Smit, Iris}", "{Smit, Jr, Iris and Bakker, B.}", "{A, B, C, D}",
        "{A and B, C, D, E}", "{A AnD B, C, D}", "{{Gemeente Groningen}}", '"Van {Gorcum}"',
        "{a {b {c {d {e}}}}}", "\u00a0", "\r\n",
    ]
)  # fmt: skip


@st.composite
def bib_texts(draw: st.DrawFn) -> str:
    """Entries close to valid BibTeX, with pieces that make them odd here and there."""
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["@article{", "@Book{", "@misc{", "@string{", "@misc("]))
        key = draw(st.sampled_from(["a", "A", "b", "smit2018", "k(2", "é", ""]))
        fields = []
        for _ in range(draw(st.integers(0, 4))):
            name = draw(st.sampled_from(["author", "Author", "editor", "title", "crossref"]))
            value = draw(_PIECES)
            fields.append(f"{name} = {value}")
        separator = draw(st.sampled_from([",\n  ", ", ", ",,", " "]))
        tail = draw(st.sampled_from(["}", ",}", "\n}", "", ")"]))
        noise = "".join(draw(st.lists(_PIECES, max_size=2)))
        entries.append(f"{kind}{key}, {separator.join(fields)}{tail}{noise}\n")
    return "".join(entries)


@settings(max_examples=400, deadline=None)
@given(st.one_of(bib_texts(), st.lists(_PIECES, max_size=40).map("".join)))
def test_whenever_the_quick_reading_answers_pybtex_agrees_and_finds_no_problem(text):
    quick = _quick_infos(text)
    if quick is not None:
        assert pybtex_reading(text) == (quick, 0)
