"""Print HTML for the PDF editions, assembled from the pages MkDocs has already built.

Each built page's <article> is read once and cleaned for paper (`prepare`): screen-only
controls go, tools keep their printable no-script form, ids get a per-page prefix so
pages can share one document, and internal links become placeholders. Each edition
then resolves the placeholders (`document`): a link to a page inside the edition
becomes an in-document link, any other link points at the published site.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from bs4.element import AttributeValueList, PageElement

ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.DOTALL)
# Screen-only things: edit button, permalinks, the PDF link itself, script-only controls, icons
# (but not Easy Read's pictures, which carry meaning), an archived page's banner (its cover and
# footer say the version; its link is for the website), a guide's diagram (a poster of its own,
# pdf/tools/<guide>-diagram.pdf: a page is too small for it).
DROP = (
    "a.md-content__button, a.headerlink, .dpup-page-pdf, .dpup-js-only, .dpup-archived, [hidden], "
    "script, style, button, .twemoji:not(.dpup-picture), svg:not(.dpup-picture > svg), .dpup-guide__diagram"
)
ID_REFS = ("aria-labelledby", "aria-describedby", "aria-controls", "for")
QUIET = "pdf-quiet"  # a link that prints no address when it leaves the edition
QUIET_LINKS = "h2 a, h3 a, h4 a, .dpup-checklist__see a, .dpup-glance__inside a"
END, END_WORDS = "pdf-end", 40  # the last blocks of a page, kept on one sheet: see _keep_the_end_together
LINK = "pdf-link:"  # placeholder scheme of internal links until an edition resolves them
PLACEHOLDER = re.compile(r'<a\s[^>]*href="pdf-link:[^>]*>')  # a whole start tag, any attribute order
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# The words of a page meant to be blank, and the only words on it: the page-waste check
# (tests/test_paper.py) counts every other page with fewer than 25 words as a wasted sheet.
BLANK = "This page is intentionally blank."
# Tool steps and the summary label would bury the contents list of an audience edition.
NOT_IN_CONTENTS = re.compile(r"--|^in-short$")


@dataclass(frozen=True)
class Source:
    """A built page: where it is and what the nav calls it."""

    src_uri: str
    title: str
    url: str  # site-relative, e.g. "protocols/purpose-matters/" ("" for the home page)
    file: Path  # the built index.html
    section: str | None = None  # its nav section, e.g. "Protocols"


@dataclass
class Prepared:
    source: Source
    title: str  # as the page's own heading says it (the nav may shorten it, e.g. "Home")
    body: str  # cleaned article HTML with placeholder links
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)
    images: list[str] = field(default_factory=list)  # site-relative paths the body shows


@dataclass(frozen=True)
class Edition:
    path: str  # in the site, e.g. "pdf/dpup.pdf"
    title: str  # running header and PDF title
    description: str
    pages: tuple[Source, ...]
    heading: str = ""  # its short name: on the cover and the downloads page
    cover: bool = False
    contents: str = ""  # "pages": one line per page; "pages and parts": each with its <h2>s;
    # "headings": the sections of a single page
    large: bool = False
    group: str = "Editions"
    section: str | None = None  # prints only the part of its one page under this <h2> id
    leave_out: tuple[str, ...] = ()  # the <h2> ids of the parts of its one page it does not print
    draft: str = ""  # the consultation its draft pages are out for (history/consultation.py); "" if none


@dataclass(frozen=True)
class Context:
    """Facts every edition prints: on the cover, in the footer and in the metadata."""

    site_name: str
    site_url: str
    author: str
    licence: str
    version: str
    version_date: str  # "24 November 2026"
    build_date: str
    status: str = ""  # what this edition is (mkdocs.yml extra.publisher.status)
    publisher: str = ""
    official_name: str = ""
    official_url: str = ""


def page_key(url: str) -> str:
    """The id prefix of a page in print HTML: 'protocols/purpose-matters/' -> 'p-protocols-purpose-matters'."""
    return "p-" + (url.strip("/").replace("/", "-") or "home")


def _one(tag: Tag, name: str, default: str = "") -> str:
    """A one-valued attribute (id, href, src, type): only class, rel and a few more are lists."""
    value = tag.get(name, default)
    if not isinstance(value, str):
        raise TypeError(f"<{tag.name}>: {name} is a list of values ({value}), not one value")
    return value


def _add_class(tag: Tag, name: str) -> None:
    tag["class"] = AttributeValueList([*tag.get_attribute_list("class"), name])


def read_article(file: Path) -> str:
    match = ARTICLE.search(file.read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f'{file}: no <article class="md-content__inner"> in the built page.')
    return match.group(1)


def prepare(source: Source, article: str) -> Prepared:
    """Clean one built page for paper, once, for every edition that prints it."""
    soup = BeautifulSoup(article, "html.parser")
    for tag in soup.select(DROP):
        tag.decompose()
    _paper_tools(soup)
    key = page_key(source.url)
    for tag in soup.find_all(True):
        for name in [a for a in tag.attrs if a.startswith("data-") or a == "tabindex"]:
            del tag[name]
        if tag.has_attr("id"):
            tag["id"] = f"{key}--{tag['id']}"
        for ref in ID_REFS:
            if tag.has_attr(ref):
                tag[ref] = " ".join(f"{key}--{i}" for i in str(tag[ref]).split())
    # "This page is for" links lead to audience views: on paper the names are enough.
    for a in soup.select(".dpup-page-audiences a"):
        a.unwrap()
    # Links that name a page or a part of one in a list of many (a checklist item's "(The steps)",
    # the parts of each page at a glance) or in a heading: in the edition that holds the page,
    # links; otherwise they print no address, as a note after every item would bury the list.
    for a in soup.select(QUIET_LINKS):
        _add_class(a, QUIET)
    _keep_the_end_together(soup)
    images = [_rebase_image(img, source.url) for img in soup.find_all("img") if img.get("src")]
    for a in soup.find_all("a", href=True):
        _placeholder(a, source.url)
    h1 = soup.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else source.title
    headings = [
        (int(h.name[1]), _one(h, "id"), h.get_text(" ", strip=True))
        for h in soup.find_all(["h2", "h3"])
        if h.has_attr("id") and not NOT_IN_CONTENTS.search(_one(h, "id").split("--", 1)[1])
    ]
    return Prepared(source, title, str(soup), headings, [i for i in images if i])


def _keep_the_end_together(soup: BeautifulSoup) -> None:
    """The page's last blocks, at least END_WORDS words of them and the heading over them, in one
    block that print.css allows no break between, so a page never ends on a sheet with a line or
    two ("What changed")."""
    blocks = [n for n in soup.contents if isinstance(n, Tag)]
    end: list[Tag] = []
    count = 0
    for block in reversed(blocks):
        if count >= END_WORDS or block.name == "h1":
            break
        end.insert(0, block)
        count += len(block.get_text(" ").split())
    while len(end) < len(blocks) and (before := blocks[-len(end) - 1]).name in ("h2", "h3", "h4"):
        end.insert(0, before)  # a heading goes with what it heads
    if not end:
        return
    wrapper = soup.new_tag("div", attrs={"class": END})
    end[0].insert_before(wrapper)
    for block in end:
        wrapper.append(block.extract())


def _top_level(soup: BeautifulSoup) -> list[PageElement]:
    """The page's blocks, those in the end block (_keep_the_end_together) among them."""
    out: list[PageElement] = []
    for node in list(soup.contents):
        if isinstance(node, Tag) and END in node.get_attribute_list("class"):
            out += list(node.contents)
        else:
            out.append(node)
    return out


