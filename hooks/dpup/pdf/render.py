"""Render print HTML to PDF with WeasyPrint: in parallel, and only when its hash is new.

The cache key (dpup/cache.py) is a hash of everything that decides the output: the print
HTML, the stylesheet, the images it shows, WeasyPrint's version, our options and this code.
A hit is a file copy, so a rebuild with no content change costs almost nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..cache import Cache, key

OPTIONS = {"pdf_variant": "pdf/ua-1", "optimize_images": True}


@dataclass(frozen=True)
class Job:
    path: str  # in the site
    html: str
    images: tuple[str, ...] = ()  # site-relative paths of images the HTML shows


@dataclass(frozen=True)
class Result:
    path: str
    pages: int
    seconds: float | None  # None: from the cache


def cache_key(job: Job, css: str, site_dir: Path) -> str:
    """A hash of everything that decides a PDF: WeasyPrint's version, our options, the CSS, the HTML, images."""
    import weasyprint

    h = hashlib.sha256()
    for part in (weasyprint.__version__, json.dumps(OPTIONS, sort_keys=True), css, job.html):
        h.update(part.encode("utf-8") + b"\0")
    for image in job.images:
        file = site_dir / image
        h.update(file.read_bytes() if file.is_file() else b"missing")
    return h.hexdigest()


def render_all(jobs: list[Job], css: str, site_dir: Path, cache: Cache,
               workers: int | None = None) -> list[Result]:
    """Write every job's PDF into the site, rendering only what the cache does not hold.

    With the cache off (DPUP_CACHE=0), every edition is rendered into a scratch folder.
    """
    with tempfile.TemporaryDirectory(prefix="dpup-pdf-") as scratch:
        return _render_all(jobs, css, site_dir, cache, Path(scratch), workers)


def _render_all(jobs, css, site_dir, cache: Cache, scratch: Path, workers) -> list[Result]:
    def entry(job: Job, suffix: str) -> Path:
        name = keys[job.path]
        return cache.path(name, suffix) if cache.folder else scratch / f"{name}{suffix}"

    keys = {job.path: key(cache.version, cache_key(job, css, site_dir)) for job in jobs}
    todo = [job for job in jobs if not entry(job, ".json").is_file()]
    # Longest first, so the whole-policy editions do not start last and hold up the build.
    todo.sort(key=lambda job: len(job.html), reverse=True)
    rendered: dict[str, tuple[int, float]] = {}
    if todo:
        entry(todo[0], ".pdf").parent.mkdir(parents=True, exist_ok=True)
        workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
        args = [(job.html, css, str(site_dir), str(entry(job, ".pdf"))) for job in todo]
        if workers == 1:
            results = map(_render, *zip(*args))
        else:
            pool = ProcessPoolExecutor(max_workers=workers)
            results = pool.map(_render, *zip(*args))
        for job, (pages, seconds, messages) in zip(todo, results):
            for message in messages:
                logging.getLogger("mkdocs.hooks.pdf").warning("%s: WeasyPrint: %s", job.path, message)
            meta = json.dumps({"pages": pages}).encode("utf-8")
            if cache.folder:
                cache.write(entry(job, ".json"), meta)
            else:
                entry(job, ".json").write_bytes(meta)
            rendered[job.path] = (pages, seconds)
        if workers > 1:
            pool.shutdown()

    out = []
    for job in jobs:
        target = site_dir / job.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(entry(job, ".pdf"), target)
        for suffix in (".json", ".pdf"):
            os.utime(entry(job, suffix))  # in use: keep both from being pruned
        pages, seconds = rendered.get(job.path, (None, None))
        if pages is None:
            pages = json.loads(entry(job, ".json").read_text())["pages"]
        out.append(Result(job.path, pages, seconds))
    cache.prune()
    return out


class _Collect(logging.Handler):
    """WeasyPrint's warnings and errors (a missing alt text, a CSS rule it ignores)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _render(html: str, css: str, site_dir: str, out: str) -> tuple[int, float, list[str]]:
    """In a worker process: render one edition into the cache. Returns (pages, seconds, messages)."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    from . import speed
    from . import tags as pdf_tags

    pdf_tags.install()
    speed.install()
    start = time.perf_counter()
    logger = logging.getLogger("weasyprint")
    logger.propagate = False
    collect = _Collect()
    logger.handlers = [collect]
    # Only local files: a build never fetches anything from the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    base = Path(site_dir).as_uri() + "/"
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(string=css, base_url=base, url_fetcher=fetcher)], **OPTIONS)
    partial = f"{out}.{os.getpid()}.part"  # builds may share a cache
    document.write_pdf(partial, **OPTIONS)
    os.replace(partial, out)  # a crash mid-write never leaves a broken cache entry
    return len(document.pages), time.perf_counter() - start, collect.messages
