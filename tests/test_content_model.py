"""The content model stops the build on bad content, with a message naming file, line, field and fix.

Each fault breaks one thing in a temp copy of docs/ and data/ and runs the loader the build
runs (milliseconds); two full builds prove the wiring: the same message, once, stops the build.
"""

import re
import shutil
from pathlib import Path

import pytest
import yaml
import changes
from conftest import ROOT

from dpup.content import model
from dpup.content.errors import ContentError, raise_problems

PAGE = "docs/principles/he-tangata.md"


def policy_macros() -> set[str]:
    """The macros macros.py defines, as the build finds them."""
    import macros

    class Env:
        def __init__(self):
            self.names: set[str] = set()

        def macro(self, function):
            self.names.add(function.__name__)
            return function

    env = Env()
    macros.define_env(env)
    return env.names


def check(project: Path) -> str:
    """What the content model says of a project: the build's message, or "" if it is sound."""
    try:
        data = model.load_data(project / "data")
        content = model.ContentModel(data=data)
        docs = project / "docs"
        sources = [(p.relative_to(docs).as_posix(), p.read_bytes()) for p in docs.rglob("*.md")]
        nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["nav"]
        raise_problems(model.load_pages(content, sources, model.nav_order(nav), policy_macros()))
    except ContentError as error:
        return str(error)
    return ""


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of docs/ and data/ to break."""
    for part in ("docs", "data"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


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
        ["field 'summary': required field is missing", "field 'description': unknown field"],
    ),
    "wrong type": (
        lambda p: replace(p, PAGE, "reviewed: 2026-11-30", "reviewed: last spring"),
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
    # The contributor's loop (issue 14): each mistake named where it is, once, with the fix.
    "unclosed quote": (
        lambda p: replace(p, PAGE, "title: He Tāngata\n", 'title: "He Tāngata\n'),
        [f"{PAGE}:2:", "a quotation mark opened on this line is never closed"],
    ),
    "unindented continuation": (
        lambda p: replace(p, PAGE, "audiences: [", "this line belongs to the summary\naudiences: ["),
        [f"{PAGE}:7:", "this line is not part of the field above it; indent it"],
    ),
    "duplicate key in front matter": (
        lambda p: replace(p, PAGE, "kind: principle\n", "kind: principle\nkind: protocol\n"),
        [f"{PAGE}:4: field 'kind': this field is written twice"],
    ),
    "duplicate key in a data file": (
        lambda p: replace(p, "data/audiences.yml", "    label: working at the front line\n",
                          "    label: working at the front line\n    label: at the front\n"),
        ["data/audiences.yml:", "field 'audiences.1.label': this field is written twice"],
    ),
    "a page that is not UTF-8": (
        lambda p: (p / PAGE).write_bytes((p / PAGE).read_bytes().replace("Tāngata".encode(), b"T\xe2ngata", 1)),
        [f"{PAGE}:2:", "this file is not UTF-8 text", "save it as UTF-8"],
    ),
    "a data file that is not UTF-8": (
        lambda p: (p / "data/glossary.yml").write_bytes((p / "data/glossary.yml").read_bytes().replace("ā".encode(), b"\xe2", 1)),
        ["data/glossary.yml:", "this file is not UTF-8 text"],
    ),
    "unknown law id in a macro": (
        lambda p: replace(p, PAGE, '{{ law("privacy-act-2020/ipp-1") }}', '{{ law("privacy-act-2020/ipp-99") }}'),
        [f"{PAGE}:", "law(\"privacy-act-2020/ipp-99\"): 'privacy-act-2020/ipp-99' is not in data/laws.yml"],
    ),
    "Jinja beyond a macro call, in plain words": (
        lambda p: replace(p, PAGE, '{{ law("privacy-act-2020/ipp-1") }}', "{{ config.site_name }}"),
        [f"{PAGE}:", "reading part of a value (x.y or x[y]) is not allowed here", "{% raw %}"],
    ),
}


def test_the_project_itself_is_sound(project):
    assert check(project) == ""


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_bad_content_is_named_with_file_line_field_and_fix(project, fault):
    change, expected = FAULTS[fault]
    change(project)
    output = check(project)
    assert output, f"the content model accepted: {fault}"
    for text in expected:
        assert text in output, f"{fault}: expected {text!r} in:\n{output}"
        assert text.endswith(":") or output.count(text) == 1, f"{fault}: {text!r} more than once in:\n{output}"
    assert "Getattr" not in output and "Traceback" not in output


@pytest.mark.parametrize("fault", ["unknown audience", "malformed data file"])
def test_bad_content_stops_the_build_with_the_same_message_once(build_copy, fault):
    change, expected = FAULTS[fault]
    result, _, _ = build_copy(change)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed despite: {fault}"
    for text in expected:
        assert output.count(text) == 1, f"{fault}: expected {text!r} once in:\n{output[-3000:]}"
    assert "Traceback" not in output


def test_jinja_is_evaluated_only_where_a_page_opts_in(changed_copy):
    """Macros are opt-in (render_by_default: false). A page without `render_macros: true` shows
    Jinja syntax as written; a page with it wraps literal Jinja in {% raw %} (CONTRIBUTING.md).
    tests/changes.py, add_a_page_with_literal_jinja."""
    result, site = changed_copy
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("example", "glossary"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert changes.LITERAL_JINJA in html.replace("&#123;", "{").replace("&#125;", "}")


# CONTRIBUTING.md's "When the build fails" shows these messages, in this order, word for word.
CONTRIBUTING_EXAMPLES = ["unknown audience", "unclosed quote", "unknown law id in a macro"]


def test_contributing_shows_real_build_messages(tmp_path):
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## When the build fails"):]
    section = section[:section.index("\n## ", 3)]
    shown = re.findall(r"```text\n(.*?)```", section, re.DOTALL)
    assert len(shown) == len(CONTRIBUTING_EXAMPLES)
    for fault, message in zip(CONTRIBUTING_EXAMPLES, shown):
        project = tmp_path / fault.replace(" ", "-")
        for part in ("docs", "data"):
            shutil.copytree(ROOT / part, project / part)
        FAULTS[fault][0](project)
        assert check(project) == message.strip(), f"CONTRIBUTING.md's example of '{fault}' is out of date"
