"""Everything a student sees from `wijs` is Dutch, click's own usage errors and help too."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from conftest import REPO
from wijs.cli import main

ENGLISH = re.compile(
    r"Usage:|Options|Commands|Show this|Error:|No such|Missing|Invalid value|Try '|"
    r"requires an argument|is not one of|is not a valid|does not exist|\bdefault\b"
)


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["chek"], "Fout: Onbekende opdracht 'chek'. (Bedoel je een van: 'check'"),
        (["check", "--frmat", "json"], "Fout: Onbekende optie '--frmat'. Bedoel je '--format'?"),
        (["check", "--format", "xml"], "Ongeldige waarde voor '--format': 'xml' is niet een van"),
        (["import"], "Fout: Ontbrekend argument 'BESTAND'."),
        (["import", "bestaat-niet.docx"], "Bestand 'bestaat-niet.docx' bestaat niet."),
        (["build", "--site-dir"], "Fout: Optie '--site-dir' heeft een waarde nodig."),
        (["jaarverslag", "twintig"], "'twintig' is geen geldig getal."),
        (["search", "--limit", "0", "buurt"], "0 ligt niet in het bereik 1<=x<=500."),
        (["new", "--year", "2024", "extra"], "Onverwacht extra argument (extra)"),
    ],
)
def test_a_student_who_mistypes_a_command_gets_dutch(args: list[str], dutch: str) -> None:
    result = CliRunner().invoke(main, args, prog_name="wijs")
    assert result.exit_code == 2
    assert dutch in result.output
    assert "Zie 'wijs" in result.output or "Optie" in result.output
    assert not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("args", [["--help"], ["check", "-h"], ["import", "--help"]])
def test_help_is_dutch(args: list[str]) -> None:
    result = CliRunner().invoke(main, args, prog_name="wijs")
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: wijs")
    assert "Opties:" in result.output and "Toon deze hulp en stop." in result.output
    assert not ENGLISH.search(result.output), result.output


def test_the_overview_lists_opdrachten() -> None:
    result = CliRunner().invoke(main, ["--help"], prog_name="wijs")
    assert "Gebruik: wijs [OPTIES] OPDRACHT [ARGUMENTEN]..." in result.output
    assert "Opdrachten:" in result.output and "Toon de versie en stop." in result.output


def test_click_speaks_english_again_outside_wijs() -> None:
    CliRunner().invoke(main, ["chek"])

    @click.command()
    @click.argument("name")
    def other(name: str) -> None:
        """Another program in the same process."""

    result = CliRunner().invoke(other, [])
    assert "Error: Missing argument 'NAME'." in result.output


def test_help_stays_dutch_when_click_first_made_it_in_english() -> None:
    """The command reference in docs/ is generated outside the Dutch block (click then makes
    and keeps each command's --help option in English); `wijs --help` afterwards is Dutch.
    In a new process, so that no earlier test made the option first."""
    script = (
        "import click\n"
        "from wijs.cli import main\n"
        "for command in (main, main.commands['check']):\n"
        "    with click.Context(command) as ctx:\n"
        "        command.get_help_option(ctx)\n"
        "main(['check', '--help'], standalone_mode=False)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert "Toon deze hulp en stop." in run.stdout and not ENGLISH.search(run.stdout)
