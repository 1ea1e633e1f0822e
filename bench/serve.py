"""A static server that behaves like a real host: gzip for text, ETags, and cache headers.

Used by bench/bytes and bench/lighthouse. Pages are revalidated on every visit (no-cache, so a
change shows at once); everything else may be reused for 10 minutes, as GitHub Pages allows.
Run on its own: `.venv/bin/python bench/serve.py SITE_DIR [PORT]`.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import sys
import threading
from pathlib import Path

TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
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


def start(site: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `site` in a background thread: returns the server and its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


if __name__ == "__main__":
    httpd, url = start(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 8000)
    print(url, flush=True)
    threading.Event().wait()
