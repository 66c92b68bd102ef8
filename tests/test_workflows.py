"""The GitHub side: workflows that validate against GitHub's schema and do what the guides
promise, the pull-request template, and the script that keeps one review comment up to date."""

from __future__ import annotations

import json
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


def test_check_workflow_annotates_changed_reports_and_updates_one_review_comment() -> None:
    data = workflow("check.yml")
    assert "pull_request" in data["on"]
    assert data["permissions"]["pull-requests"] == "write"
    checkout = next(s for s in steps(data) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # needed for git diff against the base
    script = runs(data)
    assert 'wijs review --changed-since "$BASE_SHA" --format markdown' in script
    assert 'wijs review --changed-since "$BASE_SHA" --format json' in script
    assert 'wijs check --format github "${reports[@]}"' in script
    github_scripts = [
        s["with"]["script"] for s in steps(data) if "github-script" in s.get("uses", "")
    ]
    assert any("postReview" in s for s in github_scripts)
    assert any("review_teams" in s and "requestTeams" in s for s in github_scripts)
    # the check runs last, so a failing check still leaves the review comment
    assert "wijs check" in steps(data)[-1]["run"]


def test_fork_pull_requests_get_their_comment_from_a_trusted_workflow() -> None:
    data = workflow("review-comment.yml")
    assert data["on"]["workflow_run"]["workflows"] == ["Controle"]
    assert workflow("check.yml")["name"] == "Controle"
    assert "actions/download-artifact" in uses(data)
    assert not any("wijs " in step.get("run", "") for step in steps(data))  # runs no PR code


def test_preview_workflow_builds_drafts_into_a_downloadable_artifact() -> None:
    data = workflow("preview.yml")
    assert "pull_request" in data["on"]
    assert "wijs build --preview --site-dir voorbeeld-site" in runs(data)
    upload = next(s for s in steps(data) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].rstrip("/") == "voorbeeld-site"


def test_deploy_workflow_publishes_main_on_github_pages_daily_for_embargoes() -> None:
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["on"]["schedule"]  # an embargo lifts at the first build on its date
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert "wijs build --site-dir site" in runs(data)
    assert "--preview" not in runs(data)
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses(data))
    deploy = data["jobs"]["publiceren"]
    assert deploy["environment"]["name"] == "github-pages"


def test_pull_request_template_has_the_students_checklist_in_dutch() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ]")]
    assert len(boxes) >= 6
    assert "consent" in text and "toestemming" in text.lower()
    assert "herkenbaar" in text and "status" in text


NODE_TEST = r"""
const { postReview, requestTeams, MARKER } = require(process.argv[2]);
const calls = [];
let comments = [
  { id: 1, user: { type: 'User' }, body: MARKER + ' citeerde een student' },
  { id: 2, user: { type: 'Bot' }, body: 'Andere bot' },
];
const github = {
  paginate: async (fn, args) => comments,
  rest: {
    issues: {
      listComments: () => {},
      createComment: async (a) => { calls.push(['create', a.issue_number, a.body]);
        comments.push({ id: 3, user: { type: 'Bot' }, body: a.body }); },
      updateComment: async (a) => { calls.push(['update', a.comment_id, a.body]); },
    },
    pulls: {
      requestReviewers: async (a) => { calls.push(['teams', a.pull_number, a.team_reviewers]); },
    },
  },
};
const context = { repo: { owner: 'wijs-groningen', repo: 'onderzoeksbank' } };
const core = { warning: (m) => calls.push(['warning', m]) };
(async () => {
  const first = await postReview({ github, context, issueNumber: 7, body: MARKER + '\neerste' });
  const second = await postReview({ github, context, issueNumber: 7, body: 'tweede' });
  const asked = await requestTeams({ github, context, core, pullNumber: 7,
    teams: ['wijs-groningen/docenten-hanze', 'wijs-groningen/docenten-hanze'] });
  github.rest.pulls.requestReviewers = async () => { throw new Error('Not Found'); };
  const failed = await requestTeams({ github, context, core, pullNumber: 7, teams: ['x/y'] });
  console.log(JSON.stringify({ first, second, asked, failed, calls }));
})();
"""


def test_review_comment_is_created_once_and_then_updated(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    test = tmp_path / "test.js"
    test.write_text(NODE_TEST, encoding="utf-8")
    script = str(GITHUB / "scripts" / "post-review.js")
    done = subprocess.run([node, str(test), script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["first"] == "created" and result["second"] == "updated"
    create, update, teams, warning = result["calls"]
    assert create[:2] == ["create", 7]
    assert update[:2] == ["update", 3]  # the bot's own comment, not the student's quote
    assert update[2] == "<!-- wijs-review -->\ntweede"
    assert teams == ["teams", 7, ["docenten-hanze"]]
    assert result["asked"] == ["docenten-hanze"] and result["failed"] == []
    assert warning[0] == "warning" and "WIJS_REVIEW_TOKEN" in warning[1]
