"""PDF editions (hooks/pdf.py): every edition exists and opens, the whole policy follows the nav
with true page numbers, the files are accessible, large print is large, and the cache works.

The session `site` build runs with DPUP_PDF unset, so `mkdocs build` makes every PDF.
"""

from __future__ import annotations

import functools
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, html_of
from dpup.content import model
from dpup.pdf import print_html as pdf_html
from dpup.pdf.editions import DOWNLOADS_PAGE, audience_of, in_whole_policy, pdf_path
from dpup.text import page_url

WHOLE, LARGE = "pdf/dpup.pdf", "pdf/dpup-large-print.pdf"
RENDERED = re.compile(r"pdf: rendered (\S+) \(")


class _AnyTag(yaml.SafeLoader):
    pass


_AnyTag.add_multi_constructor("!", lambda loader, suffix, node: None)
_AnyTag.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_AnyTag)


def nav_pages(items=CONFIG["nav"]) -> list[str]:
    out = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        out += nav_pages(value) if isinstance(value, list) else [value]
    return out


def title_of(site: Path, src: str) -> str:
    return html_of(site, src).find("h1").get_text(" ", strip=True)


def heading(h) -> str:
    """A heading's text without its permalink."""
    for link in h.select(".headerlink"):
        link.decompose()
    return squash(h.get_text(" "))


@functools.cache
def page_texts(pdf: Path) -> tuple[str, ...]:
    """Each page's text (pdftotext, which ends every page with a form feed), read once per PDF."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return tuple(out.split("\f")[:-1])


@functools.cache
def reader_of(pdf: Path) -> PdfReader:
    """A PDF parsed once per test process: pypdf takes about 6 s to open the whole-policy editions
    (WeasyPrint packs tens of thousands of objects into one stream)."""
    return PdfReader(pdf)


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of pages first to last (1-based, inclusive), or of the whole PDF."""
    return "\n".join(page_texts(pdf)[(first or 1) - 1 : last])


