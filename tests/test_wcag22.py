"""WCAG 2.2 AA, in Chromium, where axe sees too little: the navigation's titles and current page,
the header's logo, the footer's focus rings, the audience switcher and the footer at 320 px, the
audience views' headings, te reo names, table headers, focus never hidden under the sidebars'
titles or "Back to top", and the navigation's link targets.

Each test opens a page or two of the session's built site, at the widths and schemes it names.
"""

from __future__ import annotations

import io

import pytest

from conftest import wait_until
from test_accessibility import AXE
from test_reflow_and_keyboard import contrast

# Colours as a reader sees them: an element's background is every background behind it, each laid
# over the one below (Material's greys are translucent), and its text is laid over that.
COLOURS = """
window.dpupColours = (() => {
  const parse = c => { const n = (c.match(/[\\d.]+/g) || []).map(Number); return n.length === 3 ? [...n, 1] : n; };
  const over = (top, below) => {
    const a = top[3]; return [0, 1, 2].map(i => a * top[i] + (1 - a) * below[i]).concat(1);
  };
  const background = el => {
    const layers = [];
    for (let a = el; a; a = a.parentElement) layers.push(parse(getComputedStyle(a).backgroundColor));
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]);
  };
  const opacity = el => {
    let o = 1; for (let a = el; a; a = a.parentElement) o *= parseFloat(getComputedStyle(a).opacity); return o;
  };
  const seen = (colour, el) => { const c = parse(colour); c[3] *= opacity(el); return over(c, background(el)); };
  return {background, seen, parse, opacity};
})();
"""


def colours_context(browser, width=1280, height=720, scheme="light", **options):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, **options)
    context.add_init_script(COLOURS)
    return context


def settle(page) -> None:
    """Wait for Material's transitions (colours, opacity, the drawer sliding in) to finish. A
    transition cancelled by the next one rejects its promise: that one is over too."""
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")


def pixels(page, box: dict, pad: float = 0):
    from PIL import Image

    clip = {
        "x": box["left"] - pad,
        "y": box["top"] - pad,
        "width": box["width"] + 2 * pad,
        "height": box["height"] + 2 * pad,
    }
    return Image.open(io.BytesIO(page.screenshot(clip=clip, animations="disabled"))).convert("RGB")


BOX = (
    "el => { const r = el.getBoundingClientRect(); "
    "return {left: r.left, top: r.top, width: r.width, height: r.height}; }"
)


# --- A. the navigation: its titles, and which page is the current one -------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [640, 1280])
def test_the_navigation_s_titles_reach_4_5_to_1(browser, server, scheme, width):
    """The drawer's section titles (640 px, 16 px bold) were 4.41:1 on their grey bar, 4.06:1 in
    dark; the sidebar's titles at 1280 px are checked too (WCAG 1.4.3)."""
    context = colours_context(browser, width, scheme=scheme)
    page = context.new_page()
    page.goto(server + "protocols/purpose-matters/")
    if width < 1220:
        page.get_by_role("button", name="Navigation").click()
    settle(page)
    measure = """() => [...document.querySelectorAll(
            '.md-sidebar .md-nav__title, .md-sidebar .md-nav__item--section > .md-nav__link')]
        .filter(t => t.getBoundingClientRect().height > 0 && getComputedStyle(t).visibility !== 'hidden'
                     && dpupColours.opacity(t) > 0)  // the drawer's other levels, faded out
        .map(t => ({name: t.textContent.trim().replace(/\\s+/g, ' '), size: getComputedStyle(t).fontSize,
                    fg: dpupColours.seen(getComputedStyle(t).color, t), bg: dpupColours.background(t)}))"""
    titles = page.evaluate(measure)
    if width < 1220:
        # The drawer shows one level at a time (issue 30): go back up and measure the top level too.
        page.click(".md-nav__toggle:checked ~ .md-nav > label.md-nav__title")
        settle(page)
        titles += page.evaluate(measure)
    context.close()
    assert len(titles) >= (2 if width < 1220 else 8), titles
    faint = [
        f"'{t['name']}' ({t['size']}) is {contrast(t['fg'], t['bg']):.2f}:1"
        for t in titles
        if contrast(t["fg"], t["bg"]) < 4.5
    ]
    assert not faint, "\n".join(faint)


