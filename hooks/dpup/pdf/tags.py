"""Keep te reo Māori tagged as Māori in the PDF, not only in the HTML.

WeasyPrint 70 writes the document language (<html lang>) into the PDF catalogue but
drops `lang` on elements, so a screen reader would read "whānau" with English rules.
This wraps its structure-tree builder to copy an element's `lang` into the /Lang of
the structure element made for it. It is tied to the pinned WeasyPrint: if the private
function moves, `install()` does nothing and tests/test_pdf.py says so.
"""

from __future__ import annotations

import pydyf

_installed = False


def install() -> bool:
    """Patch WeasyPrint's tagger once per process; False if this WeasyPrint has no hook for it."""
    global _installed
    if _installed:
        return True
    try:
        from weasyprint.pdf import tags
        original = tags._build_box_tree
    except (ImportError, AttributeError):
        return False

    def build_box_tree(box, parent, *args):
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and hasattr(element, "get") else None
        for struct in original(box, parent, *args):
            if lang and box.element_tag not in ("html", "body") and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    tags._build_box_tree = build_box_tree  # the recursion looks the name up here, so it sees this
    _installed = True
    return True
