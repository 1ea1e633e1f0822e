"""Hook: the PDF editions, the Word and PowerPoint files, and the downloads page (dpup/pdf/,
dpup/office/). Runs last, after every other hook's on_post_build.

After the build it makes every PDF from the built pages, with WeasyPrint in parallel and the
build cache (dpup/pdf/make.py), writes the files to edit from the content model
(dpup/office/documents.py), and fills the downloads table with every registered file
(dpup/pdf/downloads.py). `mkdocs serve` skips all of it unless DPUP_PDF=1 (dpup/run.py), except
the builder's blank Word file, which every build writes (dpup/office/browser.py).
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from adapter import reported
from dpup import build, run
from dpup.office import browser
from dpup.office import documents as office
from dpup.pages.te_reo import Marker
from dpup.pdf import downloads, make
from dpup.pdf.editions import DOWNLOADS_PAGE, WHOLE, pdf_path
from dpup.pdf.print_html import Context, Source
from dpup.text import long_date

log = logging.getLogger("mkdocs.hooks.pdf")
STYLESHEET = "assets/stylesheets/print.css"  # in the theme's custom_dir, overrides/: code, not content


def on_nav(nav: Navigation, config: MkDocsConfig, files) -> Navigation:
    """Keep the nav: the editions follow its order and sections."""
    build.current().nav = nav
    return nav


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """The page's "Download PDF" link, only when this run makes PDFs (partials/page-pdf.html) and
    the page is in the nav, as every edition is."""
    in_nav = any(p.file.src_uri == page.file.src_uri for p in nav.pages)
    target = pdf_path(page.file.src_uri) if build.current().run.downloads and in_nav else None
    if target:
        context["dpup"] = replace(context["dpup"], pdf=get_relative_url(target, page.url))
    return context


@reported
def on_post_build(config: MkDocsConfig) -> None:
    """Render the editions and list every download on the downloads page."""
    current = build.current()
    site = Path(config.site_dir)
    listing = _downloads_page(current.nav)
    ctx = context(config)
    browser.write(site, ctx, current.run.date)  # the builder's blank Word file, in every build
    if not current.run.downloads:
        if listing:
            published = (config.site_url or "/").rstrip("/") + "/downloads/"  # the published site uses directory URLs
            downloads.fill_page(site / listing.file.dest_uri, downloads.not_made_html(published))
        log.info("pdf: skipped (set DPUP_PDF=1 to make PDFs with mkdocs serve)")
        return

    start = time.perf_counter()
    css = (Path(config.theme.custom_dir) / STYLESHEET).read_text(encoding="utf-8")
    pdfs, results = make.make_all(
        current.model,
        sources_in_nav(current.nav, site),
        ctx,
        css,
        site,
        current.cache("pdf", "dpup.pdf.render", "dpup.pdf.tags"),
        current.cache("diagrams", "dpup.pages.diagram").get_or_make,
        current.run.date,
    )
    for r in results:
        if r.seconds is not None:
            log.info(f"pdf: rendered {r.path} ({r.pages} pages) in {r.seconds:.2f} s")
    fresh = sum(r.seconds is not None for r in results)
    log.info(
        f"pdf: {len(results)} editions, {fresh} rendered, {len(results) - fresh} from the cache, "
        f"in {time.perf_counter() - start:.2f} s"
    )

    made = office.write_all(current.model, ctx, current.run.date, site)
    log.info(f"office: {len(made)} Word and PowerPoint files")
    if listing:
        table = downloads.table_html(site, listing.url, downloads.in_order(pdfs, made + current.downloads))
        # The table names audiences and pages in te reo too: mark them as hooks/pages.py does.
        table = Marker(list(current.model.data.glossary.values())).mark(table)
        # Every version but the newest, kept at v/<version>/ of the published site by bin/archive.
        # A copy without downloads lists none: it points to the published downloads page instead.
        kept_at = (current.current_url or "/").rstrip("/") + f"/{run.ARCHIVE_FOLDER}/"
        earlier = downloads.earlier_versions_html(current.model.data.versions[1:], kept_at, WHOLE)
        downloads.fill_page(site / listing.file.dest_uri, table + earlier)


def _downloads_page(nav: Navigation | None) -> Page | None:
    return next((p for p in (nav.pages if nav else []) if p.file.src_uri == DOWNLOADS_PAGE), None)


def sources_in_nav(nav: Navigation, site: Path) -> list[Source]:
    """Every page of the nav in reading order, with its top-level nav section."""
    out: list[Source] = []

    def walk(items, section):
        for item in items:
            if isinstance(item, Section):
                walk(item.children, section or item.title)
            elif isinstance(item, Page):
                out.append(Source(item.file.src_uri, item.title, item.url, site / item.file.dest_uri, section))

    walk(nav.items, None)
    return out


def context(config: MkDocsConfig) -> Context:
    current = build.current()
    publisher, newest = current.model.publisher, current.model.data.versions[0]
    return Context(
        site_name=config.site_name,
        site_url=(config.site_url or "").rstrip("/") + "/",
        author=config.site_author or config.site_name,
        licence=" ".join((config.copyright or "").split()),
        version=str(newest.version),
        version_date=long_date(newest.date),
        build_date=long_date(current.run.date),
        status=publisher.status,
        publisher=publisher.name,
        official_name=publisher.official_name,
        official_url=str(publisher.official_url),
    )
