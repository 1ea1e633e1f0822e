"""Shared fixtures: the site is built once per test session, and every test reads that output.

Tests that need a broken project copy the project to a temp folder, inject the
fault and build the copy (see `build_copy`); those that need a page, a tool or a data file of
each kind rather than the whole policy break the small fixture project, built in this process
in seconds (see `build_fixture`, tests/engine.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in CI
    "--disable-gpu",
    "--disable-background-networking",  # no calls home: the network is closed anyway
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

sys.path[:0] = [str(ROOT / "hooks"), str(ROOT)]  # the core (dpup) and macros.py

from dpup import local  # noqa: E402


def mkdocs_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """Run a strict build of `project` into `site_dir` and return the finished process.

    The downloads follow DPUP_PDF, as the environment or `env` sets it."""
    return local.build(project, site_dir, downloads=None, env=env)


def macros_py() -> dict:
    """The functions macros.py hands mkdocs-macros, by the name pages call them by."""
    import macros

    functions = {}

    class Env:
        def macro(self, function, name=None):
            functions[name or function.__name__] = function
            return function

    macros.define_env(Env())
    return functions


def policy_macros() -> dict:
    """The macros pages may call, as the build finds them: hooks/content.py reads from each function
    macros.py hands mkdocs-macros what its parameters take."""
    from types import SimpleNamespace

    import content  # hooks/content.py

    return content.policy_macros(SimpleNamespace(plugins={"macros": SimpleNamespace(macros=macros_py())}))


def copy_project(dest: Path) -> Path:
    """A copy of the project's sources (not its build output) to break on purpose. The build cache
    lives outside both (dpup/run.py), so its build reuses what the session build made."""
    return local.copy_project(ROOT, dest)


def replace_once(path: Path, old: str, new: str) -> None:
    """Change the first `old` in a file of a copied project to `new`; fail if the text is not there,
    so an edit that no longer applies is never a silent no-op."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree_digest(*folders: Path) -> dict[str, str]:
    """A hash of every file under the folders, by path, to prove a build changed nothing."""
    return {
        str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def sources_before_build(site, request) -> dict[str, str]:
    """docs/ and data/ as they were just before the session build (the digest it wrote)."""
    return json.loads((_shared_folder(request.config) / "sources-before.json").read_text(encoding="utf-8"))


def _shared_folder(config) -> Path:
    """The folder the xdist workers and their controller share (the controller's base temp)."""
    base = config._tmp_path_factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") else base


def _build_site_once(shared: Path) -> tuple[Path, Path]:
    """Build the whole site into `shared`/site unless a process sharing the folder already has."""
    from filelock import FileLock

    site_dir, log = shared / "site", shared / "site-build.log"
    with FileLock(str(shared / "site.lock")):
        if not log.exists():
            before = tree_digest(ROOT / "docs", ROOT / "data")
            (shared / "sources-before.json").write_text(json.dumps(before), encoding="utf-8")
            result = mkdocs_build(ROOT, site_dir)
            log.write_text(f"{result.returncode}\n{result.stdout}\n{result.stderr}", encoding="utf-8")
    return site_dir, log


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "heavy: a test of half a minute or more; runs first, so the workers finish together (tests/conftest.py)",
    )
    # The two tiers (issue 33), marked by what each test reads (pytest_collection_modifyitems):
    config.addinivalue_line(
        "markers",
        "engine: reads no build of the real policy: the code, the data, or the "
        "small fixture project built in-process (tests/engine.py); `-m engine`",
    )
    config.addinivalue_line(
        "markers",
        "site: reads the one real build of the whole policy (the `site` fixture), in files or in Chromium; `-m site`",
    )


def whole_suite(config) -> bool:
    """Every test of tests/ is to run: no path, marker or keyword chooses some."""
    chosen = getattr(config.option, "markexpr", "") or getattr(config.option, "keyword", "")
    return not chosen and all(Path(a).resolve() in (ROOT, ROOT / "tests") for a in config.args)


SITE_BUILD = pytest.StashKey["threading.Thread"]()


def pytest_sessionstart(session):
    """Under pytest-xdist, for the whole suite, the controller starts the one build of the site as
    the workers start. They run the engine tier first (it needs no site), and the first site test
    waits for the build's lock. Built before the workers started, the build's single-threaded part
    left a core idle for a minute. A run of chosen tests builds only if one of them needs the site."""
    config = session.config
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput") and whole_suite(config):
        import threading

        config.stash[SITE_BUILD] = threading.Thread(
            target=_build_site_once, args=(_shared_folder(config),), name="site build"
        )
        config.stash[SITE_BUILD].start()


def pytest_sessionfinish(session):
    if thread := session.config.stash.get(SITE_BUILD, None):
        thread.join()


@pytest.hookimpl(tryfirst=True)  # marks the tiers before `-m` selects by them
def pytest_collection_modifyitems(config, items):
    """The engine tier first: no worker waits for the site while there is work without it. Then
    heavy tests first, so the last minute is not one long test on one worker while the others
    idle (the longest-first rule)."""
    for item in items:
        item.add_marker("site" if "site" in item.fixturenames else "engine")
    items.sort(key=lambda item: ("site" in item.fixturenames, item.get_closest_marker("heavy") is None))


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The whole site, built once with --strict: once per test run, shared by the workers that
    pytest-xdist runs; for the whole suite the controller has built it already."""
    site_dir, log = _build_site_once(_shared_folder(request.config))
    code, _, output = log.read_text(encoding="utf-8").partition("\n")
    if code != "0":
        pytest.fail(f"mkdocs build --strict failed:\n{output}", pytrace=False)
    return site_dir


def soup(path: Path):
    """Parse a built HTML file."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_of(site_dir: Path, src_uri: str):
    """The built page of a docs path: 'principles/he-tangata.md' -> parsed site/principles/he-tangata/index.html."""
    from dpup.text import page_url

    return soup(site_dir / page_url(src_uri) / "index.html")


