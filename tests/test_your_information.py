"""Your information (issue 28): a front door for the people the information is about.

The section's pages read at grade 6 or lower (the build's own gate, proven here to fail), the home
page's first screen on a phone leads to them, help is data with a source for every entry, and a
lost reader's 404 page points the way back in.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT, html_of, soup
from dpup.content import schema
from dpup.pages import readability
from dpup.pages.fragments import contact_line

SECTION = ROOT / "docs/your-information"
PAGES = sorted(p.relative_to(ROOT / "docs").as_posix() for p in SECTION.glob("*.md"))
QUESTIONS = [p for p in PAGES if not p.endswith("index.md")]


def test_the_section_answers_the_public_s_questions():
    assert len(QUESTIONS) >= 11


def test_the_hub_lists_every_question_page(site):
    hub = html_of(site, "your-information/index.md")
    linked = {a["href"].split("#")[0].rstrip("/") for a in hub.select("article a[href]")}
    for page in QUESTIONS:
        assert page.removeprefix("your-information/").removesuffix(".md") in linked, page


@pytest.mark.parametrize("src", QUESTIONS)
def test_each_question_page_ends_with_what_to_do_and_where_to_get_help(site, src):
    page = html_of(site, src)
    headings = [h.get_text(" ", strip=True).removesuffix("¶").strip() for h in page.select("article h2")]
    assert "What you can do" in headings and "Where to get help" in headings, headings
    assert page.select(".dpup-help a[href]"), f"{src} names no help"
    assert "not the official policy" in " ".join(page.select_one("article").get_text(" ").split()), src


def test_public_pages_read_at_grade_6_or_lower(site):
    import json

    report = json.loads((site / "plain-language-report.json").read_text(encoding="utf-8"))
    grades = {p["src_uri"]: p["grade"] for p in report["pages"]}
    assert all(grades[src] <= 6 for src in PAGES), {src: grades[src] for src in PAGES if grades[src] > 6}
    assert grades["index.md"] <= 8


def test_the_page_grade_gate_names_a_page_over_its_limit():
    """The build's gate (mkdocs.yml extra.plain_language.max_body_grade), on made-up reports."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # no tags run
    limits = {path: float(grade) for path, grade in config["extra"]["plain_language"]["max_body_grade"].items()}
    assert limits["your-information/"] == 6 and limits["index.md"] == 8
    reports = [
        readability.BodyReport("your-information/complain.md", "guide", 6.4, 300, ["A long sentence."]),
        readability.BodyReport("your-information/consent.md", "guide", 5.9, 300),
        readability.BodyReport("guides/consent.md", "guide", 9.0, 300),
        readability.BodyReport("index.md", "home", 8.1, 300),
    ]
    found = readability.page_grade_problems(reports, limits)
    assert [src for src, _ in found] == ["your-information/complain.md", "index.md"]
    assert "grade 6.4, over the limit of 6" in found[0][1] and "'A long sentence.'" in found[0][1]


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_the_home_page_s_first_screen_leads_to_your_information(server, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(server)
    link = page.locator("article a[href$='your-information/']").first
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= viewport["height"], box
    context.close()


def test_help_is_data_with_a_source_for_every_entry():
    contacts = yaml.safe_load((ROOT / "data/contacts.yml").read_text(encoding="utf-8"))["contacts"]
    ids = {c["id"] for c in contacts}
    assert {"privacy-complaint-form", "aboutme", "community-law"} <= ids
    for entry in contacts:
        assert entry["source"].startswith("https://") and entry["checked"], entry["id"]
        assert ("number" in entry) != ("url" in entry), entry["id"]


def test_a_web_service_is_a_link_and_a_phone_line_is_a_number():
    web = schema.Contact(
        id="x",
        name="AboutMe",
        url="https://example.org/aboutme",
        when="To ask.",
        source="https://example.org/aboutme",
        checked="2026-12-07",
    )
    assert contact_line(web).startswith("**[AboutMe](https://example.org/aboutme)**")
    with pytest.raises(ValueError):
        schema.Contact(
            id="x",
            name="Both",
            url="https://example.org/",
            number="111",
            when="W.",
            source="https://example.org/",
            checked="2026-12-07",
        )
    with pytest.raises(ValueError):
        schema.Contact(id="x", name="Neither", when="W.", source="https://example.org/", checked="2026-12-07")


@pytest.mark.parametrize(
    "src, contact",
    [
        ("your-information/see-my-file.md", "aboutme"),
        ("your-information/complain.md", "privacy-complaint-form"),
        ("guides/privacy-breaches-and-complaints.md", "privacy-complaint-form"),
        ("protocols/access-to-information.md", "aboutme"),
    ],
)
def test_pages_show_the_help_entries_through_the_macro(site, src, contact):
    listed = yaml.safe_load((ROOT / "data/contacts.yml").read_text(encoding="utf-8"))["contacts"]
    contacts = {c["id"]: c for c in listed}
    assert html_of(site, src).select_one(f".dpup-help a[href='{contacts[contact]['url']}']"), (src, contact)


def test_the_404_page_points_the_way_back_in(site):
    page = soup(site / "404.html")
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("article a[href]")}
    assert links["Your information"].endswith("your-information/")
    assert links["The home page"].endswith("/") and "your-information" not in links["The home page"]
    assert "search box" in page.select_one("article").get_text(" ")


