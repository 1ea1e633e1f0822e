"""Accessibility (WCAG 2.2 AA): axe-core on every page in light, a page of each kind in dark, and
on each tool in use.

One browser tab per colour scheme, reused for every page. Material picks its palette from
the `prefers-color-scheme` media query when the reader has not chosen one, so emulating the
media query is the same as a first-time reader whose system is dark. The structural checks
(headings, link text, alt text, skip link) read the built HTML; tests/checks.py holds the rules.
"""

from __future__ import annotations

import pytest

from browsing import TOOLS, search, use_tools
from checks import (
    WCAG_TAGS,
    heading_name_problems,
    heading_problems,
    img_alt_problems,
    landmark_name_problems,
    link_text_problems,
    parse,
    skip_link_problems,
    table_header_problems,
)
from conftest import ROOT, built_pages
from dpup.local import serving
from dpup.text import page_url

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FIXTURE = ROOT / "tests" / "fixtures" / "quality" / "inaccessible.html"
# Material's scheme for each media query. Only colours change with the scheme, so the dark pass
# runs axe's colour rules only; the light pass runs every WCAG 2.2 A/AA rule (checks.WCAG_TAGS).
SCHEMES = {
    "light": ("default", {"type": "tag", "values": WCAG_TAGS}),
    "dark": ("slate", {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}),
}
# The navigation sidebar is the same on every page: check it in full on the home page only.
NAV = [".md-sidebar--primary"]


@pytest.fixture(scope="module")
def tabs(browser):
    """One tab per colour scheme, each with axe-core loaded in every document."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (bin/setup --test does).", pytrace=False)
    contexts, tabs = [], {}
    for scheme in SCHEMES:
        contexts.append(browser.new_context(color_scheme=scheme))
        contexts[-1].add_init_script(path=str(AXE))  # runs before the page's scripts; CSP does not apply
        tabs[scheme] = contexts[-1].new_page()
    yield tabs
    for context in contexts:
        context.close()


def open_page(tab, scheme: str, url: str) -> None:
    tab.goto(url)
    shown = tab.evaluate("document.body.dataset.mdColorScheme")
    assert shown == SCHEMES[scheme][0], f"{url}: the palette did not follow a {scheme} system"


def start_axe(tab, scheme: str, exclude=()) -> None:
    """Start axe without waiting, so the other tab can load its page meanwhile (two renderers)."""
    # Wait for CSS transitions (Material fades the header title in on scroll): half-faded text
    # is not what a reader sees for more than a moment.
    tab.evaluate(
        "([exclude, runOnly]) => { window.__axe = "
        "Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))"
        ".then(() => axe.run({exclude: exclude.map(s => [s])}, {runOnly, resultTypes: ['violations']}))"
        ".then(r => r.violations); }",
        [list(exclude), SCHEMES[scheme][1]],
    )


def axe_violations(tab, label: str = "") -> list[str]:
    """The violations axe found, one line per element."""
    return [
        f"{label}{v['id']}: {node['target']} {node['failureSummary'].splitlines()[-1].strip()}"
        for v in tab.evaluate("window.__axe")
        for node in v["nodes"]
    ]


def check_both_schemes(
    tabs, url: str, label: str, prepare=lambda tab: None, exclude=(), schemes=tuple(SCHEMES)
) -> list[str]:
    tabs = {scheme: tab for scheme, tab in tabs.items() if scheme in schemes}
    for scheme, tab in tabs.items():
        open_page(tab, scheme, url)
        prepare(tab)
        start_axe(tab, scheme, exclude)
    return [p for scheme, tab in tabs.items() for p in axe_violations(tab, f"{label} ({scheme}): ")]


def rel(site, path) -> str:
    return path.parent.relative_to(site).as_posix().removeprefix(".") + "/"


SHARDS = 4  # the pages in four tests, so pytest-xdist can share them between workers


def dark_sample(urls: list[str]) -> set[str]:
    """The pages the dark scheme is checked on: the first of each section and every page at the
    top (home, law, glossary, downloads, at a glance). Colours come from the scheme, not the
    page, so one page of each kind shows every component in dark; this halves the suite's
    longest test."""
    first: dict[str, str] = {}
    for url in urls:
        parts = url.strip("/").split("/")
        first.setdefault(parts[0] if len(parts) > 1 else url, url)
    return set(first.values())


@pytest.mark.heavy
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_has_no_axe_violations(tabs, server, site, shard):
    """Every page in light; a page of each kind in dark as well (dark_sample)."""
    urls = [rel(site, path) for path in built_pages(site)]
    dark = dark_sample(urls)
    problems = []
    for url in urls[shard::SHARDS]:
        schemes = tuple(SCHEMES) if url in dark else ("light",)
        problems += check_both_schemes(
            tabs, server + url.lstrip("/"), url, exclude=NAV if url != "/" else (), schemes=schemes
        )
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("tool", TOOLS)
def test_each_tool_in_use_has_no_axe_violations(tabs, server, tool):
    def use(tab):
        assert use_tools(tab) >= 1
        assert heading_problems(parse(tab.content())) == []

    problems = check_both_schemes(tabs, f"{server}tools/{tool}/", f"tools/{tool} in use", use, exclude=NAV)
    assert problems == [], "\n".join(problems)


def test_search_results_and_the_audience_switcher_have_no_axe_violations(tabs, server):
    def use(tab):
        tab.select_option(".dpup-switcher__select", index=1)
        assert search(tab) > 0

    problems = check_both_schemes(tabs, server, "search", use)
    assert problems == [], "\n".join(problems)


def test_structure_of_every_page(site):
    """One h1, no skipped heading levels, meaningful link text, alt text, a skip link, named
    navigation landmarks, no "¶" in a heading's name, and no empty table header."""
    problems = []
    for path in built_pages(site):
        page = parse(path.read_text(encoding="utf-8"))
        for check in (
            heading_problems,
            link_text_problems,
            img_alt_problems,
            skip_link_problems,
            landmark_name_problems,
            heading_name_problems,
            table_header_problems,
        ):
            problems += [f"{rel(site, path)}: {p}" for p in check(page)]
    assert problems == [], "\n".join(problems)


