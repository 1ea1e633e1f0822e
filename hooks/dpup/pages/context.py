"""What the templates show of a page besides its content: one object, from the typed model.

hooks/content.py puts it in every page's template context as `dpup`; the partials in
overrides/ read `dpup.meta.title`, `dpup.audiences` and so on, never `page.meta`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..content import review, schema
from ..content.errors import Problem, stop
from ..content.model import ContentModel
from ..history import changes
from ..history.consultation import Status as ConsultationStatus
from ..run import Run
from . import feedback
from .feedback import Feedback


@dataclass(frozen=True)
class PageContext:
    meta: schema.FrontMatter | None  # None for a page outside the model (the 404 page)
    all_audiences: list[schema.Audience]  # for the "I am …" switcher
    audiences: list[schema.Audience]  # whom this page is for
    review_overdue: datetime.date | None  # the date it fell due for review, if it has
    last_change: changes.LastChange | None = None  # the footer's "Last changed"
    pdf: str | None = None  # this page's PDF, relative to the page (hooks/pdf.py sets it)
    consultation: ConsultationStatus | None = None  # a draft out for consultation (hooks/history.py sets it)
    archived: Archived | None = None  # a page of an earlier version, kept at /v/<version>/: its banner
    feedback: Feedback | None = None  # "Was this page helpful?" by email, when the publisher sets an address
    # A page with a decision guide starts it at once: who the page is for moves below it.
    leads_with_tool: bool = False


@dataclass(frozen=True)
class Archived:
    """What the banner on a page of an archived build (bin/archive) says."""

    version: str
    date: datetime.date  # when that version was published (data/versions.yml)
    current: str  # the address of the same page in the current version


def page_context(
    model: ContentModel,
    src_uri: str | None,
    review_months: int,
    today: datetime.date,
    archived: Archived | None = None,
    address: str | None = None,
) -> PageContext:
    """For a page by its docs path; None for a page outside the model (the 404 page). `archived`:
    the page's banner in an archived build (archive_banner); `address`: where the page is published."""
    page = model.any_page(src_uri) if src_uri else None
    meta = page.meta if page else None
    return PageContext(
        meta=meta,
        all_audiences=list(model.data.audiences.values()),
        audiences=[model.data.audiences[a] for a in meta.audiences] if meta else [],
        review_overdue=review.overdue(meta, review_months, today) if meta else None,
        last_change=changes.last_change(meta, model.data.versions) if meta and src_uri in model.pages else None,
        archived=archived,
        feedback=feedback.links(model.publisher, meta.title, address, model.data.versions[0].version)
        if meta and address
        else None,
        leads_with_tool=any(call.name == "decision_guide" for call in page.calls) if page else False,
    )


def archive_banner(model: ContentModel, this_run: Run, page_url: str, current_url: str | None) -> Archived | None:
    """The banner of a page of an archived build; None for the current site.

    An archived build is published at /v/<version>/, so two folders above its root is the current
    site's root wherever the site is published: the link is relative, "../" per folder of the
    page's address, then two more. The offline copy opens from file://, out of reach of any
    relative link, so its banner links to `current_url`, the published site, when there is one.
    """
    if this_run.archived is None:
        return None
    published = next((v for v in model.data.versions if v.version == this_run.archived), None)
    if published is None:
        stop(
            Problem(
                "data/versions.yml",
                None,
                "versions",
                f"this is an archived build of version {this_run.archived} (tag v{this_run.archived}), "
                "which is not listed here; list every version you tag, newest first.",
            )
        )
    if this_run.offline and current_url:  # "a/b.html" -> "a/b/", "index.html" -> "": the published site's addresses
        path = page_url.removesuffix("index.html")
        path = path.removesuffix(".html") + "/" if path.endswith(".html") else path
        return Archived(published.version, published.date, current_url.rstrip("/") + "/" + path)
    return Archived(published.version, published.date, "../" * (page_url.count("/") + 2) + page_url)
