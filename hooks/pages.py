"""Hook: what readers see on each page, from dpup/pages/.

The generated pages (audience views, at a glance, the tool paths for reviewers), the
plain-language gate and report, te reo Māori markup, and tool steps kept out of the table
of contents.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from adapter import reported
from dpup import build
from dpup.cache import Cache
from dpup.content import model
from dpup.content.errors import raise_problems
from dpup.pages import diagram, finish, generated, material_markup, permalinks, plain_language, views
from dpup.pages.tools import without_steps

log = logging.getLogger("mkdocs.hooks.pages")


def caches() -> tuple[Cache, Cache]:
    """This build's caches: reading-level scores, and pages with te reo marked."""
    current = build.current()
    return (
        current.cache("plain-language", "dpup.pages.readability", "textstat"),
        current.cache("te-reo", "dpup.pages.te_reo"),
    )


@reported
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages (never committed), then gate every summary's reading level."""
    current = build.current()
    made, problems = generated.load_all(current.model)
    for src_uri, markdown in made.items():
        files.append(File.generated(config, src_uri, content=markdown))
    raise_problems(problems + views.nav_problems(current.model, model.nav_order(config.nav)))
    summary_limits = plain_language.summary_limits(current.model)
    data_dir = current.run.project / "data"
    raise_problems(plain_language.summary_problems(current.model, summary_limits, caches()[0], data_dir))
    return files


@reported
def preview_change(changed: list[str], files: Files, config: MkDocsConfig) -> list[str] | None:
    """The preview (bin/preview.py) calls this after only the text of pages changed: make the
    generated pages again; those that came out different are built again too."""
    again = generated.load_changed(build.current().model, lambda src_uri: _markdown_of(files, src_uri))
    for src_uri, markdown in again.items():
        files.get_file_from_path(src_uri).content_string = markdown
    return changed + list(again)


def _markdown_of(files: Files, src_uri: str) -> str | None:
    file = files.get_file_from_path(src_uri)
    return None if file is None else file.content_string


@reported
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep tool steps out of the table of contents; measure the body text of each written page;
    keep the "¶" links out of headings' accessible names (dpup/pages/permalinks.py); draw the
    diagrams the page's macros asked for, past the sanitiser (dpup/pages/diagram.py)."""
    without_steps(page.toc.items)
    current = build.current()
    written = current.model.pages.get(page.file.src_uri)
    if report := plain_language.body_report(written, html, current.model.data.jargon, caches()[0]):
        current.reports[page.file.src_uri] = report
    return diagram.fill(
        permalinks.quiet(html),
        current.model,
        page.url,
        lambda src: files.get_file_from_path(src).url,
        current.cache("diagrams", "dpup.pages.diagram").get_or_make,
        f"docs/{page.file.src_uri}",
    )


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Mark every te reo term with lang="mi": in the article, glossing its first use, and in the
    navigation, header and footer around it. Make Material's toggles valid HTML (dpup/pages/finish.py)."""
    terms = list(build.current().model.data.glossary.values())
    return finish.finished(output, terms, _marker(terms), caches()[1].get_or_make)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page is a template, not a page: its toggles and te reo need the same fixes."""
    if template_name != "404.html":
        return output_content
    terms = list(build.current().model.data.glossary.values())
    return material_markup.valid_toggles(_marker(terms).mark_around(output_content))


def _marker(terms):
    """Made once per build, on the first page (te_reo.py loads BeautifulSoup, so it is imported here)."""
    from dpup.pages.te_reo import Marker

    current = build.current()
    if current.te_reo is None:
        current.te_reo = Marker(terms)
    return current.te_reo


@reported
def on_post_build(config: MkDocsConfig) -> None:
    """Write the plain-language report and check the average grade of the protocols and guides."""
    current = build.current()
    plain = current.model.settings.plain_language
    max_average = plain.max_body_grade_average
    summary, problems = plain_language.write_report(
        list(current.reports.values()), Path(config.site_dir), plain.max_body_grade
    )
    raise_problems(problems)
    average = summary["protocol_and_guide_average"]
    log.info(
        f"Plain language: body text grade {summary['site_average']} on average; "
        f"protocols and guides {average} (limit {max_average})."
    )
    if average > max_average:
        log.warning(
            f"The protocols and guides average Flesch–Kincaid grade {average}, over the "
            f"limit of {max_average}. See plain-language-report.md in the built site."
        )
