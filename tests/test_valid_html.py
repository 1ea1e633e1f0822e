"""Valid HTML: the W3C Nu Html Checker (vnu-jar, pinned in package.json; it runs on the Java
runtime bin/setup installs) over every page of the built site and of the offline copy.

Errors fail the test with file, line and message. Warnings are allowed only where listed below,
each with its reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OFFLINE_ZIP = "offline/dpup-policy-offline.zip"
# Warnings we accept (the start of the message), and why.
ACCEPTED_WARNINGS = {
    "Resource violates Content Security Policy (meta tag)": (
        "the checker reads the pages from disk, where the policy's 'self' matches no origin; "
        "the browser tests (tests/test_privacy.py) serve them and prove nothing is blocked"
    ),
    "Inline script violates Content Security Policy (meta tag)": (
        'Material\'s settings block, <script id="__config" type="application/json">, is data, '
        "never run; tests/test_security.py proves no inline script runs"
    ),
}


def nu_messages(folder: Path) -> list[dict]:
    """Every message the checker gives for the HTML files under `folder`."""
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `npm ci` (bin/setup --test does).", pytrace=False)
    if shutil.which("java") is None:
        pytest.fail(
            "java is missing: install the Debian package default-jre-headless (bin/setup --test does).", pytrace=False
        )
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(folder)], capture_output=True, text=True
    )
    return json.loads(done.stderr or '{"messages": []}')["messages"]


def report(messages: list[dict], folder: Path) -> list[str]:
    return [
        f"{m.get('url', '').split(str(folder) + '/')[-1]}:{m.get('lastLine', '?')}: {m['message']}" for m in messages
    ]


def check(folder: Path) -> None:
    messages = nu_messages(folder)
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    warnings = [
        m
        for m in messages
        if m.get("subType") == "warning" and not any(m["message"].startswith(w) for w in ACCEPTED_WARNINGS)
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(report(errors, folder)[:40])
    assert not warnings, f"{len(warnings)} HTML warnings not accepted:\n" + "\n".join(report(warnings, folder)[:40])


@pytest.mark.heavy
def test_every_page_is_valid_html(site):
    check(site)


@pytest.mark.heavy
def test_every_page_of_the_offline_copy_is_valid_html(site, tmp_path):
    with zipfile.ZipFile(site / OFFLINE_ZIP) as z:
        z.extractall(tmp_path)
    check(tmp_path)


def test_the_checker_finds_an_error(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        '<body><label for="nowhere" tabindex="">x</label></body></html>'
    )
    messages = nu_messages(tmp_path)
    assert any(m["type"] == "error" for m in messages)
