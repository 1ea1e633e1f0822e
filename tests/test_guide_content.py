"""What the decision guides say, and where they send readers (issue 29).

Who a law covers is shown where a question asks it; outcomes link to the guide sections that say
more; every outcome that sends the reader to ask or tell the person warns against tipping off
someone who may cause harm. The checks on the data run without a build; the rest read the
session's built site.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from browsing import GUIDES
from conftest import html_of
from dpup.content import tools
from dpup.content.errors import Problem

# The questions that ask whether a law covers both sides, and the law their panel must cite.
PANELS = {
    ("can-i-share", "child-who"): (
        "Who does section 66C cover?",
        ["oranga-tamariki-act-1989-s-2", "oranga-tamariki-act-1989-s-66c"],
    ),
    ("can-i-share", "fv-who"): ("Who does the Family Violence Act cover?", ["family-violence-act-2018"]),
}


def words(element) -> str:
    """An element's text as a reader reads it: one space between words, none before punctuation."""
    return re.sub(r" ([,.;:?])", r"\1", " ".join(element.get_text(" ").split()))


def step(page, guide_id: str, node_id: str):
    """The <section> of one question or outcome on a guide's built page."""
    heading = page.find(id=f"{guide_id}--{node_id}")
    assert heading, f"{guide_id}: no step '{node_id}'"
    return heading.find_parent("section")


def plain(markdown: str) -> str:
    """Markdown from data as the reader sees it: no emphasis marks, one space between words."""
    return " ".join(re.sub(r"[*_`]", "", markdown).split())


# --- who a law covers -----------------------------------------------------------


def test_the_panels_say_who_is_covered_where_the_question_asks(site, data):
    page = html_of(site, "tools/can-i-share.md")
    for (guide_id, question_id), (title, anchors) in PANELS.items():
        section = step(page, guide_id, question_id)
        [panel] = section.select("details.dpup-guide__covered")
        assert words(panel.summary) == title
        assert not panel.has_attr("open"), "the panel starts closed: the question comes first"
        # After the help text, before the answers.
        parts = [c for c in section.find_all(recursive=False) if c.name in ("div", "details")]
        classes = [" ".join(c.get("class", [])) for c in parts]
        assert (
            classes.index("dpup-guide__help")
            < classes.index("dpup-guide__covered")
            < classes.index("dpup-guide__answers")
        ), classes
        cited = [a["href"].rsplit("#", 1)[1] for a in panel.select("a.law-ref")]
        assert cited == anchors, f"{question_id}: the panel cites {cited}"
        text = words(panel)
        assert "privacy officer or team leader" in text, f"{question_id}: the panel says who to ask"
        assert len(text.split()) < 160, f"{question_id}: the panel is short"


def test_the_section_66c_panel_names_the_kinds_of_agency_and_its_subsection(site):
    panel = step(html_of(site, "tools/can-i-share.md"), "can-i-share", "child-who").select_one(
        "details.dpup-guide__covered"
    )
    text = words(panel)
    for kind in [
        "Oranga Tamariki",
        "New Zealand Police",
        "Ministries of Education, Health, Justice and Social",
        "Department of Corrections",
        "school boards",
        "early childhood services",
        "independent persons",
    ]:
        assert kind in text, kind
    [s2] = [a for a in panel.select("a.law-ref") if a["href"].endswith("-s-2")]
    assert words(s2) == "s 2(1)" and "section 2(1): Interpretation" in s2["title"]
    for out_of_date in ["DHB", "District Health Board", "Housing New Zealand", "Vulnerable Children Act"]:
        assert out_of_date not in text, f"'{out_of_date}' is a name the law no longer uses"


def test_the_family_violence_panel_names_practitioners_and_no_unconfirmed_section(site):
    panel = step(html_of(site, "tools/can-i-share.md"), "can-i-share", "fv-who").select_one(
        "details.dpup-guide__covered"
    )
    text = words(panel)
    for role in [
        "registered health practitioners",
        "registered social workers",
        "teachers with a current practising certificate",
        "Family violence agencies",
    ]:
        assert role in text, role
    assert not re.search(r"\bs(ection)? \d", text), "the Act's section numbers are not confirmed (issue 27)"


