// The one comment on a pull request with the address of its preview site, used by
// .github/workflows/voorbeeld-online.yml.
'use strict';

const PREVIEW_MARKER = '<!-- wijs-voorbeeld -->';

// The address GitHub Pages serves this repository at (a custom domain too), ending in '/'.
async function pagesAddress({ github, context }) {
  const { owner, repo } = context.repo;
  try {
    const { data } = await github.rest.repos.getPages({ owner, repo });
    if (data && typeof data.html_url === 'string' && /^https:\/\//.test(data.html_url)) {
      return data.html_url.replace(/\/?$/, '/');
    }
  } catch (error) {
    // Pages not readable with this token: GitHub's default address
  }
  return `https://${owner.toLowerCase()}.github.io/${repo}/`;
}

function previewComment({ base = '', number, privacy = 0, sha = '', removed = false }) {
  if (removed) {
    return `${PREVIEW_MARKER}\n### Voorbeeldsite\n\nDe pull request is gesloten; het voorbeeld is verwijderd.\n`;
  }
  if (privacy > 0) {
    return (
      `${PREVIEW_MARKER}\n### Voorbeeldsite\n\nEr is nu geen voorbeeld online: de controle vond ` +
      `${privacy} mogelijke persoonsgegeven(s). Los die eerst op (zie de reactie **WIJS-review**); ` +
      'daarna komt het voorbeeld vanzelf terug.\n'
    );
  }
  const url = `${base}voorbeeld/pr-${number}/`;
  const commit = /^[0-9a-f]{7,40}$/.test(sha) ? ` (versie \`${sha.slice(0, 7)}\`)` : '';
  return (
    `${PREVIEW_MARKER}\n### Voorbeeldsite\n\n**${url}**${commit}\n\n` +
    'De hele site met dit rapport erin; rapporten die nog niet zijn goedgekeurd hebben de ' +
    'banner *concept*. Na een wijziging staat het nieuwe voorbeeld er binnen een paar minuten. ' +
    'Zoeken werkt ook. Het voorbeeld verdwijnt als de pull request sluit.\n'
  );
}

module.exports = { PREVIEW_MARKER, pagesAddress, previewComment };
