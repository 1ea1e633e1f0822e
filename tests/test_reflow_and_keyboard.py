"""Accessibility that axe cannot see, in Chromium: reflow at 320 px (WCAG 1.4.10), the keyboard
in the closed navigation drawer (2.4.3, 2.1.1), focus never hidden under the sticky header,
focus rings that reach 3:1 against what they cover (1.4.11, 2.4.7), tooltips that Escape
dismisses (1.4.13), and live regions that are in the accessibility tree before they speak (4.1.3).
"""

from __future__ import annotations

import io

import pytest

from conftest import built_pages, wait_until

# The Tab stops checked on each page (the "first 60 stops").
STOPS = 60


def relative_urls(site) -> list[str]:
    return [p.parent.relative_to(site).as_posix().removeprefix(".").lstrip("/") + "/" for p in built_pages(site)]


def overflow(page) -> int:
    """How far the page is wider than the window, in CSS pixels (0: no sideways scrolling), once
    the layout has settled after a resize or a change: the same width two frames running (a page
    that overflows keeps doing so; one caught mid-reflow under load does not)."""
    return page.evaluate("""async () => {
      const frames = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
      let last = null;
      for (let i = 0; i < 30; i++) {
        await frames();
        const now = document.documentElement.scrollWidth - window.innerWidth;
        if (now === last) return now;
        last = now;
      }
      return last;
    }""")


# Where a focused element is, against the window and the sticky header; and what decides how
# its focus ring looks (its kind, its ring, what is behind it), to check each kind once.
STOP_OF = """function stopOf(el) {
  // A hidden radio or checkbox shows its focus on its label.
  if (el.labels && el.labels.length && el.getBoundingClientRect().width === 0) el = el.labels[0];
  const r = el.getBoundingClientRect();
  const header = document.querySelector('.md-header');
  const s = getComputedStyle(el);
  let behind = 'rgba(0, 0, 0, 0)';
  for (let a = el; a && behind === 'rgba(0, 0, 0, 0)'; a = a.parentElement)
    behind = getComputedStyle(a).backgroundColor;
  return {name: el.tagName.toLowerCase() + ' ' + (el.textContent || el.getAttribute('aria-label') || '')
                  .trim().replace(/\\s+/g, ' ').slice(0, 40),
          top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height,
          inHeader: header.contains(el), headerBottom: header.getBoundingClientRect().bottom,
          vw: window.innerWidth, vh: window.innerHeight,
          look: [el.tagName, s.outlineStyle, s.outlineColor, s.outlineWidth, s.boxShadow, behind].join('|')};
}"""
# Records each Tab stop as the Tab key comes up: by then Chromium has moved focus and scrolled
# it into view (a focus event comes before the scroll). One read-back per walk, not per press.
RECORD_STOPS = (
    STOP_OF
    + """
window.stopOf = stopOf; window.__stops = []; window.__focused = [];
document.addEventListener('keyup', e => {
  if (e.key !== 'Tab') return;
  const el = document.activeElement;
  const none = !el || el === document.body;
  window.__stops.push(none ? null : stopOf(el));
  window.__focused.push(none ? null : el);
}, true);"""
)


def stop_problems(stop: dict, direction: str) -> list[str]:
    if stop["width"] == 0 and stop["height"] == 0:
        return [f"{direction}: '{stop['name']}' has no size"]
    if stop["right"] <= 0 or stop["left"] >= stop["vw"] or stop["bottom"] <= 0 or stop["top"] >= stop["vh"]:
        return [f"{direction}: '{stop['name']}' is off screen"]
    if not stop["inHeader"] and stop["top"] < stop["headerBottom"] - 1:
        return [f"{direction}: '{stop['name']}' is under the sticky header"]
    return []


# The contrast of each kind of focus ring, measured the first time a worker meets it: a kind is
# the element, its ring and what is behind it, the same on every page it appears on.
RING_CONTRAST: dict[str, float] = {}


@pytest.fixture(scope="module")
def keyboard_page(browser):
    """One window at 640 px (the drawer closed) that records every Tab stop, for every page."""
    context = browser.new_context(viewport={"width": 640, "height": 720})
    context.add_init_script(RECORD_STOPS)
    yield context.new_page()
    context.close()


