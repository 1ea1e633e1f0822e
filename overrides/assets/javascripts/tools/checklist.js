/* Checklists: ticks kept in this browser only, under localStorage "dpup.checklist.<checklist id>". */
(function () {
  "use strict";

  var t = window.dpupTools;
  var once = t.once;
  var revealControls = t.revealControls;

  var STORE = "dpup.checklist."; // + checklist id -> JSON list of ticked item ids

  function readTicks(key) {
    try {
      var saved = JSON.parse(localStorage.getItem(key) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch {
      return []; // storage blocked or corrupt: start empty
    }
  }

  function writeTicks(key, ids) {
    try {
      if (ids.length) localStorage.setItem(key, JSON.stringify(ids));
      else localStorage.removeItem(key);
    } catch {
      /* storage blocked: ticks last until the page closes */
    }
  }

  function initChecklist(root) {
    if (!once(root)) return;
    var key = STORE + root.dataset.dpupChecklist;
    var boxes = Array.prototype.slice.call(root.querySelectorAll('input[type="checkbox"][data-item]'));
    var progress = root.querySelector(".dpup-checklist__progress");
    var ticked = readTicks(key);
    boxes.forEach(function (box) { box.checked = ticked.indexOf(box.dataset.item) >= 0; });
    revealControls(root);

    function update() {
      var done = boxes.filter(function (b) { return b.checked; }).length;
      progress.textContent = done + " of " + boxes.length + " ticked.";
    }

    root.addEventListener("change", function () {
      writeTicks(key, boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.dataset.item; }));
      update();
    });

    root.querySelector('[data-action="clear"]').addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      writeTicks(key, []);
      update();
    });
    update();
  }

  t.register("[data-dpup-checklist]", initChecklist);
})();
