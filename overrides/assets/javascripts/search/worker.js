/* Our search worker. Material's search UI talks to it exactly as to its own worker
 * (material/templates/assets/javascripts/workers/search.*.js, Material 9.8.2):
 *   page -> worker  {type: 0 SETUP, data: {config, docs, options: {suggest}}}
 *   worker -> page  {type: 1 READY}
 *   page -> worker  {type: 2 QUERY, data: "what the reader typed"}
 *   worker -> page  {type: 3 RESULT, data: {items: [[item, ...] per page], suggest?: [word]}}
 * where an item is {location, title, text, score, terms: {word: matched}} and title and
 * text are HTML with <mark> around matched words.
 *
 * Unlike Material's worker it builds nothing: it loads the index and the documents that
 * hooks/search.py built (search/lunr_index.json) and hands the index to lunr.Index.load.
 * early.js asks it to download the index once the page has loaded (FETCH) and to parse it when
 * the reader is about to search (LOAD); SETUP, held until the search box has focus, does both
 * if they have not been done.
 * Under file:// it runs in file-worker.js's iframe, where importScripts returns a Promise
 * and the index comes as a script. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var here = self.__dpupWorkerURL || self.location.href;
var inFrame = typeof self.__dpupWorkerURL === "string";
var search = null;  // {index, synonyms, docs, byLocation, suggest}
var fetching = null, loading = null;

/* Download the scripts and the index, and parse nothing yet: early.js asks for this once the
 * page has loaded (FETCH), and parsing waits for a sign that the reader will search (LOAD). */
function fetchIndex() {
  fetching = fetching || Promise.resolve(importScripts("lunr.js", "core.js")).then(function () {
    if (inFrame)
      return Promise.resolve(importScripts("../../../search/lunr_index.js"))
        .then(function () { return self.__dpupIndex; });
    return fetch(new URL("../../../search/lunr_index.json", here)).then(function (response) {
      if (!response.ok) throw new Error("search: the index answered " + response.status);
      return response.text();
    });
  }).catch(function (error) {
    fetching = null;  // a download that failed (a dropped connection, a deploy) is tried again when asked
    throw error;
  });
  return fetching;
}

function load() {
  loading = loading || fetchIndex().then(function (shipped) {
    if (typeof shipped === "string") shipped = JSON.parse(shipped);
    return { index: lunr.Index.load(dpupSearch.unpack(shipped.index)),
      synonyms: shipped.synonyms, docs: shipped.docs };
  }).catch(function (error) {
    loading = null;
    throw error;
  });
  return loading;
}

/* Steps early.js may ask for before SETUP: download (FETCH), then parse (LOAD) */
var FETCH = "dpup-fetch", LOAD = "dpup-load";

function escapeHTML(text) {
  return text.replace(/[&<>"]/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
  });
}

/* Wrap each word whose index term this result matched (so "Tāngata" lights up for "tangata").
 * One matcher per query finds the candidate words: a stem keeps its word's first letters, so
 * only words starting like a matched term are stemmed (and each word only once per worker). */
var stems = new Map();
var MARKED_GROUPS = 10;
var WORD = "[\\p{L}\\p{M}\\p{N}'’]";  /* letters with their combining marks (a decomposed ā) */

function matcherFor(groups) {
  var starts = new Set();
  groups.forEach(function (group) {
    group.forEach(function (item) {
      item.matched.forEach(function (t) { starts.add(t.slice(0, 3)); });
    });
  });
  if (!starts.size) return null;
  var alternatives = Array.from(starts).map(function (s) { return s.replace(/[\^$\\.*+?()[\]{}|/]/g, "\\$&"); });
  return new RegExp("(?<!" + WORD + ")(?:" + alternatives.join("|") + ")" + WORD + "*", "gu");
}

function highlight(text, matched, matcher) {
  /* Folding keeps a macron letter's place (ā -> a): find words in the folded text, mark them
   * in the original. Where it does not (a rare letter), go word by word. */
  if (!matcher || !matched.size) return escapeHTML(text);
  var folded = dpupSearch.foldText(text);
  if (folded.length !== text.length) return highlightWordByWord(text, matched);
  var out = "", last = 0, found;
  matcher.lastIndex = 0;
  while ((found = matcher.exec(folded)) !== null) {
    if (!isMatched(dpupSearch.trimWord(found[0]), matched)) continue;
    var end = found.index + found[0].length;
    out += escapeHTML(text.slice(last, found.index)) + "<mark>" + escapeHTML(text.slice(found.index, end)) + "</mark>";
    last = end;
  }
  return out + escapeHTML(text.slice(last));
}

