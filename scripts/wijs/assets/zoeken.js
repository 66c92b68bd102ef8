// The /zoeken/ page of the WIJS Onderzoeksbank: faceted search on top of Pagefind's JS API.
// Filters combine with AND across facets and OR within one facet; every count shows how many
// reports you would see after ticking that value. Query and filters live in the URL.
// A query is read as `wijs search` reads it (wijs.search.analysis.query_words): punctuation
// out, lowercase, no diacritics, stop words out unless nothing else is left. When it finds
// little, "did you mean" loads the site's word list and follows wijs.search.suggest's rules.
// On a narrow screen the filters sit behind a button that says how many are ticked.
// The facets with few values (niveau, instelling, jaar, type) share one Pagefind filter whose
// value names all of a page's choices, e.g. "hbo,wo|hanze|2024|factsheet" (a smaller index):
// this script splits its counts per facet and turns ticked values into the matching combinations.

const PAGE_SIZE = 10;
const root = document.getElementById("wijs-zoeken");
const form = document.getElementById("wijs-zoekform");
const input = document.getElementById("wijs-q");
const statusLine = document.getElementById("wijs-status");
const list = document.getElementById("wijs-resultaten");
const more = document.getElementById("wijs-meer");
const clear = document.getElementById("wijs-wis");
const filterButton = document.getElementById("wijs-filterknop");
const filterCount = document.getElementById("wijs-filtertal");
const filterPanel = document.getElementById("wijs-filters");
const suggestLine = document.getElementById("wijs-suggestie");
const tips = document.getElementById("wijs-tips");
const messages = JSON.parse(root.dataset.messages);
const stopwords = new Set(JSON.parse(root.dataset.stopwords));
const wordsUrl = new URL(root.dataset.words, document.baseURI);
const FEW = Number(root.dataset.few);
const bodyMark = root.dataset.bodyMark; // where a record's body words start (site_index.py)
const MIN_LENGTH = 4;
const TITLE_WEIGHT = 20; // Pagefind's default is 5
const bundle = new URL(root.dataset.bundle, document.baseURI);
const facetNames = [...root.querySelectorAll("fieldset[data-facet]")].map((f) => f.dataset.facet);
const group = JSON.parse(root.dataset.group);

let pagefind = null;
let wordList = null; // loaded only when a query finds little
let totals = {};
let combinations = []; // every value of the shared filter on this site
let generation = 0;
let shown = [];
let shownCount = 0;

function queryWords(raw) {
  // wijs.search.analysis.query_words
  const cleaned = raw
    .replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "")
    .toLowerCase();
  const words = cleaned
    .split(/\s+/)
    .map((w) => w.normalize("NFD").replace(/\p{M}/gu, ""))
    .filter(Boolean);
  const content = words.filter((w) => !stopwords.has(w));
  return content.length ? content : words;
}

// -- did you mean: wijs.search.suggest -------------------------------------------------------
function distance(a, b, limit) {
  a = [...a];
  b = [...b];
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        current[j] = Math.min(current[j], before[j - 2] + 1);
      }
    }
    if (Math.min(...current) > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

function nearest(word, list) {
  const limit = [...word].length <= 5 ? 1 : 2;
  let best = null;
  list.words.forEach((candidate, place) => {
    if (candidate === word || candidate[0] !== word[0]) return;
    const edits = distance(word, candidate, limit);
    if (edits > limit) return;
    const key = [edits, -list.reports[place], candidate];
    if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))) {
      best = key;
    }
  });
  return best ? best[2] : null;
}

async function suggestion(raw) {
  const words = queryWords(raw);
  const candidates = words.filter((w) => [...w].length >= MIN_LENGTH && /^\p{L}+$/u.test(w));
  if (!candidates.length) return null;
  if (!wordList) {
    const data = await (await fetch(wordsUrl)).json();
    wordList = { words: data.woorden, reports: data.rapporten, known: new Set(data.woorden) };
  }
  let changed = false;
  const replaced = words.map((word) => {
    if ([...word].length < MIN_LENGTH || !/^\p{L}+$/u.test(word) || wordList.known.has(word)) return word;
    const found = nearest(word, wordList);
    if (!found) return word;
    changed = true;
    return found;
  });
  return changed ? replaced.join(" ") : null;
}

function showSuggestion(text) {
  suggestLine.replaceChildren();
  suggestLine.hidden = !text;
  if (!text) return;
  const params = new URLSearchParams(location.search);
  params.set("q", text);
  const link = document.createElement("a");
  link.href = `?${params.toString()}`;
  link.textContent = text;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    input.value = text;
    run();
  });
  suggestLine.append(messages.suggest, link, "?");
}

