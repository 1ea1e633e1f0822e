"""Text that Material reads back as HTML must hold no markup.

Escaping is not enough where the theme's script undoes it. Material's tooltips (the
`content.tooltips` feature) put an element's `title` into the page with innerHTML, and for a
title cut short by the width of the navigation or contents (`.md-ellipsis`) it copies the
visible text into a title first. So `title="&lt;meta http-equiv=refresh …&gt;"`, or a nav
entry reading "<img onerror=…>", becomes live markup on hover or keyboard focus, past the
sanitiser and the Content-Security-Policy's reach over inline handlers' effects such as a
redirect. This check reads every built page as a browser would and refuses both.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from . import trace
from .errors import Problem

ELLIPSIS = "md-ellipsis"  # Material's class for a title it may cut short and copy into a tooltip


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._open: list[bool] = []  # for each open element: is it (inside) an .md-ellipsis?
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "<" in (values.get("title") or ""):
            self.found.append(values["title"])
        inside = bool(self._open and self._open[-1]) or ELLIPSIS in (values.get("class") or "").split()
        if tag not in VOID:
            self._open.append(inside)

    def handle_startendtag(self, tag, attrs):
        values = dict(attrs)
        if "<" in (values.get("title") or ""):
            self.found.append(values["title"])

    def handle_endtag(self, tag):
        if tag in VOID or not self._open:
            return
        was = self._open.pop()
        if was and not (self._open and self._open[-1]):  # the .md-ellipsis closed
            text = "".join(self._text)
            self._text = []
            if "<" in text:
                self.found.append(" ".join(text.split()))

    def handle_data(self, data):
        if self._open and self._open[-1]:
            self._text.append(data)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def markup_in_reparsed_text(page_html: str) -> list[str]:
    """Every title, and every text Material may turn into a title, that holds '<'."""
    reader = _Reader()
    reader.feed(page_html)
    reader.close()
    return list(dict.fromkeys(reader.found))


def message(value: str) -> str:
    shown = value if len(value) <= 60 else value[:59] + "…"
    return (f"'{shown}' would become HTML on the site: Material shows titles and shortened headings with "
            "innerHTML. Write it without '<' (for example 'less than', or leave out the tag).")


def problems(page_html: str, src_uri: str, written: bool, project: Path) -> list[Problem]:
    """A problem for each such text in a built page, at the source line it came from."""
    found = markup_in_reparsed_text(page_html)
    if not found:
        return []
    sources = trace.source_files(project, src_uri, written)
    return trace.problems([(value, message(value)) for value in found], src_uri, project, sources)
