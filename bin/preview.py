"""`bin/serve`: MkDocs' live preview, made to survive every mistake in the content.

`mkdocs serve` stops when its first build fails, and after a failed rebuild it leaves browsers
waiting until the next good one. Run through this module instead, a failed build keeps the
server up: the terminal shows the project's message (once), every page of the preview shows the
same message at the top until the build passes again, and then the browser reloads on its own.
The core (dpup/) is loaded afresh for a build after hooks/ or macros.py change, so a change to
the code shows without a restart.

Not a hook: bin/serve runs it with the same arguments as `mkdocs serve`.
"""

from __future__ import annotations

import html
import logging
import shutil
import sys
import tempfile
from pathlib import Path

import mkdocs.__main__
import mkdocs.utils
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

log = logging.getLogger("mkdocs.preview")
BANNER = "dpup-build-error"


class _Collect(logging.Handler):
    """The errors the build logs (MkDocs logs a build's error, then raises Abort)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def fresh_core(project: Path) -> None:
    """Forget every module loaded from the project's hooks/ and macros.py, so this build runs the
    code as it is now.

    MkDocs loads each hook once per process (an lru_cache on its loader); clearing it makes the
    next config load import the hooks again, and with them a fresh core.
    """
    config_options.Hooks._load_hook.cache_clear()
    hooks, macros = (project / "hooks").resolve(), (project / "macros.py").resolve()
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and (Path(file).resolve().is_relative_to(hooks) or Path(file).resolve() == macros):
            del sys.modules[name]


class LastGoodSite:
    """Instead of deleting the last build's files, MkDocs' clean step sets them aside (a rename),
    so a build that fails half-way can put them back: the preview keeps every page, with the
    error on top, rather than answering "404" for the pages it had not yet rebuilt."""

    def __init__(self):
        self.aside: Path | None = None

    def clean_directory(self, directory: str) -> None:
        site = Path(directory)
        self.discard()
        if site.is_dir() and any(site.iterdir()):
            self.aside = Path(tempfile.mkdtemp(prefix="dpup-last-good-", dir=site.parent))  # same disk: renames
            for entry in site.iterdir():
                entry.rename(self.aside / entry.name)

    def restore(self, directory: str) -> None:
        if self.aside is None:
            return
        site = Path(directory)
        for entry in site.iterdir():
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        for entry in self.aside.iterdir():
            entry.rename(site / entry.name)
        self.discard()

    def discard(self) -> None:
        if self.aside is not None:
            shutil.rmtree(self.aside, ignore_errors=True)
            self.aside = None


def forgiving(build, last_good: LastGoodSite):
    """MkDocs' build, which on failure marks the preview with the error instead of stopping."""

    def run(config: MkDocsConfig, **kwargs):
        # MkDocs drops a build message it has logged before (its DuplicateFilter lives as long as
        # the process); in a preview the same mistake made again must be shown again.
        for found in logging.getLogger("mkdocs.commands.build").filters:
            getattr(found, "msgs", set()).clear()
        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        try:
            build(config, **kwargs)
            last_good.discard()
            return
        except (Abort, Exception, SystemExit) as error:
            if not collect.messages:  # a crash, not a reported problem: show all of it
                log.exception("The build crashed.")
                collect.messages.append(f"{type(error).__name__}: {error}")
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)
        last_good.restore(config.site_dir)
        mark_failed(Path(config.site_dir), collect.messages)
        log.warning("The preview shows this error on every page until the build passes again.")

    return run


def mark_failed(site: Path, messages: list[str]) -> None:
    """Put the error at the top of every page of the preview (or make a page for it)."""
    box = (f'<aside id="{BANNER}" role="alert" style="position:relative;z-index:10;margin:0;padding:1rem 1.5rem;'
           'background:#fff3b0;color:#1a1a1a;border-bottom:0.2rem solid #8a4b00;font:1rem/1.5 system-ui,sans-serif">'
           "<strong>The preview is out of date: the last build failed.</strong> "
           "Fix this, save, and the page reloads by itself."
           f'<pre style="white-space:pre-wrap;margin:0.5rem 0 0">{html.escape(chr(10).join(messages))}</pre></aside>')
    pages = [p for p in site.rglob("*.html")] if site.is_dir() else []
    if not pages:
        site.mkdir(parents=True, exist_ok=True)
        for name in ("index.html", "404.html"):
            (site / name).write_text(f'<!doctype html><html lang="en-NZ"><head><meta charset="utf-8">'
                                     f"<title>Build failed</title></head><body>{box}</body></html>",
                                     encoding="utf-8")
        return
    for page in pages:
        text = page.read_text(encoding="utf-8")
        start = text.find(f'<aside id="{BANNER}"')
        if start >= 0:  # an earlier failure's box: replace it
            text = text[:start] + text[text.index("</aside>", start) + len("</aside>"):]
        at = text.find(">", text.find("<body")) + 1
        page.write_text(text[:at] + box + text[at:], encoding="utf-8")


def code_signature(project: Path) -> list[tuple[str, int, int]]:
    """Each Python file of the hooks and macros.py, with its size and time of change."""
    files = sorted([*(project / "hooks").rglob("*.py"), project / "macros.py"])
    return [(str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file()]


def fresh(load_config):
    """MkDocs' config loader, which first forgets the core, as the config loads the hooks. MkDocs
    tells plugins once per process that this is `serve`; the hooks just loaded are told again."""

    seen = {}

    def load(*args, **kwargs):
        code = code_signature(Path.cwd())
        if code != seen.get("code"):  # a page edit keeps the loaded code: the rebuild is faster
            fresh_core(Path.cwd())
            seen["code"] = code
        config = load_config(*args, **kwargs)
        for name, hook in config.plugins.items():
            if name.startswith("hooks/") and hasattr(hook, "on_startup"):
                hook.on_startup(command="serve", dirty=False)
        return config

    return load


def main() -> None:
    """`mkdocs serve` with the forgiving build."""
    last_good = LastGoodSite()
    mkdocs.utils.clean_directory = last_good.clean_directory
    mkdocs_serve.build = forgiving(mkdocs_serve.build, last_good)
    mkdocs_serve.load_config = fresh(mkdocs_serve.load_config)
    sys.argv = ["mkdocs", "serve", *sys.argv[1:]]
    mkdocs.__main__.cli()


if __name__ == "__main__":
    main()
