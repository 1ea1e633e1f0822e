"""Hook: mark te reo Māori glossary terms in each page's article with lang="mi"."""

from __future__ import annotations

import re

from dpup import cache, model
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# The article holds everything a reader reads on the page: title, summary and content.
ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.DOTALL)
_terms: list = []
_marker = None  # made on the first page the cache has not seen: it loads BeautifulSoup
_glossary = ""  # the terms, as text: part of every cache key
_cache = cache.Cache("te-reo", "dpup.te_reo")


def on_files(files, config: MkDocsConfig):
    """Read the terms once per build, from data/glossary.yml."""
    global _marker, _terms, _glossary
    _terms = list(model.current().data.glossary.values())
    _marker = None
    _glossary = repr([t.model_dump() for t in _terms])
    return files


def marked(html: str) -> str:
    global _marker
    if _marker is None:
        from dpup.te_reo import Marker

        _marker = Marker(_terms)
    return _marker.mark(html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Wrap every te reo term in the article; gloss its first use."""
    def mark(m: re.Match) -> str:
        article = _cache.get_or_make((_glossary, m.group(2)), lambda: marked(m.group(2)))
        return m.group(1) + article + m.group(3)

    return ARTICLE.sub(mark, output, count=1)
