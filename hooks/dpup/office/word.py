"""Word files (.docx) with python-docx, from the blocks of source.py.

Every file has real heading styles (Heading 1 for its title, then the page's own levels), its
language set to New Zealand English in the style defaults, core properties (title, subject,
language, version), and first, what this edition is: the publisher's status, the official
policy's address and the policy's version (pdf/print_html.Context, as every PDF says it).
Runs are text; the only link a file holds is a hyperlink to an http(s) address (source.py
decided which); nothing becomes a field code or an external reference.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..pdf.print_html import Context
from .source import Block, Run

LANGUAGE = "en-NZ"
LINK_COLOUR = RGBColor(0x1A, 0x4F, 0x8B)


def new_document(
    title: str, subject: str, ctx: Context, online: str, date: dt.date, landscape: bool = False
) -> Document:
    """An empty document with its title, what this edition is and where it came from."""
    document = docx.Document()
    _language(document)
    props = document.core_properties
    props.title, props.subject, props.language = title, subject, LANGUAGE
    props.author = props.last_modified_by = ctx.publisher or ctx.site_name
    props.version, props.keywords = ctx.version, ctx.site_name
    props.comments = ctx.status
    when = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    props.created = props.modified = when
    props.revision = 1
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    document.add_paragraph(title, style="Heading 1")
    notice = document.add_paragraph()
    add_runs(
        notice,
        [
            Run(f"{ctx.status} ", italic=True),
            Run(f"Read {ctx.official_name}: ", italic=True),
            Run(ctx.official_url, italic=True, href=ctx.official_url),
        ],
    )
    facts = document.add_paragraph()
    add_runs(
        facts,
        [
            Run(f"{ctx.site_name}, version {ctx.version}, {ctx.version_date}. "),
            Run("Made from "),
            Run(online, href=online),
            Run(f" on {ctx.build_date}."),
        ],
    )
    footer = section.footer.paragraphs[0]
    footer.text = f"{title} · {ctx.site_name}, version {ctx.version} · an independent edition, not the official policy"
    footer.style.font.size = Pt(8)
    return document


def _language(document: Document) -> None:
    """New Zealand English for all text: in the run defaults and the Normal style."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for element in (rpr, document.styles["Normal"].element.get_or_add_rPr()):
        lang = element.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            element.append(lang)
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)


def add_runs(paragraph: Paragraph, runs: list[Run]) -> None:
    for run in runs:
        if run.href and run.href.startswith(("http://", "https://")):
            _hyperlink(paragraph, run.href, run)
        else:
            r = paragraph.add_run(run.text)
            r.bold, r.italic = run.bold or None, run.italic or None


def _hyperlink(paragraph: Paragraph, href: str, run: Run) -> None:
    """A hyperlink to an http(s) address: an external relationship of type hyperlink, nothing else."""
    r_id = paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    r = paragraph.add_run(run.text)
    r.bold, r.italic = run.bold or None, run.italic or None
    r.font.underline, r.font.color.rgb = True, LINK_COLOUR
    r._r.addprevious(link)
    link.append(r._r)


def add_heading(document: Document, text: str, level: int) -> Paragraph:
    return document.add_paragraph(text, style=f"Heading {max(1, min(level, 6))}")


def add_blocks(document: Document, blocks: list[Block]) -> None:
    """Each block as Word holds it: headings at their level, lists, terms, tables."""
    numbered: dict[int, tuple[int, int]] = {}  # depth -> (last number, numbering) of each open numbered list
    for b in blocks:
        if b.kind == "heading":
            add_runs(
                document.add_paragraph(style=f"Heading {max(2, min(b.level, 6))}"),
                [Run(r.text, href=r.href) for r in b.runs],
            )
        elif b.kind == "item":
            numbered = {depth: n for depth, n in numbered.items() if depth <= b.level}  # deeper lists ended
            if b.number is not None:
                style = "List Number" if b.level < 2 else "List Number 2"
                p = document.add_paragraph(style=style)
                last, num_id = numbered.get(b.level, (0, 0))
                if not num_id or b.number <= last:
                    num_id = new_list(document, style, b.number)
                numbered[b.level] = (b.number, num_id)
                number_as(p, num_id)
                add_runs(p, b.runs)
            else:
                p = document.add_paragraph(style="List Bullet" if b.level < 2 else "List Bullet 2")
                add_runs(p, b.runs)
        elif b.kind == "term":
            p = document.add_paragraph()
            p.paragraph_format.keep_with_next = True
            add_runs(p, [Run(r.text, bold=True, italic=r.italic, href=r.href) for r in b.runs])
        elif b.kind == "table":
            add_table(document, b.rows, b.header)
        else:
            p = document.add_paragraph(style="List Continue" if b.level else None)
            add_runs(p, b.runs)
        if b.kind != "item" and not (b.kind == "para" and b.level):  # a paragraph inside an item keeps lists open
            numbered = {}


def new_list(document: Document, style: str, start: int) -> int:
    """A numbered list of its own: Word numbers every "List Number" paragraph as one list unless
    a list has its own numbering instance, here one that starts at `start`."""
    numbering = document.part.numbering_part.numbering_definitions._numbering
    style_num = document.styles[style].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    num_id: int = num.numId  # python-docx leaves its XML attributes untyped
    return num_id


def number_as(paragraph: Paragraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def add_table(document: Document, rows: list[list[list[Run]]], header: bool = True, empty_rows: int = 0) -> Table:
    """A table with a header row that repeats on each page; `empty_rows` more rows to fill in."""
    width = max(len(r) for r in rows)
    table: Table = document.add_table(rows=len(rows) + empty_rows, cols=width)  # python-docx: untyped return
    table.style = "Table Grid"
    for row, cells in zip(table.rows, rows):
        for cell, runs in zip(row.cells, cells):
            add_runs(
                cell.paragraphs[0],
                [
                    Run(r.text, bold=r.bold or (header and row is table.rows[0]), italic=r.italic, href=r.href)
                    for r in runs
                ],
            )
    if header:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
    return table


def save(document: Document) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()
