"""Feedback without an account: "Was this page helpful?" and "Report a problem" as plain mailto
links to the address the publisher sets (mkdocs.yml `extra.publisher.feedback_email`).

The page sends nothing: a link opens the reader's own email, with the page and version filled in
and a reminder never to include anyone's personal information. No address set: no links.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from ..content import schema

WARNING = "Please do not include anyone's personal information: no names, addresses or details of a case."


@dataclass(frozen=True)
class Feedback:
    helpful: str  # mailto: "Yes, it helped"
    not_helpful: str  # mailto: "No, it did not"
    problem: str  # mailto: "Report a problem"


def links(publisher: schema.Publisher | None, title: str, address: str, version: str) -> Feedback | None:
    """The three mailto links for a page, or None when the publisher sets no feedback address."""
    if publisher is None or not publisher.feedback_email:
        return None
    email = publisher.feedback_email

    def mail(subject: str, ask: str) -> str:
        body = f"{ask}\n\nPage: {title}\nAddress: {address}\nVersion: {version}\n\n{WARNING}\n"
        return f"mailto:{quote(email, safe='@')}?" + urlencode({"subject": subject, "body": body}, quote_via=quote)

    return Feedback(
        helpful=mail(f"This page helped: {title}", "What helped? (optional)"),
        not_helpful=mail(f"This page did not help: {title}", "What were you looking for?"),
        problem=mail(f"A problem on: {title}", "What is wrong, or missing?"),
    )
