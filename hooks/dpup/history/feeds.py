"""Atom feeds of the change entries: one for the whole policy, one per section of it.

People who rely on the policy subscribe to be told when it changes. A feed lists each page's
`changes:` entries, newest first, each linking to the page's "What changed" list. feedgen
writes the Atom; the feeds change only when an entry does, so a build is reproducible.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from ..content.model import ContentModel
from .changes import ANCHOR

FOLDER = "feeds"
SITE_FEED = f"{FOLDER}/changes.xml"


def section_of(src_uri: str) -> str | None:
    """The section a page belongs to: its top folder ("guides"), None for a page at the top."""
    return src_uri.split("/", 1)[0] if "/" in src_uri else None


@dataclass(frozen=True)
class Feed:
    section: str | None  # None: the whole policy
    path: str  # in the site: "feeds/guides.xml"
    title: str  # as a feed reader lists it: "Changes to Guides: Data Protection and Use Policy"
    name: str  # as a page lists it: "Guides"


def feeds_of(model: ContentModel, site_name: str) -> list[Feed]:
    """The whole policy's feed, then one per section (a top folder of docs/), named by its index page."""
    sections = sorted({s for src in model.pages if (s := section_of(src))})
    out = [Feed(None, SITE_FEED, f"Changes to the {site_name}", "The whole policy")]
    for section in sections:
        index = model.pages.get(f"{section}/index.md")
        name = index.meta.title if index else section.capitalize()
        out.append(Feed(section, f"{FOLDER}/{section}.xml", f"Changes to {name}: {site_name}", name))
    return out


def atom(model: ContentModel, site_url: str, urls: dict[str, str], feed: Feed) -> bytes:
    """The Atom feed of one section's changes, or the whole policy's. `urls` maps a docs path to
    its URL in the site, as the engine writes it."""
    site_url = site_url.rstrip("/") + "/"
    entries = sorted(
        (
            (page, change)
            for page, change in model.page_changes()
            if feed.section is None or section_of(page.src_uri) == feed.section
        ),
        key=lambda entry: entry[1].date,
        reverse=True,
    )
    first_edition = model.data.versions[-1].date
    atom_feed = FeedGenerator()
    atom_feed.id(site_url + feed.path)
    atom_feed.title(feed.title)
    atom_feed.author({"name": model.publisher.name if model.publisher else feed.title})
    atom_feed.link(href=site_url + feed.path, rel="self")
    atom_feed.link(href=site_url, rel="alternate")
    atom_feed.language("en-NZ")
    atom_feed.updated(_midnight(entries[0][1].date if entries else first_edition))
    for page, change in reversed(entries):  # feedgen puts the last entry added first
        entry = atom_feed.add_entry()
        link = f"{site_url}{urls[page.src_uri]}#{ANCHOR}"
        entry.id(f"{link}-{change.version}")
        entry.title(f"{page.meta.title}: version {change.version}")
        entry.link(href=link)
        entry.updated(_midnight(change.date))
        entry.summary(change.what)
    atom: bytes = atom_feed.atom_str(pretty=True)  # feedgen has no types: what it returns, as documented
    return atom


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), datetime.UTC)
