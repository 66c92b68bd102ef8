#!/usr/bin/env bash
# The gh-pages branch that GitHub Pages serves: the public site at its root, one preview per
# open pull request under voorbeeld/pr-<number>/. Every writer touches only its own part, so
# a push that lost a race is simply redone on top of the other one.
#
#   pages-branch.sh site SOURCE          the public site (everything but voorbeeld/)
#   pages-branch.sh preview NUMBER SOURCE  voorbeeld/pr-NUMBER/ (SOURCE empty: removed)
#
# Needs GH_TOKEN and GITHUB_REPOSITORY in the environment.
set -euo pipefail

# PAGES_REMOTE: another remote, for the tests
remote="${PAGES_REMOTE:-https://x-access-token:${GH_TOKEN:-}@github.com/${GITHUB_REPOSITORY:-}.git}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

checkout() {
  rm -rf "$work/pages"
  if ! git clone --quiet --depth 1 --branch gh-pages "$remote" "$work/pages" 2>/dev/null; then
    git init --quiet "$work/pages"
    git -C "$work/pages" checkout --quiet --orphan gh-pages
  fi
  touch "$work/pages/.nojekyll" # serve folders that start with _ as they are
}

place() {
  local kind="$1" source="$2" number="${3:-}"
  if [ "$kind" = "site" ]; then
    # the public site has no folder voorbeeld/ of its own: that name is the previews'
    find "$work/pages" -mindepth 1 -maxdepth 1 ! -name .git ! -name voorbeeld \
      ! -name .nojekyll -exec rm -rf {} +
    cp -R "$source/." "$work/pages/"
  else
    rm -rf "$work/pages/voorbeeld/pr-$number"
    if [ -n "$source" ]; then
      mkdir -p "$work/pages/voorbeeld/pr-$number"
      cp -R "$source/." "$work/pages/voorbeeld/pr-$number/"
    fi
  fi
}

publish() {
  local message="$1"
  git -C "$work/pages" add -A
  if git -C "$work/pages" diff --cached --quiet; then
    echo "Niets veranderd op gh-pages."
    return 0
  fi
  git -C "$work/pages" -c user.name="github-actions[bot]" \
    -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
    commit --quiet -m "$message"
  git -C "$work/pages" push --quiet "$remote" HEAD:gh-pages
}

kind="${1:?site of preview}"
case "$kind" in
  site) source="${2:?bronmap}"; number="" ;;
  preview)
    number="${2:?nummer van de pull request}"
    source="${3:-}"
    [[ "$number" =~ ^[0-9]+$ ]] || { echo "Geen pull-requestnummer: $number" >&2; exit 2; }
    ;;
  *) echo "Onbekend: $kind (site of preview)" >&2; exit 2 ;;
esac

for attempt in 1 2 3 4 5; do
  checkout
  place "$kind" "$source" "$number"
  if publish "${kind} ${number}: $(date -u +%Y-%m-%dT%H:%MZ)"; then
    exit 0
  fi
  echo "gh-pages is intussen veranderd; poging $attempt opnieuw." >&2
  sleep $((attempt * 3))
done
exit 1
