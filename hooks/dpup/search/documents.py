"""Search documents: Material's sections of each rendered page, with our front matter added.

Material's search plugin already splits every rendered page into sections (page, then one
per heading) and honours `search: exclude`; we take its split and add the page's summary,
audiences and kind from the content model. Two lists come out: what the index reads, and
the small store the results are shown from (title and a plain-text teaser, no markup).
"""

from __future__ import annotations

import html
import re
from typing import Any, TypedDict

from ..content.model import ContentModel

TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
TEASER = 240  # characters of a section kept for the result list; the index reads it all
# Audience views and the at-a-glance page repeat text from other pages: search keeps their
# own entry (title and intro), ranked lower, and leaves their sections to the source pages.
GENERATED_BOOST = 0.5

# Field weights: a word in a page title counts most, then the summary and section headings,
# the page's audiences and kind, and the text.
FIELDS = [("title", 20), ("summary", 5), ("heading", 3), ("about", 2), ("text", 1)]
# Length normalisation: lunr's default (0.75) buries long page titles under short headings.
B = 0.3
# A document as the index reads it (its FIELDS, and "ref"), with its attributes (its boost).
Indexed = tuple[dict[str, str], dict[str, float]]


class Stored(TypedDict):
    """A result as the result list shows it: its address, its title and a plain-text teaser."""

    location: str
    title: str
    text: str


def plain(markup: str) -> str:
    """Text without tags or entities, on one line."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", markup))).strip()


def teaser(text: str, limit: int = TEASER) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def documents(
    sections: list[dict[str, Any]], pages: dict[str, str], content: ContentModel
) -> tuple[list[Indexed], list[Stored]]:
    """(index documents with their boosts, store documents), in the same order.

    `sections` is Material's `docs` list (JSON); `pages` maps a page URL to its docs path.
    """
    indexed: list[Indexed] = []
    store: list[Stored] = []
    for section in sections:
        location = section["location"]
        url, _, anchor = location.partition("#")
        page = content.pages.get(pages.get(url, ""))
        if anchor and not page:
            continue
        title, text = plain(section["title"]), plain(section["text"])
        doc = {
            "ref": str(len(store)),
            "title": "" if anchor else title,
            "heading": title if anchor else "",
            "text": text,
            "summary": "",
            "about": "",
        }
        shown = teaser(text)
        if page and not anchor:
            meta = page.meta
            audiences = [content.data.audiences[a].name for a in meta.audiences]
            doc.update(title=meta.title, summary=meta.summary, about=" ".join([meta.kind, *audiences]))
            shown = meta.summary
        boost = (page.meta.search.boost if page.meta.search else 1) if page else GENERATED_BOOST
        indexed.append((doc, {"boost": boost}))
        store.append({"location": location, "title": doc["title"] or doc["heading"], "text": shown})
    return indexed, store
