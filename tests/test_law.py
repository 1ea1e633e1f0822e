"""Traceable law, help where it is needed, and what this edition is, on every page and PDF.

The law data names each Act and provision exactly, links to it and says when it was last
checked; citations can be pinpointed; pages that tell people to report, share for safety or
complain show where to get help; every page and PDF cover says this is an independent edition.
"""

from __future__ import annotations

import datetime
import re
import subprocess

import pytest
import yaml

import changes as edits
from conftest import ROOT, built_pages, soup
from dpup.content import model, review, schema
from dpup.pages import fragments as render

LAWS = yaml.safe_load((ROOT / "data/laws.yml").read_text(encoding="utf-8"))["laws"]
PUBLISHER = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]["publisher"]


@pytest.fixture(scope="module")
def data():
    return model.load_data(ROOT / "data")


def test_every_law_entry_links_to_the_act_and_says_when_it_was_checked(data):
    for act in data.laws.values():
        assert act.url.path.strip("/"), f"{act.id}: {act.url} is a home page"
        assert act.checked <= datetime.date.today(), f"{act.id}: checked in the future"
        if act.kind == "act":
            assert act.url.host == "www.legislation.govt.nz", f"{act.id}: an Act links to legislation.govt.nz"
            assert re.search(r"\b\d{4}$", act.name), f"{act.id}: an Act's name ends with its year"
        for p in act.provisions:
            assert p.title.strip() and p.cite.strip(), f"{act.id}/{p.id}: title and cite"
            if p.url:
                assert str(p.url).startswith(str(act.url).rsplit("/", 1)[0]), (
                    f"{act.id}/{p.id}: a section's address is under its Act's"
                )


def test_every_provision_links_to_its_own_section_unless_listed_as_unconfirmed():
    """Traceable law (issue 27): a provision without an address of its own is allowed only while it
    is listed, with the reason, in schema.UNCONFIRMED; the list names only real provisions."""
    ids = {f"{a['id']}/{p['id']}": p for a in LAWS for p in a.get("provisions", [])}
    missing = sorted(key for key, p in ids.items() if not p.get("url") and key not in schema.UNCONFIRMED)
    assert not missing, f"add the address of the section itself on legislation.govt.nz: {missing}"
    assert all(schema.UNCONFIRMED[key].strip() for key in schema.UNCONFIRMED), "say why each is listed"
    assert not [key for key in schema.UNCONFIRMED if key not in ids or ids[key].get("url")], (
        "UNCONFIRMED lists only provisions that still have no address"
    )


def test_a_provision_without_an_address_stops_the_build_and_says_how_to_fix_it():
    laws = schema.LawsFile.model_validate(
        {
            "laws": [
                {
                    "id": "privacy-act-2020",
                    "name": "Privacy Act 2020",
                    "kind": "act",
                    "checked": "2026-12-07",
                    "url": "https://www.legislation.govt.nz/act/public/2020/0031/latest/LMS23223.html",
                    "plain": "x",
                    "provisions": [
                        {"id": "s-1", "cite": "s 1", "section": "section 1", "title": "Title", "plain": "x"},
                        {
                            "id": "s-2",
                            "cite": "s 2",
                            "section": "section 2",
                            "title": "Commencement",
                            "plain": "x",
                            "url": "https://www.legislation.govt.nz/act/public/2020/0031/latest/LMS23224.html",
                        },
                    ],
                }
            ]
        }
    )
    problems = [str(p) for p in model._provisions_without_an_address(laws, {})]
    assert problems == [
        "data/laws.yml: field 'laws.0.provisions.0.url': 'privacy-act-2020/s-1' has no "
        "address of its own; add the address of the section itself on legislation.govt.nz."
    ]
    assert model._provisions_without_an_address(laws, {"privacy-act-2020/s-1": "not found"}) == []
    stale = model._provisions_without_an_address(
        laws, {"privacy-act-2020/s-1": "x", "privacy-act-2020/s-2": "x", "privacy-act-2020/s-9": "x"}
    )
    assert [p.field for p in stale] == ["laws.0.provisions.1.url", "UNCONFIRMED"]


def test_statutory_headings_found_in_review():
    """Headings that were once wrong stay right (issue 18)."""
    provisions = {f"{a['id']}/{p['id']}": p for a in LAWS for p in a.get("provisions", [])}
    assert provisions["privacy-act-2020/ipp-3"]["title"] == "Collection of information from subject"
    assert provisions["privacy-act-2020/s-44"]["title"] == "Responding to IPP 6 request"
    assert "s-66k" in {p["id"] for a in LAWS if a["id"] == "oranga-tamariki-act-1989" for p in a["provisions"]}


def test_a_citation_can_be_pinpointed_to_a_subsection(data):
    content = model.ContentModel(data=data)
    link = render.law_link(content, "guides/x.md", "privacy-act-2020/s-115(2)")
    assert link.startswith("[s 115(2)](../law.md#privacy-act-2020-s-115 ")
    assert "section 115(2): Agency to notify" in link
    with pytest.raises(KeyError, match="pinpoints an Act"):
        render.law_link(content, "x.md", "privacy-act-2020(2)")


def test_laws_not_checked_for_a_year_are_reported(data):
    later = datetime.date(2030, 1, 1)
    stale = review.stale_laws(data.laws.values(), 12, later)
    assert "privacy-act-2020: checked 30 November 2026" in stale
    assert review.stale_laws(data.laws.values(), 12, datetime.date(2026, 12, 1)) == []


@pytest.mark.parametrize(
    "day, months, expected",
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-11-30", 12, "2027-11-30"),
        ("2026-12-15", 1, "2027-01-15"),
    ],
)
def test_review_dates_keep_the_day_of_the_month(day, months, expected):
    assert review.add_months(datetime.date.fromisoformat(day), months) == datetime.date.fromisoformat(expected)


