"""The digital tools: their data files and validator, their pages, and the tools in a real browser.

Validator tests run on small fixtures (tests/fixtures/tools/) without a build. Browser tests
use the session's built site, keyboard only where the tools are meant to be used that way,
and record every request the page makes to prove nothing leaves the local server.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from browsing import GUIDES
from browsing import TOOLS as TOOL_PAGES
from conftest import ROOT, html_of
from dpup.content import model, tools
from dpup.content.errors import ContentError, Problem, raise_problems

FIXTURES = Path(__file__).parent / "fixtures" / "tools"

PROTOCOLS = ["purpose-matters", "transparency-and-choice", "access-to-information", "sharing-value"]


def check_fixture(name: str, known_laws) -> list[Problem]:
    problems: list[Problem] = []
    tools.load_tool_file(FIXTURES / name, known_laws, problems, f"tests/fixtures/tools/{name}")
    return problems


# --- the validator ------------------------------------------------------------


def test_every_tool_file_passes_the_validator(data, known_laws):
    files = sorted((ROOT / "data" / "tools").glob("*.yml"))
    assert {f.stem for f in files} >= {*GUIDES, "purpose-statement", "checklists", "quiz"}
    for f in files:
        problems: list[Problem] = []
        assert tools.load_tool_file(f, known_laws, problems) is not None, "\n".join(map(str, problems))
    assert set(data.tools) == {f.stem for f in files}  # loaded into the content model


def test_a_dangling_branch_is_named_with_its_file_and_question(known_laws):
    [problem] = check_fixture("dangling-branch.yml", known_laws)
    text = str(problem)
    assert text.startswith("tests/fixtures/tools/dangling-branch.yml:13:")
    assert "question 'purpose', answer 'No', goes to 'consnt'" in text
    assert "not a question or outcome" in text


def test_an_outcome_without_citations_is_named(known_laws):
    problems = check_fixture("outcome-without-citation.yml", known_laws)
    messages = [str(p) for p in problems]
    assert len(messages) == 2
    assert all(m.startswith("tests/fixtures/tools/outcome-without-citation.yml:") for m in messages)
    assert any("outcome 'dont-share' has no citation of the policy" in m for m in messages)
    assert any("outcome 'dont-share' has no citation of the law" in m for m in messages)


def test_safety_rules_are_named_with_the_outcome_at_fault(known_laws):
    messages = [str(p) for p in check_fixture("danger-without-emergency.yml", known_laws)]
    file = "tests/fixtures/tools/danger-without-emergency.yml"
    assert any(
        m.startswith(f"{file}:")
        and "outcome 'share' can be reached after a danger answer" in m
        and "emergency: true" in m
        for m in messages
    ), messages
    assert any("outcome 'tell' says 'Tell'" in m and "safety_limit: true" in m for m in messages), messages
    assert any("outcome 'tell' cites only whole Acts" in m for m in messages), messages
    assert len(messages) == 3, messages


def test_every_path_opens_with_111_after_danger_and_cites_a_provision(data):
    """Walks every path of every guide, as the reviewers' table does."""
    for guide_id in GUIDES:
        guide = data.tools[guide_id]
        outcomes = {o.id: o for o in guide.outcomes}
        danger = {(q.id, a.label) for q in guide.questions for a in q.answers if a.danger}
        for route, outcome_id in tools.paths(guide):
            o = outcomes[outcome_id]
            assert any("/" in law for law in o.laws), f"{guide_id}: {outcome_id} cites no provision"
            if danger & set(route):
                assert o.emergency, f"{guide_id}: {outcome_id} after a danger answer without 111"
            if tools.TELLS.search(o.body):
                assert o.safety_limit, f"{guide_id}: {outcome_id} says to tell without the safety limit"
    assert any(a.danger for q in data.tools["can-i-share"].questions for a in q.answers)


