"""`wijs check` and `wijs schema` as a student and a CI workflow use them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from conftest import Repo, report_fields
from wijs.cli import main


def run(repo: Repo, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--research", str(repo.research)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_clean_repository_passes_with_exit_0(repo: Repo) -> None:
    repo.add_report()
    code, out, err = run(repo, "check")
    assert code == 0
    assert out == ""
    assert "1 rapport gecontroleerd: 0 fout(en)" in err


def test_problems_are_listed_with_file_line_and_hint_and_exit_1(repo: Repo) -> None:
    repo.add_report(neighbourhood="Padepoel", level="hbbo")
    code, out, _ = run(repo, "check")
    assert code == 1
    path = "research/2024/eenzaamheid-ouderen-selwerd/index.md"
    assert f"{path}:" in out
    assert "error unknown-value Onbekende wijk 'Padepoel'." in out
    assert "hint: Bedoel je 'paddepoel'" in out
    assert "Onbekend niveau 'hbbo'" in out  # 'het niveau': no -e


def test_json_format_is_a_list_of_objects(repo: Repo) -> None:
    repo.add_report(neighbourhood="Padepoel")
    code, out, _ = run(repo, "check", "--format", "json")
    assert code == 1
    found = json.loads(out)
    assert set(found[0]) == {"path", "line", "column", "severity", "code", "message", "hint"}
    assert found[0]["code"] == "unknown-value"
    assert found[0]["severity"] == "error"


def test_json_format_of_clean_repository_is_an_empty_list(repo: Repo) -> None:
    repo.add_report()
    code, out, _ = run(repo, "check", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_github_format_annotates_the_offending_line(repo: Repo) -> None:
    path = repo.add_report(neighbourhood="Padepoel")
    line = path.read_text(encoding="utf-8").splitlines().index("neighbourhood: Padepoel") + 1
    code, out, _ = run(repo, "check", "--format", "github")
    assert code == 1
    assert out.startswith("::error file=research/2024/eenzaamheid-ouderen-selwerd/index.md,")
    assert f"line={line}," in out


def test_check_of_one_path_checks_only_that_report(repo: Repo) -> None:
    good = repo.add_report()
    repo.add_report(slug="kapot", neighbourhood="Nergensland")
    code, _, err = run(repo, "check", str(good.parent))
    assert code == 0
    assert "1 rapport gecontroleerd" in err


def test_wrong_usage_exits_2(repo: Repo) -> None:
    result = CliRunner().invoke(main, ["check", "--format", "xml"])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["check", "--research", str(repo.root / "nergens")])
    assert result.exit_code == 2
    assert "niet gevonden" in result.stderr


def test_missing_figure_and_missing_alt_text(repo: Repo) -> None:
    body = "## Resultaten\n\n![](figures/grafiek.png)\n\n![Kaart van de wijk](figures/kaart.png)\n"
    path = repo.add_report(body=body)
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "grafiek.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (path.parent / "figures" / "ongebruikt.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    code, out, _ = run(repo, "check", "--format", "json")
    found = {d["code"]: d for d in json.loads(out)}
    assert code == 1
    assert (
        found["missing-file"]["message"] == "Het afbeelding 'figures/kaart.png' bestaat niet."
        or "figures/kaart.png" in found["missing-file"]["message"]
    )
    body_start = path.read_text(encoding="utf-8").splitlines().index("## Resultaten") + 1
    assert found["missing-file"]["line"] == body_start + 4
    assert found["missing-alt"]["severity"] == "error"  # approved: no publication without it
    assert found["missing-alt"]["line"] == body_start + 2
    assert "ongebruikt.png" in found["unused-figure"]["message"]


def test_links_outside_the_report_folder_are_refused(repo: Repo) -> None:
    repo.add_report(body="Zie [dit](../../andere/index.md) en ![x](/etc/passwd).\n")
    _, out, _ = run(repo, "check", "--format", "json")
    codes = [d["code"] for d in json.loads(out)]
    assert codes.count("link-outside-report") == 2


def test_symlinked_figure_pointing_outside_is_refused(repo: Repo, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.png"
    secret.write_bytes(b"x")
    path = repo.add_report(body="![Grafiek](figures/grafiek.png)\n")
    (path.parent / "figures").mkdir()
    os.symlink(secret, path.parent / "figures" / "grafiek.png")
    _, out, _ = run(repo, "check", "--format", "json")
    assert "link-outside-report" in [d["code"] for d in json.loads(out)]


def test_links_in_code_blocks_are_ignored(repo: Repo) -> None:
    repo.add_report(body="```\n![](figures/niet-echt.png)\n```\n\n`[x](nergens.pdf)`\n")
    code, out, _ = run(repo, "check", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_duplicate_slugs_in_two_years_are_reported(repo: Repo) -> None:
    repo.add_report(slug="wijkrestaurant")
    repo.add_report(slug="wijkrestaurant", year=2023, **{"date": "2023-05-01"})
    code, out, _ = run(repo, "check", "--format", "json")
    found = [d for d in json.loads(out) if d["code"] == "duplicate-slug"]
    assert code == 1
    assert len(found) == 2


def test_broken_vocabulary_stops_check_with_exit_1(repo: Repo) -> None:
    (repo.research / "vocabulary.yml").write_text("wijken: [\n", encoding="utf-8")
    code, out, _ = run(repo, "check")
    assert code == 1
    assert "vocabulary.yml" in out


def test_schema_validates_a_real_report_and_rejects_unknown_wijk(repo: Repo) -> None:
    code, out, _ = run(repo, "schema")
    assert code == 0
    schema = json.loads(out)
    example = json.loads(json.dumps(report_fields(), default=str))
    jsonschema.validate(example, schema)
    example["neighbourhood"] = "Padepoel"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(example, schema)
    assert "Paddepoel-Noord" in json.dumps(schema["properties"]["neighbourhood"])


def test_schema_written_to_file(repo: Repo) -> None:
    target = repo.root / "report.schema.json"
    code, _, err = run(repo, "schema", "-o", str(target))
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"].startswith("WIJS")
    assert "report.schema.json" in err


def test_every_example_report_validates_against_the_schema() -> None:
    from conftest import REPO
    from wijs.schema import report_schema
    from wijs.vocabulary import load_vocabulary

    schema = report_schema(load_vocabulary(REPO / "research" / "vocabulary.yml"))
    for path in sorted((REPO / "research").glob("*/*/index.md")):
        front = path.read_text(encoding="utf-8").split("---")[1]
        data = json.loads(json.dumps(yaml.safe_load(front), default=str))
        jsonschema.validate(data, schema)
