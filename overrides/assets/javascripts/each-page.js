/* The one way our scripts run their set-up on every page. Material's instant navigation swaps
 * pages without a reload and says so through document$, which replays the current page to a
 * late subscriber. From file:// (the offline copy) Material 9.8's document$ completes without
 * ever emitting, so there the set-up runs once, when the page has loaded. */
(function () {
  "use strict";

  function whenLoaded(setUp) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
    else setUp();
  }

  window.dpupEachPage = function (setUp) {
    if (!window.document$) return whenLoaded(setUp);
    var emitted = false;
    window.document$.subscribe({
      next: function () { emitted = true; setUp(); },
      complete: function () { if (!emitted) whenLoaded(setUp); },
    });
  };
})();
