"""What the Word and PowerPoint files are made of: a page's Markdown, read as the site reads it,
as a list of plain blocks (headings, paragraphs, list items, tables) of plain runs of text.

The page comes from the content model: its body as the allow-list parsed it (content/safety.py),
each macro call made by the macros' registry as on the page itself, and its audience blocks left
out (a template is for everyone). Python-Markdown, with the site's extensions, turns it into HTML,
and the standard library's HTML parser reads that HTML's structure: no regular expression reads
the Markdown.

Page text is data. A run is text and nothing else, with at most a link, and a link only to an
http(s) address: a link to another page of the site becomes its published address, and any other
(`javascript:`, `mailto:`, `file:`, a path from another host) becomes plain text. A control
character stops the build, naming the page; it would otherwise break the files' XML, or hide text.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown

from ..content import safety
from ..content.errors import ContentError
from ..content.links import normalise
from ..content.model import ContentModel
from ..pages import macros
from ..text import page_url

# The site's own Markdown extensions (mkdocs.yml) that shape text; not toc, emoji or fences.
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables"]
# C0 and C1 controls, bar tab and line ends, which Markdown reads as space; lone surrogates; and
# U+FFFE and U+FFFF, which XML cannot hold (content/limits.py refuses them first, with their line).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
SKIPPED = {"script", "style", "svg", "template", "head", "title"}  # nothing in them is text
BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "pre"}


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None  # an http(s) address, never anything else


@dataclass
class Block:
    kind: str  # "heading", "para", "item" (of a list), "term" (of a definition list), "table"
    runs: list[Run] = field(default_factory=list)
    level: int = 0  # a heading's level (2 for ##); a list item's depth (1, 2, …)
    number: int | None = None  # an ordered list item's number
    rows: list[list[list[Run]]] = field(default_factory=list)  # a table: rows of cells of runs
    header: bool = False  # a table whose first row is its header

    @property
    def text(self) -> str:
        return plain(self.runs)


def plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs).strip()


def refuse_controls(file: str, text: str) -> None:
    if m := CONTROL.search(text):
        raise ContentError(
            f"{file}: field 'body': this text holds an invisible character (U+{ord(m.group()):04X}); delete it."
        )


def page_markdown(model: ContentModel, src_uri: str) -> str:
    """The page's Markdown with every macro made, as on the page; without its audience blocks."""
    page = model.page(src_uri)
    parsed, problems = safety.parse(f"docs/{src_uri}", page.body, page.body_line, macros.PARAMETERS)
    if problems or parsed is None:
        raise ContentError("\n".join(str(p) for p in problems))
    at = macros.At(model, src_uri)
    return "".join(
        p if isinstance(p, str) else macros.run(p, at) for p in parsed.pieces if not isinstance(p, safety.Block)
    )


def safe_href(target: str, src_uri: str, site_url: str) -> str | None:
    """An http(s) address for a link on the page `src_uri`, or None: then its words are plain text."""
    target = normalise(target)
    parts = urlsplit(target)
    if parts.scheme:
        return target if parts.scheme.lower() in ("http", "https") and parts.netloc else None
    if parts.netloc or target.startswith("/") or not site_url.startswith(("http://", "https://")):
        return None  # another host without a scheme, or a path from a server's root
    path, _, anchor = target.partition("#")
    if path:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        if resolved.startswith("../"):
            return None
        url = page_url(resolved) if resolved.endswith(".md") else resolved
    else:
        url = page_url(src_uri)
    return site_url.rstrip("/") + "/" + url + (f"#{anchor}" if anchor else "")


def blocks(markdown_text: str, src_uri: str, site_url: str) -> list[Block]:
    """The blocks of a page's Markdown, in order (`src_uri` names it and resolves its links)."""
    refuse_controls(f"docs/{src_uri}", markdown_text)
    html = markdown.markdown(markdown_text, extensions=EXTENSIONS, output_format="html")
    reader = _Reader(src_uri, site_url)
    reader.feed(html)
    reader.close()
    return [b for b in reader.out if b.kind == "table" or b.runs]


