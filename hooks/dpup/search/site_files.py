"""The search files in the built site, made from the store Material's search plugin wrote.

The page fetches only Material's config (the store without its documents); our worker fetches
the index with the store, as the page starts when it has ?q= (early.js), so there is no document
list for the page to parse and copy to the worker. The offline copy gets both as scripts too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..cache import Cache
from ..content.model import ContentModel
from . import assets, documents
from .index import build_index, cache_inputs, compact

STORE = "search/search_index.json"  # Material's, in the site
INDEX = "search/lunr_index"  # .json, and .js for the offline variant
LUNR = "assets/javascripts/search/lunr.js"


def write_all(
    site: Path,
    material: dict[str, Any],
    urls: dict[str, str],
    content: ContentModel,
    cache: Cache,
    offline: bool,
    lunr_source: Path,
) -> None:
    """Index Material's sections (`material`: its store; `urls`: page URL -> docs path), write the
    index with the store, and copy lunr.js (from `lunr_source`, the copy MkDocs ships)."""
    indexed, store = documents.documents(material["docs"], urls, content)
    shipped = cache.get_or_make(cache_inputs(indexed, content), lambda: build_index(indexed, content))
    page_file = compact({"config": material["config"], "docs": []})
    write(site / STORE, page_file)
    worker_file = compact({**shipped, "docs": store})
    write(site / f"{INDEX}.json", worker_file)
    if offline:
        # file:// pages cannot fetch; the worker loads this as a script instead. Material's
        # offline plugin (which runs before hooks) copied the full store for the page: trim it.
        write(site / f"{INDEX}.js", f"var __dpupIndex = {worker_file}\n")
        write(site / "search" / "search_index.js", f"var __index = {page_file}")
    write(site / LUNR, assets.lunr_js(lunr_source))


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
