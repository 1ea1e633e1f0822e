/* Audience switcher ("I am …"). Opens the blocks written for the chosen audience
   and closes the others. The choice is kept in localStorage under "dpup.audience"
   and never leaves the browser. Without JavaScript every block stays open. */
(function () {
  "use strict";
  var KEY = "dpup.audience";

  // The audience chosen before, if it is still one of the switcher's: an id that a change to
  // data/audiences.yml removed would otherwise close every block while the switcher shows none.
  function stored() {
    var value;
    try {
      value = localStorage.getItem(KEY) || "";
    } catch {
      return "";
    }
    var ids = Array.prototype.map.call(document.querySelectorAll("#dpup-audience option"), function (o) {
      return o.value;
    });
    if (value && ids.indexOf(value) < 0) {
      store("");
      return "";
    }
    return value;
  }

  function store(value) {
    try {
      if (value) localStorage.setItem(KEY, value); else localStorage.removeItem(KEY);
    } catch { /* storage may be disabled: the choice then lasts for this page only */ }
  }

  function apply(audience, announce) {
    var blocks = document.querySelectorAll("details.dpup-audience");
    blocks.forEach(function (block) {
      block.open = !audience || block.dataset.audience === audience;
    });
    // A link to one block (from an audience view) must always show that block.
    var target = location.hash && document.getElementById(hashId());
    if (target && target.matches("details.dpup-audience")) target.open = true;

    var switcher = document.querySelector("[data-dpup-switcher]");
    if (!switcher) return;
    var select = switcher.querySelector("select");
    select.value = audience;
    switcher.querySelector(".dpup-switcher__all").hidden = !audience;
    if (announce) {
      var name = select.options[select.selectedIndex].text;
      switcher.querySelector("[role=status]").textContent = audience
        ? "Showing the text for " + name + ". Text for other audiences is collapsed."
        : "Showing the text for all audiences.";
    }
  }

  function hashId() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch {
      return ""; // "#%" and the like: no element
    }
  }

  function choose(audience) {
    store(audience);
    apply(audience, true);
  }

  function init() {
    var switcher = document.querySelector("[data-dpup-switcher]");
    if (switcher && !switcher.dataset.ready) {
      switcher.dataset.ready = "true";
      switcher.hidden = false;
      switcher.querySelector("select").addEventListener("change", function (event) {
        choose(event.target.value);
      });
      switcher.querySelector(".dpup-switcher__all").addEventListener("click", function () {
        choose("");
        switcher.querySelector("select").focus();
      });
    }
    apply(stored(), false);
  }

  // Material swaps pages without reloading (navigation.instant): run on every page.
  window.dpupEachPage(init);
})();
