"""Audience blocks, the generated audience views, the switcher and the coverage rule."""

import re

import pytest
import yaml

import changes
from conftest import ROOT, html_of, soup
from dpup.content.model import nav_order
from dpup.text import page_url

AUDIENCES = [a["id"] for a in yaml.safe_load((ROOT / "data/audiences.yml").read_text())["audiences"]]
BLOCK = re.compile(r"\{%-?\s*call\s+for_audience\(\s*[\"']([\w-]+)[\"']\s*\)")


def blocks_in_sources() -> list[tuple[str, str]]:
    """(page, audience) for every block written in docs/, in nav order, counted from the raw Markdown."""
    nav = nav_order(yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"])
    found = []
    for src in nav:
        path = ROOT / "docs" / src
        if path.exists():
            text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
            found += [(src, audience) for audience in BLOCK.findall(text)]
    return found


@pytest.mark.parametrize("audience", AUDIENCES)
def test_view_holds_exactly_the_blocks_for_its_audience_in_nav_order(site, audience):
    view = soup(site / "for" / audience / "index.html")
    blocks = view.select(".dpup-view-block")
    assert {b["data-audience"] for b in blocks} <= {audience}, "a block of another audience"
    expected = [src for src, a in blocks_in_sources() if a == audience]
    assert len(blocks) == len(expected)
    # Each block links back to its source page, in the same order as the sources.
    hrefs = [b.select_one(".dpup-view-block__source")["href"] for b in blocks]
    assert [re.sub(r"^(\.\./)+|#.*$", "", href) for href in hrefs] == [page_url(src) for src in expected]


def test_view_links_back_to_the_exact_block(site):
    view = soup(site / "for" / "frontline" / "index.html")
    href = view.select_one(".dpup-view-block__source")["href"]
    page, anchor = href.split("#")
    target = soup((site / "for" / "frontline" / page / "index.html").resolve())
    block = target.find(id=anchor)
    assert block is not None and block.name == "details" and block["data-audience"] == "frontline"


def test_view_has_intro_and_is_in_the_nav(site):
    view = soup(site / "for" / "analysts" / "index.html")
    intro = yaml.safe_load((ROOT / "data/audiences.yml").read_text())["audiences"][-1]["intro"]
    assert " ".join(intro.split()[:8]) in view.get_text(" ", strip=True)
    nav_links = [a["href"] for a in soup(site / "index.html").select(".md-nav a")]
    assert any(h.rstrip("/").endswith("for/analysts") for h in nav_links)


def test_blocks_are_labelled_sections_with_stable_ids(site):
    page = html_of(site, "principles/he-tangata.md")
    block = page.find("details", id="for-frontline")
    assert block["data-audience"] == "frontline"
    assert "For frontline workers" in block.summary.get_text(" ", strip=True)
    assert block.summary.find("svg") is not None  # the audience's icon


def test_page_header_lists_the_page_audiences(site):
    page = html_of(site, "principles/he-tangata.md")
    links = page.select(".dpup-page-audiences a")
    assert len(links) == 6
    assert all(re.search(r"for/[\w-]+/$", a["href"]) for a in links)


def test_editing_a_block_changes_page_and_view(changed_fixture):
    """tests/changes.py, edit_a_frontline_block."""
    marker = changes.BLOCK_MARKER
    result, site = changed_fixture
    assert result.returncode == 0, result.stderr
    assert marker in (site / "principles/he-tangata/index.html").read_text(encoding="utf-8")
    assert marker in (site / "for/frontline/index.html").read_text(encoding="utf-8")
    assert marker not in (site / "for/leaders/index.html").read_text(encoding="utf-8")


# --- the switcher, in a real browser ----------------------------------------------


def open_states(page):
    return page.eval_on_selector_all("details.dpup-audience", "els => els.map(e => [e.dataset.audience, e.open])")


def test_switcher_collapses_other_audiences_and_remembers(server, page):
    page.goto(server + "principles/he-tangata/")
    page.get_by_label("I am").select_option("analysts")
    assert all(is_open == (audience == "analysts") for audience, is_open in open_states(page))
    assert page.evaluate("localStorage.getItem('dpup.audience')") == "analysts"

    page.reload()
    assert all(is_open == (audience == "analysts") for audience, is_open in open_states(page))

    page.get_by_role("button", name="Show all audiences").click()
    assert all(is_open for _, is_open in open_states(page))
    assert page.evaluate("localStorage.getItem('dpup.audience')") is None


def test_switcher_works_by_keyboard(server, page):
    page.goto(server + "principles/he-tangata/")
    select = page.get_by_label("I am")
    select.focus()
    page.keyboard.press("ArrowDown")  # the first audience after "anyone"
    first = page.evaluate("document.getElementById('dpup-audience').value")
    assert first == AUDIENCES[0]
    assert all(is_open == (audience == first) for audience, is_open in open_states(page))
    assert "Showing the text for" in page.locator(".dpup-switcher [role=status]").inner_text()


def test_without_javascript_every_block_is_shown(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "principles/he-tangata/")
    states = page.eval_on_selector_all("details.dpup-audience", "els => els.map(e => e.hasAttribute('open'))")
    assert states and all(states)
    assert page.locator("[data-dpup-switcher]").is_hidden()
    context.close()
