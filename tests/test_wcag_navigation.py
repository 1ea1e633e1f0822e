"""WCAG 2.2 in the parts of Material a keyboard and a screen reader meet first (issue 30): the
navigation drawer, moving between pages with instant navigation, and search.

Each test drives the session's build in Chromium the way a person would: by Tab, Enter and
Escape, at the widths where the layout changes.
"""

from __future__ import annotations

import pytest

from conftest import wait_until

# Where the focused element is, and whether a person can see it: inside the window, not hidden,
# and not covered by anything else (what is under its middle is it, or inside it).
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const x = r.left + Math.min(r.width / 2, 8), y = r.top + r.height / 2;
    const inside = r.width > 0 && r.height > 0 && x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
    const hit = inside && document.elementFromPoint(x, y);
    return {
        name: (el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40),
        inDrawer: Boolean(el.closest('.md-sidebar--primary')),
        seen: Boolean(hit && (hit === el || el.contains(hit))) && getComputedStyle(el).visibility === 'visible',
    };
}"""


@pytest.mark.parametrize("width", [1024, 768, 390])
def test_every_tab_stop_in_the_open_drawer_can_be_seen(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(f"{server}tools/can-i-share/")
        page.focus("button[data-dpup-toggle='__drawer']")
        page.keyboard.press("Enter")
        wait_until(page, "document.getElementById('__drawer').checked")
        page.wait_for_timeout(350)  # the drawer slides in
        stops, hidden = 0, []
        here = page.evaluate(FOCUSED)
        for _ in range(80):
            if here is None or not here["inDrawer"]:
                break
            stops += 1
            if not here["seen"]:
                hidden.append(here["name"])
            page.keyboard.press("Tab")
            page.wait_for_timeout(30)
            here = page.evaluate(FOCUSED)
        assert stops >= 5, f"only {stops} stops in the drawer"
        assert hidden == [], f"{width} px: focus went to links no one can see: {hidden}"
        # Tabbing past the last link leaves the drawer, and closes it.
        wait_until(page, "!document.getElementById('__drawer').checked")
        # The way back up is a Tab stop that Enter presses.
        page.focus("button[data-dpup-toggle='__drawer']")
        page.keyboard.press("Enter")
        wait_until(page, "document.getElementById('__drawer').checked")
        page.wait_for_timeout(350)
        page.focus(".md-nav__toggle:checked ~ .md-nav > label.md-nav__title[tabindex='0']")
        page.keyboard.press("Enter")
        page.wait_for_timeout(350)
        names = page.evaluate("""() => [...document.querySelectorAll('.md-sidebar--primary a[href]')]
            .filter(a => a.getClientRects().length && getComputedStyle(a).visibility === 'visible')
            .map(a => a.textContent.trim())""")
        assert "Your information" in names or "Home" in names, names  # the top level, shown again
    finally:
        context.close()


def follow_by_instant_navigation(page, selector: str) -> None:
    """Activate a link by keyboard and wait for Material to swap the page in without a load."""
    page.evaluate("window.dpupSamePage = true")
    page.focus(selector)
    page.keyboard.press("Enter")
    wait_until(page, "document.readyState === 'complete' && !document.querySelector('.md-progress')")


def test_instant_navigation_puts_focus_on_the_new_pages_title(page, published):
    page.goto(f"{published}tools/")
    wait_until(page, "window.document$ !== undefined")
    follow_by_instant_navigation(page, ".md-content a[href$='tools/can-i-share/']")
    wait_until(page, "document.activeElement && document.activeElement.id === 'page-title'")
    assert page.evaluate("window.dpupSamePage"), "the page was loaded, not swapped in: instant navigation is off"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Can I share this information?"


def test_a_search_result_puts_focus_on_the_page_it_opens(page, published):
    from browsing import search

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{published}")
    page.evaluate("window.dpupSamePage = true")
    assert search(page, "consent") > 0
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_until(
        page,
        "document.activeElement && document.activeElement.closest('.md-content')"
        " && /^H[1-6]$/.test(document.activeElement.tagName)",
    )
    assert page.evaluate("window.dpupSamePage"), "the result was loaded, not swapped in"
    assert page.url.rstrip("/") != published.rstrip("/")


def test_search_results_are_named_and_counted_aloud(page, server):
    from browsing import search

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server)
    assert search(page, "consent") > 0
    assert page.get_attribute(".md-search-result__meta", "role") == "status"
    assert "matching" in page.inner_text(".md-search-result__meta")
    wait_until(page, "document.querySelector('a.md-search-result__link article[role=none]')")
    titles = page.evaluate("""() => [...document.querySelectorAll('a.md-search-result__link h1')]
        .map(h => h.textContent.trim())""")  # each page found (its sections are named the same way)
    # Each link's name, as Chromium gives it to a screen reader, starts with its result's title.
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    names = [n.get("name", {}).get("value", "") for n in tree if n.get("role", {}).get("value") == "link"]
    missing = [title for title in titles if not any(name.startswith(title) for name in names)]
    assert titles and not missing, (missing, [n for n in names if "onsent" in n])


def test_escape_in_search_goes_back_to_the_search_field(page, server):
    from browsing import search

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server)
    search(page, "consent")
    page.keyboard.press("Escape")
    wait_until(
        page,
        "!document.getElementById('__search').checked"
        " && document.activeElement === document.querySelector('.md-search__input')",
    )
    page.wait_for_timeout(100)
    assert not page.evaluate("document.getElementById('__search').checked"), "the dialog stays closed"
    page.keyboard.type("s")  # typing there searches again
    wait_until(page, "document.getElementById('__search').checked")


def test_on_a_phone_search_opens_from_a_button_and_escape_returns_to_it(page, server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server)
    button = "button[data-dpup-toggle='__search']"
    assert page.locator(button).is_visible()
    page.focus(button)
    page.keyboard.press("Enter")
    wait_until(
        page,
        "document.getElementById('__search').checked"
        " && document.activeElement === document.querySelector('.md-search__input')",
    )
    page.keyboard.press("Escape")
    wait_until(page, f'document.activeElement === document.querySelector("{button}")')


@pytest.mark.parametrize("host", [".md-content abbr", ".md-content a.term"])
def test_a_tooltip_stays_while_the_pointer_moves_onto_it(page, server, host):
    """WCAG 1.4.13: a kupu's or a term's meaning, shown on hover, can itself be hovered."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{server}protocols/purpose-matters/")
    element = page.locator(host).first
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    start = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*start)
    wait_until(page, "document.querySelector('.md-tooltip2--active .md-tooltip2__inner')")
    tip = page.evaluate(
        "(r => [r.left + r.width / 2, r.top + r.height / 2])"
        "(document.querySelector('.md-tooltip2--active .md-tooltip2__inner').getBoundingClientRect())"
    )
    for k in range(1, 11):  # at a steady hand's pace
        page.mouse.move(start[0] + (tip[0] - start[0]) * k / 10, start[1] + (tip[1] - start[1]) * k / 10)
        page.wait_for_timeout(15)
    page.wait_for_timeout(700)
    assert page.evaluate("!!document.querySelector('.md-tooltip2--active')"), "the tooltip vanished under the pointer"
    page.mouse.move(5, 790)  # and it goes once the pointer leaves both
    wait_until(page, "!document.querySelector('.md-tooltip2--active')")