def page_blocks(model: ContentModel, src_uri: str, site_url: str) -> list[Block]:
    return blocks(page_markdown(model, src_uri), src_uri, site_url)


def section(found: list[Block], heading: str) -> list[Block]:
    """The blocks under the heading with these words, up to the next heading of its level or above."""
    start = next((i for i, b in enumerate(found) if b.kind == "heading" and b.text == heading), None)
    if start is None:
        raise ContentError(f"office: no heading '{heading}' to make a file from; the page must keep it.")
    level = found[start].level
    end = next(
        (i for i in range(start + 1, len(found)) if found[i].kind == "heading" and found[i].level <= level), len(found)
    )
    return found[start + 1 : end]


def split_lead(runs: list[Run]) -> tuple[str, list[Run]]:
    """'**Card A: a school asks.** A teacher …' -> ('Card A: a school asks', [the rest])."""
    lead: list[Run] = []
    for n, run in enumerate(runs):
        if not run.bold:
            rest = [Run(run.text.lstrip(), run.bold, run.italic, run.href)] + runs[n + 1 :]
            return plain(lead).rstrip(".:"), [r for r in rest if r.text]
        lead.append(run)
    return plain(lead).rstrip(".:"), []


class _Reader(HTMLParser):
    """Python-Markdown's HTML as blocks of runs."""

    def __init__(self, src_uri: str, site_url: str):
        super().__init__(convert_charrefs=True)
        self.src_uri, self.site_url = src_uri, site_url
        self.out: list[Block] = []
        self.current: Block | None = None
        self.bold = self.italic = 0
        self.href: list[str | None] = []
        self.lists: list[list[int]] = []  # per open list: [ordered (a bool), next number]
        self.skipping = 0
        self.table: Block | None = None
        self.cell: list[Run] | None = None
        self.in_head = False

    def _start_block(self, block: Block) -> None:
        self.current = block
        self.out.append(block)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in ("ul", "ol"):
            self.lists.append([tag == "ol", int(values.get("start") or 1)])
        elif tag == "li":
            ordered, number = self.lists[-1] if self.lists else (False, 1)
            if self.lists:
                self.lists[-1][1] += 1
            self._start_block(Block("item", level=len(self.lists), number=number if ordered else None))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._start_block(Block("heading", level=int(tag[1])))
        elif tag in ("p", "dd", "pre") and self.cell is None:
            if not (self.current and self.current.kind == "item" and not self.current.runs):
                self._start_block(Block("para", level=len(self.lists)))
        elif tag == "dt":
            self._start_block(Block("term"))
        elif tag == "table":
            self.table = Block("table")
            self.out.append(self.table)
            self.current = None
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.table is not None:
            self.table.rows.append([])
            self.table.header = self.table.header or self.in_head
        elif tag in ("th", "td") and self.table is not None:
            self.cell = []
            self.table.rows[-1].append(self.cell)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.href.append(safe_href(values.get("href") or "", self.src_uri, self.site_url))
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a" and self.href:
            self.href.pop()
        elif tag in ("th", "td"):
            self.cell = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table":
            self.table = None
        elif tag in BLOCKS and self.cell is None:
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        text = unicodedata.normalize("NFC", " ".join(data.split()) if data.strip() else (" " if data else ""))
        if data[:1].isspace() and data.strip():
            text = " " + text
        if data[-1:].isspace() and data.strip():
            text += " "
        if not text:
            return
        run = Run(text, bool(self.bold), bool(self.italic), self.href[-1] if self.href else None)
        if self.cell is not None:
            self.cell.append(run)
            return
        current = self.current
        if current is None:
            if not text.strip():
                return
            current = Block("para", level=len(self.lists))
            self._start_block(current)
        if not current.runs:
            run = Run(run.text.lstrip(), run.bold, run.italic, run.href)
        if run.text:
            current.runs.append(run)
