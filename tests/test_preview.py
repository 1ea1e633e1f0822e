"""The contributor's loop: a live preview that never dies, sees every file, and explains every mistake.

The loader-level table of bad inputs is tests/test_content_model.py (FAULTS); here are the
mistakes only a build or a running preview shows, and the two browser bugs contributors hit.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import engine
from conftest import ROOT, wait_until

PAGE = "docs/principles/he-tangata.md"


def test_raw_html_links_and_images_are_checked_and_view_copies_are_not_reported_twice(build_fixture):
    def change(project: Path):
        page = project / PAGE
        text = page.read_text(encoding="utf-8")
        block = '{% call for_audience("frontline") %}\n'
        assert block in text
        page.write_text(
            text.replace(
                block,
                block + '<img src="missing.png" alt="A picture">\n\n'
                '<a href="nowhere/">nowhere</a> and <a href="../law.md">the law</a>\n\n'
                "[a missing page](no-such-page.md)\n\n",
                1,
            ),
            encoding="utf-8",
        )

    result, _, _ = build_fixture(change)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(rf"{PAGE}:\d+: field 'body': 'missing.png' goes to no page or file of this site", output)
    assert re.search(rf"{PAGE}:\d+: field 'body': 'nowhere/' goes to no page or file", output)
    assert "the raw HTML link '../law.md' is not rewritten for the website" in output
    assert output.count("contains a link 'no-such-page.md'") == 1, (
        "an audience view repeated its source page's link warning"
    )
    assert "Traceback" not in output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, test, seconds: float = 120) -> str:
    """The page at `url` once `test(page)` holds (the preview rebuilds after each save)."""
    end = time.monotonic() + seconds
    text = ""
    while time.monotonic() < end:
        try:
            text = fetch(url)
            if test(text):
                return text
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never changed as expected; last seen:\n{text[:2000]}")


def test_the_preview_survives_bad_input_and_recovers(tmp_path):
    """Break a data file, then a page, while serving: the server stays up, every page shows the
    named error until it is fixed, and then the page is whole again. The preview serves the small
    fixture project (tests/engine.py), in a process of its own as `bin/serve` runs it."""
    project = engine.fixture_project(tmp_path / "project")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "SITE_URL": "http://127.0.0.1/"}
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "bin/preview.py"), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/protocols/purpose-matters/"
    try:
        wait_for(url, lambda page: "Purpose matters" in page)
        glossary = project / "data/glossary.yml"
        good = glossary.read_text(encoding="utf-8")
        glossary.write_text(good.replace("  - id: kaimahi\n", "  - id: kaimahi\n    term: : [\n", 1), encoding="utf-8")
        broken = wait_for(url, lambda page: "dpup-build-error" in page)
        assert re.search(r"data/glossary\.yml:\d+: malformed YAML", broken)
        glossary.write_text(good, encoding="utf-8")
        wait_for(url, lambda page: "dpup-build-error" not in page and "Purpose matters" in page)

        page = project / PAGE
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("kind: principle\n", "kind: principal\n", 1), encoding="utf-8")
        broken = wait_for(url, lambda page: "dpup-build-error" in page)
        assert "docs/principles/he-tangata.md:3: field &#x27;kind&#x27;: got &#x27;principal&#x27;" in broken
        page.write_text(text, encoding="utf-8")
        wait_for(url, lambda page: "dpup-build-error" not in page)  # a partial build took the error off

        # A change to a page's text rebuilds that page, and the audience view that repeats it.
        here = url.replace("protocols/purpose-matters/", "principles/he-tangata/")
        view = url.replace("protocols/purpose-matters/", "for/frontline/")
        edited = text.replace("the work helps the", "the work helpsEdited the", 1).replace(
            "the person in front of you.", "the person in frontEdited of you.", 1
        )
        assert edited.count("Edited") == 2
        page.write_text(edited, encoding="utf-8")
        wait_for(here, lambda page: "helpsEdited" in page)
        wait_for(view, lambda page: "frontEdited" in page)
        # A new title shows in every page's navigation: that takes a full build.
        page.write_text(edited.replace("title: He Tāngata\n", "title: He Tāngata Renamed\n", 1), encoding="utf-8")
        wait_for(url, lambda page: re.search(r"He Tāngata(</span>)? Renamed", page))  # te reo is marked
        assert server.poll() is None, "the preview stopped"
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    assert log.count("malformed YAML") == 1, "the terminal should show each error once"
    assert "Rebuilt principles/he-tangata.md in" in log, "fixing the page rebuilt it alone"
    assert "Rebuilt principles/he-tangata.md, for/frontline.md in" in log, "the edit rebuilt the page and its view"


def test_a_malformed_hash_leaves_the_guide_working(page, server):
    """'#%' is not valid percent-encoding: the guide must still show its first question."""
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}tools/can-i-share/#%")
    wait_until(page, "document.querySelector('[data-dpup-guide]').dataset.dpupReady")
    assert page.locator(".dpup-guide__step--current").count() == 1
    assert not errors, errors


def test_a_stored_audience_that_no_longer_exists_is_forgotten(page, server):
    page.goto(server)
    page.evaluate("localStorage.setItem('dpup.audience', 'no-longer-an-audience')")
    page.goto(f"{server}principles/he-tangata/")
    wait_until(
        page, "document.querySelector('[data-dpup-switcher]') && !document.querySelector('[data-dpup-switcher]').hidden"
    )
    assert page.evaluate("document.querySelector('#dpup-audience').value") == ""
    closed = page.evaluate("[...document.querySelectorAll('details.dpup-audience')].filter(d => !d.open).length")
    assert closed == 0, "every block stays open when no valid audience is chosen"
    assert page.evaluate("localStorage.getItem('dpup.audience')") is None
