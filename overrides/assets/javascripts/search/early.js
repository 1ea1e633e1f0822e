/* Search is ready before the reader asks, and costs a reader who never searches little.
 *
 * Material creates its search worker and sends it the search set-up (SETUP) on every page
 * view, as soon as its bundle, at the end of the page, has run; our worker (worker.js) would
 * then download and parse the index at once, while the page is still loading. This script
 * (async, in <head>, overrides/main.html) stands between the two, in three steps:
 * - fetch: once the page has loaded, the worker downloads the index and its scripts, off the
 *   main thread, after everything the page needs (not when the browser asks to save data);
 * - parse: on the first sign that the reader will search (the pointer over the search box, a
 *   touch on it, or focus in it), the worker parses the index, so it is ready by the time they
 *   have typed;
 * - set up: Material's SETUP waits until the search box takes focus (a click, a tap, or the
 *   "/", "s" and "f" keys); a query typed before the index is ready is answered when it is.
 * A page opened with a query (?q=) starts all three at once. Skipped if Material's bundle has
 * already run: then search works as before. Not used under file:// (the offline copy), where the
 * worker runs in a frame (file-worker.js) and loads when the reader searches. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.Worker || document.querySelector("script[src*='/bundle.']")) return;
  var FETCH = "dpup-fetch", LOAD = "dpup-load", SETUP = 0;
  var address = new URL(script.dataset.worker, location.href).href;
  var NativeWorker = window.Worker;
  var wanted = new URLSearchParams(location.search).has("q");
  var early = null, held = null, send = null;
  var asked = {};  // the steps already asked of the worker

  // Ask the worker for a step once: the worker Material made, or one made now and handed to Material.
  function ask(step) {
    if (asked[step]) return;
    asked[step] = true;
    if (!send) {
      early = new NativeWorker(address);
      send = early.postMessage.bind(early);
    }
    send({ type: step });
  }

  function saveData() {
    return !!(navigator.connection && navigator.connection.saveData);
  }

  if (wanted) ask(LOAD);
  else {
    window.addEventListener("load", function () {
      if (!saveData()) ask(FETCH);
    }, { once: true });
  }

  function searchWanted() {
    wanted = true;
    ask(LOAD);
    if (held) send(held);
    held = null;
  }
  var SEARCH_BOX = ".md-search__form, .md-search__input, .dpup-header-button--search";
  function intent(ev) {
    if (ev.target instanceof Element && ev.target.closest(SEARCH_BOX)) ask(LOAD);
  }
  document.addEventListener("pointerover", intent, { capture: true, passive: true });
  document.addEventListener("touchstart", intent, { capture: true, passive: true });
  document.addEventListener("focusin", function (ev) {
    if (!wanted && ev.target instanceof Element && ev.target.matches(".md-search__input")) searchWanted();
  }, true);

  window.Worker = function (url, options) {
    if (new URL(url, location.href).href !== address) return new NativeWorker(url, options);
    var worker = early || new NativeWorker(url, options);
    if (!early) send = worker.postMessage.bind(worker);
    early = null;  // handed over once; any later worker is a new one
    var post = send;
    worker.postMessage = function (message) {
      if (!wanted && message && message.type === SETUP) held = message;
      else post(message);
    };
    return worker;
  };
  window.Worker.prototype = NativeWorker.prototype;
})();
