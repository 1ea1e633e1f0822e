/* Material 9.8's search dialog, for keyboard and screen reader users (WCAG 2.2: 1.3.1, 2.4.3,
 * 4.1.2, 4.1.3). The result count is a live region (overrides/partials/search.html). Here:
 * - each result link is named by its words: Material wraps them in an <article>, and Chromium
 *   then gives the link no name; and loses an empty ?h= (nothing to highlight);
 * - Escape closes the dialog and puts focus back where the reader opened it, not on <body>: on
 *   a wide screen the search field (Material opens the dialog whenever the field takes focus,
 *   so that one focus is kept from it; typing in the field opens the dialog again), on a
 *   narrow one the header's search button (overrides/partials/header.html).
 */
(function () {
  "use strict";

  // Named by what they show (title, then excerpt), which WCAG 2.5.3 wants: the <article> goes
  // from the accessibility tree, so the link's name is computed from its words again.
  function nameResults(list) {
    list.querySelectorAll("a.md-search-result__link article:not([role])").forEach(function (article) {
      article.setAttribute("role", "none");
    });
  }

  // Material adds ?h= (the words to highlight on the page) to every result link; with no word
  // to highlight it would be empty: take it out.
  function dropEmptyHighlight(list) {
    list.querySelectorAll("a.md-search-result__link[href*='h=']").forEach(function (link) {
      var url = new URL(link.href);
      if (url.searchParams.get("h") !== "") return;
      url.searchParams.delete("h");
      link.href = url.href;
    });
  }

  function setUp() {
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector(".md-search__input");
    var toggle = document.getElementById("__search");
    if (!list || !input || !toggle || list.dataset.dpupNamed) return;
    list.dataset.dpupNamed = "true";
    new MutationObserver(function () {
      nameResults(list);
      dropEmptyHighlight(list);
    }).observe(list, { childList: true, subtree: true });

    var quiet = false;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !toggle.checked) return;
      // After Material has closed the dialog and blurred the field (its own Escape handler).
      setTimeout(function () {
        var button = document.querySelector("button[data-dpup-toggle='__search']");
        if (button && button.getClientRects().length) return button.focus();
        quiet = true;
        input.focus();
        quiet = false;
      });
    });
    // Capture, on the way down to the field: this focus never reaches Material's listener.
    document.addEventListener("focus", function (event) {
      if (quiet && event.target === input) event.stopPropagation();
    }, true);
    // The header's search button opens the dialog (keyboard.js); the field takes focus in the same
    // click, as Material does for its label, so a phone shows its keyboard.
    var opener = document.querySelector("button[data-dpup-toggle='__search']");
    if (opener) opener.addEventListener("click", function () { input.focus(); });
    input.addEventListener("input", function () {
      if (!toggle.checked && document.activeElement === input) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
    });
  }

  window.dpupEachPage(setUp);
})();
