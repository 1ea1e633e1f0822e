"""Hostile contributions: no pull request can run code on the build machine or script in a reader's browser.

The corpus (tests/hostile.py) is placed in every kind of contributor field at once: page bodies,
titles and summaries, every data file and every tool file, of the small fixture project
(tests/fixtures/project/), built in this process (tests/engine.py). A placement must either stop
the build with a message naming its file (and line or field), or leave nothing that can run: the
test takes the named placements out and builds again until the build passes, then reads every
page of that site and opens the pages that hold a payload in Chromium, where no dialog may open
and no other host may be asked for anything. A canary file proves no Jinja reached Python.

Each layer is also tested on its own, with the others out of the way: the sandbox with the
Jinja check switched off, the Content-Security-Policy with a script put straight into a built
page. The sanitiser is the only thing between a page body and the reader, so the corpus tests it.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml

import engine
from conftest import ROOT, built_pages, mkdocs_build
from dpup.content import model, sanitise
from dpup.content.safety import jinja_problems
from dpup.local import serving
from dpup.pages.macros import PARAMETERS
from hostile import (
    BODY_ONLY_PAYLOADS,
    HTML_PAYLOADS,
    JINJA_PAYLOADS,
    REPARSED_BODY_PAYLOADS,
    REPARSED_TEXT_PAYLOADS,
    STRUCTURE_PAYLOADS,
    Mutation,
    accounted,
    executable,
    fill,
    string_fields,
)

# The project the corpus goes into: the fixture, with a page of each kind and every data and tool file.
PAGES = sorted(str(p.relative_to(engine.FIXTURE)) for p in (engine.FIXTURE / "docs").rglob("*.md"))
DATA_FILES = sorted(str(p.relative_to(engine.FIXTURE)) for p in (engine.FIXTURE / "data").rglob("*.yml"))
MACRO_PAGES = [p for p in PAGES if "render_macros: true" in (engine.FIXTURE / p).read_text(encoding="utf-8")]
PLAIN_PAGES = [p for p in PAGES if p not in MACRO_PAGES]
PAGE_PAYLOADS = HTML_PAYLOADS + BODY_ONLY_PAYLOADS


def fields_of(file: str) -> list[str]:
    """The dotted path of every text field of one of the fixture's data files."""
    return string_fields(yaml.safe_load((engine.FIXTURE / file).read_text(encoding="utf-8")))


# The fixture has fewer pages, and its data files fewer fields, than the corpus has payloads: the
# corpus is shared out over this many copies of it (rounds), so that each payload of a round has a
# body, a title, a summary and a field of each data file of its own. A field named by the build is
# taken out whole, so a payload it holds with another would leave the site with it, unchecked.
ROUNDS = max(
    math.ceil(len(PAGE_PAYLOADS) / len(PAGES)),
    *(math.ceil(len(HTML_PAYLOADS) / len(fields_of(file))) for file in DATA_FILES),
)


def share(payloads: list[str], round_: int) -> list[tuple[int, str]]:
    """One round's share of the payloads, each with its place in the whole list."""
    return [(k, payload) for k, payload in enumerate(payloads) if k % ROUNDS == round_]


def build_until_it_passes(mutation: Mutation, canary: Path, tmp: Path) -> tuple[Path, list]:
    """Build; take out every placement the build named; again, until it passes. (site, rejected)"""
    rejected = []
    for attempt in range(12):
        mutation.write()
        site = tmp / f"site-{attempt}"
        result = engine.build(mutation.project, site, DPUP_PDF="0")
        assert not list(canary.parent.glob(canary.name + "*")), "a payload ran a command during the build"
        if result.returncode == 0:
            return site, rejected
        output = result.stdout + result.stderr
        named = accounted(mutation.placements, output)
        assert named, f"the build failed, but named none of the placements:\n{output[-4000:]}"
        assert "Traceback" not in output, f"the build crashed instead of naming the problem:\n{output[-4000:]}"
        rejected += named
        print(
            f"build {attempt}: {len(named)} of {len(mutation.placements)} placements refused, such as "
            f"{next((line.strip() for line in output.splitlines() if line.startswith('  ')), '')[:200]}"
        )
        mutation.placements = [p for p in mutation.placements if p not in named]
    pytest.fail("the build still fails after taking out every placement it named")


