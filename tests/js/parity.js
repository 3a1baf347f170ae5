// Runs the browser search engine under Node for the parity test (tests/test_search_parity.py).
// Usage: node parity.js INDEX.js < request.json, where request is
//   {"queries": [{"q": ..., "limit": ...}], "analyse": [{"text": ..., "chain": ...}]}
// Prints {"results": [...], "tokens": [[...], ...]}.
"use strict";
const fs = require("fs");
const path = require("path");
const engine = require(path.join(__dirname, "../../docs/assets/javascripts/kb-search-engine.js"));

const source = fs.readFileSync(process.argv[2], "utf8");
const index = JSON.parse(source.slice(source.indexOf("=") + 1, source.lastIndexOf(";")));
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const kb = new engine.Engine(index);
const results = (request.queries || []).map((q) => {
  const out = kb.search(q.q, { limit: q.limit || 10, type: q.type, version: q.version });
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
process.stdout.write(JSON.stringify({ results, tokens }));
