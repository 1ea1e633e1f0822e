"""Hook: the plain-language gate on every summary, and a report on every page's body text.

Limits live in mkdocs.yml under extra.plain_language. A summary over a limit stops the
build; body text is reported in site/plain-language-report.md (and .json), and the average
grade of the protocols and guides must stay within its limit.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from pathlib import Path

from dpup import cache, model, readability
from dpup.errors import Problem, raise_problems
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.plain_language")
REPORTED_KINDS = ("principle", "protocol", "guide", "tool", "about", "home", "overview", "reference")
AVERAGED_KINDS = ("protocol", "guide")
_reports: dict[str, readability.BodyReport] = {}
_cache = cache.Cache("plain-language", "dpup.readability", "textstat")


def limits(config: MkDocsConfig) -> tuple[readability.Limits, float]:
    settings = config.extra.get("plain_language") or {}
    try:
        return (
            readability.Limits(settings["max_grade"], settings["max_words"], settings["max_sentence_words"]),
            settings["max_body_grade_average"],
        )
    except KeyError as missing:
        raise_problems([Problem("mkdocs.yml", None, f"extra.plain_language.{missing.args[0]}",
                                "the plain-language limit is missing; set it in mkdocs.yml.")])


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Stop the build if any summary (of a page or an audience view) is too hard to read."""
    summary_limits, _ = limits(config)
    content = model.current()
    texts = [(f"docs/{p.src_uri}", "summary", p.meta.summary) for p in content.pages.values()]
    texts += [("data/audiences.yml", f"{a.id}.summary", a.summary) for a in content.data.audiences.values()]
    raise_problems([
        Problem(file, None, field, problem)
        for file, field, text in texts
        for problem in _cache.get_or_make(
            ("summary", repr(summary_limits), text),
            lambda: readability.summary_problems(text, summary_limits))
    ])
    _reports.clear()
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Measure the body text of each written page (generated pages only repeat it)."""
    kind = page.meta.get("kind")
    if page.file.generated_by is None and kind in REPORTED_KINDS:
        jargon = model.current().data.jargon
        found = _cache.get_or_make(
            ("body", page.file.src_uri, kind, repr(jargon), html),
            lambda: asdict(readability.body_report(page.file.src_uri, kind, readability.body_text(html), jargon)))
        _reports[page.file.src_uri] = readability.BodyReport(**found)
    return html


def on_post_build(config: MkDocsConfig) -> None:
    """Write the report and check the average grade of the protocols and guides."""
    _, max_average = limits(config)
    reports = list(_reports.values())
    averaged = [r.grade for r in reports if r.kind in AVERAGED_KINDS]
    average = round(sum(averaged) / len(averaged), 1) if averaged else 0.0
    site_average = round(sum(r.grade for r in reports) / len(reports), 1) if reports else 0.0
    out = Path(config.site_dir)
    (out / "plain-language-report.json").write_text(json.dumps(
        {"protocol_and_guide_average": average, "site_average": site_average,
         "pages": [asdict(r) for r in reports]}, indent=1, ensure_ascii=False), encoding="utf-8")
    (out / "plain-language-report.md").write_text(markdown_report(reports, average, site_average),
                                                  encoding="utf-8")
    log.info(f"Plain language: body text grade {site_average} on average; "
             f"protocols and guides {average} (limit {max_average}).")
    if average > max_average:
        log.warning(f"The protocols and guides average Flesch–Kincaid grade {average}, over the "
                    f"limit of {max_average}. See plain-language-report.md in the built site.")


def markdown_report(reports: list[readability.BodyReport], average: float, site_average: float) -> str:
    lines = ["# Plain-language report", "",
             f"Average Flesch–Kincaid grade of body text: {site_average} across the site, "
             f"{average} for protocols and guides.", "",
             "| page | kind | grade | words | passive | jargon |", "|---|---|---|---|---|---|"]
    lines += [f"| {r.src_uri} | {r.kind} | {r.grade} | {r.words} | {len(r.passive)} | {len(r.jargon)} |"
              for r in sorted(reports, key=lambda r: -r.grade)]
    for r in reports:
        lines += ["", f"## {r.src_uri} (grade {r.grade})", "", "Longest sentences:", ""]
        lines += [f"- {s}" for s in r.longest]
        if r.passive:
            lines += ["", "Possible passive voice: " + ", ".join(r.passive)]
        if r.jargon:
            lines += ["", "Jargon: " + ", ".join(r.jargon)]
    return "\n".join(lines) + "\n"
