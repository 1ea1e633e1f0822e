"""What WeasyPrint's PDF tags leave out, for readers of the PDFs with a screen reader.

WeasyPrint 70 tags a PDF/UA document, but:
- it drops `lang` on elements (it writes only the document's), so "whānau" would be read with
  English rules: an element's `lang` is copied into the /Lang of its structure element;
- it marks the running headers and footers (the page's margin boxes) as content that no
  structure element holds: they are drawn as artifacts instead, as PDF/UA asks, so a screen
  reader does not read the edition's title on every page;
- a link annotation's /Contents is the link's target (`p-home`): it is the link's own words;
- table header cells have no /Scope: a header in the table head is a column's, one in the body
  a row's.

Each patch wraps a private WeasyPrint function, so it is tied to the pinned version: if one
moves, `install()` returns False and tests/test_pdf.py says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pydyf

if TYPE_CHECKING:  # WeasyPrint has no types (pyproject.toml): these names say what each value is
    from xml.etree.ElementTree import Element

    from weasyprint.formatting_structure.boxes import Box
    from weasyprint.pdf.stream import Stream
    from weasyprint.stacking import StackingContext

    # A link WeasyPrint found on a page: (kind, target, rectangle, box).
    Link = tuple[str, str, tuple[float, float, float, float], Box]

_installed = False


def install() -> bool:
    """Patch WeasyPrint once per process; False if this WeasyPrint lacks a function we wrap."""
    global _installed
    if _installed:
        return True
    try:
        import weasyprint.pdf as pdf
        from weasyprint import draw
        from weasyprint.formatting_structure import boxes
        from weasyprint.pdf import tags
        from weasyprint.pdf.stream import Stream

        functions = (tags._build_box_tree, draw.draw_stacking_context, pdf.add_links, Stream.marked, Stream.artifact)
    except (ImportError, AttributeError):
        return False
    build_box_tree, draw_stacking_context, add_links, marked, _ = functions

    sections: list[str] = []  # the table sections (thead, tbody, tfoot) being tagged, innermost last

    def tagged(box: Box, parent: pydyf.Dictionary, *args: object) -> Iterator[pydyf.Dictionary]:
        if isinstance(box, boxes.MarginBox):  # drawn as an artifact: nothing to tag
            return
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and hasattr(element, "get") else None
        section = box.element_tag if element is not None and box.element_tag in ("thead", "tbody", "tfoot") else None
        if section:
            sections.append(section)
        try:
            for struct in build_box_tree(box, parent, *args):
                if lang and box.element_tag not in ("html", "body") and "Lang" not in struct:
                    struct["Lang"] = pydyf.String(lang)
                if struct["S"] == "/TH" and "A" in struct and element is not None:  # a <th> has an element
                    struct["A"]["Scope"] = "/" + _scope(element, sections[-1] if sections else "thead")
                yield struct
        finally:
            if section:
                sections.pop()

    def drawn(stream: Stream, stacking_context: StackingContext) -> None:
        if not isinstance(stacking_context.box, boxes.MarginBox) or stream._tags is None:
            draw_stacking_context(stream, stacking_context)
            return
        with stream.artifact():
            stream.dpup_artifact = True
            try:
                draw_stacking_context(stream, stacking_context)
            finally:
                stream.dpup_artifact = False

    @contextmanager
    def marked_unless_artifact(self: Stream, box: Box, tag: str) -> Iterator[None]:
        if getattr(self, "dpup_artifact", False):  # inside an artifact: no marked content
            yield
            return
        with marked(self, box, tag):
            yield

    def linked(
        links_and_anchors: tuple[list[Link], object],
        matrix: object,
        document: pydyf.PDF,
        page: pydyf.Dictionary,
        names: object,
        tags_: object,
    ) -> None:
        add_links(links_and_anchors, matrix, document, page, names, tags_)
        for _type, _target, _rectangle, box in links_and_anchors[0]:
            annotation = getattr(box, "link_annotation", None)
            if annotation is not None and "Contents" in annotation:
                annotation["Contents"] = pydyf.String(_link_words(box))

    # The recursions look these names up in their modules, so they see the wrappers.
    tags._build_box_tree = tagged
    draw.draw_stacking_context = drawn
    pdf.add_links = linked
    Stream.marked = marked_unless_artifact
    _installed = True
    return True


def _scope(th: Element, section: str) -> str:
    """A header cell's scope: as written, else a column's in the table head, a row's in the body."""
    if th.get("scope") in ("row", "col"):
        return "Row" if th.get("scope") == "row" else "Column"
    return "Row" if section == "tbody" else "Column"


def _link_words(box: Box) -> str:
    """What a screen reader says for a link: its label, its title, or its words."""
    element = box.element
    words = " ".join("".join(element.itertext()).split()) if element is not None else ""
    for label in (element.get("aria-label"), element.get("title"), words) if element is not None else ():
        if label and label.strip():
            return label.strip()
    return "link"
