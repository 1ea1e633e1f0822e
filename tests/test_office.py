"""The Word and PowerPoint files (dpup/office/): made from the pages, with real headings, in New
Zealand English, saying what this edition is and its version, holding no field code or external
reference but http(s) links; every slide titled, with notes; listed on the downloads page.

Most tests make the files in-process from the content model (about a second, no MkDocs); the
downloads page's test reads the session build, which makes them with the PDFs.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pptx
import pytest
import yaml
from lxml import etree

from conftest import ROOT, html_of
from dpup.content import config_check, model, settings
from dpup.content.errors import ContentError
from dpup.office import documents, source
from dpup.pdf.print_html import Context
from test_content_model import loaded

SITE_URL = "https://example.org/dpup/"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
FIELDS = re.compile(rb"<(w:fldSimple|w:instrText|w:fldChar|a:fld|w:attachedTemplate|o:OLEObject|p:oleObj)\b")
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def load(project: Path) -> model.ContentModel:
    content = loaded(project)
    content.settings = settings.load_settings(config_check.plain(ROOT / "mkdocs.yml")["extra"])
    return content


def context(content: model.ContentModel) -> Context:
    p, newest = content.publisher, content.data.versions[0]
    return Context(
        site_name=CONFIG["site_name"],
        site_url=SITE_URL,
        author=p.name,
        licence="",
        version=newest.version,
        version_date=str(newest.date),
        build_date="1 December 2026",
        status=p.status,
        publisher=p.name,
        official_name=p.official_name,
        official_url=str(p.official_url),
    )


@pytest.fixture(scope="module")
def content() -> model.ContentModel:
    return load(ROOT)


@pytest.fixture(scope="module")
def made(content) -> dict[str, bytes]:
    return {f.path: f.data for f in documents.make_all(content, context(content), dt.date(2026, 12, 1))}


def word(made, name: str):
    return docx.Document(BytesIO(made[f"office/{name}.docx"]))


def headings(document, level: int | None = None) -> list[str]:
    return [
        p.text
        for p in document.paragraphs
        if p.style.name.startswith("Heading") and (level is None or p.style.name == f"Heading {level}")
    ]


def body_headings(content, src: str, marks: str, within: str | None = None) -> list[str]:
    """The page's own headings at one level ('## ', '### '), from its source lines."""
    lines = content.page(src).body.splitlines()
    if within:
        start = lines.index(f"## {within}")
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines = lines[start + 1 : end]
    return [line[len(marks) :].strip() for line in lines if line.startswith(marks)]


# Every Word and PowerPoint file the build makes, as the downloads page lists it.
OFFICE_FILES = sorted(
    f"office/{n}"
    for n in (
        "consent-form.docx",
        "privacy-notice.docx",
        "communications-plan.docx",
        "breach-register.docx",
        "board-report.docx",
        "workshop-slides.pptx",
    )
)


def test_every_file_is_made_and_opens(made):
    assert sorted(made) == OFFICE_FILES
    for path, data in made.items():
        (docx.Document if path.endswith(".docx") else pptx.Presentation)(BytesIO(data))


def test_headings_use_heading_styles_and_match_the_page(made, content):
    office = content.data.pages.office
    for key in ("consent_form", "privacy_notice", "communications_plan", "breach_register", "board_report"):
        document = word(made, key.replace("_", "-"))
        assert document.paragraphs[0].style.name == "Heading 1"
        assert document.paragraphs[0].text == getattr(office, key).heading
        assert document.core_properties.title == getattr(office, key).heading
        assert headings(document, 1) == [getattr(office, key).heading]  # one title, then the page's levels
    plan = word(made, "communications-plan")
    expected = [h for h in body_headings(content, "adopt/communications-plan.md", "## ") if h != "Related pages"]
    assert headings(plan, 2) == expected
    assert headings(plan, 3) == body_headings(content, "adopt/communications-plan.md", "### ")
    # The form's numbered parts, written '### 1. Who we are' on the page.
    form = body_headings(content, "guides/consent-form.md", "### ", within="The form to copy")
    assert form and headings(word(made, "consent-form"), 2) == [h for h in form if h[0].isdigit()]
    notice = content.data.tools["purpose-statement"].notice
    assert headings(word(made, "privacy-notice"), 3) == [s.heading for s in notice]
    outline = [
        m.group(1).rstrip(".")
        for m in re.finditer(r"^\d+\. \*\*(.+?)\*\*", content.page("adopt/index.md").body, re.MULTILINE)
    ]
    board = headings(word(made, "board-report"), 2)
    assert board[0] == "Report progress to your board" and board[1:] == outline[-8:]