function highlightWordByWord(text, matched) {
  return text.split(new RegExp("(" + WORD + "+)", "u")).map(function (part, i) {
    return (i & 1) && isMatched(dpupSearch.fold(part), matched)
      ? "<mark>" + escapeHTML(part) + "</mark>" : escapeHTML(part);
  }).join("");
}

/* Whether a folded word's stem is one of the index terms this result matched */
function isMatched(word, matched) {
  if (!stems.has(word)) stems.set(word, dpupSearch.stem(search.index, word));
  return matched.has(stems.get(word));
}

/* Material's `terms` (each query word, and whether this result matched it) with each word marked
 * in the result as it is written, matched too. Material puts the matched ones in the link's ?h=,
 * and highlights them on the page it opens: the page's own "Tāngata" for "tangata", the page's
 * "Kaitiakitanga" for the synonym "stewardship". */
var WHOLE_WORD = new RegExp("^" + WORD + "+$", "u");

function withMarked(terms, html) {
  var out = Object.assign({}, terms);
  html.replace(/<mark>([^<]*)<\/mark>/g, function (all, word) {
    if (WHOLE_WORD.test(word)) out[word] = true;  /* a word, never a stray piece of marked text */
    return all;
  });
  return out;
}

/* The terms of a page's sections together: a word any section matched counts as matched */
function anyOf(termsList) {
  var out = {};
  termsList.forEach(function (terms) {
    Object.keys(terms).forEach(function (word) { out[word] = out[word] || terms[word]; });
  });
  return out;
}

/* Complete the last word typed from a word in the best results' titles, as Material does */
function suggestion(query, groups) {
  var typed = query.split(/[\s-]+/).pop();
  if (!typed) return [];
  var lower = typed.toLowerCase();
  for (var g = 0; g < Math.min(groups.length, 5); g++)
    for (var i = 0; i < groups[g].length; i++) {
      var titleWords = groups[g][i].title.split(/[^\p{L}\p{N}'’]+/u);
      for (var w = 0; w < titleWords.length; w++)
        if (titleWords[w].length > typed.length && titleWords[w].toLowerCase().indexOf(lower) === 0)
          return [typed + titleWords[w].slice(typed.length).toLowerCase()];
    }
  return [];
}

function answer(query) {
  var ranked = dpupSearch.rank(search.index, search.docs, query, search.synonyms);
  /* Material renders the first ten pages of results and the rest as the reader scrolls:
   * mark words in those ten, where the reader looks first, and spare every keystroke the rest */
  var matcher = matcherFor(ranked.items.slice(0, MARKED_GROUPS));
  var items = ranked.items.map(function (group, g) {
    var marker = g < MARKED_GROUPS ? matcher : null;
    var page = group[0].location.split("#")[0];
    var out = group.map(function (item) {
      var matched = new Set(item.matched);
      var title = highlight(item.title, matched, marker), text = highlight(item.text, matched, marker);
      return { location: item.location, title: title, text: text, score: item.score,
        terms: withMarked(item.terms, title + text) };
    });
    /* Material renders each group around its page entry: add it if only sections matched */
    if (!group.some(function (item) { return item.location === page; }) && search.byLocation.has(page)) {
      var doc = search.byLocation.get(page);
      out.push({ location: doc.location, title: escapeHTML(doc.title), text: escapeHTML(doc.text),
        score: 0, terms: anyOf(out.map(function (o) { return o.terms; })) });
    }
    return out;
  });
  var result = { items: items };
  if (search.suggest) result.suggest = suggestion(query, ranked.items);
  return result;
}

function handle(message) {
  switch (message.type) {
    case SETUP:
      /* Material's SETUP carries no documents (hooks/search.py): they come with the index */
      return load().then(function (loaded) {
        var docs = loaded.docs;
        search = { index: loaded.index, synonyms: loaded.synonyms, docs: docs,
          byLocation: new Map(docs.map(function (d) { return [d.location, d]; })),
          suggest: !!(message.data.options && message.data.options.suggest) };
        return { type: READY };
      });
    case FETCH:  /* early steps: a failure waits for SETUP, which tries again and says so */
      fetchIndex().catch(function () {});
      return null;
    case LOAD:
      load().catch(function () {});
      return null;
    case QUERY:
      try {
        return { type: RESULT, data: answer(message.data) };
      } catch (err) {
        console.warn("search: cannot run the query " + JSON.stringify(message.data), err);
        return { type: RESULT, data: { items: [] } };
      }
    default:
      throw new TypeError("Invalid message type");
  }
}

addEventListener("message", function (ev) {
  Promise.resolve(handle(ev.data)).then(function (reply) { if (reply) postMessage(reply); });
});
