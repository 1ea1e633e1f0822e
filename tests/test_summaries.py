"""Plain-language summaries: shown first on every page, gated by reading level, gathered at a glance."""

import json
import re
from pathlib import Path

import pytest
import yaml

import changes
from conftest import ROOT, built_pages, soup
from dpup.content.model import split_front_matter
from dpup.pages import readability

DOCS = ROOT / "docs"
LIMITS = readability.Limits(max_grade=8, max_words=60, max_sentence_words=20)


def front(path: Path) -> dict:
    return yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8"))[0])


def squash(text: str) -> str:
    # get_text(" ") puts a space after inline markup such as a te reo span; drop it before punctuation.
    return re.sub(r" ([.,;:!?])", r"\1", " ".join(text.split()))


def test_every_built_page_shows_its_summary_first(site):
    pages = built_pages(site)
    assert len(pages) > 10
    for page in pages:
        article = soup(page).select_one("article.md-content__inner")
        first = [el for el in article.find_all(recursive=False) if el.name not in ("a",)][:2]
        assert [el.name for el in first] == ["h1", "section"], page
        assert "dpup-summary" in first[1]["class"], page
        assert first[1].get_text(" ", strip=True).startswith("In short"), page


@pytest.mark.parametrize("src", sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")))
def test_summary_comes_from_front_matter(site, src):
    stem = src.removesuffix(".md")
    out = site / (stem.removesuffix("index") if stem.endswith("index") else stem + "/") / "index.html"
    shown = soup(out).select_one(".dpup-summary p").get_text(" ", strip=True)
    assert squash(shown) == squash(front(DOCS / src)["summary"])


def test_summary_limits_on_their_own():
    assert readability.summary_problems("Only collect what you need. Tell people why.", LIMITS) == []
    hard = (
        "Notwithstanding the aforementioned considerations, organisational stakeholders must "
        "operationalise comprehensive interinstitutional information governance arrangements."
    )
    problems = readability.summary_problems(hard, LIMITS)
    assert any("Flesch–Kincaid grade" in p for p in problems)
    long = " ".join(["word"] * 25) + "."
    assert any("a sentence has 25 words" in p for p in readability.summary_problems(long, LIMITS))


def test_a_hard_summary_stops_the_build_and_the_limits_live_in_mkdocs_yml(build_fixture):
    """One build with two faults, as the build reports every summary problem at once: a summary
    over the grade limit, and a sentence limit lowered in mkdocs.yml, which is enough to change
    what passes."""
    hard = (
        "Notwithstanding the aforementioned considerations, organisational stakeholders must "
        "operationalise comprehensive interinstitutional information governance arrangements."
    )

    def change(project: Path):
        page = project / "docs/principles/he-tangata.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"summary: >-\n(  .*\n)+", f"summary: {hard}\n", text, count=1))
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("max_sentence_words: 20", "max_sentence_words: 4"))

    result, _, _ = build_fixture(change)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/principles/he-tangata.md:4: field 'summary': Flesch–Kincaid grade" in out
    assert "is over the limit of 8" in out
    assert "over the limit of 4" in out


# --- the policy at a glance -------------------------------------------------------


def glance_kinds_in_sources() -> list[str]:
    return [
        str(p.relative_to(DOCS))
        for p in DOCS.rglob("*.md")
        if front(p)["kind"] in ("principle", "protocol", "guide", "tool")
    ]


def test_at_a_glance_lists_every_principle_protocol_guide_and_tool(site):
    glance = soup(site / "at-a-glance" / "index.html")
    text = squash(glance.select_one(".dpup-glance").get_text(" ", strip=True))
    expected = glance_kinds_in_sources()
    assert expected
    for src in expected:
        meta = front(DOCS / src)
        assert squash(meta["title"]) in text, src
        assert squash(meta["summary"]) in text, src
    assert len(glance.select(".dpup-glance h3")) == len(expected)


def test_at_a_glance_follows_a_changed_summary(changed_fixture):
    """tests/changes.py, change_a_summary."""
    new = changes.NEW_SUMMARY
    result, site = changed_fixture
    assert result.returncode == 0, result.stdout + result.stderr
    assert new in (site / "at-a-glance" / "index.html").read_text(encoding="utf-8")


def test_summaries_only_mode_hides_sections_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(server + "at-a-glance/")
    assert page.locator(".dpup-glance__inside").first.is_visible()
    page.goto(server + "at-a-glance/#summaries-only")
    assert page.locator(".dpup-glance__inside").first.is_hidden()
    assert page.locator(".dpup-glance h3").first.is_visible()
    context.close()


# --- the body-text report ---------------------------------------------------------


def test_plain_language_report_covers_every_page(site):
    report = json.loads((site / "plain-language-report.json").read_text(encoding="utf-8"))
    reported = {p["src_uri"] for p in report["pages"]}
    assert reported == {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert (site / "plain-language-report.md").read_text().startswith("# Plain-language report")


def test_protocols_and_guides_average_grade_10_or_lower(site):
    report = json.loads((site / "plain-language-report.json").read_text(encoding="utf-8"))
    assert 0 < report["protocol_and_guide_average"] <= 10