def assert_nothing_runs(site: Path, browser, markers: list[str]) -> None:
    """No page holds anything executable; pages showing a payload open in Chromium without a dialog."""
    for path in sorted(site.rglob("*.html")):
        found = executable(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(site)} could run or load: {found}"
    shown = [p for p in built_pages(site) if any(m in p.read_text(encoding="utf-8") for m in markers)]
    # Every page was read above; in the browser, a spread of them (each kind of field shows on
    # most pages, through the nav, the audience blocks and the glossary tooltips).
    shown = shown[:: max(1, len(shown) // 16)]
    with serving(site) as base:
        context = browser.new_context()
        page = context.new_page()
        dialogs, elsewhere = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else elsewhere.append(r.url))
        for path in shown:
            url = base + path.relative_to(site).parent.as_posix() + "/"
            page.goto(url.replace("/./", "/"), wait_until="load")
            page.wait_for_timeout(50)
        page.goto(base + "?q=alert", wait_until="load")
        page.wait_for_timeout(500)
        context.close()
    assert not dialogs, f"a payload ran in the browser: {dialogs}"
    assert not elsewhere, f"a payload made the browser ask another host: {elsewhere[:5]}"


def place_structure(mutation: Mutation, canary: Path) -> list:
    """Jinja that hides in the structure around the fields, in the bodies of pages with and
    without macros (issue 26, class 1)."""
    before, n = len(mutation.placements), 7000
    for k, payload in enumerate(STRUCTURE_PAYLOADS):
        mutation.add(MACRO_PAGES[(k + 2) % len(MACRO_PAGES)], "body", fill(payload, n, canary))
        n += 1
    # A page without macros names only its first call (the fix is one line of front matter), so it
    # gets one: the block in a comment, which a view once cut out of the raw text and rendered.
    mutation.add(PLAIN_PAGES[-1], "body", fill(STRUCTURE_PAYLOADS[0], n, canary))
    return mutation.placements[before:]


def place_reparsed(mutation: Mutation) -> tuple[list, list]:
    """Text that Material reads back as HTML: in bodies, and in titles and data text (class 4)."""
    n, bodies = 8000, []
    for k, payload in enumerate(REPARSED_BODY_PAYLOADS):
        mutation.add(PAGES[(k * 3 + 1) % len(PAGES)], "body", fill(payload, n))
        bodies.append(mutation.placements[-1])
        n += 1
    texts = []
    for k, payload in enumerate(REPARSED_TEXT_PAYLOADS):
        mutation.add(PAGES[(k * 5 + 2) % len(PAGES)], "title", fill(payload, n))
        texts.append(mutation.placements[-1])
        for file in ("data/glossary.yml", "data/laws.yml", "data/contacts.yml", "data/versions.yml"):
            fields = fields_of(file)
            mutation.add(file, fields[(k * 11 + 3) % len(fields)], fill(payload, n + 1))
            texts.append(mutation.placements[-1])
        n += 2
    return bodies, texts


def markers(mutation: Mutation) -> list[str]:
    return [m.group(0) for p in mutation.placements for m in re.finditer(r"alert\(\d+\)|evil\.example/\d+", p.text)]


# --- the corpus, in every kind of field ------------------------------------------------


def place_in_pages(mutation: Mutation, round_: int) -> list:
    """Each payload of the round in a page body, a title and a summary; all of them, over the rounds,
    spread over every page."""
    before = len(mutation.placements)
    for k, payload in share(PAGE_PAYLOADS, round_):
        mutation.add(PAGES[k * len(PAGES) // len(PAGE_PAYLOADS)], "body", fill(payload, 1000 + k))
    for k, payload in share(HTML_PAYLOADS, round_):
        page = k * len(PAGES) // len(HTML_PAYLOADS)
        mutation.add(PAGES[page], "title", fill(payload, 2000 + k))
        mutation.add(PAGES[(page + 11) % len(PAGES)], "summary", fill(payload, 3000 + k))
    return mutation.placements[before:]


def place_in_data(mutation: Mutation, round_: int) -> list:
    """Each payload of the round in every data file and every tool file; all of them, over the
    rounds, spread over each file's fields."""
    before = len(mutation.placements)
    for f, file in enumerate(DATA_FILES):
        fields = fields_of(file)
        for k, payload in share(HTML_PAYLOADS, round_):
            mutation.add(file, fields[k * len(fields) // len(HTML_PAYLOADS)], fill(payload, 4000 + 100 * f + k))
    return mutation.placements[before:]


def one_each(placements: list) -> None:
    """No field holds two of these payloads (ROUNDS makes sure of it): each is named, and taken out, alone."""
    fields = [(p.file, p.where) for p in placements if p.where != "body"]
    assert len(fields) == len(set(fields)), "two payloads of a round share a field: raise ROUNDS"


def place_jinja(mutation: Mutation, canary: Path) -> list:
    """Sandbox escapes in bodies (with and without macros), titles, summaries, data and tool files."""
    before, n = len(mutation.placements), 6000
    for k, payload in enumerate(JINJA_PAYLOADS):
        targets = [
            (MACRO_PAGES[k % len(MACRO_PAGES)], "body"),
            (PLAIN_PAGES[k % len(PLAIN_PAGES)], "body"),
            (PAGES[(k + 3) % len(PAGES)], "title"),
            (PAGES[(k + 7) % len(PAGES)], "summary"),
        ]
        for file in DATA_FILES:
            fields = fields_of(file)
            targets.append((file, fields[(k * 7) % len(fields)]))
        for file, where in targets:
            mutation.add(file, where, fill(payload, n, canary))
            n += 1
    return mutation.placements[before:]


@pytest.mark.heavy
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_hostile_contributions_fail_the_build_or_run_nothing(round_, tmp_path, browser):
    """The whole corpus, in copies of the fixture project: every HTML payload in page bodies,
    titles and summaries and in every data and tool file, and, in the first round, every Jinja
    payload in each kind of field, Jinja hidden in the structure around the fields, and text that
    Material reads back as HTML. (One copy per round, so the build runs as few times as the stages
    of its checks need.)"""
    canary = tmp_path / "canary"
    mutation = Mutation(engine.fixture_project(tmp_path / "project"))
    # A payload in a help line's text raises the reading grade of every public page that shows it,
    # which the reading gate names by page, not by the payload: that gate is not this test's subject.
    config = mutation.project / "mkdocs.yml"
    config.write_text(
        re.sub(r"\n    max_body_grade:\n(      .*\n)+", "\n", config.read_text(encoding="utf-8")), encoding="utf-8"
    )
    in_pages = place_in_pages(mutation, round_)
    one_each(in_pages + place_in_data(mutation, round_))
    first = round_ == 0
    jinja = place_jinja(mutation, canary) if first else []
    structure = place_structure(mutation, canary) if first else []
    reparsed_bodies, _ = place_reparsed(mutation) if first else ([], [])
    site, rejected = build_until_it_passes(mutation, canary, tmp_path)

    kept = set(map(id, mutation.placements))
    # Raw HTML in a body is refused; only the fenced one is code, shown as written.
    bodies = [p for p in in_pages if p.where == "body" and id(p) in kept]
    assert all(p.text.startswith("```") for p in bodies), "a page body kept raw HTML: " + ", ".join(
        f"{p.file}: {p.text}" for p in bodies
    )
    assert len(rejected) >= len(share(HTML_PAYLOADS, round_))
    # Jinja is printed as written on a page without macros; refused everywhere else; never run.
    left = [p for p in jinja if id(p) in kept and not (p.where == "body" and p.file in PLAIN_PAGES)]
    assert not left, "Jinja was accepted in: " + ", ".join(f"{p.file} {p.where}" for p in left)
    # Markup that Material would read back as HTML is refused wherever it is written.
    left = [p for p in reparsed_bodies if id(p) in kept]
    assert not left, "markup in a title or heading was accepted: " + ", ".join(f"{p.file}: {p.text}" for p in left)
    # What the structure hid is text at most: no audience view holds any of it, as text or block.
    views = "".join(p.read_text(encoding="utf-8") for p in sorted((site / "for").rglob("index.html")))
    hidden = [
        m.group(0)
        for p in structure
        if id(p) in kept
        for m in [re.search(rf"{re.escape(str(canary))}-\d+", p.text)]
        if m
    ]
    copied = [marker for marker in hidden if marker in views]
    assert not copied, "an audience view copied Jinja out of a page's text: " + ", ".join(copied)
    assert_nothing_runs(site, browser, markers(mutation))


# --- each layer on its own ----------------------------------------------------------------


@pytest.mark.parametrize("payload", [JINJA_PAYLOADS[0], "{{ law.__globals__['os'].popen('touch CANARY-{n}') }}"])
def test_the_sandbox_holds_even_without_the_jinja_check(tmp_path, payload):
    """With the page Jinja check switched off, the sandbox alone still stops a payload: the
    page sees only the macros, and no attribute of a macro leads to Python's internals."""
    canary = tmp_path / "canary"
    project = engine.fixture_project(tmp_path / "project")  # built in a subprocess: it changes dpup itself
    safety_py = project / "hooks/dpup/content/safety.py"
    text = safety_py.read_text(encoding="utf-8")
    check = "return (None if problems else Parsed(tuple(pieces))), problems"
    assert check in text
    safety_py.write_text(text.replace(check, "return Parsed(tuple(pieces)), []"), encoding="utf-8")
    page = project / MACRO_PAGES[0]
    head, _, body = page.read_text(encoding="utf-8").partition("\n---\n")
    page.write_text(f"{head}\n---\n\n{fill(payload, 1, canary)}\n\n{body}", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", DPUP_PDF="0", DPUP_STOCK_SEARCH="1")
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the sandbox let the page run"
    assert not list(tmp_path.glob("canary*")), "a payload ran a command during the build"
    assert "is undefined" in output or "SecurityError" in output or "unsafe" in output, output[-2000:]


def test_the_csp_stops_a_script_that_got_into_a_page(site, browser, tmp_path):
    """Were a script to get past every other layer, the page's policy refuses to run it."""
    home = (site / "index.html").read_text(encoding="utf-8")
    probe = tmp_path / "probe"
    probe.mkdir()
    (probe / "index.html").write_text(
        home.replace(
            "</body>",
            '<script>window.pwned = 1</script><img src="x.png" onerror="window.pwned = 2">'
            '<svg onload="window.pwned = 3"></svg></body>',
        ),
        encoding="utf-8",
    )
    with serving(probe) as base:
        page = browser.new_page()
        violations = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(base, wait_until="load")
        page.wait_for_timeout(200)
        assert page.evaluate("window.pwned") is None, "an inline script ran"
        page.close()
    assert violations, "the browser reported no CSP violation"


def test_every_page_has_a_strict_csp_and_no_inline_script(site):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    header = re.search(r"^Content-Security-Policy: (.+)$", readme, re.MULTILINE).group(1)
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "<html" not in text:
            continue
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        assert csp, f"{path.relative_to(site)} has no Content-Security-Policy"
        rules = dict(r.strip().split(" ", 1) for r in csp.group(1).split(";"))
        assert rules["script-src"] == "'self'", f"{path.relative_to(site)}: script-src {rules['script-src']}"
        for rule, value in (("object-src", "'none'"), ("base-uri", "'self'"), ("form-action", "'self'")):
            assert rules.get(rule) == value, f"{path.relative_to(site)}: {rule}"
        assert text.index("Content-Security-Policy") < text.index("<script"), "the policy must come first"
        assert header == csp.group(1) + "; frame-ancestors 'none'", "README's header form differs from the pages'"
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text)
        assert not inline, f"{path.relative_to(site)} has an inline script: {inline[:2]}"


# --- the pieces, fast -------------------------------------------------------------------


@pytest.mark.parametrize("payload", HTML_PAYLOADS + BODY_ONLY_PAYLOADS)
def test_the_sanitiser_names_every_html_payload(payload):
    import markdown

    rendered = markdown.markdown(fill(payload, 7), extensions=["attr_list", "md_in_html", "tables"])
    cleaned = sanitise.clean(rendered)
    assert sanitise.changes(rendered, cleaned) or not executable(rendered), payload
    assert not executable(cleaned)


def test_the_sanitiser_leaves_the_site_s_own_html_alone():
    ours = (
        '<p>Text <a href="../law/#ipp-3" title="IPP 3" class="law-ref">IPP 3</a> <span lang="mi">'
        '<abbr title="family">whānau</abbr></span></p><details class="dpup-audience" id="for-frontline" '
        'data-audience="frontline" open><summary><span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 24 24"><path d="M12 2"/></svg></span> For you</summary><p>x</p></details>'
        '<table><tr><th style="text-align: left;">a</th></tr></table>'
        '<form method="dialog" novalidate><input type="checkbox" id="c" data-item="x"><label for="c">x</label>'
        '<textarea id="t" name="t" rows="3"></textarea><button type="submit">Go</button></form>'
    )
    assert sanitise.changes(ours, sanitise.clean(ours)) == []


@pytest.mark.parametrize(
    "text, needle_line",
    [
        ("<p>ok</p>\n<img src=x onerror=alert(5)>", 2),
        ('a\nb\n<a href="javascript:alert(6)">x</a>', 3),
        ("<style>body{color:red}</style>", 1),
    ],
)
def test_a_change_is_traced_to_its_line(text, needle_line):
    changes = sanitise.changes(text, sanitise.clean(text))
    assert changes
    assert sanitise.locate(changes[0].needles, {"docs/x.md": text}) == ("docs/x.md", needle_line)


MACROS = {name: PARAMETERS[name] for name in ("law", "term", "summary")}  # for_audience is the parser's own


@pytest.mark.parametrize(
    "jinja, found",
    [
        ("{{ config.site_dir }}", "reading part of a value (x.y or x[y]) is not allowed"),
        ("{{ ''.__class__.__mro__ }}", "reading part of a value (x.y or x[y]) is not allowed"),
        ("{% include '../../etc/passwd' %}", "{% include %} or another template is not allowed"),
        ("{% import 'x.html' as x %}", "{% include %} or another template is not allowed"),
        ("{{ macros_info() }}", "'macros_info' is not one of the policy's macros"),
        ("{{ environment }}", "a variable is not allowed"),
        ("{{ law('x') | safe }}", "a filter or test (| name, is name) is not allowed"),
        ("{% set x = 1 %}", "{% set %} is not allowed"),
        ("{{ law(config) }}", "a variable is not allowed"),
        # The structure around the fields: comments, blocks and calls that are not what they seem.
        ('{# {% call for_audience("frontline") %}{{ config.hooks }}{% endcall %} #}', "a Jinja comment"),
        ("{#- a note -#}", "a Jinja comment"),
        ('{{ for_audience("frontline") }}', "for_audience is a block"),
        ('{% call law("privacy-act-2020") %}x{% endcall %}', "'law' is a macro, not a block"),
        ('{% call(x) for_audience("frontline") %}{{ x }}{% endcall %}', "with one audience id and nothing else"),
        ('{% call for_audience(audience_id="frontline") %}x{% endcall %}', "give it in order, without a name"),
        (
            '{% call for_audience("frontline") %}{% call for_audience("leaders") %}x{% endcall %}{% endcall %}',
            "a {% call %} block inside another is not allowed",
        ),
        ("{{ law(*config) }}", "law(*…) and law(**…) are not allowed"),
        ("{{ law(**config) }}", "law(*…) and law(**…) are not allowed"),
        ('{{ law("a" ~ config) }}', "is not allowed here"),
        ('{{ "<script>alert(1)</script>" }}', "is not allowed here"),
        ("{{ law(['privacy-act-2020']) }}", "is not allowed here"),
        ("{{ self }}", "a variable is not allowed"),
        ('{% call for_audience("frontline") %}' * 3, "Jinja syntax error"),
        ("{% for x in range(9**9) %}{% endfor %}", "{% for %} is not allowed"),
        # Found by the red team: a named id skipped the id check, a number reached Python's string code.
        ('{{ law(law_id="no-such-law") }}', "law(law_id=…): give it in order"),
        ("{{ law(1) }}", "write each value as text in quotes"),
        ("{{ term(True) }}", "write each value as text in quotes"),
        # Found by the red team of issue 33: a value named twice crashed mkdocs-macros with a traceback;
        # escapes in quotes carried line breaks, control characters or brackets past the limits of
        # the page as written (content/limits.py), and deep quotes crashed the build.
        ('{{ law("privacy-act-2020", text="a", text="b") }}', "a value is named twice"),
        ('{{ law("privacy-act-2020", text="x\\n\\n> > > > deep") }}', "a backslash is not allowed"),
        ('{{ law("privacy-act-2020", text="x\\x0b") }}', "a backslash is not allowed"),
        ('{{ law("privacy-act-2020", text="\\x5b\\u003c") }}', "a backslash is not allowed"),
        ('{{ law("privacy-act-2020", text="a\tb") }}', "a line break or control character"),
        ('{{ law("privacy-act-2020", text="a\x0bb") }}', "a line break or control character"),
    ],
)
def test_jinja_beyond_macro_calls_is_refused(jinja, found):
    problems = jinja_problems("docs/x.md", "Text.\n" + jinja + "\n", first_line=5, macros=MACROS)
    assert any(found in p.message for p in problems), [p.message for p in problems]
    assert problems[0].line == 6


def test_macro_calls_with_literals_pass():
    body = (
        '{{ law("privacy-act-2020/ipp-1") }} and {{ term("whānau", text="whānau") }}\n'
        '{% call for_audience("frontline") %}\nText {{ summary() }}\n{% endcall %}\n'
        "{% raw %}{{ anything.goes }}{% endraw %}\n"
    )
    assert jinja_problems("docs/x.md", body, 1, MACROS) == []


@pytest.mark.parametrize(
    "hidden",
    [
        '{% raw %}{% call for_audience("frontline") %}{{ cycler.__init__.__globals__ }}{% endcall %}{% endraw %}',
        '{{ law("privacy-act-2020", "{% call for_audience(\'frontline\') %}{{ lipsum.__globals__ }}{% endcall %}") }}',
    ],
)
def test_blocks_come_from_the_parsed_tree_never_from_text_that_looks_like_one(hidden):
    """Jinja inside a raw block or a macro's string argument is text: it is no audience block, so
    no audience view copies it out (they are built from these parsed blocks)."""
    from dpup.content.safety import parse

    parsed, problems = parse("docs/x.md", f"Intro\n{hidden}\n", 1, MACROS)
    assert problems == [] and parsed.blocks == []
    view_text = "".join(p if isinstance(p, str) else "" for p in parsed.pieces)
    assert "{% call" not in view_text or hidden.startswith("{% raw %}")


def test_a_block_is_its_text_and_calls_in_order():
    from dpup.content.safety import Call, parse

    parsed, _ = parse(
        "docs/x.md", '{% call for_audience("frontline") %}\nSee {{ law("a", text="b") }}.\n{% endcall %}', 1, MACROS
    )
    [block] = parsed.blocks
    assert block.audience == "frontline"
    assert block.pieces == ("\nSee ", Call("law", ("a",), (("text", "b"),), 2), ".\n")


def test_a_contents_title_is_plain_text_and_markup_in_one_is_refused():
    """Python-Markdown's contents titles are trusted by templates (printed as they are) and shown by
    Material's tooltips: each is made plain text again, and one that held a tag is refused."""
    import markdown

    from dpup.content.reparsed import plain_toc_titles

    class Item:
        def __init__(self, title, children=()):
            self.title, self.children = title, list(children)

    attack = (
        "## Sharing <span class='<!--'>with</span><span class=\"-->'><meta http-equiv=refresh "
        'content=0;url=https://evil.example/>">care</span>'
    )
    md = markdown.Markdown(extensions=["toc"])
    md.convert(attack + "\n\n## Whānau &amp; friends\n")
    [bad, good] = [Item(token["name"]) for token in md.toc_tokens]
    assert "<meta" in bad.title, "Python-Markdown no longer lets this through: keep the test's attack current"
    items = [bad, Item(good.title, [Item("a &lt;b&gt; c")])]
    found = plain_toc_titles(items)
    assert len(found) == 1 and "<meta http-equiv=refresh" in found[0]
    assert "<" not in str(items[0].title) and str(items[1].title) == "Whānau &amp; friends"
    assert str(items[1].children[0].title) == "a &lt;b&gt; c"


def test_only_text_and_te_reo_marks_may_sit_in_a_shortened_title():
    from dpup.content.reparsed import markup_in_reparsed_text

    ok = '<span class="md-ellipsis">He <span lang="mi">Tāngata</span> &amp; more</span>'
    assert markup_in_reparsed_text(ok) == []
    for bad in (
        '<span class="md-ellipsis">A <meta http-equiv=refresh content=0></span>',
        '<span class="md-ellipsis">A <b>bold</b></span>',
        '<span class="md-ellipsis">A <span lang="mi" onclick="x">B</span></span>',
        '<a title="fine" title="<img src=x>">x</a>' and '<a title="<img src=x>" title="fine">x</a>',
    ):
        assert markup_in_reparsed_text(bad), bad


def test_a_css_string_in_the_print_html_cannot_end_early():
    """Page and edition titles go into the PDFs' running heads, in a <style> element."""
    from dpup.pdf.print_html import css_string

    written = css_string('Whānau "care" </style><img src=x>\\ \f end')
    assert written.startswith('"Whānau ') and written.endswith(' end"')
    assert "<" not in written and ">" not in written and written.count('"') == 2 and "\f" not in written


def test_a_page_whose_html_grows_past_its_limit_is_refused():
    """An abbreviation or macro used many times multiplies a page: its HTML is measured too."""
    from dpup.content import limits

    assert limits.html_problems("<p>x</p>" * 1000, "a.md") == []
    [problem] = limits.html_problems("<abbr title='x'>xq</abbr>" * 200_000, "a.md")
    assert problem.file == "docs/a.md" and "MB; at most 2 MB" in problem.message


def test_files_where_the_build_makes_pages_and_names_that_are_not_utf8_are_refused(tmp_path):
    import os

    from dpup.content import files
    from dpup.pages.views import MADE_BY_THE_BUILD

    (tmp_path / "docs/compare").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    for name in ("compare/notes.md", "at-a-glance.md", "index.md"):
        (tmp_path / "docs" / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    os.makedirs(os.fsencode(tmp_path / "docs/for"), exist_ok=True)
    open(os.fsencode(tmp_path / "docs") + b"/\xff\xfe.md", "wb").close()
    found = {p.file: p.message for p in files.problems(tmp_path, MADE_BY_THE_BUILD)}
    assert "the build makes the page at this address" in found["docs/compare/notes.md"]
    assert "the build makes the page at this address" in found["docs/at-a-glance.md"]
    assert "not UTF-8" in found["docs/\\xff\\xfe.md"]
    assert "docs/index.md" not in found


def test_page_templates_see_the_macros_and_nothing_else():
    """mkdocs-macros hands each page its config, page and plugin objects: the page environment
    drops them, and holds none of Jinja's default globals or filters."""
    from jinja2 import StrictUndefined
    from jinja2.exceptions import UndefinedError

    from dpup.content.safety import page_environment

    env = page_environment({"law": lambda x: f"<{x}>"}, StrictUndefined)
    template = env.from_string('{{ law("a") }}')
    assert template.render(config={"secret": 1}, page="p") == "<a>"
    assert set(env.globals) == {"law"} and not env.filters and not env.tests
    for name in ("config", "page", "plugin", "environment", "cycler", "lipsum", "range", "namespace"):
        with pytest.raises(UndefinedError):
            env.from_string("{{ " + name + " }}").render(config={}, page={}, plugin={}, environment={})


def test_front_matter_is_split_as_mkdocs_splits_it():
    """`...` ends front matter for MkDocs, so it does for the model: the text after it is body."""
    from mkdocs.utils.meta import get_data

    for text in [
        "---\ntitle: A\n...\nBody <b>x</b>\n",
        "---\ntitle: A\n---\n\n\nBody\n---\nmore\n",
        "---\ntitle: A\n...\n---\nBody\n",
        "--- \ntitle: A\n--- \nBody\n",
    ]:
        raw, body, _ = model.split_front_matter(text)
        mk_body, mk_meta = get_data(text)
        assert body == mk_body and yaml.safe_load(raw) == mk_meta, text


def test_front_matter_and_data_cannot_hold_jinja():
    from dpup.content.errors import parse_yaml

    problems = []
    assert parse_yaml("title: A\nlist:\n  - ok\n  - 'x {{ cycler }}'\n", "data/x.yml", problems, 1) is None
    assert [(p.line, p.field) for p in problems] == [(5, "list.1")]
    assert "plain text, never templates" in problems[0].message


def test_workflows_give_each_job_only_what_it_needs():
    check = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    for name, workflow in (("check", check), ("deploy", deploy)):
        assert workflow["permissions"] == {"contents": "read"}, f"{name}: the default must be read-only"
        for job_name, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.match(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$", step["uses"]), (
                        f"{name}/{job_name}: {step['uses']} is not pinned to a commit"
                    )
            writes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
            if job_name != "deploy":
                assert not writes, f"{name}/{job_name} runs project code and may not write: {writes}"
    jobs = deploy["jobs"]
    assert jobs["check"]["uses"] == "./.github/workflows/check.yml"
    assert jobs["build"]["needs"] == "check" and jobs["deploy"]["needs"] == "build"
    assert all("run" not in step for step in jobs["deploy"]["steps"]), "deploy must run no project code"
    step_ids = {s.get("id") for s in jobs["deploy"]["steps"]}
    url_step = re.search(r"steps\.(\w+)\.outputs", jobs["deploy"]["environment"]["url"]).group(1)
    assert url_step in step_ids, f"the environment URL reads step '{url_step}', which does not exist"


def test_every_job_and_every_step_that_runs_something_has_a_time_limit():
    """Bounded work: a hostile pull request cannot hold a runner (issue 26, class 6)."""
    for path in sorted((ROOT / ".github/workflows").glob("*.yml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in workflow["jobs"].items():
            if "uses" in job:  # a reusable workflow: its own jobs carry their limits
                continue
            assert 0 < job.get("timeout-minutes", 0) <= 60, f"{path.name}/{name}: no time limit"
            for step in job["steps"]:
                if "run" in step:
                    assert 0 < step.get("timeout-minutes", 0) <= job["timeout-minutes"], (
                        f"{path.name}/{name}: the step '{step.get('name', step['run'][:30])}' has no time limit"
                    )


def test_a_build_process_bounds_its_memory():
    """Input that grows without end stops a build with a MemoryError, not the machine: a process
    that bounds itself (as the content hook does when MkDocs starts a build) cannot take 8 GB."""
    import subprocess
    import sys

    grab = (
        "import sys; sys.path.insert(0, 'hooks'); from dpup import run; run.bound_memory(); "
        "block = bytearray(8 * 2**30)"
    )
    done = subprocess.run([sys.executable, "-c", grab], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "MemoryError" in done.stderr
    hook = (ROOT / "hooks/content.py").read_text(encoding="utf-8")
    assert 'if command == "build":\n        run.bound_memory()' in hook
    check = (ROOT / "hooks/dpup/history/check.py").read_text(encoding="utf-8")
    assert 'if __name__ == "__main__":\n    run.bound_memory()' in check


def test_the_build_cache_lives_outside_the_work_tree(tmp_path):
    """A cache entry is trusted as the output of its inputs, so none may come from a pull request:
    the cache is never in the project folder, whatever the environment says."""
    from dpup import run

    project = tmp_path / "project"
    project.mkdir()
    (project / ".cache/te-reo").mkdir(parents=True)  # what a pull request could commit
    this_run = run.read(project, "build", {"XDG_CACHE_HOME": str(tmp_path / "home")})
    assert this_run.cache_root == (tmp_path / "home" / run.CACHE_FOLDER).resolve()
    assert not this_run.cache_root.is_relative_to(project)
    for inside in (project / ".cache", project / "docs/assets"):
        with pytest.raises(ValueError, match="inside the project"):
            run.read(project, "build", {"DPUP_CACHE_DIR": str(inside)})
    assert run.read(project, "build", {"DPUP_CACHE": "0"}).cache_root is None


def test_no_build_cache_is_committed_and_the_published_build_uses_none():
    """A cache entry is trusted as the output of its inputs: one committed in a pull request could
    stand in for a PDF. Git must hold none, and the published build must not read one."""
    import subprocess

    tracked = subprocess.run(["git", "ls-files", ".cache"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert tracked.stdout == "", f"build cache files are committed: {tracked.stdout.split()[:5]}"
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    [step] = [s for s in deploy["jobs"]["build"]["steps"] if s.get("run") == "bin/build"]
    assert step["env"]["DPUP_CACHE"] == "0"


# --- the second red-team round (issue 26) ------------------------------------------------------


def test_a_pdf_link_s_attributes_are_read_as_html_not_by_pattern():
    """An aria-label holding `href="pdf-link:#` once made the PDF's link rewrite drop a quote and
    turn a title into a `style` attribute that restyled every page of the official PDFs."""
    from dpup.pdf.print_html import resolve_links

    tag = (
        '<a aria-label=\'x href="pdf-link:#\' href="pdf-link:about/versions/#" '
        'title="\' style=position:fixed;color:red z">Withdrawn</a>'
    )
    out = resolve_links(tag, {}, "https://example.org/")
    from bs4 import BeautifulSoup

    [a] = BeautifulSoup(out, "html.parser").find_all("a")
    assert "style" not in a.attrs and a["href"] == "https://example.org/about/versions/"
    assert a["title"] == "' style=position:fixed;color:red z"


def test_an_edition_cannot_take_another_pdf_s_address_repeat_a_page_or_print_the_downloads_page():
    from dpup.content.errors import ContentError
    from dpup.content.schema import DownloadTexts, Edition
    from dpup.pdf import editions
    from dpup.pdf.print_html import Source

    sources = [
        Source(src, src, src.removesuffix(".md") + "/", Path("x"))
        for src in ("index.md", "law.md", "about/contact.md", "downloads.md")
    ]
    texts = DownloadTexts(whole_policy="W.", large_print="L.", offline_title="O", offline="O.")

    def plan(**fields):
        extra = Edition(
            **{
                "path": "pdf/pack.pdf",
                "title": "Pack",
                "description": "D.",
                "group": "G",
                "pages": ["law.md"],
                **fields,
            }
        )
        return editions.plan(sources, {}, "Site", texts, [extra])

    assert plan()[-1].path != editions.WHOLE
    for fields, found in (
        ({"path": editions.WHOLE}, "already the address of another PDF"),
        ({"path": editions.LARGE}, "already the address of another PDF"),
        ({"pages": ["law.md", "law.md"]}, "a page is listed twice"),
        ({"pages": ["downloads.md"]}, "is not printed"),
    ):
        with pytest.raises(ContentError, match=found):
            plan(**fields)


def test_search_synonyms_and_editions_are_bounded():
    """Each synonym word is paired with each policy phrase in the index every reader downloads,
    and each edition renders a PDF: both are limited by the schema."""
    from pydantic import ValidationError

    from dpup.content.schema import PagesFile, SearchFile

    with pytest.raises(ValidationError):
        SearchFile(synonyms=[{"words": [f"w{i}" for i in range(1000)], "policy": ["p"]}])
    with pytest.raises(ValidationError):
        SearchFile(synonyms=[{"words": ["w"], "policy": [f"p{i}" for i in range(1000)]}])
    with pytest.raises(ValidationError):
        PagesFile.model_validate(
            {
                "at_a_glance": {"title": "T", "summary": "S."},
                "tool_paths": {"title": "T", "summary": "S."},
                "downloads": {"whole_policy": "W.", "large_print": "L.", "offline_title": "O", "offline": "O."},
                "editions": [
                    {"path": f"pdf/e{i}.pdf", "title": "T", "description": "D.", "group": "G", "pages": ["law.md"]}
                    for i in range(50)
                ],
            }
        )


def test_a_te_reo_term_with_an_unusual_space_is_still_found():
    from dpup.content.schema import Term
    from dpup.pages.te_reo import Marker

    marker = Marker([Term(id="he-tangata", term="He\u00a0Tāngata", lang="mi", definition="D.", gloss="It is people")])
    assert 'lang="mi"' in marker.mark("<p>Start with He Tāngata.</p>")


def test_a_review_date_near_the_end_of_the_calendar_is_never_due():
    import datetime

    from dpup.content.review import add_months

    assert add_months(datetime.date(9999, 12, 15), 12) == datetime.date.max


# --- red team 5: the site's frame, other names, other addresses, hidden text -------------


@pytest.mark.parametrize(
    "fragment, found",
    [
        # A box in Material's dialog style floats over every screen, on load and while scrolling.
        ('<div class="md-dialog md-dialog--active" role="alert"><p>Withdrawn: call 0900.</p></div>', "md-dialog"),
        # A cover page inside the PDFs, with no running head or page number, saying the opposite
        # of the independence notice.
        ('<div class="pdf-cover"><p class="pdf-status">The official policy.</p></div>', "pdf-cover"),
        ('<p class="note pdf-status">The official policy.</p>', "pdf-status"),
        # A same-site file (an image that is also a script) saved as something Windows runs.
        ('<p><a href="../assets/images/form.gif" download="notice.hta">Privacy notice</a></p>', "download="),
    ],
)
def test_the_site_s_frame_and_renamed_downloads_are_refused(fragment, found):
    changes = sanitise.changes(fragment, sanitise.clean(fragment))
    assert changes, fragment
    assert found in changes[0].message, changes[0].message


def test_a_page_may_use_material_s_buttons_and_a_plain_download():
    ours = (
        '<p><a class="md-button md-button--primary" href="tools/">Tools</a> '
        '<a href="../pdf/x.pdf" download>PDF</a> <span class="dpup-card">x</span></p>'
    )
    assert sanitise.changes(ours, sanitise.clean(ours)) == []


@pytest.mark.parametrize(
    "text, found, line",
    [
        # Reviewers see the genuine address; the site links elsewhere.
        ('[Privacy Commissioner](https://www.privacy.org.nz/){: href="https://privacy-nz.example/" }', "'href'", 1),
        ("[consent guide](../guides/consent.md){ href=https://elsewhere.example/ }", "'href'", 1),
        ('![A form](../assets/images/form.png){: src="../assets/images/other.png" }', "'src'", 1),
        ("[the Act](https://www.legislation.govt.nz/){: HREF }", "'href'", 1),
        # Red team 6: attr_list reads to the last '}' on the line, so a '}' in a value hid the rest.
        ('[Privacy Commissioner](https://www.privacy.org.nz/){: title="}" href="https://evil.example/" }', "'href'", 1),
        # Text no reader of the page or PDF sees, carried by search and the Word files.
        ("<p hidden>Call 0900 726 111 to get your file.</p>", "'hidden'", 1),
        ('<div class="dpup-card"\n  hidden markdown>\nWords.\n</div>', "'hidden'", 1),  # the tag's first line
        ("Words for search only.\n{: hidden }", "'hidden'", 2),
        ('Words for search only.\n{: title="}" hidden }', "'hidden'", 2),
        ("<span/hidden>Call 0900 726 111.</span>", "'hidden'", 1),  # a browser reads '/' as a space there
        # Classes that hide text or dress it as the site's frame, and text that is never drawn.
        ('<div markdown class="dpup-glance__all">\nWords.\n</div>', "'dpup-glance__all'", 1),
        ("Words.\n{ .headerlink }", "'headerlink'", 2),
        ('<svg width="0" height="0">Call 0900 726 111.</svg>', "<svg>", 1),
    ],
)
def test_written_attributes_that_change_what_readers_see_are_refused(text, found, line):
    from dpup.content import model

    problems = model.written_problems(f"Some words first.\n\n{text}\n")
    assert [at for at, message in problems if found in message] == [2 + line], problems


@pytest.mark.parametrize(
    "text",
    [
        "## The guide { .dpup-visually-hidden }",
        '![A tick](../assets/images/tick.svg){ .dpup-picture role="img" aria-label="Picture: a tick" }',
        "[Tools](tools/index.md){ .md-button .md-button--primary }",
        # Red team 6: words in a value are not keys.
        '{{ term("human-rights-review-tribunal", text="the tribunal, not hidden away") }}',
        'Words.\n{: title="Nothing hidden here" }',
        '## Steps { data-toc-label="Steps to follow: src=the source" }',
        "Fill in {purpose} and {who}.",
    ],
)
def test_written_attributes_the_pages_use_pass(text):
    from dpup.content import model

    assert model.written_problems(text) == []


@pytest.mark.parametrize(
    "fragment, found",
    [
        ("<p>call 0800 &#x202E;123 456&#x202C;</p>", "U+202E"),
        ("<p>call&rlm; us</p>", "U+200F"),
        ("<p>con&ZeroWidthSpace;sent</p>", "U+200B"),
        ("<p>a&#x1;b</p>", "U+0001"),
        ("<p>a&#65535;b</p>", "U+FFFF"),
        ('<p><a href="https://www.privacy.org.nz@evil.example/p8">Privacy Commissioner</a></p>', "before '@'"),
        # Red team 6: a Cyrillic "і" in a host that reads as www.privacy.org.nz in a diff.
        (
            '<p><a href="https://www.pr\u0456vacy.org.nz/">Privacy Commissioner</a></p>',
            "mixes letters of two alphabets",
        ),
        ('<p><a href="https://www.xn--prvacy-3nf.org.nz/">Privacy Commissioner</a></p>', "mixes letters"),
    ],
)
def test_invisible_characters_by_reference_and_addresses_naming_a_user_are_refused(fragment, found):
    changes = sanitise.changes(fragment, sanitise.clean(fragment))
    assert changes and found in changes[0].message, changes


@pytest.mark.parametrize(
    "url, found",
    [
        ("https://www.privacy.org.nz@elsewhere.example/complaint", "leads to elsewhere.example"),
        ("http://www.privacy.org.nz/your-rights/", "not an https:// address"),
        ("https://www.pr\u0456vacy.org.nz/your-rights/", "mixes letters of two alphabets"),
    ],
)
def test_data_addresses_are_https_and_lead_where_they_say(url, found):
    from pydantic import TypeAdapter, ValidationError

    from dpup.content.schema import WebAddress

    with pytest.raises(ValidationError, match=found):
        TypeAdapter(WebAddress).validate_python(url)
    for plain in ["https://www.privacy.org.nz/your-rights/", "https://māori.nz/"]:  # macrons are Latin letters
        assert str(TypeAdapter(WebAddress).validate_python(plain))


@pytest.mark.parametrize(
    "payloads, named",
    [
        # Read in the page as written, before anything is built: all named at once.
        (
            [
                '[Privacy Commissioner](https://www.privacy.org.nz/){: href="https://privacy-nz.example/" }',
                "<p hidden>Call 0900 726 111 to get your file.</p>",
                "Call \u202e654 321 0080\u202c if you need help.",
                '<div class="md-dialog md-dialog--active" markdown>\nWithdrawn.\n</div>',
                '<p class="pdf-cover">The official policy.</p>',
                "Call 0800 &#x200B;654 321 if you need help.",
            ],
            ["sets 'href'", "'hidden'", "U+202E", "'md-dialog'", "'pdf-cover'", "'&#x200B;' writes"],
        ),
        # Read in the page as built, by the allow-list.
        (
            [
                '<p><a href="../consent/" download="notice.hta">Notice</a></p>',
                "[Privacy Commissioner](https://www.privacy.org.nz@evil.example/p8)",
            ],
            ['download="notice.hta"', "before '@'"],
        ),
    ],
)
def test_the_build_names_each_frame_class_address_swap_and_hidden_text(build_fixture, payloads, named):
    """End to end on the small project: each red-team-5 payload stops the build, named with its page."""

    def change(project: Path) -> None:
        page = project / "docs" / "guides" / "consent.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(payloads) + "\n", encoding="utf-8")

    done, _, _ = build_fixture(change)
    assert done.returncode != 0
    output = done.stdout + done.stderr
    for found in named:
        assert "docs/guides/consent.md:" in output and found in output, f"{found} not named:\n{output[-3000:]}"


def test_contributing_lists_exactly_the_classes_a_page_may_use():
    from dpup.content.written_attributes import PAGE_CLASSES

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = text.index("- only the classes the site's stylesheets offer pages:")
    bullet = text[start : text.index("\n- ", start + 1)]
    listed = set(re.findall(r"`([a-z][a-z-]*)`", bullet)) - {"md-dialog", "pdf-cover"}  # the two examples
    assert listed == PAGE_CLASSES
