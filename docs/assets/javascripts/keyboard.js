/* Material's header buttons are <label>s for hidden inputs, which a keyboard cannot reach.
   The menu and colour-scheme labels take focus (overrides/partials/header.html and
   palette.html); Material's own keyboard handler presses a focused label on Enter, and here
   Space does the same. Opening the navigation drawer moves focus into it; Escape closes it and
   puts focus back on the menu button. Escape also hides a tooltip. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var label = event.target;
    if (event.key === " " && label instanceof HTMLLabelElement && label.closest(".md-header")) {
      event.preventDefault();
      label.click();
    }
  });

  /* A tooltip (a law reference's title, shown on focus or hover) can cover the next line: Escape
     hides it without moving focus (WCAG 1.4.13). It shows again once focus or the pointer moves
     to another element. */
  var dismissed = false;
  var dismissedOn = null;  // the element whose tooltip Escape hid
  var pointed = null;
  document.addEventListener("keydown", function (event) {
    var open = document.querySelectorAll(".md-tooltip--active, .md-tooltip2--active");
    if (event.key === "Escape" && open.length) {
      open.forEach(function (tip) { tip.classList.add("dpup-tooltip--dismissed"); });
      dismissedOn = document.activeElement !== document.body ? document.activeElement : pointed;
      dismissed = true;
    }
  });
  function bringBack(event) {
    pointed = event.target;
    if (dismissed && !(dismissedOn && dismissedOn.contains(event.target))) {
      document.querySelectorAll(".dpup-tooltip--dismissed").forEach(function (tip) {
        tip.classList.remove("dpup-tooltip--dismissed");
      });
      dismissed = false;
      dismissedOn = null;
    }
  }
  document.addEventListener("focusin", bringBack);
  document.addEventListener("pointerover", bringBack);

  var toggle = document.getElementById("__drawer");
  var button = document.querySelector(".md-header__button[for='__drawer']");
  if (!toggle || !button) {
    return;
  }

  function set(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked && document.activeElement === button) {
      // The drawer becomes visible as it slides in: move focus once it can take it.
      window.requestAnimationFrame(function () {
        var first = document.querySelector(".md-sidebar--primary a[href]");
        if (first) {
          first.focus();
        }
      });
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      set(false);
      button.focus();
    }
  });
})();