def test_every_panel_in_the_data_is_on_its_page_and_no_other(site, data):
    for guide_id in GUIDES:
        page = html_of(site, f"tools/{guide_id}.md")
        for q in data.tools[guide_id].questions:
            panels = step(page, guide_id, q.id).select("details.dpup-guide__covered")
            assert len(panels) == (1 if q.covered else 0), f"{guide_id}: {q.id}"
            assert ((guide_id, q.id) in PANELS) == bool(q.covered), f"{guide_id}: {q.id} has a panel this test skips"


def test_a_panel_citing_a_law_not_in_laws_yml_stops_the_build(tmp_path, known_laws):
    problems = check(
        tmp_path,
        textwrap.dedent("""\
        covered:
          title: Who is covered?
          body: Only these.
          laws: [oranga-tamariki-act-1989/s-2(1), oranga-tamariki-act-1989/s-99z, family-violence-act-2018(2)]
        """),
        body="Share only what is needed.",
        known_laws=known_laws,
    )
    messages = [str(p) for p in problems]
    assert len(messages) == 2, messages
    assert messages[0].startswith("guide.yml:") and "field 'questions.0.covered.laws.1'" in messages[0]
    assert "'oranga-tamariki-act-1989/s-99z', which is not an id in data/laws.yml" in messages[0]
    assert "field 'questions.0.covered.laws.2'" in messages[1] and "pinpoints a whole Act" in messages[1]


def test_a_panel_with_an_unknown_field_or_no_law_stops_the_build(tmp_path, known_laws):
    for covered in (
        "covered:\n  title: Who?\n  body: These.\n  laws: [privacy-act-2020/ipp-11]\n  note: x\n",
        "covered:\n  title: Who?\n  body: These.\n  laws: []\n",
    ):
        problems = check(tmp_path, covered, body="Share only what is needed.", known_laws=known_laws)
        assert problems and all("questions.0.covered" in str(p) for p in problems), [str(p) for p in problems]


# --- outcomes reach the best content ---------------------------------------------


def test_the_police_outcome_says_check_the_request_and_links_the_police_section(site, data):
    outcome = step(html_of(site, "tools/can-i-share.md"), "can-i-share", "maintenance-of-law")
    assert re.search(r"Check the request is genuine", words(outcome))
    assert re.search(r"published number", words(outcome))
    links = [a["href"] for a in outcome.select(".dpup-guide__cites a")]
    assert links[0].endswith("guides/everyday-situations/#the-police-ask-about-an-adult-client"), links
    # The section it links to exists and says how to check.
    police = html_of(site, "guides/everyday-situations.md").find(id="the-police-ask-about-an-adult-client")
    assert police and "Check the request is genuine" in words(police.find_next("ol"))


def test_the_child_concern_outcome_says_what_to_tell_a_school_and_links_the_section(site):
    outcome = step(html_of(site, "tools/can-i-share.md"), "can-i-share", "child-concern")
    text = words(outcome)
    assert "If a teacher or the school asks" in text and "section 66C" in text
    links = [a["href"] for a in outcome.select(".dpup-guide__cites a")]
    assert any(h.endswith("guides/everyday-situations/#a-teacher-or-school-asks-about-a-child") for h in links)
    page = html_of(site, "guides/everyday-situations.md")
    school = page.find(id="a-teacher-or-school-asks-about-a-child")
    assert school and school.name == "h2"
    section = []
    for el in school.find_next_siblings():
        if el.name == "h2":
            break
        section.append(words(el))
    section_text = " ".join(section)
    for point in [
        "section 66C",
        "IPP 11",
        "anyone, including a teacher, may report",
        "Do not tell the school anything it could pass on to a parent",
    ]:
        assert point in section_text, point


