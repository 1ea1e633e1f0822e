/* A decision guide's record, for a case note: the guide, this edition and its version, the date,
 * each question with its answer, the outcome with what it says to do, the policy and law it
 * relies on, and the link that shows the same answers again. As plain text to copy, and as a
 * clean page to print (from an invisible frame, so the site around it is not printed).
 * Everything is read from the page as text and escaped before it goes into the printed page.
 */
(function () {
  "use strict";

  var t = window.dpupTools;

  // A step's heading without its number ("Question 3: ") or permalink.
  function stepTitle(step) {
    var title = step.querySelector(".dpup-guide__title").cloneNode(true);
    title.querySelectorAll(".dpup-guide__number, .headerlink").forEach(function (n) { n.remove(); });
    return title.textContent.trim();
  }

  function clean(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  // What the outcome says, in reading order: paragraphs and list items, then the citations.
  function outcomeBlocks(step) {
    var blocks = [];
    var cites = [];
    function walk(node) {
      Array.prototype.forEach.call(node.children, function (child) {
        if (child.matches(".dpup-guide__title, .dpup-guide__tone")) return;
        if (child.matches(".dpup-guide__cites")) {
          child.querySelectorAll("p").forEach(function (p) { cites.push(clean(p.textContent)); });
        } else if (child.matches("ul, ol")) {
          child.querySelectorAll(":scope > li").forEach(function (li) { blocks.push({ item: true, text: clean(li.textContent) }); });
        } else if (child.matches("p")) {
          if (clean(child.textContent)) blocks.push({ item: false, text: clean(child.textContent) });
        } else {
          walk(child); // the safety and help boxes
        }
      });
    }
    walk(step);
    return { blocks: blocks, cites: cites };
  }

  function recordOf(root, trail, step, link) {
    var body = outcomeBlocks(step);
    return {
      title: root.dataset.title,
      edition: root.dataset.edition,
      date: new Date().toLocaleDateString("en-NZ", { day: "numeric", month: "long", year: "numeric" }),
      answers: trail,
      outcome: stepTitle(step),
      tone: clean(step.querySelector(".dpup-guide__tone").textContent),
      blocks: body.blocks,
      cites: body.cites,
      link: link,
    };
  }

  function text(root, trail, step, link) {
    var r = recordOf(root, trail, step, link);
    var lines = [r.title, r.edition, "Answered on " + r.date, "", "Your answers"];
    if (!r.answers.length) lines.push("None: this outcome was opened from a link.");
    r.answers.forEach(function (entry, k) {
      lines.push((k + 1) + ". " + entry.question, "   Answer: " + entry.answer);
    });
    lines.push("", "Outcome: " + r.outcome + " (" + r.tone + ")", "");
    r.blocks.forEach(function (block) { lines.push((block.item ? "- " : "") + block.text); });
    lines.push("");
    r.cites.forEach(function (cite) { lines.push(cite); });
    lines.push("", "See these answers again: " + r.link);
    return lines.join("\n") + "\n";
  }

  function html(root, trail, step, link) {
    var r = recordOf(root, trail, step, link);
    var e = t.escapeHtml;
    var out = ["<h1>" + e(r.title) + "</h1>", "<p>" + e(r.edition) + "<br>Answered on " + e(r.date) + "</p>",
      "<h2>Your answers</h2>"];
    if (!r.answers.length) out.push("<p>None: this outcome was opened from a link.</p>");
    else out.push("<ol>" + r.answers.map(function (entry) {
      return "<li>" + e(entry.question) + "<br><strong>Answer: " + e(entry.answer) + "</strong></li>";
    }).join("") + "</ol>");
    out.push("<h2>Outcome: " + e(r.outcome) + "</h2>", "<p><strong>" + e(r.tone) + "</strong></p>");
    var list = null;
    r.blocks.forEach(function (block) {
      if (block.item && !list) { list = []; }
      if (block.item) { list.push("<li>" + e(block.text) + "</li>"); return; }
      if (list) { out.push("<ul>" + list.join("") + "</ul>"); list = null; }
      out.push("<p>" + e(block.text) + "</p>");
    });
    if (list) out.push("<ul>" + list.join("") + "</ul>");
    r.cites.forEach(function (cite) { out.push("<p>" + e(cite) + "</p>"); });
    out.push("<p>See these answers again: " + e(r.link) + "</p>");
    return '<!doctype html>\n<html lang="en-NZ">\n<head>\n<meta charset="utf-8">\n' +
      "<title>" + e(r.title) + ": my answers</title>\n" +
      "<style>body{font:12pt/1.45 system-ui,sans-serif;max-width:42rem;margin:1.5rem auto;padding:0 1rem;color:#1a1a1a}" +
      "h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.2rem;break-after:avoid}li{margin-bottom:0.3rem}" +
      "p,li{overflow-wrap:anywhere}</style>\n</head>\n<body>\n" + out.join("\n") + "\n</body>\n</html>\n";
  }

  window.dpupGuideRecord = {
    stepTitle: stepTitle,
    text: text,
    html: html,
    print: function (root, trail, step, link) { t.printHtml(html(root, trail, step, link)); },
  };
})();
