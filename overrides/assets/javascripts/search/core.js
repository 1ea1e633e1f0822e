/* Search core: the text pipeline, the query and the ranking, in JavaScript.
 *
 * The twin of hooks/dpup/search_text.py (and `unpack` of search_pack.py): the index is
 * built in Python and queried here, so each rule must match there. tests/test_search.py
 * runs both on the same questions. Needs a global `lunr` (lunr.js 2.3.9). */
(function (root) {
  "use strict";

  var FOLD_LABEL = "dpup-fold";
  var EDGES = /^[^a-z0-9]+|[^a-z0-9]+$/g;
  var WORD_SPLIT = /[^a-z0-9']+/;
  var EXACT_BOOST = 1.0;
  var PREFIX_BOOST = 0.3;
  var SYNONYM_BOOST = 0.5;
  var PREFIX_MIN = 3;
  var SYNONYM_SPAN = 3;

  function foldText(text) {
    return text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/\u2019/g, "'");
  }

  /* A word of folded text without its edge punctuation or a possessive 's */
  function trimWord(text) {
    text = text.replace(EDGES, "");
    if (text.slice(-2) === "'s")
      text = text.slice(0, -2).replace(EDGES, "");
    return text;
  }

  /* Lower-case, drop diacritics (tāngata -> tangata), trim punctuation and a possessive 's */
  function fold(text) {
    return trimWord(foldText(text));
  }

  /* The pipeline function; lunr drops a token that folds to nothing */
  function foldToken(token) {
    var folded = fold(token.toString());
    return folded ? token.update(function () { return folded; }) : undefined;
  }
  lunr.Pipeline.registerFunction(foldToken, FOLD_LABEL);

  function words(query) {
    return foldText(query).split(WORD_SPLIT).map(fold).filter(Boolean);
  }

  function isStopWord(word) {
    return lunr.stopWordFilter(word) === undefined;
  }

  function stem(index, word) {
    var out = index.pipeline.runString(word);
    return out.length ? out[0] : "";
  }

  /* The query's words, each with the index terms that count as a match for it */
  function plan(index, query, synonyms) {
    var all = words(query);
    var kept = all.filter(function (w) { return !isStopWord(w); });
    if (!kept.length) kept = all;
    var items = kept.map(function (w) {
      return { word: w, stem: stem(index, w), prefix: w.length >= PREFIX_MIN, synonyms: [] };
    }).filter(function (item) { return item.stem; });
    for (var start = 0; start < items.length; start++)
      for (var size = 1; size <= SYNONYM_SPAN; size++) {
        var span = items.slice(start, start + size);
        if (span.length < size) break;
        var key = span.map(function (i) { return i.stem; }).join(" ");
        var added = Object.prototype.hasOwnProperty.call(synonyms, key) ? synonyms[key] : [];
        span.forEach(function (item) {
          added.forEach(function (t) { if (item.synonyms.indexOf(t) < 0) item.synonyms.push(t); });
        });
      }
    return items;
  }

  function run(index, items) {
    if (!items.length) return [];
    return index.query(function (q) {
      items.forEach(function (item) {
        q.term(item.stem, { usePipeline: false, boost: EXACT_BOOST });
        if (item.prefix)
          q.term(item.word, { usePipeline: false, boost: PREFIX_BOOST,
            wildcard: lunr.Query.wildcard.TRAILING });
        item.synonyms.forEach(function (t) {
          q.term(t, { usePipeline: false, boost: SYNONYM_BOOST });
        });
      });
    });
  }

  /* Material's `terms`: each query word, and whether this result matched it */
  function matchedWords(items, terms) {
    var out = {};
    items.forEach(function (item) {
      out[item.word] = terms.some(function (t) {
        return t === item.stem || (item.prefix && t.indexOf(item.word) === 0) ||
          item.synonyms.indexOf(t) >= 0;
      });
    });
    return out;
  }

  /* Results grouped by page, best page first; each item is a store document plus
   * `score`, `terms` and `matched` (the index terms it matched, for highlighting) */
  function rank(index, docs, query, synonyms) {
    var items = plan(index, query, synonyms);
    var scored = run(index, items).map(function (result) {
      var doc = docs[+result.ref];
      var matched = Object.keys(result.matchData.metadata);
      var terms = matchedWords(items, matched);
      var keys = Object.keys(terms);
      var share = keys.length ? keys.filter(function (k) { return terms[k]; }).length / keys.length : 0;
      var lift = (doc.location.indexOf("#") >= 0 ? 0 : 1) + share;
      return { location: doc.location, title: doc.title, text: doc.text,
        score: result.score * (1 + Math.pow(lift, 2)), terms: terms, matched: matched };
    });
    scored.sort(function (a, b) { return b.score - a.score; });
    var groups = new Map();
    scored.forEach(function (item) {
      var page = item.location.split("#")[0];
      if (!groups.has(page)) groups.set(page, []);
      groups.get(page).push(item);
    });
    return { items: Array.from(groups.values()), plan: items };
  }

  /* The serialized lunr index again, from the packed form (search_pack.py). Getting it ready is
   * most of the time search takes after the reader's click, and most of that was writing every
   * (term, field, section) into lunr's postings: hundreds of thousands of string keys. So each
   * posting lists its sections only when a query first reads it (a getter), from arrays of
   * numbers made here. lunr only reads postings, and the index keeps no term positions, so every
   * section shares one empty metadata object. */
  var NO_METADATA = Object.freeze({});

  function unpack(packed) {
    var fields = packed.fields, refs = packed.refs, terms = packed.terms;
    var sections = fields.map(function () { return terms.map(function () { return []; }); });
    var vectors = [];
    for (var r = 0; r < refs.length; r++) {
      for (var f = 0; f < fields.length; f++) {
        var flat = packed.vectors[fields[f]][r], elements = new Array(flat.length), n = 0;
        for (var i = 0; i < flat.length; i += 2) {
          n += flat[i];
          elements[i] = n;
          elements[i + 1] = flat[i + 1];
          sections[f][n].push(r);
        }
        vectors.push([fields[f] + "/" + refs[r], elements]);
      }
    }
    var inverted = terms.map(function (term, t) {
      var posting = { _index: t };
      fields.forEach(function (field, f) { lazy(posting, field, sections[f][t], refs); });
      return [term, posting];
    });
    return { version: packed.version, fields: fields, fieldVectors: vectors,
      invertedIndex: inverted, pipeline: packed.pipeline };
  }

  /* posting[field]: {section ref: metadata} for the sections numbered in `which`, made once, when read */
  function lazy(posting, field, which, refs) {
    Object.defineProperty(posting, field, { configurable: true, enumerable: true, get: function () {
      var out = {};
      for (var i = 0; i < which.length; i++) out[refs[which[i]]] = NO_METADATA;
      Object.defineProperty(posting, field, { value: out, enumerable: true });
      return out;
    } });
  }

  var api = { fold: fold, foldText: foldText, trimWord: trimWord,
    words: words, isStopWord: isStopWord, stem: stem, plan: plan,
    rank: rank, unpack: unpack };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.dpupSearch = api;
})(typeof self !== "undefined" ? self : this);
