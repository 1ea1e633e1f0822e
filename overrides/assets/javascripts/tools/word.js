/* The builder's "Download Word": a .docx made in the browser, loaded only when a reader asks for one.
 *
 * It fills the Word file python-docx made at build time (word-template.js, from
 * hooks/dpup/office/browser.py), so the download has the same heading styles, New Zealand English
 * and edition notice as every other Word file on the site. fflate (vendor/, MIT) unzips and zips it.
 * What people typed goes in as XML text nodes, never as markup; nothing is sent anywhere.
 */
(function () {
  "use strict";

  var W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  var XML = "http://www.w3.org/XML/1998/namespace";
  var DC = "http://purl.org/dc/elements/1.1/";
  var DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

  // Text XML 1.0 can hold: a control character or half a surrogate pair would stop Word opening the file.
  function clean(text) {
    var whole = typeof text.toWellFormed === "function" ? text.toWellFormed() : text;
    // eslint-disable-next-line no-control-regex
    return whole.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");
  }

  function w(xml, name, val) {
    var node = xml.createElementNS(W, "w:" + name);
    if (val) node.setAttributeNS(W, "w:val", val);
    return node;
  }

  // One run: bold for a label, bold and highlighted for a gap; line breaks kept.
  function run(xml, part) {
    var r = w(xml, "r");
    if (part.bold || part.missing) {
      var props = w(xml, "rPr");
      props.appendChild(w(xml, "b"));
      if (part.missing) props.appendChild(w(xml, "highlight", "yellow"));
      r.appendChild(props);
    }
    // A line break as Word's <w:br/>, a tab as its <w:tab/>, as python-docx writes them.
    clean(part.text).split(/\r\n?|\n/).forEach(function (line, i) {
      if (i) r.appendChild(w(xml, "br"));
      line.split("\t").forEach(function (piece, j) {
        if (j) r.appendChild(w(xml, "tab"));
        var t = w(xml, "t");
        t.setAttributeNS(XML, "xml:space", "preserve");
        t.textContent = piece;
        r.appendChild(t);
      });
    });
    return r;
  }

  function paragraph(xml, style, parts) {
    var p = w(xml, "p");
    if (style) {
      var props = w(xml, "pPr");
      props.appendChild(w(xml, "pStyle", style));
      p.appendChild(props);
    }
    parts.forEach(function (part) { p.appendChild(run(xml, part)); });
    return p;
  }

  // The template's title, wherever it starts a text (the Heading 1, the footer), becomes this one.
  function retitle(xml, from, to) {
    Array.prototype.forEach.call(xml.getElementsByTagNameNS(W, "t"), function (t) {
      if (t.textContent.indexOf(from) === 0) t.textContent = to + t.textContent.slice(from.length);
    });
  }

  function edit(files, name, change) {
    var xml = new DOMParser().parseFromString(new TextDecoder().decode(files[name]), "application/xml");
    change(xml);
    var text = new XMLSerializer().serializeToString(xml);
    files[name] = new TextEncoder().encode(text.indexOf("<?xml") === 0 ? text : DECLARATION + text);
  }

  function bytes(base64) {
    return Uint8Array.from(atob(base64), function (c) { return c.charCodeAt(0); });
  }

  /* doc: { title: [parts], sections: [{ heading, blocks: [{ label?, parts: [{ text, missing? }] }] }] },
   * as builder.js holds a statement or a notice. Returns the .docx as bytes. */
  function make(doc) {
    var template = window.dpupWordTemplate;
    var files = window.fflate.unzipSync(bytes(template.docx));
    var title = clean(doc.title.map(function (p) { return p.text; }).join(""));
    edit(files, "word/document.xml", function (xml) {
      retitle(xml, template.title, title);
      var body = xml.getElementsByTagNameNS(W, "body")[0];
      var last = body.lastElementChild;
      var end = last && last.localName === "sectPr" ? last : null; // the page set-up stays last
      doc.sections.forEach(function (section) {
        body.insertBefore(paragraph(xml, "Heading2", [{ text: section.heading }]), end);
        section.blocks.forEach(function (block) {
          var label = block.label ? [{ text: block.label + ": ", bold: true }] : [];
          body.insertBefore(paragraph(xml, null, label.concat(block.parts)), end);
        });
      });
    });
    Object.keys(files).filter(function (name) { return /^word\/footer\d*\.xml$/.test(name); }).forEach(function (name) {
      edit(files, name, function (xml) { retitle(xml, template.title, title); });
    });
    edit(files, "docProps/core.xml", function (xml) {
      var node = xml.getElementsByTagNameNS(DC, "title")[0];
      if (node) node.textContent = title;
    });
    return window.fflate.zipSync(files, { level: 6 });
  }

  window.dpupWord = { make: make, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" };
})();