def test_the_reviewers_table_of_paths_matches_the_fixture(data):
    """tests/fixtures/tool-paths.md holds every path; a change to any path shows in review.

    After a deliberate change, refresh it: DPUP_UPDATE_FIXTURES=1 bin/test tests/test_tools.py
    """
    from dpup.pages import views

    table = views.tool_paths(model.ContentModel(data=data))
    fixture = ROOT / "tests/fixtures/tool-paths.md"
    if os.environ.get("DPUP_UPDATE_FIXTURES") == "1":
        fixture.write_text(table, encoding="utf-8")
    assert table == fixture.read_text(encoding="utf-8"), (
        "a decision-guide path changed: review tests/fixtures/tool-paths.md (DPUP_UPDATE_FIXTURES=1 refreshes it)"
    )


def test_the_reviewers_table_is_built_and_not_in_the_nav(site):
    page = (site / "about/tool-paths/index.html").read_text(encoding="utf-8")
    assert page.count("<tr>") > 40
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert "tool-paths" not in nav.split("<article")[0], "the reviewers' table is kept out of the nav"


def test_the_tools_page_links_every_tool(site):
    """A new tool is listed where readers look for it (CONTRIBUTING.md, "Adding a decision guide")."""
    links = {a["href"].split("#")[0] for a in html_of(site, "tools/index.md").select("article a[href]")}
    missing = [tool for tool in TOOL_PAGES if f"{tool}/" not in links]
    assert not missing, f"docs/tools/index.md links no page for: {', '.join(missing)}; add a line for each"


# What IPP 3 and IPP 3A ask an agency to tell people, and the builder field that asks for each.
NOTICE_ELEMENTS = {
    "the agency's name": "agency",
    "the agency's address": "address",
    "the purpose": "purpose",
    "who will get it": "access",
    "the law that authorises or requires it": "laws",
    "whether giving it is voluntary or required": "voluntary",
    "what happens if it is not given": "if_not_given",
}


def test_the_builder_asks_for_every_ipp3_and_ipp3a_element(data):
    spec = data.tools["purpose-statement"]
    fields = {f.id: f for e in spec.elements for f in e.fields}
    notice = json.dumps([s.model_dump() for s in spec.notice], ensure_ascii=False)
    for element, field_id in NOTICE_ELEMENTS.items():
        assert field_id in fields, f"the builder has no field for {element}"
        assert fields[field_id].check, f"the builder does not flag a missing {element}"
        assert "{" + field_id + "}" in notice, f"the notice does not state {element}"
    # Fixed text: the rights every notice states, and IPP 3A's fact of collection when ticked.
    assert re.search(r"ask for the information we hold about you", notice)
    assert re.search(r"correct", notice)
    indirect = [s for s in spec.notice if s.when == "from_others"]
    assert indirect and "someone else" in json.dumps([s.model_dump() for s in indirect])


def test_an_unreachable_question_is_named(known_laws):
    [problem] = check_fixture("unreachable-question.yml", known_laws)
    text = str(problem)
    assert text.startswith("tests/fixtures/tools/unreachable-question.yml:14:")
    assert "question 'orphan' cannot be reached from the start question 'purpose'" in text


def test_a_guide_whose_paths_multiply_is_named_quickly(tmp_path, known_laws):
    """Each question's two answers both lead on: 30 questions, 2^30 paths. The check counts them
    without walking them, and names the guide (cost must not grow faster than the file)."""
    import time

    steps = [f"q{n}" for n in range(30)] + ["done"]
    questions = [
        {
            "id": here,
            "text": f"Question {here}?",
            "answers": [{"label": "Yes", "next": there}, {"label": "No", "next": there}],
        }
        for here, there in zip(steps, steps[1:])
    ]
    guide = {
        "kind": "decision-guide",
        "title": "Paths that multiply",
        "intro": "For tests only.",
        "start": "q0",
        "questions": questions,
        "outcomes": [
            {
                "id": "done",
                "title": "Done",
                "tone": "go",
                "body": "Share only what is needed.",
                "policy": [{"page": "protocols/purpose-matters.md", "anchor": "the-steps"}],
                "laws": ["privacy-act-2020/ipp-11"],
            }
        ],
    }
    path = tmp_path / "paths-that-multiply.yml"
    path.write_text(yaml.safe_dump(guide, sort_keys=False), encoding="utf-8")
    problems: list[Problem] = []
    started = time.monotonic()
    tools.load_tool_file(path, known_laws, problems, "data/tools/paths-that-multiply.yml")
    assert time.monotonic() - started < 2
    assert any(f"{2**30} paths" in p.message and p.field == "questions" for p in problems), problems


