"""Finding pandoc-style citations in a report body, and leaving everything else alone."""

from wijs.citations.syntax import find_citations, replace_citations


def keys(text: str) -> list[tuple[bool, list[str]]]:
    return [(c.narrative, c.keys) for c in find_citations(text)]


def test_student_writes_every_pandoc_citation_form() -> None:
    text = "Zie [@a], [@b, p. 12], [@c; @d], [zie @e, pp. 3-4] en [-@f]; @g zegt het ook."
    found = find_citations(text)
    assert [(c.narrative, c.keys) for c in found] == [
        (False, ["a"]),
        (False, ["b"]),
        (False, ["c", "d"]),
        (False, ["e"]),
        (False, ["f"]),
        (True, ["g"]),
    ]
    assert found[1].items[0].locator == "p. 12"
    assert found[3].items[0].prefix == "zie"
    assert found[3].items[0].locator == "pp. 3-4"
    assert found[4].items[0].suppress_author


def test_narrative_citation_with_locator_in_brackets() -> None:
    (citation,) = find_citations("Volgens @jansen2021 [p. 33] is dat zo.")
    assert citation.narrative and citation.items[0].locator == "p. 33"


def test_email_addresses_and_escaped_at_signs_are_not_citations() -> None:
    assert keys("Mail jan.jansen@wijs.nl of info@rug.nl, of volg \\@wijs050.") == []


def test_citations_inside_code_are_left_alone() -> None:
    body = (
        "Tekst [@echt].\n\n```\n[@fenced] @fenced2\n```\n\n"
        "Inline `[@span]` code.\n\n    [@indented]\n\n<code>@html</code>\n"
    )
    assert keys(body) == [(False, ["echt"])]


def test_list_continuation_lines_are_prose_not_code() -> None:
    body = "- Eerste punt\n    dat doorloopt [@a].\n"
    assert keys(body) == [(False, ["a"])]


def test_links_urls_and_html_attributes_are_not_citations() -> None:
    body = (
        "[Onze pagina](https://example.org/@wijs) en https://twitter.com/@wijs en "
        '<a href="https://x.nl/@y">link</a> en <https://example.org/@z>.'
    )
    assert keys(body) == []


def test_link_text_is_not_a_bracketed_citation() -> None:
    assert keys("[@a](https://example.org)") == [(True, ["a"])]


def test_keys_with_internal_punctuation_and_non_latin_letters() -> None:
    assert keys("[@westfahl:space] en @пункт3, en @{doe.2005.}.") == [
        (False, ["westfahl:space"]),
        (True, ["пункт3"]),
        (True, ["doe.2005."]),
    ]


def test_trailing_punctuation_is_not_part_of_the_key() -> None:
    assert keys("Zoals @jansen2021. En @de-vries.") == [
        (True, ["jansen2021"]),
        (True, ["de-vries"]),
    ]


def test_replace_keeps_everything_around_citations() -> None:
    text = "A [@a] B `@code` C @b."
    out = replace_citations(text, lambda c: "<" + ",".join(c.keys) + ">")
    assert out == "A <a> B `@code` C <b>."
