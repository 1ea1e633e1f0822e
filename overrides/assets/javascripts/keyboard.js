/* The header's buttons (overrides/partials/header.html and palette.html) are real <button>s
   where Material has <label>s for hidden inputs, which a keyboard cannot reach and a screen
   reader does not call buttons. Each presses the input Material reads. Opening the navigation
   drawer moves focus to its first link a reader can see; Escape closes it and puts focus back on
   the menu button, and tabbing out of it closes it. Escape also hides a tooltip. */
(function () {
  "use strict";
  document.querySelectorAll("button[data-dpup-toggle]").forEach(function (button) {
    var input = document.getElementById(button.dataset.dpupToggle);
    if (!input) {
      return;
    }
    button.addEventListener("keydown", function (event) {
      // The button clicks itself on Enter; Material's palette would switch the scheme again.
      if (event.key === "Enter") {
        event.stopPropagation();
      }
    });
    button.addEventListener("click", function () {
      input.click();
      if (input.type === "radio") {
        // Material hides this scheme's button and shows the other's: keep focus on the switch.
        window.requestAnimationFrame(function () {
          var shown = button.parentElement.querySelector("button[data-dpup-toggle]:not([hidden])");
          if (shown) {
            shown.focus();
          }
        });
      }
    });
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
  var button = document.querySelector("button[data-dpup-toggle='__drawer']");
  if (!toggle || !button) {
    return;
  }

  // Links under an open section are hidden (site.css): start at the first one a reader can see.
  function firstVisible(selector) {
    return Array.prototype.find.call(document.querySelectorAll(selector), function (node) {
      return node.getClientRects().length > 0 && getComputedStyle(node).visibility === "visible";
    });
  }

  function set(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  toggle.addEventListener("change", function () {
    button.setAttribute("aria-expanded", String(toggle.checked));
    if (toggle.checked && document.activeElement === button) {
      // The drawer becomes visible as it slides in: move focus once it can take it.
      window.requestAnimationFrame(function () {
        var first = firstVisible(".md-sidebar--primary a[href]") || firstVisible(".md-sidebar--primary label[tabindex]");
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
  // Tabbing on past the drawer's last link closes it, so focus never sits on the page under it.
  document.addEventListener("focusin", function (event) {
    var drawer = document.querySelector(".md-sidebar--primary");
    if (toggle.checked && drawer && !drawer.contains(event.target) && event.target !== button) {
      set(false);
    }
  });
})();
