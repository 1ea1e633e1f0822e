"""The trust boundary for page bodies: every page's rendered HTML passes an allow-list.

Page bodies, and the data-file text that macros put into them, come from public pull
requests. After Markdown has rendered a page, nh3 (the Python binding of Ammonia, a
well-kept HTML sanitiser) cleans it against the allow-list below, and the site ships what
nh3 returns. If nh3 had to drop or change anything, the build stops and says what, where
and what to write instead: nothing is silently altered.

To tell whether nh3 changed anything, both versions are read into the same plain form
(start tags with their attributes, and text) and compared; end tags and comments are left
out, because nh3 only ever adds the first and drops the second.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nh3

from . import limits
from .errors import Problem
from .hosts import look_alike, names_a_user

# What a page body may hold: the HTML that Markdown, our macros and Material's icons write.
TAGS = {
    "a",
    "abbr",
    "aside",
    "b",
    "blockquote",
    "br",
    "button",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "figcaption",
    "figure",
    "form",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "path",
    "pre",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
}
# Attributes any element may carry; `data-*` only those our tools' scripts read, and where a
# diagram goes (`data-dpup-diagram`: pages/diagram.py draws it there after this check).
GLOBAL_ATTRIBUTES = {
    "class",
    "id",
    "lang",
    "title",
    "hidden",
    "tabindex",
    "role",
    "aria-describedby",
    "aria-hidden",
    "aria-label",
    "aria-labelledby",
    "aria-live",
    "data-action",
    "data-audience",
    "data-correct",
    "data-depth",
    "data-dpup-builder",
    "data-dpup-checklist",
    "data-dpup-diagram",
    "data-dpup-guide",
    "data-dpup-keep-hidden",
    "data-dpup-quiz",
    "data-edition",
    "data-field",
    "data-item",
    "data-next",
    "data-question",
    "data-start",
    "data-step",
    "data-title",
}
ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "a": {"href", "rel", "type", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "scope", "align", "style"},
    "col": {"span"},
    "details": {"open"},
    "time": {"datetime"},
    "ol": {"start", "type"},
    "li": {"value"},
    "form": {"novalidate"},
    "input": {"name", "value", "checked", "autocomplete"},
    "textarea": {"name", "rows"},
    "label": {"for"},
    "svg": {"xmlns", "viewBox", "viewbox", "width", "height", "fill"},  # SVG keeps its camelCase
    "path": {"d", "fill"},
}
# Attributes whose values are limited: a form only posts back to itself (`dialog`), an
# input is only a box to tick or type in, a button only runs the page's own script.
ATTRIBUTE_VALUES = {
    "form": {"method": {"dialog"}},
    "input": {"type": {"checkbox", "radio", "text"}},
    "button": {"type": {"button", "submit", "reset"}},
    "a": {"target": {"_blank"}},
}
URL_SCHEMES = {"https", "http", "mailto", "tel"}
# The link types a page's <a rel> may hold: those for opening a link safely in a new tab.
# Others change what is done with the address: WeasyPrint embeds the file behind
# rel="attachment" in the PDF, so a page could publish a file of the build machine.
LINK_REL = {"noopener", "noreferrer", "external"}
# Table cell alignment from Markdown tables is the only inline style a page may have.
STYLE_PROPERTIES = {"text-align"}
# Ids that would shadow the ids Material's scripts look up (`__config`, `__search`, `md-…`).
RESERVED_ID = re.compile(r"^(__|md-)")
# Classes that dress text as the site's own frame: Material's (`md-dialog` floats a box over
# every screen) and the PDFs' (`pdf-cover` starts a cover page with no page number). A page may
# use Material's buttons, as its documentation invites; the PDFs add their classes themselves.
RESERVED_CLASS = re.compile(r"^(md-|pdf-)")
PAGE_MATERIAL_CLASSES = {"md-button", "md-button--primary"}


def reserved_classes(value: str) -> list[str]:
    """The words of a class attribute that only the site's own frame may use."""
    return [word for word in value.split() if RESERVED_CLASS.match(word) and word not in PAGE_MATERIAL_CLASSES]


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's last word on each attribute it keeps: no reserved ids or classes, no images from
    other hosts, no download under another name."""
    if attribute == "id" and RESERVED_ID.match(value):
        return None
    if attribute == "class" and reserved_classes(value):
        return None
    if attribute == "download" and value:
        return None  # a same-site file saved under a name it chooses, such as "notice.hta"
    if attribute == "href" and (names_a_user(value) or look_alike(value)):
        return None
    if attribute == "src" and not _local(value):
        return None
    if element == "a" and attribute == "rel" and not _known_rel(value):
        return None
    return value


def clean(fragment: str) -> str:
    """The fragment with everything outside the allow-list removed (nh3's output)."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        tag_attribute_values=ATTRIBUTE_VALUES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        link_rel=None,  # we add no rel of our own: the link checks look after new-tab links
        strip_comments=True,
    )


