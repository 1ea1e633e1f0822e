"""Make pydyf's page references cheap to read, so a long PDF's tags are not quadratic.

pydyf 0.13 rebuilds `PDF.page_references` (one bytes string per page) on every read, and
WeasyPrint reads it once per tagged element and per link. For the large-print edition (about
600 pages, 37,000 reads) that was 23 million strings and a sixth of its render time. The
patched property keeps the tuple until a page is added; the PDF it writes is byte for byte the
same (tests/test_pdf.py).
"""

from __future__ import annotations

import pydyf

_original = pydyf.PDF.page_references


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]  # three items per page: number, 0, "R"; pages are only ever added
    cached: tuple[int, tuple[bytes, ...]] | None = pdf.__dict__.get("_dpup_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), _original.fget(pdf))
        pdf.__dict__["_dpup_page_references"] = cached
    return cached[1]


def install() -> bool:
    """Patch pydyf once per process; False if this pydyf has no such property to patch."""
    if not isinstance(_original, property):
        return False
    pydyf.PDF.page_references = property(_page_references)
    return True
