"""Decision guides as smart answers (issue 29): the first question at once, answers held in the
address (Back, Forward, reload and a shared link), and a record of the answers to copy or print.

Every guide in data/tools/ is tested: the list comes from the data, so a new guide is covered
without touching this file. Each test drives the real page in Chromium on the session's build.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from browsing import GUIDES
from conftest import ROOT, wait_until
from dpup.content import model

DATA = model.load_data(ROOT / "data")
SCREENS = {"phone": (390, 844), "desktop": (1280, 800)}


def first_answers(guide_id: str, count: int) -> list[str]:
    """The steps reached by choosing the first answer `count` times from the start."""
    guide = DATA.tools[guide_id]
    questions = {q.id: q for q in guide.questions}
    visited = [guide.start]
    while len(visited) <= count and visited[-1] in questions:
        visited.append(questions[visited[-1]].answers[0].next)
    return visited


def open_guide(page, server: str, guide: str, query: str = "") -> None:
    page.goto(f"{server}tools/{guide}/{query}")
    wait_until(page, "id => document.getElementById(id).dataset.dpupReady", guide)


def wait_at(page, guide: str, step: str, progress: str = "") -> None:
    """Wait until the guide is set up and shows `step`, its progress starting `progress`. After a
    history step the browser may load the page again, so this reads everything in one go."""
    wait_until(
        page,
        """([guide, step, progress]) => {
        const root = document.getElementById(guide);
        const shown = root && root.dataset.dpupReady && root.querySelector('.dpup-guide__step--current');
        const said = root && root.querySelector('.dpup-guide__progress').textContent;
        return Boolean(shown) && shown.dataset.step === step && said !== '' && said.startsWith(progress);
    }""",
        [guide, step, progress],
    )


def current(page, guide: str) -> str:
    return page.evaluate(f"document.querySelector('#{guide} .dpup-guide__step--current').dataset.step")


def choose(page, guide: str, step: str) -> None:
    """Answer the current question with the answer that leads to `step`, by keyboard."""
    link = page.locator(f"#{guide} .dpup-guide__step--current a[data-next='{step}']").first
    link.focus()
    page.keyboard.press("Enter")
    wait_at(page, guide, step)


def answers_in_address(page, guide: str) -> list[str]:
    value = parse_qs(urlsplit(page.url).query).get(guide, [""])[0]
    return value.split(".") if value else []


def progress(page, guide: str) -> str:
    return page.inner_text(f"#{guide} .dpup-guide__progress")


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("guide", GUIDES)
def test_the_first_question_is_in_the_first_screen(browser, server, guide, screen):
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        open_guide(page, server, guide)
        box = page.evaluate(f"""() => {{
            const step = document.querySelector('#{guide} .dpup-guide__step--current');
            const danger = document.querySelector('#{guide} .dpup-guide__danger-now');
            return {{scroll: scrollY, top: step.querySelector('h3').getBoundingClientRect().top,
                     answer: step.querySelector('a[data-next]').getBoundingClientRect().bottom,
                     danger: danger && danger.getBoundingClientRect().top, height: innerHeight}};
        }}""")
        assert box["scroll"] == 0, f"{guide} scrolled on opening"
        assert 0 < box["top"] and box["answer"] <= box["height"], f"{guide} at {width}x{height}: {box}"
        if any(a.danger for q in DATA.tools[guide].questions for a in q.answers):
            assert box["danger"] is not None and box["danger"] < box["top"], "the 111 line stays above it"
        assert not page.evaluate("document.activeElement.closest('.dpup-guide')"), "focus stays put"
    finally:
        context.close()


@pytest.mark.parametrize("guide", GUIDES)
def test_the_address_holds_the_answers(page, server, guide):
    start, first, second = first_answers(guide, 2)
    open_guide(page, server, guide)
    choose(page, guide, first)
    choose(page, guide, second)
    assert answers_in_address(page, guide) == [start, first, second]
    shown = progress(page, guide)
    link = page.url

    page.reload()
    wait_at(page, guide, second, shown)
    assert page.evaluate("document.activeElement.id") == f"{guide}--{second}", "a reload goes to the step"

    page.go_back()
    wait_at(page, guide, first, "Question 2 of up to")
    page.go_back()
    wait_at(page, guide, start, "Question 1 of up to")
    page.go_forward()
    wait_at(page, guide, first, "Question 2 of up to")

    other = page.context.new_page()  # the link, opened somewhere else
    open_guide(other, server, guide, "?" + urlsplit(link).query)
    wait_at(other, guide, second, shown)
    other.close()


def test_back_start_again_and_history_agree(page, server):
    guide = GUIDES[0]
    start, first, second = first_answers(guide, 2)
    open_guide(page, server, guide)
    choose(page, guide, first)
    choose(page, guide, second)
    page.click(f"#{guide} [data-action=back]")
    assert current(page, guide) == first and answers_in_address(page, guide) == [start, first]
    page.click(f"#{guide} [data-action=restart]")
    assert current(page, guide) == start and answers_in_address(page, guide) == []
    page.go_back()  # Start again is a step in the history too
    wait_at(page, guide, first)


def test_a_history_step_elsewhere_on_the_page_leaves_the_guide_alone(page, server):
    guide = GUIDES[0]
    start, first = first_answers(guide, 1)
    open_guide(page, server, guide)
    choose(page, guide, first)
    page.evaluate("const h = document.getElementById('related'); h.tabIndex = -1; h.focus(); location.hash = 'related'")
    page.go_back()
    page.wait_for_timeout(200)
    assert current(page, guide) == first
    assert not page.evaluate("document.activeElement.closest('.dpup-guide')"), "focus was not pulled back"


@pytest.mark.parametrize(
    "query, expect_at",
    [
        ("{start}.no-such-step", "{start}"),
        ("no-such-step", "{start}"),
        ("{start}.{unreachable}", "{start}"),
        ("{start}.{first}.<img src=x onerror=alert(1)>", "{first}"),
    ],
)
def test_an_address_it_cannot_follow_opens_at_the_last_step_it_could(page, server, query, expect_at):
    guide = GUIDES[0]
    start, first = first_answers(guide, 1)
    data = DATA.tools[guide]
    reachable_from_start = {a.next for q in data.questions if q.id == start for a in q.answers}
    unreachable = next(o.id for o in data.outcomes if o.id not in reachable_from_start)
    names = {"start": start, "first": first, "unreachable": unreachable}
    open_guide(page, server, guide, "?" + guide + "=" + query.format(**names))
    assert current(page, guide) == expect_at.format(**names)
    notice = page.locator(f"#{guide} .dpup-guide__notice")
    assert notice.is_visible() and "cannot follow" in notice.inner_text()
    assert page.locator("img[src=x]").count() == 0
    # The address now says what is shown, and the next answer clears the notice.
    shown = expect_at.format(**names)
    assert answers_in_address(page, guide) == ([] if shown == start else [start, shown])
    choose(page, guide, first_answers(guide, 1)[1] if expect_at == "{start}" else first_answers(guide, 2)[2])
    assert not notice.is_visible()


def path_to_an_outcome(guide_id: str) -> list[str]:
    return first_answers(guide_id, 40)


@pytest.mark.parametrize("guide", GUIDES)
def test_the_record_holds_every_answer_to_copy_and_print(browser, server, guide):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        steps = path_to_an_outcome(guide)
        open_guide(page, server, guide)
        for step in steps[1:]:
            choose(page, guide, step)
        outcome = next(o for o in DATA.tools[guide].outcomes if o.id == steps[-1])
        questions = {q.id: q for q in DATA.tools[guide].questions}
        asked = [
            (questions[a].text, next(x.label for x in questions[a].answers if x.next == b))
            for a, b in zip(steps, steps[1:])
        ]

        page.locator(f"#{guide} [data-action=copy]").focus()
        page.keyboard.press("Enter")
        wait_until(page, f"document.querySelector('#{guide} .dpup-guide__copied').textContent !== ''")
        assert "Copied" in page.inner_text(f"#{guide} .dpup-guide__copied")
        text = page.evaluate("navigator.clipboard.readText()")
        assert text.startswith(DATA.tools[guide].title + "\n")
        assert f"version {DATA.versions[0].version}" in text
        assert re.search(r"Answered on \d{1,2} [A-Z][a-z]+ \d{4}", text)
        for question, label in asked:
            assert f". {' '.join(question.split())}\n   Answer: {label}\n" in text
        assert f"Outcome: {outcome.title} (" in text
        assert "What the law says:" in text and "What the policy says:" in text
        assert f"See these answers again: {server}tools/{guide}/?{guide}=" + ".".join(steps) in text

        page.evaluate("window.dpupTools.printHtml = html => { window.printed = html; }")
        page.click(f"#{guide} [data-action=print]")
        printed = page.evaluate("window.printed")
        assert printed.startswith("<!doctype html>") and 'lang="en-NZ"' in printed
        for _question, label in asked:
            assert f"<strong>Answer: {label}</strong>" in printed.replace("&#39;", "'")
        assert f"<h2>Outcome: {outcome.title}</h2>".replace("'", "&#39;") in printed
    finally:
        context.close()


def test_the_printed_record_is_a_page_of_its_own(page, server):
    """The real print path: the record goes into a frame of its own, so only it is printed."""
    guide = GUIDES[0]
    open_guide(page, server, guide)
    for step in path_to_an_outcome(guide)[1:]:
        choose(page, guide, step)
    page.evaluate("window.print = () => {}")
    page.click(f"#{guide} [data-action=print]")
    frame = page.wait_for_selector("iframe[title='Print preview']", state="attached")
    assert "Your answers" in frame.get_attribute("srcdoc")
