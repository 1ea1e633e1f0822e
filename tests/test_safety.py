"""Safe contributed content: pages cannot carry scripts, and their Jinja can only call our macros."""

from pathlib import Path

import pytest
from dpup.safety import jinja_problems, unsafe_html_problems

MACROS = {"law", "term", "for_audience", "summary"}


@pytest.mark.parametrize("markdown, found", [
    ('Hello <script>alert(1)</script>', "raw <script>"),
    ('<iframe src="https://example.com"></iframe>', "raw <iframe>"),
    ('<object data="x.swf"></object>', "raw <object>"),
    ('<img src="x.png" onerror="alert(1)">', "inline event handlers (onerror=…)"),
    ('<a href="#" onClick="steal()">x</a>', "inline event handlers (onclick=…)"),
    ('[Click](javascript:alert(1))', "javascript: URLs"),
    ('<a href="JavaScript:void(0)">x</a>', "javascript: URLs"),
])
def test_unsafe_html_is_refused_with_its_line(markdown, found):
    problems = unsafe_html_problems("docs/x.md", "Intro.\n\n" + markdown, first_line=10)
    assert problems and found in problems[0].message
    assert problems[0].line == 12 and problems[0].file == "docs/x.md"


def test_safe_html_and_code_examples_pass():
    text = ('<div class="grid" markdown>ok</div>\n\nShow `<script>` in inline code, and '
            '[a link](https://example.com) with an <abbr title="x">abbr</abbr>. Event handlers on buttons.')
    assert unsafe_html_problems("docs/x.md", text, 1) == []


@pytest.mark.parametrize("jinja, found", [
    ("{{ config.site_dir }}", "'Getattr' is not allowed"),
    ("{{ ''.__class__.__mro__ }}", "'Getattr' is not allowed"),
    ("{% include '../../etc/passwd' %}", "'Include' is not allowed"),
    ("{% import 'x.html' as x %}", "'Import' is not allowed"),
    ("{{ macros_info() }}", "'macros_info' is not one of the policy's macros"),
    ("{{ environment }}", "'environment' is not one of the policy's macros"),
    ("{{ law('x') | safe }}", "'Filter' is not allowed"),
    ("{% set x = 1 %}", "'Assign' is not allowed"),
    ("{{ law(config) }}", "'config' is not one of the policy's macros"),
])
def test_jinja_beyond_macro_calls_is_refused(jinja, found):
    problems = jinja_problems("docs/x.md", "Text.\n" + jinja + "\n", first_line=5, macros=MACROS)
    assert any(found in p.message for p in problems), [p.message for p in problems]
    assert problems[0].line == 6


def test_macro_calls_with_literals_pass():
    body = ('{{ law("privacy-act-2020/ipp-1") }} and {{ term("whānau", text="whānau") }}\n'
            '{% call for_audience("frontline") %}\nText {{ summary() }}\n{% endcall %}\n'
            "{% raw %}{{ anything.goes }}{% endraw %}\n")
    assert jinja_problems("docs/x.md", body, 1, MACROS) == []


def build_with_inserted(build_copy, text: str) -> str:
    """Build a copy with `text` put into the He Tāngata page; return what the build printed."""
    def change(project: Path):
        page = project / "docs/principles/he-tangata.md"
        page.write_text(page.read_text(encoding="utf-8").replace(
            "## What the kupu means", f"{text}\n\n## What the kupu means"))

    result, _, _ = build_copy(change)
    assert result.returncode != 0, f"the build passed with {text!r} in a page"
    return result.stdout + result.stderr


def test_a_page_with_a_script_stops_the_build(build_copy):
    out = build_with_inserted(build_copy, "<script>alert('hi')</script>")
    assert "docs/principles/he-tangata.md:" in out and "raw <script> is not allowed" in out


def test_a_page_reaching_into_python_stops_the_build(build_copy):
    out = build_with_inserted(build_copy, "{{ law.__globals__ }}")
    assert "'Getattr' is not allowed" in out
