/* The search box on every page: the legal-aware engine (kb-search-engine.js) over the index the
   build writes (search/kb-index.js), loaded on first use through a script element so that it
   works from file:// (a USB stick, a folder) as well as served. Results show type and version,
   the newest version of a section first with the others folded under it, snippets with the
   matched words marked, a "did you mean" when little was found, filters for type and version,
   and full keyboard use (arrows, Enter, Escape). */
(function () {
  "use strict";
  var TYPES = [["", "All types"], ["guideline", "Guideline sections"], ["case", "Cases"],
    ["offence", "Offences"], ["glossary", "Glossary"], ["what-changed", "What changed"],
    ["version", "Versions"], ["page", "Other pages"]];
  var VERSIONS = [["", "Newest of each"], ["2016-final", "2016 final"],
    ["2016-interim", "2016 interim"], ["2013-final", "2013 final"],
    ["2012-interim", "2012 interim"],
    ["communications-offences", "Communications Offences (partial record)"],
    ["electronic-communications", "Other Electronic Communications (partial record)"],
    ["part-a-b", "Part A / Part B (partial record)"]];
  var TYPE_LABEL = { guideline: "Guideline", "case": "Case", offence: "Offence",
    glossary: "Glossary", term: "Glossary", page: "Page", version: "Version",
    "what-changed": "What changed" };
  var engine = null, loading = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function options(select, pairs) {
    pairs.forEach(function (p) { select.appendChild(el("option", { value: p[0] }, p[1])); });
  }

  function load(done) {
    if (engine) { done(); return; }
    if (loading) { loading.push(done); return; }
    loading = [done];
    var script = el("script", { src: kb.root() + "search/kb-index.js" });
    script.onload = function () {
      window.__kbParts = window.__kbParts || {};
      engine = new window.KbSearch.Engine(window.__kbIndex, window.__kbParts);
      loading.forEach(function (f) { f(); });
      loading = null;
    };
    script.onerror = function () {
      loading.forEach(function (f) { f(new Error("index")); });
      loading = null;
    };
    document.head.appendChild(script);
  }

  /* Load the index parts (postings, snippets) a search asked for, then call back. */
  function loadParts(names, done) {
    var left = names.length, failed = false;
    names.forEach(function (name) {
      var script = el("script", { src: kb.root() + window.KbSearch.partPath(name) });
      script.onload = function () { if (--left === 0 && !failed) done(); };
      script.onerror = function () { if (!failed) { failed = true; done(new Error(name)); } };
      document.head.appendChild(script);
    });
  }

  /* engine.search, loading whatever parts of the index the query needs first. */
  function searchAll(query, opts, done, tries) {
    load(function (error) {
      if (error) { done({ query: query, error: "The search index (search/kb-index.js) could not be loaded.", results: [], total: 0 }); return; }
      var out = engine.search(query, opts);
      if (!out.missing) { done(out); return; }
      if ((tries || 0) > 8) { done({ query: query, error: "The search index is incomplete.", results: [], total: 0 }); return; }
      loadParts(out.missing, function (failed) {
        if (failed) { done({ query: query, error: "A part of the search index could not be loaded (" + failed.message + ").", results: [], total: 0 }); return; }
        searchAll(query, opts, done, (tries || 0) + 1);
      });
    });
  }

  /* The snippet as text, with the words that match the query marked. */
  function snippet(text, stems) {
    var out = el("p", { "class": "kb-search__snippet" });
    var parts = text.split(/([\p{L}\p{N}_'\u2019-]+)/u);
    parts.forEach(function (part, i) {
      if (i % 2 === 1) {
        var token = window.KbSearch.analyse(part, "prose", true, false)[0];
        if (token && stems.has(token)) { out.appendChild(el("mark", {}, part)); return; }
      }
      out.appendChild(document.createTextNode(part));
    });
    if (text.length >= 240) out.appendChild(document.createTextNode("…"));
    return out;
  }

  function setUp() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector("[data-kb-search]")) return;
    var box = el("div", { "class": "kb-search" });
    var form = el("form", { "class": "kb-search__form", role: "search" });
    var label = el("label", { "for": "kb-search-input", "class": "kb-sr" }, "Search the knowledge base");
    var input = el("input", { id: "kb-search-input", type: "search", "data-kb-search": "",
      placeholder: "Search: words, s127, [2006] UKHL 40, para 40 2013", autocomplete: "off",
      spellcheck: "false", maxlength: "500", "aria-controls": "kb-search-results" });
    form.appendChild(label);
    form.appendChild(input);
    var panel = el("div", { "class": "kb-search__panel", id: "kb-search-panel", hidden: "" });
    var filters = el("div", { "class": "kb-search__filters" });
    var typeLabel = el("label", { "for": "kb-search-type" }, "Type ");
    var type = el("select", { id: "kb-search-type", "data-kb-type": "" });
    options(type, TYPES);
    var versionLabel = el("label", { "for": "kb-search-version" }, "Version ");
    var version = el("select", { id: "kb-search-version", "data-kb-version": "" });
    options(version, VERSIONS);
    typeLabel.appendChild(type);
    versionLabel.appendChild(version);
    filters.appendChild(typeLabel);
    filters.appendChild(versionLabel);
    var status = el("p", { "class": "kb-search__status", role: "status", "aria-live": "polite" });
    var list = el("ol", { "class": "kb-search__results", id: "kb-search-results",
      "data-kb-results": "", "aria-busy": "false" });
    panel.appendChild(filters);
    panel.appendChild(status);
    panel.appendChild(list);
    box.appendChild(form);
    box.appendChild(panel);
    var title = header.querySelector(".md-header__title");
    if (title && title.nextSibling) header.insertBefore(box, title.nextSibling);
    else header.appendChild(box);

    var timer = null, latest = 0;
    function close() { panel.hidden = true; }
    function run(text, then) {
      list.setAttribute("aria-busy", "true");
      var query = text !== undefined ? text : input.value;
      var seq = ++latest;
      if (!query.trim()) {
        list.textContent = "";
        status.textContent = "Type words, a citation, a section (s127) or a paragraph (para 40 2013).";
        list.setAttribute("aria-busy", "false");
        return;
      }
      searchAll(query, { limit: 10, type: type.value || null, version: version.value || null },
                function (out) {
        if (seq !== latest) return;  // a newer search has started: this answer is stale
        list.textContent = "";
        var stems = new Set();
        (out.terms || []).forEach(function (clause) {
          clause.forEach(function (leaf) { if (leaf.text) stems.add(leaf.text); });
        });
        if (out.error) {
          status.textContent = out.error;
        } else {
          status.textContent = out.total + (out.total === 1 ? " result" : " results") +
            (out.results.length < out.total ? ", best " + out.results.length + " shown" : "");
          if (out.suggestion && out.results.length < 3) {
            status.appendChild(document.createTextNode(". Did you mean "));
            var fix = el("button", { type: "button", "class": "kb-search__fix" }, out.suggestion);
            fix.addEventListener("click", function () {
              input.value = out.suggestion;
              run();
              input.focus();
            });
            status.appendChild(fix);
            status.appendChild(document.createTextNode("?"));
          }
        }
        out.results.forEach(function (row) {
          var item = el("li", { "class": "kb-search__item", "data-kb-id": row.id });
          var link = el("a", { href: kb.root() + row.url, "class": "kb-search__link" }, row.title);
          item.appendChild(link);
          var meta = el("span", { "class": "kb-search__meta" });
          meta.appendChild(el("span", { "class": "kb-search__type" }, TYPE_LABEL[row.type] || row.type));
          if (row.version) meta.appendChild(el("span", { "class": "kb-search__version" }, row.version));
          item.appendChild(meta);
          if (row.snippet) item.appendChild(snippet(row.snippet, stems));
          if (row.also_in && row.also_in.length) {
            item.appendChild(el("p", { "class": "kb-search__also" }, "Also in " + row.also_in.join(", ")));
          }
          list.appendChild(item);
        });
        list.setAttribute("aria-busy", "false");
        if (then) then();
      });
    }
    function schedule() {
      panel.hidden = false;
      list.setAttribute("aria-busy", "true");
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    }
    input.addEventListener("input", schedule);
    input.addEventListener("focus", function () { load(function () {}); });
    type.addEventListener("change", function () { run(); });
    version.addEventListener("change", function () { run(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run(undefined, function () {
        var first = list.querySelector("a");
        if (first) window.location.href = first.href;
      });
    });
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    box.addEventListener("keydown", function (event) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (event.key === "Escape") { close(); input.focus(); event.preventDefault(); }
      else if (event.key === "ArrowDown" && all.length) {
        panel.hidden = false;
        (all[at + 1] || all[0]).focus();
        event.preventDefault();
      } else if (event.key === "ArrowUp" && all.length) {
        if (at <= 0) input.focus(); else all[at - 1].focus();
        event.preventDefault();
      }
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) close();
    });
    // "/" focuses the box, as in most sites' search.
    document.addEventListener("keydown", function (event) {
      if (event.key === "/" && document.activeElement === document.body) {
        input.focus();
        event.preventDefault();
      }
    });
  }

  // For the Advanced search page: the same engine and loading.
  window.kbSearch = searchAll;

  kb.onPage(setUp);
})();
