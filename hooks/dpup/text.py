"""Text helpers that several outputs share: folding, slugs, page addresses, dates and plain text put
into Markdown."""

from __future__ import annotations

import datetime
import html
import unicodedata

from markdown.extensions.toc import slugify


def fold(text: str) -> str:
    """Lower-case and drop macrons and other marks, one character for one: 'Tāngata' -> 'tangata'.

    The result is as long as the text, so a match in it is a match at the same place in the text.
    """
    return "".join(unicodedata.normalize("NFD", c)[0].lower()[:1] or c for c in text)


def long_date(day: datetime.date) -> str:
    """A date as New Zealand English writes it out: '30 November 2026'."""
    return f"{day.day} {day:%B %Y}"


def slug(text: str) -> str:
    """The id Python-Markdown gives a heading with this text: 'What the law requires' -> 'what-the-law-requires'."""
    return slugify(text, "-")


def page_url(src_uri: str) -> str:
    """The site address of a docs page, with directory URLs: 'principles/he-tangata.md' ->
    'principles/he-tangata/', 'index.md' -> '', 'guides/index.md' -> 'guides/'."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def markdown_text(plain: str) -> str:
    """Plain text (a title, name or label from front matter or data) to put into Markdown:
    HTML's special characters escaped, and brackets that would end a link label."""
    return html.escape(plain, quote=False).replace("[", r"\[").replace("]", r"\]")
