"""Offline: the zipped offline edition opens from file://, its links lead to pages, and it asks
nothing of any server. A normal build (directory URLs) fails the same check, which proves it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from checks import outside_requests
from conftest import ROOT, soup
from dpup import local, offline

PAGE = "protocols/purpose-matters"


@pytest.fixture(scope="module")
def unzipped(site, tmp_path_factory) -> Path:
    """The offline edition, unzipped: the session build's zip, or one made here when the
    session skipped the downloads (DPUP_PDF=0)."""
    tmp = tmp_path_factory.mktemp("offline")
    archive = site / offline.ZIP
    if not archive.exists():
        built = local.build(ROOT, tmp / "site", strict=False, quiet=True, downloads=False, offline=True)
        assert built.returncode == 0, built.stderr
        archive = tmp / "offline.zip"
        offline.write_zip(tmp / "site", archive)
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp / "unzipped")
    return tmp / "unzipped" / offline.TOP


def file_visit_problems(browser, index: Path) -> list[str]:
    """Open index.html and a content page from file://, follow a link, and log every request."""
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    problems = []
    tab.goto(index.as_uri())
    link = tab.locator(f".md-content a[href*='{PAGE.split('/')[0]}/']").first
    link.click()
    tab.wait_for_load_state("load")
    if not tab.locator("h1#page-title").count():
        problems.append(f"following a link from the home page opened {tab.url}, not a page")
    page = index.parent / f"{PAGE}.html"
    if not page.is_file():
        problems.append(f"there is no {PAGE}.html")
    else:
        tab.goto(page.as_uri())
        tab.locator(".md-content a[href$='.html']").first.click()
        tab.wait_for_load_state("load")
        if not tab.locator("h1#page-title").count():
            problems.append(f"following a link from {PAGE}.html opened {tab.url}, not a page")
    context.close()
    problems += [f"request to {url}" for url in outside_requests(requests, "file:///")]
    return problems


def test_the_offline_site_works_from_files(browser, unzipped):
    assert (unzipped / "index.html").is_file()
    assert file_visit_problems(browser, unzipped / "index.html") == []


def test_a_site_built_for_a_server_fails_from_files(browser, site):
    assert file_visit_problems(browser, site / "index.html")


def test_the_downloads_page_offers_the_zip(site):
    if not (site / offline.ZIP).exists():
        pytest.skip("this build made no downloads (DPUP_PDF=0)")
    assert "offline/dpup-policy-offline.zip" in (site / "downloads" / "index.html").read_text(encoding="utf-8")


def test_the_zip_is_the_same_for_the_same_site(tmp_path):
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "a" / "index.html").write_text("<h1>A</h1>")
    (tmp_path / "site" / "x.js.map").write_text("{}")
    offline.write_zip(tmp_path / "site", tmp_path / "1.zip")
    (tmp_path / "site" / "a" / "index.html").touch()  # a later date must not change the bytes
    offline.write_zip(tmp_path / "site", tmp_path / "2.zip")
    assert (tmp_path / "1.zip").read_bytes() == (tmp_path / "2.zip").read_bytes()
    assert zipfile.ZipFile(tmp_path / "1.zip").namelist() == [f"{offline.TOP}/a/index.html"]


def test_the_offline_downloads_page_points_to_the_published_pdfs(unzipped):
    """The offline copy holds no PDFs, so its downloads page sends readers to the live ones."""
    link = soup(unzipped / "downloads.html").select_one(".dpup-downloads-off a")
    assert link is not None and link["href"].startswith("https://") and link["href"].endswith("/downloads/")


def test_a_decision_guide_keeps_its_answers_offline(browser, unzipped):
    """The address holds a guide's answers from file:// too: answer, reload, go back."""
    from conftest import wait_until

    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto((unzipped / "tools" / "can-i-share.html").as_uri())
        wait_until(tab, "document.getElementById('can-i-share').dataset.dpupReady")
        for _ in range(2):
            tab.locator("#can-i-share .dpup-guide__step--current a[data-next]").first.click()
        assert tab.url.endswith("?can-i-share=identifies.danger.child-who")
        tab.reload()
        wait_until(
            tab, "document.querySelector('#can-i-share .dpup-guide__step--current')?.dataset.step === 'child-who'"
        )
        tab.go_back()
        wait_until(tab, "document.querySelector('#can-i-share .dpup-guide__step--current')?.dataset.step === 'danger'")
    finally:
        context.close()


def test_the_audience_switcher_works_offline(browser, unzipped):
    """Choosing "I am …" closes other audiences' blocks from file:// too (Material's document$
    never emits there, so the scripts must not wait for it)."""
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto((unzipped / "tools" / "can-i-share.html").as_uri())
        tab.select_option("#dpup-audience", "frontline")
        assert tab.evaluate(
            "[...document.querySelectorAll('details.dpup-audience')]"
            ".every(d => d.open === (d.dataset.audience === 'frontline'))"
        )
        assert tab.locator("details.dpup-audience:not([open])").count() > 0
    finally:
        context.close()
