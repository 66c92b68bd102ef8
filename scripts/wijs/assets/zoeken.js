// The /zoeken/ page of the WIJS Onderzoeksbank: faceted search on top of Pagefind's JS API.
// Filters combine with AND across facets and OR within one facet; every count shows how many
// reports you would see after ticking that value. Query and filters live in the URL.
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
const messages = JSON.parse(root.dataset.messages);
const bundle = new URL(root.dataset.bundle, document.baseURI);
const facetNames = [...root.querySelectorAll("fieldset[data-facet]")].map((f) => f.dataset.facet);
const group = JSON.parse(root.dataset.group);

let pagefind = null;
let totals = {};
let combinations = []; // every value of the shared filter on this site
let generation = 0;
let shown = [];
let shownCount = 0;

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

async function showNext(current, focusFirst = false) {
  const batch = shown.slice(shownCount, shownCount + PAGE_SIZE);
  const data = await Promise.all(batch.map((r) => r.data()));
  if (current !== generation) return;
  for (const item of data) {
    const li = document.createElement("li");
    li.className = "wijs-result";
    const heading = document.createElement("h3");
    const link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.meta.title || item.url;
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "wijs-result__meta";
    meta.textContent = [item.meta.wijk, item.meta.jaar, item.meta.instelling]
      .filter(Boolean)
      .join(" · ");
    li.append(heading, meta);
    if (item.excerpt) {
      const excerpt = document.createElement("p");
      excerpt.className = "wijs-result__excerpt";
      excerpt.innerHTML = excerptHtml(item.excerpt);
      li.append(excerpt);
    }
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
  const term = input.value.trim() || null;
  const chosen = selected();
  const filters = asFilters(chosen);
  if (!term && !Object.keys(filters).length) {
    setCounts(totals);
    list.replaceChildren();
    shown = [];
    more.hidden = true;
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
  announce(n === 0 ? messages.none : n === 1 ? messages.found_one : messages.found_other.replace("{n}", n));
  await showNext(current);
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
  clear.addEventListener("click", () => {
    for (const box of form.querySelectorAll("input[type=checkbox]")) box.checked = false;
    run();
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
