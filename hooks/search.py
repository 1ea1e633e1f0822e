"""Hook: a prebuilt lunr search index and our own search worker, in Material's search box.

Material's stock worker builds a lunr index in every reader's browser on every visit. We
build it once, here, after the build (dpup/search/), and our worker
(overrides/assets/javascripts/search/) loads it ready to use. overrides/main.html points Material's
search UI at our worker. DPUP_STOCK_SEARCH=1 switches all of this off and leaves Material's
search as it ships (bench/search compares the two); `mkdocs serve` does so too unless
DPUP_STOCK_SEARCH=0, so the preview need not rebuild the index after every edit.
"""

from __future__ import annotations

import json
from pathlib import Path

import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from adapter import for_templates, reported
from dpup import build
from dpup.content.errors import Problem, raise_problems
from dpup.search import site_files
from dpup.search.index import compact, escape_page_titles

WORKER = "assets/javascripts/search/worker.js"
FILE_WORKER = "assets/javascripts/search/file-worker.js"  # runs the worker where browsers refuse one: file://
# MkDocs ships lunr.js 2.3.9, the version the Python lunr package serializes for.
LUNR_SOURCE = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"


def on_config(config: MkDocsConfig) -> None:
    """Tell the templates which worker to name."""
    current = build.current()
    if current.run.stock_search:
        for_templates(config, dpup_search=None)
        return
    # Material's offline plugin adds a Worker shim from unpkg.com: a request to another host.
    # Our worker brings its own (file-worker.js), so drop it.
    for_templates(
        config,
        dpup_search={"worker": WORKER, "file_worker": FILE_WORKER if current.run.offline else None},
        polyfills=[p for p in config.extra.get("polyfills") or [] if "iframe-worker" not in p],
    )


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """Remember which docs page each URL is, to find its front matter after the build."""
    build.current().urls[page.url] = page.file.src_uri
    return context


@reported
def on_post_build(config: MkDocsConfig) -> None:
    """Index Material's sections, write the index with the store, and copy lunr.js (dpup/search/site_files.py)."""
    current = build.current()
    site = Path(config.site_dir)
    store_path = site / site_files.STORE
    if not store_path.is_file():
        raise_problems(
            [
                Problem(
                    "mkdocs.yml",
                    None,
                    "plugins",
                    "Material's search plugin wrote no search/search_index.json; keep `- search` in the plugins.",
                )
            ]
        )
    material = json.loads(store_path.read_text(encoding="utf-8"))
    if current.run.stock_search:
        site_files.write(store_path, compact(escape_page_titles(material)))
        return
    cache = current.cache(
        "search",
        "dpup.search.text",
        "dpup.search.pack",
        "dpup.search.synonyms",
        "dpup.search.documents",
        "dpup.search.index",
        "lunr",
    )
    site_files.write_all(site, material, current.urls, current.model, cache, current.run.offline, LUNR_SOURCE)
