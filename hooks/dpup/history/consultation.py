"""Consultation on a draft: which consultation covers a page, whether it is open on the build
date, and where a reader gives feedback.

A page's own `consultation:` wins; otherwise the first of mkdocs.yml's `extra.consultations`
whose `pages` covers it ("guides/" covers every guide, "" the whole site). The page itself never
sends anything: "Have your say" is a plain link to a GitHub issue form or an email address.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal, TypedDict
from urllib.parse import quote, urlencode

from ..content import schema
from ..text import long_date

ISSUE_FORM = "consultation.yml"  # .github/ISSUE_TEMPLATE/consultation.yml


@dataclass(frozen=True)
class Status:
    consultation: schema.Consultation
    state: Literal["upcoming", "open", "closed"]
    feedback_url: str | None = None  # only while open


def covering(
    src_uri: str, meta: schema.FrontMatter | None, site_wide: list[schema.Consultation]
) -> schema.Consultation | None:
    """The consultation that covers the page, if any."""
    if meta and meta.consultation:
        return meta.consultation
    return next((c for c in site_wide if any(src_uri.startswith(prefix) for prefix in c.pages)), None)


def state(consultation: schema.Consultation, today: datetime.date) -> Literal["upcoming", "open", "closed"]:
    """Open from `opens` to `closes`, both days included."""
    if today < consultation.opens:
        return "upcoming"
    return "open" if today <= consultation.closes else "closed"


class FeedbackLink(TypedDict):
    """feedback_url's keywords: where to send feedback, and the page and version it is about."""

    repo_url: str | None
    page: str
    page_url: str
    section: str
    version: str


def feedback_url(
    consultation: schema.Consultation, repo_url: str | None, *, page: str, page_url: str, section: str, version: str
) -> str | None:
    """A pre-filled GitHub issue form, or the publisher's email address where it sets one."""
    subject = f"Feedback on {consultation.title}: {page}"
    if consultation.email:
        body = f"Page: {page_url}\nVersion: {version}\n\nPlease do not include anyone's personal information.\n"
        # The address percent-encoded as the link's path, never raw: nothing in it can add a header.
        address = quote(consultation.email, safe="@")
        return f"mailto:{address}?" + urlencode({"subject": subject, "body": body}, quote_via=quote)
    if not repo_url:
        return None
    fields = {
        "template": ISSUE_FORM,
        "title": subject,
        "page": f"{page} ({page_url})",
        "section": section,
        "version": version,
    }
    return f"{repo_url.rstrip('/')}/issues/new?" + urlencode(fields, quote_via=quote)


def status(
    src_uri: str,
    meta: schema.FrontMatter | None,
    site_wide: list[schema.Consultation],
    today: datetime.date,
    link: FeedbackLink | None = None,
) -> Status | None:
    """The page's consultation and its state on `today`; while it is open, the feedback link made
    from `link` (feedback_url's keywords), when given."""
    consultation = covering(src_uri, meta, site_wide)
    if consultation is None:
        return None
    now = state(consultation, today)
    url = feedback_url(consultation, **link) if link and now == "open" else None
    return Status(consultation, now, url)


def print_status(statuses: list[Status]) -> str:
    """What a PDF's cover says of the drafts in it; "" when none of its pages is a draft."""
    if not statuses:
        return ""
    first = min(statuses, key=lambda s: ("open", "upcoming", "closed").index(s.state))
    c = first.consultation
    closes, opens = long_date(c.closes), long_date(c.opens)
    return {
        "open": f"Draft for consultation until {closes}: {c.title}. The final text may change.",
        "upcoming": f"Draft: consultation on {c.title} opens on {opens}. The final text may change.",
        "closed": f"Draft: consultation on {c.title} closed on {closes}. The final text may change.",
    }[first.state]
