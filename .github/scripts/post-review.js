// The WIJS review on a pull request: one comment, found again by its hidden marker and updated,
// so a pull request never collects a pile of review comments. Used by actions/github-script in
// .github/workflows/review-comment.yml, always from the default branch (never a pull request's
// copy of this file): it finds the pull request of a finished "Controle" run, posts the review
// the default branch's wijs wrote, and asks only the teams of the default branch's vocabulary.
'use strict';

const MARKER = '<!-- wijs-review -->';
const MAX_LENGTH = 65000; // GitHub refuses comments over 65,536 characters

function prepare(body, marker = MARKER) {
  let text = body.startsWith(marker) ? body : `${marker}\n${body}`;
  if (text.length > MAX_LENGTH) {
    text = `${text.slice(0, MAX_LENGTH)}\n\n… (ingekort: draai \`wijs review\` voor het hele verslag)`;
  }
  return text;
}

// `marker` tells this comment apart from the bot's others (the submission's, on an issue).
async function postReview({ github, context, issueNumber, body, marker = MARKER }) {
  if (!Number.isInteger(issueNumber) || issueNumber <= 0) {
    throw new Error(`Geen geldig pull-requestnummer: ${issueNumber}`);
  }
  const { owner, repo } = context.repo;
  const text = prepare(body, marker);
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const earlier = comments.find(
    (c) => c.user && c.user.type === 'Bot' && typeof c.body === 'string' && c.body.startsWith(marker),
  );
  if (earlier) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: earlier.id, body: text });
    return 'updated';
  }
  await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: text });
  return 'created';
}

// The open pull request of this repository whose head is the commit a workflow_run ran on, from
// the same repository as that run: taken from the event and GitHub's API, never from a file the
// run left behind. The run's own list is empty for forks; then the head branch is searched.
async function findPullRequest({ github, context, run }) {
  const { owner, repo } = context.repo;
  const headRepo = run.head_repository ? run.head_repository.full_name : '';
  const matches = (pr) =>
    pr.state === 'open' &&
    pr.head.sha === run.head_sha &&
    pr.head.repo !== null &&
    pr.head.repo.full_name === headRepo &&
    pr.base.repo.full_name === `${owner}/${repo}`;
  for (const ref of run.pull_requests || []) {
    const { data } = await github.rest.pulls.get({ owner, repo, pull_number: ref.number });
    if (matches(data)) {
      return data;
    }
  }
  if (!run.head_repository || !run.head_branch) {
    return null;
  }
  const open = await github.paginate(github.rest.pulls.list, {
    owner,
    repo,
    state: 'open',
    head: `${run.head_repository.owner.login}:${run.head_branch}`,
    per_page: 100,
  });
  return open.find(matches) || null;
}

// The review teams vocabulary.yml names (`review_team: org/team`), read from the default branch.
function vocabularyTeams(text) {
  const found = [];
  for (const match of text.matchAll(/^\s*review_team:\s*["']?([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)["']?\s*(?:#.*)?$/gm)) {
    found.push(match[1]);
  }
  return found;
}

// Ask the docents' team of the report's institution (vocabulary.yml: review_team) to review,
// only teams in `known` (the default branch's vocabulary). GitHub's default token may not
// request team reviews; then a warning explains what to set up.
async function requestTeams({ github, context, core, pullNumber, teams, known }) {
  const allowed = new Set(known);
  const slugs = [
    ...new Set(
      (Array.isArray(teams) ? teams : [])
        .filter((t) => typeof t === 'string' && allowed.has(t))
        .map((t) => t.split('/').pop())
        .filter(Boolean),
    ),
  ];
  if (slugs.length === 0) {
    return [];
  }
  const { owner, repo } = context.repo;
  try {
    await github.rest.pulls.requestReviewers({ owner, repo, pull_number: pullNumber, team_reviewers: slugs });
  } catch (error) {
    core.warning(
      `Kon geen beoordeling vragen aan ${slugs.join(', ')}: ${error.message}. ` +
        'Zet een token met leesrechten op de teams van de organisatie als secret WIJS_REVIEW_TOKEN ' +
        'en geef de teams leesrechten op deze repository (zie docs/beheer.md).',
    );
    return [];
  }
  return slugs;
}

module.exports = { MARKER, prepare, postReview, findPullRequest, vocabularyTeams, requestTeams };
