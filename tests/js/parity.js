// Runs the browser search engine under Node for the parity test (tests/test_search_parity.py).
// Usage: node parity.js SITE/search/kb-index.js < request.json, where request is
//   {"queries": [{"q": ..., "limit": ...}], "analyse": [{"text": ..., "chain": ...}]}
// Loads the core and every part file beside it, as a page would load them on demand.
// Prints {"results": [...], "tokens": [[...], ...], "parts": N}.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const engine = require(path.join(__dirname, "../../docs/assets/javascripts/kb-search-engine.js"));

const window = {};
const context = vm.createContext({ window });
const dir = path.dirname(process.argv[2]);
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), context);
const files = fs.readdirSync(dir).filter((f) => /^kb-(postings|snippets)-\d+\.js$/.test(f));
files.forEach((f) => vm.runInContext(fs.readFileSync(path.join(dir, f), "utf8"), context));
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const kb = new engine.Engine(window.__kbIndex, window.__kbParts);
const results = (request.queries || []).map((q) => {
  const out = kb.search(q.q, { limit: q.limit || 10, type: q.type, version: q.version });
  if (out.missing) throw new Error("parts missing for " + q.q + ": " + out.missing.join(", "));
  return {
    query: out.query,
    total: out.total,
    suggestion: out.suggestion,
    error: out.error || null,
    ids: out.results.map((r) => r.id),
    urls: out.results.map((r) => r.url),
  };
});
const tokens = (request.analyse || []).map((a) => engine.analyse(a.text, a.chain, a.query, false));
process.stdout.write(JSON.stringify({ results, tokens, parts: files.length }));
