"""Hook: a prebuilt lunr search index and our own search worker, in Material's search box.

Material's stock worker builds a lunr index in every reader's browser on every visit. We
build it once, here, after the build, and our worker (docs/assets/javascripts/search/)
loads it ready to use. overrides/main.html points Material's search UI at our worker.
DPUP_STOCK_SEARCH=1 switches all of this off and leaves Material's search as it ships
(bench/search compares the two).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dpup import cache, model, switches, search_assets, search_docs, search_pack, search_synonyms, search_text
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

WORKER = "assets/javascripts/search/worker.js"
FILE_WORKER = "assets/javascripts/search/file-worker.js"  # runs the worker where browsers refuse one: file://
LUNR = "assets/javascripts/search/lunr.js"
INDEX = "search/lunr_index"  # .json, and .js for the offline variant

_extra = search_synonyms.SearchFile()
_pages: dict[str, str] = {}  # page URL -> docs path, for this build
_cache = cache.Cache("search", "dpup.search_text", "dpup.search_pack", "dpup.search_synonyms",
                     "dpup.search_docs", "lunr")


def stock() -> bool:
    return os.environ.get("DPUP_STOCK_SEARCH", "") == "1"


def on_config(config: MkDocsConfig) -> None:
    """Check data/search.yml early, and tell the templates which worker to name."""
    global _extra
    _pages.clear()
    if stock():
        config.extra.pop("dpup_search", None)
        return
    _extra = search_synonyms.load(Path(config.config_file_path).parent / "data")
    config.extra["dpup_search"] = {"worker": WORKER, "file_worker": FILE_WORKER if switches.offline(config) else None}
    # Material's offline plugin adds a Worker shim from unpkg.com: a request to another host.
    # Our worker brings its own (file-worker.js), so drop it.
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [p for p in polyfills if "iframe-worker" not in p]


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """Remember which docs page each URL is, to find its front matter after the build."""
    _pages[page.url] = page.file.src_uri
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """Index Material's sections, write the index and the store, and copy lunr.js."""
    if stock():
        return
    site = Path(config.site_dir)
    store_path = site / "search" / "search_index.json"
    if not store_path.is_file():
        return
    material = json.loads(store_path.read_text(encoding="utf-8"))
    content = model.current()
    indexed, store = search_docs.documents(material["docs"], _pages, content)

    glossary = list(content.data.glossary.values())
    inputs = (compact(indexed), repr([t.model_dump() for t in glossary]), repr(_extra))
    shipped = _cache.get_or_make(inputs, lambda: build_index(indexed, glossary, len(store)))

    write(store_path, compact({"config": material["config"], "docs": store}))
    write(site / f"{INDEX}.json", compact(shipped))
    if switches.offline(config):
        # file:// pages cannot fetch; the worker loads this as a script instead.
        write(site / f"{INDEX}.js", f"var __dpupIndex = {compact(shipped)}\n")
    write(site / LUNR, search_assets.lunr_js())


def build_index(indexed: list, glossary: list, count: int) -> dict:
    """The lunr index (packed) and the synonym map the worker needs: the slow part, cached."""
    builder = search_text.new_builder()
    builder.ref("ref")
    builder.b(search_docs.B)
    for name, boost in search_docs.FIELDS:
        builder.field(name, boost=boost)
    for doc, attributes in indexed:
        builder.add(doc, attributes)
    index = builder.build()
    synonyms = search_synonyms.synonym_map(index, glossary, _extra)
    return {"index": search_pack.pack(index.serialize()), "synonyms": synonyms, "count": count}


def compact(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
