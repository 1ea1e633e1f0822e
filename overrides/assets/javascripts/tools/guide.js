/* Decision guides as smart answers: one question at a time, with progress, Back and Start
 * again, and at the outcome a record of the answers to copy or print for a case note.
 *
 * The address holds the answers: "?<guide>=<step>.<step>.<step>", the steps visited from where
 * the reader began (the first question, or a step someone linked to with #<guide>--<step>).
 * Each answer adds a history entry, so Back, Forward, a reload and a shared link all show the
 * same answers. Steps are checked against the page: an address that names a step no answer leads
 * to opens at the last step it could follow, and says so. Nothing is sent or stored elsewhere.
 */
(function () {
  "use strict";

  var t = window.dpupTools;
  var h = t.h;
  var once = t.once;
  var revealControls = t.revealControls;
  var focus = t.focus;
  var titleOf = function (step) { return window.dpupGuideRecord.stepTitle(step); };

  var guides = {}; // guide id -> controller, for links and history changes
  var STEP = /^[a-z0-9_-]+$/;

  function initGuide(root) {
    if (!once(root)) return;
    var id = root.id;
    // The same answers shown again after Material swapped in a fresh copy of this page: no jump.
    var seen = guides[id] && guides[id].shown() === new URL(location.href).searchParams.get(id);
    var steps = {};
    root.querySelectorAll(".dpup-guide__step").forEach(function (step) { steps[step.dataset.step] = step; });
    var start = root.dataset.start;
    var progress = root.querySelector(".dpup-guide__progress");
    var bar = root.querySelector(".dpup-guide__bar span");
    var notice = root.querySelector(".dpup-guide__notice");
    var back = root.querySelector('[data-action="back"]');
    var summary = root.querySelector(".dpup-guide__summary");
    var answered = root.querySelector(".dpup-guide__answered");
    var copied = root.querySelector(".dpup-guide__copied");
    var here = start; // the step on show
    var trail = []; // the questions answered so far: {step, question, answer}
    var applied = null; // the address's answers last shown, so other history steps leave the guide be

    revealControls(root);
    root.classList.add("dpup-guide--js");

    function answerLink(from, to) {
      return steps[from] && steps[from].querySelector('a.dpup-guide__answer[data-next="' + to + '"]');
    }

    // The steps in an address, followed from its first step as far as the answers allow.
    function follow(visited) {
      var first = visited[0];
      var result = { here: start, trail: [], complete: visited.length === 0 };
      if (!first) return result;
      if (!STEP.test(first) || !steps[first]) return result;
      result.here = first;
      for (var k = 1; k < visited.length; k++) {
        var link = STEP.test(visited[k]) && answerLink(result.here, visited[k]);
        if (!link) return result;
        var question = titleOf(steps[result.here]);
        result.trail.push({ step: result.here, question: question, answer: link.textContent.trim() });
        result.here = visited[k];
      }
      result.complete = true;
      return result;
    }

    function visitedSteps() {
      if (!trail.length) return here === start ? [] : [here];
      return trail.map(function (entry) { return entry.step; }).concat([here]);
    }

    function addressFor(visited) {
      var url = new URL(location.href);
      url.hash = "";
      if (visited.length) url.searchParams.set(id, visited.join("."));
      else url.searchParams.delete(id);
      return url.pathname + url.search;
    }

    function record() {
      return new URL(addressFor(visitedSteps()), location.href).href;
    }

    // Show where the trail leads; remember it in a new history entry when `push` is set.
    function show(moveFocus, push) {
      var step = steps[here];
      if (push) history.pushState(history.state, "", addressFor(visitedSteps()));
      applied = new URL(location.href).searchParams.get(id);
      Object.keys(steps).forEach(function (key) {
        steps[key].classList.toggle("dpup-guide__step--current", key === here);
      });
      var isOutcome = step.classList.contains("dpup-guide__outcome");
      var count = trail.length;
      if (isOutcome) {
        progress.textContent = "Outcome, after " + count + (count === 1 ? " answer." : " answers.");
        bar.style.width = "100%";
      } else {
        var most = count + Number(step.dataset.depth || 1);
        progress.textContent = "Question " + (count + 1) + " of up to " + most + ".";
        bar.style.width = Math.round((count / most) * 100) + "%";
      }
      back.disabled = count === 0;
      showSummary(isOutcome);
      if (moveFocus) focus(step.querySelector(".dpup-guide__title"));
    }

    function say(text) {
      notice.textContent = text;
      notice.hidden = !text;
    }

    function showSummary(visible) {
      summary.hidden = !visible;
      answered.textContent = "";
      copied.textContent = "";
      if (!visible) return;
      if (!trail.length) {
        answered.appendChild(h("li", { text: "You came straight to this outcome. Start again to answer the questions." }));
        return;
      }
      trail.forEach(function (entry) {
        answered.appendChild(h("li", {}, [h("span", { class: "dpup-guide__asked", text: entry.question }), " ",
          h("strong", { text: "Your answer: " + entry.answer })]));
      });
    }

    // Open the steps an address names; `moveFocus` when the reader asked for it (reload, history).
    function openAddress(moveFocus) {
      var value = new URL(location.href).searchParams.get(id);
      var found = follow(value ? value.split(".") : []);
      trail = found.trail;
      here = found.here;
      say(found.complete ? "" : "This link holds an answer the guide cannot follow, so it opens at the " +
        "last question it could reach. Choose your answer from here.");
      if (!found.complete && history.replaceState) history.replaceState(history.state, "", addressFor(visitedSteps()));
      show(moveFocus && Boolean(value), false);
      return Boolean(value);
    }

    root.addEventListener("click", function (ev) {
      var link = ev.target.closest("a[data-next]");
      if (!link || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
      // Stop here, so Material's instant navigation does not treat the answer as a page link.
      ev.preventDefault();
      ev.stopPropagation();
      var from = link.closest(".dpup-guide__step");
      if (!steps[link.dataset.next] || from.dataset.step !== here) return;
      trail.push({ step: here, question: titleOf(from), answer: link.textContent.trim() });
      here = link.dataset.next;
      say("");
      show(true, true);
    });

    back.addEventListener("click", function () {
      var last = trail.pop();
      if (!last) return;
      here = last.step;
      say("");
      show(true, true);
    });

    root.querySelector('[data-action="restart"]').addEventListener("click", function () {
      trail = [];
      here = start;
      say("");
      show(true, true);
    });

    root.querySelector('[data-action="copy"]').addEventListener("click", function () {
      t.copyText(window.dpupGuideRecord.text(root, trail, steps[here], record())).then(function () {
        copied.textContent = "Copied. Paste your answers into your case note.";
      }, function () {
        copied.textContent = "Your browser did not let us copy. Use Print my answers instead.";
      });
    });

    root.querySelector('[data-action="print"]').addEventListener("click", function () {
      window.dpupGuideRecord.print(root, trail, steps[here], record());
    });

    guides[id] = {
      // Open a step someone linked to (an outcome cited from another page, say), with no answers.
      open: function (step, moveFocus) {
        if (!steps[step]) return false;
        if (step === here) return true; // keep the answers
        trail = [];
        here = step;
        say("");
        show(moveFocus, false);
        return true;
      },
      // After Back or Forward: whether the address holds other answers, and following them.
      changed: function () {
        return root.isConnected && new URL(location.href).searchParams.get(id) !== applied;
      },
      restore: function () { openAddress(true); },
      shown: function () { return applied; },
    };
    // A reload or a shared link goes to the step, unless the address points somewhere else.
    if (openAddress(!location.hash && !seen)) return;
    var linked = stepFromHash(location.hash);
    if (!(linked && linked.guide === id && guides[id].open(linked.step, true))) show(false, false);
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

  // Back and Forward between answers: the page stays, the guide follows the address.
  // Material 9.x's instant navigation (written against 9.8) fetches the page again on the first
  // history step after a page load, whatever changed. A step that changes a guide's answers is
  // the guide's alone, so this listener (capture, so it runs before Material's) keeps it from
  // Material. Every other step (another page, a heading's anchor) is Material's.
  window.addEventListener("popstate", function (ev) {
    var changed = Object.keys(guides).filter(function (id) { return guides[id].changed(); });
    if (!changed.length) return;
    ev.stopImmediatePropagation();
    changed.forEach(function (id) { guides[id].restore(); });
  }, true);

  t.register("[data-dpup-guide]", initGuide);
})();
