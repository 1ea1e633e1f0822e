"""Hook: what changed and what is out for consultation, from dpup/history/.

- on_files: the Atom feeds of the change entries, and a compare page for each page this
  version changed, against the last version bin/archive kept (read from git, never rebuilt);
- on_page_markdown: each page's "What changed" list (and a "What we heard" page's themes), after
  mkdocs-macros has run: an entry is contributor text, never a template. Being Markdown, it
  reaches search, the table of contents and the PDFs. A compare page gets its comparison here;
- on_page_content: each page's text, block by block, kept for history/texts.json;
- on_page_context: the consultation banner's state on the build date, and its feedback link.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from adapter import for_templates, reported
from dpup import build
from dpup.content.errors import raise_problems
from dpup.history import changes, compare, consultation, feeds
from dpup.pages import fragments


@reported
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the Atom feeds of the change entries (the whole policy's and each section's) and the
    compare pages."""
    model = build.current().model
    urls = {f.src_uri: f.url for f in files.documentation_pages()}
    listed = feeds.feeds_of(model, config.site_name)
    for feed in listed:
        files.append(File.generated(config, feed.path, content=feeds.atom(model, config.site_url or "", urls, feed)))
    for_templates(config, dpup_feeds=listed)  # for the <link rel="alternate"> in overrides/main.html
    add_compare_pages(files, config)
    return files


def add_compare_pages(files: Files, config: MkDocsConfig) -> None:
    """A compare page for each page this version changed (dpup/history/compare.py)."""
    current = build.current()
    made, compared, problems = compare.load_compare_pages(current.model, current.run.project)
    for path, markdown in made.items():
        files.append(File.generated(config, path, content=markdown))
    current.compared.update(compared)
    raise_problems(problems)


@event_priority(-100)  # after mkdocs-macros renders the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    current = build.current()
    if page.file.src_uri in current.compared:
        source, _, earlier = current.compared[page.file.src_uri]
        # MkDocs reads the pages in the order of its files, and generated ones come last: the
        # page this one compares has been read by now. If that ever changes, say so.
        if source not in current.texts:
            raise RuntimeError(f"{page.file.src_uri}: read before {source}, whose text it compares")
        return markdown + compare.comparison(earlier, current.texts[source])
    written = current.model.pages.get(page.file.src_uri)
    if not written:
        return markdown
    path = compare.compare_path(page.file.src_uri)
    compare_link = None
    if path in current.compared:  # (a link to its compare page, the version it compares with)
        compare_link = (fragments.link(page.file.src_uri, path), current.compared[path][1])
    return markdown + changes.what_we_heard(written.meta) + changes.what_changed(written.meta, compare_link)


@event_priority(-100)  # after hooks/safe_html.py has cleaned the page's HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep each written page's text for texts.json and the compare pages."""
    if page.file.src_uri in build.current().model.pages:
        build.current().texts[page.file.src_uri] = compare.blocks(html)
    return html


def on_post_build(config: MkDocsConfig) -> None:
    """Write every page's text, so a later version can compare with this one (not in the offline
    copy, which no later build reads)."""
    if build.current().run.offline:
        return
    target = Path(config.site_dir) / compare.TEXTS
    target.parent.mkdir(parents=True, exist_ok=True)
    texts = dict(sorted(build.current().texts.items()))
    target.write_text(json.dumps(texts, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@event_priority(-100)  # after hooks/content.py makes the context
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """The consultation that covers the page, as it stands on the build date."""
    current = build.current()
    page_model = current.model.any_page(page.file.src_uri)
    newest = current.model.data.versions[0]
    status = consultation.status(
        page.file.src_uri,
        page_model.meta if page_model else None,
        current.model.consultations,
        current.run.date,
        link={
            "repo_url": config.repo_url,
            "page": page.title or "",
            "page_url": page.canonical_url or page.url,
            "section": page.parent.title if page.parent else "Home",
            "version": newest.version,
        },
    )
    if status:
        context["dpup"] = replace(context["dpup"], consultation=status)
    return context
