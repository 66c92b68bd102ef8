"""A pull request is judged by the base branch: only its report folders are taken over into a
trusted checkout, anything else it touches is flagged for a maintainer, and nothing a student
names (a folder, a title, a link) can break out of the review comment."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt

from conftest import Repo
from wijs.cli import main
from wijs.review.changes import Scope, classify, report_folder
from wijs.review.render import code_text, markdown_text

SPOOF = "## ✅ Goedgekeurd door WIJS, klaar om te mergen"


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Student",
        "GIT_AUTHOR_EMAIL": "student@example.org",
        "GIT_COMMITTER_NAME": "Student",
        "GIT_COMMITTER_EMAIL": "student@example.org",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def _commit(root: Path, message: str) -> str:
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", message)
    return _git(root, "rev-parse", "HEAD").strip()


def base_and_fork(repo: Repo, tmp_path: Path) -> tuple[str, Path]:
    """The base branch with one published report, and a student's clone of it."""
    repo.add_report()
    _git(repo.root, "init", "-q", "-b", "main")
    base = _commit(repo.root, "begin")
    fork = tmp_path / "pr"
    _git(tmp_path, "clone", "-q", str(repo.root), str(fork))
    return base, fork


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def rendered(markdown: str) -> str:
    """The comment as GitHub would show it: CommonMark with tables."""
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_a_report_folder_is_research_year_slug_and_nothing_else() -> None:
    assert report_folder("research/2024/mijn-rapport/index.md") == "research/2024/mijn-rapport"
    assert report_folder("research/2024/mijn-rapport/figures/a.png") == "research/2024/mijn-rapport"
    assert report_folder("research/vocabulary.yml") is None
    assert report_folder("research/vragen/eenzaamheid.md") is None
    assert report_folder("research/2024/los-bestand.md") is None
    assert report_folder("scripts/wijs/checks/privacy.py") is None
    scope = classify(["research/2024/a/index.md", "research/2024/a/figures/x.png"])
    assert scope == Scope(["research/2024/a"], []) and not scope.needs_maintainer
    two = classify(["research/2024/a/index.md", "research/2023/b/index.md"])
    assert two.needs_maintainer
    code = classify(["research/2024/a/index.md", ".github/workflows/check.yml"])
    assert code.needs_maintainer and code.outside == [".github/workflows/check.yml"]


def test_pull_request_weakening_the_checks_is_judged_by_the_base_code(
    repo: Repo, tmp_path: Path
) -> None:
    base, fork = base_and_fork(repo, tmp_path)
    # the student adds a wijk to the vocabulary and edits the privacy check ...
    vocabulary = fork / "research" / "vocabulary.yml"
    data = yaml.safe_load(vocabulary.read_text(encoding="utf-8"))
    data["wijken"].append({"id": "nepwijk", "label": "Nepwijk", "stadsdeel": "noordwest"})
    vocabulary.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (fork / "scripts").mkdir()
    (fork / "scripts" / "privacy.py").write_text("def scan(text):\n    return []\n", "utf-8")
    # ... and writes a report about it
    folder = fork / "research" / "2024" / "in-de-nepwijk"
    folder.mkdir(parents=True)
    source = repo.research / "2024" / "eenzaamheid-ouderen-selwerd" / "index.md"
    text = source.read_text(encoding="utf-8").replace(
        "neighbourhood: selwerd", "neighbourhood: nepwijk"
    )
    (folder / "index.md").write_text(text.replace("status: approved", "status: submitted"), "utf-8")
    _commit(fork, "mijn onderzoek")

    status, output = cli(
        "pull-request", str(fork), "--base", base, "--research", str(repo.research)
    )
    assert status == 0, output
    scope = json.loads(output)
    assert scope["reports"] == ["research/2024/in-de-nepwijk"]
    assert scope["outside"] == ["research/vocabulary.yml", "scripts/privacy.py"]
    assert scope["needs_maintainer"] is True
    # only the report folder was taken over: the base vocabulary and code stay
    assert (repo.research / "2024" / "in-de-nepwijk" / "index.md").is_file()
    assert "nepwijk" not in (repo.research / "vocabulary.yml").read_text(encoding="utf-8")
    assert not (repo.root / "scripts").exists()

    scope_file = tmp_path / "scope.json"
    scope_file.write_text(output, encoding="utf-8")
    status, review = cli(
        "review", "--scope", str(scope_file), "--research", str(repo.research), "--format", "json"
    )
    assert status == 0, review
    data = json.loads(review)
    assert data["scope"]["needs_maintainer"] is True
    [item] = data["reports"]
    assert item["path"] == "research/2024/in-de-nepwijk/index.md"
    assert not item["readable"]  # the base vocabulary knows no 'nepwijk'
    assert any("nepwijk" in d["message"] for d in item["diagnostics"]["error"])

    status, comment = cli("review", "--scope", str(scope_file), "--research", str(repo.research))
    assert "**Een beheerder moet deze pull request beoordelen.**" in comment
    assert "> - `research/vocabulary.yml`" in comment and "> - `scripts/privacy.py`" in comment