def test_breach_register_columns_come_from_data(made, content):
    columns = [c.name for c in content.data.pages.office.breach_register_columns]
    [table] = word(made, "breach-register").tables
    assert [c.text for c in table.rows[0].cells] == columns
    assert len(table.rows) > 10 and all(not c.text for row in table.rows[1:] for c in row.cells)
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None  # the header repeats on each page
    listed = source.page_markdown(content, "guides/privacy-breaches-and-complaints.md")
    assert all(f"**{name}**" in listed for name in columns)


def test_new_zealand_english(made):
    for path, data in made.items():
        if path.endswith(".docx"):
            document = docx.Document(BytesIO(data))
            defaults = document.styles.element.find(f"{W}docDefaults")
            lang = defaults.find(f"{W}rPrDefault").find(f"{W}rPr").find(f"{W}lang")
            assert lang.get(f"{W}val") == "en-NZ", path
            assert document.core_properties.language == "en-NZ"
        else:
            deck = pptx.Presentation(BytesIO(data))
            assert deck.core_properties.language == "en-NZ"
            for slide in deck.slides:
                for part in (slide.part, slide.notes_slide.part):
                    langs = {e.get("lang") for e in part._element.iter(f"{A}rPr", f"{A}endParaRPr")}
                    assert langs <= {"en-NZ", "mi-NZ"}, (slide.shapes.title.text, langs)


def test_edition_notice_and_version(made, content):
    status, version = content.publisher.status, content.data.versions[0].version
    for path, data in made.items():
        if path.endswith(".docx"):
            document = docx.Document(BytesIO(data))
            text = "\n".join(p.text for p in document.paragraphs[:3])
            assert document.core_properties.version == version
        else:
            first = pptx.Presentation(BytesIO(data)).slides[0]
            text = "\n".join(s.text_frame.text for s in first.shapes if s.has_text_frame)
        assert status in text and f"version {version}" in text, path


def test_no_field_codes_or_external_references_but_web_links(made):
    for path, data in made.items():
        with zipfile.ZipFile(BytesIO(data)) as z:
            for name in z.namelist():
                part = z.read(name)
                if name.endswith(".rels"):
                    for rel in etree.fromstring(part):
                        if rel.get("TargetMode") == "External":
                            assert rel.get("Type") == HYPERLINK, (path, name, rel.attrib)
                            assert rel.get("Target").startswith(("https://", "http://")), (path, rel.attrib)
                # The masters' slide numbers and dates are the template's, never text of ours.
                elif name.endswith(".xml") and not re.match(r"ppt/(slideLayouts|slideMasters|notesMasters)/", name):
                    assert not FIELDS.search(part), (path, name, FIELDS.search(part).group())
                if name.endswith(".xml") and b"<pic:pic" in part or b"<p:pic" in part:
                    assert all(
                        d.get("descr")
                        for d in etree.fromstring(part).iter("{*}docPr", "{*}cNvPr")
                        if d.getparent().getparent().tag.endswith("pic")
                    ), (path, name)


def test_slides_have_titles_first_and_notes(made, content):
    deck = pptx.Presentation(BytesIO(made["office/workshop-slides.pptx"]))
    titles = []
    for slide in deck.slides:
        shapes = list(slide.shapes)
        assert shapes[0].is_placeholder and shapes[0] == slide.shapes.title  # read first
        assert slide.shapes.title.text.strip()
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), slide.shapes.title.text
        titles.append(slide.shapes.title.text)
    workshop = content.page("adopt/workshop.md").body
    principles = [p.name for p in content.data.principles.values()]
    protocols = [p.meta.title for p in content.pages_of_kind("protocol")]
    exercises = body_headings(content, "adopt/workshop.md", "## ")
    cards = re.findall(r"^\*\*(Card [A-Z]: [^*]+?)\.\*\*", workshop, re.MULTILINE)
    assert len(protocols) == 4 and len(cards) == 7
    assert titles[1] == "Agenda"
    assert titles[2 : 2 + len(principles) + len(protocols)] == principles + protocols
    rest = titles[2 + len(principles) + len(protocols) :]
    assert [t for t in rest if t.startswith("Exercise")] == [h for h in exercises if h.startswith("Exercise")]
    assert [t for t in rest if t.startswith("Card")] == cards
    card_a = deck.slides[titles.index(cards[0])]
    assert card_a.notes_slide.notes_text_frame.text.startswith("Card A.")  # the points to draw out


def test_downloads_page_lists_each_file_with_a_size(site):
    page = html_of(site, "downloads.md")
    listed = {}
    for row in page.select("table.dpup-downloads tbody tr"):
        cells = row.find_all("td")
        target = (site / "downloads" / cells[0].a["href"]).resolve()
        listed[target.relative_to(site.resolve()).as_posix()] = [c.get_text(strip=True) for c in cells]
    office = {p: cells for p, cells in listed.items() if p.startswith("office/")}
    assert sorted(office) == OFFICE_FILES
    for path, cells in office.items():
        assert (site / path).is_file()
        assert cells[2] == ("Word" if path.endswith(".docx") else "PowerPoint")
        assert re.fullmatch(r"\d+(\.\d)? (KB|MB)", cells[3]), cells
    docx.Document(site / "office/consent-form.docx")
    pptx.Presentation(site / "office/workshop-slides.pptx")


