"""Hook: load and validate the content model once per build, hold the trust boundary, and give
templates what they need.

The trust boundary (see CONTRIBUTING.md, "Security model"): MkDocs builds the front matter and
body the model checked; page Jinja runs in Jinja's sandbox; every page's HTML passes the
allow-list in dpup/sanitise.py; templates escape every value they print.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from dpup import cache, model, review, sanitise, switches
from dpup.errors import Problem, raise_problems
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.content")
_unsafe: list[Problem] = []  # what the sanitiser found in this build's pages


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def nav_order(nav) -> list[str]:
    """Docs paths of the pages in `nav`, in reading order."""
    out: list[str] = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += nav_order(value)
        elif isinstance(value, str) and value.endswith(".md"):
            out.append(value)
    return out


def on_startup(command: str, dirty: bool) -> None:
    switches.remember_command(command)


def on_config(config: MkDocsConfig) -> None:
    """Read data/*.yml; a problem stops the build before any page is read."""
    cache.configure(project_dir(config))
    data = model.load_data(project_dir(config) / "data")
    model.set_current(model.ContentModel(data=data, publisher=model.load_publisher(config.extra.get("publisher"))))
    for stale in review.stale_laws(data.laws.values(), config.extra.get("review_months", 12), switches.build_date()):
        # Reported, not a warning, as for pages past their review date.
        log.info("data/laws.yml: %s; check it against the Act and update 'checked'.", stale)
    # The footer, PDFs and downloads show the newest version from data/versions.yml.
    latest = data.versions[0]
    config.extra["policy"] = {"version": latest.version, "date": latest.date}
    sandbox_macros(config)
    _unsafe.clear()


def sandbox_macros(config: MkDocsConfig) -> None:
    """Swap mkdocs-macros' Jinja environment (made in its own on_config) for a sandboxed copy.

    It renders each page's body and title; in the sandbox no attribute leads to Python's
    internals, and with no loader a page cannot include files.
    """
    plugin = config.plugins["macros"]
    loose: Environment = plugin.env
    sandbox = ImmutableSandboxedEnvironment(undefined=loose.undefined, loader=None)
    sandbox.globals.update(loose.globals)
    sandbox.filters.update(loose.filters)
    plugin._env = sandbox


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read and validate every page's front matter, in nav order, and find its audience blocks."""
    content = model.current()
    pages = [f for f in files.documentation_pages() if f.generated_by is None]
    order = {src: i for i, src in enumerate(nav_order(config.nav))}
    pages.sort(key=lambda f: (order.get(f.src_uri, len(order)), f.src_uri))

    problems: list[Problem] = []
    macros = policy_macros(config)
    for f in pages:
        page, found = model.load_page(f.src_uri, f.content_string, content.data, macros)
        problems += found
        if page:
            content.pages[f.src_uri] = page
    for p in content.data.principles.values():
        if files.get_file_from_path(p.page) is None:
            problems.append(Problem("data/principles.yml", None, f"{p.id}.page",
                                    f"'{p.page}' is not a page in docs/."))
    raise_problems(problems)
    return files


# mkdocs-macros' own helpers can reveal the build environment; pages may not call them.
MACROS_PLUGIN_BUILTINS = {"context", "macros_info", "now", "fix_url"}


def policy_macros(config: MkDocsConfig) -> set[str]:
    """The macros pages may call: those macros.py defines."""
    return set(config.plugins["macros"].macros) - MACROS_PLUGIN_BUILTINS


@event_priority(100)  # before mkdocs-macros renders the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Build the front matter and body the model checked: one front-matter parser, ours."""
    checked = model.current().pages.get(page.file.src_uri)
    if checked is None:  # a page generated from the model (hooks/generated.py)
        return markdown
    page.meta = checked.meta.model_dump()
    return checked.body


@event_priority(100)  # before any other hook reads the page's HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Clean the page's HTML against the allow-list; anything it had to change stops the build."""
    cleaned = sanitise.clean(html)
    _unsafe.extend(unsafe_problems(page, sanitise.changes(html, cleaned), config))
    # Python-Markdown gives table-of-contents titles as escaped text already: print them as they are.
    _trust_toc_titles(page.toc.items)
    return cleaned


def unsafe_problems(page: Page, changes: list, config: MkDocsConfig) -> list[Problem]:
    """Name the file and line each change came from: the page, or a data file a macro read."""
    if not changes:
        return []
    src = f"docs/{page.file.src_uri}"
    project = project_dir(config)
    # A generated page repeats other pages' text; every page shows data-file text through macros.
    files = [project / "docs" / page.file.src_uri] if page.file.generated_by is None else \
        sorted((project / "docs").rglob("*.md"))
    files += sorted((project / "data").rglob("*.yml"))
    sources = {str(p.relative_to(project)): p.read_text(encoding="utf-8", errors="replace") for p in files}
    problems = []
    for change in changes:
        file, line = sanitise.locate(change.needles, sources) or (src, None)
        problems.append(Problem(file, line, "body" if file.startswith("docs/") else None, change.message))
    return problems


def _trust_toc_titles(items) -> None:
    for item in items:
        item.title = Markup(item.title)
        _trust_toc_titles(item.children)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Stop before writing any page if a page was unsafe; then escape every value templates print."""
    found = list(dict.fromkeys(_unsafe))  # a data file's text shown on many pages counts once
    _unsafe.clear()
    raise_problems(found)
    env.autoescape = True
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """Give templates every audience (for the switcher), this page's audiences and review state."""
    content = model.current()
    context["all_audiences"] = list(content.data.audiences.values())
    context["page_audiences"] = [content.data.audiences[a] for a in page.meta.get("audiences", [])]
    context["review_overdue"] = review.overdue(page.meta, config.extra.get("review_months", 12), switches.build_date())
    if context["review_overdue"]:
        # Reported, not a warning: a strict build must not start failing because a date passed.
        log.info("docs/%s was due for review on %s; review it and update 'reviewed'.",
                 page.file.src_uri, context["review_overdue"])
    return context
