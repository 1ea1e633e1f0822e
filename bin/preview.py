"""`bin/serve`: MkDocs' live preview, made to survive every mistake in the content.

`mkdocs serve` stops when its first build fails, and after a failed rebuild it leaves browsers
waiting until the next good one. Run through this module instead, a failed build keeps the
server up: the terminal shows the project's message (once), every page of the preview shows the
same message at the top until the build passes again, and then the browser reloads on its own.
The core (dpup/) is loaded afresh for a build after hooks/ or macros.py change, so a change to
the code shows without a restart. A change to the text of a page rebuilds only that page and the
generated pages that repeat it (`Preview.rebuild_pages`). mkdocs.yml is checked with a safe loader
before every load of the config (dpup/content/config_check.py): a file that fails the check is
never read by MkDocs, and its problems show like any failed build's.

Not a hook: bin/serve runs it with the same arguments as `mkdocs serve`.
"""

from __future__ import annotations

import functools
import html
import logging
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2
import mkdocs.__main__
import mkdocs.utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))  # the core, for the config check
from dpup.content import config_check  # noqa: E402

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


def mark_failed(site: Path, messages: list[str]) -> None:
    """Put the error at the top of every page of the preview (or make a page for it)."""
    box = (
        f'<aside id="{BANNER}" role="alert" style="position:relative;z-index:10;margin:0;padding:1rem 1.5rem;'
        'background:#fff3b0;color:#1a1a1a;border-bottom:0.2rem solid #8a4b00;font:1rem/1.5 system-ui,sans-serif">'
        "<strong>The preview is out of date: the last build failed.</strong> "
        "Fix this, save, and the page reloads by itself."
        f'<pre style="white-space:pre-wrap;margin:0.5rem 0 0">{html.escape(chr(10).join(messages))}</pre></aside>'
    )
    pages = [p for p in site.rglob("*.html")] if site.is_dir() else []
    if not pages:
        site.mkdir(parents=True, exist_ok=True)
        for name in ("index.html", "404.html"):
            (site / name).write_text(
                f'<!doctype html><html lang="en-NZ"><head><meta charset="utf-8">'
                f"<title>Build failed</title></head><body>{box}</body></html>",
                encoding="utf-8",
            )
        return
    for page in pages:
        text = without_error(page.read_text(encoding="utf-8"))  # an earlier failure's box: replace it
        at = text.find(">", text.find("<body")) + 1
        page.write_text(text[:at] + box + text[at:], encoding="utf-8")


def without_error(text: str) -> str:
    start = text.find(f'<aside id="{BANNER}"')
    return text if start < 0 else text[:start] + text[text.index("</aside>", start) + len("</aside>") :]


def unmark(site: Path) -> None:
    """Take the error off every page it is on (after a partial build has fixed it)."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if BANNER in text:
            page.write_text(without_error(text), encoding="utf-8")


def code_signature(project: Path) -> list[tuple[str, int, int]]:
    """Each Python file of the hooks and macros.py, with its size and time of change."""
    files = sorted([*(project / "hooks").rglob("*.py"), project / "macros.py"])
    return [(str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file()]


WATCHED = ("docs", "data", "hooks", "overrides", "macros.py", "mkdocs.yml")


def watched_files(project: Path) -> dict[Path, tuple[int, int]]:
    """Every file the preview watches, with its time of change and size."""
    out = {}
    for name in WATCHED:
        top = project / name
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                out[path] = (stat.st_mtime_ns, stat.st_size)
    return out


def text_changes(then: dict, now: dict, docs: Path) -> list[str] | None:
    """The docs paths of the pages that changed, if nothing else did: no other file changed, and
    none was added or removed. None otherwise."""
    if then.keys() != now.keys():
        return None
    changed = [path for path in now if now[path] != then[path]]
    if not changed or not all(path.suffix == ".md" and path.is_relative_to(docs) for path in changed):
        return None
    return sorted(path.relative_to(docs).as_posix() for path in changed)


@dataclass
class Kept:
    """What MkDocs made in the last good full build, kept to build a few of its pages again."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    doc_files: list[File]


