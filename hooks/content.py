"""Hook: load and validate the content model once per build, and give templates what they need."""

from __future__ import annotations

import logging
from pathlib import Path

from dpup import cache, model, review, switches
from dpup.errors import Problem, raise_problems
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.content")


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
    model.set_current(model.ContentModel(data=data))
    # The footer, PDFs and downloads show the newest version from data/versions.yml.
    latest = data.versions[0]
    config.extra["policy"] = {"version": latest.version, "date": latest.date}


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
