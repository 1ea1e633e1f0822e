/* Decision guides: one question at a time, with Back, Start again and progress, and a
 * summary of the answers at the outcome. Links into a guide (#<guide>--<step>) open that step.
 */
(function () {
  "use strict";

  var t = window.dpupTools;
  var h = t.h;
  var once = t.once;
  var revealControls = t.revealControls;
  var focus = t.focus;

  var guides = {}; // guide id -> controller, for links into a guide from elsewhere (hashchange)

  function initGuide(root) {
    if (!once(root)) return;
    var steps = {};
    root.querySelectorAll(".dpup-guide__step").forEach(function (step) { steps[step.dataset.step] = step; });
    var start = root.dataset.start;
    var progress = root.querySelector(".dpup-guide__progress");
    var bar = root.querySelector(".dpup-guide__bar span");
    var back = root.querySelector('[data-action="back"]');
    var summary = root.querySelector(".dpup-guide__summary");
    var trail = []; // the questions answered so far: {step, question, answer}

    summary.setAttribute("data-dpup-keep-hidden", "");
    revealControls(root);
    root.classList.add("dpup-guide--js");

    function titleOf(step) {
      var title = step.querySelector(".dpup-guide__title").cloneNode(true);
      title.querySelectorAll(".dpup-guide__number, .headerlink").forEach(function (n) { n.remove(); });
      return title.textContent.trim();
    }

    function show(id, moveFocus) {
      var step = steps[id];
      Object.keys(steps).forEach(function (key) {
        steps[key].classList.toggle("dpup-guide__step--current", key === id);
      });
      var isOutcome = step.classList.contains("dpup-guide__outcome");
      var answered = trail.length;
      if (isOutcome) {
        progress.textContent = "Outcome, after " + answered + (answered === 1 ? " answer." : " answers.");
        bar.style.width = "100%";
      } else {
        var most = answered + Number(step.dataset.depth || 1);
        progress.textContent = "Question " + (answered + 1) + " of up to " + most + ".";
        bar.style.width = Math.round((answered / most) * 100) + "%";
      }
      back.disabled = answered === 0;
      showSummary(isOutcome);
      if (moveFocus) focus(step.querySelector(".dpup-guide__title"));
    }

    function showSummary(visible) {
      summary.textContent = "";
      summary.hidden = !visible;
      if (!visible) return;
      summary.appendChild(h("h4", { text: "Your answers" }));
      if (!trail.length) {
        summary.appendChild(h("p", { text: "You came straight to this outcome. Start again to answer the questions." }));
        return;
      }
      summary.appendChild(h("ol", {}, trail.map(function (entry) {
        return h("li", {}, [h("span", { class: "dpup-guide__asked", text: entry.question }), " ",
          h("strong", { text: "Your answer: " + entry.answer })]);
      })));
    }

    root.addEventListener("click", function (ev) {
      var link = ev.target.closest("a[data-next]");
      if (!link || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
      // Stop here, so Material's instant navigation does not treat the answer as a page link.
      ev.preventDefault();
      ev.stopPropagation();
      var from = link.closest(".dpup-guide__step");
      trail.push({ step: from.dataset.step, question: titleOf(from), answer: link.textContent.trim() });
      show(link.dataset.next, true);
    });

    back.addEventListener("click", function () {
      var last = trail.pop();
      if (last) show(last.step, true);
    });

    root.querySelector('[data-action="restart"]').addEventListener("click", function () {
      trail = [];
      show(start, true);
    });

    guides[root.id] = {
      // Open a step someone linked to (an outcome cited from another page, say), with no answers.
      open: function (id, moveFocus) {
        if (!steps[id]) return false;
        if (steps[id].classList.contains("dpup-guide__step--current")) return true; // keep the answers
        trail = [];
        show(id, moveFocus);
        return true;
      },
    };
    var linked = stepFromHash(location.hash);
    if (!(linked && linked.guide === root.id && guides[root.id].open(linked.step, true))) show(start, false);
  }

  // "#can-i-share--consent" -> {guide: "can-i-share", step: "consent"}
  function stepFromHash(hash) {
    var text;
    try {
      text = decodeURIComponent(hash || "");
    } catch {
      return null; // "#%" and the like: not a step
    }
    var match = /^#([a-z0-9-]+?)--([a-z0-9_-]+)$/.exec(text);
    return match && { guide: match[1], step: match[2] };
  }

  window.addEventListener("hashchange", function () {
    var linked = stepFromHash(location.hash);
    if (linked && guides[linked.guide] && document.getElementById(linked.guide)) {
      guides[linked.guide].open(linked.step, true);
    }
  });

  t.register("[data-dpup-guide]", initGuide);
})();
