"""Hook: mark te reo Māori glossary terms in each page's article with lang="mi"."""

from __future__ import annotations

import re

from dpup import cache, model, te_reo
from dpup.te_reo import Marker
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# The article holds everything a reader reads on the page: title, summary and content.
ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.DOTALL)
_marker: Marker | None = None
_glossary = ""  # the terms, as text: part of every cache key
_cache = cache.Cache("te-reo", te_reo)


def on_files(files, config: MkDocsConfig):
    """Build the term pattern once per build, from data/glossary.yml."""
    global _marker, _glossary
    terms = list(model.current().data.glossary.values())
    _marker = Marker(terms)
    _glossary = repr([t.model_dump() for t in terms])
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Wrap every te reo term in the article; gloss its first use."""
    def mark(m: re.Match) -> str:
        marked = _cache.get_or_make((_glossary, m.group(2)), lambda: _marker.mark(m.group(2)))
        return m.group(1) + marked + m.group(3)

    return ARTICLE.sub(mark, output, count=1)
