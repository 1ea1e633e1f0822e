"""One changed copy of the small fixture project (tests/fixtures/project/), shared: the edits several
tests make to prove that a change in one place shows everywhere. They touch different things, so
one build (not one each) serves them all, shared by the workers as the site is. What they prove is
the engine's (a block in its view, a summary at a glance, a mapping on the law page), so the
fixture's pages serve as well as the policy's, and build in seconds rather than a minute.

Each edit is a function of the copy's folder; `changed_fixture` in tests/conftest.py applies them all.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import replace_once

BLOCK_MARKER = "Kia ora from the one source of truth."
NEW_SUMMARY = "Put people first, always. Ask how your work helps people."
PAGE = "docs/principles/he-tangata.md"  # for frontline workers and leaders
OTHER_PRINCIPLE = "principles/kaitiakitanga.md"  # left as it is


def edit_a_frontline_block(project: Path) -> None:
    """tests/test_audiences.py: a word in He Tāngata's block for frontline workers."""
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    assert "Before you ask a question," in text
    page.write_text(
        text.replace("Before you ask a question,", BLOCK_MARKER + " Before you ask a question,", 1), encoding="utf-8"
    )


def put_a_review_date_in_the_past(project: Path) -> None:
    """tests/test_build.py: He Tāngata was due for review on 31 January 2026."""
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    assert re.search(r"reviewed: \d{4}-\d\d-\d\d\n", text)
    page.write_text(
        re.sub(r"(reviewed: \d{4}-\d\d-\d\d\n)", r"\1review_by: 2026-01-31\n", text, count=1), encoding="utf-8"
    )


def change_a_summary(project: Path) -> None:
    """tests/test_summaries.py: He Tāngata's summary, which at a glance repeats."""
    page = project / PAGE
    page.write_text(
        re.sub(r"summary: >-\n(  .*\n)+", f"summary: {NEW_SUMMARY}\n", page.read_text(encoding="utf-8"), count=1),
        encoding="utf-8",
    )


MOVED_IPP = "IPP 11"


def move_ipp11(project: Path) -> None:
    """tests/test_law.py: IPP 11 applied by He Tāngata instead of Kaitiakitanga, and by no protocol
    (the fixture has one) instead of Purpose matters."""
    laws = project / "data/laws.yml"
    text = laws.read_text(encoding="utf-8")
    start = text.index("      - id: ipp-11\n")
    end = text.index("      - id: part-4\n")
    block = text[start:end]
    mapping = "        principles: [kaitiakitanga]\n        protocols: [purpose-matters]\n"
    assert mapping in block
    laws.write_text(
        text[:start] + block.replace(mapping, "        principles: [he-tangata]\n") + text[end:], encoding="utf-8"
    )


LITERAL_JINJA = "{{ not_a_macro }} {% if x %}"


def add_a_page_with_literal_jinja(project: Path) -> None:
    """tests/test_content_model.py: Jinja as written on a page without macros (a new page in the
    nav), and inside {% raw %} on a page with them (the glossary)."""
    (project / "docs/example.md").write_text(
        "---\ntitle: Example\nkind: reference\nsummary: This page shows a code block.\naudiences: []\n---\n\n"
        f"```\n{LITERAL_JINJA}\n```\n",
        encoding="utf-8",
    )
    for rel, old, new in (
        (
            "docs/glossary.md",
            "## Policy terms",
            f"{{% raw %}}\n```\n{LITERAL_JINJA}\n```\n{{% endraw %}}\n\n## Policy terms",
        ),
        ("mkdocs.yml", "      - glossary.md\n", "      - glossary.md\n      - example.md\n"),
    ):
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not found in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


# tests/test_history.py: consultations in every state on the build date (today, in this build),
# with markup in their text that must come out as text.
OPEN_TITLE = "Draft guides <img src=x onerror=alert(77)>"
OPEN_ASKING = "Are the guides clear? <script>alert(78)</script>"
OPEN_PAGE = "docs/guides/consent.md"  # one of the guides/ the consultation covers
CLOSED_PAGE, UPCOMING_PAGE = "docs/about/index.md", "docs/principles/index.md"
HEARD_PAGE = "docs/about/what-we-heard-example.md"
HEARD_THEME = "Sharing with whānau"


def put_drafts_out_for_consultation(project: Path) -> None:
    """The guides open until 2099 (mkdocs.yml), the About page closed in 2001, the principles'
    overview opening in 2098."""
    replace_once(
        project / "mkdocs.yml",
        "\n  consultations: []\n",
        (
            "\n  consultations:\n"
            f"    - title: '{OPEN_TITLE}'\n      opens: 2026-01-01\n      closes: 2099-12-31\n"
            f"      asking: '{OPEN_ASKING}'\n      pages: [guides/]\n"
        ),
    )
    for page, opens, closes in ((CLOSED_PAGE, "2001-01-01", "2001-02-01"), (UPCOMING_PAGE, "2098-01-01", "2098-03-01")):
        path = project / page
        text = path.read_text(encoding="utf-8")
        assert "\nkind: " in text
        path.write_text(
            text.replace(
                "\nkind: ",
                (
                    f"\nconsultation:\n  title: The draft page\n  opens: {opens}\n  closes: {closes}\n"
                    "  asking: Is it clear?\n  email: feedback@example.org\nkind: "
                ),
                1,
            ),
            encoding="utf-8",
        )


def add_a_what_we_heard_page(project: Path) -> None:
    """A page of kind 'heard', in the nav under About."""
    (project / HEARD_PAGE).write_text(
        "---\ntitle: What we heard on the draft guides\nkind: heard\n"
        "summary: People told us what they think of the draft guides. Here is what we changed.\naudiences: []\n"
        "heard:\n  consultation: the draft guides\n  closed: 2026-10-31\n  responses: 12\n  themes:\n"
        f"    - theme: {HEARD_THEME}\n      heard: People want to know when we tell whānau.\n"
        "      changed: The guide now says when not to tell whānau.\n---\n\n"
        "We asked people what they think of the draft guides.\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      - about/index.md\n" in text
    config.write_text(
        text.replace("      - about/index.md\n", "      - about/index.md\n      - about/what-we-heard-example.md\n", 1),
        encoding="utf-8",
    )


FEEDBACK_EMAIL = "feedback@example.org"


def set_a_feedback_address(project: Path) -> None:
    """tests/test_feedback.py: the publisher sets an address for "Was this page helpful?"."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n    official_url: " in text
    added = f"\n    feedback_email: {FEEDBACK_EMAIL}\n    official_url: "
    config.write_text(text.replace("\n    official_url: ", added, 1), encoding="utf-8")


ALL = [
    edit_a_frontline_block,
    put_a_review_date_in_the_past,
    change_a_summary,
    move_ipp11,
    add_a_page_with_literal_jinja,
    put_drafts_out_for_consultation,
    add_a_what_we_heard_page,
    set_a_feedback_address,
]
