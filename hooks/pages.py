"""Hook: what readers see on each page, from dpup/pages/.

The generated pages (audience views, at a glance, the tool paths for reviewers), the
plain-language gate and report, te reo Māori markup, and tool steps kept out of the table
of contents.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from adapter import reported
from dpup import build
from dpup.cache import Cache
from dpup.content import model, page_kinds
from dpup.content.errors import Problem, field_line, raise_problems
from dpup.pages import diagram, material_markup, permalinks, readability, views
from dpup.pages.tools import STEP_ID

log = logging.getLogger("mkdocs.hooks.pages")
AVERAGED_KINDS = ("protocol", "guide")
# The article holds everything a reader reads on the page: title, summary and content.
ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.DOTALL)


def caches() -> tuple[Cache, Cache]:
    """This build's caches: reading-level scores, and pages with te reo marked."""
    current = build.current()
    return (current.cache("plain-language", "dpup.pages.readability", "textstat"),
            current.cache("te-reo", "dpup.pages.te_reo"))


@reported
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages (never committed), then gate every summary's reading level."""
    current = build.current()
    content = current.model
    problems: list[Problem] = []
    for src_uri, markdown in views.generated_pages(content).items():
        files.append(File.generated(config, src_uri, content=markdown))
        page, found = model.load_page(src_uri, markdown, content.data)
        problems += found
        if page:
            content.generated[src_uri] = page
    raise_problems(problems + views.nav_problems(content, model.nav_order(config.nav)))
    raise_problems(summary_problems(content, summary_limits(content), caches()[0], current.run.project / "data"))
    return files


@reported
def preview_change(changed: list[str], files: Files, config: MkDocsConfig) -> list[str] | None:
    """The preview (bin/preview.py) calls this after only the text of pages changed: make the
    generated pages again; those that came out different are built again too."""
    content = build.current().model
    again: dict[str, tuple[str, model.Page]] = {}
    for src_uri, markdown in views.generated_pages(content).items():
        file = files.get_file_from_path(src_uri)
        if file is not None and file.content_string != markdown:
            page, problems = model.load_page(src_uri, markdown, content.data)
            raise_problems(problems)
            again[src_uri] = (markdown, page)
    for src_uri, (markdown, page) in again.items():  # only once all are good
        files.get_file_from_path(src_uri).content_string = markdown
        content.generated[src_uri] = page
    return changed + list(again)


def summary_limits(content: model.ContentModel) -> readability.Limits:
    """The limits every summary must meet (mkdocs.yml `extra.plain_language`, checked in settings.py)."""
    plain = content.settings.plain_language
    return readability.Limits(plain.max_grade, plain.max_words, plain.max_sentence_words)


def summary_problems(content: model.ContentModel, summary_limits: readability.Limits, cache: Cache,
                     data_dir: Path) -> list[Problem]:
    """Every summary over a limit, at its line: pages', audience views' (data/audiences.yml) and
    generated pages' (data/pages.yml)."""
    texts = [(f"docs/{p.src_uri}", lambda p=p: p.lines.get("summary"), "summary", p.meta.summary)
             for p in content.pages.values()]
    texts += [("data/audiences.yml", lambda n=n: field_line(data_dir / "audiences.yml", ("audiences", n, "summary")),
               f"audiences.{n}.summary", a.summary) for n, a in enumerate(content.data.audiences.values())]
    texts += [("data/pages.yml", lambda name=name: field_line(data_dir / "pages.yml", (name, "summary")),
               f"{name}.summary", getattr(content.data.pages, name).summary) for name in ("at_a_glance", "tool_paths")]
    return [Problem(file, line(), field, problem)
            for file, line, field, text in texts
            for problem in cache.get_or_make(("summary", repr(summary_limits), text),
                                             lambda text=text: readability.summary_problems(text, summary_limits))]


@reported
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep tool steps out of the table of contents; measure the body text of each written page;
    keep the "¶" links out of headings' accessible names (dpup/pages/permalinks.py); draw the
    diagrams the page's macros asked for, past the sanitiser (dpup/pages/diagram.py)."""
    _prune_tool_steps(page.toc.items)
    current = build.current()
    written = current.model.pages.get(page.file.src_uri)
    if written and written.meta.kind in page_kinds.REPORTED:
        kind = written.meta.kind
        jargon = current.model.data.jargon
        found = caches()[0].get_or_make(
            ("body", page.file.src_uri, kind, repr(jargon), html),
            lambda: asdict(readability.body_report(page.file.src_uri, kind, readability.body_text(html), jargon)))
        current.reports[page.file.src_uri] = readability.BodyReport(**found)
    return diagram.fill(permalinks.quiet(html), current.model, page.url, lambda src: files.get_file_from_path(src).url,
                        current.cache("diagrams", "dpup.pages.diagram").get_or_make, f"docs/{page.file.src_uri}")


def _prune_tool_steps(items: list) -> None:
    """Each question of a guide or quiz is a heading (it reads well without JavaScript and in
    print), but a contents list of every question would bury the page's own sections."""
    items[:] = [item for item in items if not STEP_ID.match(item.id)]
    for item in items:
        _prune_tool_steps(item.children)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Mark every te reo term with lang="mi": in the article, glossing its first use, and in the
    navigation, header and footer around it. Make Material's toggles valid HTML
    (dpup/pages/material_markup.py)."""
    current = build.current()
    terms = list(current.model.data.glossary.values())
    glossary = repr([t.model_dump() for t in terms])  # part of every cache key
    cache = caches()[1]

    def mark(m: re.Match) -> str:
        article = cache.get_or_make((glossary, m.group(2)), lambda: _marker(terms).mark(m.group(2)))
        return m.group(1) + article + m.group(3)

    marker = _marker(terms)
    found = ARTICLE.search(output)
    if found is None:
        return material_markup.valid_toggles(marker.mark_around(output))
    marked = marker.mark_around(output[:found.start()]) + mark(found) + marker.mark_around(output[found.end():])
    return material_markup.valid_toggles(marked)


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
    reports = list(current.reports.values())
    out = Path(config.site_dir)
    summary = readability.site_summary(reports, AVERAGED_KINDS)
    (out / "plain-language-report.json").write_text(json.dumps(
        {**summary, "pages": [asdict(r) for r in reports]}, indent=1, ensure_ascii=False), encoding="utf-8")
    (out / "plain-language-report.md").write_text(readability.markdown_report(reports, summary), encoding="utf-8")
    raise_problems([Problem(f"docs/{src}", None, "body", message)
                    for src, message in readability.page_grade_problems(reports, plain.max_body_grade)])
    average = summary["protocol_and_guide_average"]
    log.info(f"Plain language: body text grade {summary['site_average']} on average; "
             f"protocols and guides {average} (limit {max_average}).")
    if average > max_average:
        log.warning(f"The protocols and guides average Flesch–Kincaid grade {average}, over the "
                    f"limit of {max_average}. See plain-language-report.md in the built site.")