def test_every_outcome_cites_a_section_that_exists(site, data):
    for guide_id in GUIDES:
        page = html_of(site, f"tools/{guide_id}.md")
        for o in data.tools[guide_id].outcomes:
            links = step(page, guide_id, o.id).select(".dpup-guide__cites a:not(.law-ref)")
            assert len(links) == len(o.policy), f"{guide_id}: {o.id}"
            for c in o.policy:
                target = html_of(site, c.page)
                assert target.find(id=c.anchor), f"{guide_id}: {o.id} cites {c.page}#{c.anchor}, which is missing"


# --- tipping off ------------------------------------------------------------------


def test_every_outcome_marked_for_tipping_off_shows_the_warning(site, data):
    warning, access = plain(data.safety_limit), plain(data.access_limit)
    assert "alert someone who may harm" in warning and "team leader" in warning
    seen = 0
    for guide_id in GUIDES:
        page = html_of(site, f"tools/{guide_id}.md")
        for o in data.tools[guide_id].outcomes:
            shown = [words(d) for d in step(page, guide_id, o.id).select(".dpup-guide__safety")]
            expected = {True: [warning], "access": [access], False: []}[o.safety_limit]
            assert [plain(s) for s in shown] == expected, f"{guide_id}: {o.id}"
            seen += o.safety_limit is True
    assert seen >= 10


def test_every_outcome_that_asks_or_tells_the_person_is_marked(data):
    for guide_id in GUIDES:
        for o in data.tools[guide_id].outcomes:
            if tools.TELLS.search(o.body) or tools.ASKS.search(o.body):
                assert o.safety_limit, f"{guide_id}: {o.id} sends the reader to ask or tell without the warning"
    assert (
        data.tools["can-i-share"]
        .outcomes[[o.id for o in data.tools["can-i-share"].outcomes].index("ask-first")]
        .safety_limit
        is True
    )


@pytest.mark.parametrize(
    "body, said",
    [
        ("Ask the person whether they agree.", "Ask the person"),
        ("Where it is safe, contact their whānau.", "contact their whānau"),
        ("Talk with the child about it first.", "Talk with the child"),
        ("Then ask for their views.", "ask for their views"),
        ("Tell them what you will share.", "Tell"),
    ],
)
def test_the_build_refuses_an_outcome_that_asks_or_tells_without_the_flag(tmp_path, known_laws, body, said):
    [problem] = check(tmp_path, "", body=body, known_laws=known_laws)
    text = str(problem)
    assert re.match(r"guide\.yml:\d+: field 'outcomes\.0\.body': ", text), text
    assert f"outcome 'next' says '{said}'" in text
    assert "add 'safety_limit: true'" in text and "data/contacts.yml" in text


@pytest.mark.parametrize(
    "body",
    [
        "Ask your privacy officer before you share.",
        "Ask the agency to put its request in writing.",
        "Share only what is needed, and record why.",
    ],
)
def test_asking_a_colleague_or_an_agency_needs_no_flag(tmp_path, known_laws, body):
    assert check(tmp_path, "", body=body, known_laws=known_laws) == []


def test_the_flag_silences_the_check(tmp_path, known_laws):
    assert check(tmp_path, "", body="Ask the person first.", known_laws=known_laws, flag="true") == []


def check(tmp_path: Path, covered: str, body: str, known_laws, flag: str | None = None) -> list[Problem]:
    """Check a one-question guide as the build does: its problems, without a build."""
    guide = textwrap.dedent("""\
        kind: decision-guide
        title: A test guide
        intro: For tests only.
        start: first
        questions:
          - id: first
            text: What now?
        {covered}    answers:
              - label: "Yes"
                next: next
              - label: "No"
                next: next
        outcomes:
          - id: next
            title: Next
            tone: go
            body: "{body}"
            policy: [{{page: protocols/purpose-matters.md, anchor: the-steps}}]
            laws: [privacy-act-2020/ipp-11]
        """).format(covered=textwrap.indent(covered, "    "), body=body)
    if flag:
        guide += f"    safety_limit: {flag}\n"
    path = tmp_path / "guide.yml"
    path.write_text(guide, encoding="utf-8")
    problems: list[Problem] = []
    tools.load_tool_file(path, known_laws, problems, "guide.yml")
    return problems