def walk(page, url: str, direction: str, presses: int) -> list[dict | None]:
    """Open the page, press Tab (forwards from the top) or Shift+Tab (backwards from the end)."""
    page.goto(url)
    if direction == "Shift+Tab":
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    for _ in range(presses):
        page.keyboard.press(direction)
    return page.evaluate("window.__stops")


def measure_new_rings(page, url: str, direction: str, stops: list[dict | None]) -> None:
    """Walk again to each stop whose kind of ring is new, and measure it there, in the state a
    reader has reached by then (focusing the search box opens search, for one)."""
    new = {
        n
        for n, stop in enumerate(stops)
        if stop and stop["look"] not in RING_CONTRAST and not stop_problems(stop, direction)
    }
    if not new:
        return
    walk(page, url, direction, 0)
    for n in range(max(new) + 1):
        page.keyboard.press(direction)
        if n in new and (stop := page.evaluate("stopOf(document.activeElement)"))["look"] not in RING_CONTRAST:
            RING_CONTRAST[stop["look"]] = ring_contrast(page, stop)


def walk_problems(page, url: str, direction: str, rings: bool = True) -> list[str]:
    """The first 60 stops of one walk: any off screen or under the sticky header, and (`rings`)
    any whose kind of focus ring changes its pixels by less than 3:1."""
    stops = walk(page, url, direction, STOPS)
    if rings:
        measure_new_rings(page, url, direction, stops)
    problems = []
    for stop in filter(None, stops):
        problems += stop_problems(stop, direction)
        if RING_CONTRAST.get(stop["look"], 3) < 3:
            problems.append(f"'{stop['name']}' focus ring changes by {RING_CONTRAST[stop['look']]:.2f}:1")
    return problems


def reflow_problems(page) -> list[str]:
    """The open page at 320 px, before and after choosing an audience ("I am …"): no sideways
    scrolling (WCAG 1.4.10). Leaves the window at 640 px with no audience chosen."""
    problems = []
    # As the Tab walk left it, but with nothing focused (Tab never changes what a page shows).
    page.evaluate("document.activeElement && document.activeElement.blur(); localStorage.removeItem('dpup.audience')")
    page.set_viewport_size({"width": 320, "height": 640})
    if (extra := overflow(page)) > 0:
        problems.append(f"{extra} px too wide at 320 px")
    switcher = page.locator("#dpup-audience")
    if switcher.is_visible():
        switcher.select_option("frontline")
        page.wait_for_timeout(30)
        if (extra := overflow(page)) > 0:
            problems.append(f"{extra} px too wide at 320 px once an audience is chosen")
    page.evaluate("localStorage.removeItem('dpup.audience')")
    page.set_viewport_size({"width": 640, "height": 720})
    return problems


# One test on one worker, not shares on several: key presses in two Chromiums at once are each
# about four times slower than in one (measured: 200 presses took 4 s alone, 16-19 s three at once).
@pytest.mark.heavy
def test_every_page_reflows_and_tabs_only_to_what_the_reader_can_see(keyboard_page, server, site):
    """Every page, opened once for both checks (each load of every page costs the suite a minute):
    - at 640 px, with the drawer closed, tabbing from the top: each of the first 60 stops is on
      screen and clear of the sticky header, and each kind of focus ring met on the way changes
      its pixels by at least 3:1 (WCAG 2.4.3, 2.4.7, 1.4.11);
    - then at 320 px: no sideways scrolling, before and after choosing an audience (1.4.10)."""
    problems = []
    for url in relative_urls(site):
        problems += [f"/{url}: {p}" for p in walk_problems(keyboard_page, server + url.removeprefix("/"), "Tab")]
        problems += [f"/{url}: {p}" for p in reflow_problems(keyboard_page)]
    assert not problems, "\n".join(sorted(set(problems)))


# Backwards from the end, where a stop scrolled into view from above can end up under the
# sticky header (scroll-padding-top keeps it clear). That is one rule for the whole site, so two
# pages test it: a long page of headings, and a protocol (law links with tooltips).
SHIFT_TAB_PAGES = ["about/faq/", "protocols/purpose-matters/"]


@pytest.mark.parametrize("url", SHIFT_TAB_PAGES)
def test_shift_tab_never_focuses_what_the_reader_cannot_see(keyboard_page, server, url):
    # Where the stops are, only: the forward walk measures every kind of ring, footer included.
    problems = walk_problems(keyboard_page, server + url, "Shift+Tab", rings=False)
    assert not problems, f"/{url}:\n" + "\n".join(sorted(set(problems)))


