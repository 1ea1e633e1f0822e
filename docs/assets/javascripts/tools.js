/* The digital tools: decision guides, the purpose statement builder, checklists and the quiz.
 *
 * Each tool is complete in the page's HTML without this script (see hooks/dpup/tools_render.py);
 * this script only makes it interactive. Nothing leaves the browser: no requests, no analytics.
 * Only the checklists store anything, in localStorage under "dpup.checklist.<checklist id>".
 *
 * With Material's instant navigation, pages are swapped without a reload, so every tool is
 * set up from document$ (which emits for each page), and marked so it is set up only once.
 */
(function () {
  "use strict";

  /* --- shared helpers ---------------------------------------------------- */

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs.text;
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function once(root) {
    if (root.dataset.dpupReady) return false;
    root.dataset.dpupReady = "true";
    return true;
  }

  // Controls that need the script are hidden in the HTML; show them now that it runs.
  function revealControls(root) {
    root.querySelectorAll(".dpup-js-only:not([data-dpup-keep-hidden])").forEach(function (node) {
      node.hidden = false;
    });
  }

  function focus(node) {
    if (!node.hasAttribute("tabindex")) node.setAttribute("tabindex", "-1");
    node.focus();
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function slug(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "document";
  }

  // A file made in the browser: a Blob behind an object URL, so nothing is uploaded or fetched.
  function download(filename, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    var link = h("a", { href: url, download: filename, hidden: "" });
    link.addEventListener("click", function (ev) { ev.stopPropagation(); }); // not instant navigation
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Older browsers and plain-http intranets: copy through a temporary text area.
    var area = h("textarea", { "aria-hidden": "true", style: "position:fixed;left:-9999px" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  // Print one document on its own, from an invisible frame, so the page around it is not printed.
  function printHtml(html) {
    var frame = h("iframe", { title: "Print preview", "aria-hidden": "true", tabindex: "-1",
      style: "position:fixed;right:0;bottom:0;width:0;height:0;border:0" });
    frame.srcdoc = html;
    frame.addEventListener("load", function () {
      frame.contentWindow.focus();
      frame.contentWindow.print();
      setTimeout(function () { frame.remove(); }, 1000);
    });
    document.body.appendChild(frame);
  }

  /* --- decision guides --------------------------------------------------- */

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
    var match = /^#([a-z0-9-]+?)--([a-z0-9_-]+)$/.exec(decodeURIComponent(hash || ""));
    return match && { guide: match[1], step: match[2] };
  }

  window.addEventListener("hashchange", function () {
    var linked = stepFromHash(location.hash);
    if (linked && guides[linked.guide] && document.getElementById(linked.guide)) {
      guides[linked.guide].open(linked.step, true);
    }
  });

  /* --- the purpose statement builder -------------------------------------- */

  function initBuilder(root) {
    if (!once(root)) return;
    var config = JSON.parse(root.dataset.dpupBuilder);
    var form = root.querySelector("form");
    var results = root.querySelector(".dpup-builder__results");
    var fields = [];
    config.elements.forEach(function (element) { fields = fields.concat(element.fields); });
    var byId = {};
    fields.forEach(function (field) { byId[field.id] = field; });

    results.setAttribute("data-dpup-keep-hidden", "");
    revealControls(root);
    root.classList.add("dpup-builder--js");

    function control(field) { return form.elements.namedItem(field.id); }

    function values() {
      var out = {};
      fields.forEach(function (field) {
        var input = control(field);
        out[field.id] = field.input === "checkbox" ? (input.checked ? "yes" : "") : input.value.trim();
      });
      return out;
    }

    // Text with {field} placeholders -> segments; an empty field becomes a visible gap.
    function fill(text, v) {
      var parts = [];
      var last = 0;
      text.replace(/\{([^{}]*)\}/g, function (match, id, at) {
        if (at > last) parts.push({ text: text.slice(last, at) });
        var field = byId[id];
        parts.push(v[id] ? { text: v[id] } : { text: "[missing: " + (field.missing || field.short.toLowerCase()) + "]", missing: true });
        last = at + match.length;
        return match;
      });
      if (last < text.length) parts.push({ text: text.slice(last) });
      return parts;
    }

    function statement(v) {
      return {
        title: fill(config.statementTitle, v),
        sections: config.elements.map(function (element) {
          return {
            heading: element.name + ": " + element.question,
            blocks: element.fields.filter(function (f) { return v[f.id] || f.check || f.input === "checkbox"; })
              .map(function (f) {
                var text = f.input === "checkbox" ? (v[f.id] ? "Yes" : "No") : v[f.id];
                var gap = f.check && !v[f.id];
                return { label: f.short, parts: gap ? [{ text: "[missing: " + f.missing + "]", missing: true }] : [{ text: text }] };
              }),
          };
        }),
      };
    }

    function notice(v) {
      return {
        title: fill(config.noticeTitle, v),
        sections: config.notice.filter(function (s) { return !s.when || v[s.when]; }).map(function (s) {
          return { heading: s.heading, blocks: s.paragraphs.map(function (p) { return { parts: fill(p, v) }; }) };
        }),
      };
    }

    function render() {
      var v = values();
      var checks = fields.filter(function (f) { return f.check; });
      var gaps = checks.filter(function (f) { return !v[f.id]; });
      results.textContent = "";
      var report = checkReport(checks, gaps);
      results.appendChild(report);
      results.appendChild(outputPanel("Your purpose statement", "purpose-statement", statement(v), v.project));
      results.appendChild(outputPanel("Your privacy notice", "privacy-notice", notice(v), v.agency));
      results.hidden = false;
      focus(report.querySelector("h3"));
    }

    function checkReport(checks, gaps) {
      var box = h("section", { class: "dpup-builder__report" + (gaps.length ? " dpup-builder__report--gaps" : ""),
        "aria-labelledby": root.id + "-report" });
      var done = checks.length - gaps.length;
      box.appendChild(h("h3", { id: root.id + "-report", text: gaps.length
        ? gaps.length + (gaps.length === 1 ? " thing is" : " things are") + " missing"
        : "Your statement answers every checklist question" }));
      box.appendChild(h("p", { text: "Checklist: " + done + " of " + checks.length + " questions answered." +
        (gaps.length ? " Fill in the gaps, then select the button again. The drafts below mark each gap." : "") }));
      if (gaps.length) {
        box.appendChild(h("ul", { class: "dpup-builder__gaps" }, gaps.map(function (f) {
          var link = h("a", { href: "#" + root.id + "-" + f.id, text: "Missing: " + f.missing });
          link.addEventListener("click", function (ev) {
            ev.preventDefault();
            ev.stopPropagation();
            control(f).focus();
          });
          return h("li", {}, [link]);
        })));
      }
      var list = h("ul", { class: "dpup-builder__checks" }, checks.map(function (f) {
        var ok = gaps.indexOf(f) < 0;
        return h("li", { class: ok ? "dpup-builder__check--ok" : "dpup-builder__check--gap" },
          [h("strong", { text: ok ? "Yes: " : "Missing: " }), f.check]);
      }));
      var details = h("details", {}, [h("summary", { text: "See the whole checklist" }), list]);
      box.appendChild(details);
      return box;
    }

    function outputPanel(heading, name, doc, titleValue) {
      var id = root.id + "-" + name;
      var panel = h("section", { class: "dpup-builder__output", "aria-labelledby": id });
      panel.appendChild(h("h3", { id: id, text: heading }));
      var status = h("p", { class: "dpup-builder__status", "aria-live": "polite" });
      var file = slug(name + (titleValue ? "-" + titleValue : ""));
      var actions = h("div", { class: "dpup-builder__buttons" }, [
        button("Copy", function () {
          copyText(toText(doc)).then(function () { status.textContent = heading + " copied."; },
            function () { status.textContent = "Your browser would not copy. Select the text and copy it instead."; });
        }),
        button("Print", function () { printHtml(toHtml(doc)); }),
        button("Download Markdown", function () {
          download(file + ".md", "text/markdown", toMarkdown(doc));
          status.textContent = "Downloaded " + file + ".md.";
        }),
        button("Download web page", function () {
          download(file + ".html", "text/html", toHtml(doc));
          status.textContent = "Downloaded " + file + ".html.";
        }),
      ]);
      panel.appendChild(actions);
      panel.appendChild(status);
      panel.appendChild(toDom(doc, name));
      return panel;
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault(); // method="dialog" already means nothing is sent; this keeps the page as it is
      render();
    });
  }

  function button(label, onClick) {
    var node = h("button", { type: "button", class: "md-button", text: label });
    node.addEventListener("click", onClick);
    return node;
  }

  /* A document (title, sections of labelled blocks of text parts) in four forms. */

  function partsText(parts) {
    return parts.map(function (p) { return p.text; }).join("");
  }

  function toDom(doc, name) {
    var article = h("article", { class: "dpup-builder__doc dpup-builder__doc--" + name });
    article.appendChild(partsDom("h4", doc.title));
    doc.sections.forEach(function (section) {
      article.appendChild(h("h5", { text: section.heading }));
      section.blocks.forEach(function (block) {
        var p = partsDom("p", block.parts);
        if (block.label) p.insertBefore(h("strong", { text: block.label + ": " }), p.firstChild);
        article.appendChild(p);
      });
    });
    return article;
  }

  function partsDom(tag, parts) {
    return h(tag, {}, parts.map(function (p) {
      return p.missing ? h("mark", { class: "dpup-builder__missing", text: p.text }) : p.text;
    }));
  }

  function toMarkdown(doc) {
    var out = ["# " + partsText(doc.title), ""];
    doc.sections.forEach(function (section) {
      out.push("## " + section.heading, "");
      section.blocks.forEach(function (block) {
        var text = block.parts.map(function (p) { return p.missing ? "**" + p.text + "**" : p.text; }).join("");
        out.push((block.label ? "**" + block.label + ":** " : "") + text.replace(/\n/g, "  \n"), "");
      });
    });
    return out.join("\n");
  }

  function toText(doc) {
    var out = [partsText(doc.title), ""];
    doc.sections.forEach(function (section) {
      out.push(section.heading);
      section.blocks.forEach(function (block) {
        out.push((block.label ? block.label + ": " : "") + partsText(block.parts));
      });
      out.push("");
    });
    return out.join("\n");
  }

  function toHtml(doc) {
    var body = ["<h1>" + escapeHtml(partsText(doc.title)) + "</h1>"];
    doc.sections.forEach(function (section) {
      body.push("<h2>" + escapeHtml(section.heading) + "</h2>");
      section.blocks.forEach(function (block) {
        var text = block.parts.map(function (p) {
          var safe = escapeHtml(p.text).replace(/\n/g, "<br>");
          return p.missing ? "<mark>" + safe + "</mark>" : safe;
        }).join("");
        body.push("<p>" + (block.label ? "<strong>" + escapeHtml(block.label) + ":</strong> " : "") + text + "</p>");
      });
    });
    return '<!doctype html>\n<html lang="en-NZ">\n<head>\n<meta charset="utf-8">\n' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
      "<title>" + escapeHtml(partsText(doc.title)) + "</title>\n" +
      "<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}" +
      "h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:1.5rem}mark{background:#fff3b0;color:#1a1a1a}</style>\n" +
      "</head>\n<body>\n" + body.join("\n") + "\n</body>\n</html>\n";
  }

  /* --- checklists ---------------------------------------------------------- */

  var STORE = "dpup.checklist."; // + checklist id -> JSON list of ticked item ids

  function readTicks(key) {
    try {
      var saved = JSON.parse(localStorage.getItem(key) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (e) {
      return []; // storage blocked or corrupt: start empty
    }
  }

  function writeTicks(key, ids) {
    try {
      if (ids.length) localStorage.setItem(key, JSON.stringify(ids));
      else localStorage.removeItem(key);
    } catch (e) {
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

  /* --- the self-check quiz ------------------------------------------------- */

  function initQuiz(root) {
    if (!once(root)) return;
    var questions = Array.prototype.slice.call(root.querySelectorAll(".dpup-quiz__question"));
    var score = root.querySelector(".dpup-quiz__score");
    revealControls(root);
    root.classList.add("dpup-quiz--js");

    function updateScore() {
      var checked = questions.filter(function (q) { return q.dataset.result; });
      var right = checked.filter(function (q) { return q.dataset.result === "right"; });
      score.textContent = checked.length
        ? "You have checked " + checked.length + " of " + questions.length + " answers. " + right.length + " right."
        : "";
    }

    questions.forEach(function (question) {
      var feedback = question.querySelector(".dpup-quiz__feedback");
      question.querySelector('[data-action="check"]').addEventListener("click", function () {
        var chosen = question.querySelector("input:checked");
        if (!chosen) {
          feedback.textContent = "Choose an answer first.";
          return;
        }
        var right = chosen.value === question.dataset.correct;
        question.dataset.result = right ? "right" : "wrong";
        feedback.textContent = right ? "Right. See why below." : "Not quite. See the answer below.";
        question.querySelector(".dpup-quiz__answer").open = true;
        updateScore();
      });
    });

    root.querySelector('[data-action="restart"]').addEventListener("click", function () {
      questions.forEach(function (question) {
        question.querySelectorAll("input").forEach(function (input) { input.checked = false; });
        question.querySelector(".dpup-quiz__feedback").textContent = "";
        question.querySelector(".dpup-quiz__answer").open = false;
        delete question.dataset.result;
      });
      updateScore();
      focus(questions[0].querySelector("h3"));
    });
  }

  /* --- set up every tool on the page -------------------------------------- */

  function init() {
    document.querySelectorAll("[data-dpup-guide]").forEach(initGuide);
    document.querySelectorAll("[data-dpup-builder]").forEach(initBuilder);
    document.querySelectorAll("[data-dpup-checklist]").forEach(initChecklist);
    document.querySelectorAll("[data-dpup-quiz]").forEach(initQuiz);
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