def test_code_only_pull_request_never_says_it_is_harmless(repo: Repo, tmp_path: Path) -> None:
    base, fork = base_and_fork(repo, tmp_path)
    workflow = fork / ".github" / "workflows" / "check.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: Controle\n", encoding="utf-8")
    _commit(fork, "sneller")
    status, output = cli(
        "pull-request", str(fork), "--base", base, "--research", str(repo.research)
    )
    assert status == 0, output
    scope_file = tmp_path / "scope.json"
    scope_file.write_text(output, encoding="utf-8")
    status, comment = cli("review", "--scope", str(scope_file), "--research", str(repo.research))
    assert status == 0, comment
    assert "Een beheerder moet deze pull request beoordelen" in comment
    assert "`.github/workflows/check.yml`" in comment


def test_a_report_deleted_in_the_pull_request_is_deleted_in_the_trusted_copy(
    repo: Repo, tmp_path: Path
) -> None:
    base, fork = base_and_fork(repo, tmp_path)
    shutil.rmtree(fork / "research" / "2024" / "eenzaamheid-ouderen-selwerd")
    _commit(fork, "weg ermee")
    status, output = cli(
        "pull-request", str(fork), "--base", base, "--research", str(repo.research)
    )
    assert status == 0, output
    assert json.loads(output)["reports"] == ["research/2024/eenzaamheid-ouderen-selwerd"]
    assert not (repo.research / "2024" / "eenzaamheid-ouderen-selwerd").exists()


def test_a_scope_file_that_names_anything_but_report_folders_is_refused(
    repo: Repo, tmp_path: Path
) -> None:
    scope_file = tmp_path / "scope.json"
    scope_file.write_text(json.dumps({"reports": ["research/../../etc"], "outside": []}), "utf-8")
    status, output = cli("review", "--scope", str(scope_file), "--research", str(repo.research))
    assert status == 2 and "geen uitvoer van 'wijs pull-request'" in output


def test_folder_name_with_backtick_and_newlines_cannot_fake_an_approval(
    repo: Repo, tmp_path: Path
) -> None:
    name = f"x`\n\n{SPOOF}\n\n@octocat <img src=x onerror=alert(1)> `"
    index = repo.add_report(slug=name, status="submitted", review=None)
    status, comment = cli("review", str(index.parent), "--research", str(repo.research))
    assert status == 0, comment
    html = rendered(comment)
    headings = re.findall(r"<h[1-6]>(.*?)</h[1-6]>", html)
    assert not any("Goedgekeurd" in h for h in headings), headings
    assert "<img" not in html and "<h2>✅" not in html
    # the name is shown, visibly escaped, inside code where GitHub mentions nobody
    mentions = [m.start() for m in re.finditer("@octocat", html)]
    assert mentions
    for at in mentions:
        assert html.rfind("<code>", 0, at) > html.rfind("</code>", 0, at)
    assert "\\n\\n## ✅ Goedgekeurd" in comment


def test_code_spans_survive_any_value() -> None:
    for value in ["a`b", "``", "`start", "eind`", "a\nb", "x\u202eevil", "|pipe|", ""]:
        span = code_text(value)
        html = rendered(f"- {span}\n")
        assert html.count("<code>") == 1, (value, html)
        assert "\n" not in span
    assert code_text("figures/grafiek.png") == "`figures/grafiek.png`"
    assert code_text("a`b") == "``a`b``"
    assert code_text("a\nb") == "`a\\nb`"


def test_prose_values_stay_text_on_one_line() -> None:
    hostile = "Titel\n\n## ✅ Goedgekeurd\n&#64;octocat <b>vet</b> [klik](https://x.nl) \u202edraai"
    line = markdown_text(hostile)
    assert "\n" not in line and "\u202e" not in line
    html = rendered(f"### {line}\n")
    assert html.count("<h3>") == 1 and "<h2>" not in html
    assert "<b>" not in html and "<a " not in html and "@octocat" not in html
