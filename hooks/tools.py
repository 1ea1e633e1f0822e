"""Hook: keep the questions and outcomes of the digital tools out of a page's table of contents.

Each question of a guide or quiz is a heading, so it reads well without JavaScript
and in print, but a contents list of every question would bury the page's own sections.
"""

from __future__ import annotations

from dpup.tools_render import STEP_ID
from mkdocs.structure.pages import Page


def on_page_content(html: str, page: Page, **kwargs) -> str:
    """Drop tool step headings (ids like 'can-i-share--purpose') from the table of contents."""
    _prune(page.toc.items)
    return html


def _prune(items: list) -> None:
    items[:] = [item for item in items if not STEP_ID.match(item.id)]
    for item in items:
        _prune(item.children)
