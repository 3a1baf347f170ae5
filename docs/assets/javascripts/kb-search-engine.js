/* The legal-aware search engine, in the browser: the same analysis, query reading, BM25F
   ranking, fallbacks and grouping as search/query.py, over the index the build writes from the
   Whoosh index (search/browser_index.py). Works in a page (window.KbSearch) and under Node
   (module.exports), where tests/js/parity.js checks it against Python. */
(function (root) {
  "use strict";

  // ---- Analysis: search/analysis.py -------------------------------------------------------
  var WORDCH = "[\\p{L}\\p{N}_]";
  var NOT_BEFORE = "(?<!" + WORDCH + ")";
  var NOT_AFTER = "(?!" + WORDCH + ")";
  var STATUTE_SRC =
    "(?<statute>" + NOT_BEFORE + "(?:[Ss]ections?|[Ss]ecs?\\.?|[Ss]{1,2}\\.?)[ \\t]?" +
    "(?<num>\\d{1,3}[A-Za-z]{0,2})" + NOT_AFTER + "(?<subs>(?:[ \\t]?\\([0-9A-Za-z]{1,4}\\))*))";
  var APP_SRC = "(?<app>" + NOT_BEFORE + "\\d{3,6}/\\d{2}" + NOT_AFTER + ")";
  var WORD_SRC = "(?<word>" + WORDCH + "+(?:['\u2019\\-]" + WORDCH + "+)*)";
  var TOKEN = new RegExp([STATUTE_SRC, APP_SRC, WORD_SRC].join("|"), "gu");
  var STATUTE = new RegExp(STATUTE_SRC, "gu");
  var SUB = /\(([0-9A-Za-z]{1,4})\)/g;
  var SPLIT = /['\u2019-]/;
  var SPLIT_ALL = /['\u2019-]/g;
  var POSSESSIVE = /['\u2019][sS]$/;
  var STOP = new Set(("a an and are as at be by can for from have if in is it may not of on or " +
    "tbd that the this to us we when will with yet you your what which who how does do did i " +
    "should about there any my me was get need").split(" "));

  function statuteTokens(num, subs) {
    var tokens = ["s" + num.toLowerCase()];
    (subs || "").replace(SUB, function (_, sub) {
      tokens.push(tokens[tokens.length - 1] + "_" + sub.toLowerCase());
      return "";
    });
    return tokens;
  }

  function tokenize(text) {
    var out = [];
    TOKEN.lastIndex = 0;
    var m;
    while ((m = TOKEN.exec(text)) !== null) {
      if (m.groups.statute) out.push.apply(out, statuteTokens(m.groups.num, m.groups.subs));
      else out.push(m[0]);
    }
    return out;
  }

  function compound(tokens, query) {
    var out = [];
    tokens.forEach(function (text) {
      text = text.replace(POSSESSIVE, "");
      if (!SPLIT.test(text)) { out.push(text); return; }
      var parts = text.split(SPLIT_ALL).filter(Boolean);
      if (!query) out.push.apply(out, parts);
      out.push(parts.join(""));
    });
    return out;
  }

  // Porter stemmer, transcribed from whoosh.lang.porter (including its anchoring quirks).
  var STEP2 = { ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize",
    bli: "ble", alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate",
    ator: "ate", alism: "al", iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al",
    iviti: "ive", biliti: "ble", logi: "log" };
  var STEP3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" };
  var C = "[^aeiouy]+", V = "[aeiou]+";
  var MGR0 = new RegExp("^(" + C + ")?" + V + C);
  var MEQ1 = new RegExp("^(" + C + ")?" + V + C + "(" + V + ")?$");
  var MGR1 = new RegExp("^(" + C + ")?" + V + C + V + C);
  var S_V = new RegExp("^(" + C + ")?[aeiouy]");
  var C_V = new RegExp("^" + C + "[aeiouy][^aeiouwxy]$");
  var ED_ING = /^(.*)(ed|ing)$/;
  var AT_BL_IZ = /^(at|bl|iz)$/;
  var STEP1B = /^([^aeiouylsz])\1$/;
  var RX2 = new RegExp("^(.+?)(" + Object.keys(STEP2).join("|") + ")$");
  var RX3 = new RegExp("^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$");
  var RX4 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
  var RX4B = /^(.+?)(s|t)(ion)$/;
  var RX5 = /^(.+?)e$/;

  function stem(w) {
    if (w.length < 3) return w;
    var firstY = w[0] === "y";
    if (firstY) w = "Y" + w.slice(1);
    if (w.endsWith("s")) {
      if (w.endsWith("sses") || w.endsWith("ies")) w = w.slice(0, -2);
      else if (w[w.length - 2] !== "s") w = w.slice(0, -1);
    }
    var m, s;
    if (w.endsWith("eed")) {
      if (MGR0.test(w.slice(0, -3))) w = w.slice(0, -1);
    } else if ((m = ED_ING.exec(w))) {
      s = m[1];
      if (S_V.test(s)) {
        w = s;
        if (AT_BL_IZ.test(w)) w += "e";
        else if (STEP1B.test(w)) w = w.slice(0, -1);
        else if (C_V.test(w)) w += "e";
      }
    }
    if (w.endsWith("y")) {
      s = w.slice(0, -1);
      if (S_V.test(s)) w = s + "i";
    }
    if ((m = RX2.exec(w)) && MGR0.test(m[1])) w = m[1] + STEP2[m[2]];
    if ((m = RX3.exec(w)) && MGR0.test(m[1])) w = m[1] + STEP3[m[2]];
    if ((m = RX4.exec(w))) {
      if (MGR1.test(m[1])) w = m[1];
    } else if ((m = RX4B.exec(w))) {
      s = m[1] + m[2];
      if (MGR1.test(s)) w = s;
    }
    if ((m = RX5.exec(w))) {
      s = m[1];
      if (MGR1.test(s) || (MEQ1.test(s) && !C_V.test(s))) w = s;
    }
    if (w.endsWith("ll") && MGR1.test(w)) w = w.slice(0, -1);
    if (firstY) w = "y" + w.slice(1);
    return w;
  }

  var PROSE = ["title", "page_title", "aka", "headings", "body"];
  var CITATION = ["ref", "citations"];
  var SEARCH_FIELDS = PROSE.concat(CITATION);

  /* Tokens of `text` for `chain` ("raw", "citation", "prose"); `whole` keeps the text one
     token (Whoosh's tokenize=False, used for wildcards). */
  function analyse(text, chain, query, whole) {
    var tokens = compound(whole ? [text] : tokenize(text), query).map(function (t) {
      return t.toLowerCase();
    });
    if (chain === "raw") return tokens;
    if (!whole) tokens = tokens.filter(function (t) { return t.length >= 1 && !STOP.has(t); });
    return chain === "prose" ? tokens.map(stem) : tokens;
  }

  function chainOf(field) { return CITATION.indexOf(field) >= 0 ? "citation" : "prose"; }

  // ---- What people type: search/intent.py ---------------------------------------------------
  var VERSION_PHRASES = [
    ["(?:revised\\s+)?interim\\s+(?:guidelines?\\s+)?(?:of\\s+)?(?:march\\s+)?2016", "2016-interim"],
    ["(?:march\\s+)?2016\\s+interim", "2016-interim"],
    ["march\\s+2016", "2016-interim"],
    ["(?:final\\s+(?:revised\\s+)?(?:guidelines?\\s+)?(?:of\\s+)?)?october\\s+2016", "2016-final"],
    ["2016\\s+final|final\\s+2016", "2016-final"],
    ["interim\\s+(?:guidelines?\\s+)?(?:of\\s+)?(?:december\\s+)?2012", "2012-interim"],
    ["(?:december\\s+)?2012\\s+interim|december\\s+2012", "2012-interim"],
    ["(?:june\\s+)?2013\\s+final", "2013-final"],
    ["final\\s+(?:guidelines?\\s+)?(?:of\\s+)?(?:june\\s+)?2013", "2013-final"],
    ["june\\s+2013", "2013-final"],
    ["part\\s+a\\s*(?:/|and|&)?\\s*(?:part\\s+)?b", "part-a-b"],
    ["(?:august\\s+)?2018\\s+(?:revision|guidelines?|guidance)", "part-a-b"],
    ["(?:social\\s+media\\s+and\\s+)?other\\s+electronic\\s+communications", "electronic-communications"],
    ["(?:december\\s+)?2022\\s+(?:revision|guidelines?|guidance)", "electronic-communications"],
    ["communications\\s+offences\\s+(?:legal\\s+)?guidance", "communications-offences"],
    ["2024\\s+(?:guidelines?|guidance)", "communications-offences"]
  ];
  var YEARS = { "2012": "2012-interim", "2013": "2013-final", "2016": "2016-final" };
  var BARE_YEAR = /(?<![[(\w/])(2012|2013|2016)(?![\])\w/])(?!\s+(?:[A-Z]{2,}\b|\d+\s+[A-Z]))/g;
  var AFTER_ACT = /\bAct\s*$/i;
  var VERSION_WORDS = /\b(?:guidelines?|guidance|version|section(?!\s*\d)|of\s+the|the|of|in)\b/gi;
  var PARAGRAPH = /(?:\bpara(?:graph)?s?\.?\s*|¶\s*|\b(p))(\d{1,3})\b(?!\s*\()/i;
  var COMPARE = /\b(?:what\s+changed|what\s+has\s+changed|changes?\s+(?:between|from|in)|compare[ds]?|comparison|differences?|diff)\b/gi;

  function squash(text) { return text.split(/\s+/).filter(Boolean).join(" "); }

  function readVersions(text) {
    var found = [];
    VERSION_PHRASES.forEach(function (pair) {
      var rx = new RegExp("\\b(?:" + pair[0] + ")\\b", "gi");
      text.replace(rx, function (m, offset) { found.push([offset, pair[1]]); return m; });
      text = text.replace(rx, " ");
    });
    var source = text;
    text = text.replace(BARE_YEAR, function (m, year, offset) {
      if (AFTER_ACT.test(source.slice(0, offset))) return m;
      found.push([offset, YEARS[year]]);
      return " ";
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    var versions = [];
    found.forEach(function (f) { if (versions.indexOf(f[1]) < 0) versions.push(f[1]); });
    return { text: text, versions: versions };
  }

  function readIntent(text) {
    COMPARE.lastIndex = 0;
    if (COMPARE.test(text)) {
      COMPARE.lastIndex = 0;
      return { text: squash(text.replace(COMPARE, " ")), version: null, paragraph: null,
               compare: true, versions: readVersions(text).versions, anchor: false };
    }
    var read = readVersions(text);
    var rest = read.text, paragraph = null, anchor = false;
    var m = PARAGRAPH.exec(rest);
    if (m) {
      paragraph = m[2];
      anchor = m[1] !== undefined;
      rest = rest.slice(0, m.index) + " " + rest.slice(m.index + m[0].length);
    }
    if (read.versions.length || paragraph) rest = rest.replace(VERSION_WORDS, " ");
    return { text: squash(rest), version: read.versions[0] || null, paragraph: paragraph,
             compare: false, versions: read.versions, anchor: anchor };
  }

  // ---- Reading the query: search/query.py -------------------------------------------------
  var FILTER_FIELDS = ["type", "version", "category", "cites"];
  var FILTER = new RegExp("(?<![\\w:])(" + FILTER_FIELDS.join("|") + "):(\"[^\"]*\"|\\S+)", "g");
  var FIELD = /\b(\w+):/g;
  var SCHEMA_FIELDS = ["id", "page_id", "title", "page_title", "label", "headings", "aka", "body",
    "raw", "ref", "citations", "type", "version", "category", "cites", "url", "order", "group",
    "version_rank", "paras", "para_map"];
  var WORD = /[A-Za-z][A-Za-z']+/g;
  var MAX_QUERY_LENGTH = 500, MAX_LIMIT = 100, FEW = 3, WANT = 400;
  var MIN_WILDCARD_PREFIX = 3, MAX_WILDCARDS = 2;

  function QueryError(message) { this.message = message; }

  function splitFilters(text) {
    var found = [];
    var rest = text.replace(FILTER, function (_, field, value) {
      found.push([field, value.replace(/^"|"$/g, "")]);
      return " ";
    });
    return { text: rest.trim(), filters: found };
  }

  function prepare(text) {
    STATUTE.lastIndex = 0;
    text = text.replace(STATUTE, function () {
      var groups = arguments[arguments.length - 1];
      var tokens = statuteTokens(groups.num, groups.subs);
      return tokens[tokens.length - 1];
    });
    return text.replace(/[[\]]/g, " ");
  }

  /* The query as Whoosh's MultifieldParser builds it for plain words: for each word, an OR
     over the search fields of that word's token in each field; the words ANDed (or ORed,
     with a coordination bonus, for the any-word fallback). Quoted phrases are read as words. */
  function parse(text, anyWord) {
    text = text.replace(FIELD, function (m, name) {
      return SCHEMA_FIELDS.indexOf(name) >= 0 ? m : name + " ";
    });
    var words = text.replace(/["()]/g, " ").split(/\s+/).filter(Boolean);
    var clauses = [], nots = [], wild = [], joinNext = false, negateNext = false;
    words.forEach(function (word) {
      // "a OR b": one clause matching either; "NOT a": documents with a are left out.
      if (word === "OR") { joinNext = clauses.length > 0; return; }
      if (word === "NOT" || word === "ANDNOT") { negateNext = true; return; }
      if (/^(?:AND|ANDMAYBE|TO)$/.test(word)) return;
      var wildcard = /[*?]/.test(word);
      var clause = [];
      if (wildcard) {
        if (word === "*" || /^\*+$/.test(word)) throw new QueryError("'*' alone matches everything; type one or more words");
        SEARCH_FIELDS.forEach(function (field) {
          analyse(word, chainOf(field), true, true).forEach(function (t) {
            clause.push({ field: field, wildcard: t });
            // Counted as Whoosh counts them: each distinct pattern over all fields.
            if (wild.indexOf(t) < 0) wild.push(t);
          });
        });
      } else {
        SEARCH_FIELDS.forEach(function (field) {
          var tokens = analyse(word, chainOf(field), true, false);
          if (tokens.length === 1) clause.push({ field: field, text: tokens[0] });
          else if (tokens.length > 1) clause.push({ field: field, all: tokens });
        });
      }
      if (clause.length) {
        if (negateNext) nots.push(clause);
        else if (joinNext) clauses[clauses.length - 1] = clauses[clauses.length - 1].concat(clause);
        else clauses.push(clause);
      }
      joinNext = false;
      negateNext = false;
    });
    wild.forEach(function (w) {
      var stemPart = w.split(/[*?]/)[0];
      if (stemPart.length < MIN_WILDCARD_PREFIX) {
        throw new QueryError("'" + w + "' is too short to search with a wildcard; give at least " +
          MIN_WILDCARD_PREFIX + " letters before '*' or '?'");
      }
    });
    if (wild.length > MAX_WILDCARDS) {
      throw new QueryError("the query has " + wild.length + " wildcards; use at most " + MAX_WILDCARDS);
    }
    var plain = (text.match(WORD) || []).filter(function (w) { return text.indexOf(w + ":") < 0; });
    return { clauses: clauses, nots: nots, anyWord: !!anyWord, words: plain };
  }

  // ---- Scoring: Whoosh BM25F (B 0.75, K1 1.2) -------------------------------------------
  var B = 0.75, K1 = 1.2;

  /* `index`: the core (search/kb-index.js); `parts`: the registry the postings and snippet
     files add themselves to (window.__kbParts). A search that needs a part not loaded yet
     answers {missing: [...]} instead; load those files and search again. */
  function Engine(index, parts) {
    this.ix = index;
    this.parts = parts || {};
    this.count = index.count;
    this.missing = new Set();
    this.misses = 0;
    this._wildcache = {};
  }

  Engine.prototype.postings = function (field, text) {
    var f = this.ix.fields[field];
    var entry = f && f.vocab[text];
    if (!entry) return null;
    var part = this.parts["p" + entry[1]];
    if (!part) { this.missing.add("p" + entry[1]); this.misses++; return null; }
    return { df: entry[0], flat: part[field][text] };
  };

  Engine.prototype.idf = function (df) { return Math.log(this.count / (df + 1)) + 1; };

  /* doc -> score for one term in one field. */
  /* fn(doc, score) for every document the term is in. */
  Engine.prototype.eachTerm = function (field, text, fn) {
    var f = this.ix.fields[field];
    var found = this.postings(field, text);
    if (!found) return;
    // Postings are (gap to the previous document number, weight) pairs.
    var flat = found.flat, idf = this.idf(found.df), avg = f.avg, len = f.len, doc = 0, i;
    for (i = 0; i < flat.length; i += 2) {
      doc += flat[i];
      var tf = flat[i + 1];
      if (!f.scorable) { fn(doc, tf); continue; }  // Whoosh's WeightScorer: the weight itself
      fn(doc, idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * len[doc] / avg))));
    }
  };

  Engine.prototype.term = function (field, text) {
    var out = new Map();
    this.eachTerm(field, text, function (doc, s) { out.set(doc, s); });
    return out;
  };

  Engine.prototype.wildcard = function (field, pattern) {
    var key = field + "\u0000" + pattern;
    if (this._wildcache[key]) return this._wildcache[key];
    var before = this.misses;
    var rx = new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
    var self = this, f = this.ix.fields[field], out = new Map();
    if (f) {
      // Whoosh scores a prefix or wildcard as an OR of the words it expands to.
      Object.keys(f.vocab).forEach(function (t) {
        if (!rx.test(t)) return;
        self.term(field, t).forEach(function (s, doc) { out.set(doc, (out.get(doc) || 0) + s); });
      });
    }
    if (this.misses === before) this._wildcache[key] = out;  // only complete answers
    return out;
  };

  Engine.prototype.leaf = function (leaf) {
    if (leaf.wildcard !== undefined) return this.wildcard(leaf.field, leaf.wildcard);
    if (leaf.text !== undefined) return this.term(leaf.field, leaf.text);
    var self = this, maps = leaf.all.map(function (t) { return self.term(leaf.field, t); });
    var out = new Map();
    maps[0].forEach(function (score, doc) {
      var total = score;
      for (var i = 1; i < maps.length; i++) {
        if (!maps[i].has(doc)) return;
        total += maps[i].get(doc);
      }
      out.set(doc, total);
    });
    return out;
  };

  /* fn(doc, score) for one leaf of a clause: a term, a wildcard, or several tokens. */
  Engine.prototype.eachLeaf = function (leaf, fn) {
    if (leaf.text !== undefined) { this.eachTerm(leaf.field, leaf.text, fn); return; }
    this.leaf(leaf).forEach(function (s, doc) { fn(doc, s); });
  };

  /* doc -> score for the parsed query. Sums run in the same order as Whoosh's (each clause's
     fields in order, then the clauses in order), in typed arrays rather than maps. */
  Engine.prototype.run = function (parsed) {
    var self = this, out = new Map();
    if (!parsed.clauses.length) return out;
    if (parsed.nots && parsed.nots.length) return this.runWithNots(parsed);
    var n = this.ix.docs.length, anyWord = parsed.anyWord;
    var clauseScore = new Float64Array(n), clauseHits = new Uint16Array(n);
    var total = new Float64Array(n), state = new Int32Array(n), matching = new Uint32Array(n);
    var reached = [], termcount = 0;
    parsed.clauses.forEach(function (clause, ci) {
      var touched = [];
      termcount += clause.length;
      clause.forEach(function (leaf) {
        self.eachLeaf(leaf, function (doc, s) {
          if (clauseHits[doc] === 0) touched.push(doc);
          clauseScore[doc] += s;
          clauseHits[doc] += 1;
        });
      });
      touched.forEach(function (doc) {
        if (anyWord) {
          if (state[doc] === 0) { state[doc] = 1; total[doc] = clauseScore[doc]; reached.push(doc); }
          else total[doc] += clauseScore[doc];
          matching[doc] += clauseHits[doc];
        } else if (state[doc] === ci) {  // matched every clause so far
          if (ci === 0) { total[doc] = clauseScore[doc]; reached.push(doc); }
          else total[doc] += clauseScore[doc];
          state[doc] = ci + 1;
        }
        clauseScore[doc] = 0;
        clauseHits[doc] = 0;
      });
    });
    if (anyWord) {
      // One OR over every field of every word, with Whoosh's coordination bonus (scale 0.9).
      var scale = 0.9;
      reached.forEach(function (doc) {
        out.set(doc, (termcount === 0 || termcount === scale) ? 0 :
          (total[doc] + ((matching[doc] - 1) / Math.pow(termcount - scale, 2))) *
          ((termcount - 1) / termcount));
      });
      return out;
    }
    var all = parsed.clauses.length;
    reached.forEach(function (doc) { if (state[doc] === all) out.set(doc, total[doc]); });
    return out;
  };

  /* "NOT word": documents with it are left out; scores are those of the rest of the query. */
  Engine.prototype.runWithNots = function (parsed) {
    var self = this, excluded = new Set();
    parsed.nots.forEach(function (clause) {
      clause.forEach(function (leaf) { self.eachLeaf(leaf, function (doc) { excluded.add(doc); }); });
    });
    var kept = this.run({ clauses: parsed.clauses, anyWord: parsed.anyWord });
    excluded.forEach(function (doc) { kept.delete(doc); });
    return kept;
  };

  var D = { id: 0, label: 1, type: 2, version: 3, url: 4, group: 5, rank: 6, page: 7,
            paras: 8, snippet: 9, category: 10, cites: 11 };

  Engine.prototype.passes = function (doc, filters) {
    var d = this.ix.docs[doc];
    if (!d) return false;
    return filters.every(function (f) {
      var name = f[0], value = f[1];
      if (name === "type") return d[D.type] === value;
      if (name === "version") return d[D.version] === value;
      if (name === "category") return d[D.category].split(",").indexOf(value) >= 0;
      if (name === "cites") return d[D.cites].split(",").indexOf(value) >= 0;
      return true;
    });
  };

  /* Matching documents in Whoosh's order (score, then document number), and the total. */
  Engine.prototype.ranked = function (scores, filters) {
    var self = this, hits = [];
    scores.forEach(function (s, doc) { if (self.passes(doc, filters)) hits.push([s, doc]); });
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return { hits: hits.slice(0, WANT), total: hits.length };
  };

  Engine.prototype.everything = function (filters) {
    var scores = new Map();
    for (var d = 0; d < this.ix.docs.length; d++) if (this.ix.docs[d]) scores.set(d, 1.0);
    return this.ranked(scores, filters);
  };

  // Damerau-Levenshtein (optimal string alignment) and plain Levenshtein.
  function edits(a, b, transpose) {
    var prev2 = null, prev = [];
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (transpose && prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          row[j] = Math.min(row[j], prev2[j - 2] + 1);
        }
      }
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  function subsequence(short, long) {
    var i = 0;
    for (var j = 0; j < long.length && i < short.length; j++) if (long[j] === short[i]) i++;
    return i === short.length;
  }

  Engine.prototype.bestCorrection = function (word) {
    this._corrections = this._corrections || new Map();
    if (!this._corrections.has(word)) this._corrections.set(word, this.correct(word));
    return this._corrections.get(word);
  };

  Engine.prototype.correct = function (word) {
    var raw = this.ix.raw, allowed = word.length <= 5 ? 1 : 2;
    var near = { 1: [], 2: [] };
    Object.keys(raw).forEach(function (c) {
      if (Math.abs(c.length - word.length) > 2) return;
      var d = edits(word, c, false);
      if (d >= 1 && d <= 2) near[d].push(c);
    });
    // Whoosh's suggest: up to 10, nearest first (edit distance 1, then 2), most frequent first.
    var byFreq = function (a, b) { return raw[b] - raw[a] || (a < b ? -1 : a > b ? 1 : 0); };
    var pool = near[1].sort(byFreq);
    if (pool.length < 10) pool = pool.concat(near[2].sort(byFreq));
    pool = pool.slice(0, 10).filter(function (c) {
      return !STOP.has(c) && c.length >= word.length - 1 && edits(word, c, true) <= allowed;
    });
    if (!pool.length) return null;
    pool.sort(function (a, b) {
      return edits(word, a, true) - edits(word, b, true) ||
        (subsequence(word, a) ? 0 : 1) - (subsequence(word, b) ? 0 : 1) ||
        raw[b] - raw[a] || (a < b ? -1 : a > b ? 1 : 0);
    });
    return pool[0];
  };

  Engine.prototype.suggest = function (words) {
    var self = this, changed = false;
    var fixed = words.map(function (word) {
      var lower = word.toLowerCase().replace(/'/g, "");
      if (STOP.has(lower) || lower.length < 4 || self.ix.raw[lower]) return word;
      var best = self.bestCorrection(lower);
      if (best === null) return word;
      changed = true;
      return best;
    });
    return changed ? fixed.join(" ") : null;
  };

  Engine.prototype.snippet = function (doc) {
    var size = this.ix.snippetBlock || 256, name = "s" + Math.floor(doc / size);
    var part = this.parts[name];
    if (!part) { this.missing.add(name); return ""; }
    return part[doc % size] || "";
  };

  Engine.prototype.row = function (doc) {
    var d = this.ix.docs[doc];
    return { id: d[D.id], title: d[D.label], type: d[D.type], version: d[D.version] || null,
             url: d[D.url], snippet: this.snippet(doc), also_in: [], doc: doc };
  };

  Engine.prototype.collapse = function (docs, newestFirst) {
    var self = this, groups = new Map();
    docs.forEach(function (doc) {
      var g = self.ix.docs[doc][D.group];
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(doc);
    });
    var entries = [];
    groups.forEach(function (members) {
      if (newestFirst) {
        members = members.map(function (m, i) { return [m, i]; }).sort(function (a, b) {
          return self.ix.docs[b[0]][D.rank] - self.ix.docs[a[0]][D.rank] || a[1] - b[1];
        }).map(function (p) { return p[0]; });
      }
      entries.push([members[0], members.slice(1).map(function (m) {
        return self.ix.docs[m][D.version];
      }).filter(Boolean)]);
    });
    return entries;
  };

  Engine.prototype.paragraphRows = function (number, filters, newestFirst, ours) {
    var self = this;
    var keys = ["cps" + number, "cps" + number + "i", "p" + number];
    var found = new Map();
    keys.forEach(function (k, i) {
      self.term("paras", k).forEach(function (s, doc) {
        found.set(doc, (found.get(doc) || 0) + s * [4, 2, 1][i]);
      });
    });
    var ranked = this.ranked(found, filters).hits.map(function (h) { return h[1]; });
    function tier(doc) {
      var where = self.ix.docs[doc][D.paras];
      var kind = ("cps" + number) in where ? 0 : ("cps" + number + "i") in where ? 1 : 2;
      if (ours) kind = ("p" + number) in where ? 0 : kind + 1;
      return [kind, newestFirst ? -self.ix.docs[doc][D.rank] : 0];
    }
    ranked = ranked.map(function (doc, i) { return [doc, i]; }).sort(function (a, b) {
      var ta = tier(a[0]), tb = tier(b[0]);
      return ta[0] - tb[0] || ta[1] - tb[1] || a[1] - b[1];
    }).map(function (p) { return p[0]; });
    return ranked.map(function (doc) {
      var row = self.row(doc), where = self.ix.docs[doc][D.paras];
      var order = ours ? [keys[2], keys[0], keys[1]] : keys;
      var anchor = null;
      order.some(function (k) { if (k in where) { anchor = where[k]; return true; } return false; });
      if (anchor) {
        row.url = row.url.split("#")[0] + "#" + anchor;
        row.id = self.ix.docs[doc][D.page] + "#" + anchor;
      }
      return row;
    });
  };

  /* search/query.py `search`: the same answer, as the same JSON shape (plus `error`). */
  Engine.prototype.search = function (text, options) {
    this.missing = new Set();
    var out = this.answer(text, options);
    if (this.missing.size) return { query: out.query, missing: Array.from(this.missing) };
    return out;
  };

  /* Every part (postings and snippets) a set of names needs, as file paths in the site. */
  function partPath(name) {
    return "search/kb-" + (name[0] === "p" ? "postings-" : "snippets-") + name.slice(1) + ".js";
  }

  Engine.prototype.answer = function (text, options) {
    options = options || {};
    var limit = options.limit || 10, type = options.type || null, version = options.version || null;
    text = (text || "").trim();
    try {
      if (!text) throw new QueryError("the query is empty; type one or more words");
      if (text.length > MAX_QUERY_LENGTH) {
        throw new QueryError("the query is " + text.length + " characters long; the limit is " + MAX_QUERY_LENGTH);
      }
      var split = splitFilters(text), inline = split.filters;
      var intent = readIntent(split.text);
      var named = version || (inline.filter(function (f) { return f[0] === "version"; })[0] || [])[1];
      var hasVersion = inline.some(function (f) { return f[0] === "version"; });
      if (intent.version && !named && !hasVersion) inline = inline.concat([["version", intent.version]]);
      if (intent.compare && !type && !inline.some(function (f) { return f[0] === "type"; })) {
        inline = inline.concat([["type", "what-changed"]]);
      }
      var prepared = prepare(intent.text).trim();
      var newestFirst = !version && !inline.some(function (f) { return f[0] === "version"; });
      var filters = inline.slice();
      if (type) filters.push(["type", type]);
      if (version) filters.push(["version", version]);
      var parsed = prepared ? parse(prepared, false) : null;
      var paragraphRows = [];
      if (intent.paragraph) {
        paragraphRows = this.paragraphRows(intent.paragraph, filters, newestFirst, intent.anchor);
        if (!prepared) {
          return { query: text, total: paragraphRows.length, suggestion: null,
                   results: paragraphRows.slice(0, limit) };
        }
      }
      var results = parsed ? this.ranked(this.run(parsed), filters) : this.everything(filters);
      if (intent.version && results.total === 0 && prepared) {
        inline = inline.filter(function (f) { return !(f[0] === "version" && f[1] === intent.version); });
        filters = inline.slice();
        if (type) filters.push(["type", type]);
        if (version) filters.push(["version", version]);
        newestFirst = !version;
        results = this.ranked(this.run(parsed), filters);
      }
      var total = results.total, batches = [results.hits], suggestion = null;
      if (results.hits.length < FEW) suggestion = this.suggest(parsed ? parsed.words : []);
      if (results.hits.length < FEW && prepared) {
        var fallbacks = suggestion ? [parse(suggestion, false)] : [];
        fallbacks.push(parse(suggestion || prepared, true));
        for (var i = 0; i < fallbacks.length; i++) {
          var more = this.ranked(this.run(fallbacks[i]), filters);
          batches.push(more.hits);
          total = Math.max(total, more.hits.length);
        }
      }
      var seen = new Set(), docs = [], self = this;
      batches.forEach(function (batch) {
        batch.forEach(function (h) {
          var id = self.ix.docs[h[1]][D.id];
          if (!seen.has(id)) { seen.add(id); docs.push(h[1]); }
        });
      });
      var rows = paragraphRows.slice();
      var taken = paragraphRows.map(function (r) { return r.id.split("#")[0]; });
      var entries = this.collapse(docs, newestFirst);
      for (var e = 0; e < entries.length && rows.length < limit; e++) {
        if (taken.indexOf(this.ix.docs[entries[e][0]][D.page]) >= 0) continue;
        var row = this.row(entries[e][0]);
        row.also_in = entries[e][1];
        rows.push(row);
      }
      var terms = (parsed ? parsed.clauses : []).concat(
        suggestion ? parse(suggestion, false).clauses : []);
      return { query: text, total: total, suggestion: suggestion, results: rows.slice(0, limit),
               terms: terms };
    } catch (err) {
      if (err instanceof QueryError) return { query: text, error: err.message, total: 0, suggestion: null, results: [] };
      throw err;
    }
  };

  var api = { Engine: Engine, analyse: analyse, stem: stem, readIntent: readIntent,
              prepare: prepare, tokenize: tokenize, partPath: partPath, MAX_LIMIT: MAX_LIMIT };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.KbSearch = api;
})(typeof window !== "undefined" ? window : this);
