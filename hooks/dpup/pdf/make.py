"""Every PDF of a build, from its built pages in nav order: the editions (editions.py) in print
HTML (print_html.py), each cover saying which of its pages are drafts out for consultation,
and each decision guide's poster (posters.py), all rendered with the build cache (render.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from ..cache import Cache
from ..content.model import ContentModel
from ..content.schema import FrontMatter
from ..download import Download
from ..history import consultation
from ..pages.diagram import Cached
from . import posters
from .editions import DOWNLOADS_PAGE, plan
from .print_html import Context, Edition, Source, cut, document, prepare, read_article, sections
from .render import Job, Result, render_all


def make_all(
    model: ContentModel,
    sources: list[Source],
    ctx: Context,
    css: str,
    site: Path,
    cache: Cache,
    diagrams: Cached,
    today: dt.date,
) -> tuple[list[Download], list[Result]]:
    """Write every PDF into the built site; their rows on the downloads page (editions, then
    posters) and how each was rendered."""
    summaries = {s.src_uri: page.meta.summary for s in sources if (page := model.any_page(s.src_uri))}
    prepared = {s.url: prepare(s, read_article(s.file)) for s in sources if s.src_uri != DOWNLOADS_PAGE}
    # Name each page as its own heading does (the nav may shorten it, e.g. "Home").
    sources = [replace(s, title=prepared[s.url].title) if s.url in prepared else s for s in sources]
    texts = model.data.pages
    parts = {
        s.src_uri: sections(prepared[s.url])
        for s in sources
        for x in texts.editions
        if s.src_uri in x.pages and (x.section or x.leave_out)
    }
    editions = [
        replace(e, draft=draft_status(model, e, today))
        for e in plan(sources, summaries, ctx.site_name, texts.downloads, texts.editions, parts)
    ]
    jobs = []
    for e in editions:
        pages = [cut(prepared[s.url], e.section, e.leave_out) for s in e.pages]
        images = tuple(sorted({i for p in pages for i in p.images}))
        jobs.append(Job(e.path, document(e, pages, ctx), images))
    # Each decision guide's diagram on a sheet of its own (posters.py).
    drawn = posters.posters(model, ctx, diagrams)
    jobs += [Job(p.path, p.html) for p in drawn]
    results = {r.path: r for r in render_all(jobs, css, site, cache)}
    listed = [Download(e.path, e.heading or e.title, e.description, e.group, results[e.path].pages) for e in editions]
    listed += [
        Download(
            p.path, p.title, f"{texts.downloads.poster} Print it on {p.sheet}.", posters.GROUP, results[p.path].pages
        )
        for p in drawn
    ]
    return listed, list(results.values())


def draft_status(model: ContentModel, edition: Edition, today: dt.date) -> str:
    """What the edition's cover says of the drafts out for consultation among its pages."""
    statuses = [
        status
        for source in edition.pages
        if (status := consultation.status(source.src_uri, _meta(model, source.src_uri), model.consultations, today))
    ]
    return consultation.print_status(statuses)


def _meta(model: ContentModel, src_uri: str) -> FrontMatter | None:
    page = model.any_page(src_uri)
    return page.meta if page else None
