"""The content model stops the build on bad content, with a message naming file, line, field and fix.

Each fault breaks one thing in a temp copy of docs/ and data/ and runs the loader the build
runs (milliseconds); two builds of the small fixture project (tests/engine.py) prove the wiring:
the same message, once, stops the build.
"""

import re
import shutil
from pathlib import Path

import pytest
import yaml

import changes
from conftest import ROOT, policy_macros, replace_once
from dpup.content import model, schema
from dpup.content.errors import ContentError, raise_problems

PAGE = "docs/principles/he-tangata.md"


def loaded(project: Path) -> model.ContentModel:
    """The content model of a project, loaded as the build loads it (a ContentError if unsound)."""
    content = model.ContentModel(data=model.load_data(project / "data"))
    docs = project / "docs"
    sources = [(p.relative_to(docs).as_posix(), p.read_bytes()) for p in docs.rglob("*.md")]
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["nav"]
    raise_problems(model.load_pages(content, sources, model.nav_order(nav), policy_macros()))
    return content


def check(project: Path) -> str:
    """What the content model says of a project: the build's message, or "" if it is sound."""
    try:
        loaded(project)
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
    replace_once(project / rel, old, new)


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
        lambda p: replace(
            p,
            "data/audiences.yml",
            "    label: working at the front line\n",
            "    label: working at the front line\n    label: at the front\n",
        ),
        ["data/audiences.yml:", "field 'audiences.1.label': this field is written twice"],
    ),
    "a page that is not UTF-8": (
        lambda p: (p / PAGE).write_bytes((p / PAGE).read_bytes().replace("Tāngata".encode(), b"T\xe2ngata", 1)),
        [f"{PAGE}:2:", "this file is not UTF-8 text", "save it as UTF-8"],
    ),
    "a data file that is not UTF-8": (
        lambda p: (p / "data/glossary.yml").write_bytes(
            (p / "data/glossary.yml").read_bytes().replace("ā".encode(), b"\xe2", 1)
        ),
        ["data/glossary.yml:", "this file is not UTF-8 text"],
    ),
    "unknown law id in a macro": (
        lambda p: replace(p, PAGE, '{{ law("privacy-act-2020/ipp-1") }}', '{{ law("privacy-act-2020/ipp-99") }}'),
        [f"{PAGE}:", "law(\"privacy-act-2020/ipp-99\"): 'privacy-act-2020/ipp-99' is not in data/laws.yml"],
    ),
    # YAML that is not plain data (issue 26): refused by the strict reader, where it is written.
    "a tag hiding Jinja in a title": (
        lambda p: replace(p, PAGE, "title: He Tāngata\n", "title: !!binary e3sgY29uZmlnIH19\n"),
        [f"{PAGE}:2: field 'title': the YAML tag '!!binary' is not allowed"],
    ),
    "a custom tag in front matter": (
        lambda p: replace(p, PAGE, "kind: principle\n", "kind: !principle principle\n"),
        [f"{PAGE}:3: field 'kind': the YAML tag '!principle' is not allowed"],
    ),
    "a command tag in a data file": (
        lambda p: replace(
            p,
            "data/audiences.yml",
            "    label: working at the front line\n",
            "    label: !!python/object/apply:os.system ['touch CANARY']\n",
        ),
        ["data/audiences.yml:", "field 'audiences.1.label': the YAML tag '!!python/object/apply:os.system'"],
    ),
    "aliases in data/search.yml": (
        lambda p: replace(
            p, "data/search.yml", "synonyms:\n", "synonyms:\n  - &a [x, x, x]\n  - &b [*a, *a, *a]\n  - [*b, *b, *b]\n"
        ),
        [
            "data/search.yml:9: field 'synonyms.0': the YAML anchor '&a' is not allowed",
            "data/search.yml:11: field 'synonyms.2.0': the YAML alias '*b' is not allowed",
        ],
    ),
    "aliases in a page's changes": (
        lambda p: replace(
            p,
            PAGE,
            "reviewed: 2026-11-30\n",
            "reviewed: 2026-11-30\nchanges:\n"
            "  - &e {version: '1.0', date: 2026-11-30, what: First published.}\n  - *e\n",
        ),
        [f"{PAGE}:12: field 'changes.0': the YAML anchor '&e'", f"{PAGE}:13: field 'changes.1': the YAML alias '*e'"],
    ),
    "a merge key in a data file": (
        lambda p: replace(
            p,
            "data/audiences.yml",
            "    label: working at the front line\n",
            "    label: working at the front line\n    <<: {summary: Copied.}\n",
        ),
        ["data/audiences.yml:", "field 'audiences.1.<<': a bare '<<' is YAML's merge key"],
    ),
    "a date that is no date": (
        lambda p: replace(p, PAGE, "reviewed: 2026-11-30", "reviewed: 2026-11-31"),
        [f"{PAGE}:10: field 'reviewed': YAML reads '2026-11-31' as a date, but it is not one"],
    ),
    "an email with more than an address": (
        lambda p: replace(
            p,
            PAGE,
            "reviewed: 2026-11-30\n",
            "reviewed: 2026-11-30\nconsultation:\n"
            "  title: Draft principle\n  opens: 2027-03-01\n  closes: 2027-04-30\n"
            "  asking: Is it clear?\n  email: feedback@example.org?bcc=stranger@evil.example\n",
        ),
        [
            f"{PAGE}:16: field 'consultation.email': got 'feedback@example.org?bcc=stranger@evil.example'; "
            "write a plain email address"
        ],
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


@pytest.mark.parametrize(
    "email",
    [
        "feedback@example.org?bcc=stranger@evil.example",
        "feedback@example.org&cc=x@evil.example",
        "a@example.org,b@evil.example",
        "a@example.org;b@evil.example",
        "a b@example.org",
        '"a"@example.org',
        "feedback@example.org\n",
        "feedback@localhost",
        "feedback@-example.org",
        "<feedback@example.org>",
        "feedback@example.org?subject=x",
        "feedback=x@example.org",
        # What the old pattern let through: a second address percent-encoded, a query ending like a domain.
        "feedback@example.org?bcc=stranger%40evil.example",
        "a@example.org,b%40evil.example",
        "feedback@example.org?subject=x.org",
        "feedback@evil.example;.org",
        "a&b@example.org",
    ],
)
def test_a_consultation_email_is_a_plain_address(email):
    from pydantic import ValidationError

    from dpup.content import schema

    fields = {"title": "Draft", "opens": "2027-03-01", "closes": "2027-04-30", "asking": "Is it clear?"}
    assert schema.Consultation(**fields, email="privacy.team+nz@mail.example.govt.nz").email
    with pytest.raises(ValidationError):
        schema.Consultation(**fields, email=email)


def test_the_mailto_link_puts_the_address_percent_encoded_before_its_only_query():
    from urllib.parse import parse_qs, urlsplit

    from dpup.content import schema
    from dpup.history import consultation

    draft = schema.Consultation(
        title="Draft", opens="2027-03-01", closes="2027-04-30", asking="Is it clear?", email="a%b+c@example.org"
    )
    url = consultation.feedback_url(draft, None, page="P", page_url="u", section="S", version="1.1")
    parts = urlsplit(url)
    assert (parts.scheme, parts.path) == ("mailto", "a%25b%2Bc@example.org")
    assert set(parse_qs(parts.query)) == {"subject", "body"}


# Two of FAULTS, made in the small fixture project (tests/fixtures/project/), whose he-tangata.md and
# glossary.yml have other words: the build must stop on each with its message, once.
BUILD_FAULTS = {
    "unknown audience": (
        lambda p: replace(p, PAGE, "audiences: [frontline,", "audiences: [frontlne,"),
        [f"{PAGE}:7: field 'audiences'", "unknown id 'frontlne'", "allowed: service-users, frontline"],
    ),
    "malformed data file": (
        lambda p: replace(p, "data/glossary.yml", "  - id: kaimahi\n", "  - id: kaimahi\n   term: : [\n"),
        ["data/glossary.yml:", "malformed YAML"],
    ),
}


@pytest.mark.parametrize("fault", BUILD_FAULTS)
def test_bad_content_stops_the_build_with_the_same_message_once(build_fixture, fault):
    change, expected = BUILD_FAULTS[fault]
    result, _, _ = build_fixture(change)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed despite: {fault}"
    for text in expected:
        assert output.count(text) == 1, f"{fault}: expected {text!r} once in:\n{output[-3000:]}"
    assert "Traceback" not in output


def test_jinja_is_evaluated_only_where_a_page_opts_in(changed_fixture):
    """Macros are opt-in (render_by_default: false). A page without `render_macros: true` shows
    Jinja syntax as written; a page with it wraps literal Jinja in {% raw %} (CONTRIBUTING.md).
    tests/changes.py, add_a_page_with_literal_jinja."""
    result, site = changed_fixture
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("example", "glossary"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert changes.LITERAL_JINJA in html.replace("&#123;", "{").replace("&#125;", "}")


# CONTRIBUTING.md's "When the build fails" shows these messages, in this order, word for word.
CONTRIBUTING_EXAMPLES = ["unknown audience", "unclosed quote", "unknown law id in a macro"]


def test_contributing_shows_real_build_messages(tmp_path):
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## When the build fails") :]
    section = section[: section.index("\n## ", 3)]
    shown = re.findall(r"```text\n(.*?)```", section, re.DOTALL)
    assert len(shown) == len(CONTRIBUTING_EXAMPLES)
    for fault, message in zip(CONTRIBUTING_EXAMPLES, shown):
        project = tmp_path / fault.replace(" ", "-")
        for part in ("docs", "data"):
            shutil.copytree(ROOT / part, project / part)
        FAULTS[fault][0](project)
        assert check(project) == message.strip(), f"CONTRIBUTING.md's example of '{fault}' is out of date"


# --- the kinds of page, defined once (dpup/content/page_kinds.py) ------------------------------


def test_contributing_lists_exactly_the_kinds_a_contributor_writes():
    from dpup.content import page_kinds

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("### Kinds of page") :]
    section = section[: section.index("\n#", 3)]
    listed = re.findall(r"^- `([a-z-]+)`: (.+)$", section, re.MULTILINE)
    assert listed == [(kind.name, kind.description) for kind in page_kinds.WRITTEN], (
        "CONTRIBUTING.md's 'Kinds of page' differs from hooks/dpup/content/page_kinds.py: copy its lines there"
    )
    assert 'kind: protocol                  # required: what the page is; see "Kinds of page" below' in text


def _contributing_section(heading: str) -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    return section[: section.index("\n## ", 3)]


def test_contributing_shows_every_front_matter_field():
    """A new field in schema.FrontMatter is explained to contributors ("Adding a front-matter field")."""
    example = _contributing_section("## Front matter").split("```yaml\n---\n")[1].split("---\n```")[0]
    shown = re.findall(r"^([a-z_]+):", example, re.MULTILINE)
    assert sorted(shown) == sorted(schema.FrontMatter.model_fields), (
        "CONTRIBUTING.md's front matter example differs from schema.FrontMatter: add or remove the field there"
    )


def test_contributing_lists_exactly_the_macros():
    """A new macro gets its row in CONTRIBUTING.md's table ("Adding a macro")."""
    from dpup.pages.macros import MACROS

    table = [line for line in _contributing_section("## Macros").splitlines() if line.startswith("| `{{")]
    shown = {name for line in table for name in re.findall(r"\{\{ ([a-z_]+)\(", line.split(" | ")[0])}
    assert shown == set(MACROS), (
        f"CONTRIBUTING.md's macro table: add {sorted(set(MACROS) - shown)}, remove {sorted(shown - set(MACROS))}"
    )


def test_an_unknown_kind_names_every_kind_allowed(project):
    from dpup.content import page_kinds

    replace(project, PAGE, "kind: principle", "kind: principal")
    *kinds, last = page_kinds.NAMES
    assert f"{PAGE}:3: field 'kind': got 'principal'; allowed: {', '.join(map(repr, kinds))} or {last!r}." in check(
        project
    )


def test_the_policy_at_a_glance_has_a_heading_for_each_kind_the_table_gives_one(project):
    from dpup.content import page_kinds
    from dpup.pages import views

    headings = re.findall(r"^## (.+)$", views.at_a_glance(loaded(project)), re.MULTILINE)
    assert headings == list(page_kinds.HEADINGS.values()) == ["Principles", "Protocols", "Guides", "Tools"]
    assert set(page_kinds.REPORTED) == set(page_kinds.NAMES) - {"view"}


# --- bounded work: input whose cost grows faster than its size (issue 26, class 6) -----------


@pytest.mark.parametrize(
    "costly, found",
    [
        ("[" * 20_000, "at most 10,000 are allowed between blank lines"),
        ("[" * 150, "at most 100 are allowed in one paragraph"),
        ("![" * 120, "at most 100 are allowed in one paragraph"),
        ("<a " * 150, "at most 100 are allowed in one paragraph"),
        ("".join("  " * i + "- item\n" for i in range(600)), "indented or quoted too deeply"),
        ("".join(">" * i + " quote\n" for i in range(1, 40)), "indented or quoted too deeply"),
        ('{{ law("privacy-act-2020") }}\n\n' * 3000, "Jinja tags"),
        # Red team: one abbreviation with a long title, repeated 60,000 times, made a 541 MB page.
        ("*[xq]: " + "T" * 9000 + "\n\n" + "xq " * 1000, "abbreviation's title is 9000 characters long"),
        ("Text with a control character\x01 in it.", "invisible character (U+0001)"),
        # Red team 5: a number shown backwards ("0800 123 456" as written "654 321 0080"), a
        # zero-width space, and a noncharacter that crashed the Word step with a traceback.
        ("Call \u202e654 321 0080\u202c if you need help.", "invisible character (U+202E)"),
        ("Call\u2066 us\u2069 now.", "invisible character (U+2066)"),
        ("con\u200bsent", "invisible character (U+200B)"),
        ("Use this\uffff template.", "invisible character (U+FFFF)"),
        ("Use this\ufdd0 template.", "invisible character (U+FDD0)"),
        # Red team 6: the same characters written as references.
        ("Call 0800 &#x202E;654 321&#x202C; now.", "'&#x202E;' writes an invisible character (U+202E)"),
        ("con&ZeroWidthSpace;sent", "'&ZeroWidthSpace;' writes an invisible character (U+200B)"),
        ("a&#1;b", "'&#1;' writes an invisible character (U+0001)"),
    ],
)
def test_costly_markdown_is_refused_by_its_size_before_parsing(project, costly, found):
    """20 KB of '[' took Python-Markdown a minute and 600 nested list items overflowed its stack:
    each is refused by its size, at its line, in well under a second."""
    import time

    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    page.write_text(f"{head}\n---\n\nIntro.\n\n{costly}\n\n{body}", encoding="utf-8")
    start = time.perf_counter()
    message = check(project)
    assert time.perf_counter() - start < 5
    assert found in message, message[:500]
    assert f"{PAGE}:" in message


def test_costly_text_in_a_data_file_is_refused_too(project):
    """Data text becomes Markdown through the macros (a definition, an intro): the same limits."""
    glossary = project / "data/glossary.yml"
    data = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    data["terms"][0]["definition"] = "[" * 200 + " " + data["terms"][0]["definition"]
    glossary.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    message = check(project)
    assert "data/glossary.yml:" in message and "terms.0.definition" in message
    assert "at most 100 are allowed in one paragraph" in message


def test_every_generated_page_is_plain_markdown_that_runs_no_template(project):
    """The audience views and the other generated pages are built from the parsed model: none asks
    mkdocs-macros to render it, so nothing in them is ever evaluated as Jinja."""
    from dpup.pages import views

    pages = views.generated_pages(loaded(project))
    assert any(src.startswith("for/") for src in pages)
    for src, markdown in pages.items():
        meta = yaml.safe_load(model.split_front_matter(markdown)[0])
        assert not meta.get("render_macros"), f"{src} asks to be rendered as a template"


def test_a_summary_of_a_page_that_does_not_exist_is_named(project):
    """summary("…") names another page: one that is not there stops the build with a message,
    not a KeyError from the macro (red team, issue 26)."""
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    page.write_text(f'{head}\n---\n\n{{{{ summary("../../../etc/passwd") }}}}\n\n{body}', encoding="utf-8")
    message = check(project)
    assert "summary(\"../../../etc/passwd\"): '../../../etc/passwd' is not a page in docs/" in message


def test_a_control_character_in_a_title_is_named(project):
    """The feeds are XML, which cannot hold one: it is refused at its line, not by lxml's traceback."""
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\ntitle: ", '\ntitle: "Bad\\x01" # ', 1), encoding="utf-8")
    message = check(project)
    assert f"{PAGE}:2: field 'title': this text holds an invisible character (U+0001)" in message, message
