"""What changed and what is out for consultation (issue #17): change entries, the footer's "last
changed", the versions page, the Atom feeds, the text kept for comparisons, consultation banners
by build date, "What we heard" pages and the PDF cover's status.

The comparison of two tagged versions, built from git by mike, is in tests/test_archive.py.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

import changes as edits
from conftest import ROOT, html_of, soup
from dpup.content import schema
from dpup.content.model import split_front_matter
from dpup.history import compare, consultation
from dpup.pdf import print_html
from dpup.text import page_url

ATOM = "{http://www.w3.org/2005/Atom}"
FOOTER = re.compile(r'<p class="dpup-footer__version">(.*?)</p>', re.DOTALL)
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def entries_in_sources() -> list[tuple[str, str, dict]]:
    """(docs path, title, entry) for every change entry written in docs/."""
    out = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        meta = yaml.safe_load(front) if front else {}
        out += [(path.relative_to(ROOT / "docs").as_posix(), meta["title"], c) for c in meta.get("changes", [])]
    return out


# --- the session build ---------------------------------------------------------------


def test_every_page_says_when_it_last_changed(site):
    entries = {src: c for src, _, c in reversed(entries_in_sources())}  # the newest entry of each page
    assert entries, "no page has a change entry: the feeds and these checks test nothing"
    for src, change in entries.items():
        footer = html_of(site, src).select_one(".dpup-footer__version").get_text(" ", strip=True)
        when = f"{change['date'].day} {change['date']:%B %Y}"
        assert f"last changed in version {change['version']}, on {when}" in footer, src
    first = yaml.safe_load((ROOT / "data/versions.yml").read_text(encoding="utf-8"))["versions"][-1]["version"]
    # Every other page written in docs/ (a generated page repeats others' text, so it has no such
    # line): its footer alone, found without parsing the whole page.
    written = [p.relative_to(ROOT / "docs").as_posix() for p in sorted((ROOT / "docs").rglob("*.md"))]
    footers = {}
    for src in written:
        found = FOOTER.search((site / page_url(src) / "index.html").read_text(encoding="utf-8"))
        footers[src] = " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""
    wrong = {
        src: f
        for src, f in footers.items()
        if src not in entries
        and f"No change to this page has been recorded since version {first}, the first edition" not in f
    }
    assert not wrong, wrong


def test_a_changed_page_lists_what_changed_and_the_versions_page_links_there(site):
    src, title, change = next(e for e in entries_in_sources() if e[0] == "about/versions.md")
    page = html_of(site, src)
    listed = page.select_one("h2#what-changed").find_next_sibling("ul").get_text(" ", strip=True)
    assert f"Version {change['version']}" in listed and change["what"] in listed
    assert page.select_one('.dpup-footer__version a[href="#what-changed"]'), "the footer links to the list"
    # The versions page (this page) names, under each version, the pages that version changed.
    links = [a for a in page.select("article li a") if a["href"].endswith("#what-changed")]
    assert any(a.get_text() == title for a in links), "the versions page does not link to the change"


def test_the_feeds_list_every_change_with_a_link_to_it(site):
    written = entries_in_sources()
    feed = ET.parse(site / "feeds/changes.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert sorted(titles) == sorted(f"{title}: version {c['version']}" for _, title, c in written)
    home = urlsplit(next(link.get("href") for link in feed.iter(f"{ATOM}link") if link.get("rel") == "alternate"))
    for entry in feed.iter(f"{ATOM}entry"):
        href = entry.find(f"{ATOM}link").get("href")
        path, anchor = urlsplit(href).path, urlsplit(href).fragment
        built = site / path.removeprefix(home.path) / "index.html"
        assert anchor == "what-changed" and soup(built).find(id=anchor), href
        assert entry.findtext(f"{ATOM}summary") in [c["what"] for _, _, c in written]
    # Each section's feed holds that section's entries only; pages name their feeds in <head>.
    for section in {src.split("/")[0] for src, _, _ in written if "/" in src}:
        feed = ET.parse(site / f"feeds/{section}.xml").getroot()
        mine = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
        assert sorted(mine) == sorted(
            f"{t}: version {c['version']}" for s, t, c in written if s.startswith(section + "/")
        )
    # The versions page lists every feed, by the name of its part of the policy.
    listed = {a["href"]: a.get_text() for a in html_of(site, "about/versions.md").select('article a[href$=".xml"]')}
    sections = sorted(p.name for p in (site / "feeds").glob("*.xml"))
    assert sorted(href.rsplit("/", 1)[-1] for href in listed) == sections
    assert listed["../../feeds/changes.xml"] == "The whole policy" and listed["../../feeds/guides.xml"] == "Guides"
    head = html_of(site, "guides/consent.md").head
    assert {link["href"] for link in head.select('link[rel~="alternate"][type="application/atom+xml"]')} == {
        "../../feeds/changes.xml",
        "../../feeds/guides.xml",
    }
    # Material fetches a sitemap.xml beside each link whose rel is exactly "alternate".
    assert not [link for link in head.select("link[rel]") if link.get("rel") == ["alternate"]]


def test_every_page_keeps_its_text_for_later_comparisons(site):
    import json

    texts = json.loads((site / compare.TEXTS).read_text(encoding="utf-8"))
    assert "principles/he-tangata.md" in texts and len(texts) >= 40
    assert all(isinstance(block, str) and "¶" not in block for blocks in texts.values() for block in blocks)
    assert "What changed" not in texts["about/versions.md"], "the list of changes is not the page's text"
    assert any("People rely on this policy" in block for block in texts["about/versions.md"])


# --- the rules, without a build ---------------------------------------------------------------


def consultation_of(opens: str, closes: str, **more) -> schema.Consultation:
    return schema.Consultation.model_validate({"title": "T", "opens": opens, "closes": closes, "asking": "A?", **more})


def front_matter(**more) -> dict:
    return {"title": "T", "kind": "guide", "summary": "S.", "audiences": [], **more}


@pytest.mark.parametrize(
    "entry, fault",
    [
        ({"version": "9.9", "date": "2026-11-30", "what": "Adds a step."}, "unknown version '9.9'"),
        ({"version": "1.0", "date": "2026-11-30", "what": "Adds a step. Then another."}, "one sentence"),
        ({"version": "1.0", "date": "2026-11-30", "what": "adds a step"}, "pattern"),
    ],
)
def test_a_change_entry_names_a_published_version_in_one_sentence(entry, fault):
    with pytest.raises(ValueError, match=fault):
        schema.FrontMatter.model_validate(front_matter(changes=[entry]), context={"versions": ["1.0", "1.1"]})
    older, newer = (
        {"version": v, "date": d, "what": "Adds a step."} for v, d in (("1.0", "2026-11-24"), ("1.1", "2026-11-30"))
    )
    with pytest.raises(ValueError, match="newest first"):
        schema.FrontMatter.model_validate(front_matter(changes=[older, newer]), context={"versions": ["1.0", "1.1"]})


def test_a_what_we_heard_page_needs_its_themes_and_a_consultation_its_dates():
    with pytest.raises(ValueError, match="needs `heard:`"):
        schema.FrontMatter.model_validate(front_matter(kind="heard"))
    with pytest.raises(ValueError, match="must be after opens"):
        consultation_of("2026-12-01", "2026-11-01")


def test_the_comparison_marks_words_added_and_removed_and_escapes_the_rest():
    old = ["Ask before you share.", "Keep <b>notes</b> short.", "Gone next time."]
    new = ["Ask the person before you share.", "Keep <b>notes</b> short.", "Brand new."]
    out = compare.word_diff(old, new)
    hidden = '<span class="dpup-visually-hidden">{}: </span>'
    assert f"<p>Ask <ins>{hidden.format('Added')}the person</ins> before you share.</p>" in out
    assert f"<del>{hidden.format('Taken out')}Gone next time.</del>" in out
    assert f"<ins>{hidden.format('Added')}Brand new.</ins>" in out
    assert "notes" not in out, "an unchanged block is not shown"
    assert "&lt;b&gt;" in compare.word_diff(["<b>x</b>"], ["<b>y</b>"])


def test_a_consultation_is_open_from_its_first_day_to_its_last():
    c = consultation_of("2026-12-01", "2027-01-31")
    days = [datetime.date.fromisoformat(d) for d in ("2026-11-30", "2026-12-01", "2027-01-31", "2027-02-01")]
    assert [consultation.state(c, d) for d in days] == ["upcoming", "open", "open", "closed"]


def test_have_your_say_fills_in_the_issue_form_that_warns_about_personal_information():
    c = consultation_of("2026-12-01", "2027-01-31", title="Draft guides")
    url = consultation.feedback_url(
        c,
        "https://github.com/dpup-nz/dpup-site",
        page="Consent & choice",
        page_url="https://x.example/guides/consent/",
        section="Guides",
        version="1.1",
    )
    parts = urlsplit(url)
    assert parts.netloc == "github.com" and parts.path == "/dpup-nz/dpup-site/issues/new"
    fields = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert fields["template"] == consultation.ISSUE_FORM and fields["version"] == "1.1"
    assert fields["page"] == "Consent & choice (https://x.example/guides/consent/)" and fields["section"] == "Guides"
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE" / consultation.ISSUE_FORM).read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert {"page", "section", "version"} <= ids, "the link fills in fields the form does not have"
    intro = form["body"][0]["attributes"]["value"]
    assert "Never include anyone's personal information" in intro
    assert any(
        o.get("required")
        for item in form["body"]
        if item["type"] == "checkboxes"
        for o in item["attributes"]["options"]
    )
    # Where the publisher sets an email address, the link writes an email instead.
    mail = consultation.feedback_url(
        c.model_copy(update={"email": "feedback@example.org"}), None, page="P", page_url="u", section="S", version="1.1"
    )
    assert mail.startswith("mailto:feedback@example.org?subject=") and "personal%20information" in mail


def test_a_pdf_cover_says_whether_its_pages_are_a_draft():
    ctx = print_html.Context(
        "Policy", "https://x.example/", "A", "CC BY 4.0", "1.1", "30 November 2026", "30 November 2026"
    )
    edition = print_html.Edition("pdf/x.pdf", "X", "About x.", (), cover=True)
    assert "<dt>Status</dt><dd>Published</dd>" in print_html.document(edition, [], ctx)
    c = consultation_of("2026-12-01", "2027-01-31", title="Draft guides")
    draft = consultation.print_status([consultation.Status(c, "open")])
    assert draft == "Draft for consultation until 31 January 2027: Draft guides. The final text may change."
    from dataclasses import replace

    assert f"<dd>{draft}</dd>" in print_html.document(replace(edition, draft=draft), [], ctx)
    single = replace(edition, cover=False, draft=draft)
    assert draft in print_html.document(single, [], ctx), "a single page's PDF has no cover: it says so at the top"


# --- consultation in a build ------------------------------------------------------------------


# The pages tests/changes.py puts out for consultation, in the fixture project.
OPEN, CLOSED, UPCOMING = (
    page.removeprefix("docs/") for page in (edits.OPEN_PAGE, edits.CLOSED_PAGE, edits.UPCOMING_PAGE)
)


def banner(site_dir, src):
    return html_of(site_dir, src).select_one(".dpup-consultation")


def test_draft_pages_show_their_consultation_as_it_stands_on_the_build_date(changed_fixture):
    done, site_dir = changed_fixture
    assert done.returncode == 0, done.stdout + done.stderr
    open_now = banner(site_dir, OPEN)
    assert open_now["data-state"] == "open"
    text = open_now.get_text(" ", strip=True)
    assert edits.OPEN_TITLE in text and edits.OPEN_ASKING in text, "the title and question show as text"
    assert not open_now.find(["img", "script"]), "markup in a consultation's text came out as markup"
    link = open_now.find("a", string="Have your say on this page")
    assert link["href"].startswith(CONFIG["repo_url"] + "/issues/new?template=consultation.yml")
    assert "version=" in link["href"] and "page=" in link["href"]
    assert "Never include anyone's personal information" in text
    closed, upcoming = banner(site_dir, CLOSED), banner(site_dir, UPCOMING)
    assert closed["data-state"] == "closed" and "closed on 1 February 2001" in closed.get_text(" ", strip=True)
    assert upcoming["data-state"] == "upcoming" and "opens on 1 January 2098" in upcoming.get_text(" ", strip=True)
    assert not closed.find("a") and not upcoming.find("a"), "feedback is asked for only while it is open"
    assert banner(site_dir, "principles/he-tangata.md") is None


def test_the_banner_closes_when_the_build_date_passes_the_close(build_fixture):
    def drafts(project):
        edits.put_drafts_out_for_consultation(project)

    done, site_dir, _ = build_fixture(drafts, SOURCE_DATE_EPOCH=str(int(datetime.datetime(2100, 1, 1).timestamp())))
    assert done.returncode == 0, done.stdout + done.stderr
    after = banner(site_dir, OPEN)
    assert after["data-state"] == "closed" and not after.find("a", string="Have your say on this page")
    assert "closed on 31 December 2099" in after.get_text(" ", strip=True)
    assert banner(site_dir, UPCOMING)["data-state"] == "closed", "the upcoming one has opened and closed"


def test_a_what_we_heard_page_sums_up_each_theme(changed_fixture):
    done, site_dir = changed_fixture
    page = html_of(site_dir, edits.HEARD_PAGE.removeprefix("docs/"))
    themes = [" ".join(h.get_text(" ").split()).rstrip(" ¶") for h in page.select("article h3")]
    assert edits.HEARD_THEME in themes
    text = " ".join(page.select_one("article").get_text(" ").split())
    assert "closed on 31 October 2026" in text and "from 12 responses" in text
    assert "What we changed. The guide now says when not to tell whānau ." in text  # te reo is its own span


def test_a_change_entry_with_markup_is_refused_and_a_bad_link_in_one_stops_the_build():
    """No HTML in an entry: the content model refuses it. A Markdown link in one is allowed, and
    joins the page's Markdown, so the sanitiser checks it as it checks the page (tests/test_security.py
    proves that check stops the build)."""
    import markdown

    from dpup.content import sanitise
    from dpup.history import changes

    hostile = {"version": "1.0", "date": "2026-11-30", "what": "Explains <img src=x onerror=alert(79)> more."}
    with pytest.raises(ValueError, match="pattern"):
        schema.FrontMatter.model_validate(front_matter(changes=[hostile]), context={"versions": ["1.0"]})
    linked = {**hostile, "what": "Explains [more](javascript:alert(80))."}
    meta = schema.FrontMatter.model_validate(front_matter(changes=[linked]), context={"versions": ["1.0"]})
    rendered = markdown.markdown(changes.what_changed(meta))
    assert "javascript:" in rendered and sanitise.changes(rendered, sanitise.clean(rendered))
    # A "What we heard" page's themes are Markdown too, and go through the same check; a theme's
    # heading is escaped.
    heard = {
        "consultation": "the <b>draft</b>",
        "closed": "2026-10-31",
        "themes": [
            {"theme": "<img src=x onerror=alert(81)>", "heard": "<script>alert(82)</script>", "changed": "Nothing."}
        ],
    }
    meta = schema.FrontMatter.model_validate(front_matter(kind="heard", heard=heard))
    rendered = markdown.markdown(changes.what_we_heard(meta))
    assert "<h3>&lt;img src=x onerror=alert(81)&gt;</h3>" in rendered and "the &lt;b&gt;draft&lt;/b&gt;" in rendered
    assert sanitise.changes(rendered, sanitise.clean(rendered)), "the script in a theme would stop the build"


def test_a_feed_keeps_markup_in_a_page_title_as_text():
    from dpup.content.model import ContentModel, Page
    from dpup.history import feeds

    data = type("Data", (), {"versions": [schema.Version(version="1.1", date="2026-11-30", changes=["X."])]})()
    entry = {"version": "1.1", "date": "2026-11-30", "what": "Adds X."}
    meta = schema.FrontMatter.model_validate(
        front_matter(title="Sharing <script>alert(83)</script>", changes=[entry]), context={"versions": ["1.1"]}
    )
    model = ContentModel(data=data, pages={"guides/x.md": Page("guides/x.md", meta, "")})
    feed = feeds.feeds_of(model, "Policy")[0]
    root = ET.fromstring(feeds.atom(model, "https://x.example/", {"guides/x.md": "guides/x/"}, feed))
    [entry] = root.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Sharing <script>alert(83)</script>: version 1.1"
    assert entry.find(f"{ATOM}link").get("href") == "https://x.example/guides/x/#what-changed"


def test_banners_and_what_we_heard_are_valid_html(changed_fixture, tmp_path):
    from test_valid_html import check

    _, site_dir = changed_fixture
    for src in (OPEN, CLOSED, UPCOMING, edits.HEARD_PAGE.removeprefix("docs/")):
        built = site_dir / page_url(src) / "index.html"
        (tmp_path / src.replace("/", "-").replace(".md", ".html")).write_bytes(built.read_bytes())
    check(tmp_path)