CURRENT = """() => {
  const shown = el => el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== 'hidden';
  const nav = document.querySelector('.md-sidebar--primary');
  // Below 960 px Material shows, for a page with contents, a label that opens them in its place.
  const current = [...nav.querySelectorAll('[aria-current="page"], .md-nav__link--active[for="__toc"]')].filter(shown);
  const others = [...nav.querySelectorAll('a.md-nav__link:not([aria-current])')].filter(shown);
  return {
    named: [...nav.querySelectorAll('[aria-current]')]
      .map(el => [el.tagName.toLowerCase(), el.href, el.getAttribute('aria-current')]),
    current: current.map(el => {
      const s = getComputedStyle(el);
      return {name: el.textContent.trim(), href: el.href || null, weight: Number(s.fontWeight),
              bar: parseFloat(s.borderLeftWidth), barStyle: s.borderLeftStyle,
              barColour: dpupColours.seen(s.borderLeftColor, el), bg: dpupColours.background(el)};
    }),
    // The pages beside it in its list: the same weight as it had, before it was current.
    siblingWeights: [...new Set(current.flatMap(el => [...el.closest('.md-nav__list, .md-nav').querySelectorAll(
        ':scope > .md-nav__item > a.md-nav__link, :scope > .md-nav__item > .md-nav__container > a.md-nav__link')])
        .filter(a => a.getAttribute('aria-current') === null && shown(a))
        .map(a => Number(getComputedStyle(a).fontWeight)))],
    otherBars: others.filter(el => getComputedStyle(el).borderLeftStyle !== 'none'
                                   && parseFloat(getComputedStyle(el).borderLeftWidth) > 0)
      .map(el => el.textContent.trim()),
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [640, 1280])
@pytest.mark.parametrize(
    "path, title", [("protocols/purpose-matters/", "Purpose matters"), ("protocols/", "Protocols")]
)
def test_the_current_page_is_named_and_shown_by_more_than_colour(browser, server, scheme, width, path, title):
    """Material marks the current page in the navigation by colour alone (1.79:1 against its
    neighbours) and tells screen readers nothing: its link is aria-current="page", and it shows
    bold, with a bar of at least 3:1 beside it (WCAG 1.3.1, 1.4.1, 1.4.11), a page and a
    section's index page, in the drawer (640 px) and the sidebar."""
    context = colours_context(browser, width, scheme=scheme)
    page = context.new_page()
    page.goto(server + path)
    if width < 1220:
        page.get_by_role("button", name="Navigation").click()
        if path == "protocols/":  # the drawer opens on the section; its index is a level up
            page.locator(".md-sidebar--primary .md-nav__title").filter(has_text="Protocols").first.click()
    settle(page)
    found = page.evaluate(CURRENT)
    context.close()
    assert found["named"] == [["a", server + path, "page"]], found["named"]
    assert len(found["current"]) == 1, f"want one current page shown in the navigation: {found['current']}"
    current = found["current"][0]
    assert current["name"] == title
    assert current["href"] in (None, server + path), current["href"]  # the drawer's label has no href
    assert (
        current["weight"] >= 700
        and found["siblingWeights"]
        and all(w < 600 for w in found["siblingWeights"])
        or path == "protocols/"
        and width >= 1220
    ), found  # a section's index is a bold title already
    assert current["barStyle"] != "none" and current["bar"] >= 3, current
    assert not found["otherBars"], f"only the current page has the bar: {found['otherBars']}"
    assert contrast(current["barColour"], current["bg"]) >= 3, current


# --- B. the header's logo and the footer's focus rings ---------------------------------


