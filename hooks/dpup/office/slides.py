"""The workshop's slides (.pptx) with python-pptx, from adopt/workshop.md and the content model.

A title slide (with what this edition is), the agenda, one slide per principle (data/principles.yml)
and per protocol (the protocol pages' titles and summaries), then each exercise and each of its
scenario cards. Every slide's title is in its title placeholder, so a screen reader starts there;
the facilitator's notes and the points to draw out (or the answers) from the page are its notes.
Every run is in New Zealand English, but the principles' names, which are te reo Māori.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.presentation import Presentation as Deck
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.slide import Slide
from pptx.util import Emu, Pt

from ..content.model import ContentModel
from ..pdf.print_html import Context
from ..text import page_url
from .source import Block, page_blocks, plain, section, split_lead

WORKSHOP = "adopt/workshop.md"
AGENDA, NOTES = "Agenda", "Facilitator notes"
EXERCISE, CARDS, POINTS, ANSWERS = "Exercise", "Scenario cards", "Points to draw out", "Answers"
ABOUT, SESSION_ONE = "About this pack", "Session 1: Why it matters"
PRINCIPLES_ITEM, PROTOCOLS_ITEM = "The five principles", "The four protocols"  # items of Session 1
LANGUAGE, TE_REO = "en-NZ", "mi-NZ"
MARGIN = Emu(609600)  # each side of a slide, half an inch
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 16:9
TITLE_SLIDE, CONTENT = 0, 1  # the default template's layouts: title first in each


def workshop(model: ContentModel, ctx: Context) -> bytes:
    found = page_blocks(model, WORKSHOP, ctx.site_url)
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    props = deck.core_properties
    props.title = model.data.pages.office.workshop_slides.heading
    props.subject, props.language = model.page(WORKSHOP).meta.title, LANGUAGE
    props.author = props.last_modified_by = ctx.publisher or ctx.site_name
    props.version, props.comments, props.revision = ctx.version, ctx.status, 1

    title: Slide = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])  # python-pptx: slides is untyped
    _title(title).text = props.title
    _span(_title(title))
    _span(title.placeholders[1])
    sub = title.placeholders[1].text_frame
    sub.text = f"{ctx.status} Read {ctx.official_name}: "
    link = sub.paragraphs[0].add_run()
    link.text = ctx.official_url
    link.hyperlink.address = ctx.official_url
    sub.add_paragraph().text = f"{ctx.site_name}, version {ctx.version}, {ctx.version_date}"
    _fit(title.placeholders[1], 18)
    _notes(title, section(found, ABOUT))

    agenda = section(found, AGENDA)
    table = next(b for b in agenda if b.kind == "table")
    rows = [[plain(c) for c in r] for r in table.rows[1 if table.header else 0 :]]
    _slide(
        deck,
        AGENDA,
        [" – ".join(x for x in (r[0], ": ".join(y for y in r[1:] if y)) if x) for r in rows],
        [b for b in agenda if b.kind != "table"],
    )

    notes = section(found, NOTES)
    # "Session 1: Why it matters (30 minutes)": its name, then its length.
    session_one = section(notes, next(b.text for b in notes if b.kind == "heading" and b.text.startswith(SESSION_ONE)))
    for p in model.data.principles.values():
        slide = _slide(
            deck,
            p.name,
            [p.kupu, " ".join(p.statement.split())],
            _item(session_one, PRINCIPLES_ITEM),
            extra=[model.page(p.page).meta.summary, ctx.site_url + page_url(p.page)],
        )
        for run in (r for para in _title(slide).text_frame.paragraphs for r in para.runs):
            run.font._rPr.set("lang", TE_REO)
    for page in model.pages_of_kind("protocol"):
        _slide(
            deck,
            page.meta.title,
            [" ".join(page.meta.summary.split())],
            _item(session_one, PROTOCOLS_ITEM),
            extra=[ctx.site_url + page_url(page.src_uri)],
        )

    for heading in [b.text for b in found if b.kind == "heading" and b.level == 2 and b.text.startswith(EXERCISE)]:
        _exercise(deck, heading, section(found, heading), notes)
    _language(deck)
    out = BytesIO()
    deck.save(out)
    return out.getvalue()


def _item(found: list[Block], lead: str) -> list[Block]:
    return [b for b in found if b.kind == "item" and split_lead(b.runs)[0] == lead]


def _exercise(deck: Deck, heading: str, found: list[Block], notes: list[Block]) -> None:
    """The exercise's slide (its aim, what you need, its steps), then a slide per scenario card."""
    subsections = {b.text for b in found if b.kind == "heading"}
    body = found[: next((i for i, b in enumerate(found) if b.kind == "heading"), len(found))]
    name = heading.split(":")[0]  # "Exercise 1"
    run_it = [
        b for h in (b.text for b in notes if b.kind == "heading") for b in section(notes, h) if f"Run {name}" in b.text
    ]
    points = section(found, POINTS) if POINTS in subsections else []
    answers = section(found, ANSWERS) if ANSWERS in subsections else []
    cards = [b for b in (section(found, CARDS) if CARDS in subsections else []) if b.kind == "para"]
    card_points = {split_lead(b.runs)[0].split(".")[0]: b for b in points if b.kind == "para" and b.runs[0].bold}
    general = [b for b in points if b not in card_points.values()]
    _slide(deck, heading, [_line(b) for b in body], run_it + general + answers)
    for card in cards:
        lead, rest = split_lead(card.runs)
        said = card_points.get(lead.split(":")[0])
        _slide(deck, lead, [plain(rest)], [said] if said else [])


