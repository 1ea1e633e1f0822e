"""What the templates show of a page besides its content: one object, from the typed model.

hooks/content.py puts it in every page's template context as `dpup`; the partials in
overrides/ read `dpup.meta.title`, `dpup.audiences` and so on, never `page.meta`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..content import review, schema
from ..content.model import ContentModel


@dataclass(frozen=True)
class PageContext:
    meta: schema.FrontMatter | None  # None for a page outside the model (the 404 page)
    all_audiences: list[schema.Audience]  # for the "I am …" switcher
    audiences: list[schema.Audience]  # whom this page is for
    review_overdue: datetime.date | None  # the date it fell due for review, if it has
    pdf: str | None = None  # this page's PDF, relative to the page (hooks/pdf.py sets it)


def page_context(model: ContentModel, src_uri: str | None, review_months: int, today: datetime.date) -> PageContext:
    """For a page by its docs path; None for a page outside the model (the 404 page)."""
    page = model.any_page(src_uri) if src_uri else None
    meta = page.meta if page else None
    return PageContext(
        meta=meta,
        all_audiences=list(model.data.audiences.values()),
        audiences=[model.data.audiences[a] for a in meta.audiences] if meta else [],
        review_overdue=review.overdue(meta, review_months, today) if meta else None,
    )
