"""A WIJ team or other commissioner with only a browser: the issue form "Vraag stellen" becomes
a question file of the vraagbank through the same code the workflow runs (`wijs indienen`), and
a pull request through the same Git-API script as a report. Hostile forms are refused in Dutch
and write nothing; a pull request's question is checked by the base branch's code."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import REPO, Repo
from wijs.cli import main
from wijs.corpus import load_corpus
from wijs.review.changes import Scope, classify
from wijs.submission import render_comment, render_pull_request_body, submit
from wijs.submission.form import QUESTION_FORM_FILE, render_question_form
from wijs.vocabulary import load_vocabulary

TODAY = dt.date(2025, 9, 1)
FILE = "research/vragen/wie-bereikt-het-spreekuur-in-het-floreshuis.md"


def question_body(**changes: str) -> str:
    fields = {
        "Titel van de vraag": "Wie bereikt het spreekuur in het Floreshuis?",
        "De vraag": "Welke bewoners van de Korrewegwijk komen naar het spreekuur, en wie niet?",
        "Gesteld door": "Floreshuis, Korrewegwijk",
        "Wijk": "Korrewegwijk, De Hoogte",
        "Thema": "Taal en brieven",
        "Geschikt voor": "mbo, hbo",
        "Context": "Het Floreshuis vermoedt dat bewoners die zich schamen wegblijven.",
        **changes,
    }
    parts = [f"### {heading}\n\n{value or '_No response_'}" for heading, value in fields.items()]
    parts.append(
        "### Bevestiging\n\n"
        "- [X] Ik stel deze vraag namens een organisatie of team, niet als privépersoon.\n"
        "- [X] Er staan geen namen, e-mailadressen of telefoonnummers van personen in deze vraag."
    )
    return "\n\n".join(parts) + "\n"


def event(body: str, number: int = 12, label: str = "vraag") -> dict[str, object]:
    return {
        "action": "opened",
        "issue": {
            "number": number,
            "title": "Vraag: x",
            "body": body,
            "labels": [{"name": label}],
        },
        "repository": {"full_name": "wijs-groningen/onderzoeksbank"},
    }


def everything(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_a_wij_team_asks_through_the_form_and_gets_a_question_that_passes_check(
    repo: Repo, tmp_path: Path
) -> None:
    payload = tmp_path / "event.json"
    payload.write_text(json.dumps(event(question_body())), encoding="utf-8")
    out = tmp_path / "uit"
    done = CliRunner().invoke(
        main, ["indienen", str(payload), "--output", str(out), "--research", str(repo.research)]
    )
    assert done.exit_code == 0, done.output
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result == {
        "issue": 12,
        "folder": "",
        "question": FILE,
        "refused": False,
        "pull_request_title": "Vraag: Wie bereikt het spreekuur in het Floreshuis?",
        "branch": "vraag/12",
    }
    # the copy the next job commits is the file in research/
    assert (out / FILE).read_bytes() == (repo.root / FILE).read_bytes()
    assert "Closes #12" in (out / "pull-request.md").read_text(encoding="utf-8")
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert "### ✅ Je vraag staat klaar voor de vraagbank" in comment
    assert "De controle vond geen fouten." in comment
    corpus = load_corpus(repo.research)
    assert [d for d in corpus.diagnostics if d.is_error] == []
    (question,) = corpus.questions
    meta = question.meta
    assert (meta.neighbourhood, meta.theme, meta.level) == (
        ["korrewegwijk", "de-hoogte"],
        ["taal-en-brieven"],
        ["mbo", "hbo"],
    )
    assert meta.asked_by == "Floreshuis, Korrewegwijk"
    assert meta.status == "open"
    assert "wegblijven" in question.body


def test_a_second_question_with_the_same_title_gets_its_own_file(repo: Repo) -> None:
    first = submit(event(question_body()), repo.research, today=TODAY)
    second = submit(event(question_body(), number=13), repo.research, today=TODAY)
    assert first.question == FILE
    assert second.question == FILE.replace(".md", "-2.md")
    assert (repo.root / first.question).read_bytes() != b""


HOSTILE = {
    "script in de titel": (
        {"Titel van de vraag": "<script>alert(1)</script>"},
        "bevat HTML of een script",
    ),
    "een persoon vraagt": ({"Gesteld door": "Jan de Vries"}, "naam van een persoon"),
    "e-mailadres in de context": (
        {"Context": "Mail me: j.devries@gmail.com"},
        "een e-mailadres in 'Context'",
    ),
    "telefoonnummer in de vraag": (
        {"De vraag": "Bel 06-12345678 voor uitleg?"},
        "een telefoonnummer in 'De vraag'",
    ),
    "onbekende wijk": ({"Wijk": "Korewegwijk"}, "Bedoel je 'korrewegwijk'"),
    "onzichtbare tekens": ({"De vraag": "Wat\u202e helpt?"}, "onzichtbare tekens"),
    "geen niveau": ({"Geschikt voor": ""}, "kies er minstens één"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_question_form_is_refused_in_dutch_and_writes_nothing(
    case: str, repo: Repo
) -> None:
    changes, expected = HOSTILE[case]
    before = everything(repo.root)
    result = submit(event(question_body(**changes)), repo.research, today=TODAY)
    assert result.refused is not None
    assert expected in result.refused.message, result.refused.message
    assert everything(repo.root) == before
    comment = render_comment(result)
    assert "### ❌" in comment and "<script" not in comment
    assert "j.devries@gmail.com" not in comment and "06-12345678" not in comment


def test_unticked_confirmation_is_refused(repo: Repo) -> None:
    body = question_body().replace("- [X] Ik stel", "- [ ] Ik stel")
    result = submit(event(body), repo.research, today=TODAY)
    assert result.refused is not None and "Bevestiging" in result.refused.message
    assert not (repo.research / "vragen").exists()


def test_the_pull_request_says_a_maintainer_accepts_the_question(repo: Repo) -> None:
    result = submit(event(question_body()), repo.research, today=TODAY)
    body = render_pull_request_body(result)
    assert f"`{FILE}`" in body and "medewerker van WIJS" in body and "Closes #12" in body


def test_question_form_choices_come_from_the_vocabulary_and_github_accepts_it() -> None:
    committed = (REPO / QUESTION_FORM_FILE).read_text(encoding="utf-8")
    vocabulary = load_vocabulary(REPO / "research" / "vocabulary.yml")
    assert committed == render_question_form(vocabulary), (
        "draai: wijs formulier --vraag --output " + QUESTION_FORM_FILE
    )
    form = yaml.safe_load(committed)
    assert form["labels"] == ["vraag"]
    ids = [f.get("id") for f in form["body"]]
    assert ids[1:] == [
        "titel-van-de-vraag",
        "de-vraag",
        "gesteld-door",
        "wijk",
        "thema",
        "geschikt-voor",
        "context",
        "bevestiging",
    ]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-issue-forms",
            str(REPO / QUESTION_FORM_FILE),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_formulier_vraag_check_fails_when_the_vocabulary_changed(
    repo: Repo, tmp_path: Path
) -> None:
    target = tmp_path / "vraag.yml"
    args = ["formulier", "--vraag", "--research", str(repo.research), "--output", str(target)]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert "name: Vraag stellen" in target.read_text(encoding="utf-8")
    assert CliRunner().invoke(main, [*args, "--check"]).exit_code == 0
    vocabulary = repo.research / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8").replace("label: Selwerd", "label: Selwerd-Oost"),
        encoding="utf-8",
    )
    assert CliRunner().invoke(main, [*args, "--check"]).exit_code == 1


# -- the pull request ---------------------------------------------------------------------------


def test_a_question_in_a_pull_request_is_taken_over_and_still_needs_a_maintainer() -> None:
    scope = classify(["research/vragen/nieuwe-vraag.md", "research/vragen/README.txt"])
    assert scope.questions == ["research/vragen/nieuwe-vraag.md"]
    assert scope.outside == ["research/vragen/README.txt", "research/vragen/nieuwe-vraag.md"]
    assert scope.needs_maintainer
    text = json.dumps(scope.as_dict())
    assert Scope.from_json(text) == scope
    with pytest.raises(ValueError):  # a scope file naming anything else as a question
        Scope.from_json(json.dumps({"reports": [], "outside": [], "questions": ["../x.md"]}))


def test_wijs_pull_request_copies_the_question_for_the_base_branchs_check(
    repo: Repo, tmp_path: Path
) -> None:
    import os

    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "WIJ",
        "GIT_AUTHOR_EMAIL": "wij@example.org",
        "GIT_COMMITTER_NAME": "WIJ",
        "GIT_COMMITTER_EMAIL": "wij@example.org",
    }

    def git(root: Path, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    repo.add_report()
    git(repo.root, "init", "-q", "-b", "main")
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "begin")
    base = git(repo.root, "rev-parse", "HEAD").strip()
    fork = tmp_path / "pr"
    git(tmp_path, "clone", "-q", str(repo.root), str(fork))
    folder = fork / "research" / "vragen"
    folder.mkdir()
    (folder / "vraag.md").write_text(
        "---\ntitle: Een vraag\nquestion: Waarom?\nasked_by: Jan de Vries\n"
        "neighbourhood: selwerd\ntheme: ouderen\nlevel: hbo\nasked: 2025-01-01\n---\n",
        encoding="utf-8",
    )
    os.symlink("/etc/passwd", folder / "lek.md")
    git(fork, "add", "-A")
    git(fork, "commit", "-qm", "vraag")
    result = CliRunner().invoke(
        main, ["pull-request", str(fork), "--base", base, "--research", str(repo.research)]
    )
    assert result.exit_code == 0, result.output
    scope = json.loads(result.output)
    assert scope["questions"] == ["research/vragen/lek.md", "research/vragen/vraag.md"]
    assert scope["needs_maintainer"] is True
    taken = repo.research / "vragen"
    assert sorted(p.name for p in taken.iterdir()) == ["vraag.md"]  # never the symlink
    check = CliRunner().invoke(
        main, ["check", str(taken / "vraag.md"), "--research", str(repo.research)]
    )
    assert check.exit_code == 1 and "privacy-asked-by" in check.output


QUESTION_JS_TEST = r"""
const fs = require('fs');
const path = require('path');
const { openPullRequest, questionFiles } = require(process.argv[2]);
const root = process.argv[3];
const calls = [];
const github = { rest: {
  git: {
    getRef: async () => ({ data: { object: { sha: 'main-sha' } } }),
    getCommit: async (a) => ({ data: { sha: a.commit_sha, tree: { sha: 'tree-' + a.commit_sha } } }),
    createBlob: async () => ({ data: { sha: 'blob' } }),
    createTree: async (a) => { calls.push(['tree', a.tree.map((e) => e.path)]); return { data: { sha: 't' } }; },
    createCommit: async (a) => { calls.push(['commit', a.message]); return { data: { sha: 'c' } }; },
    createRef: async (a) => { calls.push(['ref', a.ref]); },
  },
  pulls: { create: async (a) => { calls.push(['pr', a.head, a.title]);
    return { data: { number: 5, html_url: 'https://github.com/x/y/pull/5' } }; } },
} };
const context = { repo: { owner: 'o', repo: 'r' }, payload: { repository: { default_branch: 'main' } } };
(async () => {
  const opened = await openPullRequest({ github, context, root, issueNumber: 12 });
  const refusals = [];
  for (const file of ['research/vragen/../../.github/x.md', 'research/2024/a/index.md', 'research/vragen/a b.md']) {
    try { questionFiles(root, file); } catch (e) { refusals.push(e.message); }
  }
  fs.symlinkSync('/etc/passwd', path.join(root, 'research/vragen/lek.md'));
  try { questionFiles(root, 'research/vragen/lek.md'); } catch (e) { refusals.push(e.message); }
  console.log(JSON.stringify({ opened, refusals, calls }));
})();
"""


def test_the_question_reaches_the_repository_through_the_git_api_as_one_file(
    tmp_path: Path,
) -> None:
    node = shutil.which("node")
    assert node, "node ontbreekt (GitHub Actions voert de scripts uit met node)"
    root = tmp_path / "artefact"
    (root / "research" / "vragen").mkdir(parents=True)
    (root / "research" / "vragen" / "een-vraag.md").write_text("---\ntitle: x\n---\n", "utf-8")
    (root / "result.json").write_text(
        json.dumps(
            {
                "folder": "",
                "question": "research/vragen/een-vraag.md",
                "pull_request_title": "Vraag: x",
            }
        ),
        encoding="utf-8",
    )
    (root / "pull-request.md").write_text("Closes #12\n", encoding="utf-8")
    test = tmp_path / "test.js"
    test.write_text(QUESTION_JS_TEST, encoding="utf-8")
    script = str(REPO / ".github" / "scripts" / "submission.js")
    done = subprocess.run(
        [node, str(test), script, str(root)], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    assert result["opened"]["branch"] == "vraag/12" and result["opened"]["exists"] is False
    assert ["tree", ["research/vragen/een-vraag.md"]] in result["calls"]
    assert ["commit", "Vraag gesteld via het formulier (#12)"] in result["calls"]
    assert ["ref", "refs/heads/vraag/12"] in result["calls"]
    assert ["pr", "vraag/12", "Vraag: x"] in result["calls"]
    assert len(result["refusals"]) == 4
    assert "Geen gewoon bestand" in result["refusals"][-1]


def test_the_workflows_take_questions_through_the_same_steps_as_reports() -> None:
    def workflow(name: str) -> dict[str, object]:
        data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text("utf-8"))
        data["on"] = data.pop(True, data.get("on"))
        return data

    indienen = workflow("indienen.yml")
    jobs = indienen["jobs"]
    assert isinstance(jobs, dict)
    condition = jobs["omzetten"]["if"]
    assert "'indiening'" in condition and "'vraag'" in condition
    script = jobs["pull-request"]["steps"][-1]["with"]["script"]
    assert "result.folder || result.question" in script
    check = workflow("check.yml")
    run = "\n".join(step.get("run", "") for step in check["jobs"]["controle"]["steps"])  # type: ignore[index]
    assert ".questions[]" in run
    assert 'wijs check --format github "${reports[@]}" "${present[@]}"' in run
