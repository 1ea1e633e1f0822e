/* Start our search worker with the page, not when Material's bundle has run.
 *
 * Material creates the search worker once its bundle, at the end of the page, has run: about
 * 0.7 s after navigation on a slow phone. Only then could the worker start fetching lunr and the
 * prebuilt index. This script (async, in <head>, overrides/main.html) creates the worker at
 * once, so it loads while the page does; when Material asks for a worker with the same address,
 * it gets this one. Nothing is lost meanwhile: the worker speaks only when spoken to.
 * Skipped if Material's bundle has already run (then it has its worker). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.Worker || document.querySelector("script[src*='/bundle.']")) return;
  var address = new URL(script.dataset.worker, location.href).href;
  var NativeWorker = window.Worker;
  var early = new NativeWorker(address);
  window.Worker = function (url, options) {
    if (early && new URL(url, location.href).href === address) {
      var worker = early;
      early = null;  // handed over once; any later worker is a new one
      return worker;
    }
    return new NativeWorker(url, options);
  };
  window.Worker.prototype = NativeWorker.prototype;
})();