def test_the_keyboard_opens_and_closes_the_drawer(browser, server):
    context = browser.new_context(viewport={"width": 640, "height": 720})
    page = context.new_page()
    page.goto(server + "protocols/purpose-matters/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.dpupToggle") == "__drawer":
            break
    else:
        pytest.fail("Tab never reached the menu button")
    assert page.get_by_role("button", name="Navigation").count() == 1, "the menu is not a button to a screen reader"
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked"), "Enter did not open the drawer"
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") in ("true", None)
    page.wait_for_timeout(300)
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"), "focus did not move into it"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked"), "Escape did not close it"
    assert page.evaluate("document.activeElement.dataset.dpupToggle") == "__drawer", "focus did not come back"
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press(" ")
    assert page.evaluate("document.getElementById('__drawer').checked"), "Space did not open the drawer"
    context.close()


def test_the_colour_scheme_switch_is_a_button_that_space_and_enter_press(page, server):
    page.goto(server + "protocols/purpose-matters/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    before = page.evaluate(scheme)
    switch = page.get_by_role("button", name="Switch to dark mode").or_(
        page.get_by_role("button", name="Switch to light mode")
    )
    switch.first.focus()
    page.keyboard.press(" ")
    wait_until(page, f"{scheme} !== {before!r}")
    wait_until(page, "document.activeElement.matches('button[data-dpup-toggle]:not([hidden])')")
    page.keyboard.press("Enter")
    wait_until(page, f"{scheme} === {before!r}")


def luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ring_contrast(page, box) -> float:
    """The most any pixel around the focused element changed, as a contrast ratio: the focus ring
    against what it covers. `box` is the element's box; the ring may be drawn just outside it."""
    from PIL import Image

    pad = 6
    clip = {
        "x": max(0, box["left"] - pad),
        "y": max(0, box["top"] - pad),
        "width": box["width"] + 2 * pad,
        "height": box["height"] + 2 * pad,
    }
    focused = Image.open(io.BytesIO(page.screenshot(clip=clip, animations="disabled"))).convert("RGB")
    page.evaluate("window.__stop = document.activeElement; window.__stop.blur()")
    plain = Image.open(io.BytesIO(page.screenshot(clip=clip, animations="disabled"))).convert("RGB")
    page.evaluate("window.__stop.focus({preventScroll: true, focusVisible: true})")  # the next Tab goes on from here
    best = 1.0
    for a, b in zip(focused.get_flattened_data(), plain.get_flattened_data()):
        if a != b:
            best = max(best, contrast(a, b))
    return best


def test_every_focus_ring_reaches_3_to_1_in_the_dark_scheme(browser, server):
    """The first stops of a page, header included: focused and unfocused screenshots differ by a
    colour change of at least 3:1. (In the light scheme the Tab-stop test checks each kind of
    ring on four pages.)"""
    context = browser.new_context(viewport={"width": 640, "height": 720}, color_scheme="dark")
    page = context.new_page()
    page.goto(server + "protocols/purpose-matters/")
    faint = []
    for n in range(1, 19):  # the header, the skip link and the first links of the page
        page.keyboard.press("Tab")
        box = page.evaluate("""() => { const r = document.activeElement.getBoundingClientRect();
            return {left: r.left, top: r.top, width: r.width, height: r.height,
                    name: document.activeElement.outerHTML.slice(0, 80)}; }""")
        if box["width"] == 0 or box["top"] < 0 or box["top"] > 700:
            continue
        if (ratio := ring_contrast(page, box)) < 3:
            faint.append(f"stop {n}: {box['name']} changes by {ratio:.2f}:1")
    context.close()
    assert not faint, "\n".join(faint)


def test_escape_hides_a_tooltip_without_moving_focus(page, server):
    """A law reference's tooltip, shown on keyboard focus, covers the next line: Escape hides it
    and focus stays (WCAG 1.4.13); it shows again when focus comes back."""
    shown = """() => [...document.querySelectorAll('.md-tooltip--active, .md-tooltip2--active')]
                     .some(t => getComputedStyle(t).visibility !== 'hidden')"""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server + "protocols/purpose-matters/")
    law = page.locator("a.law-ref").first
    law.focus()
    wait_until(page, shown)
    page.keyboard.press("Escape")
    page.wait_for_timeout(100)
    assert not page.evaluate(shown), "Escape did not hide the tooltip"
    assert page.evaluate("document.activeElement.classList.contains('law-ref')"), "Escape moved focus"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    wait_until(page, shown)