// -- filters -----------------------------------------------------------------------------------
function updateFilterButton() {
  const n = form.querySelectorAll("input[type=checkbox]:checked").length;
  filterCount.textContent = n ? messages.filters_active.replace("{n}", n) : "";
}

function openFilters(open) {
  filterButton.setAttribute("aria-expanded", String(open));
  root.classList.toggle("wijs-zoeken--filters-open", open);
}

function selected() {
  const chosen = {};
  for (const name of facetNames) {
    const values = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
    if (values.length) chosen[name] = values;
  }
  return chosen;
}

function asFilters(chosen, without) {
  const filters = {};
  const grouped = [];
  for (const [name, values] of Object.entries(chosen)) {
    if (name === without) continue;
    const place = group.facets.indexOf(name);
    if (place < 0) filters[name] = { any: values };
    else grouped.push([place, values]);
  }
  if (grouped.length) {
    const matching = combinations.filter((combination) => {
      const parts = combination.split("|");
      return grouped.every(([place, values]) => parts[place].split(",").some((v) => values.includes(v)));
    });
    // no combination on the site has these choices: a value no page has finds nothing
    filters[group.filter] = { any: matching.length ? matching : ["\u2205"] };
  }
  return filters;
}

function perFacet(filterCounts) {
  const counts = {};
  for (const [name, values] of Object.entries(filterCounts || {})) {
    if (name !== group.filter) {
      counts[name] = values;
      continue;
    }
    for (const [combination, n] of Object.entries(values)) {
      combination.split("|").forEach((part, place) => {
        const facet = (counts[group.facets[place]] ??= {});
        for (const value of part ? part.split(",") : []) facet[value] = (facet[value] || 0) + n;
      });
    }
  }
  return counts;
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    box.checked = params.getAll(box.name).includes(box.value);
  }
}

function writeUrl() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  for (const [name, values] of Object.entries(selected())) {
    for (const value of values) params.append(name, value);
  }
  const query = params.toString();
  const url = location.pathname + (query ? `?${query}` : "");
  if (url !== location.pathname + location.search) history.replaceState(null, "", url);
}

function setCounts(counts) {
  for (const fieldset of root.querySelectorAll("fieldset[data-facet]")) {
    const perValue = counts[fieldset.dataset.facet] || {};
    for (const box of fieldset.querySelectorAll("input[type=checkbox]")) {
      const n = perValue[box.value] || 0;
      box.nextElementSibling.querySelector(".wijs-facet__count").textContent = `(${n})`;
      box.closest("li").hidden = n === 0 && !box.checked;
    }
    // a facet with nothing to choose is not shown at all
    fieldset.hidden = ![...fieldset.querySelectorAll("li")].some((li) => !li.hidden);
  }
}

function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function excerptHtml(excerpt) {
  // only <mark> survives from the excerpt: everything else is shown as text
  return escapeHtml(excerpt)
    .replace(/&lt;mark&gt;/g, "<mark>")
    .replace(/&lt;\/mark&gt;/g, "</mark>");
}

function excerptOf(item) {
  // Pagefind's excerpt, unless the words were found only in the body, which the record holds
  // as its distinct words (after the body mark): then the opening of the summary, and the
  // words found as they are written in the text.
  const excerpt = document.createElement("p");
  excerpt.className = "wijs-result__excerpt";
  const words = item.content.split(" ");
  const start = words.indexOf(bodyMark);
  const locations = item.locations || [];
  if (start < 0 || !locations.length || locations.some((at) => at < start)) {
    excerpt.innerHTML = excerptHtml(item.excerpt.split(bodyMark).join(""));
    return excerpt;
  }
  const title = (item.meta.title || "").split(/\s+/).length;
  const opening = words.slice(title, Math.min(start, title + 24));
  excerpt.append(opening.join(" ") + (title + 24 < start ? " … " : " "));
  const found = document.createElement("span");
  found.className = "wijs-result__intext";
  found.append(messages.in_text);
  [...new Set(locations.map((at) => words[at]))].slice(0, 5).forEach((word, n) => {
    const mark = document.createElement("mark");
    mark.textContent = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    found.append(n ? ", " : "", mark);
  });
  excerpt.append(found);
  return excerpt;
}

function exactWords(raw) {
  // the query words a report can have as written (wijs.search.index.SearchIndex.exact)
  return queryWords(raw).filter((w) => [...w].length >= MIN_LENGTH && /^\p{L}+$/u.test(w));
}

function hasExact(item, words) {
  // every word starts a word of the report's text, not only its stem ("ouderen", not "ouders")
  const text = item.content.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  return words.every((w) => new RegExp(`(^|[^\\p{L}])${w}`, "u").test(text));
}

