/* The purpose statement builder: checks the form against the checklist and writes the purpose
 * statement and the privacy notice, to copy, print or download as Markdown, a web page or Word (all
 * made in the browser).
 */
(function () {
  "use strict";

  var t = window.dpupTools;
  var h = t.h;
  var once = t.once;
  var revealControls = t.revealControls;
  var focus = t.focus;
  var escapeHtml = t.escapeHtml;
  var slug = t.slug;
  var download = t.download;
  var copyText = t.copyText;
  var printHtml = t.printHtml;
  var button = t.button;

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

    // Text with {field} placeholders -> segments; an empty field becomes a visible gap. An answer
    // that ends a sentence itself ("… intake.") takes the place of the template's full stop.
    function fill(text, v) {
      var parts = [];
      var last = 0;
      text.replace(/\{([^{}]*)\}/g, function (match, id, at) {
        if (at > last) parts.push({ text: text.slice(last, at) });
        var field = byId[id];
        parts.push(v[id] ? { text: v[id] } : { text: "[missing: " + (field.missing || field.short.toLowerCase()) + "]", missing: true });
        last = at + match.length;
        if (v[id] && /[.!?]$/.test(v[id]) && text.charAt(last) === ".") last += 1;
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
        button("Download Word", function () {
          status.textContent = "Making the Word file.";
          toWord().then(function (word) {
            download(file + ".docx", word.type, word.make(doc));
            status.textContent = "Downloaded " + file + ".docx.";
          }).catch(function (error) {
            console.warn("builder: no Word file", error);
            status.textContent = "The Word file could not be made. Download the web page instead, or reload and try again.";
          });
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

  // The Word file's three scripts, loaded the first time someone asks for one (tools/word.js).
  function toWord() {
    // fflate's wrapper (UMD) looks for `module`, `exports` and `define` before it sets window.fflate,
    // and a browser makes every element id a global: a heading "Module" on the page would be found.
    ["module", "exports", "define"].forEach(function (name) {
      if (!Object.prototype.hasOwnProperty.call(window, name)) window[name] = undefined;
    });
    return Promise.all(["../vendor/fflate.js", "word-template.js", "word.js"].map(t.loadScript))
      .then(function () { return window.dpupWord; });
  }

  /* A document (title, sections of labelled blocks of text parts) in four forms, and Word (word.js). */

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

  t.register("[data-dpup-builder]", initBuilder);
})();
