"""The last change to each page's HTML, as the theme wrote it: every te reo term marked with its
language (te_reo.py), glossed on its first use in the article, and Material's toggles made valid
HTML (material_markup.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..content.schema import Term
from .material_markup import valid_toggles

if TYPE_CHECKING:  # te_reo.py loads BeautifulSoup: the hook imports it on the first page
    from .te_reo import Marker

# The article holds everything a reader reads on the page: title, summary and content.
ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.DOTALL)


def finished(page_html: str, terms: list[Term], marker: Marker, cached: Callable[[Any, Callable[[], str]], str]) -> str:
    """The page with its te reo marked: in the article, glossing first uses (and cached, by the
    glossary and the article), and in the navigation, header and footer around it."""
    found = ARTICLE.search(page_html)
    if found is None:
        return valid_toggles(marker.mark_around(page_html))
    glossary = repr([t.model_dump() for t in terms])  # part of every cache key
    article = cached((glossary, found.group(2)), lambda: marker.mark(found.group(2)))
    return valid_toggles(
        marker.mark_around(page_html[: found.start()])
        + found.group(1)
        + article
        + found.group(3)
        + marker.mark_around(page_html[found.end() :])
    )
