"""The content model stops the build on bad content, with a message naming file, line, field and fix.

Each test breaks one thing in a temp copy of the project and builds it.
"""

from pathlib import Path

import pytest

PAGE = "docs/principles/he-tangata.md"


def replace(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


FAULTS = {
    "unknown key": (
        lambda p: replace(p, PAGE, "kind: principle\n", "kind: principle\ncolour: green\n"),
        [f"{PAGE}:4: field 'colour': unknown field"],
    ),
    "unknown audience": (
        lambda p: replace(p, PAGE, "audiences: [service-users,", "audiences: [servce-users,"),
        [f"{PAGE}:7: field 'audiences'", "unknown id 'servce-users'", "allowed: service-users, frontline"],
    ),
    "unknown principle": (
        lambda p: replace(p, PAGE, "principles: [he-tangata]", "principles: [he-tanagata]"),
        [f"{PAGE}:8: field 'principles'", "unknown id 'he-tanagata'"],
    ),
    "unknown law": (
        lambda p: replace(p, PAGE, "privacy-act-2020/ipp-10,", "privacy-act-2020/ipp-14,"),
        [f"{PAGE}:9: field 'laws'", "unknown id 'privacy-act-2020/ipp-14'"],
    ),
    "missing summary": (
        lambda p: replace(p, PAGE, "summary: >-\n", "description: >-\n"),
        [f"field 'summary': required field is missing", "field 'description': unknown field"],
    ),
    "wrong type": (
        lambda p: replace(p, PAGE, "reviewed: 2026-11-20", "reviewed: last spring"),
        [f"{PAGE}:10: field 'reviewed'", "valid date"],
    ),
    "unknown kind": (
        lambda p: replace(p, PAGE, "kind: principle", "kind: principal"),
        [f"{PAGE}:3: field 'kind'", "got 'principal'", "'principle'"],
    ),
    "malformed front matter": (
        lambda p: replace(p, PAGE, "audiences: [service-users,", "audiences: [service-users,,:"),
        [PAGE, "malformed YAML"],
    ),
    "malformed data file": (
        lambda p: replace(p, "data/glossary.yml", "  - id: iwi\n", "  - id: iwi\n   term: : [\n"),
        ["data/glossary.yml:", "malformed YAML"],
    ),
    "bad data entry": (
        lambda p: replace(p, "data/audiences.yml", "    icon: material/badge-account\n", ""),
        ["data/audiences.yml:", "field 'audiences.1.icon': required field is missing"],
    ),
    "yes read as a boolean": (
        lambda p: replace(p, "data/audiences.yml", "    label: working at the front line\n", "    label: Yes\n"),
        ["data/audiences.yml:", "field 'audiences.1.label': YAML read this as True", 'quotes, e.g. "Yes"'],
    ),
    "no front matter": (
        lambda p: (p / "docs/principles/extra.md").write_text("Some text without front matter.\n"),
        ["docs/principles/extra.md:1:", "no front matter"],
    ),
    "title as a heading": (
        lambda p: replace(p, PAGE, "## What the kupu means", "# What the kupu means"),
        [f"{PAGE}:", "field 'title'", "use '##'"],
    ),
    "macros without opt-in": (
        lambda p: replace(p, PAGE, "render_macros: true\n", ""),
        [f"{PAGE}:", "field 'render_macros'", "add 'render_macros: true'"],
    ),
    "undefined macro": (
        lambda p: replace(p, PAGE, '{{ principle_card("he-tangata") }}', "{{ principle_crad('he-tangata') }}"),
        ["docs/principles/he-tangata.md:", "'principle_crad' is not one of the policy's macros"],
    ),
    "unknown audience block": (
        lambda p: replace(p, PAGE, '{% call for_audience("analysts") %}', '{% call for_audience("analyst") %}'),
        [f"{PAGE}:", "field 'for_audience'", "unknown audience 'analyst'"],
    ),
    "audience without a block": (
        lambda p: replace(p, PAGE, '{% call for_audience("analysts") %}', '{% call for_audience("designers") %}'),
        [f"{PAGE}: field 'audiences'", "lists 'analysts' but has no block for it"],
    ),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_bad_content_stops_the_build_with_a_clear_message(build_copy, fault):
    change, expected = FAULTS[fault]
    result, _, _ = build_copy(change)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed despite: {fault}"
    for text in expected:
        assert text in output, f"{fault}: expected {text!r} in:\n{output[-3000:]}"


def test_jinja_is_evaluated_only_where_a_page_opts_in(build_copy):
    """Macros are opt-in (render_by_default: false). A page without `render_macros: true` shows
    Jinja syntax as written; a page with it wraps literal Jinja in {% raw %} (CONTRIBUTING.md)."""
    literal = "{{ not_a_macro }} {% if x %}"

    def add_pages(p: Path):
        (p / "docs/example.md").write_text(
            "---\ntitle: Example\nkind: reference\nsummary: This page shows a code block.\naudiences: []\n---\n\n"
            f"```\n{literal}\n```\n", encoding="utf-8")
        replace(p, "docs/glossary.md", "## Policy terms",
                f"{{% raw %}}\n```\n{literal}\n```\n{{% endraw %}}\n\n## Policy terms")
        replace(p, "mkdocs.yml", "      - glossary.md\n", "      - glossary.md\n      - example.md\n")

    result, site, _ = build_copy(add_pages)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("example", "glossary"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "{{ not_a_macro }} {% if x %}" in html.replace("&#123;", "{").replace("&#125;", "}")