@pytest.fixture
def build_copy(tmp_path):
    """Build a modified copy of the project: build_copy(change) -> (process, site dir, project dir).

    `change(project_dir)` edits the copy before the build.
    """

    def run(change=None, **env):
        project = copy_project(tmp_path / "project")
        if change:
            change(project)
        site_dir = tmp_path / "site"
        # Material's own search unless a test asks for ours: a changed copy would rebuild our
        # index (seconds each time), and only tests/test_search.py looks at it.
        env = {"DPUP_PDF": "0", "DPUP_STOCK_SEARCH": "1", **env}
        return mkdocs_build(project, site_dir, **env), site_dir, project

    return run


@pytest.fixture
def build_fixture(tmp_path):
    """Build a changed copy of the small fixture project (tests/fixtures/project/) in this process,
    in seconds: build_fixture(change) -> (process, site dir, project dir), as build_copy returns
    them. For a test that needs a page, a tool or a data file of each kind, not the whole policy
    (tests/engine.py)."""
    import itertools

    import engine

    builds = itertools.count()

    def run(change=None, **env):
        n = next(builds)  # a test may build more than one
        project = engine.fixture_project(tmp_path / f"project-{n}")
        if change:
            change(project)
        site_dir = tmp_path / f"site-{n}"
        env = {"DPUP_PDF": "0", "DPUP_STOCK_SEARCH": "1", **env}  # as build_copy builds
        return engine.build(project, site_dir, **env), site_dir, project

    return run


@pytest.fixture(scope="session")
def changed_fixture(request):
    """One copy of the small fixture project with every edit in tests/changes.py, built once per test
    run in the process that first asks (tests/engine.py; with Material's search and no PDFs, as
    build_fixture builds) and shared by the workers, as the site is: (process, site dir)."""
    from filelock import FileLock

    import changes
    import engine

    shared = _shared_folder(request.config)
    site_dir, log = shared / "changed-site", shared / "changed-site.json"
    with FileLock(str(shared / "changed.lock")):
        if not log.exists():
            project = engine.fixture_project(shared / "changed-project")
            for edit in changes.ALL:
                edit(project)
            done = engine.build(project, site_dir, DPUP_PDF="0", DPUP_STOCK_SEARCH="1")
            log.write_text(json.dumps([done.returncode, done.stdout, done.stderr]), encoding="utf-8")
    code, stdout, stderr = json.loads(log.read_text(encoding="utf-8"))
    return subprocess.CompletedProcess([], code, stdout, stderr), site_dir


@pytest.fixture
def site_with(site, tmp_path):
    """A copy of the built site with HTML put into the home page's article: site_with(fragment) -> dir.

    For the quality gates, which read the built site: the build itself refuses such HTML.
    """

    def copy(fragment: str) -> Path:
        out = tmp_path / "site"
        shutil.copytree(site, out)
        home = out / "index.html"
        text = home.read_text(encoding="utf-8")
        assert "</article>" in text
        home.write_text(text.replace("</article>", fragment + "</article>", 1), encoding="utf-8")
        return out

    return copy


def built_pages(site_dir: Path) -> list[Path]:
    """Every HTML page MkDocs wrote for a Markdown page (not the 404 page or assets)."""
    return sorted(p for p in site_dir.rglob("index.html") if "assets" not in p.parts)


# --- a real browser -----------------------------------------------------------


def wait_until(target, expression: str, arg=None, timeout: float = 30_000) -> None:
    """Wait until `expression` is true in the page (or frame). Not Playwright's wait_for_function:
    when its first check fails, it checks again with eval in the page, which our CSP refuses
    ('unsafe-eval'), so a slow page failed the test. Each check here goes through the DevTools
    protocol, as page.evaluate does, which the CSP does not govern."""
    import time

    deadline = time.monotonic() + timeout / 1000
    while not target.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout / 1000:.0f} s: {expression}")
        time.sleep(0.05)


class PublishedHandler(local.QuietHandler):
    """Serves the build as the published site behaves: its sitemap names this server's own
    addresses, so Material's instant navigation takes over links as it does when published
    (it only follows links the sitemap lists, matched by port and path)."""

    def do_GET(self):
        if self.path.split("?")[0] != "/sitemap.xml":
            return super().do_GET()
        text = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", text)
        root = min(locs, key=len)  # the home page's address is the site's root
        body = text.replace(root, f"http://127.0.0.1:{self.server.server_address[1]}/").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def data():
    """The data files, loaded and checked as the build loads them (dpup.content.model)."""
    from dpup.content import model

    return model.load_data(ROOT / "data")


@pytest.fixture(scope="session")
def known_laws(data) -> list[str]:
    """Every law id a page or tool may cite: Acts and their provisions."""
    return [*data.laws, *data.provisions]


@pytest.fixture(scope="session")
def server(site):
    """The built site on a free local port, as published: instant navigation on (issue 30).
    Yields its base URL."""
    with local.serving(site, PublishedHandler) as base:
        yield base


@pytest.fixture(scope="session")
def published(server):
    """The same server, named for the tests that rely on instant navigation being on."""
    return server


@pytest.fixture(scope="session")
def browser():
    """Headless system Chromium driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright  # pinned in requirements.txt: fail, never skip

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package 'chromium' (bin/test does).")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test, so storage never leaks between tests."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