# --- what changed -------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """One start tag (with its attributes) or one run of text, as a browser would read it."""

    tag: str | None  # None for text
    attributes: tuple[tuple[str, str], ...] = ()
    text: str = ""

    def __str__(self) -> str:
        if self.tag is None:
            return repr(_shorten(self.text))
        attrs = "".join(f' {k}="{_shorten(v, 40)}"' for k, v in self.attributes)
        return f"<{self.tag}{attrs}>"


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self._text: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.tokens.append(Token(None, text=text))
        self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        self.tokens.append(
            Token(tag, tuple(sorted((k, _style(v) if k == "style" else _visible(v or "")) for k, v in attrs)))
        )

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self._text.append(_visible(data))

    def close(self) -> None:
        super().close()
        self._flush()


# Tags an HTML parser adds where the source leaves them out, as browsers do: not a change.
IMPLIED = {"tbody"}


# Control characters: Python's parser drops them from character references, nh3's keeps them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _visible(text: str) -> str:
    return CONTROL.sub("", text)


def _style(value: str | None) -> str:
    """A style attribute as nh3 writes it: 'text-align: left;' -> 'text-align:left'."""
    declarations = (d.split(":", 1) for d in (value or "").split(";") if ":" in d)
    return ";".join(f"{k.strip().lower()}:{v.strip()}" for k, v in declarations)


def tokens(fragment: str) -> list[Token]:
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    return [t for t in reader.tokens if t.tag not in IMPLIED]


@dataclass(frozen=True)
class Change:
    """Something in the page that the allow-list does not allow."""

    found: Token  # what the page has
    needles: tuple[str, ...]  # pieces of its source to look for, most telling first, to find its line
    message: str  # what is wrong and what to write instead


def invisible_references(original: str) -> list[Change]:
    """Each character reference in the page that stands for a character no text may hold."""
    found, seen = [], set()
    for match, char in limits.invisible_references(original):
        reference = match.group()
        # What follows it up to the next tag or quote tells its source line from others like it.
        following = re.split(r'[<"]', original[match.start() : match.start() + 60])[0]
        if following not in seen:
            seen.add(following)
            found.append(
                Change(
                    Token(None, text=reference),
                    (following, reference),
                    f"'{reference}' in '{_shorten(following, 40)}' writes an invisible character "
                    f"(U+{ord(char):04X}) that no page needs "
                    "and that can show text other than as written; delete it.",
                )
            )
    return found


def changes(original: str, cleaned: str) -> list[Change]:
    """What nh3 removed or changed, explained; [] when the two are the same page."""
    invisible = invisible_references(original)
    before, after = tokens(original), tokens(cleaned)
    if before == after:
        return invisible
    found = [c for i, t in enumerate(before) for c in _explain(t, _context(before[i + 1 : i + 3]))]
    if found:
        return invisible + found
    # The allow-list took something we cannot name token by token (for example a tag
    # that swallowed the text after it): show where the two first differ.
    at = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    token = before[at] if at < len(before) else Token(None, text="(the end of the page)")
    return invisible + [
        Change(
            token,
            (token.text[:30] if token.tag is None else f"<{token.tag}",),
            f"the sanitiser had to change the page at {token}; it is not well-formed HTML. "
            "Use Markdown instead of raw HTML here.",
        )
    ]


def _context(following: list[Token]) -> tuple[str, ...]:
    """What comes right after a token, to tell its line from others like it."""
    return tuple(
        x[:60] for t in following for x in ([t.text] if t.tag is None else [v for _, v in t.attributes]) if len(x) >= 4
    )


