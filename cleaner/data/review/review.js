// The review page's script: filter by rule, search, and step through removals. It does no work
// while the page loads (listeners only), so a page of a thousand documents opens at once.
"use strict";
(function () {
  const docs = Array.from(document.querySelectorAll("article.doc"));
  const search = document.getElementById("search");
  const status = document.getElementById("status");
  // Rules are named in the page by short classes (r0, r1, ...); the table's buttons hold both.
  const names = {};
  for (const b of document.querySelectorAll("button.rule")) names[b.dataset.code] = b.dataset.rule;
  const codeOf = (del) => del.classList[0];
  let rule = null;      // the code of the rule chosen in the table, or null
  let query = "";       // the search text, lower case
  let lowered = null;   // each document's text in lower case, made at the first search

  function apply() {
    if (query && lowered === null) {
      lowered = docs.map((d) => d.textContent.toLowerCase());
    }
    let shownDocs = 0, shownLines = 0, foundLines = 0;
    docs.forEach((doc, k) => {
      const byRule = !rule || doc.dataset.rules.split(" ").includes(rule);
      const bySearch = !query || lowered[k].includes(query);
      doc.hidden = !(byRule && bySearch);
      doc.classList.toggle("filtering", rule !== null);
      if (doc.hidden) return;
      shownDocs += 1;
      for (const del of doc.querySelectorAll("del")) {
        const out = rule !== null && codeOf(del) !== rule;
        del.classList.toggle("out", out);
        const found = query !== "" && del.textContent.toLowerCase().includes(query);
        del.classList.toggle("found", found);
        const lines = lineCount(del);
        if (!out) shownLines += lines;
        if (found && !out) foundLines += lines;
      }
    });
    for (const b of document.querySelectorAll("button.rule")) {
      b.setAttribute("aria-pressed", String(b.dataset.code === rule));
    }
    const parts = [];
    if (rule) parts.push(`rule ${names[rule]}: ${shownLines} lines in ${shownDocs} documents`);
    if (query) parts.push(`search "${search.value}": ${shownDocs} documents, ` +
                          `${foundLines} removed lines match`);
    status.textContent = parts.join("; ");
    status.dataset.docs = String(shownDocs);
    status.dataset.lines = String(shownLines);
    status.dataset.found = String(foundLines);
    if (query) {  // bring the first match into view: a found line, else the first document
      const first = document.querySelector("article.doc:not([hidden]) del.found:not(.out)") ||
        document.querySelector("article.doc:not([hidden])");
      if (first) first.scrollIntoView({ block: "center" });
    }
  }

  // A <del> holds a run of removed lines, one per "\n".
  function lineCount(del) {
    return del.textContent.split("\n").length - 1;
  }

  function removals() {
    const list = [];
    for (const doc of docs) {
      if (doc.hidden) continue;
      for (const del of doc.querySelectorAll("del")) {
        if (!del.classList.contains("out")) list.push(del);
      }
    }
    return list;
  }

  function step(by) {
    const list = removals();
    if (!list.length) { status.textContent = "no removals shown"; return; }
    const old = document.querySelector("del.current");
    if (old) old.classList.remove("current");
    let at = old ? list.indexOf(old) : -1;
    at = at < 0 ? (by > 0 ? 0 : list.length - 1) : (at + by + list.length) % list.length;
    const del = list[at];
    del.classList.add("current");
    del.tabIndex = -1;  // focusable from the script only: the keys and buttons step, not Tab
    del.focus({ preventScroll: true });
    del.scrollIntoView({ block: "center" });
    const doc = del.closest("article.doc");
    const first = Number(del.dataset.line), last = first + lineCount(del) - 1;
    const where = last > first ? `lines ${first}-${last}` : `line ${first}`;
    status.textContent = `removal ${at + 1} of ${list.length}: ${names[codeOf(del)]}, ${where} ` +
      `of ${doc.querySelector("h2").textContent}`;
  }

  document.querySelector(".rules tbody").addEventListener("click", (event) => {
    const button = event.target.closest("button.rule");
    if (!button) return;
    rule = rule === button.dataset.code ? null : button.dataset.code;
    apply();
  });
  let timer = 0;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { query = search.value.trim().toLowerCase(); apply(); }, 120);
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { clearTimeout(timer); query = search.value.trim().toLowerCase(); apply(); }
    if (event.key === "Escape") { search.value = ""; query = ""; apply(); }
  });
  document.getElementById("next").addEventListener("click", () => step(1));
  document.getElementById("prev").addEventListener("click", () => step(-1));
  document.getElementById("clear").addEventListener("click", () => {
    rule = null; query = ""; search.value = ""; apply();
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, textarea, select");
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "j" || event.key === "n") { step(1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "p") { step(-1); event.preventDefault(); }
    else if (event.key === "/") { search.focus(); event.preventDefault(); }
  });
})();
