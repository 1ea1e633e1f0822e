"""What written text may not set through attributes, read in the text as written.

The allow-list (sanitise.py) reads the page as built, where a link whose address an attribute
list replaced, or text a page hides, looks like what macros write. Only the text as written
shows who set them, so it is read here as Python-Markdown and a browser would read it:
- an attribute list (`{: … }`), with attr_list's own pattern (to the last `}` on its line, so a
  `}` in a quoted value ends nothing) and its own reader of keys, values, classes and ids;
- raw HTML tags, with an HTML parser (`<span/hidden>` is a tag with `hidden`, as in a browser).
It refuses:
- `href` or `src` in an attribute list: `[Privacy Commissioner](https://www.privacy.org.nz/){: href=… }`
  shows reviewers one address and publishes another;
- `hidden`, in either: text no reader of the page or its PDF sees, but search and the Word files
  would carry it. The tools need it, so their macros write it; written text never does;
- a class the stylesheets do not offer pages (PAGE_CLASSES): a class only does something through
  the site's styles, which are trusted code, and the others dress text as the site's own frame or
  hide it (`dpup-glance__all`, `headerlink`, `md-dialog`);
- raw `<svg>`: text inside one is never drawn, yet search carries it. Icons are written as
  `:material-…:` shortcodes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs

ATTRIBUTE_LIST = re.compile(AttrListTreeprocessor.BASE_RE)
ADDRESS_KEYS = {"href", "src"}
# The classes the site's stylesheets offer written pages; CONTRIBUTING.md lists them too (a test keeps
# the two in step). A class does nothing without a style, which is trusted code.
PAGE_CLASSES = {
    "dpup-card",  # a box around a paragraph, as on the home page
    "dpup-cards",
    "dpup-front-door",
    "dpup-easy-read",
    "dpup-picture",  # an easy-read picture beside its text
    "dpup-visually-hidden",  # a heading for screen readers only, such as "The guide" on a tool's page
    "grid",  # Material's grid of cards, which its documentation offers pages
    "cards",
    "lg",
    "middle",
    "md-button",
    "md-button--primary",
}
HIDDEN = (
    "'hidden' would publish text that no reader of the page sees (search and the Word files would "
    "still carry it); remove the text, or show it."
)
SVG = "raw <svg> is not allowed in written text (text in it is never drawn); write an icon as :material-…:."


def _class_problem(words: list[str]) -> str | None:
    if unknown := [w for w in words if w not in PAGE_CLASSES]:
        return (
            f"the class '{unknown[0]}' is not one the site's stylesheets offer pages; use one of "
            f"{', '.join(sorted(PAGE_CLASSES))}, or ask a maintainer."
        )
    return None


def _attribute_list_problems(inside: str) -> list[str]:
    found = []
    for key, value in get_attrs(inside):
        name = key.lower()
        if name in ADDRESS_KEYS:
            found.append(
                f"this attribute list sets '{name}', which would replace the address the text shows; "
                "write the address in the link or image itself."
            )
        elif name == "hidden":
            found.append(HIDDEN)
        elif name in (".", "class") and (problem := _class_problem((value or "").split())):
            found.append(problem)
    return found


class _Tags(HTMLParser):
    """Each raw tag's problems, with the line it starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "svg":
            self.found.append((line, SVG))
        for name, value in attrs:
            if name == "hidden":
                self.found.append((line, HIDDEN))
            elif name == "class" and (problem := _class_problem((value or "").split())):
                self.found.append((line, problem))

    handle_startendtag = handle_starttag


def problems(text: str) -> list[tuple[int, str]]:
    """(line within the text, message) for each attribute written text may not set."""
    out = []
    for number, row in enumerate(text.split("\n"), 1):
        for found in ATTRIBUTE_LIST.finditer(row):
            out += [(number, message) for message in _attribute_list_problems(found[1])]
    tags = _Tags()
    tags.feed(text)
    tags.close()
    return out + tags.found