def test_a_guide_whose_arrows_cross_many_rows_is_named_quickly(tmp_path, known_laws):
    """The red team's guide (hostile.py): under the limits on steps and paths, but dot spent 13
    CPU-minutes drawing it. The check refuses it by size, before anything draws it, naming the
    question whose answers jump furthest and what to do."""
    import time

    from hostile import guide_with_long_arrows

    path = tmp_path / "should-we-collect.yml"
    path.write_text(guide_with_long_arrows((ROOT / "data/tools/should-we-collect.yml").read_text()), "utf-8")
    problems: list[Problem] = []
    started = time.monotonic()
    tools.load_tool_file(path, known_laws, problems, "data/tools/should-we-collect.yml")
    assert time.monotonic() - started < 2
    [problem] = problems
    assert str(problem).startswith(f"data/tools/should-we-collect.yml:{problem.line}: field 'questions.10.answers': ")
    assert "label: Go on to question 1" in path.read_text(encoding="utf-8").splitlines()[problem.line - 1]  # chain-0's
    assert f"its arrows cross 74,810 rows in all (at most {tools.MAX_ROWS})" in problem.message
    assert "question 'chain-0' cross the most" in problem.message and "split the guide" in problem.message


def test_the_real_guides_are_well_inside_the_limit_on_rows(data):
    """The limit leaves the real guides room to grow (they cross 90 rows at most), and their
    arrows' rows are counted as the limit's comment says."""
    from dpup.content import tool_schema

    for tool_id, guide in data.tools.items():
        if isinstance(guide, tool_schema.DecisionGuide):
            rows = {q.id: tools.longest_path(guide, q.id) for q in guide.questions}
            crossed = sum(rows[q.id] - rows.get(a.next, 0) for q in guide.questions for a in q.answers)
            assert crossed * 4 < tools.MAX_ROWS, f"{tool_id}: {crossed} rows"
            assert tools.long_arrows(guide) is None


def test_a_loop_is_named(known_laws):
    [problem] = check_fixture("loop.yml", known_laws)
    assert "question 'consent', answer 'No', leads back to 'purpose'" in str(problem)


def test_problems_stop_the_build_with_one_line_each(known_laws):
    problems = check_fixture("dangling-branch.yml", known_laws) + check_fixture("unreachable-question.yml", known_laws)
    with pytest.raises(ContentError) as error:
        raise_problems(problems)
    assert "2 problems" in str(error.value)


def test_unknown_law_ids_and_bad_placeholders_are_named(tmp_path, known_laws):
    guide = yaml.safe_load((FIXTURES / "dangling-branch.yml").read_text())
    guide["questions"][0]["answers"][1]["next"] = "share"
    guide["outcomes"][0]["laws"] = ["privacy-act-2020/ipp-99"]
    (tmp_path / "guide.yml").write_text(yaml.safe_dump(guide))
    problems: list[Problem] = []
    tools.load_tool_file(tmp_path / "guide.yml", known_laws, problems)
    assert ["outcome 'share' cites 'privacy-act-2020/ipp-99'" in str(p) for p in problems] == [True]

    builder = yaml.safe_load((ROOT / "data" / "tools" / "purpose-statement.yml").read_text())
    builder["notice"][0]["paragraphs"].append("Ask {nobody}.")
    (tmp_path / "builder.yml").write_text(yaml.safe_dump(builder, allow_unicode=True))
    problems = []
    tools.load_tool_file(tmp_path / "builder.yml", known_laws, problems)
    assert len(problems) == 1 and "'{nobody}' is not a field id" in str(problems[0])


def test_a_broken_tool_file_fails_the_build(build_fixture):
    def break_it(project: Path) -> None:
        (project / "data" / "tools" / "broken.yml").write_text((FIXTURES / "dangling-branch.yml").read_text())

    result, _, _ = build_fixture(break_it)
    assert result.returncode != 0
    assert "data/tools/broken.yml:13: field 'questions.0.answers.1.next'" in result.stdout + result.stderr


