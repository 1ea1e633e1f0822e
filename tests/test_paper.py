"""Paper: no PDF the build makes wastes a sheet, and the editions meant for paper work on paper.

A page wastes a sheet when, without its running header and footer and the edition's notice
(what this edition is: print_html.status), it carries fewer than MIN_WORDS words. Two kinds of
page may: a cover (the first page, drawn on print.css's `cover` page, which has no running
footer), and a page meant to be blank, which says so in the words of
dpup.pdf.print_html.BLANK (the one way to mark one).

Run as a script (`python tests/test_paper.py SITE_DIR`) it prints every short page and the
emptiest page of each PDF: the figures in README.md come from it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "hooks")]

from dpup.pdf.print_html import BLANK  # noqa: E402

MIN_WORDS = 25
FOOTER = re.compile(r"Page \d+ of \d+")
VERSION = re.compile(r"Version \S+ · built \d{1,2} \w+ \d{4}")


def squash(s: str) -> str:
    return " ".join(s.replace("\u00ad", "").split())


@cache
def pages_of(pdf: Path) -> tuple[str, ...]:
    """Each page's text, in reading order (pdftotext ends every page with a form feed)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return tuple(out.split("\f")[:-1])


@cache  # pdfinfo reads the whole file: once per PDF, not once per page asked about
def title_of(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^Title:\s+(.*)$", info, re.MULTILINE)
    return squash(m.group(1)) if m else ""


def _notice() -> re.Pattern:
    """What every edition says it is (mkdocs.yml extra.publisher), then the official policy's
    address, which pdftotext may break over lines."""
    from test_pdf import CONFIG

    publisher = CONFIG["extra"]["publisher"]
    return re.compile(
        re.escape(squash(publisher["status"]))
        + " Read "
        + re.escape(squash(publisher["official_name"]))
        + r": https?://\S+(?: \S*/\S*)*"
    )


NOTICE = _notice()


def words(text: str) -> int:
    """Words: runs of text with a letter or digit in them (a line to write on is not a word)."""
    return sum(bool(re.search(r"[^\W_]", token)) for token in text.split())


def page_words(pdf: Path) -> list[tuple[int, int, str]]:
    """(1-based page, words without the running header and footer, what the page is) for each
    page: "cover", "blank" (meant to be) or "page"."""
    title = title_of(pdf)
    out = []
    for n, raw in enumerate(pages_of(pdf), start=1):
        text = squash(raw)
        footed = bool(FOOTER.search(text))
        body = NOTICE.sub(" ", VERSION.sub(" ", FOOTER.sub(" ", text)))
        if footed and title and squash(body).startswith(title):  # the running header
            body = squash(body)[len(title) :]
        kind = "cover" if n == 1 and not footed else "blank" if squash(body) == BLANK else "page"
        out.append((n, words(body), kind))
    return out


def pdfs_of(site: Path) -> list[Path]:
    return sorted((site / "pdf").rglob("*.pdf"))


def short_pages(site: Path) -> list[str]:
    """Every page, cover and blank pages aside, with fewer than MIN_WORDS words, as 'file page N: W words'."""
    return [
        f"{pdf.relative_to(site)} page {n}: {count} words"
        for pdf in pdfs_of(site)
        for n, count, kind in page_words(pdf)
        if kind == "page" and count < MIN_WORDS
    ]


# --- the check --------------------------------------------------------------------------


def test_no_pdf_page_wastes_a_sheet(site):
    pdfs = pdfs_of(site)
    assert len(pdfs) > 40, "the build makes every edition"
    short = short_pages(site)
    assert not short, f"page(s) with fewer than {MIN_WORDS} words:\n" + "\n".join(short)


def body_lines(pdf: Path, n: int) -> list[str]:
    """Page n's lines of text, without the running header and footer."""
    title = title_of(pdf)
    lines = [squash(line) for line in pages_of(pdf)[n - 1].splitlines()]
    return [
        line for line in lines if line and line != title and not FOOTER.fullmatch(line) and not VERSION.fullmatch(line)
    ]


def headings_of(site: Path, src: str) -> set[str]:
    from conftest import html_of

    article = html_of(site, src).find("article")
    for link in article.select(".headerlink"):
        link.decompose()
    return {squash(h.get_text(" ")) for h in article.find_all(["h1", "h2", "h3", "h4"])}


# --- paper editions -----------------------------------------------------------------


FORM, EXPLAINED, PACK = "pdf/consent-form.pdf", "pdf/consent-form-explained.pdf", "pdf/workshop-pack.pdf"


def test_the_consent_form_is_an_edition_of_its_own_from_page_one(site):
    form = [squash(t) for t in pages_of(site / FORM)]
    # Page 1 opens with what this edition is (independent, not the official policy), then the form.
    lines = body_lines(site / FORM, 1)
    assert "The form to copy" in lines, "the form starts on page 1, with its own heading"
    before = squash(" ".join(lines[: lines.index("The form to copy")]))
    assert NOTICE.sub("", before).strip() == "", f"only the edition notice comes before the form: {before!r}"
    assert "1. Who we are" in form[0]
    whole = " ".join(form)
    assert "11. For the service" in whole and "0800 803 909" in whole
    assert "Part 1: Who we are" not in whole and "How to use this form" not in whole, "the explanation is apart"
    assert "independent" in form[0] and "not the official policy" in form[0], "what the edition is, first"
    explained = " ".join(squash(t) for t in pages_of(site / EXPLAINED))
    assert "Part 1: Who we are" in explained and "How to use this form" in explained
    assert "The form to copy" not in explained and "11. For the service" not in explained
    from conftest import html_of

    listed = {a["href"].split("/")[-1] for a in html_of(site, "downloads.md").select("table.dpup-downloads a")}
    assert {"consent-form.pdf", "consent-form-explained.pdf"} <= listed


@pytest.mark.parametrize("pdf", [FORM, EXPLAINED, PACK])
def test_no_heading_is_left_at_the_foot_of_a_page(site, pdf):
    srcs = {PACK: ["adopt/workshop.md", "adopt/case-studies.md"]}.get(pdf, ["guides/consent-form.md"])
    headings = set().union(*(headings_of(site, src) for src in srcs))
    for n in range(1, len(pages_of(site / pdf))):  # the last page ends the edition
        lines = body_lines(site / pdf, n)
        assert lines and lines[-1] not in headings, f"{pdf} page {n} ends with the heading '{lines[-1]}'"


def test_scenario_cards_are_on_sheets_of_their_own(site):
    pages = [squash(t) for t in pages_of(site / PACK)]
    for cards, answer in (("ABCD", "The guide leads to"), ("EFG", "This is a request.")):
        found = [n for n, text in enumerate(pages) if f"Card {cards[0]}:" in text]
        assert len(found) == 1, f"cards {cards} are on one sheet"
        sheet = pages[found[0]]
        assert all(f"Card {c}:" in sheet for c in cards), f"cards {cards} are on one sheet"
        assert "Points to draw out" not in sheet and answer not in sheet, "the answers are not on the cards"
        assert "Steps:" not in sheet, "nothing but the cards on their sheet"
        assert "Points to draw out" in pages[found[0] + 1], "the points to draw out follow on the next sheet"


def test_a_phone_number_prints_once(site):
    text = " ".join(squash(t) for t in pages_of(site / "pdf/pages/guides/consent-form.pdf"))
    assert "0800 803 909" in text
    assert not re.search(r"\(\+?\d{6,}\)", text), "a phone number is printed again as its tel: address"


def test_links_print_as_numbered_notes_not_addresses(site):
    text = " ".join(squash(t) for t in pages_of(site / "pdf/pages/adopt/workshop.pdf"))
    assert not re.search(r"\(https?://", text), "no address in brackets after a link"
    assert "Web addresses" in text and "https://" in text, "the section's notes give the addresses"
    checklists = " ".join(squash(t) for t in pages_of(site / "pdf/pages/tools/checklists.pdf"))
    assert "#the-steps" not in checklists, "a checklist item's '(The steps)' prints no address"


def test_notes_number_each_address_once_per_section():
    from dpup.pdf.print_html import number_links

    body = (
        '<p><a href="https://a.nz/" class="pdf-external" data-url="https://a.nz/">A</a> and '
        '<a href="https://b.nz/" class="pdf-external" data-url="https://b.nz/">B</a> then '
        '<a href="https://a.nz/" class="pdf-external" data-url="https://a.nz/">A again</a> and '
        '<a href="#x" class="pdf-xref">inside</a></p>'
        '<h2 id="k--two">Two</h2><p><a href="mailto:x@y.nz" class="pdf-external" data-url="x@y.nz">us</a></p>'
    )
    out = number_links(body, "k")
    first, second = out.split("<h2", 1)
    assert re.findall(r'pdf-note-ref">(\d+)<', first) == ["1", "2", "1"]
    assert first.count("<li>") == 2 and '<a href="https://a.nz/">https://a.nz/</a>' in first
    assert re.findall(r'pdf-note-ref">(\d+)<', second) == ["1"], "numbers start again in each section"
    assert '<a href="mailto:x@y.nz">x@y.nz</a>' in second
    assert "inside</a><sup" not in out, "an in-document link has no note"


def test_tel_links_print_no_second_number():
    from dpup.pdf import print_html

    source = print_html.Source("x.md", "X", "x/", Path("x"))
    page = print_html.prepare(
        source, '<p><a href="tel:0800803909">0800 803 909</a> <a href="tel:111">Call the Police</a></p>'
    )
    assert 'data-url="0800803909"' not in page.body and "pdf-external" in page.body
    assert 'data-url="111"' in page.body, "a link whose words are not the number still gives it"


def test_an_edition_of_part_of_a_page_names_a_part_it_has():
    from dpup.content.errors import ContentError
    from dpup.content.model import load_data
    from dpup.content.schema import Edition
    from dpup.pdf.editions import plan
    from dpup.pdf.print_html import Source

    sources = [Source("guides/a.md", "A", "guides/a/", Path("a")), Source("guides/b.md", "B", "guides/b/", Path("b"))]
    texts = load_data(ROOT / "data").pages.downloads
    parts = {"guides/a.md": ["how", "the-form"], "guides/b.md": []}
    one = dict(title="T", description="D", group="G")
    good = [
        Edition(path="pdf/form.pdf", pages=["guides/a.md"], section="the-form", **one),
        Edition(path="pdf/rest.pdf", pages=["guides/a.md"], leave_out=["the-form"], **one),
    ]
    made = {e.path: e for e in plan(sources, {}, "P", texts, good, parts)}
    assert made["pdf/form.pdf"].section == "the-form" and not made["pdf/form.pdf"].cover
    assert made["pdf/rest.pdf"].leave_out == ("the-form",) and made["pdf/rest.pdf"].cover
    bad = [
        Edition(path="pdf/x.pdf", pages=["guides/a.md"], section="the-from", **one),
        Edition(path="pdf/y.pdf", pages=["guides/a.md", "guides/b.md"], leave_out=["how"], **one),
    ]
    with pytest.raises(ContentError) as error:
        plan(sources, {}, "P", texts, bad, parts)
    message = str(error.value)
    assert "editions.0.section" in message and "'the-from' is not a section of 'guides/a.md'" in message
    assert "how, the-form" in str(error.value)
    assert "editions.1.leave_out" in str(error.value) and "one page only" in str(error.value)


def test_cut_keeps_one_part_or_leaves_parts_out():
    from dpup.pdf import print_html

    source = print_html.Source("guides/a.md", "A", "guides/a/", Path("a"))
    page = print_html.prepare(
        source,
        '<h1 id="t">A</h1><p>Intro</p><h2 id="how">How</h2><p>Use it</p>'
        '<h2 id="the-form">The form</h2><h3 id="one">1. Who</h3><p>Name</p>'
        '<h2 id="after">After</h2><p>Adapt</p>',
    )
    assert print_html.sections(page) == ["how", "the-form", "after"]
    form = print_html.cut(page, section="the-form")
    assert "Intro" not in form.body and "Use it" not in form.body and "Adapt" not in form.body
    assert '<h1 id="p-guides-a--the-form">The form</h1>' in form.body and "<h2" in form.body, "one level up"
    rest = print_html.cut(page, leave_out=("the-form",))
    assert "Intro" in rest.body and "Adapt" in rest.body and "Name" not in rest.body
    assert [h[2] for h in rest.headings] == ["How", "After"]


def report(site: Path) -> None:
    total = pages = 0
    emptiest = []
    for pdf in pdfs_of(site):
        counts = page_words(pdf)
        total += 1
        pages += len(counts)
        body = [(c, n) for n, c, kind in counts if kind == "page"]
        if body:
            emptiest.append((min(body), pdf.relative_to(site)))
    print(f"{total} PDFs, {pages} pages")
    short = short_pages(site)
    print(f"{len(short)} pages under {MIN_WORDS} words")
    for line in short:
        print("  " + line)
    emptiest.sort()
    print("emptiest pages (words, page, file):")
    for (count, n), pdf in emptiest[:10]:
        print(f"  {count:4d}  page {n}  {pdf}")


if __name__ == "__main__":
    report(Path(sys.argv[1]))


@pytest.mark.heavy  # reads the bookmarks of both whole-policy editions
def test_large_print_runs_on_and_the_regular_edition_gives_each_page_a_sheet(site):
    """Large print reads straight through: a page's title may come below the last lines of the one
    before. The regular whole policy starts every page at the top of a sheet (print.css)."""
    from test_pdf import LARGE, WHOLE, outline, reader_of

    def run_on(pdf: str) -> list[str]:
        """The pages whose title comes below other text on its sheet (body_lines takes out a line
        that is the edition's title, as the running header is: the home page's title is too)."""
        return [
            title
            for title, page in outline(reader_of(site / pdf))[2:]
            if title != title_of(site / pdf)
            and not squash(" ".join(body_lines(site / pdf, page))).startswith(squash(title))
        ]

    assert len(run_on(LARGE)) > 20, "large print pages follow on"
    assert run_on(WHOLE) == [], "each page of the regular edition starts a sheet"


def test_long_words_stay_whole_in_large_print_tables(site):
    """The map of the law's narrow columns (fragments.law_map) do not split a principle's name."""
    from test_pdf import LARGE

    text = "\n".join(pages_of(site / LARGE))
    assert "Manaakitanga" in text and "Transparency" in text
    assert not re.search(r"\bManaakitan\s*$|\bWhakahaer\s*$|\bTransparen\s*$", text, re.MULTILINE)