def test_a_te_reo_gloss_shows_on_keyboard_focus(page, server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server + "principles/he-tangata/")
    gloss = page.locator("article abbr[title]").first
    page.keyboard.press("Tab")  # a keyboard user, so focus is shown as for one
    gloss.focus()
    wait_until(
        page,
        """() => [...document.querySelectorAll('.md-tooltip--active, .md-tooltip2--active')]
                               .some(t => t.textContent.trim().length > 0)""",
        timeout=5000,
    )


def live_regions_in_the_tree(page) -> list[tuple[str, bool]]:
    """Each live region on the page, by its class: whether Chromium's accessibility tree has it
    (a region that is not in the tree when its text changes is never announced)."""
    client = page.context.new_cdp_session(page)
    out = []
    for n in range(page.locator("[aria-live]").count()):
        handle = page.locator("[aria-live]").nth(n).element_handle()
        name = handle.get_attribute("class") or handle.get_attribute("id")
        remote = client.send(
            "DOM.resolveNode",
            {
                "backendNodeId": client.send(
                    "DOM.describeNode",
                    {
                        "objectId": client.send(
                            "Runtime.evaluate", {"expression": f"document.querySelectorAll('[aria-live]')[{n}]"}
                        )["result"]["objectId"]
                    },
                )["node"]["backendNodeId"]
            },
        )
        nodes = client.send(
            "Accessibility.getPartialAXTree", {"objectId": remote["object"]["objectId"], "fetchRelatives": False}
        )["nodes"]
        out.append((name, bool(nodes) and not nodes[0].get("ignored", False)))
    client.detach()
    return out


@pytest.mark.parametrize("tool", ["quiz", "checklists", "can-i-share", "purpose-statement-builder"])
def test_live_regions_are_in_the_accessibility_tree_before_they_speak(page, server, tool):
    page.goto(f"{server}tools/{tool}/")
    wait_until(page, "!document.querySelector('.dpup-js-only[hidden]:not([data-dpup-keep-hidden])')")
    if tool == "purpose-statement-builder":  # its regions come with the statement
        page.get_by_role("button", name="Check and write my statement").click()
    regions = live_regions_in_the_tree(page)
    assert any("dpup-" in name and "switcher" not in name for name, _ in regions), regions
    missing = [name for name, present in regions if not present]
    assert not missing, f"live regions missing from the accessibility tree while empty: {missing}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_edit_pencil_reaches_3_to_1(browser, server, scheme):
    """Material draws "Edit this page" in its lightest grey (2.24:1 on white)."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(server + "protocols/purpose-matters/")
    colours = page.evaluate("""() => {
        const parse = c => c.match(/[\\d.]+/g).map(Number);
        const fg = parse(getComputedStyle(document.querySelector('.md-content__button')).color);
        const bg = parse(getComputedStyle(document.querySelector('.md-main')).backgroundColor === 'rgba(0, 0, 0, 0)'
            ? getComputedStyle(document.body).backgroundColor
            : getComputedStyle(document.querySelector('.md-main')).backgroundColor);
        return {fg, bg};
    }""")
    context.close()
    fg, bg = colours["fg"], colours["bg"]
    alpha = fg[3] if len(fg) > 3 else 1  # the grey is black or white with some opacity
    seen = [round(alpha * f + (1 - alpha) * b) for f, b in zip(fg[:3], bg[:3])]
    assert contrast(seen, bg) >= 3, f"the pencil is {contrast(seen, bg):.2f}:1"


def test_search_s_more_on_this_page_shows_a_focus_ring(page, server):
    """Material gives it `outline: none`; the site's focus ring (site.css `:focus-visible`) wins."""
    page.goto(f"{server}?q=consent")
    more = page.locator(".md-search-result__more > summary").first
    more.wait_for(state="attached", timeout=15000)
    page.locator(".md-search__input").focus()
    page.keyboard.press("ArrowDown")  # the keyboard, so focus is shown as for a keyboard user
    more.focus()
    style = more.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]")
    assert style[0] != "none" and style[1] != "0px", f"no focus ring: {style}"