@pytest.mark.parametrize(
    "scheme, forced", [("light", "none"), ("dark", "none"), ("dark", "active"), ("light", "active")]
)
def test_the_header_logo_reaches_3_to_1(browser, server, scheme, forced):
    """An <img>, the logo's strokes were black: 2.34:1 on the green header and invisible in a dark
    forced-colours theme (WCAG 1.4.11). Its pixels against the header behind it."""
    context = browser.new_context(viewport={"width": 1280, "height": 300}, color_scheme=scheme, forced_colors=forced)
    page = context.new_page()
    page.goto(server)
    logo = page.locator(".md-header .md-logo")
    box = logo.evaluate(BOX)
    image = pixels(page, box)
    context.close()
    behind = image.getpixel((1, 1))  # the button's padding, where nothing is drawn
    best = max(contrast(pixel, behind) for pixel in image.get_flattened_data())
    assert best >= 3, f"the logo is {best:.2f}:1 against the header ({scheme}, forced colours {forced})"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_footer_s_focus_rings_reach_3_to_1(browser, server, scheme):
    """Material's `.md-typeset a.focus-visible` made the footer's own links' ring the accent, 2.6:1
    on the dark footer (WCAG 1.4.11, 2.4.7). Each stop in the footer, reached with Tab."""
    context = colours_context(browser, 1280, scheme=scheme)
    page = context.new_page()
    page.goto(server + "protocols/purpose-matters/")
    page.locator(".md-footer a").first.focus()
    page.keyboard.press("Shift+Tab")
    rings = []
    for _ in range(20):
        page.keyboard.press("Tab")
        settle(page)
        ring = page.evaluate("""() => { const el = document.activeElement; if (!el.closest('.md-footer')) return null;
            const s = getComputedStyle(el);
            return {name: el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40), style: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), ring: dpupColours.seen(s.outlineColor, el),
                    bg: dpupColours.background(el)}; }""")
        if ring is None:
            break
        rings.append(ring)
    context.close()
    assert len(rings) >= 4, rings
    faint = [
        f"'{r['name']}': {r['style']} {r['width']} px, {contrast(r['ring'], r['bg']):.2f}:1"
        for r in rings
        if r["style"] == "none" or r["width"] < 2 or contrast(r["ring"], r["bg"]) < 3
    ]
    assert not faint, "\n".join(faint)


# --- C. 320 px: the switcher's label, the footer's titles --------------------------------


@pytest.mark.parametrize("width", [320, 375, 640, 1280])
def test_the_audience_switcher_keeps_its_visible_label(browser, server, width):
    """ "I am" was hidden below 720 px: the select then said "anyone (sh…" with no visible label
    (WCAG 2.5.3, 3.3.2). The label shows in full beside it, and nothing scrolls sideways."""
    context = browser.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    page.goto(server + "protocols/purpose-matters/")
    wait_until(page, "!document.querySelector('[data-dpup-switcher]').hidden")
    label = page.locator(".dpup-switcher__label")
    found = label.evaluate("""el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        const select = document.getElementById(el.htmlFor).getBoundingClientRect();
        return {text: el.textContent.trim(), left: r.left, right: r.right, width: r.width, height: r.height,
                full: el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1,
                clip: s.clip, visibility: s.visibility, overlaps: r.right > select.left && r.left < select.right,
                wide: document.documentElement.scrollWidth - innerWidth}; }""")
    context.close()
    assert found["text"] == "I am"
    assert found["visibility"] == "visible" and found["clip"] == "auto" and found["width"] >= 20, found
    assert found["full"] and 0 <= found["left"] and found["right"] <= width, found
    assert found["height"] < 30, f"the label wraps: {found}"
    assert not found["overlaps"], found
    assert found["wide"] <= 0, f"{found['wide']} px too wide"


