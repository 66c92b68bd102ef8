"""wijs new: a student starts a report, with options (scripts) or by answering questions."""

from __future__ import annotations

from pathlib import Path

from click.shell_completion import ShellComplete
from click.testing import CliRunner

from conftest import Repo
from wijs.cli import main
from wijs.new_report import slugify

OPTIONS = [
    "--title",
    "Eenzaamheid onder ouderen in Selwerd",
    "--author",
    "Fatima El Amrani (Toegepaste Psychologie)",
    "--author",
    "Jorrit de Vries",
    "--institution",
    "Hanze",  # an alias
    "--wijk",
    "Selwerd-Noord",  # an alias of selwerd
    "--thema",
    "Eenzaamheid",  # a label
    "--thema",
    "ouderen",
    "--year",
    "2024",
]


def run(repo: Repo, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [*args, "--research", str(repo.research)], input=input)


def check(repo: Repo, folder: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", str(folder), "--research", str(repo.research)])


def test_student_creates_a_report_without_questions_and_check_passes_after_filling_in(
    repo: Repo,
) -> None:
    result = run(repo, "new", "--no-input", *OPTIONS)
    assert result.exit_code == 0, result.output
    folder = repo.research / "2024" / "eenzaamheid-onder-ouderen-in-selwerd"
    index = folder / "index.md"
    text = index.read_text(encoding="utf-8")
    assert (folder / "references.bib").read_text() == ""
    assert (folder / "figures").is_dir()
    for section in ("Inleiding", "Onderzoeksvraag", "Methode", "Resultaten", "Conclusie"):
        assert f"## {section}\n\n<!-- " in text
    assert "## Aanbevelingen" in text
    assert "status: draft" in text
    assert "institution: hanzehogeschool" in text and "level: hbo" in text  # level follows
    assert "neighbourhood: selwerd" in text and "theme: [eenzaamheid, ouderen]" in text
    assert "# consent:" in text and "respondents: anonymised" in text
    # names with a particle are written out as they will be cited, so the student can correct them
    assert "family: El Amrani   # geciteerd als 'El Amrani, F.'" in text
    assert "family: de Vries" in text and "given: Jorrit" in text

    first = check(repo, folder)
    assert first.exit_code == 0, first.output  # a draft with placeholder text only warns
    assert "placeholder" in first.output

    # the student writes a summary and, ready to submit, fills in the consent block
    text = text.replace(
        "TODO: twee tot vijf zinnen over je vraag, je aanpak en je belangrijkste uitkomst.",
        "Ouderen in Selwerd eten vaak alleen; een zondagsopenstelling helpt.",
    )
    text = text.replace("status: draft", "status: submitted")
    text = text.replace("# consent:", "consent:").replace("#   ", "  ")
    index.write_text(text, encoding="utf-8")
    second = check(repo, folder)
    assert second.exit_code == 0, second.output
    assert "warning" not in second.output and "error" not in second.output


def test_student_answers_questions_and_may_type_labels_and_aliases(repo: Repo) -> None:
    answers = "\n".join(
        [
            "Armoede & schulden in Beijum",  # title
            "Jan Jansen (Social Work)",  # author 1
            "",  # no more authors
            "Noorderpoort College",  # institution, an alias
            "",  # level: the default from the institution (mbo)
            "Beyum",  # a typo: asked again with a suggestion
            "beijum, Lewenborg-Noord",
            "child poverty",  # an English alias of armoede
            "2023",
            "",  # the suggested folder name
        ]
    )
    result = run(repo, "new", input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "Bedoel je 'beijum'" in result.output
    assert "Niveau [mbo]" in result.output
    text = (repo.research / "2023" / "armoede-schulden-in-beijum" / "index.md").read_text()
    assert "institution: noorderpoort" in text and "level: mbo" in text
    assert "neighbourhood: [beijum, lewenborg]" in text
    assert "theme: armoede" in text
    assert "  - name: Jan Jansen\n    programme: Social Work" in text


def test_no_input_names_every_missing_option_and_exits_2(repo: Repo) -> None:
    result = run(repo, "new", "--no-input", "--title", "Iets over Selwerd")
    assert result.exit_code == 2
    assert "--author, --institution, --wijk, --thema" in result.output
    assert not list(repo.research.glob("*/*/index.md"))


def test_unknown_value_in_an_option_gets_did_you_mean(repo: Repo) -> None:
    args = [*OPTIONS]
    args[args.index("Selwerd-Noord")] = "Selwrd"
    result = run(repo, "new", "--no-input", *args)
    assert result.exit_code == 2
    assert "Onbekende wijk 'Selwrd'. Bedoel je 'selwerd'" in result.output


def test_new_never_overwrites_an_existing_report(repo: Repo) -> None:
    existing = repo.add_report(slug="eenzaamheid-onder-ouderen-in-selwerd", year=2023)
    before = existing.read_bytes()
    result = run(repo, "new", "--no-input", *OPTIONS)  # same slug, another year
    assert result.exit_code == 1
    assert "wordt niet overschreven" in result.output
    assert existing.read_bytes() == before
    assert not (repo.research / "2024").exists()
    with_slug = run(repo, "new", "--no-input", *OPTIONS, "--slug", "eenzaamheid-selwerd-2024")
    assert with_slug.exit_code == 0, with_slug.output
    assert (repo.research / "2024" / "eenzaamheid-selwerd-2024" / "index.md").is_file()


def test_folder_name_is_derived_from_the_title() -> None:
    assert slugify("Eénzaamheid & armoede in De Wijert!") == "eenzaamheid-armoede-in-de-wijert"
    long = slugify("woord " * 40)
    assert len(long) <= 60 and not long.endswith("-")


def test_shell_completion_offers_vocabulary_values(repo: Repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(repo.root)
    completer = ShellComplete(main, {}, "wijs", "_WIJS_COMPLETE")
    wijken = [c.value for c in completer.get_completions(["new", "--wijk"], "sel")]
    assert wijken == ["selwerd"]
    # labels and aliases lead to the id too
    assert [c.value for c in completer.get_completions(["new", "--thema"], "lonel")] == [
        "eenzaamheid"
    ]