FOCUS_STYLE = """() => {
    const s = getComputedStyle(document.activeElement);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    return {tag: document.activeElement.outerHTML.slice(0, 80), visible: outline || s.boxShadow !== 'none'};
}"""


@pytest.mark.parametrize("path", ["", "tools/purpose-statement-builder/"])
def test_keyboard_focus_is_always_visible(page, server, path):
    """Tab through the first elements: each focused one has an outline (or focus ring) drawn."""
    page.goto(server + path)
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert skip[0] == "Skip to content" and skip[1].endswith("#page-title")
    assert page.evaluate(FOCUS_STYLE)["visible"]
    for _ in range(30):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        assert focus["visible"], f"no visible focus on {focus['tag']}"


# --- the checks catch what they should --------------------------------------


def test_a_hidden_focus_outline_is_caught(page, server):
    page.goto(server)
    page.add_style_tag(content="*:focus, *:focus-visible { outline: none !important; box-shadow: none !important }")
    page.keyboard.press("Tab")
    assert not page.evaluate(FOCUS_STYLE)["visible"]


def test_a_page_that_breaks_the_rules_fails(site_with, browser):
    """A fixture page with low contrast, no alt text, 'click here' and a skipped level is caught."""
    site = site_with(FIXTURE.read_text())
    page = parse((site / "index.html").read_text(encoding="utf-8"))
    assert any("h2 is followed by h4" in p for p in heading_problems(page))
    assert any("'click here'" in p for p in link_text_problems(page))
    assert img_alt_problems(page)
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    with serving(site) as base:
        tab = context.new_page()
        tab.goto(base)
        start_axe(tab, "light")
        found = {line.split(":")[0] for line in axe_violations(tab)}
    context.close()
    assert {"color-contrast", "image-alt"} <= found


def test_the_structure_rules():
    good = parse(
        '<a href="#main">Skip to content</a><h1>T</h1><h2>A</h2><h3>B</h3><h2>C</h2>'
        '<main id="main"><a href="x/">The Privacy Act</a><img src="a.png" alt=""></main>'
    )
    checks = (heading_problems, link_text_problems, img_alt_problems, skip_link_problems)
    assert [check(good) for check in checks] == [[]] * 4
    assert heading_problems(parse("<h2>A</h2><h1>B</h1><h1>C</h1>")) == [
        "2 h1 elements (want exactly one)",
        "the first heading is h2, not h1",
    ]
    assert link_text_problems(parse('<a href="x">Read more…</a><a href="y"> </a>')) == [
        "link to x says only 'Read more…'",
        "link to y has no text",
    ]
    assert skip_link_problems(parse('<a href="#gone">Skip</a>')) == ["the skip link's target #gone is missing"]
    assert skip_link_problems(parse('<a href="/">Home</a>')) == ["the first link on the page is not a skip link"]
    assert table_header_problems(parse('<table><tr><th>A</th><th aria-label="B"></th></tr></table>')) == []
    assert table_header_problems(parse("<table><tr><th> </th><th>A</th></tr></table>")) == [
        "a table has an empty header cell: <tr><th> </th><th>A</th></tr>"
    ]


def test_consultation_banners_and_what_we_heard_have_no_axe_violations(tabs, changed_fixture):
    """The banners in each state and a "What we heard" page, which only the changed fixture has."""
    import changes as edits

    done, site_dir = changed_fixture
    assert done.returncode == 0, done.stdout + done.stderr
    pages = [
        page_url(src.removeprefix("docs/"))
        for src in (edits.OPEN_PAGE, edits.CLOSED_PAGE, edits.UPCOMING_PAGE, edits.HEARD_PAGE)
    ]
    with serving(site_dir) as base:
        problems = [p for url in pages for p in check_both_schemes(tabs, base + url, url, exclude=NAV)]
    assert problems == [], "\n".join(problems)
