"""A file of the built site that the downloads page lists.

Every output registers its files with the build (build.py) and pdf/downloads.py writes the
table: the record lives here, below both, so the build depends on no output.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Download:
    path: str  # in the site, e.g. "pdf/dpup.pdf"
    title: str
    description: str
    group: str = "Other downloads"  # the table it is listed in
    pages: int | None = None  # PDFs only
