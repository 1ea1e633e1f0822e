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

import html
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Protocol

from . import trace
from .errors import Problem

ELLIPSIS = "md-ellipsis"  # Material's class for a title it may cut short and copy into a tooltip
Attributes = list[tuple[str, str | None]]  # a start tag's, as HTMLParser gives them


class TocItem(Protocol):
    """An entry of a page's table of contents, as MkDocs makes it (its AnchorLink)."""

    title: str

    @property
    def children(self) -> Sequence[TocItem]: ...


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._open: list[bool] = []  # for each open element: is it (inside) an .md-ellipsis?
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        values: dict[str, str] = {}
        for name, value in attrs:  # as a browser reads them: the first of an attribute written twice
            values.setdefault(name, value or "")
        if "<" in values.get("title", ""):
            self.found.append(values["title"])
        inside = bool(self._open and self._open[-1])
        if inside and not (tag == "span" and set(values) <= ALLOWED_IN_ELLIPSIS):
            self.found.append(self.get_starttag_text() or f"<{tag}>")  # only text, and te reo marked
        if tag not in VOID:
            self._open.append(inside or ELLIPSIS in values.get("class", "").split())

    def handle_startendtag(self, tag: str, attrs: Attributes) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self._open:
            return
        was = self._open.pop()
        if was and not (self._open and self._open[-1]):  # the .md-ellipsis closed
            text = "".join(self._text)
            self._text = []
            if "<" in text:
                self.found.append(" ".join(text.split()))

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1]:
            self._text.append(data)


# What a shortened title may hold besides text: te reo marked with lang="mi" (dpup/pages/te_reo.py).
ALLOWED_IN_ELLIPSIS = {"lang"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def markup_in_reparsed_text(page_html: str) -> list[str]:
    """Every title, and every text Material may turn into a title, that holds '<'."""
    reader = _Reader()
    reader.feed(page_html)
    reader.close()
    return list(dict.fromkeys(reader.found))


def message(value: str) -> str:
    shown = value if len(value) <= 60 else value[:59] + "…"
    return (
        f"'{shown}' would become HTML on the site: Material shows titles and shortened headings with "
        "innerHTML. Write it without '<' (for example 'less than', or leave out the tag)."
    )


def problems(page_html: str, src_uri: str, written: bool, project: Path) -> list[Problem]:
    """A problem for each such text in a built page, at the source line it came from."""
    return _traced(markup_in_reparsed_text(page_html), src_uri, written, project)


def toc_problems(items: Sequence[TocItem], src_uri: str, written: bool, project: Path) -> list[Problem]:
    """Make the page's table-of-contents titles plain text; a problem for each that held markup."""
    return _traced(plain_toc_titles(items), src_uri, written, project)


def _traced(found: list[str], src_uri: str, written: bool, project: Path) -> list[Problem]:
    if not found:
        return []
    sources = trace.source_files(project, src_uri, written)
    return trace.problems([(value, message(value)) for value in found], src_uri, project, sources)


def plain_toc_titles(items: Sequence[TocItem]) -> list[str]:
    """Make every table-of-contents title plain, escaped text, as templates print it unescaped and
    Material shows it in tooltips; the titles that held markup, to refuse.

    Python-Markdown makes a title from its heading with a tag-stripper that quoted attributes can
    fool (`<span class='<!--'>…-->` leaves a bare tag), so each title is read again here.
    """
    from markupsafe import Markup

    found: list[str] = []
    for item in items:
        reader = _TextOnly()
        reader.feed(str(item.title))
        reader.close()
        if reader.tags:
            found.append(f"{''.join(reader.text)} {' '.join(reader.tags)}")
        item.title = Markup(html.escape("".join(reader.text), quote=False))
        found += plain_toc_titles(item.children)
    return found


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        self.tags.append(self.get_starttag_text() or f"<{tag}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)
