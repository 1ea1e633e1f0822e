"""Feedback without an account: plain mailto links to the publisher's address, only when it is set,
with the page filled in and the warning never to include personal information (issue 28)."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

import changes as edits
from conftest import html_of
from dpup.content import schema
from dpup.pages import feedback

PUBLISHER = dict(
    name="P",
    status="An independent edition.",
    contact="https://example.org/contact",
    official_name="the official policy",
    official_url="https://example.org/policy",
)


def test_no_address_no_links(site):
    """The project sets no feedback address, so no page offers the links."""
    assert html_of(site, "guides/consent.md").select(".dpup-feedback") == []
    assert feedback.links(schema.Publisher(**PUBLISHER), "T", "https://x/", "1.1") is None


def test_each_page_offers_three_mailto_links_when_an_address_is_set(changed_fixture):
    done, site = changed_fixture
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    page = html_of(site, "guides/consent.md")
    [box] = page.select(".dpup-feedback")
    hrefs = [a["href"] for a in box.select("a")]
    assert len(hrefs) == 3 and all(h.startswith(f"mailto:{edits.FEEDBACK_EMAIL}?") for h in hrefs)
    fields = parse_qs(urlsplit(hrefs[2]).query)
    assert fields["subject"] == ["A problem on: Consent"]  # the page's title
    body = fields["body"][0]
    assert "guides/consent/" in body and "Version: " in body and "personal information" in body
    assert "personal information" in box.get_text()


@pytest.mark.parametrize(
    "bad", ["feedback@example.org?bcc=stranger@evil.example", "a@b.org,c@d.org", "name <a@b.org>", "a@b"]
)
def test_the_feedback_address_is_a_plain_address(bad):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        schema.Publisher(**PUBLISHER, feedback_email=bad)


def test_the_address_cannot_add_to_the_link():
    found = feedback.links(schema.Publisher(**PUBLISHER, feedback_email="a.b+c@example.org"), 'T "&?x=', "u", "1")
    address, _, query = found.problem.removeprefix("mailto:").partition("?")
    assert unquote(address) == "a.b+c@example.org" and set(parse_qs(query)) == {"subject", "body"}