def sections(page: Prepared) -> list[str]:
    """The ids (without the page's prefix) of the page's parts: its <h2>s outside any block."""
    soup = BeautifulSoup(page.body, "html.parser")
    return [
        _one(n, "id").split("--", 1)[1]
        for n in _top_level(soup)
        if isinstance(n, Tag) and n.name == "h2" and n.has_attr("id")
    ]


def cut(page: Prepared, section: str | None = None, leave_out: tuple[str, ...] = ()) -> Prepared:
    """One part of a page: only the part under the <h2> `section`, its headings one level up so it
    opens with a first-level heading; or the page without the parts under the <h2>s `leave_out`.
    A part is an <h2> outside any block and everything after it up to the next such <h2>."""
    if section is None and not leave_out:
        return page
    key = page_key(page.source.url)
    soup = BeautifulSoup(page.body, "html.parser")
    part = None  # the id of the part each top-level node is in; None before the first <h2>
    for node in _top_level(soup):
        if isinstance(node, Tag) and node.name == "h2" and node.has_attr("id"):
            part = _one(node, "id").split("--", 1)[1]
        if (part != section) if section is not None else (part in leave_out):
            node.extract()
    if section is not None:
        for h in soup.find_all(["h2", "h3", "h4", "h5", "h6"]):
            h.name = f"h{int(h.name[1]) - 1}"
    body = str(soup)
    headings = [
        (int(h.name[1]), _one(h, "id"), h.get_text(" ", strip=True))
        for h in soup.find_all(["h2", "h3"])
        if h.has_attr("id") and not NOT_IN_CONTENTS.search(_one(h, "id").split("--", 1)[1])
    ]
    title = page.title
    if section is not None and (h1 := soup.find("h1", id=f"{key}--{section}")):
        title = h1.get_text(" ", strip=True)
    return Prepared(page.source, title, body, headings, [i for i in page.images if i in body])


