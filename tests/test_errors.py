"""One exception for every problem the user has to fix: ``wijs.errors.WijsError``, with
diagnostics (file, line, column, code, message, hint), turned into output and an exit status in
one place of the CLI and into a PluginError in one place of the plugin."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import wijs
from conftest import Repo
from wijs.cli import main
from wijs.diagnostics import error
from wijs.errors import WijsError

#: exceptions that never leave their module: control flow, not problems for the user
INTERNAL = {
    "wijs.search.index._Locked",  # another process holds the search index; refresh waits
    "wijs.yaml_source._SharedNode",  # a YAML alias met twice; load_yaml re-reads to locate it
}


def exception_classes() -> set[str]:
    found = set()
    for module_info in pkgutil.walk_packages(wijs.__path__, "wijs."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            ):
                found.add(f"{module.__name__}.{name}")
    return found


def test_the_package_raises_one_public_exception() -> None:
    assert exception_classes() == {"wijs.errors.WijsError", *INTERNAL}


def test_a_wijs_error_survives_the_pipe_from_the_build_process() -> None:
    # wijs.builder.run_separately sends it pickled from the child that ran MkDocs
    problem = WijsError(
        [error("research/2024/a/index.md", 7, "unknown-value", "Onbekende wijk 'X'.", "Kies.")],
        "De site is niet gebouwd: 1 fout(en) om op te lossen.",
    )
    again = pickle.loads(pickle.dumps(problem))
    assert (again.diagnostics, again.summary, again.usage) == (
        problem.diagnostics,
        problem.summary,
        False,
    )
    assert str(again) == str(problem)
    assert "research/2024/a/index.md:7:1: error unknown-value Onbekende wijk 'X'." in str(again)


def run(repo: Repo, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--research", str(repo.research)])
    assert isinstance(result.exception, SystemExit), result.exception  # never a traceback
    return result.exit_code, result.stdout, result.stderr


def test_an_unusable_vocabulary_stops_check_and_search_with_its_file_and_line(
    repo: Repo,
) -> None:
    repo.add_report()
    vocabulary = repo.research / "vocabulary.yml"
    vocabulary.write_text("wijken:\n  - id: a\n    label: [unclosed\n", encoding="utf-8")
    for command in ("check", "search"):
        code, out, _ = run(repo, command)
        assert code == 1
        assert f"{vocabulary}:4:1: error vocabulary De vocabulaire is geen geldige YAML" in out


def test_a_broken_front_matter_stops_the_build_with_annotations_on_its_line(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo.add_report(neighbourhood="Padepoel")
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["build", "--format", "github"])
    assert result.exit_code == 1
    shown = path.relative_to(repo.root).as_posix()
    line = path.read_text(encoding="utf-8").split("\n").index("neighbourhood: Padepoel") + 1
    assert f"::error file={shown},line={line},col=1,title=unknown-value::" in result.stdout
    assert "Onbekende wijk 'Padepoel'. — Bedoel je 'paddepoel'" in result.stdout
    assert "De site is niet gebouwd: 1 fout(en) om op te lossen." in result.stderr
    assert not (repo.root / "site").exists()


def test_wrong_usage_exits_2_with_the_dutch_reason(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.add_report()
    code, _, err = run(repo, "search", "eenzaamheid", "--jaar", "vorig jaar")
    assert code == 2
    assert "Fout: Jaar 'vorig jaar' is geen jaar of reeks." in err
    empty = repo.research / "2031"
    empty.mkdir()
    code, _, err = run(repo, "review", str(empty))
    assert code == 2
    assert f"Fout: Geen index.md gevonden in {empty}." in err


def test_a_refusal_without_a_file_exits_1_with_its_message_and_advice(repo: Repo) -> None:
    repo.add_report(slug="eenzaamheid-ouderen-selwerd", year=2023)
    code, out, err = run(
        repo,
        "new",
        "--no-input",
        "--title",
        "Eenzaamheid ouderen Selwerd",
        "--author",
        "Fatima El Amrani (Toegepaste Psychologie)",
        "--institution",
        "Hanze",
        "--wijk",
        "selwerd",
        "--thema",
        "eenzaamheid",
        "--year",
        "2024",
    )
    assert code == 1
    assert "Er bestaat al een rapport met de mapnaam 'eenzaamheid-ouderen-selwerd'" in err
    assert "wordt niet overschreven" in err and out == ""


def test_the_cli_and_the_plugin_each_turn_it_into_output_in_one_place() -> None:
    root = Path(wijs.__file__).parent
    cli = (root / "cli.py").read_text(encoding="utf-8")
    plugin = (root / "plugin.py").read_text(encoding="utf-8")
    assert cli.count("except WijsError") == 1
    assert plugin.count("except WijsError") == 1