def test_the_service_user_view_opens_with_your_information(site):
    """Before any block written for agencies, the view sends the public to their own pages."""
    article = str(html_of(site, "for/service-users.md").select_one("article"))
    assert "your-information/" in article
    assert article.index("your-information/") < article.index("dpup-view-block")


def test_the_easy_read_page_has_a_described_picture_beside_each_point(site):
    page = html_of(site, "your-information/easy-read.md")
    points = page.select(".dpup-easy-read p:has(> .dpup-picture)")
    assert len(points) >= 20
    for picture in page.select(".dpup-picture"):
        assert picture.get("role") == "img" and picture.get("aria-label", "").startswith("Picture: "), picture
    assert page.select(".dpup-easy-read strong"), "key words are in bold"


def test_easy_read_reads_at_grade_4_or_lower_and_has_its_own_tagged_pdf(site):
    import json
    import subprocess

    report = json.loads((site / "plain-language-report.json").read_text(encoding="utf-8"))
    assert {p["src_uri"]: p["grade"] for p in report["pages"]}["your-information/easy-read.md"] <= 4
    pdf = site / "pdf/easy-read.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Call 111" in " ".join(text.split()) or "111" in text
    downloads = html_of(site, "downloads.md")
    assert downloads.select_one("a[href$='pdf/easy-read.pdf']"), "the downloads page lists the Easy Read PDF"


def test_easy_read_pictures_print_in_the_pdf(site):
    """The print HTML drops screen icons, but not Easy Read's pictures, which carry meaning."""
    from bs4 import BeautifulSoup

    from dpup.pdf.print_html import DROP

    html = (
        '<p><span class="twemoji dpup-picture" role="img" aria-label="Picture: a tick"><svg></svg></span>Yes</p>'
        '<p><span class="twemoji"><svg></svg></span>Icon</p>'
    )
    soup_ = BeautifulSoup(html, "html.parser")
    for tag in soup_.select(DROP):
        tag.decompose()
    assert len(soup_.select(".dpup-picture svg")) == 1 and len(soup_.select("svg")) == 1


def test_access_outcomes_that_end_in_a_refusal_name_where_to_complain(site):
    page = html_of(site, "tools/access-request.md")
    refuse = page.select_one("[data-step='refuse']")
    assert refuse.select_one(".dpup-help a[href*='complaint-form']"), "the refusal outcome names the complaint form"


def test_an_outcome_s_help_must_name_a_known_contact(tmp_path):
    import shutil

    from dpup.content import model
    from dpup.content.errors import ContentError

    shutil.copytree(ROOT / "data", tmp_path / "data")
    tool = tmp_path / "data/tools/access-request.yml"
    text = tool.read_text(encoding="utf-8")
    tool.write_text(text.replace("help: [privacy-complaint-form,", "help: [no-such-line,", 1), encoding="utf-8")
    with pytest.raises(ContentError, match="unknown contact 'no-such-line'"):
        model.load_data(tmp_path / "data")