def page_count(pdf: Path) -> int:
    """Pages in a PDF, as poppler's pdfinfo counts them (far quicker than parsing it in Python)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1))


def squash(s: str) -> str:
    """Text to compare: soft hyphens out, spaces as one, none before a full stop or comma (the
    PDF's text can put one after a word marked as te reo)."""
    return re.sub(r" ([.,;:])", r"\1", " ".join(s.replace("\u00ad", "").split()))


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    """Top-level bookmarks: (title, 1-based page)."""
    return [(o.title, reader.get_destination_page_number(o) + 1) for o in reader.outline if not isinstance(o, list)]


WHOLE_SOURCES = [s for s in nav_pages() if in_whole_policy(s)]


def expected_editions() -> list[str]:
    return [WHOLE, LARGE] + [pdf_path(s) for s in nav_pages() if s != DOWNLOADS_PAGE]


# --- every edition -------------------------------------------------------------


def test_every_edition_exists_and_opens(site):
    for path in expected_editions():
        file = site / path
        assert file.is_file(), f"{path} is missing"
        assert page_count(file) > 0, path
    assert squash(text(site / WHOLE, 1, 1))


def test_every_page_links_to_its_pdf(site):
    for src in nav_pages():
        link = html_of(site, src).select_one(".dpup-page-pdf a")
        if src == DOWNLOADS_PAGE:
            assert link is None
            continue
        assert link is not None and link.get_text(strip=True) == "Download PDF", src
        target = (site / page_url(src) / link["href"]).resolve()
        assert target == (site / pdf_path(src)).resolve() and target.is_file(), src


def test_each_page_pdf_has_its_title_and_summary(site):
    for src in WHOLE_SOURCES:
        page = html_of(site, src)
        summary = page.select_one(".dpup-summary p")
        got = squash(text(site / pdf_path(src)))
        assert squash(page.find("h1").get_text(" ")) in got, src
        if summary is not None:
            assert squash(summary.get_text(" ")) in got, f"{src}: summary missing from its PDF"


def test_audience_editions_hold_their_view(site):
    for src in [s for s in nav_pages() if audience_of(s)]:
        got = squash(text(site / pdf_path(src)))
        assert "Contents" in got and squash(title_of(site, src)) in got, src
        for h in html_of(site, src).select("article h3"):
            assert heading(h) in got, f"{src}: '{heading(h)}' missing"


# --- the whole policy ------------------------------------------------------------


@pytest.mark.heavy  # reads a whole-policy edition
def test_whole_policy_has_every_page_in_nav_order(site):
    reader = reader_of(site / WHOLE)
    titles = [title_of(site, s) for s in WHOLE_SOURCES]
    marks = [t for t, _ in outline(reader)]
    assert marks[:2] == [CONFIG["site_name"], "Contents"]
    assert marks[2:] == titles
    body = squash(text(site / WHOLE))
    at = 0
    for title in titles:  # also in the text, in order
        at = body.index(squash(title), at)


@pytest.mark.heavy  # reads a whole-policy edition
def test_contents_page_numbers_match_where_pages_start(site):
    pdf = site / WHOLE
    reader = reader_of(pdf)
    starts = dict(outline(reader)[2:])
    contents_pages = starts[title_of(site, WHOLE_SOURCES[0])] - 1
    listed = {}
    for line in text(pdf, 2, contents_pages).splitlines():
        if m := re.match(r"^\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line):
            listed[squash(m.group(1))] = int(m.group(2))
    for title, page in starts.items():
        assert listed.get(squash(title)) == page, (
            f"contents says {listed.get(title)} for '{title}', it starts on {page}"
        )
        assert squash(title) in squash(text(pdf, page, page)), title


def test_running_header_and_footer(site):
    pdf = site / WHOLE
    pages = page_count(pdf)
    version = yaml.safe_load((ROOT / "data/versions.yml").read_text())["versions"][0]["version"]
    third = squash(text(pdf, 3, 3))
    assert third.startswith(CONFIG["site_name"]), "running header"
    assert f"Page 3 of {pages}" in third and f"Version {version}" in third and "built" in third
    cover = squash(text(pdf, 1, 1))
    assert "Page 1 of" not in cover and "built" not in cover, "the cover has no footer"
    assert cover.startswith("AOTEAROA"), "the cover has no running header"
    assert f"Version {version}," in cover and "Status Published" in cover, "the cover gives the version and status"


@pytest.mark.heavy  # reads a whole-policy edition
def test_links_inside_and_outside_the_document(site):
    reader = reader_of(site / WHOLE)
    inside = outside = 0
    site_url = CONFIG["site_url"] if isinstance(CONFIG["site_url"], str) else None
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            action = a.get("/A")
            if a.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                inside += 1
            elif action and action.get("/S") == "/URI":
                outside += 1
                uri = action["/URI"]
                assert not uri.startswith("pdf-link:"), f"unresolved link {uri}"
                if site_url and uri.startswith(site_url):
                    path = uri[len(site_url) :].split("#")[0]
                    assert not any(page_url(s) == path for s in WHOLE_SOURCES), f"{uri} is in the document"
    assert inside > 50, "internal links should become in-document links"
    assert outside > 0
    whole = text(site / WHOLE)
    assert not re.search(r"\(https?://\S+\)", whole), "no address inline after a link"
    assert re.search(r"Web addresses\s+1\. https?://", whole), "external links print their address in a note"


# --- accessible ------------------------------------------------------------------


@pytest.mark.heavy  # reads a whole-policy edition
@pytest.mark.parametrize("path", [WHOLE, LARGE, "pdf/for/frontline.pdf", "pdf/pages/home.pdf"])
def test_tagged_pdf_ua_in_new_zealand_english(site, path):
    reader = reader_of(site / path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-NZ"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert "pdfuaid:part" in root["/Metadata"].get_object().get_data().decode("utf-8")
    meta = reader.metadata
    assert meta.title and meta.author == CONFIG["site_author"]
    assert reader.outline, "bookmarks from headings"


@pytest.mark.heavy  # reads a whole-policy edition
def test_te_reo_keeps_lang_mi_in_the_tag_tree(site):
    root = reader_of(site / WHOLE).trailer["/Root"]
    stack, langs = [root["/StructTreeRoot"]], Counter()
    while stack:
        node = stack.pop().get_object()
        if not hasattr(node, "get"):
            continue
        if "/Lang" in node:
            langs[str(node["/Lang"])] += 1
        kids = node.get("/K")
        if kids is not None:
            stack += list(kids) if hasattr(kids, "__iter__") and not hasattr(kids, "keys") else [kids]
    assert langs["mi"] > 10, f"structure elements with /Lang: {dict(langs)}"


TAGGED = "pdf/pages/law.pdf"  # several pages, tables with header cells, links in and out


def structure_elements(reader: PdfReader) -> list:
    """Every structure element reachable from the PDF's StructTreeRoot (pypdf walks it in Python:
    keep to a small PDF)."""
    stack, out = [reader.trailer["/Root"]["/StructTreeRoot"]], []
    while stack:
        node = stack.pop().get_object()
        if not hasattr(node, "get"):
            continue
        out.append(node)
        kids = node.get("/K")
        if kids is not None:
            stack += list(kids) if hasattr(kids, "__iter__") and not hasattr(kids, "keys") else [kids]
    return out


def test_running_headers_and_footers_are_artifacts(site):
    """Every marked run of text on a page is held by the tag tree, except the running header
    and footer, which are artifacts (a screen reader would otherwise read them on every page)."""
    from pypdf.generic import ContentStream

    reader = PdfReader(site / TAGGED)
    held = {i: set() for i in range(len(reader.pages))}
    page_of = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    for node in structure_elements(reader):
        kids = node.get("/K")
        kids = list(kids) if hasattr(kids, "__iter__") and not hasattr(kids, "keys") else [kids]
        for kid in kids:
            if isinstance(kid, int) and "/Pg" in node:
                held[page_of[node.raw_get("/Pg").idnum]].add(kid)
    assert len(reader.pages) > 2
    for i, page in enumerate(reader.pages[1:], start=1):  # the cover has no running header
        stack, orphans, artifacts = [], [], 0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BMC", b"BDC"):
                stack.append(operands)
                if operands[0] == "/Artifact":
                    artifacts += 1
                elif operator == b"BDC" and "/MCID" in operands[1] and operands[1]["/MCID"] not in held[i]:
                    orphans.append(operands[1]["/MCID"])
            elif operator == b"EMC":
                stack.pop()
        assert not orphans, f"page {i + 1}: marked content no structure element holds: {orphans[:5]}"
        assert artifacts, f"page {i + 1}: the running header and footer are not artifacts"


def test_link_annotations_say_the_link_s_words(site):
    """/Contents is what a screen reader says for a link: its words, not the target's id or URL."""
    reader = PdfReader(site / TAGGED)
    links = [
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object()["/Subtype"] == "/Link"
    ]
    assert len(links) > 20
    for link in links:
        target = str(link.get("/Dest") or link["/A"]["/URI"])
        words = str(link["/Contents"])
        assert words and (words != target or target.startswith("http") and words.startswith("http")), (
            f"a link's /Contents is its target: {target}"
        )
    assert sum(str(link["/Contents"]).startswith("p-") for link in links) == 0


def test_table_header_cells_have_a_scope(site):
    headers = [node for node in structure_elements(PdfReader(site / TAGGED)) if node.get("/S") == "/TH"]
    assert headers, "the law page's tables have header cells"
    assert {str(h["/A"].get("/Scope")) for h in headers} <= {"/Column", "/Row"}
    assert all("/Scope" in h["/A"] for h in headers)


def test_the_tag_patches_fit_the_installed_weasyprint():
    from dpup.pdf import tags

    assert tags.install(), "a WeasyPrint function dpup/pdf/tags.py wraps has moved: update the patches"


def test_print_html_keeps_lang_mi():
    source = pdf_html.Source("x.md", "X", "x/", Path("x"))
    prepared = pdf_html.prepare(source, '<p>Ask the <span lang="mi">whānau</span>.</p>')
    assert '<span lang="mi">whānau</span>' in prepared.body


def test_links_become_in_document_links_or_web_addresses():
    """On a small fixture: the same page resolves its links differently per edition."""
    source = pdf_html.Source("protocols/a.md", "A", "protocols/a/", Path("a"))
    page = pdf_html.prepare(
        source,
        (
            '<h1 id="page-title">A</h1><a class="headerlink" href="#x">¶</a><p>'
            '<a href="../b/#steps">B</a> <a href="https://example.org/x">Example</a> '
            '<a class="term" href="../../glossary/#consent">consent</a></p>'
        ),
    )
    assert 'id="p-protocols-a--page-title"' in page.body and "headerlink" not in page.body
    both = pdf_html.resolve_links(page.body, {"protocols/b/": {"p-protocols-b--steps"}}, "https://s/")
    assert '<a href="#p-protocols-b--steps" class="pdf-xref">B</a>' in both
    assert '<a href="https://s/glossary/#consent" class="term">' in both
    alone = pdf_html.resolve_links(page.body, {}, "https://s/")
    assert 'href="https://s/protocols/b/#steps" class="pdf-external"' in alone
    assert 'class="pdf-external" data-url="https://example.org/x"' in alone
    assert '<a href="https://s/glossary/#consent" class="term">' in alone  # no printed address
    assert "pdf-link:" not in both + alone


def body_font_sizes(pdf: Path, pages: range) -> Counter:
    """Characters drawn at each font size (points), on the given pages."""
    sizes: Counter = Counter()
    reader = reader_of(pdf)

    for n in pages:

        def visit(text, cm, tm, font, size):
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            if text.strip():
                sizes[round(size * scale, 1)] += len(text.strip())

        reader.pages[n].extract_text(visitor_text=visit)
    return sizes


@pytest.mark.heavy  # reads a whole-policy edition
def test_large_print_is_at_least_18pt(site):
    large = body_font_sizes(site / LARGE, range(4, 14)).most_common(1)[0][0]
    normal = body_font_sizes(site / WHOLE, range(4, 10)).most_common(1)[0][0]
    assert large >= 18, f"large print body text is {large}pt"
    assert normal < large


# --- tools print their paper form ------------------------------------------------


def test_tool_pages_print_questions_and_outcomes(site):
    for src in [s for s in nav_pages() if s.startswith("tools/") and not s.endswith("index.md")]:
        page = html_of(site, src)
        got = squash(text(site / pdf_path(src)))
        for h in page.select(".dpup-tool h3"):
            assert heading(h) in got, f"{src}: '{heading(h)}' not printed"
        assert "Start again" not in got, f"{src}: a screen-only control is printed"
        answers = page.select(".dpup-quiz__answer")
        assert got.count("The answer:") >= len(answers), f"{src}: quiz answers are not all printed"


# --- downloads page ----------------------------------------------------------------


def test_downloads_page_lists_every_edition_with_size_and_pages(site):
    page = html_of(site, DOWNLOADS_PAGE)
    rows = page.select("table.dpup-downloads tbody tr")
    listed = {}
    for row in rows:
        cells = row.find_all("td")
        href = cells[0].a["href"]
        target = (site / "downloads" / href).resolve()
        assert target.is_file(), href
        assert re.fullmatch(r"\d+(\.\d)? (KB|MB)", cells[3].get_text(strip=True))
        listed[str(target.relative_to(site.resolve()))] = cells[4].get_text(strip=True)
    for path in expected_editions():
        assert listed[path] == str(page_count(site / path)), path


# --- switched off, and the cache -----------------------------------------------------


def test_no_pdfs_when_switched_off(changed_fixture):
    """DPUP_PDF=0 (and `mkdocs serve` by default): no PDFs, no links to them, an honest downloads page."""
    result, site_dir = changed_fixture  # built with DPUP_PDF=0
    assert result.returncode == 0, result.stderr
    assert not (site_dir / "pdf").exists()
    assert not html_of(site_dir, "protocols/purpose-matters.md").select(".dpup-page-pdf")
    downloads = html_of(site_dir, DOWNLOADS_PAGE).find("article")
    assert "mkdocs build" in downloads.get_text() and not downloads.select("table.dpup-downloads")
    assert not [a for a in downloads.find_all("a", href=True) if ".pdf" in a["href"]]


def test_serve_makes_no_pdf_links():
    """`serve` makes no PDFs unless DPUP_PDF=1, so pages link to none; `build` makes them."""
    from dpup import run

    assert not run.read(ROOT, "serve", {}).downloads
    assert run.read(ROOT, "serve", {"DPUP_PDF": "1"}).downloads
    assert run.read(ROOT, "build", {}).downloads and not run.read(ROOT, "build", {"DPUP_PDF": "0"}).downloads
    with pytest.raises(ValueError, match="DPUP_PDF='yes'"):
        run.read(ROOT, "build", {"DPUP_PDF": "yes"})


def test_the_cache_renders_only_what_changed(tmp_path):
    """Rendered once, a PDF comes from the cache after; a changed document renders again, alone."""
    from dpup.cache import Cache
    from dpup.pdf.render import Job, render_all

    site = tmp_path / "site"
    site.mkdir()
    css = "body { font-family: sans-serif; }"
    cache = Cache(tmp_path / ".cache", "pdf", "dpup.pdf.render", "dpup.pdf.tags")
    jobs = [
        Job("pdf/a.pdf", '<html lang="en-NZ"><title>A</title><p>One</p></html>'),
        Job("pdf/b.pdf", '<html lang="en-NZ"><title>B</title><p>Two</p></html>'),
    ]
    fresh = lambda results: sorted(r.path for r in results if r.seconds is not None)  # noqa: E731
    assert fresh(render_all(jobs, css, site, cache, workers=1)) == ["pdf/a.pdf", "pdf/b.pdf"]
    first = (site / "pdf/a.pdf").read_bytes()
    assert fresh(render_all(jobs, css, site, Cache(tmp_path / ".cache", "pdf", "dpup.pdf.render"), workers=1)) == [
        "pdf/a.pdf",
        "pdf/b.pdf",
    ], "the code that renders is part of the key"
    again = render_all(jobs, css, site, cache, workers=1)
    assert fresh(again) == [] and (site / "pdf/a.pdf").read_bytes() == first
    assert [r.pages for r in again] == [1, 1]
    changed = [jobs[0], Job("pdf/b.pdf", jobs[1].html.replace("Two", "Three"))]
    assert fresh(render_all(changed, css, site, cache, workers=1)) == ["pdf/b.pdf"]
    # DPUP_CACHE=0: no cache folder, every edition is rendered.
    assert fresh(render_all(jobs, css, site, Cache(None, "pdf", "dpup.pdf.render"), workers=1)) == [
        "pdf/a.pdf",
        "pdf/b.pdf",
    ]


def test_a_changed_page_is_in_only_its_own_edition_and_the_whole_policy():
    """So changing one page renders three PDFs again: its own, the whole policy and large print."""
    from dpup.pdf.editions import plan
    from dpup.pdf.print_html import Source

    sources = [Source(src, src, src, Path(src)) for src in nav_pages()]
    texts = model.load_data(ROOT / "data").pages.downloads
    src = "protocols/purpose-matters.md"
    holding = [
        e.path
        for e in plan(sources, {}, "Data Protection and Use Policy", texts)
        if any(s.src_uri == src for s in e.pages)
    ]
    assert sorted(holding) == sorted([WHOLE, LARGE, pdf_path(src)])


def test_page_references_are_read_from_a_cache_until_a_page_is_added():
    """dpup/pdf/speed.py: the same references as pydyf's own, built once per page count."""
    import pydyf

    from dpup.pdf import speed

    assert speed.install(), "pydyf.PDF.page_references has changed: update dpup/pdf/speed.py"
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert first == speed._original.fget(pdf) and len(first) == 3
    assert pdf.page_references is first  # not rebuilt on every read
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == speed._original.fget(pdf) and len(pdf.page_references) == 4
