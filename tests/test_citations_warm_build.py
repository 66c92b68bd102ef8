"""A build where no references.bib and no body changed does no citation work: the rendered
in-text citations, reference list and check results come from the disk cache, and the reference
list reaches the page as ready HTML without going through Markdown."""

from __future__ import annotations

from conftest import BODY, Repo
from wijs.checks.citations import check_citations
from wijs.citations import page, report
from wijs.citations.report import clear_cache
from wijs.corpus import load_corpus

BIB = "@book{{a, author = {{Jansen, Piet}}, title = {{{title}}}, year = {{2021}}}}\n"
CITING_BODY = BODY + "\nZie [@a, p. 3] en [@onbekend].\n"


def citation_work(repo: Repo) -> tuple[str, str, list[str]]:
    (found,) = load_corpus(repo.research).reports
    body = page.in_text(found, None, found.body)  # type: ignore[arg-type]
    refs = page.reference_list(found, None)  # type: ignore[arg-type]
    codes = [d.code for d in check_citations(found)]
    return body, refs, codes


def test_unchanged_report_is_not_parsed_or_formatted_again_in_a_new_process(repo: Repo) -> None:
    path = repo.add_report(body=CITING_BODY)
    (path.parent / "references.bib").write_text(BIB.format(title="Eerste"), encoding="utf-8")
    first = citation_work(repo)
    assert "Jansen, 2021, p. 3" in first[0]
    assert "Eerste" in first[1]
    assert first[2] == ["unknown-citation"]

    clear_cache()  # as a new process: only the disk cache is left
    again = citation_work(repo)
    assert again == first
    assert not report._CACHE, "the citations were computed again instead of read from disk"


def test_edited_bib_shows_in_the_page_parts_and_the_checks(repo: Repo) -> None:
    path = repo.add_report(body=CITING_BODY)
    bib = path.parent / "references.bib"
    bib.write_text(BIB.format(title="Eerste"), encoding="utf-8")
    citation_work(repo)
    clear_cache()

    both = BIB.format(title="Tweede") + BIB.replace("{a,", "{onbekend,").format(title="X")
    bib.write_text(both, encoding="utf-8")
    body, refs, codes = citation_work(repo)
    assert "Tweede" in refs and "Eerste" not in refs
    assert "onbekend?" not in body  # the key exists now
    assert codes == []


def test_reference_list_placed_as_ready_html_on_the_built_page(repo: Repo) -> None:
    path = repo.add_report(
        slug="met-bronnen",
        # a look-alike placeholder in the student's text is not replaced by anything
        body=BODY + "\nZie [@a].\n\n<!--wijs-html:0123456789abcdef0123456789abcdef-->\n",
    )
    (path.parent / "references.bib").write_text(BIB.format(title="Buurten"), encoding="utf-8")
    repo.build()
    html = repo.page("onderzoek/2024/met-bronnen/")
    assert "wijs-html:" not in html  # placed, and a comment in the body is dropped as before
    assert 'class="wijs-references"' in html
    assert 'class="wijs-citeer"' in html  # "Citeer dit"
    references = html.split('class="wijs-references"')[1].split("</section>")[0]
    assert "Jansen, P. (2021). <em>Buurten</em>" in references