def test_previous_and_next_titles_wrap_at_320_px(browser, server):
    """Material cut the next page's title to one line and hid the previous page's below 720 px
    (WCAG 1.4.10): each shows in full, wrapping."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server + "your-information/something-is-wrong/")  # next: "My information was lost or sent …"
    titles = page.locator(".md-footer__link").evaluate_all("""links => links.map(link => {
        const title = link.querySelector('.md-footer__title'), text = title.querySelector('.md-ellipsis');
        const r = text.getBoundingClientRect(), l = link.getBoundingClientRect();
        return {text: text.textContent.trim(),
                shown: r.width > 0 && r.height > 0 && getComputedStyle(title).display !== 'none',
                cut: text.scrollWidth > text.clientWidth + 1 || title.scrollWidth > title.clientWidth + 1,
                inside: r.left >= l.left - 1 && r.right <= l.right + 1 && r.bottom <= l.bottom + 1
                        && r.right <= innerWidth,
                twoLines: r.height > 1.8 * parseFloat(getComputedStyle(text).fontSize)}; })""")
    context.close()
    assert [t["text"] for t in titles] == [
        "Can I see my file or get a copy?",
        "My information was lost or sent to the wrong person",
    ]
    assert all(t["shown"] and not t["cut"] and t["inside"] for t in titles), titles
    assert titles[1]["twoLines"], titles  # it wraps rather than being cut


# --- D. headings, te reo names, table headers --------------------------------------------

AUDIENCES = ["service-users", "frontline", "leaders", "funders", "designers", "analysts"]


def test_each_audience_view_names_each_heading_once(page, server):
    """The views made a heading each time the kind of page changed in reading order: "Tools" for
    "Principles in practice" among the principles and again for the tools; "Guides" twice for
    people who use services (WCAG 2.4.6). Each section of the site is one heading."""
    repeated = {}
    for audience in AUDIENCES:
        page.goto(f"{server}for/{audience}/")
        names = (
            page.locator("article")
            .get_by_role("heading")
            .evaluate_all("hs => hs.map(h => h.textContent.replace('¶', '').trim())")
        )
        assert len(names) > 5, names
        if twice := sorted({n for n in names if names.count(n) > 1}):
            repeated[audience] = twice
    assert not repeated, repeated


# Each element whose text holds the whole name, and none of its children does: it must be te reo,
# or be inside an element that is (one span for the whole name, not one word of it).
NAME_HOLDERS = """name => [...document.body.querySelectorAll('*')]
  .filter(el => !el.closest('script, style, svg') && el.textContent.includes(name)
                && ![...el.children].some(child => child.textContent.includes(name)))
  .map(el => ({tag: el.tagName.toLowerCase(), text: el.parentElement.textContent.trim().slice(0, 80),
               mi: !!el.closest('[lang="mi"]')}))"""


@pytest.mark.parametrize(
    "name, pages",
    [
        (
            "Ngā Tikanga Paihere",
            ["law/", "guides/maori-data/", "guides/research-and-analytics/", "principles/mahitahitanga/"],
        ),
        ("Te Mana Raraunga", ["law/", "guides/maori-data/", "protocols/sharing-value/"]),
    ],
)
def test_te_reo_names_are_marked_whole(page, server, name, pages):
    """Only "Tikanga" (or "Mana") of the name was marked lang="mi", so a screen reader read the
    rest with English sounds (WCAG 3.1.2)."""
    problems = []
    for path in pages:
        page.goto(server + path)
        holders = page.evaluate(NAME_HOLDERS, name)
        assert holders, f"/{path}: '{name}' is not on the page"
        problems += [f"/{path}: <{h['tag']}> in '{h['text']}'" for h in holders if not h["mi"]]
    assert not problems, f"'{name}' not inside one lang=\"mi\" element:\n" + "\n".join(problems)


def test_the_law_tables_column_headers_all_have_names(page, server):
    """The first column of each Act's table ("IPP 1", "s 22") had an empty header (WCAG 1.3.1);
    every built page is checked for empty headers too (checks.empty_header_problems)."""
    page.goto(server + "law/")
    headers = page.get_by_role("columnheader")
    names = headers.evaluate_all("hs => hs.map(h => (h.getAttribute('aria-label') || h.textContent).trim())")
    assert len(names) >= 9 and all(names), names


# --- E. focus never hidden; targets of at least 24 px ------------------------------------

FOCUSED = """sel => {
  const el = document.activeElement;
  if (!el || el === document.body || !el.closest(sel)) return null;
  const r = el.getBoundingClientRect();
  const points = [[r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2],
                  [r.right - 2, r.bottom - 2], [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2]];
  const clear = points.filter(([x, y]) => {
    const hit = document.elementFromPoint(x, y); return hit && (hit === el || el.contains(hit));
  });
  const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
  return {name: (el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40),
          centreClear: clear.some(([x, y]) => x === points[4][0] && y === points[4][1]), anyClear: clear.length > 0,
          by: hit ? String(hit.className.baseVal ?? hit.className).slice(0, 40) : null};
}"""


@pytest.mark.parametrize(
    "path, sidebar", [("protocols/purpose-matters/", ".md-sidebar--primary"), ("about/faq/", ".md-sidebar--secondary")]
)
def test_shift_tab_in_the_sidebars_never_hides_focus_under_their_titles(browser, server, path, sidebar):
    """The navigation and the table of contents scroll under their sticky titles: a link focused
    from below (Shift+Tab) was scrolled in under the title (WCAG 2.4.11). From the last link of
    the sidebar up to its first, each focused link's middle is not under anything."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(server + path)
    page.keyboard.press("Tab")  # a keyboard user
    page.locator(f"{sidebar} a[href]").last.focus()
    hidden, stops = [], 0
    for _ in range(120):
        page.keyboard.press("Shift+Tab")
        stop = page.evaluate(FOCUSED, sidebar)
        if stop is None:
            break
        stops += 1
        if not stop["centreClear"]:
            hidden.append(f"'{stop['name']}' is under {stop['by']}")
    context.close()
    assert stops >= 20, f"only {stops} stops in {sidebar}"
    assert not hidden, "\n".join(hidden)


