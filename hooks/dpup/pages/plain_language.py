"""The plain-language gate and report of the whole site (readability.py measures one text).

Every summary is gated: pages', audience views' (data/audiences.yml) and generated pages'
(data/pages.yml). The body text of each written page of a reported kind (content/page_kinds.py)
is measured, reported in the built site (plain-language-report.md and .json) and held to any
limit set for its page; protocols and guides are held to an average as well.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path

from ..cache import Cache
from ..content import page_kinds
from ..content.errors import Problem, field_line
from ..content.model import ContentModel, Page
from . import readability

AVERAGED_KINDS = ("protocol", "guide")


def summary_limits(content: ContentModel) -> readability.Limits:
    """The limits every summary must meet (mkdocs.yml `extra.plain_language`, checked in settings.py)."""
    assert content.settings is not None, "the build loads mkdocs.yml's settings with the data (model.load_content)"
    plain = content.settings.plain_language
    return readability.Limits(plain.max_grade, plain.max_words, plain.max_sentence_words)


def summary_problems(
    content: ContentModel, summary_limits: readability.Limits, cache: Cache, data_dir: Path
) -> list[Problem]:
    """Every summary over a limit, at its line: pages', audience views' (data/audiences.yml) and
    generated pages' (data/pages.yml)."""
    # Each summary's file, line (found only for one over a limit: a data file's lines cost a parse),
    # field and text.
    texts: list[tuple[str, Callable[[], int | None], str, str]]
    texts = [
        (f"docs/{p.src_uri}", partial(p.lines.get, "summary"), "summary", p.meta.summary)
        for p in content.pages.values()
    ]
    texts += [
        (
            "data/audiences.yml",
            partial(field_line, data_dir / "audiences.yml", ("audiences", n, "summary")),
            f"audiences.{n}.summary",
            a.summary,
        )
        for n, a in enumerate(content.data.audiences.values())
    ]
    texts += [
        (
            "data/pages.yml",
            partial(field_line, data_dir / "pages.yml", (name, "summary")),
            f"{name}.summary",
            getattr(content.data.pages, name).summary,
        )
        for name in ("at_a_glance", "tool_paths")
    ]
    return [
        Problem(file, line(), field, problem)
        for file, line, field, text in texts
        for problem in cache.get_or_make(
            ("summary", repr(summary_limits), text), partial(readability.summary_problems, text, summary_limits)
        )
    ]


def body_report(written: Page | None, html: str, jargon: dict[str, str], cache: Cache) -> readability.BodyReport | None:
    """The measures of a written page's body text (its HTML content), if the report covers its kind."""
    if not written or written.meta.kind not in page_kinds.REPORTED:
        return None
    src_uri, kind = written.src_uri, written.meta.kind
    found = cache.get_or_make(
        ("body", src_uri, kind, repr(jargon), html),
        lambda: asdict(readability.body_report(src_uri, kind, readability.body_text(html), jargon)),
    )
    return readability.BodyReport(**found)


def write_report(
    reports: list[readability.BodyReport], site: Path, limits_by_page: dict[str, float]
) -> tuple[dict[str, float], list[Problem]]:
    """Write the report into the built site; the site's averages (readability.site_summary) and a
    problem for each page over the limit set for it (`limits_by_page`: docs path or folder -> grade)."""
    summary = readability.site_summary(reports, AVERAGED_KINDS)
    (site / "plain-language-report.json").write_text(
        json.dumps({**summary, "pages": [asdict(r) for r in reports]}, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    (site / "plain-language-report.md").write_text(readability.markdown_report(reports, summary), encoding="utf-8")
    return summary, [
        Problem(f"docs/{src}", None, "body", message)
        for src, message in readability.page_grade_problems(reports, limits_by_page)
    ]
