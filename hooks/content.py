"""Hook: the content model (dpup/content/) and the trust boundary (CONTRIBUTING.md, "Security model")
as far as the page's HTML, which hooks/safe_html.py checks.

It checks the files, data/ and every page once per build, starts the build (dpup/build.py) that
the other hooks and the macros look up, and gives templates what they show of each page. MkDocs
builds the front matter and body the model checked; page Jinja, parsed and allowed first, runs in
a sandbox of the macros alone.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import dpup
from adapter import for_templates, project_dir, reported
from dpup import build, run
from dpup.content import arguments, model, preview, review, safety
from dpup.content import files as content_files
from dpup.content.errors import raise_problems
from dpup.pages import views
from dpup.pages.context import archive_banner, page_context

log = logging.getLogger("mkdocs.hooks.content")
_command = "build"  # on_startup comes once per process, before the first on_config


class _NotInViews(logging.Filter):
    """MkDocs warns of a broken link on each page that has it; an audience view (for/<id>.md)
    repeats its source pages' blocks, so its copy of the warning would say the same thing twice."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(f"Doc file '{views.AUDIENCE_VIEW.split('{')[0]}")


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `build` or `serve` (it decides whether PDFs are made); a build
    process bounds its memory (not `serve`, whose process may be a test's, with a browser)."""
    global _command
    _command = command
    if command == "build":
        run.bound_memory()
    links_log = logging.getLogger("mkdocs.structure.pages")
    if not any(type(f).__name__ == _NotInViews.__name__ for f in links_log.filters):  # once, across reloads
        links_log.addFilter(_NotInViews())


@event_priority(100)  # before the plugins: the offline plugin reads its switch in its own on_config
@reported
def on_config(config: MkDocsConfig) -> None:
    """Check the hook order, read the run's switches and data/; a problem stops the build here."""
    raise_problems(content_files.problems(project_dir(config), views.MADE_BY_THE_BUILD))
    hooks = [path.rsplit("/", 1)[-1].removesuffix(".py") for path in config["hooks"]]
    raise_problems(dpup.hook_order_problems(hooks))
    this_run = run.read(project_dir(config), _command)
    config.plugins["material/offline"].config.enabled = this_run.offline
    content = model.load_content(this_run.project, config.extra)
    data = content.data
    build.start(this_run, content, current_url=config.site_url)
    for stale in review.stale_laws(data.laws.values(), content.settings.review_months, this_run.date):
        # Reported, not a warning, as for pages past their review date.
        log.info("data/laws.yml: %s; check it against the Act and update 'checked'.", stale)
    # The footer, PDFs and downloads show the newest version from data/versions.yml.
    latest = data.versions[0]
    for_templates(config, policy={"version": latest.version, "date": latest.date})
    config.site_url = this_run.site_url(config.site_url)  # archived: <site_url>v/<version>/ (mkdocs.yml: mike)


def on_pre_build(config: MkDocsConfig) -> None:
    """Swap mkdocs-macros' Jinja environment (made in its own on_config) for a sandbox that holds
    the policy's macros and nothing else (dpup/content/safety.py): no config, page or plugin
    object, no loader to include files, no filters. The page's Jinja was checked already."""
    plugin = config.plugins["macros"]
    macros = {name: plugin.macros[name] for name in [*policy_macros(config), safety.AUDIENCE_MACRO]}
    plugin._env = safety.page_environment(macros, plugin.env.undefined)


@reported
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read and validate every page's front matter, in nav order, and find its audience blocks."""
    written = [(f.src_uri, f.content_bytes) for f in files.documentation_pages() if f.generated_by is None]
    raise_problems(model.load_pages(build.current().model, written, model.nav_order(config.nav), policy_macros(config)))
    return files


@reported
def preview_change(changed: list[str], files: Files, config: MkDocsConfig) -> list[str] | None:
    """The preview (bin/preview.py) calls this after only the text of these pages changed: check
    them again, as on_files does; None asks for a full build (dpup/content/preview.py). Not an
    `on_` name: MkDocs would take it for one of its events."""
    raise_problems(content_files.problems(project_dir(config), views.MADE_BY_THE_BUILD))  # a link since on_config
    sources = [(src_uri, files.get_file_from_path(src_uri).content_bytes) for src_uri in changed]
    if not preview.only_bodies_changed(
        build.current().model, sources, model.nav_order(config.nav), policy_macros(config)
    ):
        return None
    build.current().page_problems.clear()  # the last build's, all fixed: it passed
    return changed


# mkdocs-macros' own helpers can reveal the build environment; pages may not call them.
MACROS_PLUGIN_BUILTINS = {"context", "macros_info", "now", "fix_url"}


def policy_macros(config: MkDocsConfig) -> dict[str, arguments.Parameters]:
    """The macros pages may call but for_audience, each with the kinds its signature declares (arguments.py)."""
    return {
        name: arguments.declared(function)
        for name, function in config.plugins["macros"].macros.items()
        if name not in MACROS_PLUGIN_BUILTINS | {safety.AUDIENCE_MACRO}
    }


@event_priority(100)  # before mkdocs-macros renders the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Build the front matter and body the model checked: one front-matter parser, ours."""
    checked = build.current().model.pages.get(page.file.src_uri)
    if checked is None:  # a page generated from the model (hooks/pages.py)
        return markdown
    page.meta = checked.meta.model_dump()  # what Material's own templates read
    return checked.body


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    """The 404 page and the sitemap: the same context object, for no page in particular."""
    current = build.current()
    context["dpup"] = page_context(current.model, None, current.model.settings.review_months, current.run.date)
    return context


@reported
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """Give templates what they show of the page besides its content, from the typed model."""
    current = build.current()
    banner = archive_banner(current.model, current.run, page.url, current.current_url)
    context["dpup"] = page_context(
        current.model,
        page.file.src_uri,
        current.model.settings.review_months,
        current.run.date,
        banner,
        (config.site_url or "") + page.url,
    )
    if context["dpup"].review_overdue:
        # Reported, not a warning: a strict build must not start failing because a date passed.
        log.info(
            "docs/%s was due for review on %s; review it and update 'reviewed'.",
            page.file.src_uri,
            context["dpup"].review_overdue,
        )
    return context
