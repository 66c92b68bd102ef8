// The WIJS review on a pull request: one comment, found again by its hidden marker and updated,
// so a pull request never collects a pile of review comments. Used by actions/github-script in
// .github/workflows/check.yml (pull requests from this repository) and review-comment.yml (forks).
'use strict';

const MARKER = '<!-- wijs-review -->';
const MAX_LENGTH = 65000; // GitHub refuses comments over 65,536 characters

function prepare(body) {
  let text = body.startsWith(MARKER) ? body : `${MARKER}\n${body}`;
  if (text.length > MAX_LENGTH) {
    text = `${text.slice(0, MAX_LENGTH)}\n\n… (ingekort: draai \`wijs review\` voor het hele verslag)`;
  }
  return text;
}

async function postReview({ github, context, issueNumber, body }) {
  const { owner, repo } = context.repo;
  const text = prepare(body);
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const earlier = comments.find(
    (c) => c.user && c.user.type === 'Bot' && typeof c.body === 'string' && c.body.startsWith(MARKER),
  );
  if (earlier) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: earlier.id, body: text });
    return 'updated';
  }
  await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: text });
  return 'created';
}

// Ask the docents' team of the report's institution (vocabulary.yml: review_team) to review.
// GitHub's default token may not request team reviews; then a warning explains what to set up.
async function requestTeams({ github, context, core, pullNumber, teams }) {
  const slugs = [...new Set(teams.map((t) => t.split('/').pop()).filter(Boolean))];
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

module.exports = { MARKER, prepare, postReview, requestTeams };
