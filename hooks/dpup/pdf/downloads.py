"""The downloads page: every file it lists (PDF editions, the offline zip, the Word and
PowerPoint files), as tables.

Sizes are known only after the files are written, so hooks register their files with the
build (dpup/build.py) in on_post_build, and hooks/pdf.py (the last hook) writes the table
into the built downloads page.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Sequence
from pathlib import Path

from ..content.schema import Version
from ..download import Download
from ..text import long_date, slug
from .editions import EACH_PAGE

# The element of docs/downloads.md that the table replaces.
MARKER = '<div id="dpup-downloads"></div>'


def in_order(pdfs: list[Download], others: list[Download]) -> list[Download]:
    """The downloads page's order: the PDFs (editions and posters), the other files, and last the
    longest table, each page's own PDF."""
    return [d for d in pdfs if d.group != EACH_PAGE] + others + [d for d in pdfs if d.group == EACH_PAGE]


def human_size(size: int) -> str:
    """1536 -> '2 KB', 2_400_000 -> '2.3 MB' (1 KB = 1024 bytes)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _kind(path: str) -> str:
    suffix = Path(path).suffix
    kinds = {".pdf": "PDF", ".zip": "ZIP", ".docx": "Word", ".pptx": "PowerPoint"}
    return kinds.get(suffix.lower(), suffix[1:].upper())


def table_html(site_dir: Path, page_url: str, downloads: list[Download]) -> str:
    """The tables of the downloads page, one per group, with each file's format, size and pages."""
    groups: dict[str, list[Download]] = {}
    for d in downloads:
        groups.setdefault(d.group, []).append(d)
    out = []
    for group, items in groups.items():
        out.append(f'<h3 id="downloads-{slug(group)}">{html.escape(group)}</h3>')
        # In a region of its own that scrolls sideways on a narrow screen, so the page does not
        # (WCAG 1.4.10); it takes focus so the keyboard can scroll it.
        out.append(f'<div class="dpup-table-scroll" role="region" tabindex="0" aria-label="{html.escape(group)}">')
        out.append(
            '<table class="dpup-downloads">\n<thead><tr><th scope="col">Download</th>'
            '<th scope="col">What it holds</th><th scope="col">Format</th>'
            '<th scope="col">Size</th><th scope="col">Pages</th></tr></thead>\n<tbody>'
        )
        for d in items:
            file = site_dir / d.path
            if not file.is_file():
                raise FileNotFoundError(f"downloads: {d.path} was registered but is not in the site.")
            href = posixpath.relpath(d.path, page_url.rstrip("/") or ".")
            kind = _kind(d.path)
            out.append(
                f'<tr><td><a href="{html.escape(href)}" download>{html.escape(d.title)}</a></td>'
                f"<td>{html.escape(d.description)}</td><td>{kind}</td>"
                f"<td>{human_size(file.stat().st_size)}</td>"
                f"<td>{d.pages if d.pages is not None else ''}</td></tr>"
            )
        out.append("</tbody>\n</table>\n</div>")
    return "\n".join(out)


def not_made_html(published: str) -> str:
    """What the page says when this run makes no downloads: `mkdocs serve`, DPUP_PDF=0, or the
    offline copy, whose readers need to know where the PDFs are (`published`: the live page)."""
    return (
        '<p class="dpup-downloads-off"><strong>This copy of the site was built without its '
        "downloads.</strong> The PDF editions and the offline copy, each with its size and "
        f'number of pages, are on the <a href="{published}">downloads page of the published '
        "site</a>. To make them yourself, run <code>mkdocs build</code>, or set "
        "<code>DPUP_PDF=1</code> for a preview with <code>mkdocs serve</code>.</p>"
    )


def earlier_versions_html(versions: Sequence[Version], kept_at: str, whole_policy: str) -> str:
    """The "Earlier versions" part: each version but the newest (`versions`, newest first), kept as
    it was at `kept_at` + "<version>/" by bin/archive, with its whole-policy PDF (`whole_policy`, its
    path in every version's site). `kept_at` is the published site's /v/ folder, as an absolute
    address: no build holds that folder (the deploy adds it), so a relative link would lead nowhere
    in this build, its offline copy or its tests, and the link checks rightly skip other sites."""
    if not versions:
        return ""
    items = []
    for v in versions:
        site = f"{kept_at}{v.version}/"
        items.append(
            f'<li><a href="{html.escape(site)}">Version {html.escape(v.version)}</a>, published '
            f'<time datetime="{v.date.isoformat()}">{long_date(v.date)}</time>: '
            f'<a href="{html.escape(site + whole_policy)}">the whole policy as it was in version '
            f"{html.escape(v.version)} (PDF)</a></li>"
        )
    return (
        '\n<h3 id="downloads-earlier-versions">Earlier versions</h3>\n'
        "<p>We keep every version we published as it was, with its PDFs. Each page of an earlier "
        "version says which version it is and links to the current one.</p>\n"
        '<ul class="dpup-earlier-versions">\n' + "\n".join(items) + "\n</ul>"
    )


def fill_page(page_file: Path, content: str) -> None:
    """Put `content` where the marker is in the built downloads page."""
    text = page_file.read_text(encoding="utf-8")
    if MARKER not in text:
        raise ValueError(f"{page_file}: no {MARKER} to fill; docs/downloads.md must keep it.")
    page_file.write_text(text.replace(MARKER, content, 1), encoding="utf-8")