def test_every_guide_outcome_cites_a_protocol_section(data):
    for guide_id in GUIDES:
        for outcome in data.tools[guide_id].outcomes:
            assert outcome.laws and outcome.policy
            assert all(c.anchor for c in outcome.policy), f"{guide_id}: {outcome.id} cites a page without a section"


# --- the built pages ----------------------------------------------------------


def test_tool_pages_are_built_with_their_static_form(site, data):
    for guide_id in GUIDES:
        page = html_of(site, f"tools/{guide_id}.md")
        guide = data.tools[guide_id]
        for node in [*guide.questions, *guide.outcomes]:
            assert page.find(id=f"{guide_id}--{node.id}"), f"{guide_id}: {node.id} is not in the HTML"
        # Interactive-only controls are marked for print and hidden without the script.
        for control in page.select(f"#{guide_id} button"):
            assert control.find_parent(class_="dpup-js-only").has_attr("hidden")
        toc = page.select(".md-nav--secondary a")
        assert not any("--" in a["href"] for a in toc), "guide steps must stay out of the contents"


def test_checklists_have_the_anchors_other_pages_link_to(site):
    page = html_of(site, "tools/checklists.md")
    for protocol in PROTOCOLS:
        heading = page.find("h2", id=protocol)
        assert heading, f"#{protocol} is missing"
        checklist = heading.find_next(attrs={"data-dpup-checklist": True})
        assert checklist["data-dpup-checklist"] == protocol
        assert len(checklist.select("input[type=checkbox]")) == len(checklist.select("label"))


def test_every_form_control_has_a_label(site):
    for name in ["purpose-statement-builder", "checklists", "quiz"]:
        page = html_of(site, f"tools/{name}.md")
        for control in page.select(".dpup-tool input, .dpup-tool textarea"):
            assert page.find("label", attrs={"for": control["id"]}), f"{name}: #{control['id']} has no label"


def test_tool_pages_have_enough_plain_text_around_the_tool(site):
    for name in TOOL_PAGES:
        article = html_of(site, f"tools/{name}.md").select_one("article")
        assert len(article.select("h1")) == 1, f"tools/{name}.md: the title is the only H1"
        for part in article.select(".dpup-tool, .dpup-summary, .dpup-page-audiences, h1, .headerlink"):
            part.decompose()
        words = re.findall(r"[\w’'-]+", article.get_text(" "))
        assert len(words) >= 250, f"tools/{name}.md has {len(words)} words around the tool"


# --- in the browser -----------------------------------------------------------


@pytest.fixture
def requests_log(page):
    """Every URL the page requests, to prove nothing leaves the local server."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def assert_local_only(urls: list[str], server: str) -> None:
    assert urls, "no requests were recorded"
    outside = [u for u in urls if not u.startswith(server) and not u.startswith("blob:" + server.rstrip("/"))]
    assert not outside, f"requests left the local server: {outside}"


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page, text: str, limit: int = 40) -> None:
    """Press Tab until the focused element's text is `text` (Shift+Tab with a leading '-')."""
    key, text = ("Shift+Tab", text[1:]) if text.startswith("-") else ("Tab", text)
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"could not reach {text!r} with {key}")


def answer(page, guide: str, label: str) -> None:
    """Choose an answer with the keyboard only, and check that focus moved to the next step."""
    tab_to(page, label)
    nxt = page.evaluate("document.activeElement.dataset.next")
    page.keyboard.press("Enter")
    assert focused_id(page) == f"{guide}--{nxt}"
    assert page.locator(f"#{guide}--{nxt}").is_visible()


