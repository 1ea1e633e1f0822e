/* Search costs nothing until the reader searches, and is quick when they do.
 *
 * Material creates its search worker and sends it the search set-up (SETUP) on every page
 * view, as soon as its bundle, at the end of the page, has run. Our worker would then load and
 * parse the index on every page view, searched or not: work a phone does for nothing.
 * This script (async, in <head>, overrides/main.html) stands between the two:
 * - a page opened with a query (?q=) creates the worker at once and tells it to load, so the
 *   index downloads while the page does (about 0.7 s sooner on a slow phone);
 * - on any other page, Material's SETUP waits until the search box takes focus (a click, a
 *   tap, or the "/", "s" and "f" keys); a query typed before the index is ready is answered
 *   when it is (Material sends it then).
 * Skipped if Material's bundle has already run: then search works as before. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.Worker || document.querySelector("script[src*='/bundle.']")) return;
  var LOAD = "dpup-load", SETUP = 0;
  var address = new URL(script.dataset.worker, location.href).href;
  var NativeWorker = window.Worker;
  var wanted = new URLSearchParams(location.search).has("q");
  var early = null, held = null, send = null;

  if (wanted) {
    early = new NativeWorker(address);
    early.postMessage({ type: LOAD });
  }

  function searchWanted() {
    wanted = true;
    if (held && send) send(held);
    held = null;
  }
  document.addEventListener("focusin", function (ev) {
    if (!wanted && ev.target instanceof Element && ev.target.matches(".md-search__input")) searchWanted();
  }, true);

  window.Worker = function (url, options) {
    if (new URL(url, location.href).href !== address) return new NativeWorker(url, options);
    var worker = early || new NativeWorker(url, options);
    early = null;  // handed over once; any later worker is a new one
    send = worker.postMessage.bind(worker);
    worker.postMessage = function (message) {
      if (!wanted && message && message.type === SETUP) held = message;
      else send(message);
    };
    return worker;
  };
  window.Worker.prototype = NativeWorker.prototype;
})();
