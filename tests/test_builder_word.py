"""The purpose statement builder's "Download Word" (tools/word.js, dpup/office/browser.py): made in
Chromium from the build's own template, opened here with python-docx as test_office.py opens the
build's Word files. Its scripts load only when asked for, from the site, and nothing is sent.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import docx

from conftest import wait_until
from test_office import CONFIG, W, headings
from test_offline import unzipped  # noqa: F401 (a fixture)
from test_tools import BUILDER, assert_local_only, requests_log  # noqa: F401 (a fixture)

SCRIPTS = ("vendor/fflate.js", "tools/word-template.js", "tools/word.js")
# Markup a hostile or careless reader might type, a control character XML cannot hold, a line break.
TYPED = 'Name & date of birth </w:t></w:r><w:r><w:t>injected</w:t> "quoted"\u0001\nand\tincome'


def word_download(page, panel: str):
    with page.expect_download() as info:
        page.locator(f"#{BUILDER}-{panel}").locator("xpath=..").get_by_role("button", name="Download Word").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    return docx.Document(BytesIO(Path(download.path()).read_bytes())), download.suggested_filename


def language(document) -> str:
    defaults = document.styles.element.find(f"{W}docDefaults").find(f"{W}rPrDefault").find(f"{W}rPr")
    return defaults.find(f"{W}lang").get(f"{W}val")


def test_the_builder_writes_word_files_in_the_browser(page, server, requests_log, data):
    spec = data.tools[BUILDER]
    page.goto(f"{server}tools/purpose-statement-builder/")
    page.fill(f"#{BUILDER}-project", "Whānau housing support intake.")
    page.fill(f"#{BUILDER}-agency", "Kāinga Support Trust")
    page.fill(f"#{BUILDER}-information", TYPED)
    page.get_by_role("button", name="Check and write my statement").click()
    assert not [u for u in requests_log if u.endswith(SCRIPTS)], "the Word scripts load only when asked for"

    statement, name = word_download(page, "purpose-statement")
    assert name == "purpose-statement-whanau-housing-support-intake.docx"
    title = "Purpose statement: Whānau housing support intake."
    first = statement.paragraphs[0]
    assert (first.style.name, first.text) == ("Heading 1", title)
    assert headings(statement, 1) == [title]
    assert headings(statement, 2) == [f"{e.name}: {e.question}" for e in spec.elements]
    assert statement.core_properties.title == title
    assert statement.sections[0].footer.paragraphs[0].text.startswith(title + " · ")
    assert language(statement) == "en-NZ"
    status = " ".join(CONFIG["extra"]["publisher"]["status"].split())
    assert status in statement.paragraphs[1].text  # what this edition is, first
    body = "\n".join(p.text for p in statement.paragraphs)
    assert 'Information: Name & date of birth </w:t></w:r><w:r><w:t>injected</w:t> "quoted"\nand\tincome' in body
    assert statement.element.body.find(f".//{W}tab") is not None, "a tab is Word's own <w:tab/>"
    assert "\u0001" not in body
    # A gap the checklist flags is bold and highlighted, to be seen and filled in.
    gap = next(r for p in statement.paragraphs for r in p.runs if r.text.startswith("[missing: "))
    assert gap.bold and gap._r.rPr.find(f"{W}highlight").get(f"{W}val") == "yellow"
    labels = [r for r in statement.paragraphs[-1].runs if r.bold and r.text.endswith(": ")]
    assert labels, "each answer is labelled in bold"

    notice, name = word_download(page, "privacy-notice")
    assert name == "privacy-notice-kainga-support-trust.docx"
    assert notice.paragraphs[0].text == "How Kāinga Support Trust uses your information"
    expected = [s.heading for s in spec.notice if not s.when]
    assert [h for h in headings(notice, 2) if h in expected] == expected
    assert ".." not in "\n".join(p.text for p in notice.paragraphs).replace("...", "")

    loaded = [u for u in requests_log if u.endswith(SCRIPTS)]
    assert sorted(re.sub(r".*/assets/javascripts/", "", u) for u in loaded) == sorted(SCRIPTS), (
        "each Word script loads once, from the site"
    )
    assert_local_only(requests_log, server)


def test_ids_on_the_page_do_not_stop_the_word_file(page, server):
    """A browser makes element ids globals: headings "Module" and "Exports" (ids module, exports)
    would send fflate's wrapper down its CommonJS path, and no Word file would be made."""
    page.goto(f"{server}tools/purpose-statement-builder/")
    page.evaluate("""() => { for (const id of ['module', 'exports', 'define']) {
        const h = document.createElement('h2'); h.id = id; h.textContent = id;
        document.querySelector('article').appendChild(h); } }""")
    page.fill(f"#{BUILDER}-project", "Kai for whānau")
    page.get_by_role("button", name="Check and write my statement").click()
    document, _ = word_download(page, "purpose-statement")
    assert document.paragraphs[0].text == "Purpose statement: Kai for whānau"


def test_the_builder_writes_word_files_offline(browser, unzipped):
    """From file:// (the offline copy), where a page may load a script but may not fetch a file."""
    context = browser.new_context(accept_downloads=True)
    tab = context.new_page()
    try:
        tab.goto((unzipped / "tools" / "purpose-statement-builder.html").as_uri())
        wait_until(tab, f"document.getElementById('{BUILDER}').dataset.dpupReady")
        tab.fill(f"#{BUILDER}-project", "Kai for whānau")
        tab.get_by_role("button", name="Check and write my statement").click()
        document, _ = word_download(tab, "purpose-statement")
        assert document.paragraphs[0].text == "Purpose statement: Kai for whānau"
    finally:
        context.close()
