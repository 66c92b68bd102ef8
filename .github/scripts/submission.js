// Puts a report folder (or a question of the vraagbank) that the default branch's wijs made
// (downloaded as an artifact of the same run) into the repository through GitHub's Git API: no
// checkout of anyone's files, no code but this. Used by .github/workflows/indienen.yml (a new
// branch and pull request for an issue made with a form) and omzetten.yml (a commit on the pull
// request's own branch).
'use strict';

const fs = require('fs');
const path = require('path');

const MARKER = '<!-- wijs-indienen -->';
const FOLDER = /^research\/[0-9]{4}\/[a-z0-9]+(-[a-z0-9]+)*$/;
const QUESTION = /^research\/vragen\/[a-z0-9]+(-[a-z0-9]+)*\.md$/;
const UPLOAD = /^research\/[^\0]+\.(docx|odt)$/i;

// Every regular file in `root/folder`, as repository paths; anything else is an error.
function reportFiles(root, folder) {
  if (typeof folder !== 'string' || !FOLDER.test(folder)) {
    throw new Error(`Geen rapportmap: ${JSON.stringify(folder)}`);
  }
  const found = [];
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        walk(child);
      } else if (entry.isFile()) {
        found.push(child);
      } else {
        throw new Error(`Geen gewoon bestand: ${child}`);
      }
    }
  };
  walk(folder);
  return found.sort();
}

// The one question file of the vraagbank, as a repository path; anything else is an error.
function questionFiles(root, file) {
  if (typeof file !== 'string' || !QUESTION.test(file)) {
    throw new Error(`Geen vraag: ${JSON.stringify(file)}`);
  }
  if (!fs.lstatSync(path.join(root, file)).isFile()) {
    throw new Error(`Geen gewoon bestand: ${file}`);
  }
  return [file];
}

// A commit on top of `parentSha` that adds `files` (read from `root`) and deletes `deleted`.
async function commitFiles({ github, context, root, parentSha, files, deleted = [], message }) {
  const { owner, repo } = context.repo;
  const { data: parent } = await github.rest.git.getCommit({ owner, repo, commit_sha: parentSha });
  const tree = [];
  for (const file of files) {
    const content = fs.readFileSync(path.join(root, file)).toString('base64');
    const { data: blob } = await github.rest.git.createBlob({ owner, repo, content, encoding: 'base64' });
    tree.push({ path: file, mode: '100644', type: 'blob', sha: blob.sha });
  }
  for (const file of deleted) {
    if (!UPLOAD.test(file) || file.split('/').includes('..')) {
      throw new Error(`Geen geüpload document: ${JSON.stringify(file)}`);
    }
    tree.push({ path: file, mode: '100644', type: 'blob', sha: null });
  }
  const { data: made } = await github.rest.git.createTree({ owner, repo, base_tree: parent.tree.sha, tree });
  const { data: commit } = await github.rest.git.createCommit({
    owner,
    repo,
    message,
    tree: made.sha,
    parents: [parent.sha],
  });
  return commit.sha;
}

// The form's report as branch indiening/<issue> (a question of the vraagbank: vraag/<issue>)
// and a pull request; an existing branch is left alone (the student may already be working on
// it) and reported as such.
async function openPullRequest({ github, context, root, issueNumber }) {
  const { owner, repo } = context.repo;
  const result = JSON.parse(fs.readFileSync(path.join(root, 'result.json'), 'utf8'));
  const base = context.payload.repository.default_branch;
  const question = Boolean(result.question);
  const branch = question ? `vraag/${issueNumber}` : `indiening/${issueNumber}`;
  const files = question ? questionFiles(root, result.question) : reportFiles(root, result.folder);
  const { data: head } = await github.rest.git.getRef({ owner, repo, ref: `heads/${base}` });
  const sha = await commitFiles({
    github,
    context,
    root,
    parentSha: head.object.sha,
    files,
    message: question
      ? `Vraag gesteld via het formulier (#${issueNumber})`
      : `Onderzoek ingediend via het formulier (#${issueNumber})`,
  });
  try {
    await github.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha });
  } catch (error) {
    if (error.status === 422) {
      return { branch, exists: true };
    }
    throw error;
  }
  const { data: pr } = await github.rest.pulls.create({
    owner,
    repo,
    head: branch,
    base,
    title: String(result.pull_request_title).slice(0, 250),
    body: fs.readFileSync(path.join(root, 'pull-request.md'), 'utf8'),
    maintainer_can_modify: true,
  });
  return { branch, exists: false, number: pr.number, url: pr.html_url };
}

// The converted uploads of a pull request as one commit on its branch, the uploaded files
// removed; refused (false) when the branch moved on since the conversion.
async function commitConversions({ github, context, root, branch, headSha }) {
  const { owner, repo } = context.repo;
  const result = JSON.parse(fs.readFileSync(path.join(root, 'result.json'), 'utf8'));
  const done = result.converted.filter((c) => c.folder);
  if (done.length === 0) {
    return false;
  }
  const files = done.flatMap((c) => reportFiles(root, c.folder));
  const sha = await commitFiles({
    github,
    context,
    root,
    parentSha: headSha,
    files,
    deleted: done.map((c) => c.source),
    message: 'Word-bestand omgezet naar een rapport',
  });
  try {
    await github.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha, force: false });
  } catch (error) {
    if (error.status === 422) {
      return false;
    }
    throw error;
  }
  return true;
}

module.exports = { MARKER, reportFiles, questionFiles, commitFiles, openPullRequest, commitConversions };