# --- hostile text ---------------------------------------------------------------------


def test_a_hostile_link_stays_text(tmp_path):
    project = tmp_path / "project"
    for part in ("docs", "data"):
        shutil.copytree(ROOT / part, project / part)
    page = project / "docs/guides/consent-form.md"
    text = page.read_text(encoding="utf-8").replace(
        "Copy this version into your own template.",
        "[Click here](javascript:alert(1)) and [mail](mailto:x@example.org?bcc=y@example.org) and "
        "[a file](file:///etc/passwd) and [elsewhere](//evil.example/x). Copy this version into your own template.",
    )
    page.write_text(text, encoding="utf-8")
    content = load(project)
    [form] = [
        f
        for f in documents.make_all(content, context(content), dt.date(2026, 12, 1))
        if f.path == "office/consent-form.docx"
    ]
    with zipfile.ZipFile(BytesIO(form.data)) as z:
        everything = b"".join(z.read(n) for n in z.namelist())
    for bad in (b"javascript", b"mailto", b"file:", b"evil.example", b"passwd"):
        assert bad not in everything, bad
    words = "\n".join(p.text for p in docx.Document(BytesIO(form.data)).paragraphs)
    assert "Click here and mail and a file and elsewhere." in words  # the words stay, as text


# U+FFFF: XML cannot hold it, and python-docx stopped the build with a traceback (red team 5).
@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x85", "\x0c", "\uffff"])
def test_a_control_character_stops_the_file(char):
    with pytest.raises(ContentError, match="invisible character"):
        source.blocks(f"## Heading\n\nSome{char}text.", "guides/consent-form.md", SITE_URL)


@pytest.mark.parametrize(
    "target, expected",
    [
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("mailto:a@b.c", None),
        ("tel:111", None),
        ("data:text/html,x", None),
        ("file:///etc/passwd", None),
        ("//evil.example/x", None),
        ("/etc/passwd", None),
        ("../../../outside.md", None),
        ("https://www.privacy.org.nz/", "https://www.privacy.org.nz/"),
        ("consent.md#informed", SITE_URL + "guides/consent/#informed"),
        ("#recording-consent", SITE_URL + "guides/consent-form/#recording-consent"),
    ],
)
def test_only_web_addresses_become_links(target, expected):
    assert source.safe_href(target, "guides/consent-form.md", SITE_URL) == expected


def test_numbered_lists_are_word_lists_each_from_one(made, content):
    """A page's numbered list is a Word list (List Number, numbered by Word, not typed), and each
    list counts from its own first number: Word would otherwise run every list on as one."""
    plan = word(made, "communications-plan")
    items = [p for p in plan.paragraphs if p.style.name == "List Number"]
    body = content.page("adopt/communications-plan.md").body
    assert len(items) == len(re.findall(r"^\d+\. ", body, re.MULTILINE))
    assert not any(re.match(r"\d+\. ", p.text) for p in items), "Word numbers them; no number is typed"
    numbering = plan.part.numbering_part.element
    lists = []
    for p in items:
        num_id = p._p.pPr.numPr.numId.val
        if not lists or lists[-1][0] != num_id:
            lists.append((num_id, []))
        lists[-1][1].append(p)
    assert len(lists) == len(re.findall(r"(?:^|\n\n)1\. ", body)), "one numbering per list"
    for num_id, _ in lists:
        num = numbering.num_having_numId(num_id)
        assert num.find(f"{W}lvlOverride").find(f"{W}startOverride").get(f"{W}val") == "1"


def test_slides_use_the_whole_wide_slide(made):
    """The default template places its placeholders for 4:3; on these 16:9 slides every title and
    text box is stretched across, with equal margins, and nothing runs off the slide."""
    deck = pptx.Presentation(BytesIO(made["office/workshop-slides.pptx"]))
    assert deck.slide_width * 9 == deck.slide_height * 16
    for n, slide in enumerate(deck.slides, start=1):
        for shape in slide.placeholders:
            right = deck.slide_width - shape.left - shape.width
            assert shape.left > 0 and right > 0, f"slide {n}: {shape.name} runs off the slide"
            assert abs(shape.left - right) < deck.slide_width / 100, f"slide {n}: {shape.name} is not centred"
            assert shape.top > 0 and shape.height > 0 and shape.top + shape.height <= deck.slide_height, (
                f"slide {n}: {shape.name} is not within the slide's height"
            )
