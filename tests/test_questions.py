"""The vraagbank as files: a question in research/vragen/<slug>.md is read and checked like a
report (vocabulary with did-you-mean, lifecycle, privacy), and reports name the questions they
answer with ``answers:``. Everything here goes through `wijs check`, as a user would."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import Repo
from wijs.cli import main
from wijs.corpus import load_corpus

QUESTION = "research/vragen/ontmoeting-ouderen-selwerd.md"


def check(repo: Repo, *args: str) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(
        main, ["check", *args, "--format", "json", "--research", str(repo.research)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout), result.stderr


def codes(found: list[dict[str, object]]) -> list[object]:
    return [d["code"] for d in found]


def test_a_question_file_is_read_with_its_values_normalised_to_vocabulary_ids(repo: Repo) -> None:
    repo.add_question(neighbourhood="Paddepoel-Noord", theme="Digitale vaardigheid", level="HBO")
    corpus = load_corpus(repo.research)
    assert corpus.diagnostics == []
    (question,) = corpus.questions
    assert question.slug == "ontmoeting-ouderen-selwerd"
    assert question.meta.neighbourhood == ["paddepoel"]
    assert question.meta.theme == ["digitale-vaardigheden"]
    assert question.meta.level == ["hbo"]
    assert question.url == "vragen/ontmoeting-ouderen-selwerd/"


def test_clean_questions_pass_and_are_counted(repo: Repo) -> None:
    repo.add_report()
    repo.add_question()
    result = CliRunner().invoke(main, ["check", "--research", str(repo.research)])
    assert result.exit_code == 0, result.output
    assert "1 rapport en 1 vraag gecontroleerd: 0 fout(en)" in result.stderr


def test_misspelt_wijk_in_a_question_gets_did_you_mean_on_its_line(repo: Repo) -> None:
    repo.add_question(neighbourhood="Selwert")
    code, found, _ = check(repo)
    assert code == 1
    (problem,) = found
    assert problem["path"] == QUESTION
    assert problem["code"] == "unknown-value"
    assert problem["line"] == 5  # the front-matter's 'neighbourhood:' line
    assert "Bedoel je 'selwerd'" in str(problem["hint"])


def test_unknown_field_and_missing_field_of_a_question_are_explained(repo: Repo) -> None:
    repo.add_question(asked_by=None, asked_bye="WIJ Selwerd")
    code, found, _ = check(repo)
    assert code == 1
    by_code = {d["code"]: d for d in found}
    assert "Bedoel je 'asked_by'?" in str(by_code["unknown-field"]["hint"])
    assert "asked_by: WIJ Paddepoel" in str(by_code["missing-field"]["hint"])


def test_misspelt_question_slug_in_a_report_gets_a_suggestion(repo: Repo) -> None:
    repo.add_question()
    repo.add_report(answers=["ontmoeting-ouderen-selwert"])
    code, found, _ = check(repo)
    assert code == 1
    (problem,) = found
    assert problem["code"] == "unknown-question"
    assert problem["path"] == "research/2024/eenzaamheid-ouderen-selwerd/index.md"
    lines = (repo.research / "2024/eenzaamheid-ouderen-selwerd/index.md").read_text().splitlines()
    assert lines[int(str(problem["line"])) - 1].startswith("- ontmoeting-ouderen-selwert")
    assert problem["hint"] == "Bedoel je 'ontmoeting-ouderen-selwerd'?"


def test_private_email_in_a_question_is_caught_by_the_privacy_scan(repo: Repo) -> None:
    path = repo.add_question(body="Mail de coördinator: j.devries@gmail.com of bel 06-12345678.\n")
    code, found, _ = check(repo)
    assert code == 1
    assert codes(found) == ["privacy-email", "privacy-phone"]
    line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index("Mail de coördinator: j.devries@gmail.com of bel 06-12345678.")
    )
    assert {d["line"] for d in found} == {line + 1}
    assert all(d["severity"] == "error" for d in found)


def test_private_email_in_the_front_matter_of_a_question_is_caught(repo: Repo) -> None:
    repo.add_question(asked_by="WIJ Selwerd (anna.jansen@hotmail.com)")
    code, found, _ = check(repo)
    assert code == 1
    assert codes(found) == ["privacy-email"]
    assert "veld asked_by" in str(found[0]["message"])


def test_a_private_person_as_asker_is_refused_but_teams_and_organisations_pass(
    repo: Repo,
) -> None:
    repo.add_question("een", asked_by="Jan de Vries")
    repo.add_question("twee", asked_by="mevrouw Jansen")
    for number, organisation in enumerate(
        (
            "WIJ Selwerd",
            "Floreshuis",
            "Bewonersinitiatief De Hoogte",
            "Gemeente Groningen, programma Wonen",
            "Financieel Sterker Vinkhuizen",
            "Noorderpoort, opleiding Maatschappelijke Zorg",
            "Digital Literacy Coalition",
            "De Zonnebloem",
            "Sociaal Werk",
            "Bewoner uit Selwerd",
        )
    ):
        repo.add_question(f"org-{number}", asked_by=organisation)
    code, found, _ = check(repo)
    assert code == 1
    assert sorted((d["path"], d["code"]) for d in found) == [
        ("research/vragen/een.md", "privacy-asked-by"),
        ("research/vragen/twee.md", "privacy-asked-by"),
    ]
    assert "WIJ Selwerd" in str(found[0]["hint"])
    assert "'Jan de Vries'" in str(found[0]["message"])


def test_an_organisation_that_reads_like_a_name_is_allowed_with_a_reason(repo: Repo) -> None:
    repo.add_question(
        asked_by="Harm Tiesing",
        privacy_exceptions=[
            {"value": "Harm Tiesing", "reason": "Zo heet het buurtcentrum in Selwerd."}
        ],
    )
    assert check(repo)[:2] == (0, [])


def test_a_privacy_exception_with_a_reason_allows_a_public_address(repo: Repo) -> None:
    repo.add_question(
        body="Vragen? Mail info@wijsgroningen.nl.\n",
        privacy_exceptions=[
            {"value": "info@wijsgroningen.nl", "reason": "Het algemene adres van WIJS."}
        ],
    )
    code, found, _ = check(repo)
    assert (code, found) == (0, [])


def test_answered_question_needs_a_published_report_that_answers_it(repo: Repo) -> None:
    path = repo.add_question(status="beantwoord")
    repo.add_report(answers=["ontmoeting-ouderen-selwerd"], status="draft", review=None)
    code, found, _ = check(repo)
    assert code == 1
    problem = next(d for d in found if d["code"] == "question-unanswered")
    status_line = path.read_text(encoding="utf-8").splitlines().index("status: beantwoord") + 1
    assert problem["path"] == QUESTION and problem["line"] == status_line
    assert "nog niet goedgekeurd" in str(problem["message"])


def test_answered_question_with_a_published_answer_passes(repo: Repo) -> None:
    repo.add_question(status="beantwoord")
    repo.add_report(answers=["ontmoeting-ouderen-selwerd"])
    code, found, _ = check(repo)
    assert (code, found) == (0, [])


def test_answer_under_embargo_only_warns_and_the_site_waits(repo: Repo) -> None:
    repo.add_question(status="beantwoord")
    repo.add_report(answers=["ontmoeting-ouderen-selwerd"], embargo_until="2099-01-01")
    code, found, _ = check(repo)
    assert code == 0
    assert codes(found) == ["question-answer-embargo"]
    assert "1 januari 2099" in str(found[0]["message"])


def test_open_question_that_published_research_answers_is_flagged_as_behind(repo: Repo) -> None:
    repo.add_question(status="open")
    repo.add_report(answers=["ontmoeting-ouderen-selwerd"])
    code, found, _ = check(repo)
    assert code == 0
    assert codes(found) == ["question-status-behind"]


def test_lapsed_question_needs_a_reason(repo: Repo) -> None:
    repo.add_question(status="vervallen")
    code, found, _ = check(repo)
    assert code == 1
    assert codes(found) == ["lapsed-needs-reason"]
    assert "lapsed_reason" in str(found[0]["hint"])


def test_placeholder_and_bad_file_name_are_errors(repo: Repo) -> None:
    repo.add_question("Mijn Vraag", question="TODO: de vraag in één zin.")
    code, found, _ = check(repo)
    assert code == 1
    assert sorted(codes(found)) == ["bad-slug", "placeholder"]


def test_checking_one_question_reports_only_that_question(repo: Repo) -> None:
    repo.add_question("goed")
    bad = repo.add_question("fout", neighbourhood="Selwert")
    repo.add_report(neighbourhood="Padepoel")
    result = CliRunner().invoke(main, ["check", str(bad), "--research", str(repo.research)])
    assert result.exit_code == 1
    assert "research/vragen/fout.md:" in result.stdout
    assert "Onbekende wijk 'Selwert'" in result.stdout
    assert "Padepoel" not in result.stdout and "goed.md" not in result.stdout
    assert "0 rapporten en 1 vraag gecontroleerd: 1 fout(en)" in result.stderr


def test_hostile_yaml_in_a_question_is_an_error_on_its_line_not_a_crash(repo: Repo) -> None:
    folder = repo.research / "vragen"
    folder.mkdir()
    (folder / "kapot.md").write_text(
        "---\ntitle: a\nquestion: &x [*x]\nasked_by: !!python/object:os.system x\n---\n",
        encoding="utf-8",
    )
    code, found, _ = check(repo)
    assert code == 1
    assert found[0]["path"] == "research/vragen/kapot.md"
    assert found[0]["code"] in {"yaml-alias", "yaml-tag"}


# -- asking: wijs vraag ------------------------------------------------------------------------


def vraag(repo: Repo, *args: str, text: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["vraag", *args, "--research", str(repo.research)], input=text
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_wijs_vraag_writes_a_question_that_wijs_check_accepts(repo: Repo) -> None:
    code, out, _ = vraag(
        repo,
        "--title",
        'Wat is "goed" wonen: voor ouderen in Beijum?',
        "--question",
        "Hoe willen ouderen in Beijum wonen als hun huis te groot wordt?",
        "--asked-by",
        "WIJ Beijum",
        "--wijk",
        "Beijum",
        "--thema",
        "ouderen",
        "--thema",
        "wonen",
        "--level",
        "hbo",
        "--no-input",
    )
    assert code == 0
    path = repo.research / "vragen" / "wat-is-goed-wonen-voor-ouderen-in-beijum.md"
    assert out.strip() == f"Nieuwe vraag: {path.as_posix()}"
    (question,) = load_corpus(repo.research).questions
    assert question.meta.title == 'Wat is "goed" wonen: voor ouderen in Beijum?'
    assert question.meta.theme == ["ouderen", "wijkvernieuwing"]  # 'wonen' is an alias
    assert question.meta.status == "open"
    assert check(repo) == (0, [], "")


def test_wijs_vraag_refuses_a_private_person_and_never_overwrites(repo: Repo) -> None:
    args = ["--question", "Waarom?", "--wijk", "beijum", "--thema", "ouderen", "--level", "wo"]
    code, _, err = vraag(repo, "--title", "Een vraag", "--asked-by", "Jan de Vries", *args)
    assert code == 1
    assert "'Jan de Vries' lijkt de naam van een persoon" in err
    assert not (repo.research / "vragen").exists() or not list(
        (repo.research / "vragen").glob("*.md")
    )
    assert vraag(repo, "--title", "Een vraag", "--asked-by", "WIJ Beijum", *args)[0] == 0
    path = repo.research / "vragen" / "een-vraag.md"
    before = path.read_bytes()
    code, _, err = vraag(repo, "--title", "Een vraag", "--asked-by", "WIJ Lewenborg", *args)
    assert code == 1 and "wordt niet overschreven" in err
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["een-vraag.md"]  # no scratch file left


def test_wijs_vraag_asks_for_what_is_missing_with_did_you_mean(repo: Repo) -> None:
    answers = "\n".join(
        [
            "Welke vraag?",  # the question
            "Piet Jansen",  # a person: asked again
            "Floreshuis",
            "Korewegwijk",  # misspelt: did you mean, asked again
            "korrewegwijk",
            "taal en brieven",
            "mbo, hbo",
        ]
    )
    code, out, err = vraag(repo, "--title", "Wie komt er naar het spreekuur?", text=answers + "\n")
    assert code == 0, out + err
    assert "'Piet Jansen' lijkt de naam van een persoon" in err
    assert "Bedoel je 'korrewegwijk'" in out + err
    (question,) = load_corpus(repo.research).questions
    assert question.meta.asked_by == "Floreshuis"
    assert question.meta.level == ["mbo", "hbo"]
    assert question.meta.theme == ["taal-en-brieven"]


def test_wijs_vraag_without_input_names_the_missing_options(repo: Repo) -> None:
    code, _, err = vraag(repo, "--title", "x", "--no-input")
    assert code == 2
    assert "--question, --asked-by, --wijk, --thema, --level" in err
