"""The preview's quick rebuild (bin/preview.py): after only the text of some pages changed,
check those pages again as a full build does, and say whether they are all it must build."""

from __future__ import annotations

from .errors import raise_problems
from .model import ContentModel, load_pages
from .safety import Macros


def only_bodies_changed(
    content: ContentModel, sources: list[tuple[str, str | bytes]], order: list[str], macros: Macros
) -> bool:
    """Load the changed pages (src_uri, file bytes) again, stopping at any problem. False if the
    front matter of any changed: it shows on other pages (titles in the nav, summaries, cards),
    so the preview builds the whole site."""
    before = {src_uri: content.pages[src_uri].meta for src_uri, _ in sources}
    raise_problems(load_pages(content, sources, order, macros))
    return all(content.pages[src_uri].meta == meta for src_uri, meta in before.items())