def _line(b: Block) -> str | tuple[str, int]:
    text = f"{b.number}. {b.text}" if b.number is not None else b.text
    return (text, b.level - 1) if b.kind == "item" else text


def _span(shape: BaseShape) -> None:
    """Across the slide: the default template places its placeholders for a 4:3 slide, not 16:9.
    (A placeholder's position is the layout's until set, and then all four numbers are its own.)"""
    top, height = shape.top, shape.height
    shape.left, shape.top, shape.width, shape.height = MARGIN, top, Emu(WIDTH - 2 * MARGIN), height


def _slide(
    deck: Deck, title: str, lines: Sequence[str | tuple[str, int]], notes: list[Block], extra: Sequence[str] = ()
) -> Slide:
    slide: Slide = deck.slides.add_slide(deck.slide_layouts[CONTENT])  # python-pptx: slides is untyped
    _title(slide).text = title
    _span(_title(slide))
    body = slide.placeholders[1]
    _span(body)
    body.top, body.height = Emu(1600200), HEIGHT - Emu(2057400)
    frame = body.text_frame
    for n, line in enumerate(lines):
        text, level = line if isinstance(line, tuple) else (line, 0)
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.text, para.level = text, max(0, min(level, 4))
    _fit(body, 24 if sum(len(str(x)) for x in lines) < 400 else 16)
    _notes(slide, notes, extra)
    return slide


def _title(slide: Slide) -> Shape:
    """The slide's title placeholder: both layouts used (TITLE_SLIDE, CONTENT) have one."""
    shape = slide.shapes.title
    if shape is None:
        raise ValueError("office: the workshop slides' layout has no title placeholder.")
    return shape


def _fit(shape: Shape, size: int) -> None:
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for para in frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(size)


def _notes(slide: Slide, blocks: list[Block], extra: Sequence[str] = ()) -> None:
    lines = [_line(b) for b in blocks if b.kind != "table"] + list(extra)
    text = "\n".join(x[0] if isinstance(x, tuple) else x for x in lines)
    if text.strip():
        frame = slide.notes_slide.notes_text_frame
        if frame is None:
            raise ValueError("office: the workshop slides' notes page has no notes placeholder.")
        frame.text = " ".join(text.split(" "))


def _language(deck: Deck) -> None:
    """New Zealand English on every run and paragraph end, in the slides, their notes, and the
    deck's default text style (the template says en-US); te reo Māori runs keep mi-NZ."""
    parts = [deck.part] + [s.part for s in deck.slides] + [s.notes_slide.part for s in deck.slides if s.has_notes_slide]
    for part in parts:
        for element in part._element.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag in ("rPr", "endParaRPr", "defRPr") and element.get("lang") != TE_REO:
                element.set("lang", LANGUAGE)
