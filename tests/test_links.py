"""Links and HTML: every internal link and anchor on the built site resolves (generated pages, the
sitemap, search results and PDFs too), external links are https and open safely, and every page
parses without a single HTML error.

The HTML check is html5lib's implementation of the WHATWG parsing algorithm, with every parse
error counted as a failure. It is pure Python and offline, so it needs neither Java nor the
network, unlike the Nu validator (vnu.jar); README says why in "Quality checks".
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from checks import external_link_problems, html_parse_errors, internal_link_problems, parse, pdf_site_links, target_file
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "quality" / "broken-links.html"


def html_files(site):
    return sorted(site.rglob("*.html"))


def site_url(site) -> str:
    """The address the site was built for, from the home page's canonical link."""
    return parse((site / "index.html").read_text(encoding="utf-8")).find("link", rel="canonical")["href"]


def link_problems(site) -> list[str]:
    base_path, cache = urlsplit(site_url(site)).path, {}
    return [
        f"{path.relative_to(site)}: {problem}"
        for path in html_files(site)
        for problem in internal_link_problems(site, path, parse(path.read_text(encoding="utf-8")), base_path, cache)
    ]


def test_every_internal_link_and_anchor_resolves(site):
    assert link_problems(site) == []


def test_sitemap_and_search_results_point_to_built_pages(site):
    base = site_url(site)
    urls = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert urls
    missing = [u for u in urls if not target_file(site, site / "index.html", "/" + u.removeprefix(base))[0].is_file()]
    docs = json.loads((site / "search" / "lunr_index.json").read_text(encoding="utf-8"))["docs"]  # the worker's store
    page = parse("".join(f'<a href="{doc["location"] or "./"}"></a>' for doc in docs))
    assert missing + internal_link_problems(site, site / "index.html", page) == []


def test_external_links_are_https_and_open_safely(site):
    problems = [
        f"{p.relative_to(site)}: {problem}"
        for p in html_files(site)
        for problem in external_link_problems(parse(p.read_text(encoding="utf-8")))
    ]
    assert problems == [], "\n".join(problems)


def test_every_page_parses_without_errors(site):
    problems = [f"{p.relative_to(site)}: {e}" for p in html_files(site) for e in html_parse_errors(p.read_bytes())]
    assert problems == [], "\n".join(problems)


def test_links_in_pdfs_point_to_built_pages(site):
    pdfs = sorted(site.rglob("*.pdf"))
    if not pdfs:
        pytest.skip("this build made no PDFs (DPUP_PDF=0)")
    cache, problems, checked = {}, [], 0
    for pdf in pdfs:
        links = pdf_site_links(pdf, site_url(site))
        checked += len(links)
        page = parse("".join(f'<a href="{link}"></a>' for link in set(links)))
        found = internal_link_problems(site, site / "index.html", page, "/", cache)
        problems += [f"{pdf.relative_to(site)}: {p}" for p in found]
    assert checked, "no PDF links to the site to check"
    assert problems == [], "\n".join(problems)


# --- the checks catch what they should --------------------------------------


def test_a_page_with_broken_links_and_html_fails(site_with):
    site = site_with(FIXTURE.read_text())
    home = site / "index.html"
    problems = internal_link_problems(site, home, parse(home.read_text()))
    assert problems == ["nowhere/: no such file", "#no-such-section: no id 'no-such-section' in index.html"]
    assert external_link_problems(parse(home.read_text())) == [
        "http://example.com/: not https",
        "https://example.com/: target=_blank without rel=noopener",
    ]
    assert any("table-voodoo" in e for e in html_parse_errors(home.read_bytes()))


def test_the_link_rules(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2>')
    (tmp_path / "index.html").write_text("")
    page = parse(
        '<a href="a/#here">ok</a><a href="/site/a/">ok</a><a href="a/#gone">x</a><a href="b/">x</a>'
        '<a href="/elsewhere/">x</a><img src="data:image/png;base64,x"><a href="https://example.org/">ok</a>'
    )
    assert internal_link_problems(tmp_path, tmp_path / "index.html", page, "/site/") == [
        "a/#gone: no id 'gone' in a/index.html",
        "b/: no such file",
        "/elsewhere/: no such file",
    ]
    assert external_link_problems(
        parse(
            '<a href="https://x.nz/" target="_blank" rel="noopener">x</a>'
            '<a href="mailto:a@b.nz">mail</a><a href="ftp://x.nz/">x</a>'
        )
    ) == ["ftp://x.nz/: not https"]
    assert html_parse_errors("<!doctype html><title>t</title><p>ok") == []
    assert html_parse_errors("<title>t</title><p>x</p></div>")
