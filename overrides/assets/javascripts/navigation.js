/* Arriving on a page by instant navigation (Material 9.8 swaps the page in without loading it):
 * the browser leaves focus on <body>, or in the search box, and says nothing. Focus moves to the
 * new page's title, or to the heading its address points to, so a keyboard user starts there and
 * a screen reader says where they are (WCAG 2.4.3, 4.1.3). A tool that took focus keeps it.
 */
(function () {
  "use strict";

  var pages = 0;

  function target() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch {
      id = ""; // "#%" and the like: no element
    }
    return (id && document.getElementById(id)) || document.querySelector(".md-content h1");
  }

  function arrive() {
    pages += 1;
    if (pages === 1) return; // the page the browser loaded: it starts at the top, as usual
    var active = document.activeElement;
    if (active && active.closest && active.closest(".md-content")) return;
    var heading = target();
    if (!heading) return;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  window.dpupEachPage(arrive);
})();
