"""The strict build: it succeeds, renders every page, changes no source and calls no other host."""

import datetime
import re

import pytest

import changes
from conftest import ROOT, built_pages, html_of, soup, tree_digest

DOCS = ROOT / "docs"


def source_pages() -> list[str]:
    return sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))


def test_build_succeeds(site):
    assert (site / "index.html").is_file()
    assert (site / "sitemap.xml").is_file()


@pytest.mark.parametrize("src", source_pages())
def test_every_page_is_rendered(site, src):
    from dpup.text import page_url

    out = site / page_url(src) / "index.html"
    assert out.is_file(), f"docs/{src} has no built page at {out.relative_to(site)}"


def test_build_leaves_docs_and_data_unchanged(site, sources_before_build):
    assert tree_digest(ROOT / "docs", ROOT / "data") == sources_before_build


# Elements and attributes through which a page makes the browser fetch something.
FETCHING = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "srcset",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
    "link": "href",
}
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)


def test_no_page_fetches_from_another_host(site):
    offenders = []
    for page in built_pages(site) + [site / "404.html"]:
        doc = soup(page)
        for tag, attr in FETCHING.items():
            for el in doc.find_all(tag):
                if tag == "link" and not set(el.get("rel", [])) & {
                    "stylesheet",
                    "icon",
                    "preload",
                    "modulepreload",
                    "manifest",
                    "prefetch",
                }:
                    continue  # rel=canonical, alternate etc. are not fetched
                value = el.get(attr) or ""
                if EXTERNAL.match(value):
                    offenders.append(f"{page.relative_to(site)}: <{tag} {attr}={value}>")
        for style in doc.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]):
                offenders.append(f"{page.relative_to(site)}: inline style {style['style'][:60]}")
    assert not offenders, "\n".join(offenders)


def test_no_stylesheet_fetches_from_another_host(site):
    offenders = [
        str(css.relative_to(site))
        for css in site.rglob("*.css")
        if re.search(r"(@import|url\()\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_pages_are_in_english_with_a_description(site):
    doc = soup(site / "index.html")
    assert doc.html["lang"] == "en"
    assert doc.find("meta", attrs={"name": "description"})["content"].strip()


def test_footer_shows_version_and_review_date(site):
    footer = soup(site / "principles" / "he-tangata" / "index.html").find("footer").get_text(" ", strip=True)
    assert re.search(r"version \d+\.\d+", footer)
    assert "last reviewed on" in footer


def test_edit_link_points_at_the_page_source(site):
    edit = soup(site / "principles" / "he-tangata" / "index.html").find("a", rel="edit")
    assert edit["href"].endswith("docs/principles/he-tangata.md")


def test_logo_and_favicon_are_made_in_project(site):
    doc = soup(site / "index.html")
    assert doc.find("link", rel="icon")["href"].endswith("assets/images/favicon.svg")
    assert (site / "assets" / "images" / "logo.svg").read_text().startswith("<svg")


def test_review_dates():
    from types import SimpleNamespace as Meta

    from dpup.content import review

    reviewed = Meta(reviewed=datetime.date(2026, 11, 20), review_by=None)
    assert review.due(reviewed, 12) == datetime.date(2027, 11, 20)
    assert review.due(Meta(reviewed=reviewed.reviewed, review_by=datetime.date(2027, 3, 1)), 12) == datetime.date(
        2027, 3, 1
    )
    assert review.overdue(reviewed, 12, datetime.date(2027, 11, 21)) == datetime.date(2027, 11, 20)
    assert review.overdue(reviewed, 12, datetime.date(2027, 11, 20)) is None
    assert review.due(Meta(reviewed=None, review_by=None), 12) is None


def test_a_page_past_its_review_date_tells_readers(changed_fixture):
    """tests/changes.py, put_a_review_date_in_the_past."""
    result, site_dir = changed_fixture
    assert result.returncode == 0, result.stderr
    assert "docs/principles/he-tangata.md was due for review on 2026-01-31" in result.stderr
    notice = html_of(site_dir, "principles/he-tangata.md").select_one(".dpup-review-overdue")
    assert notice is not None and "31 January 2026" in notice.get_text()
    assert html_of(site_dir, changes.OTHER_PRINCIPLE).select_one(".dpup-review-overdue") is None