def _paper_tools(soup: BeautifulSoup) -> None:
    """Form fields become boxes to fill in by hand; collapsible parts are shown open."""
    for box in soup.find_all("input"):
        kind = _one(box, "type", "text")
        mark = {"checkbox": "☐", "radio": "○"}.get(kind)
        new = soup.new_tag("span", attrs={"class": "pdf-mark" if mark else "pdf-field"})
        new.string = mark or "\u00a0"
        box.replace_with(new)
    for area in soup.find_all("textarea"):
        area.replace_with(soup.new_tag("div", attrs={"class": "pdf-area"}))
    for details in soup.find_all("details"):
        summary = details.find("summary", recursive=False)
        if summary is not None:
            if "dpup-quiz__answer" in details.get_attribute_list("class"):
                summary.decompose()  # "Show the answer": on paper the answer simply follows
            else:
                summary.name = "p"
                summary["class"] = "pdf-summary"
        details.name = "div"
        _add_class(details, "pdf-details")
        details.attrs.pop("open", None)
    for form in soup.find_all(["form", "fieldset"]):
        form.name = "div"
    for legend in soup.find_all("legend"):
        legend.name = "p"
    for label in soup.find_all("label"):
        label.name = "span"
        label.attrs.pop("for", None)


def _resolve(base_url: str, target: str) -> tuple[str, str]:
    """A relative href on the page at `base_url` -> (site-relative path, fragment)."""
    path, _, frag = target.partition("#")
    if not path:
        return base_url, frag
    folder = base_url if base_url.endswith("/") else posixpath.dirname(base_url)  # ".html" URLs too
    joined = posixpath.normpath(posixpath.join(folder or ".", path))
    joined = "" if joined == "." else joined
    if path.endswith("/") and joined:
        joined += "/"
    return joined, frag


def _placeholder(a: Tag, base_url: str) -> None:
    href = _one(a, "href")
    if SCHEME.match(href) or href.startswith("/"):
        shown = re.sub(r"^mailto:|^tel:", "", href)
        words = a.get_text(strip=True)
        # A phone number prints once: its link's words are the number, spaced for reading.
        same_number = href.lower().startswith("tel:") and re.sub(r"\D", "", words) == re.sub(r"\D", "", shown)
        if words not in (href, shown) and not same_number:
            a["data-url"] = shown
            _add_class(a, "pdf-external")  # after data-url, as the attributes have always been written
    else:
        path, frag = _resolve(base_url, href)
        a["href"] = f"{LINK}{path}#{frag}"


def _rebase_image(img: Tag, base_url: str) -> str | None:
    """Image sources relative to the site root, so print HTML is the same wherever the site is."""
    src = _one(img, "src")
    if SCHEME.match(src):
        return None
    path, _ = _resolve(base_url, src)
    img["src"] = path
    return path


class _Attributes(HTMLParser):
    found: list[tuple[str, str | None]]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = attrs


def _attributes(tag: str) -> list[tuple[str, str | None]]:
    """The attributes of one start tag, decoded."""
    reader = _Attributes(convert_charrefs=True)
    reader.feed(tag)
    reader.close()
    return reader.found


def resolve_links(body: str, in_edition: dict[str, set[str]], site_url: str) -> str:
    """Placeholders -> in-document links for pages in the edition, web addresses for the rest.

    `in_edition` maps each page url in the edition to the ids its print HTML has.
    """

    def fix(m: re.Match[str]) -> str:
        # Read as an HTML parser reads it: a value may hold anything, quotes included (a regex over
        # the tag once took an `href="…` inside another attribute for the link itself).
        attributes = dict(_attributes(m.group(0)))
        href = attributes.pop("href", None) or ""
        if not href.startswith(LINK):  # the text was in another attribute
            return m.group(0)
        path, _, frag = href.removeprefix(LINK).partition("#")
        classes = (attributes.pop("class", "") or "").split()
        rest = "".join(f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attributes.items())
        ids = in_edition.get(path)
        if ids is not None:
            key = page_key(path)
            target = f"{key}--{frag}" if frag and f"{key}--{frag}" in ids else key
            kind = "pdf-term" if "term" in classes else "pdf-xref"
            return f'<a href="#{target}" class="{" ".join([*classes, kind])}"{rest}>'
        url = html.escape(site_url + path + (f"#{frag}" if frag else ""))
        # Glossary terms are everywhere; printing each one's address would drown the text.
        if "term" in classes or QUIET in classes:
            return f'<a href="{url}" class="{" ".join(classes)}"{rest}>'
        return f'<a href="{url}" class="{" ".join([*classes, "pdf-external"])}" data-url="{url}"{rest}>'

    return PLACEHOLDER.sub(fix, body)


