"""The Word and PowerPoint files on the downloads page, each made from the page or data it names.

| file | made from |
|---|---|
| office/consent-form.docx | guides/consent-form.md, "The form to copy" |
| office/privacy-notice.docx | data/tools/purpose-statement.yml, its notice: each {field} a prompt |
| office/communications-plan.docx | adopt/communications-plan.md, but its related pages |
| office/breach-register.docx | data/pages.yml office.breach_register_columns (the breaches guide lists them too) |
| office/board-report.docx | adopt/index.md, "Report progress to your board" |
| office/workshop-slides.pptx | adopt/workshop.md, data/principles.yml and the protocol pages (slides.py) |

Only the names and descriptions are in data/pages.yml (`office`). The files are written into the
built site, and only there, when the PDFs are made (hooks/pdf.py).
"""

from __future__ import annotations

import datetime as dt
import os
import string
from dataclasses import dataclass
from pathlib import Path

from ..content import schema
from ..content import tool_schema as ts
from ..content.model import ContentModel
from ..download import Download
from ..pdf.print_html import Context
from ..text import page_url
from . import slides, word
from .source import Block, Run, page_blocks, section, split_lead

FOLDER = "office"
CONSENT = ("guides/consent-form.md", "The form to copy")
NOTICE = ("purpose-statement", "tools/purpose-statement-builder.md")
PLAN = ("adopt/communications-plan.md", {"Related pages"})  # sections left out
BREACHES = "guides/privacy-breaches-and-complaints.md"
BOARD = ("adopt/index.md", "Report progress to your board")
EMPTY_ROWS = 15  # rows of the breach register to fill in


@dataclass(frozen=True)
class OfficeFile:
    path: str  # in the site
    key: str  # its texts in data/pages.yml, office.<key>
    data: bytes


def online(ctx: Context, src_uri: str) -> str:
    return ctx.site_url + page_url(src_uri)


def make_all(model: ContentModel, ctx: Context, date: dt.date) -> list[OfficeFile]:
    """Every file, in the order the downloads page lists them."""
    return [
        OfficeFile(f"{FOLDER}/consent-form.docx", "consent_form", consent_form(model, ctx, date)),
        OfficeFile(f"{FOLDER}/privacy-notice.docx", "privacy_notice", privacy_notice(model, ctx, date)),
        OfficeFile(f"{FOLDER}/communications-plan.docx", "communications_plan", communications_plan(model, ctx, date)),
        OfficeFile(f"{FOLDER}/breach-register.docx", "breach_register", breach_register(model, ctx, date)),
        OfficeFile(f"{FOLDER}/board-report.docx", "board_report", board_report(model, ctx, date)),
        OfficeFile(f"{FOLDER}/workshop-slides.pptx", "workshop_slides", slides.workshop(model, ctx)),
    ]


def write_all(model: ContentModel, ctx: Context, date: dt.date, site: Path) -> list[Download]:
    """Write every file into the built site, and nowhere else; what the downloads page lists."""
    texts = model.data.pages.office
    root = os.path.realpath(site)
    folder = Path(root, FOLDER)
    folder.mkdir(exist_ok=True)
    if folder.is_symlink() or os.path.realpath(folder) != str(folder):
        raise ValueError(f"office: {folder} is not a folder of the site; the files are written only there.")
    out = []
    for f in make_all(model, ctx, date):
        target = Path(root, f.path)
        if target.is_symlink() or os.path.realpath(target.parent) != str(folder):
            raise ValueError(f"office: {f.path} would be written outside the site.")
        target.write_bytes(f.data)
        about = getattr(texts, f.key)
        out.append(Download(f.path, about.title, " ".join(about.description.split()), texts.group))
    return out


def _heading(model: ContentModel, key: str) -> str:
    file: schema.OfficeFile = getattr(model.data.pages.office, key)
    return file.heading


def consent_form(model: ContentModel, ctx: Context, date: dt.date) -> bytes:
    """The form to copy: each numbered part ('### 1. Who we are', or a paragraph that starts
    '**1. Who we are**') a heading."""
    src, part = CONSENT
    found = section(page_blocks(model, src, ctx.site_url), part)
    heading = _heading(model, "consent_form")
    document = word.new_document(heading, model.page(src).meta.title, ctx, online(ctx, src), date)
    blocks = []
    for b in found:
        if b.kind == "heading":  # '### 1. Who we are': a part of the form, under the title
            blocks.append(Block("heading", b.runs, level=2))
        elif is_part(b):  # its words in bold the heading; the rest ("(use only if needed)") a note
            lead, rest = split_lead(b.runs)
            blocks += [Block("heading", [Run(lead)], level=2)] + ([Block("para", rest)] if rest else [])
        else:
            blocks.append(b)
    word.add_blocks(document, blocks)
    return word.save(document)


