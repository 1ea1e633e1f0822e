"""Running the project on this machine: a build in a subprocess, and a local web server.

Shared by the offline hook (its nested build), the tests and the bench scripts, so every one
of them builds and serves the site the same way.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from . import run
from .content import config_check

# What a copy of the project needs to build: its sources, not its build output or caches.
PROJECT_PARTS = ["docs", "data", "hooks", "overrides", "macros.py", "mkdocs.yml"]


def copy_project(source: Path, dest: Path) -> Path:
    """A copy of the project's sources in `dest`, to build or break without touching the original.

    Links are copied as links, never followed: the copy's build must see what the original holds
    (and refuse it). The build cache is outside both (dpup/run.py), so the copy reuses its entries.
    """
    import shutil

    for part in PROJECT_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part, follow_symlinks=False)
    return dest


def build(
    project: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    quiet: bool = False,
    downloads: bool | None = False,
    offline: bool = False,
    env: dict[str, str] | None = None,
    config_file: Path | None = None,
    timeout: int = 900,
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of `project` into `site_dir`, in a fresh Python process; the finished process.

    `downloads`: make the PDFs and the offline zip (None: as the environment says). The config
    file is checked first (content/config_check.py): if MkDocs may not read it, MkDocs is not
    started, and the process returned has failed with the problems in its stderr.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(site_dir)]
    command += ["--strict"] if strict else []
    command += ["--quiet"] if quiet else []
    command += ["-f", str(config_file)] if config_file else []
    problems = config_check.check(config_check.find_config(config_file, project))
    if problems:
        return subprocess.CompletedProcess(command, 1, "", config_check.report(problems) + "\n")
    environment = {**os.environ, **run.environment(downloads=downloads, offline=offline), **(env or {})}
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment, timeout=timeout)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as they are, without logging each request."""

    def log_message(self, *args: object) -> None:
        pass


TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class HostHandler(QuietHandler):
    """Behaves like a real host: gzip for text, ETags, and GitHub Pages' cache headers. Pages are
    revalidated on every visit; everything else may be reused for 10 minutes."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the redirect to "dir/"
            path = path / "index.html"
        if not path.is_file():
            return self.send_error(404)
        body = path.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            return self.end_headers()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "no-cache" if path.suffix == ".html" else "max-age=600")
        if path.suffix in TEXT and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serving(directory: Path, handler: type[QuietHandler] = QuietHandler, port: int = 0) -> Iterator[str]:
    """Serve a built site on a local port (a free one by default): yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
