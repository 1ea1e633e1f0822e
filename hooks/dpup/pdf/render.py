"""Render print HTML to PDF with WeasyPrint: in parallel, and only when its hash is new.

The cache key (dpup/cache.py) is a hash of everything that decides the output: the print
HTML, the stylesheet, the images it shows, WeasyPrint's version, our options and this code.
A hit is a file copy, so a rebuild with no content change costs almost nothing.

WeasyPrint reads only the built site: its URL fetcher (site_fetcher) refuses any address but a
`data:` URL or a file whose real path is inside the site folder, and the refusal stops the
render. Page HTML is contributed, and a link, image or stylesheet address could otherwise put
any file of the build machine into a PDF (`<a rel="attachment" href="/etc/passwd">`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ..cache import Cache, key
from ..content.errors import ContentError

if TYPE_CHECKING:  # WeasyPrint has no types (pyproject.toml): the name says what the value is
    from weasyprint.urls import URLFetcher

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
    site = os.path.realpath(site_dir)
    for image in job.images:
        file = _inside(os.path.join(site, image), site)  # never a file elsewhere, even to hash it
        h.update(Path(file).read_bytes() if file else b"missing")
    return h.hexdigest()


def render_all(jobs: list[Job], css: str, site_dir: Path, cache: Cache, workers: int | None = None) -> list[Result]:
    """Write every job's PDF into the site, rendering only what the cache does not hold.

    With the cache off (DPUP_CACHE=0), every edition is rendered into a scratch folder.
    """
    with tempfile.TemporaryDirectory(prefix="dpup-pdf-") as scratch:
        return _render_all(jobs, css, site_dir, cache, Path(scratch), workers)


def _render_all(
    jobs: list[Job], css: str, site_dir: Path, cache: Cache, scratch: Path, workers: int | None
) -> list[Result]:
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
        args = [(job.path, job.html, css, str(site_dir), str(entry(job, ".pdf"))) for job in todo]
        pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
        try:
            results = pool.map(_render, *zip(*args)) if pool else map(_render, *zip(*args))
            for job, (pages, seconds, messages) in zip(todo, results):  # a refused address raises here
                for message in messages:
                    logging.getLogger("mkdocs.hooks.pdf").warning("%s: WeasyPrint: %s", job.path, message)
                meta = json.dumps({"pages": pages}).encode("utf-8")
                if cache.folder:
                    cache.write(entry(job, ".json"), meta)
                else:
                    entry(job, ".json").write_bytes(meta)
                rendered[job.path] = (pages, seconds)
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)  # after a refusal, render no more

    out = []
    for job in jobs:
        target = site_dir / job.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(entry(job, ".pdf"), target)
        for suffix in (".json", ".pdf"):
            os.utime(entry(job, suffix))  # in use: keep both from being pruned
        if job.path in rendered:
            pages, seconds = rendered[job.path]
            out.append(Result(job.path, pages, seconds))
        else:  # from the cache
            out.append(Result(job.path, json.loads(entry(job, ".json").read_text())["pages"], None))
    cache.prune()
    return out


class _Collect(logging.Handler):
    """WeasyPrint's warnings and errors (a missing alt text, a CSS rule it ignores)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def site_fetcher(site_dir: Path) -> URLFetcher:
    """A WeasyPrint URL fetcher that reads `data:` URLs and the files of the built site, nothing else.

    Anything else raises WeasyPrint's FatalURLFetchingError, which stops the render: WeasyPrint
    catches every other exception and goes on without the resource (a PDF with a hole in it).
    """
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    site = os.path.realpath(site_dir)

    class SiteFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no types: URLFetcher is Any
        def __init__(self, **options: object) -> None:
            super().__init__(**options)
            self.refused: list[str] = []  # WeasyPrint swallows even a fatal error while it draws an SVG

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            path = _site_file(url, site) if scheme == "file" else None
            if path is None:
                self.refused.append(url)
                raise FatalURLFetchingError(_refusal(url))
            with open(path, "rb") as f:  # the checked real path: no link is followed after the check
                body = f.read()
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": kind})

    return SiteFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


def _refusal(url: str) -> str:
    return (
        f"the PDF would read '{url}', which is not a file of the built site; a PDF may show only the "
        "site's own files. Check the page's links and images (a raw HTML address starting with '/' or "
        "'file:' is read from the build machine)."
    )


def _site_file(url: str, site: str) -> str | None:
    """The real path of a file: URL's file, if it is a plain file inside `site` (links resolved)."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return None
    return _inside(url2pathname(parts.path), site)  # unquoted: %2e%2e is .. here too


def _inside(path: str, site: str) -> str | None:
    """The real path of `path` (links and .. resolved) if it is a plain file inside `site`."""
    real = os.path.realpath(path)
    return real if os.path.commonpath([real, site]) == site and os.path.isfile(real) else None


def _render(name: str, html: str, css: str, site_dir: str, out: str) -> tuple[int, float, list[str]]:
    """In a worker process: render one edition (`name`, its path in the site) into the cache.
    Returns (pages, seconds, messages); a refused address stops it with a ContentError."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    from . import speed
    from . import tags as pdf_tags

    pdf_tags.install()
    speed.install()
    start = time.perf_counter()
    logger = logging.getLogger("weasyprint")
    logger.propagate = False
    collect = _Collect()
    logger.handlers = [collect]
    # Only the built site: a build never fetches anything from the network or the rest of the disk.
    fetcher = site_fetcher(Path(site_dir))
    base = Path(site_dir).as_uri() + "/"
    partial = f"{out}.{os.getpid()}.part"  # builds may share a cache
    try:
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render(
            stylesheets=[weasyprint.CSS(string=css, base_url=base, url_fetcher=fetcher)], **OPTIONS
        )
        document.write_pdf(partial, **OPTIONS)  # attachments are fetched here
        if fetcher.refused:
            raise FatalURLFetchingError(_refusal(fetcher.refused[0]))
    except FatalURLFetchingError as error:
        if os.path.exists(partial):
            os.remove(partial)
        raise ContentError(f"{name}: {_reason(error)}") from None
    os.replace(partial, out)  # a crash mid-write never leaves a broken cache entry
    return len(document.pages), time.perf_counter() - start, collect.messages


def _reason(error: BaseException) -> str:
    """The fetcher's own message, or WeasyPrint's with the error under it (a missing image)."""
    cause = error.__cause__
    return f"{error} ({cause})" if cause else str(error)
