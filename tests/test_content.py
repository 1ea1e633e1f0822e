"""The policy's content: the pages it must have, their length, spelling and references."""

import re
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from dpup.content.model import mask_code, nav_order, split_front_matter
from dpup.content.safety import parse
from dpup.pages.macros import PARAMETERS

DOCS = ROOT / "docs"
NAV = nav_order(yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"])

REQUIRED_PAGES = [
    "index.md",
    "principles/index.md",
    "principles/he-tangata.md",
    "principles/manaakitanga.md",
    "principles/mana-whakahaere.md",
    "principles/kaitiakitanga.md",
    "principles/mahitahitanga.md",
    "protocols/index.md",
    "protocols/purpose-matters.md",
    "protocols/transparency-and-choice.md",
    "protocols/access-to-information.md",
    "protocols/sharing-value.md",
    "guides/children-and-young-people.md",
    "guides/maori-data.md",
    "guides/sharing-to-keep-people-safe.md",
    "guides/research-and-analytics.md",
    "guides/funders-and-client-data.md",
    "guides/keeping-and-disposing-of-records.md",
    "guides/privacy-breaches-and-complaints.md",
    "law.md",
    "glossary.md",
    "about/index.md",
    "about/history.md",
    "about/faq.md",
    "about/contact.md",
    "about/versions.md",
]


def pages():
    return sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))


def front(src: str) -> dict:
    return yaml.safe_load(split_front_matter((DOCS / src).read_text(encoding="utf-8"))[0])


def prose_words(src: str) -> int:
    """Words a reader reads in the body: no code, no macro calls, no HTML tags."""
    body = mask_code(split_front_matter((DOCS / src).read_text(encoding="utf-8"))[1])
    body = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|<[^>]+>", " ", body, flags=re.S)
    return len(re.findall(r"[\w’']+", body))


def test_nav_contains_every_required_page():
    missing = [p for p in REQUIRED_PAGES if p not in NAV]
    assert not missing


def test_at_least_seven_guides():
    assert len([p for p in NAV if p.startswith("guides/") and not p.endswith("index.md")]) >= 7


@pytest.mark.parametrize("src", pages())
def test_pages_are_not_thin(src):
    meta = front(src)
    if meta["kind"] in ("overview", "home", "reference"):
        pytest.skip("overviews, the home page and generated reference tables may be short")
    assert prose_words(src) >= 250, f"docs/{src} has {prose_words(src)} words"


def test_spelling():
    """codespell over the policy, with a project word list for kupu and names it does not know."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "codespell_lib",
            "--ignore-words",
            str(ROOT / "tests/spelling-words.txt"),
            "--check-filenames",
            str(DOCS),
            str(ROOT / "data"),
            str(ROOT / "README.md"),
            str(ROOT / "CONTRIBUTING.md"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# American spellings New Zealand English spells differently.
US_SPELLINGS = re.compile(
    r"\b(organiz\w*|behavior\w*|color\w*|centers?|centered|analyz\w*|favor\w*|honor\w*|labor|defense|"
    r"catalog|minimiz\w*|prioritiz\w*|recogniz\w*|apologiz\w*|authoriz\w*|emphasiz\w*|summariz\w*|"
    r"utiliz\w*|programs?)\b",
    re.IGNORECASE,
)


def test_new_zealand_english():
    hits = []
    for src in pages():
        text = mask_code(split_front_matter((DOCS / src).read_text(encoding="utf-8"))[1])
        text = re.sub(r"\]\([^)]*\)|https?://\S+", " ", text)  # URLs are not prose
        hits += [f"docs/{src}: {m.group(0)}" for m in US_SPELLINGS.finditer(text)]
    assert not hits, "\n".join(hits)


def test_macrons_on_common_kupu():
    """whanau, Maori, hapu and tangata without macrons are spelling mistakes in prose."""
    hits = []
    for src in pages():
        _, body, _ = split_front_matter((DOCS / src).read_text(encoding="utf-8"))  # ids are not prose
        text = mask_code(body)
        text = re.sub(r"\]\([^)]*\)|\{\{.*?\}\}|\(#[^)]*\)|[\w/.-]+\.md\S*", " ", text)
        hits += [f"docs/{src}: {w}" for w in re.findall(r"\b(?:whanau|Maori|hapu|tangata|Tangata)\b", text)]
    assert not hits, "\n".join(hits)


def test_every_id_used_in_content_exists():
    data = {
        name: yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text())
        for name in ("audiences", "principles", "laws")
    }
    audiences = {a["id"] for a in data["audiences"]["audiences"]}
    principles = {p["id"] for p in data["principles"]["principles"]}
    laws = {act["id"] for act in data["laws"]["laws"]}
    laws |= {f"{act['id']}/{p['id']}" for act in data["laws"]["laws"] for p in act.get("provisions", [])}
    bad = []
    for src in pages():
        meta, text = front(src), (DOCS / src).read_text(encoding="utf-8")
        bad += [f"{src}: audience {a}" for a in meta.get("audiences", []) if a not in audiences]
        bad += [f"{src}: principle {p}" for p in meta.get("principles", []) if p not in principles]
        bad += [f"{src}: law {law}" for law in meta.get("laws", []) if law not in laws]
        bad += [f"{src}: law {law}" for law in re.findall(r"law\(\s*[\"']([^\"']+)", text) if law not in laws]
        if meta.get("render_macros"):
            parsed, problems = parse(f"docs/{src}", split_front_matter(text)[1], 1, PARAMETERS)
            assert not problems, problems
            bad += [f"{src}: block {b.audience}" for b in parsed.blocks if b.audience not in audiences]
    assert not bad, "\n".join(bad)


def test_privacy_act_is_cited_as_2020_and_ipp_3a_is_described():
    law_page = (ROOT / "data" / "laws.yml").read_text(encoding="utf-8")
    assert "IPP 3A" in law_page and "2026-05-01" in law_page
    for src in pages():
        text = (DOCS / src).read_text(encoding="utf-8")
        for m in re.finditer(r"Privacy Act 1993", text):
            context = text[max(0, m.start() - 120) : m.end() + 120]
            assert re.search(r"replac|previous|earlier|former|old", context), f"docs/{src} cites the 1993 Act"


def test_no_unfinished_text():
    pattern = re.compile(r"lorem ipsum|\bTBD\b|\bTODO\b|placeholder text|coming soon", re.IGNORECASE)
    hits = [
        f"{p.relative_to(ROOT)}"
        for folder in ("docs", "data")
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and p.suffix in (".md", ".yml") and pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert not hits