def _explain(token: Token, context: tuple[str, ...]) -> list[Change]:
    """Why one token of the original page is outside the allow-list, if it is."""
    if token.tag is None:
        return []
    tag = token.tag
    values = tuple(v for _, v in token.attributes if len(v) >= 4)
    if tag not in TAGS:
        return [
            Change(
                token,
                (*values, *context, f"<{tag}"),
                _TAG_ADVICE.get(
                    tag, f"<{tag}> is not allowed in a page; use Markdown, or ask a maintainer to add a macro."
                ),
            )
        ]
    out = []
    allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, set())
    limited = ATTRIBUTE_VALUES.get(tag, {})

    def change(name: str, value: str, message: str) -> None:
        out.append(Change(token, ((value,) if len(value) >= 4 else ()) + context + (name,), message))

    for name, value in token.attributes:
        if name.startswith("on"):
            change(
                name,
                value,
                f"the event handler '{name}' on <{tag}> is not allowed: pages cannot run scripts. Remove it.",
            )
        elif name in limited:
            if value.lower() not in limited[name]:
                change(
                    name,
                    value,
                    f'<{tag} {name}="{value}"> is not allowed; use one of: {", ".join(sorted(limited[name]))}.',
                )
        elif name not in allowed:
            change(
                name,
                value,
                "inline styles are not allowed; use a class from the site's stylesheet."
                if name == "style" and tag not in ("td", "th")
                else f"the attribute '{name}' is not allowed on <{tag}>; remove it.",
            )
        elif name == "src" and not _local(value):
            change(
                name,
                value.strip(),
                f"the image '{_shorten(value, 60)}' is on another site: the site loads "
                "nothing from other hosts. Add the image to docs/assets/images/.",
            )
        elif name == "href" and names_a_user(value):
            change(
                name,
                value.strip(),
                f"the address '{_shorten(value, 60)}' has a name before '@', so it leads to the host after "
                "it, not the one it seems to name; write the address without it.",
            )
        elif name == "href" and (label := look_alike(value)):
            change(
                name,
                value.strip(),
                f"the address '{_shorten(value, 60)}' has a host name, '{label}', that mixes letters of two "
                "alphabets, so it looks like a site it is not; type the address again in plain letters.",
            )
        elif name == "href" and not _safe_url(value):
            change(
                name,
                value.strip(),
                f"the address '{_shorten(value, 60)}' is not allowed: link to a page "
                "of this site (a relative .md link) or to an https:// address.",
            )
        elif name == "id" and RESERVED_ID.match(value):
            change(name, value, f"the id '{value}' is reserved for the site's own scripts; choose another.")
        elif name == "class" and (words := reserved_classes(value)):
            change(
                name,
                value,
                f"the class '{words[0]}' belongs to the site's own frame (Material's or the PDFs'); a page "
                "may not dress its text as the site's. Remove it: use Markdown, or ask a maintainer for a macro.",
            )
        elif name == "download" and value:
            change(
                name,
                value,
                f'download="{_shorten(value, 40)}" would save the file under another name; write '
                "`download` alone, so the file keeps its own name.",
            )
        elif tag == "a" and name == "rel" and not _known_rel(value):
            change(
                name,
                value,
                f'rel="{_shorten(value, 40)}" is not allowed on a link: its rel may hold only '
                f'{_words(sorted(LINK_REL))} (rel="attachment" would copy the file it points '
                "to into the PDFs). Remove the other words.",
            )
        elif name == "style" and not _only_text_align(value):
            change(name, value, "only 'text-align' may be styled in a table cell.")
    return out


_TAG_ADVICE = {
    "script": "<script> is not allowed in a page: pages cannot run scripts. A tool needs a macro; ask a maintainer.",
    "style": "<style> is not allowed in a page; the site's styles are code, in overrides/assets/stylesheets/, "
    "which a maintainer changes.",
    "link": "<link> is not allowed in a page; the site's stylesheets are set in mkdocs.yml.",
    "meta": "<meta> is not allowed in a page (it could redirect readers elsewhere).",
    "base": "<base> is not allowed in a page (it would change where every link goes).",
    "iframe": "<iframe> is not allowed: the site loads nothing from other sites. Link to it instead.",
    "object": "<object> is not allowed: the site loads nothing from other sites. Link to it instead.",
    "embed": "<embed> is not allowed: the site loads nothing from other sites. Link to it instead.",
    "h1": "the page title comes from front matter; use '##' for headings in the body.",
}


def _local(value: str) -> bool:
    """A relative address on this site: no scheme, no other host."""
    return not re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)", value)


def _known_rel(value: str) -> bool:
    """Every link type in a rel value is one a page may use."""
    return set(value.lower().split()) <= LINK_REL


def _words(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _safe_url(value: str) -> bool:
    scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


def _only_text_align(value: str) -> bool:
    return all(d.split(":")[0].strip().lower() in STYLE_PROPERTIES for d in value.split(";") if d.strip())


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- where it came from -------------------------------------------------------


def problems(changes: list[Change], page: str, project: Path, sources: list[str]) -> list[Problem]:
    """A problem for each change, at the file and line it came from: the page, or a data file a
    macro read. `sources`: project-relative files to look in, the page's own first."""
    texts = {f: (project / f).read_text(encoding="utf-8", errors="replace") for f in sources}
    out = []
    for change in changes:
        file, line = locate(change.needles, texts) or (page, None)
        out.append(Problem(file, line, "body" if file.startswith("docs/") else None, change.message))
    return out


def locate(needles: tuple[str, ...], sources: dict[str, str]) -> tuple[str, int] | None:
    """(file, line) of the source line that holds the most of the needles (the first of them
    breaking ties), ignoring case and character references."""
    wanted = [n.lower() for n in needles]
    best, best_score = None, (0, 0)
    for file, text in sources.items():
        for number, line in enumerate(text.splitlines(), 1):
            line = line.lower() + "\n" + html.unescape(line).lower()
            hits = [i for i, n in enumerate(wanted) if n in line]
            score = (len(hits), -min(hits)) if hits else (0, 0)
            if score > best_score:
                best, best_score = (file, number), score
    return best
