"""Traceable law, help where it is needed, and what this edition is, on every page and PDF.

The law data names each Act and provision exactly, links to it and says when it was last
checked; citations can be pinpointed; pages that tell people to report, share for safety or
complain show where to get help; every page and PDF cover says this is an independent edition.
"""

from __future__ import annotations

import datetime
import re

import pytest
import yaml
from conftest import ROOT, built_pages, soup

from dpup.content import model, review
from dpup.pages import fragments as render

LAWS = yaml.safe_load((ROOT / "data/laws.yml").read_text(encoding="utf-8"))["laws"]
PUBLISHER = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                      Loader=yaml.BaseLoader)["extra"]["publisher"]


@pytest.fixture(scope="module")
def data():
    return model.load_data(ROOT / "data")


def test_every_law_entry_links_to_the_act_and_says_when_it_was_checked(data):
    for act in data.laws.values():
        assert act.url.path.strip("/"), f"{act.id}: {act.url} is a home page"
        assert act.checked <= datetime.date.today(), f"{act.id}: checked in the future"
        if act.kind == "act":
            assert act.url.host == "www.legislation.govt.nz", f"{act.id}: an Act links to legislation.govt.nz"
            assert re.search(r"\b\d{4}$", act.name), f"{act.id}: an Act's name ends with its year"
        for p in act.provisions:
            assert p.title.strip() and p.cite.strip(), f"{act.id}/{p.id}: title and cite"
            if p.url:
                assert str(p.url).startswith(str(act.url).rsplit("/", 1)[0]), \
                    f"{act.id}/{p.id}: a section's address is under its Act's"


def test_statutory_headings_found_in_review():
    """Headings that were once wrong stay right (issue 18)."""
    provisions = {f"{a['id']}/{p['id']}": p for a in LAWS for p in a.get("provisions", [])}
    assert provisions["privacy-act-2020/ipp-3"]["title"] == "Collection of information from subject"
    assert provisions["privacy-act-2020/s-44"]["title"] == "Responding to IPP 6 request"
    assert "s-66k" in {p["id"] for a in LAWS if a["id"] == "oranga-tamariki-act-1989" for p in a["provisions"]}


def test_a_citation_can_be_pinpointed_to_a_subsection(data):
    content = model.ContentModel(data=data)
    link = render.law_link(content, "guides/x.md", "privacy-act-2020/s-115(2)")
    assert link.startswith("[s 115(2)](../law.md#privacy-act-2020-s-115 ")
    assert "section 115(2): Agency to notify" in link
    with pytest.raises(KeyError, match="pinpoints an Act"):
        render.law_link(content, "x.md", "privacy-act-2020(2)")


def test_laws_not_checked_for_a_year_are_reported(data):
    later = datetime.date(2030, 1, 1)
    stale = review.stale_laws(data.laws.values(), 12, later)
    assert "privacy-act-2020: checked 30 November 2026" in stale
    assert review.stale_laws(data.laws.values(), 12, datetime.date(2026, 12, 1)) == []


@pytest.mark.parametrize("day, months, expected", [
    ("2026-01-31", 1, "2026-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2026-11-30", 12, "2027-11-30"),
    ("2026-12-15", 1, "2027-01-15"),
])
def test_review_dates_keep_the_day_of_the_month(day, months, expected):
    assert review.add_months(datetime.date.fromisoformat(day), months) == datetime.date.fromisoformat(expected)


def test_every_contact_is_sourced_and_checked(data):
    for c in data.contacts.values():
        assert c.source.scheme == "https", c.id
        assert c.checked <= datetime.date.today(), c.id
    assert data.contacts["emergency"].number == "111"


# Pages whose text sends people to report a concern, act on danger or complain.
NEEDS_HELP = re.compile(r"report (a|your|the)? ?concern|in danger|family violence|\bcomplain|unsafe", re.IGNORECASE)


def test_pages_about_reporting_safety_or_complaints_show_where_to_get_help(site, data):
    from dpup.pages.fragments import AUDIENCE_VIEW
    from dpup.pages.views import AT_A_GLANCE, TOOL_PATHS
    from dpup.text import page_url

    # The generated pages (audience views, at a glance, tool paths) repeat text from pages that show them.
    generated = {page_url(src) for src in [AT_A_GLANCE, TOOL_PATHS, *(AUDIENCE_VIEW.format(id=a) for a in data.audiences)]}
    missing = []
    for path in built_pages(site):
        url = path.parent.relative_to(site).as_posix()
        article = soup(path).find("article")
        if article is None or (url + "/" if url != "." else "") in generated:
            continue
        if NEEDS_HELP.search(article.get_text(" ")) and not article.select(".dpup-help a[href^='tel:']"):
            missing.append(str(path.relative_to(site)))
    assert not missing, f"these pages mention reporting, danger or complaints but show no help numbers: {missing}"


def test_every_page_says_this_is_an_independent_edition(site):
    for path in sorted(site.rglob("*.html")):
        page = soup(path)
        if page.find("footer") is None:
            continue
        line = page.select_one(".dpup-footer__provenance")
        assert line is not None, f"{path.relative_to(site)} has no provenance line"
        assert "not the official policy" in line.get_text(), path
        assert line.find("a", href=PUBLISHER["official_url"]), path


@pytest.mark.parametrize("src", ["index.html", "about/index.html"])
def test_home_and_about_state_the_edition_and_link_the_official_policy(site, src):
    box = soup(site / src).select_one("article .dpup-provenance")
    assert box is not None and box.find("a", href=PUBLISHER["official_url"]), src


def test_every_pdf_cover_says_this_is_an_independent_edition(site):
    from pypdf import PdfReader

    pdfs = sorted((site / "pdf").rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs[:: max(1, len(pdfs) // 8)] + [site / "pdf/dpup.pdf"]:
        cover = " ".join(PdfReader(pdf).pages[0].extract_text().split())
        assert "not the official policy" in cover, pdf.name
        assert "digital.govt.nz" in cover, pdf.name
