"""Each page's change history: its `changes:` entries, the "What changed" list at its foot, and
the pages each published version changed (for about/versions).

A page with no entry has no change recorded since the first edition: entries start with the
version after it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..content import schema
from ..text import long_date, markdown_text

ANCHOR = "what-changed"  # the id of the list at the foot of every changed page


@dataclass(frozen=True)
class LastChange:
    version: str
    date: datetime.date
    what: str | None  # None: no entry, so no change is recorded since the first edition


def last_change(meta: schema.FrontMatter, versions: list[schema.Version]) -> LastChange:
    """The newest entry of the page, or the first edition (the oldest version) when it has none."""
    if meta.changes:
        newest = meta.changes[0]
        return LastChange(newest.version, newest.date, newest.what)
    first = versions[-1]
    return LastChange(first.version, first.date, None)


def what_changed(meta: schema.FrontMatter, compare: tuple[str, str] | None = None) -> str:
    """The Markdown list put at the foot of a page with entries; nothing for a page without.
    `compare` is (a link to the page's compare page, the earlier version it compares with).

    It goes into the page's Markdown, so search, the table of contents and the PDFs have it too."""
    if not meta.changes:
        return ""
    items = "\n".join(f"- **Version {c.version}, {long_date(c.date)}.** {c.what}" for c in meta.changes)
    if compare:
        link, earlier = compare
        items += f"\n\n[See the words that changed since version {earlier}]({link})"
    return f"\n\n## What changed {{#{ANCHOR}}}\n\n{items}\n"


def what_we_heard(meta: schema.FrontMatter) -> str:
    """A "What we heard" page's themes, each with what people said and what it changed."""
    if not meta.heard:
        return ""
    heard = meta.heard
    counted = f" from {heard.responses} responses" if heard.responses is not None else ""
    out = [
        f"\n\n## What we heard, by theme\n\nThe consultation on {markdown_text(heard.consultation)} closed on "
        f"{long_date(heard.closed)}. Here is what we heard{counted}, and what it changed."
    ]
    for theme in heard.themes:
        out.append(
            f"### {markdown_text(theme.theme)}\n\n**What we heard.** {theme.heard}\n\n"
            f"**What we changed.** {theme.changed}"
        )
    return "\n\n".join(out) + "\n"