@pytest.mark.parametrize("width, height", [(320, 180), (320, 640)])
def test_back_to_top_never_hides_the_focused_element(browser, server, width, height):
    """ "Back to top" shows under the header as the page scrolls up: at 400% zoom (a 1280 x 720
    window is 320 x 180 CSS px), and on a phone, a short link focused with Shift+Tab landed under
    it (WCAG 2.4.11). Backwards from the end of a long page, no stop in the page is entirely
    covered."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(server + "about/faq/")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    hidden = []
    for _ in range(70):
        page.keyboard.press("Shift+Tab")
        page.wait_for_timeout(40)  # Material shows the button on the scroll that follows
        stop = page.evaluate(FOCUSED, ".md-container")
        if stop and not stop["anyClear"]:
            hidden.append(f"'{stop['name']}' is under {stop['by']}")
    context.close()
    assert not hidden, "\n".join(hidden)


TARGETS = """() => [...document.querySelectorAll('.md-sidebar a[href], .md-sidebar [tabindex="0"]')]
  .filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  })
  .map(el => ({name: el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40),
               height: el.getBoundingClientRect().height}))"""


@pytest.mark.parametrize("width", [1000, 1280, 1700])
def test_the_sidebars_links_are_at_least_24_px_tall(browser, server, width):
    """Material's navigation and table-of-contents links are 18 px tall (WCAG 2.5.8 asks 24 px,
    or space around): each is at least 24 px, at each layout of the sidebars."""
    context = browser.new_context(viewport={"width": width, "height": 720})
    page = context.new_page()
    page.goto(server + "protocols/purpose-matters/")
    targets = page.evaluate(TARGETS)
    context.close()
    assert len(targets) >= 10, targets
    small = [f"'{t['name']}' is {t['height']:.1f} px tall" for t in targets if t["height"] < 24 - 0.05]
    assert not small, "\n".join(small)


@pytest.mark.parametrize(
    "path", ["protocols/sharing-value/", "your-information/easy-read/", "protocols/access-to-information/"]
)
def test_axe_finds_no_small_targets_in_the_navigation(browser, server, path):
    """axe's WCAG 2.2 rule target-size, on the navigation itself, which the every-page axe test
    checks on the home page only: on these pages the sidebar opens scrolled, with links half
    under its title (12 px of safe space, where 24 px is needed)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto(server + path)
    settle(page)
    found = page.evaluate("""() => axe.run(document.querySelector('.md-sidebar--primary'),
        {runOnly: {type: 'rule', values: ['target-size']}, resultTypes: ['violations']})
        .then(r => r.violations.flatMap(v => v.nodes.map(n =>
          n.target.join(' ') + ': ' + n.failureSummary.split('\\n').pop())))""")
    context.close()
    assert found == [], "\n".join(found)
