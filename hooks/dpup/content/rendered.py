"""The trust boundary's checks of a page as MkDocs rendered it, before any other hook reads it:
its size (limits.py), the allow-list (sanitise.py), the raw-HTML links and images that MkDocs
does not check (links.py) and the titles of its table of contents (reparsed.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import limits, links, reparsed, sanitise, trace
from .errors import Problem, raise_problems
from .model import Page, mask_code

Cached = Callable[[Any, Callable[[], Any]], Any]  # a build cache's get_or_make (dpup/cache.py)


def checked_html(
    html: str,
    src_uri: str,
    url: str,
    toc_items: Sequence[reparsed.TocItem],
    written: Page | None,
    by_hand: bool,
    site_urls: Callable[[], set[str]],
    project: Path,
    cached: Cached,
) -> tuple[str, list[Problem]]:
    """The page's HTML cleaned against the allow-list, and what the checks found: each change the
    allow-list made, each raw link that leads to no page or file of `site_urls()`, each title in
    the table of contents that held markup (made plain in `toc_items`). HTML over its size limit
    stops the build at once.

    `written`: the page as the model read it (None for a generated page); `by_hand`: the page is
    a file of docs/, not one the build made."""
    raise_problems(limits.html_problems(html, src_uri))  # before anything reads it
    cleaned = sanitise.clean(html)
    # Comparing the two is the slow part: the cache remembers pages that needed no change.
    unchanged = cached((html, cleaned), lambda: not sanitise.changes(html, cleaned))
    changes = [] if unchanged else sanitise.changes(html, cleaned)
    problems: list[Problem] = []
    if changes:
        sources = trace.source_files(project, src_uri, by_hand)
        problems += sanitise.problems(changes, f"docs/{src_uri}", project, sources)
    if written:  # raw-HTML links and images, which MkDocs does not check
        problems += links.problems(f"docs/{src_uri}", written.body_line, mask_code(written.body), url, site_urls())
    problems += reparsed.toc_problems(toc_items, src_uri, by_hand, project)
    return cleaned, problems