async function showNext(current, focusFirst = false) {
  const batch = shown.slice(shownCount, shownCount + PAGE_SIZE);
  let data = await Promise.all(batch.map((r) => r.data()));
  if (current !== generation) return;
  // of the results loaded, those with the query words as written come first (stable)
  const words = exactWords(input.value);
  if (words.length) {
    const flags = data.map((item) => hasExact(item, words));
    data = [...data.filter((_, i) => flags[i]), ...data.filter((_, i) => !flags[i])];
  }
  for (const item of data) {
    const li = document.createElement("li");
    li.className = "wijs-result";
    const heading = document.createElement("h2"); // under the page's h1
    const link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.meta.title || item.url;
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "wijs-result__meta";
    const year = (item.filters?.[group.filter]?.[0] || "").split("|")[group.facets.indexOf("jaar")];
    meta.textContent = [item.meta.wijk, year, item.meta.instelling]
      .filter(Boolean)
      .join(" · ");
    li.append(heading, meta);
    if (item.excerpt) li.append(excerptOf(item));
    list.append(li);
  }
  if (focusFirst && list.children[shownCount]) list.children[shownCount].querySelector("a").focus();
  shownCount += batch.length;
  more.hidden = shownCount >= shown.length;
}

function announce(text) {
  statusLine.textContent = text;
}

async function run() {
  const current = ++generation;
  writeUrl();
  updateFilterButton();
  const raw = input.value.trim();
  const term = raw ? queryWords(raw).join(" ") || null : null;
  const chosen = selected();
  const filters = asFilters(chosen);
  if (!term && !Object.keys(filters).length) {
    setCounts(totals);
    list.replaceChildren();
    shown = [];
    more.hidden = true;
    showSuggestion(null);
    showTips(false);
    announce(messages.start);
    return;
  }
  const options = { filters };
  if (!term) options.sort = { datum: "desc" };
  const search = await pagefind.search(term, options);
  // a facet's own counts come from a search without that facet's choices (OR within a facet)
  const counts = perFacet(search.filters);
  for (const name of Object.keys(chosen)) {
    const others = asFilters(chosen, name);
    if (!term && !Object.keys(others).length) {
      counts[name] = totals[name];
    } else {
      const without = await pagefind.search(term, { filters: others });
      counts[name] = perFacet(without.filters)[name];
    }
  }
  if (current !== generation) return;
  setCounts(counts);
  shown = search.results;
  shownCount = 0;
  list.replaceChildren();
  const n = shown.length;
  const none = raw ? messages.none.replace("{q}", raw) : messages.none_filters;
  announce(n === 0 ? none : n === 1 ? messages.found_one : messages.found_other.replace("{n}", n));
  showTips(n === 0);
  showSuggestion(null);
  await showNext(current);
  if (raw && n < FEW) {
    const better = await suggestion(raw).catch(() => null);
    if (current === generation) showSuggestion(better);
  }
}

function showTips(empty) {
  // nothing found: what to try instead, and no empty filter boxes
  const filtering = Object.keys(selected()).length > 0;
  tips.hidden = !empty;
  root.classList.toggle("wijs-zoeken--leeg", empty && !filtering);
  document.getElementById("wijs-tip-filters").hidden = !filtering;
}

let timer = null;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
}

async function start() {
  readUrl();
  try {
    pagefind = await import(new URL("pagefind.js", bundle).href);
    // noWorker: search on this page's thread with the WebAssembly pagefind.js already carries;
    // a worker would fetch a second copy of that code (pagefind-worker.js, 40 KB) first
    await pagefind.options({
      baseUrl: new URL("../", bundle).pathname,
      excerptLength: 24,
      noWorker: true,
      // a word in the title puts a report before those that only have it in their text
      ranking: { metaWeights: { title: TITLE_WEIGHT } },
    });
    await pagefind.init();
    // loads the filter index: the first search only reports counts once it is there
    const all = await pagefind.filters();
    combinations = Object.keys(all[group.filter] || {});
    totals = perFacet(all);
  } catch (error) {
    announce(messages.unavailable);
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", soon);
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox") run();
  });
  const clearAll = () => {
    for (const box of form.querySelectorAll("input[type=checkbox]")) box.checked = false;
    run();
  };
  clear.addEventListener("click", clearAll);
  document.getElementById("wijs-tip-wis").addEventListener("click", clearAll);
  filterButton.addEventListener("click", () => {
    openFilters(filterButton.getAttribute("aria-expanded") !== "true");
  });
  filterPanel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && filterButton.getAttribute("aria-expanded") === "true") {
      openFilters(false);
      filterButton.focus();
    }
  });
  more.addEventListener("click", () => showNext(generation, true));
  window.addEventListener("popstate", () => {
    readUrl();
    run();
  });
  root.classList.add("wijs-zoeken--ready");
  await run();
}

start();