PATHS = {
    "can-i-share": [
        (
            [
                "Yes, or it might",
                "No, none of these",
                "No, or I am not sure",
                "Yes",
                "No",
                "No, only people in New Zealand",
            ],
            "share-minimum",
        ),
        (
            ["No, it is de-identified or aggregated", "No, the risk is very low", "No, or we have not asked them yet"],
            "work-with-community",
        ),
        (
            [
                "Yes, or it might",
                "Yes, a child or young person may be harmed, abused or neglected, or I am worried "
                "about their wellbeing",
                "No, or I am not sure",
            ],
            "child-concern",
        ),
    ],
    "should-we-collect": [
        (
            [
                "Yes, we can explain it in a sentence or two",
                "Yes, it is lawful and part of our work",
                "Yes, we need every item",
                "Yes, we need to know who they are",
                "No, we need to collect it",
                "Yes, from the person",
                "Yes, every one of them",
                "No",
            ],
            "go-ahead",
        ),
        (["Not yet"], "write-purpose"),
        (
            [
                "Yes, we can explain it in a sentence or two",
                "Yes, it is lawful and part of our work",
                "Yes, we need every item",
                "We are not sure",
                "Yes, our organisation already holds it",
            ],
            "use-existing",
        ),
    ],
    "access-request": [
        (
            [
                "To see or get a copy of information about themselves, or about someone they act for",
                "The person the information is about",
                "Yes",
                "No",
                "Yes, all or some of it",
                "No, we can give all of it",
            ],
            "give-it",
        ),
        (
            [
                "To correct information about themselves, or about someone they act for",
                "Yes",
                "No, not as far as we know",
                "No",
            ],
            "attach-statement",
        ),
        (
            [
                "To see or get a copy of information about themselves, or about someone they act for",
                "A parent or guardian, about their child",
                "Yes, the child is under 16",
                "Yes, or we are not sure",
            ],
            "child-first",
        ),
    ],
}


@pytest.mark.heavy
@pytest.mark.parametrize("guide", GUIDES)
def test_guide_paths_with_the_keyboard_only(page, server, requests_log, guide):
    for labels, outcome in PATHS[guide]:
        page.goto(f"{server}tools/{guide}/")
        page.keyboard.press("Tab")
        tab_to(page, "Start again", limit=400)  # from the top of the page, as a keyboard user would
        page.keyboard.press("Enter")
        first = page.get_attribute(f"#{guide}", "data-start")
        assert focused_id(page) == f"{guide}--{first}"
        assert "Question 1 of up to" in page.inner_text(f"#{guide} .dpup-guide__progress")
        for label in labels:
            answer(page, guide, label)
        assert focused_id(page) == f"{guide}--{outcome}"
        assert page.locator(f"#{guide} .dpup-guide__step:visible").count() == 1
        summary = page.inner_text(f"#{guide} .dpup-guide__summary")
        for label in labels:
            assert f"Your answer: {label}" in summary
        progress = page.inner_text(f"#{guide} .dpup-guide__progress")
        assert progress == f"Outcome, after {len(labels)} answer{'s' if len(labels) > 1 else ''}."
    assert_local_only(requests_log, server)


def test_back_and_start_again(page, server, requests_log):
    guide = "can-i-share"
    page.goto(f"{server}tools/{guide}/#{guide}--identifies")
    assert focused_id(page) == f"{guide}--identifies"
    answer(page, guide, "Yes, or it might")
    answer(page, guide, "No, none of these")
    assert focused_id(page) == f"{guide}--authority"
    assert "Question 3 of up to" in page.inner_text(f"#{guide} .dpup-guide__progress")

    tab_to(page, "Back")  # under the question, after its answers
    page.keyboard.press("Enter")
    assert focused_id(page) == f"{guide}--danger"
    assert page.locator(f"#{guide}--danger").is_visible()
    assert not page.locator(f"#{guide}--authority").is_visible()
    assert "Question 2 of up to" in page.inner_text(f"#{guide} .dpup-guide__progress")

    answer(page, guide, "Yes, there is family violence, or a risk of it")
    answer(page, guide, "Yes, we both are")
    assert page.locator(f"#{guide} .dpup-guide__summary").is_visible()
    tab_to(page, "Start again")
    page.keyboard.press("Enter")
    assert focused_id(page) == f"{guide}--identifies"
    assert not page.locator(f"#{guide} .dpup-guide__summary").is_visible()
    assert page.locator(f"#{guide} [data-action=back]").is_disabled()
    assert_local_only(requests_log, server)


def test_a_link_to_an_outcome_opens_it(page, server):
    page.goto(f"{server}tools/can-i-share/#can-i-share--ask-first")
    assert page.locator("#can-i-share--ask-first").is_visible()
    assert not page.locator("#can-i-share--identifies").is_visible()
    assert "came straight to this outcome" in page.inner_text("#can-i-share .dpup-guide__summary")


