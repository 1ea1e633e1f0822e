"""Posters: each decision guide's diagram on one sheet of its own, pdf/tools/<guide>-diagram.pdf.

The same clean SVG as on the guide's page (pages/diagram.py), without its links (a poster is
paper), with the guide's title, what this edition is, and the version and date every PDF carries.
Each poster takes the smallest ISO A sheet, A4 to A1, on which its words print at 8 pt or more,
and the diagram is scaled to fill it, so it is always one page. Posters render with the other
PDFs (render.py), so the same confined fetcher reads them; their SVG is inline and fetches nothing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..content import tool_schema as ts
from ..content.model import ContentModel
from ..pages import diagram
from ..text import page_url
from .print_html import Context, css_string, status

# Listed beside the workshop pack (data/pages.yml, editions): things to use with a team.
GROUP = "Put it into practice"
MARGIN = 12  # mm, each side
HEADER = 36  # mm above the diagram for the title, the edition and how to read it
SMALLEST_WORDS = 8  # pt: the poster is the smallest sheet that prints its words at least this size
SHEETS = [("A4", 210, 297), ("A3", 297, 420), ("A2", 420, 594), ("A1", 594, 841)]  # mm, portrait
WORDS = 14  # pt: the size of a box's words in the diagram (diagram.py)
VIEWBOX = re.compile(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"')


@dataclass(frozen=True)
class Poster:
    path: str  # in the site
    title: str  # its name on the downloads page
    sheet: str  # "A3 landscape"
    html: str  # print HTML


def poster_path(tool_id: str) -> str:
    return f"pdf/tools/{tool_id}-diagram.pdf"


def sheet_for(width_pt: float, height_pt: float) -> tuple[str, float, float]:
    """(name, width mm, height mm) of the smallest sheet on which a drawing this size prints its
    words at SMALLEST_WORDS or more, the way round that draws it largest; the largest sheet if none does."""
    width, height = width_pt * 25.4 / 72, height_pt * 25.4 / 72
    for name, short, long in SHEETS:  # noqa: B007 (the sheet the loop stops at is the answer)
        # The way round that draws it largest.
        scale, way, w, h = max(
            (min((w - 2 * MARGIN) / width, (h - 2 * MARGIN - HEADER) / height), way, w, h)
            for way, w, h in (("portrait", short, long), ("landscape", long, short))
        )
        if WORDS * scale >= SMALLEST_WORDS:
            break
    return f"{name} {way}", w, h


def posters(model: ContentModel, ctx: Context, cached: diagram.Cached) -> list[Poster]:
    """A poster of every decision guide in data/tools/, in the order of the files."""
    out = []
    for tool_id, tool in model.data.tools.items():
        if not isinstance(tool, ts.DecisionGuide):
            continue
        svg = diagram.svg_of(diagram.guide_diagram(model, tool_id), cached, {}, f"poster-{tool_id}")
        box = VIEWBOX.search(svg)
        if box is None:  # Graphviz always writes one
            raise ValueError(f"the diagram of data/tools/{tool_id}.yml has no viewBox to size its poster by.")
        width, height = map(float, box.groups())
        sheet, w, h = sheet_for(width, height)
        title = " ".join(tool.title.split())
        online = ctx.site_url + page_url(_page_of(model, tool_id))
        out.append(
            Poster(poster_path(tool_id), f"{title} (poster)", sheet, document(title, sheet, w, h, svg, online, ctx))
        )
    return out


def _page_of(model: ContentModel, tool_id: str) -> str:
    """The page that shows the guide (its decision_guide() call), or the tools' index."""
    return next(
        (
            p.src_uri
            for p in model.pages.values()
            for c in p.calls
            if c.name == "decision_guide" and c.args[:1] == (tool_id,)
        ),
        "tools/index.md",
    )


def document(title: str, sheet: str, width: float, height: float, svg: str, online: str, ctx: Context) -> str:
    """The print HTML of one poster: its own page size, with the diagram scaled into what is left."""
    esc = html.escape
    footer = f"Version {ctx.version} · built {ctx.build_date}"
    box_w, box_h = width - 2 * MARGIN, height - 2 * MARGIN - HEADER
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-NZ" class="pdf pdf-poster">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{esc(title)} (poster) – {esc(ctx.site_name)}</title>",
            f'<meta name="author" content="{esc(ctx.author)}">',
            f'<meta name="description" content="{esc(title)}: every question, answer and outcome of the guide.">',
            # Its own sheet, and the same running head and foot as every edition (print_html.document).
            f"<style>@page {{ size: {width}mm {height}mm; margin: {MARGIN}mm; "
            f"@top-left {{ content: {css_string(title)}; }} @bottom-left {{ content: {css_string(footer)}; }} "
            "@bottom-right { content: none; } } "
            f".pdf-poster__diagram {{ width: {box_w}mm; height: {box_h}mm; }} "
            ".pdf-poster__diagram svg { display: block; width: 100%; height: 100%; } "
            # A head of a fixed height, so the diagram always has the rest of the sheet: one page.
            f".pdf-poster__head {{ height: {HEADER}mm; overflow: hidden; font-size: 9.5pt; }} "
            ".pdf-poster h1 { font-size: 20pt; margin: 0 0 2mm; } "
            ".pdf-poster .pdf-status { max-width: none; margin: 0 0 2mm; } .pdf-poster__how { margin: 0; }</style>",
            "</head>",
            "<body>",
            '<div class="pdf-poster__head">',
            f"<h1>{esc(title)}</h1>",
            status(ctx),
            '<p class="pdf-poster__how">Each box is a question or an outcome, numbered as in the guide. Each '
            "arrow is an answer. Outcomes say how to go on: “Go ahead” (an oval), “Check first” (six sides) or "
            f'“Stop” (eight sides). Use the guide online: <a href="{esc(online)}">{esc(online)}</a></p>',
            "</div>",
            f'<div class="pdf-poster__diagram">\n{svg}\n</div>',
            "</body>",
            "</html>",
        ]
    )