class Preview:
    """The preview's builds. The first build, any build after a failure and any build after a
    change to something other than page text are full MkDocs builds. After a change to the text
    of pages alone, only those pages are built again, with the generated pages whose text it
    changed (each hook's `preview_change` function says which): well under a second.

    Site-wide outputs (search index, the plain-language report, PDFs) wait for the next full build.
    """

    def __init__(self, project: Path, load_config, build):
        self.project, self._load_config, self._build = project, load_config, build
        self.last_good = LastGoodSite()
        self.kept: Kept | None = None
        self.seen: dict = {}  # the watched files as the last build began
        self.code = None
        self.pending: list[str] | None = None  # the pages the next build may rebuild alone
        self.attempt: list[str] = []  # the pages a partial build set out to rebuild
        self.retry: list[str] = []  # those of a partial build that failed: the next one tries them again
        self.recording: dict = {}
        self.load_args: tuple = ((), {})
        self.last_config: MkDocsConfig | None = None  # the last config loaded, from a file that passed the check
        self.refused = ""  # why mkdocs.yml may not be loaded now: config_check's report, or ""

    def load_config(self, *args, **kwargs) -> MkDocsConfig:
        """MkDocs serve's config loader. After a change to page text alone it hands back the last
        build's config, to build those pages again; otherwise it loads the config afresh."""
        now = watched_files(self.project)
        self.pending = text_changes(self.seen, now, self.project / "docs") if self.kept else None
        self.seen = now
        if self.pending:
            files = self.kept.files
            written = [src for src in self.retry if files.get_file_from_path(src).generated_by is None]
            self.pending = sorted({*self.pending, *written})
        self.load_args = (args, kwargs)
        if self.pending:
            return self.kept.config
        return self.fresh_config()

    def fresh_config(self) -> MkDocsConfig:
        """Load the config (and with it the hooks). The core is forgotten first if its code changed.
        MkDocs tells plugins once per process that this is `serve`; hooks loaded again are told again.

        The config file is checked first. If it fails, MkDocs does not read it: at the start the
        preview stops with the problems; later it keeps serving, and the next build shows them on
        every page (the last good config stands in, for where the site is)."""
        self.kept = None
        args, kwargs = self.load_args
        problems = config_check.check(config_check.find_config(kwargs.get("config_file"), self.project))
        self.refused = config_check.report(problems) if problems else ""
        if self.refused:
            if self.last_config is None:
                raise Abort(self.refused)
            return self.last_config
        code = code_signature(self.project)
        if code != self.code:  # a page edit keeps the loaded code: the rebuild is faster
            fresh_core(self.project)
            self.code = code
        config = self._load_config(*args, **kwargs)
        for name, hook in config.plugins.items():
            if name.startswith("hooks/") and hasattr(hook, "on_startup"):
                hook.on_startup(command="serve", dirty=False)
        self.last_config = config
        return config

    def stop_if_refused(self) -> None:
        """Fail this build, as a build fails, if the config file failed its check."""
        if self.refused:
            log.error(self.refused)
            raise Abort("The configuration was not loaded.")

    def build(self, config: MkDocsConfig, **kwargs) -> None:
        """MkDocs' build, or a rebuild of the changed pages; on failure the preview shows the error."""
        # MkDocs drops a build message it has logged before (its DuplicateFilter lives as long as
        # the process); in a preview the same mistake made again must be shown again.
        for found in logging.getLogger("mkdocs.commands.build").filters:
            getattr(found, "msgs", set()).clear()
        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        try:
            self.stop_if_refused()
            if self.pending and self.rebuild_pages(self.pending):
                if self.retry:  # the last build failed: its error is on every page
                    unmark(Path(config.site_dir))
            else:
                if self.pending:  # the hooks asked for a full build: it needs a fresh config
                    config = self.fresh_config()
                    config.site_url = kwargs.get("serve_url") or config.site_url
                    self.stop_if_refused()
                self.recording = {}
                self._build(config, **kwargs)
                self.kept = Kept(**self.recording)
            self.retry = []
            self.last_good.discard()
            return
        except (Abort, Exception, SystemExit) as error:
            if self.pending and self.kept:  # a partial build: the next edit may fix it partially too
                self.retry = self.attempt
            else:
                self.kept, self.retry = None, []
            if not collect.messages:  # a crash, not a reported problem: show all of it
                log.exception("The build crashed.")
                collect.messages.append(f"{type(error).__name__}: {error}")
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)
        self.last_good.restore(config.site_dir)
        mark_failed(Path(config.site_dir), collect.messages)
        log.warning("The preview shows this error on every page until the build passes again.")

    def rebuild_pages(self, changed: list[str]) -> bool:
        """Build again the changed pages and the generated pages that repeat them, as MkDocs'
        build does each page; False if a hook asks for a full build instead."""
        kept = self.kept
        config, files = kept.config, kept.files
        start = time.monotonic()
        warnings = mkdocs.utils.CountHandler()
        warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            pages = self.attempt = changed
            for plugin in config.plugins.values():
                event = getattr(plugin, "preview_change", None)
                if event is not None and (pages := event(pages, files=files, config=config)) is None:
                    return False
            pages = self.attempt = list(dict.fromkeys([*pages, *self.retry]))
            rebuilt = [files.get_file_from_path(src_uri) for src_uri in pages]
            for file in rebuilt:
                mkdocs_build._populate_page(file.page, config, files)
            env = config.plugins.on_env(kept.env, config=config, files=files)
            for file in rebuilt:
                mkdocs_build._build_page(
                    file.page, config, kept.doc_files, kept.nav, env, excluded=file.inclusion.is_excluded()
                )
            for file in kept.doc_files:  # a removed heading may break another page's link
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        except BuildError as error:  # as MkDocs' build reports it
            config.plugins.on_build_error(error=error)
            log.error(str(error))
            raise Abort("Aborted with a BuildError!") from None
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        if config.strict and warnings.get_counts():
            counts = ", ".join(f"{n} {level.lower()}s" for level, n in warnings.get_counts())
            raise Abort(f"Aborted with {counts} in strict mode!")
        log.info("Rebuilt %s in %.2f seconds", ", ".join(pages), time.monotonic() - start)
        return True

    def record(self, populate_page, build_page):
        """MkDocs' page steps, which note the objects a full build made (for rebuild_pages)."""

        def populate(page, config, files, *args, **kwargs):
            self.recording["files"] = files
            return populate_page(page, config, files, *args, **kwargs)

        def build(page, config, doc_files, nav, env, *args, **kwargs):
            self.recording.update(config=config, doc_files=doc_files, nav=nav, env=env)
            return build_page(page, config, doc_files, nav, env, *args, **kwargs)

        return populate, build


def main() -> None:
    """`mkdocs serve` with the forgiving, partial builds."""
    preview = Preview(Path.cwd(), mkdocs_serve.load_config, mkdocs_serve.build)
    mkdocs.utils.clean_directory = preview.last_good.clean_directory
    mkdocs_build._populate_page, mkdocs_build._build_page = preview.record(
        mkdocs_build._populate_page, mkdocs_build._build_page
    )
    mkdocs_serve.build = preview.build
    mkdocs_serve.load_config = preview.load_config
    # MkDocs polls for changes every half second; a tenth keeps the wait for an edit short.
    mkdocs_serve.LiveReloadServer = functools.partial(LiveReloadServer, polling_interval=0.1)
    sys.argv = ["mkdocs", "serve", *sys.argv[1:]]
    mkdocs.__main__.cli()


if __name__ == "__main__":
    main()
