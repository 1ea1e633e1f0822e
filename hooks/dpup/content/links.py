"""Links and images written as raw HTML in a page: MkDocs checks Markdown links, not these.

A raw `<a href>` or `<img src>` goes to the browser as written, so it is checked here against
the files of the built site, before any PDF work (where a missing image would stop WeasyPrint).

The page is read with an HTML parser, as a browser reads it, never with a pattern: a quoted `>`
in another attribute, an upper-case HREF, a newline inside the tag or an entity-encoded scheme
(`&#x66;ile:`) must not hide a link. An address that leaves the site is refused: an absolute path
(`/etc/passwd` is read from the server's root, and by the PDF maker from the build machine's)
and any scheme but the web's.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote

from .errors import Problem

INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)
# The attribute that holds each checked tag's address.
ADDRESS = {"a": "href", "img": "src"}
# Schemes a raw link may use; they lead off the site, so they are not checked here.
WEB_SCHEMES = {"https", "http", "mailto", "tel"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What the URL standard removes before reading an address: C0 controls and spaces at either
# end, tabs and newlines anywhere ("fi&Tab;le:" is "file:" to a browser).
EDGES = "".join(map(chr, range(0x21)))
TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


class _RawLinks(HTMLParser):
    """Every `<a href>` and `<img src>` start tag: (0-based line, tag, address)."""

    # Read <script> and <style> as markup too: nothing hides in them. typeshed marks this Final, but
    # html.parser reads it as self.CDATA_CONTENT_ELEMENTS, so a subclass's own is the one used.
    CDATA_CONTENT_ELEMENTS = ()  # type: ignore[misc]

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # attribute values come back decoded
        self.found: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = ADDRESS.get(tag)
        line = self.getpos()[0] - 1  # where the tag starts
        self.found += [(line, tag, value) for name, value in attrs if name == wanted and value is not None]

    handle_startendtag = handle_starttag


def raw_links(prose: str) -> list[tuple[int, str, str]]:
    """(line within the prose, tag, address as a browser reads it) of every raw link and image outside code."""
    text = INLINE_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), prose)
    parser = _RawLinks()
    parser.feed(text)
    parser.close()
    return [(line, tag, normalise(value)) for line, tag, value in parser.found]


def normalise(address: str) -> str:
    """The address as a browser reads it: no control characters at its ends, no tabs or newlines,
    and backslashes as slashes (as in every http and https address)."""
    return TAB_OR_NEWLINE.sub("", address.strip(EDGES)).replace("\\", "/")


def _kind(tag: str, target: str) -> str:
    """'relative' (a path in the site), 'elsewhere' (another site, not checked here), 'fragment',
    'absolute' (a path from the server's root) or 'scheme' (a scheme a page may not use)."""
    if target.startswith("#"):
        return "fragment"
    if target.startswith("//"):
        return "elsewhere" if tag == "a" else "scheme"  # an image must be a file of this site
    if target.startswith("/"):
        return "absolute"
    scheme = SCHEME.match(target)
    if scheme:
        return "elsewhere" if tag == "a" and scheme.group(1).lower() in WEB_SCHEMES else "scheme"
    return "relative"


def resolves(target: str, page_url: str, urls: set[str]) -> bool:
    """Does a relative address, seen from the page at `page_url`, reach a file of the site?"""
    path = unquote(target.split("#")[0].split("?")[0])  # a browser reads %2e%2e as ..
    if not path:
        return True
    here = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    resolved = posixpath.normpath(posixpath.join(here, path))
    if resolved == ".." or resolved.startswith("../"):
        return False  # above the site's root: off the site where it is published in a folder
    resolved = "" if resolved == "." else resolved
    return resolved in urls or resolved.rstrip("/") + "/" in urls or resolved + "/index.html" in urls


def problems(file: str, first_line: int, prose: str, page_url: str, urls: set[str]) -> list[Problem]:
    """A problem for every raw link or image that does not lead to a page or file of this site."""
    known = urls | {unquote(u) for u in urls}
    out = []
    for line, tag, target in raw_links(prose):
        message = _message(tag, target, page_url, known)
        if message:
            out.append(Problem(file, first_line + line, "body", message))
    return out


def _message(tag: str, target: str, page_url: str, urls: set[str]) -> str | None:
    kind = _kind(tag, target)
    if kind == "absolute":
        return (
            f"the address '{target}' starts with '/', so it is read from the web server's root, not from "
            "this site's; write the path from this page instead, or use a Markdown link, which the build "
            "checks."
        )
    if kind == "scheme" and tag == "img":
        return (
            f"the image '{target}' is not a file of this site: the site loads nothing from elsewhere. Add the "
            "image to docs/assets/images/ and give its path from this page."
        )
    if kind == "scheme":
        return (
            f"the address '{target}' is not allowed: a raw link goes to a page or file of this site, or to "
            "another site (https:), an email address (mailto:) or a phone number (tel:)."
        )
    if kind != "relative":
        return None
    if target.endswith(".md") or ".md#" in target:
        return (
            f"the raw HTML link '{target}' is not rewritten for the website; write it as a "
            "Markdown link, [text](page.md), which the build checks and rewrites."
        )
    if not resolves(target, page_url, urls):
        return (
            f"'{target}' goes to no page or file of this site; check the path (it is read "
            "from this page's address), or use a Markdown link, which the build checks."
        )
    return None
