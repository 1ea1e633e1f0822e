"""Te reo Māori glossary terms in body text are always inside a lang="mi" element."""

import re

import yaml

from conftest import ROOT, built_pages, soup

TERMS = [t for t in yaml.safe_load((ROOT / "data/glossary.yml").read_text())["terms"] if t["lang"] == "mi"]
FOLD = str.maketrans("āēīōūĀĒĪŌŪ", "aeiouAEIOU")
NOT_PROSE = {"code", "pre", "kbd", "samp", "script", "style", "svg", "textarea", "option", "select", "title"}
PATTERN = re.compile(
    r"(?<!\w)("
    + "|".join(sorted((re.escape(t["term"].translate(FOLD).lower()) for t in TERMS), key=len, reverse=True))
    + r")(?!\w)"
)


def unmarked_terms(article) -> list[str]:
    """Te reo terms in text that no ancestor marks as te reo (or another non-English language)."""
    found = []
    for text in article.find_all(string=True):
        parents = list(text.parents)
        if any(p.name in NOT_PROSE for p in parents):
            continue
        if any(p.get("lang") not in (None, "en") for p in parents if hasattr(p, "get")):
            continue
        found += PATTERN.findall(str(text).translate(FOLD).lower())
    return found


def test_no_te_reo_term_is_left_unmarked(site):
    """In the whole page: the article, and the navigation, header and footer that repeat titles."""
    problems = []
    for page in [*built_pages(site), site / "404.html"]:
        left = unmarked_terms(soup(page).body)
        if left:
            problems.append(f"{page.relative_to(site)}: {sorted(set(left))}")
    assert not problems, "\n".join(problems)


def test_the_navigation_marks_te_reo_without_glosses(site):
    page = soup(site / "principles" / "manaakitanga" / "index.html")
    nav = page.select_one(".md-sidebar--primary")
    assert nav.select('span[lang="mi"]'), "the navigation's te reo titles are not marked"
    assert not nav.select("abbr"), "glosses belong to the article, not the navigation"


def test_the_check_catches_an_unmarked_term():
    from bs4 import BeautifulSoup

    article = BeautifulSoup(
        "<article><p>Talk with the whānau first.</p><p><span lang='mi'>hapū</span> <code>iwi</code></p></article>",
        "html.parser",
    )
    assert unmarked_terms(article) == ["whanau"]


def test_first_use_carries_the_gloss_and_later_uses_do_not(site):
    article = soup(site / "principles" / "he-tangata" / "index.html").find("article")
    whanau = [s for s in article.select("span[lang=mi]") if s.get_text().lower() == "whānau"]
    assert len(whanau) >= 2
    assert whanau[0].abbr["title"] == "extended family"
    glosses = article.select("abbr[title]")
    in_controls = [a for a in glosses if a.find_parent(["a", "button", "summary", "label", "select"])]
    elsewhere = [a for a in glosses if a not in in_controls]
    assert elsewhere and all(a.get("tabindex") == "0" for a in elsewhere), "a gloss must show on keyboard focus too"
    assert not any(a.has_attr("tabindex") for a in in_controls), "HTML allows nothing focusable inside a link"
    assert all(s.abbr is None for s in whanau[1:])


def test_code_and_attributes_are_left_alone(site):
    html = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'lang="mi"' in html
    assert not re.search(r'<a [^>]*href="[^"]*<span', html)
    assert not re.search(r'title="[^"]*<span', html)
