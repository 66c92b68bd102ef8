"""'wijs check' reports citation problems with the file and line where they are."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import BODY, Repo
from wijs.cli import main
from wijs.corpus import load_corpus

BIB = """@book{jansen2021,
  author = {Jansen, Piet},
  title = {Buurten in Groningen},
  publisher = {Van Gorcum},
  year = {2021}
}

@article{vries2019,
  author = {de Vries, Anna},
  title = {Ontmoeten},
  journal = {Tijdschrift},
  year = {2019}
}
"""


def write_bib(repo: Repo, text: str, slug: str = "eenzaamheid-ouderen-selwerd") -> None:
    (repo.research / "2024" / slug / "references.bib").write_text(text, encoding="utf-8")


def diagnostics(repo: Repo):  # type: ignore[no-untyped-def]
    return load_corpus(repo.research).diagnostics


def test_student_gets_did_you_mean_for_misspelt_citation_key(repo: Repo) -> None:
    repo.add_report(body=BODY + "\nZoals eerder bleek [@jansen2012, p. 4].\n")
    write_bib(repo, BIB)
    (problem,) = [d for d in diagnostics(repo) if d.code == "unknown-citation"]
    assert problem.is_error
    assert problem.path.endswith("eenzaamheid-ouderen-selwerd/index.md")
    lines = (repo.research / "2024/eenzaamheid-ouderen-selwerd/index.md").read_text().split("\n")
    assert "[@jansen2012" in lines[problem.line - 1]
    assert problem.column == lines[problem.line - 1].index("[@jansen2012") + 1
    assert "'jansen2021'" in problem.hint


def test_citing_without_a_bib_file_says_to_add_one(repo: Repo) -> None:
    repo.add_report(body=BODY + "\nZie [@jansen2021].\n")
    (problem,) = [d for d in diagnostics(repo) if d.code == "unknown-citation"]
    assert "references.bib ontbreekt" in problem.message
    assert "references.bib" in problem.hint


def test_bib_syntax_error_points_at_the_line_in_the_bib(repo: Repo) -> None:
    repo.add_report(body=BODY + "\nZie [@jansen2021].\n")
    write_bib(repo, BIB + "\n@book{kapot,\n  title = {Geen einde\n  year = 2020\n}\n")
    problems = [d for d in diagnostics(repo) if d.code == "bib-syntax"]
    assert problems and all(d.is_error for d in problems)
    assert problems[0].path.endswith("eenzaamheid-ouderen-selwerd/references.bib")
    assert problems[0].line >= 15


def test_duplicate_keys_are_errors_and_unused_entries_warnings(repo: Repo) -> None:
    repo.add_report(body=BODY + "\nZie [@jansen2021].\n")
    write_bib(repo, BIB + "\n@misc{jansen2021, title = {Dubbel}, year = {2022}}\n")
    found = {(d.code, d.line, d.is_error) for d in diagnostics(repo)}
    assert ("bib-duplicate-key", 15, True) in found
    assert ("unused-reference", 8, False) in found


def test_unknown_at_name_without_likely_key_is_only_a_warning(repo: Repo) -> None:
    repo.add_report(body=BODY + "\nVolg ons op Instagram: @wijsgroningen.\n")
    (problem,) = [d for d in diagnostics(repo) if d.code == "unknown-citation"]
    assert not problem.is_error
    assert "\\@wijsgroningen" in problem.hint


def test_correct_citations_give_no_problems(repo: Repo) -> None:
    repo.add_report(body=BODY + "\nZie [@jansen2021; @vries2019] en @Jansen2021.\n")
    write_bib(repo, BIB)
    assert [d for d in diagnostics(repo) if d.path.endswith((".bib", ".md"))] == []


def test_check_command_exits_1_and_prints_github_annotation(repo: Repo) -> None:
    repo.add_report(body=BODY + "\nZie [@jansen2012].\n")
    write_bib(repo, BIB)
    result = CliRunner().invoke(
        main, ["check", "--research", str(repo.research), "--format", "github"]
    )
    assert result.exit_code == 1
    assert "::error file=" in result.output and "title=unknown-citation" in result.output