def test_guides_without_javascript_link_every_question_to_its_next_steps(browser, server, data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for guide_id in GUIDES:
            page.goto(f"{server}tools/{guide_id}/")
            guide = data.tools[guide_id]
            for q in guide.questions:
                section = page.locator(f"section[data-step='{q.id}']")
                assert section.is_visible()
                links = section.locator("a.dpup-guide__answer")
                assert links.count() == len(q.answers)
                for k, a in enumerate(q.answers):
                    href = links.nth(k).get_attribute("href")
                    assert href.endswith(f"#{guide_id}--{a.next}")
                    assert page.locator(f"#{guide_id}--{a.next}").count() == 1
            for o in guide.outcomes:
                assert page.locator(f"#{guide_id}--{o.id}").is_visible()
            assert not page.locator(f"#{guide_id} .dpup-guide__controls").is_visible()
            # Following a link moves to the next step, as on paper.
            first = guide.questions[0]
            page.locator(f"section[data-step='{first.id}'] a.dpup-guide__answer").first.click()
            assert page.url.endswith(f"#{guide_id}--{first.answers[0].next}")
    finally:
        context.close()


BUILDER = "purpose-statement"


def test_builder_writes_a_statement_and_notice_and_flags_gaps(page, server, requests_log, data):
    spec = data.tools[BUILDER]
    fields = [f for e in spec.elements for f in e.fields]
    typed = {f.id: f"Answer-{f.id.replace('_', '-')} {n}" for n, f in enumerate(fields) if f.input != "checkbox"}
    page.goto(f"{server}tools/purpose-statement-builder/")
    for field_id, value in typed.items():
        if field_id != "not_see":  # left empty on purpose: the checklist must flag it
            page.fill(f"#{BUILDER}-{field_id}", value)
    for f in fields:
        if f.input == "checkbox":
            page.check(f"#{BUILDER}-{f.id}")
    page.get_by_role("button", name="Check and write my statement").click()

    report = page.locator(f"#{BUILDER} .dpup-builder__report")
    assert page.evaluate("document.activeElement.id") == f"{BUILDER}-report"
    assert "1 thing is missing" in report.inner_text()
    assert "Missing: who will not see it" in report.inner_text()

    statement = page.inner_text(f"#{BUILDER} .dpup-builder__doc--purpose-statement")
    notice = page.inner_text(f"#{BUILDER} .dpup-builder__doc--privacy-notice")
    in_notice = set(re.findall(r"\{(\w+)\}", json.dumps([s.model_dump() for s in spec.notice]) + spec.notice_title))
    for field_id, value in typed.items():
        if field_id == "not_see":
            continue
        assert value in statement, f"{field_id} is missing from the statement"
        if field_id in in_notice:
            assert value in notice, f"{field_id} is missing from the notice"
    assert "[missing: who will not see it]" in statement
    assert "[missing: who will not see it]" in notice
    assert "When we get information about you from someone else" in notice  # IPP 3A, as ticked
    assert "within 20 working days" in notice

    # The gap's link takes the reader to the field; filling it clears the flag.
    page.click("text=Missing: who will not see it")
    assert page.evaluate("document.activeElement.id") == f"{BUILDER}-not_see"
    page.keyboard.type(typed["not_see"])
    page.get_by_role("button", name="Check and write my statement").click()
    assert "answers every checklist question" in report.inner_text()
    assert typed["not_see"] in page.inner_text(f"#{BUILDER} .dpup-builder__doc--privacy-notice")

    # Downloads are made in the browser from a Blob.
    with page.expect_download() as info:
        page.locator(f"#{BUILDER}-privacy-notice").locator("xpath=..").get_by_role(
            "button", name="Download Markdown"
        ).click()
    download = info.value
    text = Path(download.path()).read_text(encoding="utf-8")
    assert download.suggested_filename.startswith("privacy-notice") and download.suggested_filename.endswith(".md")
    assert text.startswith(f"# How {typed['agency']} uses your information")
    with page.expect_download() as info:
        page.locator(f"#{BUILDER}-purpose-statement").locator("xpath=..").get_by_role(
            "button", name="Download web page"
        ).click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and typed["information"] in html
    assert_local_only(requests_log, server)


def test_builder_escapes_what_people_type(page, server):
    page.goto(f"{server}tools/purpose-statement-builder/")
    page.fill(f"#{BUILDER}-information", "<img src=x onerror=alert(1)>")
    page.get_by_role("button", name="Check and write my statement").click()
    assert page.locator(f"#{BUILDER} .dpup-builder__results img").count() == 0
    assert "<img src=x" in page.inner_text(f"#{BUILDER} .dpup-builder__doc--purpose-statement")


def test_builder_writes_no_doubled_full_stops(page, server):
    """An answer that ends with a full stop does not get a second one from the template (#31)."""
    page.goto(f"{server}tools/purpose-statement-builder/")
    page.fill(f"#{BUILDER}-project", "Whānau housing support intake.")
    page.fill(f"#{BUILDER}-agency", "Kāinga Support Trust")
    page.get_by_role("button", name="Check and write my statement").click()
    text = page.inner_text(f"#{BUILDER} .dpup-builder__results")
    assert "Whānau housing support intake." in text
    assert ".." not in text.replace("...", "")


def test_checklist_ticks_are_kept_in_local_storage_only(page, server, requests_log):
    page.goto(f"{server}tools/checklists/")
    checklist = page.locator("[data-dpup-checklist='purpose-matters']")
    boxes = checklist.locator("input[type=checkbox]")
    boxes.nth(0).focus()
    page.keyboard.press("Space")
    boxes.nth(2).check()
    ids = [boxes.nth(k).get_attribute("data-item") for k in (0, 2)]
    assert json.loads(page.evaluate("localStorage.getItem('dpup.checklist.purpose-matters')")) == ids
    assert checklist.locator(".dpup-checklist__progress").inner_text().startswith("2 of ")

    page.reload()
    assert boxes.nth(0).is_checked() and boxes.nth(2).is_checked() and not boxes.nth(1).is_checked()
    assert not page.locator("[data-dpup-checklist='sharing-value'] input:checked").count()
    keys = page.evaluate("Object.keys(localStorage)")
    assert [k for k in keys if k.startswith("dpup.checklist.")] == ["dpup.checklist.purpose-matters"]

    checklist.get_by_role("button", name="Clear the ticks in this checklist").click()
    assert not boxes.nth(0).is_checked()
    assert page.evaluate("localStorage.getItem('dpup.checklist.purpose-matters')") is None
    assert_local_only(requests_log, server)


def test_quiz_checks_answers_and_keeps_score(page, server, requests_log, data):
    quiz = data.tools["quiz"]
    first, second = quiz.questions[0], quiz.questions[1]
    page.goto(f"{server}tools/quiz/")
    right = next(k for k, o in enumerate(first.options) if o.correct)
    wrong = (right + 1) % len(first.options)

    q1 = page.locator(f"section[data-question='{first.id}']")
    q1.get_by_role("button", name="Check my answer").click()
    assert q1.locator(".dpup-quiz__feedback").inner_text() == "Choose an answer first."
    page.check(f"#quiz--{first.id}-{wrong}")
    q1.get_by_role("button", name="Check my answer").click()
    assert q1.locator(".dpup-quiz__feedback").inner_text().startswith("Not quite")
    assert q1.locator("details.dpup-quiz__answer").get_attribute("open") is not None
    assert q1.locator("details a").count() >= 1  # the explanation links to the page that answers it

    q2 = page.locator(f"section[data-question='{second.id}']")
    page.check(f"#quiz--{second.id}-{next(k for k, o in enumerate(second.options) if o.correct)}")
    q2.get_by_role("button", name="Check my answer").click()
    assert q2.locator(".dpup-quiz__feedback").inner_text().startswith("Right")
    score = page.inner_text("#quiz .dpup-quiz__score")
    assert f"checked 2 of {len(quiz.questions)} answers. 1 right." in score

    page.get_by_role("button", name="Clear my answers and start again").click()
    assert page.locator("#quiz input:checked").count() == 0
    assert page.inner_text("#quiz .dpup-quiz__score") == ""
    assert_local_only(requests_log, server)