def is_part(b: Block) -> bool:
    """A paragraph that names a numbered part of the form: '**1. Who we are**'."""
    lead = split_lead(b.runs)[0] if b.kind == "para" and b.runs[0].bold else ""
    return lead.split(". ")[0].isdigit()


def prompt(field: ts.BuilderField) -> Run:
    """A {field} of the notice as what to write there: '[Which organisation …? For example: …]'."""
    words = " ".join(f"{field.label} {field.hint or ''}".split())
    return Run(f"[{words}]", italic=True)


def fill(template: str, fields: dict[str, ts.BuilderField], short: bool = False) -> list[Run]:
    """The notice's text with each {field} a prompt (its short label in brackets, for the title)."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            out.append(Run(literal))
        if name is not None:
            f = fields[name]
            out.append(Run(f"[{f.short}]") if short else prompt(f))
    return out


def privacy_notice(model: ContentModel, ctx: Context, date: dt.date) -> bytes:
    tool_id, src = NOTICE
    tool = model.data.tools[tool_id]
    assert isinstance(tool, ts.PurposeStatement)
    fields = {f.id: f for e in tool.elements for f in e.fields}
    heading = _heading(model, "privacy_notice")
    document = word.new_document(heading, tool.title, ctx, online(ctx, src), date)
    title = document.add_paragraph(style="Heading 2")
    word.add_runs(title, fill(tool.notice_title, fields, short=True))
    for part in tool.notice:
        word.add_heading(document, part.heading, 3)
        if part.when:
            word.add_runs(document.add_paragraph(), [Run(f"[Only if: {fields[part.when].label}]", italic=True)])
        for paragraph in part.paragraphs:
            word.add_runs(document.add_paragraph(), fill(paragraph, fields))
    return word.save(document)


def communications_plan(model: ContentModel, ctx: Context, date: dt.date) -> bytes:
    src, left_out = PLAN
    found = page_blocks(model, src, ctx.site_url)
    for name in left_out:
        drop = section(found, name)
        start = next(i for i, b in enumerate(found) if b.kind == "heading" and b.text == name)
        found = found[:start] + found[start + 1 + len(drop) :]
    document = word.new_document(
        _heading(model, "communications_plan"), model.page(src).meta.summary, ctx, online(ctx, src), date
    )
    word.add_blocks(document, found)
    return word.save(document)


def breach_register(model: ContentModel, ctx: Context, date: dt.date) -> bytes:
    texts = model.data.pages.office
    document = word.new_document(
        texts.breach_register.heading,
        texts.breach_register.description,
        ctx,
        online(ctx, BREACHES),
        date,
        landscape=True,
    )
    columns = texts.breach_register_columns
    word.add_runs(document.add_paragraph(), [Run(" ".join(texts.breach_register.description.split()))])
    word.add_table(document, [[[Run(c.name)] for c in columns]], header=True, empty_rows=EMPTY_ROWS)
    for c in columns:
        word.add_runs(document.add_paragraph(style="List Bullet"), [Run(c.name, bold=True), Run(f": {c.record}")])
    return word.save(document)


def board_report(model: ContentModel, ctx: Context, date: dt.date) -> bytes:
    """The guidance first, under the page's heading; then each part of the outline, a heading with
    what to write as its prompt."""
    src, name = BOARD
    found = section(page_blocks(model, src, ctx.site_url), name)
    document = word.new_document(_heading(model, "board_report"), name, ctx, online(ctx, src), date)
    word.add_heading(document, name, 2)
    outline = [b for b in found if b.kind == "item" and b.number is not None]
    word.add_blocks(document, [b for b in found if b not in outline])
    for item in outline:
        lead, rest = split_lead(item.runs)
        word.add_heading(document, lead, 2)
        word.add_runs(
            document.add_paragraph(),
            [Run("[", italic=True)] + [Run(r.text, italic=True, href=r.href) for r in rest] + [Run("]", italic=True)],
        )
    return word.save(document)