ID = re.compile(r'\sid="([^"]+)"')
# A whole link: links never nest, and the serialised HTML escapes '>' and '<' in attribute values.
WHOLE_LINK = re.compile(r"(<a\s[^>]*>)(.*?</a>)", re.DOTALL)
SECTION_START = re.compile(r"(?=<h2[\s>])")


def number_links(body: str, key: str) -> str:
    """Printed links as short references: after each link that leaves the document, a note number;
    at the end of each section (an <h2> and what follows it, or the page's opening), its notes, each
    web address once. An address inline after every link would bury the text it is in.

    `key` makes the notes' ids unique in the edition."""
    out = []
    chunks = SECTION_START.split(body)
    ends_in_block = f'<div class="{END}">' in body  # the page's last element (prepare)
    for part, chunk in enumerate(chunks):
        urls: dict[str, str] = {}  # the address as printed -> the link's target, in order of use

        def note(m: re.Match[str], urls: dict[str, str] = urls) -> str:
            start = m.group(1)
            if "data-url=" not in start:
                return m.group(0)
            attributes = dict(_attributes(start))
            shown = attributes.get("data-url")
            if "pdf-external" not in (attributes.get("class") or "").split() or not shown:
                return m.group(0)
            urls.setdefault(shown, attributes.get("href") or shown)
            return f'{m.group(0)}<sup class="pdf-note-ref">{list(urls).index(shown) + 1}</sup>'

        chunk = WHOLE_LINK.sub(note, chunk)
        if urls:
            items = "".join(
                f'<li><a href="{html.escape(href)}">{html.escape(shown)}</a></li>' for shown, href in urls.items()
            )
            notes = (
                f'\n<aside class="pdf-notes" aria-labelledby="{key}--notes-{part}">'
                f'<p class="pdf-notes__title" id="{key}--notes-{part}">Web addresses</p>'
                f"<ol>{items}</ol></aside>\n"
            )
            # The page's last notes stay with its last blocks (prepare wraps them: _keep_the_end_together).
            last = part == len(chunks) - 1 and ends_in_block and chunk.rstrip().endswith("</div>")
            chunk = chunk.rstrip()[: -len("</div>")] + notes + "</div>\n" if last else chunk + notes
        out.append(chunk)
    return "".join(out)


# What a CSS string in the print HTML's <style> may hold as it is; anything else (quotes,
# backslashes, line breaks, '<' that could end the <style>) is written as a CSS code point.
CSS_PLAIN = re.compile(r"[^\w .,:;!?()'&/–—-]")


def css_string(text: str) -> str:
    """Text as a CSS string that nothing in it can end early, inside the string or the <style>."""
    return '"' + CSS_PLAIN.sub(lambda m: f"\\{ord(m.group()):x} ", " ".join(text.split())) + '"'


def document(edition: Edition, pages: list[Prepared], ctx: Context) -> str:
    """The whole print HTML of one edition."""
    esc = html.escape
    in_edition = {p.source.url: set(ID.findall(p.body)) | {page_key(p.source.url)} for p in pages}
    classes = " ".join(
        c for c in ["pdf", "pdf-large" if edition.large else "", "pdf-single" if len(pages) == 1 else ""] if c
    )
    footer = f"Version {ctx.version} · built {ctx.build_date}"
    margin_size = " font-size: 13pt;" if edition.large else ""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="en-NZ" class="{classes}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(edition.title)}</title>",
        f'<meta name="author" content="{esc(ctx.author)}">',
        f'<meta name="description" content="{esc(edition.description)}">',
        f'<meta name="keywords" content="{esc(ctx.site_name)}, privacy, Aotearoa New Zealand">',
        # The page-margin text belongs to this edition, so it is part of its print HTML (and hash).
        "<style>@page { @top-left { content: " + css_string(edition.title) + ";" + margin_size + " } "
        "@bottom-left { content: " + css_string(footer) + ";" + margin_size + " } "
        "@bottom-right {" + margin_size + " } } "
        # Repeated here: a named page in print.css loses to this document's own @page rule.
        "@page cover { @top-left { content: none } @bottom-left { content: none } }</style>",
        "</head>",
        "<body>",
    ]
    if edition.cover:
        out.append(_cover(edition, ctx))
    else:  # a PDF with no cover opens with what this edition is: independent, not the official policy
        out.append(status(ctx, edition.draft))
    if edition.contents in ("pages", "pages and parts"):
        out.append(_contents_of_pages(pages, parts=edition.contents == "pages and parts"))
    elif edition.contents == "headings":
        out.append(_contents_of_headings(pages[0]))
    for p in pages:
        body = number_links(resolve_links(p.body, in_edition, ctx.site_url), page_key(p.source.url))
        out.append(f'<section class="pdf-page" id="{page_key(p.source.url)}">\n{body}\n</section>')
    out += ["</body>", "</html>"]
    return "\n".join(out)


