"""A static server that behaves like a real host (hooks/dpup/local.py, HostHandler): gzip for text,
ETags, and cache headers. Used by bench/lighthouse. Run on its own:
`.venv/bin/python bench/serve.py SITE_DIR [PORT]`.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from common import local

if __name__ == "__main__":
    with local.serving(Path(sys.argv[1]), local.HostHandler, int(sys.argv[2]) if len(sys.argv) > 2 else 8000) as url:
        print(url, flush=True)
        threading.Event().wait()
