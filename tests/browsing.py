"""Driving the built site in a browser: a local server, search, and each tool in its used state.

Shared by the accessibility and privacy tests, so both check the same interactive states.
Tools are used through the DOM (click(), change events) rather than one keystroke at a time:
tests/test_tools.py covers the keyboard; here speed matters, as every state is checked twice.
"""

from __future__ import annotations

from conftest import ROOT, wait_until
from dpup.content import model
from dpup.content import tool_schema as ts

# Every page of docs/tools/ but its index, and every decision guide in data/tools/: a new tool or
# guide gets every test that loops over these without a test to change.
TOOLS = sorted(p.stem for p in (ROOT / "docs" / "tools").glob("*.md") if p.name != "index.md")
GUIDES = sorted(k for k, tool in model.load_data(ROOT / "data").tools.items() if isinstance(tool, ts.DecisionGuide))


def search(page, query: str = "consent") -> int:
    """Open Material's search box, type a query, and return how many results it shows."""
    page.click(".md-search__input")  # the desktop layout shows the box itself
    page.keyboard.type(query, delay=20)  # key by key, as Material searches on each key
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return page.locator(".md-search-result__item").count()


# Each tool, from its page's first state to the state a reader reaches by using it.
_USE = {
    "guide": """root => {
        for (let i = 0; i < 30 && !root.querySelector('.dpup-guide__outcome.dpup-guide__step--current'); i++)
            root.querySelector('.dpup-guide__step--current a[data-next]').click();
        return !!root.querySelector('.dpup-guide__outcome.dpup-guide__step--current');
    }""",
    "builder": """root => {
        root.querySelectorAll('input[type=text], textarea').forEach(f => { f.value = 'Sample answer'; });
        root.querySelectorAll('input[type=checkbox]').forEach(f => { f.checked = true; });
        root.querySelector('form').requestSubmit();
        return !root.querySelector('.dpup-builder__results').hidden;
    }""",
    "checklist": """root => {
        root.querySelectorAll('input[type=checkbox]').forEach(box => box.click());
        return root.querySelectorAll('input:checked').length > 0;
    }""",
    "quiz": """root => {
        root.querySelectorAll('.dpup-quiz__question').forEach(q => {
            q.querySelector('input[type=radio]').click();
            q.querySelector('[data-action=check]').click();
        });
        return root.querySelectorAll('[data-result]').length > 0;
    }""",
}


def use_tools(page) -> int:
    """Use every tool on the current page; returns how many it used (each must reach its end state)."""
    page.wait_for_load_state("load")
    used = 0
    for kind in _USE:
        for root in page.query_selector_all(f"[data-dpup-{kind}]"):
            wait_until(page, "root => root.dataset.dpupReady", root)
            assert root.evaluate(_USE[kind]), f"could not use the {kind} {root.get_attribute('id')}"
            used += 1
    return used