def status(ctx: Context, draft: str = "") -> str:
    """What this edition is, with the address of the official policy (mkdocs.yml extra.publisher),
    and whether it holds a draft out for consultation."""
    esc = html.escape
    out = (
        f'<p class="pdf-status">{esc(ctx.status)} Read {esc(ctx.official_name)}: '
        f'<a href="{esc(ctx.official_url)}">{esc(ctx.official_url)}</a></p>'
    )
    return out + (f'\n<p class="pdf-status pdf-status--draft"><strong>{esc(draft)}</strong></p>' if draft else "")


def _cover(edition: Edition, ctx: Context) -> str:
    esc = html.escape
    heading = edition.heading or edition.title
    policy = "" if heading.startswith(ctx.site_name) else f'<p class="pdf-cover__policy">{esc(ctx.site_name)}</p>'
    return (
        '<section class="pdf-cover">\n'
        f'<p class="pdf-cover__kicker">Aotearoa New Zealand</p>\n{policy}\n'
        f"<h1>{esc(heading)}</h1>\n"
        f'<p class="pdf-cover__about">{esc(edition.description)}</p>\n'
        f"{status(ctx)}\n"
        '<dl class="pdf-cover__facts">\n'
        f"<dt>Version</dt><dd>{esc(ctx.version)}, {esc(ctx.version_date)}</dd>\n"
        f"<dt>Status</dt><dd>{esc(edition.draft or 'Published')}</dd>\n"
        f"<dt>This copy was made</dt><dd>{esc(ctx.build_date)}</dd>\n"
        f'<dt>Online</dt><dd><a href="{esc(ctx.site_url)}">{esc(ctx.site_url)}</a></dd>\n'
        f"<dt>Published by</dt><dd>{esc(ctx.publisher)}</dd>\n"
        f"<dt>Licence</dt><dd>{esc(ctx.licence)}</dd>\n"
        "</dl>\n</section>"
    )


def _contents_of_pages(pages: list[Prepared], parts: bool = False) -> str:
    """One line per page, in its nav section; with `parts`, each page's <h2>s under it."""
    out = ['<nav class="pdf-toc" aria-labelledby="pdf-toc-title">', '<h2 id="pdf-toc-title">Contents</h2>', "<ul>"]
    section = None
    for p in pages:
        if p.source.section != section:
            if section is not None:
                out.append("</ul></li>")
            section = p.source.section
            if section is not None:
                out.append(f'<li class="pdf-toc__section"><span>{html.escape(section)}</span><ul>')
        entries = (
            "".join(
                f'<li><a href="#{hid}">{html.escape(text)}</a></li>' for level, hid, text in p.headings if level == 2
            )
            if parts
            else ""
        )
        out.append(
            f'<li><a href="#{page_key(p.source.url)}">{html.escape(p.title)}</a>'
            + (f"<ul>{entries}</ul>" if entries else "")
            + "</li>"
        )
    if section is not None:
        out.append("</ul></li>")
    out += ["</ul>", "</nav>"]
    return "\n".join(out)


def _contents_of_headings(page: Prepared) -> str:
    out = ['<nav class="pdf-toc" aria-labelledby="pdf-toc-title">', '<h2 id="pdf-toc-title">Contents</h2>', "<ul>"]
    for level, hid, text in page.headings:
        out.append(f'<li class="pdf-toc__h{level}"><a href="#{hid}">{html.escape(text)}</a></li>')
    out += ["</ul>", "</nav>"]
    return "\n".join(out)
