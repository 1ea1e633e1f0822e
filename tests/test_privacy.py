"""Privacy: reading the policy tells no one else. A browser visits every page, searches, picks an
audience and uses each tool, logging every request; nothing may go to another host, no cookie
may be set, and localStorage may hold only the keys README's Privacy section documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from browsing import TOOLS, search, use_tools
from checks import csp_problems, documented_storage_keys, outside_requests, parse, undocumented_keys
from conftest import ROOT, built_pages
from dpup.local import serving

# A request the CSP blocks never reaches the request log, so record those attempts as well.
RECORD_BLOCKED = """document.addEventListener('securitypolicyviolation',
    e => (window.__blocked = window.__blocked || []).push(e.blockedURI + ' (' + e.violatedDirective + ')'));"""
FIXTURE = ROOT / "tests" / "fixtures" / "quality" / "tracking.html"


@dataclass
class Visit:
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    cookies: list = field(default_factory=list)
    storage: list[str] = field(default_factory=list)


def visit(browser, base: str, paths: list[str], tools=TOOLS) -> Visit:
    """Read every page, then search, choose an audience and the dark scheme, and use each tool."""
    record = Visit()
    context = browser.new_context()
    context.add_init_script(RECORD_BLOCKED)
    context.on("request", lambda request: record.requests.append(request.url))
    tab = context.new_page()

    def go(url):  # requests after "load" still reach the log: it belongs to the context
        tab.goto(url)

    def leave():  # the blocked list lives in the document: read it before the next page replaces it
        record.blocked.extend(tab.evaluate("window.__blocked || []"))

    for path in paths:
        go(base + path)
        leave()
    go(base)
    assert search(tab) > 0
    tab.keyboard.press("Escape")
    tab.select_option(".dpup-switcher__select", index=1)
    tab.click("button.md-header__button[data-dpup-toggle^='__palette']:visible")
    leave()
    for tool in tools:
        go(f"{base}tools/{tool}/")
        assert use_tools(tab) >= 1
        leave()
    tab.wait_for_load_state("networkidle")
    record.cookies = context.cookies()
    record.storage = tab.evaluate("Object.keys(localStorage)")
    context.close()
    return record


@pytest.mark.heavy
def test_reading_every_page_asks_no_other_host_and_stores_only_what_we_document(browser, server, site):
    """One visit of every page, using search, the audience switcher, the dark scheme and each tool
    (a minute of browsing, so one test checks all it shows): no request leaves the local server,
    none is blocked, no cookie is set, and localStorage holds only the keys README documents."""
    paths = [p.parent.relative_to(site).as_posix().removeprefix(".") + "/" for p in built_pages(site)]
    reading = visit(browser, server, [p.lstrip("/") for p in paths])

    assert len(reading.requests) > 40
    assert outside_requests(reading.requests, server) == []
    assert reading.blocked == []
    assert reading.cookies == []
    keys = documented_storage_keys((ROOT / "README.md").read_text(encoding="utf-8"))
    assert any(k.startswith("dpup.checklist.") for k in reading.storage)  # the tools were used
    assert "dpup.audience" in reading.storage
    assert undocumented_keys(reading.storage, keys) == []


def test_every_page_has_a_csp_that_forbids_other_origins(site):
    problems = [
        f"{p.relative_to(site)}: {problem}"
        for p in sorted(site.rglob("*.html"))
        for problem in csp_problems(parse(p.read_text(encoding="utf-8")))
    ]
    assert problems == [], "\n".join(problems)


# --- the checks catch what they should --------------------------------------


def add_tracker(site):
    pass  # the fixture is in the home page already


def drop_csp(site):
    home = site / "index.html"
    home.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", home.read_text()))


@pytest.mark.parametrize("change", [add_tracker, drop_csp])
def test_a_page_that_calls_another_host_fails(site_with, browser, change):
    """With the CSP, the attempt is recorded as blocked; without it, the request is logged."""
    site = site_with(FIXTURE.read_text())
    change(site)
    with serving(site) as base:
        record = visit(browser, base, [""], tools=["checklists"])
        leaks = outside_requests(record.requests, base) + record.blocked
    assert any("example.com/pixel.gif" in leak for leak in leaks)
    assert bool(csp_problems(parse((site / "index.html").read_text()))) == (change is drop_csp)


def test_the_privacy_rules():
    base = "http://127.0.0.1:8000/"
    assert outside_requests([base + "a.css", "blob:http://127.0.0.1:8000/x", "https://fonts.gstatic.com/f"], base) == [
        "https://fonts.gstatic.com/f"
    ]
    csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; img-src 'self' https://cdn.example\">"
    assert csp_problems(parse(csp)) == ["img-src allows https://cdn.example"]
    assert csp_problems(parse("<p>")) == ["no Content-Security-Policy <meta>"]
    readme = (
        "### Privacy\n\n| key | what |\n|---|---|\n| `dpup.audience` | x |\n| `dpup.checklist.<id>` | y |\n"
        "| `__palette` (Material) | z |\n\n### Next\n"
    )
    keys = documented_storage_keys(readme)
    assert undocumented_keys(
        ["dpup.audience", "dpup.checklist.quiz", "/dpup-site/.__palette", "_ga", "dpup.other"], keys
    ) == ["_ga", "dpup.other"]
