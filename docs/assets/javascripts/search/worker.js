/* Our search worker. Material's search UI talks to it exactly as to its own worker
 * (material/templates/assets/javascripts/workers/search.*.js, Material 9.8.2):
 *   page -> worker  {type: 0 SETUP, data: {config, docs, options: {suggest}}}
 *   worker -> page  {type: 1 READY}
 *   page -> worker  {type: 2 QUERY, data: "what the reader typed"}
 *   worker -> page  {type: 3 RESULT, data: {items: [[item, ...] per page], suggest?: [word]}}
 * where an item is {location, title, text, score, terms: {word: matched}} and title and
 * text are HTML with <mark> around matched words.
 *
 * Unlike Material's worker it builds nothing: it loads the index that hooks/search_index.py
 * built (search/lunr_index.json) with lunr.Index.load. It starts loading as soon as the page
 * creates it, while the page fetches the documents. Under file:// it runs in file-worker.js's
 * iframe, where importScripts returns a Promise and the index comes as a script. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var here = self.__dpupWorkerURL || self.location.href;
var inFrame = typeof self.__dpupWorkerURL === "string";
var search = null;  // {index, synonyms, docs, byLocation, suggest}
var loading = null;

function load() {
  loading = loading || Promise.resolve(importScripts("lunr.js", "core.js")).then(function () {
    if (inFrame)
      return Promise.resolve(importScripts("../../../search/lunr_index.js"))
        .then(function () { return self.__dpupIndex; });
    return fetch(new URL("../../../search/lunr_index.json", here))
      .then(function (response) { return response.json(); });
  }).then(function (shipped) {
    return { index: lunr.Index.load(dpupSearch.unpack(shipped.index)),
      synonyms: shipped.synonyms, count: shipped.count };
  });
  return loading;
}

/* A real worker can start at once; in the file:// iframe, wait until search is opened */
if (!inFrame) load();

function escapeHTML(text) {
  return text.replace(/[&<>"]/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
  });
}

/* Wrap each word whose index term this result matched (so "Tāngata" lights up for "tangata").
 * A stem keeps its word's first letters, so only words starting like a matched term are stemmed. */
var stems = new Map();
function highlight(text, matched) {
  var starts = new Set();
  matched.forEach(function (t) { starts.add(t.slice(0, 3)); });
  return text.split(/([\p{L}\p{N}'’]+)/u).map(function (part, i) {
    if (!(i & 1)) return escapeHTML(part);
    var folded = dpupSearch.fold(part);
    if (!starts.has(folded.slice(0, 3))) return escapeHTML(part);
    if (!stems.has(folded)) stems.set(folded, dpupSearch.stem(search.index, folded));
    return matched.has(stems.get(folded)) ? "<mark>" + escapeHTML(part) + "</mark>" : escapeHTML(part);
  }).join("");
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
  var items = ranked.items.map(function (group) {
    var page = group[0].location.split("#")[0];
    var out = group.map(function (item) {
      var matched = new Set(item.matched);
      return { location: item.location, title: highlight(item.title, matched),
        text: highlight(item.text, matched), score: item.score, terms: item.terms };
    });
    /* Material renders each group around its page entry: add it if only sections matched */
    if (!group.some(function (item) { return item.location === page; }) && search.byLocation.has(page)) {
      var doc = search.byLocation.get(page);
      out.push({ location: doc.location, title: escapeHTML(doc.title), text: escapeHTML(doc.text),
        score: 0, terms: {} });
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
      return load().then(function (loaded) {
        var docs = message.data.docs;
        if (loaded.count !== docs.length)
          console.warn("search: the index and search_index.json are from different builds");
        search = { index: loaded.index, synonyms: loaded.synonyms, docs: docs,
          byLocation: new Map(docs.map(function (d) { return [d.location, d]; })),
          suggest: !!(message.data.options && message.data.options.suggest) };
        return { type: READY };
      });
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
  Promise.resolve(handle(ev.data)).then(function (reply) { postMessage(reply); });
});