def test_every_contact_is_sourced_and_checked(data):
    for c in data.contacts.values():
        assert c.source.scheme == "https", c.id
        assert c.checked <= datetime.date.today(), c.id
    assert data.contacts["emergency"].number == "111"


# Pages whose text sends people to report a concern, act on danger or complain.
NEEDS_HELP = re.compile(r"report (a|your|the)? ?concern|in danger|family violence|\bcomplain|unsafe", re.IGNORECASE)


def test_pages_about_reporting_safety_or_complaints_show_where_to_get_help(site, data):
    from dpup.pages.fragments import AUDIENCE_VIEW
    from dpup.pages.views import AT_A_GLANCE, TOOL_PATHS
    from dpup.pdf.editions import DOWNLOADS_PAGE
    from dpup.text import page_url

    # The generated pages (audience views, at a glance, tool paths) repeat text from pages that show
    # them; so do the downloads page, which lists each edition with its page's summary, and the
    # versions page, which lists each page's change entries.
    generated = {
        page_url(src)
        for src in [
            AT_A_GLANCE,
            TOOL_PATHS,
            DOWNLOADS_PAGE,
            "about/versions.md",
            *(AUDIENCE_VIEW.format(id=a) for a in data.audiences),
        ]
    }
    missing = []
    for path in built_pages(site):
        url = path.parent.relative_to(site).as_posix()
        article = soup(path).find("article")
        if article is None or (url + "/" if url != "." else "") in generated:
            continue
        if NEEDS_HELP.search(article.get_text(" ")) and not article.select(".dpup-help a[href^='tel:']"):
            missing.append(str(path.relative_to(site)))
    assert not missing, f"these pages mention reporting, danger or complaints but show no help numbers: {missing}"


def test_every_page_says_this_is_an_independent_edition(site):
    for path in sorted(site.rglob("*.html")):
        page = soup(path)
        if page.find("footer") is None:
            continue
        line = page.select_one(".dpup-footer__provenance")
        assert line is not None, f"{path.relative_to(site)} has no provenance line"
        assert "not the official policy" in line.get_text(), path
        assert line.find("a", href=PUBLISHER["official_url"]), path


@pytest.mark.parametrize("src", ["index.html", "about/index.html"])
def test_home_and_about_state_the_edition_and_link_the_official_policy(site, src):
    box = soup(site / src).select_one("article .dpup-provenance")
    assert box is not None and box.find("a", href=PUBLISHER["official_url"]), src


def test_every_pdf_cover_says_this_is_an_independent_edition(site):
    pdfs = sorted((site / "pdf").rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        cover = " ".join(
            subprocess.run(
                ["pdftotext", "-l", "1", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout.split()
        )
        assert "not the official policy" in cover, pdf.name
        assert "digital.govt.nz" in cover, pdf.name


# --- the map of the law (issue 16) ----------------------------------------------------


def test_the_law_page_maps_every_ipp_and_lists_the_laws_that_change_them(site):
    page = soup(site / "law/index.html")
    mapping = page.find(id="how-the-policy-maps-to-the-privacy-principles").find_next("table")
    rows = {
        r.find("td").get_text(" ", strip=True).split(":")[0].replace(" ", ""): r for r in mapping.select("tbody tr")
    }
    assert {"IPP1", "IPP3A", "IPP13"} <= set(rows)
    assert "Purpose matters" in rows["IPP1"].get_text()
    changes = " ".join(
        page.find(id="laws-that-change-or-add-to-the-privacy-principles").find_next("table").get_text(" ").split()
    )
    for act in (
        "Oranga Tamariki Act 1989",
        "Family Violence Act 2018",
        "Social Security Act 2018",
        "Health Information Privacy Code 2020",
        "Public Records Act 2005",
        "Official Information Act 1982",
        "Local Government Official Information and Meetings Act 1987",
        "Data and Statistics Act 2022",
        "Part 7",
    ):
        assert act in changes, act


def test_changing_one_ipps_mapping_changes_every_place_it_shows(changed_fixture):
    """The mapping lives once, in data/laws.yml: the law page's map and the principles and protocol
    that applied it, or now do, follow it (tests/changes.py, move_ipp11, in the fixture project)."""
    result, site_dir = changed_fixture
    assert result.returncode == 0, result.stderr
    moved = edits.MOVED_IPP

    def related(src):
        box = soup(site_dir / src / "index.html").select_one(".dpup-related-law")
        return [a.get_text(strip=True) for a in box.select("a.law-ref")]

    assert moved in related("principles/he-tangata") and moved not in related("principles/kaitiakitanga")
    assert related("protocols/purpose-matters") == ["IPP 1"], "the protocol no longer applies it"
    law = soup(site_dir / "law/index.html").find(id="the-map-of-the-law").find_next("table")
    row = next(r for r in law.select("tbody tr") if r.find("td").get_text(strip=True).startswith(moved))
    assert "He Tāngata" in row.get_text() and "Kaitiakitanga" not in row.get_text()
    assert "Purpose matters" not in row.get_text()


def test_a_mapping_to_an_unknown_principle_or_protocol_is_named(tmp_path):
    import shutil

    from dpup.content.errors import ContentError

    shutil.copytree(ROOT / "data", tmp_path / "data")
    laws = tmp_path / "data/laws.yml"
    laws.write_text(
        laws.read_text(encoding="utf-8").replace("principles: [kaitiakitanga]\n", "principles: [kaitiakitangaa]\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="unknown principle 'kaitiakitangaa'"):
        model.load_data(tmp_path / "data")
