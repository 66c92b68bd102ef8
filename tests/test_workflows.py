"""The GitHub side: workflows that validate against GitHub's schema, whose scripts pass
shellcheck, that never run a pull request's code where a token could write, and that do what the
guides promise; the pull-request template, CODEOWNERS, and the script that keeps one review
comment up to date."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key 'on' as True
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def runs(data: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(data))


def uses(data: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(data) if "uses" in step]


def job_steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def checkouts(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in job_steps(job) if s.get("uses", "").startswith("actions/checkout")]


def writes(job: dict[str, Any]) -> set[str]:
    return {scope for scope, level in (job.get("permissions") or {}).items() if level == "write"}


def runs_wijs(job: dict[str, Any]) -> bool:
    return any(
        "wijs " in s.get("run", "") or "bootstrap" in s.get("run", "") for s in job_steps(job)
    )


PULL_REQUEST_EVENTS = {"pull_request", "pull_request_target", "workflow_run", "issues"}


def test_every_workflow_validates_against_githubs_schema() -> None:
    assert {w.name for w in WORKFLOWS} >= {"check.yml", "preview.yml", "deploy.yml"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_install_the_locked_versions_with_a_download_cache(path: Path) -> None:
    data = workflow(path.name)
    if not any("wijs " in step.get("run", "") for step in steps(data)):
        return  # posts a comment only; installs nothing
    assert "bash scripts/bootstrap" in runs(data)
    assert "pip install" not in runs(data)  # unlocked: a fresh run would get other versions
    caches = [s for s in steps(data) if s.get("uses", "").startswith("actions/cache")]
    assert any("uv.lock" in s["with"]["key"] for s in caches)


def test_check_workflow_judges_the_pull_requests_reports_with_the_base_branchs_code() -> None:
    data = workflow("check.yml")
    assert "pull_request" in data["on"] and "pull_request_target" not in data["on"]
    job = data["jobs"]["controle"]
    assert job["permissions"] == {"contents": "read"}  # reads only: the comment comes later
    trusted, pull_request = checkouts(job)
    assert trusted["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert "path" not in trusted["with"]  # scripts/, vocabulary.yml, mkdocs.yml: the base's
    assert pull_request["with"]["ref"] == "${{ github.event.pull_request.head.sha }}"
    assert pull_request["with"]["path"] == "pull-request"
    assert pull_request["with"]["fetch-depth"] == 0  # git diff against the base
    script = runs(data)
    assert 'wijs pull-request pull-request --base "$BASE_SHA"' in script
    assert "wijs review --scope wijs-review/scope.json --format json" in script
    assert "wijs review --scope wijs-review/scope.json --format markdown" in script
    assert 'wijs check --format github "${reports[@]}"' in script
    assert not any("github-script" in s.get("uses", "") for s in steps(data))
    assert "wijs check" in steps(data)[-1]["run"]


def test_review_comment_finds_the_pull_request_itself_and_posts_what_trusted_code_wrote() -> None:
    data = workflow("review-comment.yml")
    assert data["on"]["workflow_run"]["workflows"] == ["Controle"]
    assert workflow("check.yml")["name"] == "Controle"
    jobs = data["jobs"]
    find, report, post = jobs["pull-request"], jobs["verslag"], jobs["reactie"]
    # 1. the number comes from the workflow_run event and the API, never from a file
    finder = next(s for s in job_steps(find) if "github-script" in s.get("uses", ""))
    assert "findPullRequest" in finder["with"]["script"]
    assert "context.payload.workflow_run" in finder["with"]["script"]
    assert writes(find) == set()
    # 2. the default branch's wijs reviews the pull request's files, read-only
    assert report["permissions"] == {"contents": "read"}
    trusted, pull_request = checkouts(report)
    assert "ref" not in trusted["with"]  # the default branch
    assert pull_request["with"]["ref"] == "${{ needs.pull-request.outputs.head-sha }}"
    assert pull_request["with"]["path"] == "pull-request"
    assert "wijs pull-request pull-request" in runs({"jobs": {"v": report}})
    # 3. the job that writes runs no wijs and holds none of the pull request's files
    assert writes(post) == {"pull-requests"}
    assert not runs_wijs(post)
    assert all("ref" not in c.get("with", {}) for c in checkouts(post))
    download = next(s for s in job_steps(post) if "download-artifact" in s.get("uses", ""))
    assert "run-id" not in download["with"]  # this run's artifact, not the checked run's
    scripts = "\n".join(
        s["with"]["script"] for s in job_steps(post) if "script" in s.get("with", {})
    )
    assert "process.env.PR_NUMBER" in scripts and "pr-number" not in scripts
    assert "vocabularyTeams" in scripts and "known" in scripts
    for step in job_steps(post):
        if "script" in step.get("with", {}):
            assert step["env"]["PR_NUMBER"] == "${{ needs.pull-request.outputs.number }}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_grant_least_privilege(path: Path) -> None:
    data = workflow(path.name)
    assert data["permissions"] in ({}, {"contents": "read"}), "top-level: nothing or read"
    for name, job in data["jobs"].items():
        assert "permissions" in job, f"job {name} zegt niet welke rechten het nodig heeft"
        for checkout in checkouts(job):
            assert checkout.get("with", {}).get("persist-credentials") is False, name


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_shell_script(path: Path) -> None:
    # ${{ }} inside run: is pasted into the script before bash reads it: a branch name or a
    # title could become a command. Values go through env: instead.
    for step in steps(workflow(path.name)):
        assert "${{" not in step.get("run", ""), step.get("name", step["run"])


def holds_pull_request(checkout: dict[str, Any], events: set[str]) -> bool:
    """A checkout of the pull request's files: its head, or (the default) its merge commit."""
    ref = str(checkout.get("with", {}).get("ref", ""))
    if not ref:
        return "pull_request" in events  # pull_request checks out the merge commit by default
    return any(word in ref for word in ("head", "merge", "refs/pull"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_jobs_with_the_pull_requests_files_cannot_write_or_run_them(path: Path) -> None:
    data = workflow(path.name)
    events = set(data["on"])
    for name, job in data["jobs"].items():
        held = [c for c in checkouts(job) if holds_pull_request(c, events)]
        if not held:
            continue
        assert writes(job) == set(), f"{name} heeft de bestanden van de pull request"
        assert "secrets." not in yaml.safe_dump(job), name
        # beside the trusted code, never in its place: wijs and scripts/ are the base's
        assert all(c["with"].get("path") for c in held), name


def test_the_trust_rules_catch_the_old_check_workflow() -> None:
    # the check as it was: the pull request's own scripts/wijs judged it, with a write token
    old = {
        "on": {"pull_request": {}},
        "jobs": {
            "controle": {
                "permissions": {"contents": "read", "pull-requests": "write"},
                "steps": [
                    {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}},
                    {"run": "wijs review --changed-since x"},
                ],
            }
        },
    }
    [checkout] = checkouts(old["jobs"]["controle"])
    assert holds_pull_request(checkout, set(old["on"]))
    assert writes(old["jobs"]["controle"]) == {"pull-requests"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_scripts_pass_shellcheck(path: Path, tmp_path: Path) -> None:
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck ontbreekt: draai scripts/bootstrap --with-browser"
    for number, step in enumerate(steps(workflow(path.name))):
        if "run" not in step:
            continue
        script = tmp_path / f"step-{number}.sh"
        # GitHub runs run: with bash -e on ubuntu-latest
        script.write_text("#!/usr/bin/env bash\nset -e\n" + step["run"], encoding="utf-8")
        done = subprocess.run(
            [shellcheck, "--shell=bash", "--severity=style", str(script)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"{step.get('name', number)}:\n{done.stdout}"


def test_codeowners_gives_maintainers_everything_but_report_folders() -> None:
    lines = [
        line.split()
        for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0][0] == "*" and lines[0][1].startswith("@")
    assert ["/research/20*/*/"] in lines  # later lines win: no owner for a report folder


def test_preview_workflow_builds_the_site_with_drafts_and_points_to_the_online_preview() -> None:
    data = workflow("preview.yml")
    assert "pull_request" in data["on"]
    trusted = checkouts(data["jobs"]["voorbeeld"])[0]
    assert trusted["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert 'wijs pull-request pull-request --base "$BASE_SHA"' in runs(data)
    assert "wijs build --preview --site-dir voorbeeld-site" in runs(data)
    # no zip whose links break when opened from disk: the preview has an address
    assert "actions/upload-artifact" not in uses(data)
    assert "Voorbeeld online" in runs(data)


def test_deploy_workflow_publishes_main_on_github_pages_daily_for_embargoes() -> None:
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["on"]["schedule"]  # an embargo lifts at the first build on its date
    assert data["jobs"]["bouwen"]["permissions"] == {"contents": "read"}
    assert data["jobs"]["publiceren"]["permissions"] == {"contents": "write"}
    assert "wijs build --site-dir site" in runs(data)
    assert "--preview" not in runs(data)
    assert "bash .github/scripts/pages-branch.sh site site" in runs(data)
    assert not runs_wijs(data["jobs"]["publiceren"])


def test_pull_request_template_has_the_students_checklist_in_dutch() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ]")]
    assert len(boxes) >= 6
    assert "consent" in text and "toestemming" in text.lower()
    assert "herkenbaar" in text and "status" in text


NODE_TEST = r"""
const { postReview, requestTeams, findPullRequest, vocabularyTeams, MARKER } = require(process.argv[2]);
const calls = [];
let comments = [
  { id: 1, user: { type: 'User' }, body: MARKER + ' citeerde een student' },
  { id: 2, user: { type: 'Bot' }, body: 'Andere bot' },
];
const pr = (number, sha, repo, state = 'open') => ({
  number, state, head: { sha, repo: { full_name: repo } },
  base: { repo: { full_name: 'wijs-groningen/onderzoeksbank' }, sha: 'basis' },
});
const pulls = {
  7: pr(7, 'abc', 'student/onderzoeksbank'),
  8: pr(8, 'abc', 'wijs-groningen/onderzoeksbank'),
  9: pr(9, 'ouder', 'wijs-groningen/onderzoeksbank'),
};
const github = {
  paginate: async (fn, args) => (fn === github.rest.pulls.list
    ? (calls.push(['list', args.head]), [pr(5, 'abc', 'ander/onderzoeksbank'), pulls[7]])
    : comments),
  rest: {
    issues: {
      listComments: () => {},
      createComment: async (a) => { calls.push(['create', a.issue_number, a.body]);
        comments.push({ id: 3, user: { type: 'Bot' }, body: a.body }); },
      updateComment: async (a) => { calls.push(['update', a.comment_id, a.body]); },
    },
    pulls: {
      list: () => {},
      get: async (a) => ({ data: pulls[a.pull_number] }),
      requestReviewers: async (a) => { calls.push(['teams', a.pull_number, a.team_reviewers]); },
    },
  },
};
const context = { repo: { owner: 'wijs-groningen', repo: 'onderzoeksbank' } };
const core = { warning: (m) => calls.push(['warning', m]) };
const known = vocabularyTeams(
  'institutions:\n  - id: hanze\n    review_team: wijs-groningen/docenten-hanze  # docenten\n');
(async () => {
  const first = await postReview({ github, context, issueNumber: 7, body: MARKER + '\neerste' });
  const second = await postReview({ github, context, issueNumber: 7, body: 'tweede' });
  let refused = '';
  try { await postReview({ github, context, issueNumber: NaN, body: 'x' }); }
  catch (e) { refused = e.message; }
  const asked = await requestTeams({ github, context, core, pullNumber: 7, known,
    teams: ['wijs-groningen/docenten-hanze', 'wijs-groningen/docenten-hanze', 'evil/owners'] });
  github.rest.pulls.requestReviewers = async () => { throw new Error('Not Found'); };
  const failed = await requestTeams({ github, context, core, pullNumber: 7, known,
    teams: ['wijs-groningen/docenten-hanze'] });
  const headRepo = (name) => ({ full_name: name, owner: { login: name.split('/')[0] } });
  const fork = await findPullRequest({ github, context, run: { head_sha: 'abc',
    head_branch: 'main', head_repository: headRepo('student/onderzoeksbank'), pull_requests: [] } });
  const own = await findPullRequest({ github, context, run: { head_sha: 'abc',
    head_branch: 'rapport', head_repository: headRepo('wijs-groningen/onderzoeksbank'),
    pull_requests: [{ number: 9 }, { number: 8 }] } });
  const stale = await findPullRequest({ github, context, run: { head_sha: 'nieuw',
    head_branch: 'main', head_repository: headRepo('student/onderzoeksbank'), pull_requests: [] } });
  console.log(JSON.stringify({ first, second, refused, known, asked, failed,
    fork: fork && fork.number, own: own && own.number, stale, calls }));
})();
"""


def test_review_comment_is_created_once_and_then_updated(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "node ontbreekt (GitHub Actions voert post-review.js uit met node)"
    test = tmp_path / "test.js"
    test.write_text(NODE_TEST, encoding="utf-8")
    script = str(GITHUB / "scripts" / "post-review.js")
    done = subprocess.run([node, str(test), script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["first"] == "created" and result["second"] == "updated"
    assert "Geen geldig pull-requestnummer" in result["refused"]
    create, update, teams, warning, *_ = result["calls"]
    assert create[:2] == ["create", 7]
    assert update[:2] == ["update", 3]  # the bot's own comment, not the student's quote
    assert update[2] == "<!-- wijs-review -->\ntweede"
    # only teams the default branch's vocabulary names are asked
    assert result["known"] == ["wijs-groningen/docenten-hanze"]
    assert teams == ["teams", 7, ["docenten-hanze"]]
    assert result["asked"] == ["docenten-hanze"] and result["failed"] == []
    assert warning[0] == "warning" and "WIJS_REVIEW_TOKEN" in warning[1]


def test_pull_request_of_a_run_is_found_by_its_head_commit_and_repository(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "node ontbreekt (GitHub Actions voert post-review.js uit met node)"
    test = tmp_path / "test.js"
    test.write_text(NODE_TEST, encoding="utf-8")
    script = str(GITHUB / "scripts" / "post-review.js")
    done = subprocess.run([node, str(test), script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    # a fork's run lists no pull request: its branch is searched, and only the pull request
    # from that fork with that very commit counts (not another fork's branch of the same name)
    assert result["fork"] == 7
    assert ["list", "student:main"] in result["calls"]
    # a run in this repository: the listed pull request whose head is the run's commit
    assert result["own"] == 8
    # a run for an older commit of the pull request: no comment at all
    assert result["stale"] is None


def test_submission_workflow_converts_read_only_and_writes_without_running_wijs() -> None:
    data = workflow("indienen.yml")
    assert data["on"]["issues"]["types"] == ["opened", "edited"]
    convert, publish = data["jobs"]["omzetten"], data["jobs"]["pull-request"]
    assert "indiening" in convert["if"]  # the form's label
    assert convert["permissions"] == {"contents": "read"}
    assert 'wijs indienen "$GITHUB_EVENT_PATH"' in runs({"jobs": {"o": convert}})
    assert all("ref" not in c.get("with", {}) for c in checkouts(convert))  # default branch
    assert writes(publish) == {"contents", "pull-requests", "issues"}
    assert not runs_wijs(publish)
    assert [c["with"]["sparse-checkout"] for c in checkouts(publish)] == [".github/scripts"]
    script = next(s for s in job_steps(publish) if "github-script" in s.get("uses", ""))
    assert "openPullRequest" in script["with"]["script"]
    assert script["env"]["ISSUE_NUMBER"] == "${{ github.event.issue.number }}"


def test_upload_workflow_converts_with_base_code_and_commits_through_the_api() -> None:
    data = workflow("omzetten.yml")
    assert "pull_request_target" in data["on"]  # base workflow, base code
    convert, commit = data["jobs"]["omzetten"], data["jobs"]["vastleggen"]
    assert convert["permissions"] == {"contents": "read"}
    trusted, pull_request = checkouts(convert)
    assert "ref" not in trusted["with"]
    assert pull_request["with"]["path"] == "pull-request"
    assert "wijs omzetten pull-request" in runs({"jobs": {"o": convert}})
    assert writes(commit) == {"contents", "pull-requests"}
    assert not runs_wijs(commit)
    assert all("ref" not in c.get("with", {}) for c in checkouts(commit))
    script = next(s for s in job_steps(commit) if "github-script" in s.get("uses", ""))
    assert "commitConversions" in script["with"]["script"]
    assert script["env"]["SAME_REPOSITORY"].startswith("${{ github.event.pull_request.head.repo")


SUBMISSION_TEST = r"""
const fs = require('fs');
const path = require('path');
const { openPullRequest, commitConversions, reportFiles } = require(process.argv[2]);
const root = process.argv[3];
const calls = [];
let refExists = false;
let moved = false;
const github = {
  rest: {
    git: {
      getRef: async (a) => ({ data: { object: { sha: 'main-sha' } } }),
      getCommit: async (a) => ({ data: { sha: a.commit_sha, tree: { sha: 'tree-' + a.commit_sha } } }),
      createBlob: async (a) => ({ data: { sha: 'blob-' + Buffer.from(a.content, 'base64').length } }),
      createTree: async (a) => { calls.push(['tree', a.base_tree, a.tree]); return { data: { sha: 'nieuwe-tree' } }; },
      createCommit: async (a) => { calls.push(['commit', a.parents, a.message]); return { data: { sha: 'nieuwe-commit' } }; },
      createRef: async (a) => { if (refExists) { const e = new Error('exists'); e.status = 422; throw e; }
        calls.push(['ref', a.ref, a.sha]); },
      updateRef: async (a) => { if (moved) { const e = new Error('not ff'); e.status = 422; throw e; }
        calls.push(['update', a.ref, a.sha, a.force]); },
    },
    pulls: { create: async (a) => { calls.push(['pr', a.head, a.base, a.title]);
      return { data: { number: 5, html_url: 'https://github.com/x/y/pull/5' } }; } },
  },
};
const context = { repo: { owner: 'wijs-groningen', repo: 'onderzoeksbank' },
  payload: { repository: { default_branch: 'main' } } };
(async () => {
  const opened = await openPullRequest({ github, context, root, issueNumber: 12 });
  refExists = true;
  const again = await openPullRequest({ github, context, root, issueNumber: 12 });
  const committed = await commitConversions({ github, context, root, branch: 'upload', headSha: 'kop' });
  moved = true;
  const late = await commitConversions({ github, context, root, branch: 'upload', headSha: 'kop' });
  const refusals = [];
  for (const folder of ['research/2024/../../.github', '.github/workflows', 'research/2024/a b']) {
    try { reportFiles(root, folder); } catch (e) { refusals.push(e.message); }
  }
  fs.symlinkSync('/etc/passwd', path.join(root, 'research/2024/mijn-rapport/figures/passwd'));
  try { reportFiles(root, 'research/2024/mijn-rapport'); } catch (e) { refusals.push(e.message); }
  console.log(JSON.stringify({ opened, again, committed, late, refusals, calls }));
})();
"""


def test_report_reaches_the_repository_through_the_git_api_only_as_its_own_files(
    tmp_path: Path,
) -> None:
    node = shutil.which("node")
    assert node, "node ontbreekt (GitHub Actions voert de scripts uit met node)"
    root = tmp_path / "artefact"
    folder = root / "research" / "2024" / "mijn-rapport"
    (folder / "figures").mkdir(parents=True)
    (folder / "index.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (folder / "figures" / "figuur-1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "result.json").write_text(
        json.dumps(
            {
                "folder": "research/2024/mijn-rapport",
                "pull_request_title": "Onderzoek: Mijn rapport",
                "converted": [
                    {
                        "source": "research/2024/Mijn rapport.docx",
                        "folder": "research/2024/mijn-rapport",
                    },
                    {"source": "research/2024/kapot.docx", "folder": ""},
                ],
            }
        ),
        encoding="utf-8",
    )
    (root / "pull-request.md").write_text("Closes #12\n", encoding="utf-8")
    test = tmp_path / "test.js"
    test.write_text(SUBMISSION_TEST, encoding="utf-8")
    script = str(GITHUB / "scripts" / "submission.js")
    done = subprocess.run(
        [node, str(test), script, str(root)], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    assert result["opened"] == {
        "branch": "indiening/12",
        "exists": False,
        "number": 5,
        "url": "https://github.com/x/y/pull/5",
    }
    assert result["again"] == {"branch": "indiening/12", "exists": True}
    assert result["committed"] is True and result["late"] is False
    trees = [c for c in result["calls"] if c[0] == "tree"]
    first = trees[0]
    assert first[1] == "tree-main-sha"
    assert [e["path"] for e in first[2]] == [
        "research/2024/mijn-rapport/figures/figuur-1.png",
        "research/2024/mijn-rapport/index.md",
    ]
    assert ["ref", "refs/heads/indiening/12", "nieuwe-commit"] in result["calls"]
    assert ["pr", "indiening/12", "main", "Onderzoek: Mijn rapport"] in result["calls"]
    upload_tree = trees[2]
    assert upload_tree[1] == "tree-kop"
    deleted = [e for e in upload_tree[2] if e["sha"] is None]
    assert [e["path"] for e in deleted] == ["research/2024/Mijn rapport.docx"]
    assert ["update", "heads/upload", "nieuwe-commit", False] in result["calls"]
    assert len(result["refusals"]) == 4
    assert "Geen gewoon bestand" in result["refusals"][-1]


def test_online_preview_is_built_by_base_code_and_published_without_it() -> None:
    data = workflow("voorbeeld-online.yml")
    assert data["on"]["pull_request_target"]["types"] == [
        "opened",
        "synchronize",
        "reopened",
        "closed",
    ]
    build, publish, cleanup = (data["jobs"][j] for j in ("bouwen", "publiceren", "opruimen"))
    assert build["permissions"] == {"contents": "read"}
    script = runs({"jobs": {"b": build}})
    assert 'wijs pull-request pull-request --base "$BASE_SHA"' in script
    assert "wijs build --preview --site-dir wijs-voorbeeld/site" in script
    assert 'select(.severity == "error")' in script  # no preview with privacy findings
    for job in (publish, cleanup):
        assert not runs_wijs(job)
        assert "contents" in writes(job)
        assert 'pages-branch.sh preview "$PR_NUMBER"' in runs({"jobs": {"j": job}})
    assert cleanup["if"] == "github.event.action == 'closed'"


def _git_here(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
        },
    )
    return done.stdout


def test_site_and_previews_share_the_pages_branch_without_overwriting_each_other(
    tmp_path: Path,
) -> None:
    remote = tmp_path / "remote.git"
    _git_here(tmp_path, "init", "-q", "--bare", str(remote))
    script = str(GITHUB / "scripts" / "pages-branch.sh")
    env = {**os.environ, "PAGES_REMOTE": str(remote)}

    def run(*args: str) -> None:
        subprocess.run(
            ["bash", script, *args],
            cwd=tmp_path,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )

    def files() -> set[str]:
        listing = _git_here(remote, "ls-tree", "-r", "--name-only", "gh-pages")
        return set(listing.split())

    site, preview = tmp_path / "site", tmp_path / "voorbeeld"
    for folder, text in ((site, "site 1"), (preview, "voorbeeld")):
        (folder / "_assets").mkdir(parents=True)
        (folder / "index.html").write_text(text, encoding="utf-8")
        (folder / "_assets" / "app.js").write_text("//", encoding="utf-8")
    run("site", str(site))  # the first time: the branch does not exist yet
    run("preview", "7", str(preview))
    (site / "index.html").write_text("site 2", encoding="utf-8")
    (site / "_assets" / "app.js").unlink()
    run("site", str(site))
    assert files() == {
        ".nojekyll",
        "index.html",
        "_assets",
        "voorbeeld/pr-7/index.html",
        "voorbeeld/pr-7/_assets/app.js",
    } - {"_assets"}
    assert _git_here(remote, "show", "gh-pages:index.html") == "site 2"
    run("preview", "7")  # the pull request closed
    assert files() == {".nojekyll", "index.html"}
    with pytest.raises(subprocess.CalledProcessError):
        run("preview", "7; rm -rf /", str(preview))


PREVIEW_TEST = r"""
const { previewComment, pagesAddress } = require(process.argv[2]);
const context = { repo: { owner: 'Wijs-Groningen', repo: 'onderzoeksbank' } };
(async () => {
  const custom = await pagesAddress({ github: { rest: { repos: { getPages: async () =>
    ({ data: { html_url: 'https://onderzoek.wijs.nl' } }) } } }, context });
  const fallback = await pagesAddress({ github: { rest: { repos: { getPages: async () => {
    throw new Error('Forbidden'); } } } }, context });
  console.log(JSON.stringify({ custom, fallback,
    shown: previewComment({ base: custom, number: 7, sha: 'abcdef1234' }),
    privacy: previewComment({ base: custom, number: 7, privacy: 2 }),
    removed: previewComment({ number: 7, removed: true }) }));
})();
"""


def test_preview_comment_gives_the_address_or_says_why_there_is_none(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "node ontbreekt (GitHub Actions voert de scripts uit met node)"
    test = tmp_path / "test.js"
    test.write_text(PREVIEW_TEST, encoding="utf-8")
    script = str(GITHUB / "scripts" / "preview.js")
    done = subprocess.run([node, str(test), script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["custom"] == "https://onderzoek.wijs.nl/"
    assert result["fallback"] == "https://wijs-groningen.github.io/onderzoeksbank/"
    assert result["shown"].startswith("<!-- wijs-voorbeeld -->")
    assert "**https://onderzoek.wijs.nl/voorbeeld/pr-7/** (versie `abcdef1`)" in result["shown"]
    assert "voorbeeld/pr-7" not in result["privacy"] and "persoonsgegeven" in result["privacy"]
    assert "verwijderd" in result["removed"]


def test_the_workflows_shell_scripts_pass_shellcheck() -> None:
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck ontbreekt: draai scripts/bootstrap --with-browser"
    scripts = sorted((GITHUB / "scripts").glob("*.sh"))
    assert scripts
    done = subprocess.run([shellcheck, *map(str, scripts)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
