/* file:// pages may not start a Web Worker (Chromium and Firefox refuse one), and Material's
 * offline plugin would fetch a shim from unpkg.com for that. Instead, under file:// only, we run
 * our search worker (worker.js) in a hidden iframe of the same origin: it gets globals of its
 * own (postMessage, addEventListener, importScripts) and trades messages with the page as events.
 * importScripts returns a Promise here; worker.js waits for it. Loaded only in the offline build. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function FileWorker(url) {
    var target = new EventTarget();
    var base = new URL(url, location.href);
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.tabIndex = -1;
    frame.setAttribute("aria-hidden", "true");
    document.body.appendChild(frame);
    var w = frame.contentWindow;

    w.__dpupWorkerURL = base.href;
    w.postMessage = function (data) {
      setTimeout(function () {
        var ev = new MessageEvent("message", { data: data });
        target.dispatchEvent(ev);
        if (typeof target.onmessage === "function") target.onmessage(ev);
      });
    };
    w.importScripts = function () {
      return Array.prototype.reduce.call(arguments, function (done, src) {
        return done.then(function () {
          return new Promise(function (resolve, reject) {
            var script = w.document.createElement("script");
            script.src = new URL(src, base).href;
            script.onload = function () { resolve(); };
            script.onerror = function () { reject(new Error("search: cannot load " + script.src)); };
            w.document.head.appendChild(script);
          });
        });
      }, Promise.resolve());
    };

    var started = w.importScripts(base.href);
    target.postMessage = function (data) {
      started.then(function () { w.dispatchEvent(new MessageEvent("message", { data: data })); });
    };
    target.terminate = function () { frame.remove(); };
    return target;
  }

  window.Worker = FileWorker;
})();
