"""Hook: mark te reo Māori glossary terms in each page's article with lang="mi"."""

from __future__ import annotations

import re

from dpup import model
from dpup.te_reo import Marker
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# The article holds everything a reader reads on the page: title, summary and content.
ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.DOTALL)
_marker: Marker | None = None


def on_files(files, config: MkDocsConfig):
    """Build the term pattern once per build, from data/glossary.yml."""
    global _marker
    _marker = Marker(list(model.current().data.glossary.values()))
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Wrap every te reo term in the article; gloss its first use."""
    return ARTICLE.sub(lambda m: m.group(1) + _marker.mark(m.group(2)) + m.group(3), output, count=1)
