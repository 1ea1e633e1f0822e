/* Material's header buttons are <label>s for hidden inputs, which a keyboard cannot reach.
   The menu and colour-scheme labels take focus (overrides/partials/header.html and
   palette.html); Material's own keyboard handler presses a focused label on Enter, and here
   Space does the same. Opening the navigation drawer moves focus into it; Escape closes it and
   puts focus back on the menu button. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var label = event.target;
    if (event.key === " " && label instanceof HTMLLabelElement && label.closest(".md-header")) {
      event.preventDefault();
      label.click();
    }
  });

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
