/* The digital tools' shared helpers, and the one place that sets every tool up on each page.
 *
 * Each tool is complete in the page's HTML without script (hooks/dpup/pages/tools.py); the files
 * in this folder only make them interactive, one file per tool. Nothing leaves the browser: no
 * requests, no analytics. The checklists store ticks (localStorage "dpup.checklist.<id>"); the
 * decision guides keep their answers in the page's address (guide.js).
 *
 * With Material's instant navigation, pages are swapped without a reload, so every tool is set up
 * from document$ (which emits for each page), and marked so it is set up only once. Escaping: text
 * goes into the page only through h() and textContent, never as HTML; escapeHtml() is for the
 * HTML files the tools write (the builder's "Download web page", a guide's printed record).
 */
(function () {
  "use strict";

  var tools = []; // [selector, set up one tool]

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
  function download(filename, type, data) {
    var url = URL.createObjectURL(new Blob([data], { type: typeof data === "string" ? type + ";charset=utf-8" : type }));
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

  // Scripts of this site that only some readers need (the builder's Word file), loaded once, when
  // asked for, from this folder: the Content-Security-Policy allows scripts from the site alone.
  var folder = document.currentScript ? document.currentScript.src : location.href;
  var loading = {};

  function loadScript(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = h("script", { src: new URL(path, folder).href });
        script.addEventListener("load", resolve);
        script.addEventListener("error", function () {
          delete loading[path]; // let a later click try again
          reject(new Error("could not load " + path));
        });
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  function button(label, onClick) {
    var node = h("button", { type: "button", class: "md-button", text: label });
    node.addEventListener("click", onClick);
    return node;
  }

  // Each tool's file says which elements it sets up.
  function register(selector, setUp) {
    tools.push([selector, setUp]);
  }

  function setUpPage() {
    tools.forEach(function (tool) {
      document.querySelectorAll(tool[0]).forEach(tool[1]);
    });
  }

  window.dpupTools = {
    h: h, once: once, revealControls: revealControls, focus: focus, escapeHtml: escapeHtml, slug: slug,
    download: download, copyText: copyText, printHtml: printHtml, loadScript: loadScript, button: button,
    register: register,
  };

  // After every tool's file has registered (they load after this one, at the end of the page).
  document.addEventListener("DOMContentLoaded", function () { window.dpupEachPage(setUpPage); });
})();
