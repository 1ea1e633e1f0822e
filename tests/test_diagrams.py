"""The diagrams (hooks/dpup/pages/diagram.py): each decision guide, and the order of the sharing
rules, drawn at build time; and each guide's poster (hooks/dpup/pdf/posters.py).

The guides are those in data/tools/ of kind decision-guide, whatever they are called. Tests of
the built site read the session build; the hostile labels have one build of the small fixture
project (tests/engine.py), and the rest of the trust boundary (escaping into DOT, the allow-list
out of it) is tested on small inputs without a build.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import Comment

import engine
from conftest import ROOT, html_of, soup, wait_until
from dpup.content import model, tool_schema
from dpup.content.errors import ContentError
from dpup.pages import diagram
from dpup.pages.fragments import law_anchor
from dpup.pages.tools import TONES
from dpup.pdf import posters
from dpup.text import slug

DATA = model.load_data(ROOT / "data")
GUIDES = {tool_id: guide for tool_id, guide in DATA.tools.items() if isinstance(guide, tool_schema.DecisionGuide)}
DOWNLOADS = "downloads.md"
# What a diagram's SVG may hold, and each element's attributes; nothing else.
ALLOWED = {
    "svg": {"xmlns", "viewbox", "width", "height", "class", "role", "aria-labelledby"},
    "title": {"id"},
    "g": {"class", "transform"},
    "a": {"xlink:href"},
    "path": {"class", "fill", "stroke", "d"},
    "polygon": {"class", "fill", "stroke", "points"},
    "polyline": {"class", "fill", "stroke", "points"},
    "ellipse": {"class", "fill", "stroke", "cx", "cy", "rx", "ry"},
    "text": {"class", "fill", "font-family", "font-size", "text-anchor", "x", "y"},
}
SHAPE = {"question": "path", "go": "ellipse", "caution": "polygon", "stop": "polygon"}
CORNERS = {"caution": 6, "stop": 8}  # hexagon, octagon: the polygon's points, less the closing one
HOSTILE = [
    '"]; x [label=<<b>hi</b>>]; "',
    "<script>alert(1)</script>",
    "<b>x</b>",
    r"a \l b \N c \G",
    'quote " and \\" and \\\\',
    "ends in a backslash \\",
]


def guide_page(tool_id: str, docs: Path = ROOT / "docs") -> str:
    """The docs page that calls decision_guide("<tool_id>")."""
    pages = [
        p.relative_to(docs).as_posix()
        for p in sorted(docs.rglob("*.md"))
        if f'decision_guide("{tool_id}")' in p.read_text(encoding="utf-8")
    ]
    assert len(pages) == 1, f"{tool_id}: shown on {pages}"
    return pages[0]


def diagram_on(page, key: str):
    """The region holding a diagram, by its key."""
    region = page.find("div", attrs={"data-dpup-diagram": key})
    assert region is not None, f"no diagram '{key}' on the page"
    return region


def nodes(region) -> list:
    return region.find_all("g", class_="dpup-diagram__node")


def words(node) -> str:
    return " ".join(t.get_text(" ", strip=True) for t in node.find_all("text"))


def numbered(tool_id: str, guide) -> dict[str, str]:
    """Each step's number as its page gives it: 'Question 1' for the start, then in file order."""
    questions = sorted(guide.questions, key=lambda q: q.id != guide.start)
    out = {f"{tool_id}--{q.id}": f"Question {n}" for n, q in enumerate(questions, 1)}
    return out | {f"{tool_id}--{o.id}": f"Outcome {n}" for n, o in enumerate(guide.outcomes, 1)}


def test_the_guides_are_derived_from_data():
    assert len(GUIDES) >= 3 and all(isinstance(g, tool_schema.DecisionGuide) for g in GUIDES.values())


# --- each guide, on its page --------------------------------------------------------


@pytest.mark.parametrize("tool_id", sorted(GUIDES))
def test_a_guide_s_diagram_links_exactly_its_questions_and_outcomes(site, tool_id):
    guide = GUIDES[tool_id]
    page = html_of(site, guide_page(tool_id))
    region = diagram_on(page, f"guide-{tool_id}")
    links = [a["xlink:href"] for a in region.find_all("a")]
    expected = {f"#{tool_id}--{step.id}" for step in (*guide.questions, *guide.outcomes)}
    assert sorted(links) == sorted(expected)  # each once, nothing else
    assert len(nodes(region)) == len(expected)
    for link in links:
        assert page.find(id=link[1:]) is not None, f"{link} leads nowhere on the page"
    # Answers are the arrows, labelled: as many as the guide has answers.
    assert len(region.find_all("g", class_="dpup-diagram__edge")) == sum(len(q.answers) for q in guide.questions)


@pytest.mark.parametrize("tool_id", sorted(GUIDES))
def test_every_box_is_numbered_as_on_the_page_and_shows_its_tone(site, tool_id):
    guide = GUIDES[tool_id]
    page = html_of(site, guide_page(tool_id))
    numbers = numbered(tool_id, guide)
    tones = {f"{tool_id}--{o.id}": o.tone for o in guide.outcomes}
    for node in nodes(diagram_on(page, f"guide-{tool_id}")):
        target = node.a["xlink:href"][1:]
        said = words(node)
        assert said.startswith(numbers[target]), said
        heading = page.find(id=target).get_text(" ", strip=True)
        assert heading.startswith(numbers[target] + ":"), f"the page numbers {target} '{heading}'"
        kind = tones.get(target, "question")
        assert f"dpup-diagram__node--{kind}" in node["class"]
        if kind != "question":
            assert f"{TONES[kind]}:" in said, f"{target}: no tone in '{said}'"
        shape = node.find(["path", "ellipse", "polygon"])
        assert shape.name == SHAPE[kind], f"{target}: a {kind} is drawn as a {shape.name}"
        if kind in CORNERS:
            assert len(shape["points"].split()) - 1 == CORNERS[kind]
        # Its accessible name, and its tooltip: the box's words in one line.
        title = node.a.find("title", recursive=False)
        assert title is not None and " ".join(title.get_text().split()).startswith(numbers[target])


@pytest.mark.parametrize("tool_id", sorted(GUIDES))
def test_the_diagram_follows_the_steps_folded_away_with_a_text_alternative(site, tool_id):
    page = html_of(site, guide_page(tool_id))
    tool = page.find(id=tool_id)
    details = tool.find("details", class_="dpup-guide__diagram")
    assert details is not None and details.summary.get_text(strip=True) == "See the whole guide"
    steps = tool.find_all("section", class_="dpup-guide__step")
    assert steps and all(step.sourceline < details.sourceline for step in steps)
    alternative = [a for a in details.find_all("a", href=True) if "tool-paths" in a["href"]]
    assert len(alternative) == 1
    target, _, anchor = alternative[0]["href"].partition("#")
    assert anchor == slug(GUIDES[tool_id].title)
    paths = soup(site / "about" / "tool-paths" / "index.html")
    assert paths.find(id=anchor) is not None, f"the paths page has no section '{anchor}'"
    # The keyboard can scroll it: a region, focusable, named by the diagram's title.
    region = diagram_on(page, f"guide-{tool_id}")
    assert region["role"] == "region" and region["tabindex"] == "0"
    assert page.find(id=region["aria-labelledby"]).get_text() == f"Diagram of the guide: {GUIDES[tool_id].title}"


# --- every diagram: what its SVG may hold --------------------------------------------


def every_diagram(site):
    for path in sorted(site.rglob("index.html")):
        page = soup(path)
        for region in page.find_all("div", attrs={"data-dpup-diagram": True}):
            yield path.relative_to(site).as_posix(), page, region


def test_every_svg_is_titled_and_holds_only_the_allow_list(site):
    found = 0
    for where, _page, region in every_diagram(site):
        found += 1
        [svg] = region.find_all("svg")
        assert svg.get("role") == "group", f"{where}: the svg must keep its links reachable (not role=img)"
        [title] = svg.find_all("title", recursive=False)
        assert svg["aria-labelledby"] == title["id"] and title.get_text().strip(), where
        assert svg.get("viewbox") and "pt" not in svg.get("width", "") + svg.get("height", ""), where
        for el in svg.find_all(True):
            assert el.name in ALLOWED, f"{where}: <{el.name}> is not allowed in a diagram"
            assert set(el.attrs) <= ALLOWED[el.name], f"{where}: <{el.name}> has {set(el.attrs) - ALLOWED[el.name]}"
        for node in svg.find_all(string=lambda s: isinstance(s, Comment)):
            pytest.fail(f"{where}: a comment in a diagram: {node[:40]}")
        for a in svg.find_all("a"):
            href = a["xlink:href"]
            assert re.fullmatch(r"#[a-z0-9-]+--[a-z0-9_-]+|#[a-z0-9-]+|(\.\./)+law/#[a-z0-9-]+", href), href
            assert a.find("title", recursive=False).get_text().strip(), f"{where}: a link without a name"
    assert found == len(GUIDES) + 1  # each guide and the sharing rules


# --- the order of the sharing rules ------------------------------------------------------


def test_the_sharing_rules_diagram_names_each_law_of_sharing_order(site):
    page = html_of(site, diagram.SHARING_PAGE)
    region = diagram_on(page, diagram.SHARING_KEY)
    law_page = html_of(site, "law.md")
    boxes = {node.a["xlink:href"]: words(node) for node in nodes(region) if node.a is not None}
    assert DATA.sharing_order
    for n, step in enumerate(DATA.sharing_order, 1):
        said = boxes[f"#{step.section}"]
        assert said.startswith(f"Question {n}") and page.find(id=step.section) is not None
        for law in step.laws:
            href = f"../../law/#{law_anchor(law.id)}"
            assert href in boxes, f"no box for {law.id}"
            act, provision = DATA.provisions.get(law.id, (DATA.laws.get(law.id), None))
            assert (provision.cite if provision else act.name) in boxes[href]
            for does in law.does:
                assert diagram.SHARING[does] in boxes[href].lower(), f"{law.id}: '{boxes[href]}'"
            assert law_page.find(id=law_anchor(law.id)) is not None, f"the law page has no entry {law.id}"
    assert "If no rule fits" in boxes["#if-no-rule-fits"]


def test_a_sharing_order_law_that_does_not_exist_is_named(tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    laws = (data / "laws.yml").read_text(encoding="utf-8")
    (data / "laws.yml").write_text(
        laws.replace("      - id: oranga-tamariki-act-1989/s-66c\n", "      - id: oranga-tamariki-act-1989/s-66z\n"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        model.load_data(data)
    message = str(error.value)
    line = next(n for n, text in enumerate((data / "laws.yml").read_text().splitlines(), 1) if "s-66z" in text)
    assert (
        f"data/laws.yml:{line}: field 'sharing_order.1.laws.3.id': 'oranga-tamariki-act-1989/s-66z' "
        "is not an Act or provision in data/laws.yml" in message
    )


# --- the trust boundary, without a build ------------------------------------------------------


def test_labels_go_into_dot_as_text():
    """Markup, quotes, backslashes and escString sequences come out of dot as the same words."""
    lines = tuple(HOSTILE)
    d = diagram.Diagram(
        "t",
        "T",
        (diagram.Node("question", lines, "n", "x"), diagram.Node("go", ("b",), "m", "y")),
        (diagram.Edge(0, 1, HOSTILE[0]),),
    )
    source = diagram.dot_source(d)
    statements = re.findall(r"^\t(n\d+(?: -> n\d+)?) \[label=(.)", source, re.MULTILINE)
    assert [name for name, _ in statements] == ["n0", "n1", "n0 -> n1"]
    assert all(first != "<" for _, first in statements)  # never an HTML-like label
    svg = diagram.clean(diagram.layout(source, "t.yml"), d, {0: "#a--x"}, "t")
    region = soup_of(svg)
    assert len(nodes(region)) == 2 and len(region.find_all("g", class_="dpup-diagram__edge")) == 1
    got = [t.get_text() for t in region.find("g", class_="dpup-diagram__node--question").find_all("text")]
    assert got == list(lines)
    assert region.find("b") is None and region.find("script") is None


def soup_of(fragment: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(fragment, "html.parser")


def test_dot_output_is_rebuilt_from_the_allow_list():
    d = diagram.Diagram("t", "T", (diagram.Node("question", ("q",), "Q", "s"),), ())
    raw = """<?xml version="1.0"?><!-- hello --><?pi x?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20pt" height="10pt"
 viewBox="0.00 0.00 20.00 10.00" onload="alert(1)">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 40)"><title>%3</title>
<script>alert(2)</script><foreignObject><p>x</p></foreignObject><style>*{}</style>
<g id="node1" class="node"><title>n0</title><g id="a_node1"><a xlink:href="javascript:alert(3)" xlink:title="x">
<ellipse fill="red" stroke="black" cx="1" cy="2" rx="3" ry="4" onclick="alert(4)" style="x"/>
<polygon points="1,1 2,2 url(x)"/><text x="1" y="2" font-family="Evil" text-anchor="middle">q<tspan>t</tspan></text>
</a></g></g>
<g id="node2" class="node"><title>n7</title><text x="1" y="1">not ours</text></g>
<g id="edge1" class="edge"><title>n0-&gt;n0</title><path d="M1,2C3,4 5,6 7,8"/></g>
</g></svg>"""
    out = diagram.clean(raw, d, {0: "#t--s"}, "t")
    region = soup_of(out)
    assert [a["xlink:href"] for a in region.find_all("a")] == ["#t--s"]
    assert "alert" not in out and "Evil" not in out and "not ours" not in out and "foreignObject" not in out.lower()
    assert region.find("polygon") is None  # its points were not numbers
    assert region.find("ellipse").attrs.keys() == {"class", "fill", "stroke", "cx", "cy", "rx", "ry"}
    assert region.find("svg")["width"] == "20" and "pt" not in out
    assert not region.find_all("g", class_="dpup-diagram__edge")  # not an edge the diagram has


def test_dot_output_with_entities_is_refused():
    d = diagram.Diagram("t", "T", (), ())
    raw = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><g><text>&b;</text></g></svg>'
    )
    with pytest.raises(ContentError, match="could not be read"):
        diagram.clean(raw, d, {}, "t")


def fan(questions: int) -> diagram.Diagram:
    """A chain of questions, each with an answer straight to the last box as well: arrows that cross
    ever more rows, which dot takes ever longer over (30 questions: 0.1 s; 60: 3 s; 100: minutes)."""
    nodes = [diagram.Node("question", (f"Question {n}", "Is it so?"), f"Q{n}") for n in range(questions)]
    edges = [diagram.Edge(n, n + 1, "Go on") for n in range(questions)]
    edges += [diagram.Edge(n, questions, "Straight to the end") for n in range(questions - 1)]
    end = diagram.Node("go", ("The end",), "End")
    return diagram.Diagram("t", "T", (*nodes, end), tuple(edges), file="data/tools/slow.yml")


def test_dot_past_its_time_limit_is_stopped_and_named(monkeypatch):
    """The second wall, behind the guides' limits: dot is stopped, and the file named."""
    import time

    monkeypatch.setattr(diagram, "DOT_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(ContentError) as error:
        diagram.svg_of(fan(100), lambda key, make: make(), {}, "t")
    assert time.monotonic() - started < 10  # stopped, not waited for
    assert "data/tools/slow.yml: the diagram drawn from this file is too complex" in str(error.value)
    assert "stopped after 0.5 seconds" in str(error.value) and "split in two" in str(error.value)


def test_each_diagram_names_the_file_it_is_drawn_from():
    drawn = diagram.diagrams(model.ContentModel(data=DATA))
    assert {key: d.file for key, d in drawn.items()} == {
        **{f"guide-{tool_id}": f"data/tools/{tool_id}.yml" for tool_id in GUIDES},
        diagram.SHARING_KEY: "data/laws.yml",
    }


def test_dot_that_fails_or_is_missing_is_named(monkeypatch, tmp_path):
    failed = r"data/tools/x\.yml: Graphviz's dot could not lay out this file's diagram: \S"  # with dot's words
    with pytest.raises(ContentError, match=failed):
        diagram.layout("digraph {", "data/tools/x.yml")
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on it
    with pytest.raises(ContentError, match="dot is not installed.*install the Debian package graphviz"):
        diagram.layout("digraph {}", "data/tools/x.yml")


@pytest.mark.parametrize(
    "to_url, from_url, link",
    [
        ("law/", "guides/sharing-rules/", "../../law/"),
        ("law.html", "guides/sharing-rules.html", "../law.html"),
        ("law/", "", "law/"),
        ("guides/x/", "guides/x/", "./"),
    ],
)
def test_links_between_pages_with_and_without_directory_urls(to_url, from_url, link):
    assert diagram.relative(to_url, from_url) == link


def test_a_poster_takes_the_smallest_sheet_that_prints_its_words_large_enough():
    assert posters.sheet_for(400, 300)[0] == "A4 landscape"
    assert posters.sheet_for(300, 400)[0] == "A4 portrait"
    name, width, height = posters.sheet_for(2233, 1727)
    assert name.startswith("A2") and width > height
    assert posters.sheet_for(20000, 20000)[0].startswith("A1")


# --- the hostile build -------------------------------------------------------------------


def test_hostile_labels_end_up_as_escaped_text(build_fixture):
    """Contributor text in the labels of both kinds of diagram: a question, an answer, an outcome's
    title and a question of the sharing rules. It shows as words, and the graph is unchanged. In the
    fixture project: its decision guide and its sharing rules."""
    fixture = model.load_data(engine.FIXTURE / "data")
    tool_id, guide = next((i, g) for i, g in sorted(fixture.tools.items()) if isinstance(g, tool_schema.DecisionGuide))
    label = " ".join(HOSTILE)
    # An outcome's title is also a link's words in Markdown on the page; quotes and backslashes only.
    title = 'Stop "here" \\l \\N \\\\ and end \\'

    def change(project: Path) -> None:
        file = project / "data" / "tools" / f"{tool_id}.yml"
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        start = next(q for q in raw["questions"] if q["id"] == raw["start"])
        start["text"] = start["answers"][0]["label"] = label
        raw["outcomes"][0]["title"] = title
        file.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        laws = project / "data" / "laws.yml"
        first = f"  - question: {fixture.sharing_order[0].question}\n"
        assert first in laws.read_text(encoding="utf-8")
        laws.write_text(
            laws.read_text(encoding="utf-8").replace(first, f"  - question: {json.dumps(label)}\n"), encoding="utf-8"
        )

    result, site_dir, _ = build_fixture(change)
    assert result.returncode == 0, result.stderr[-3000:]
    region = diagram_on(html_of(site_dir, guide_page(tool_id, engine.FIXTURE / "docs")), f"guide-{tool_id}")
    boxes = {node.a["xlink:href"][1:]: node for node in nodes(region)}
    assert len(boxes) == len(guide.questions) + len(guide.outcomes)  # no box more, none less
    edges = region.find_all("g", class_="dpup-diagram__edge")
    assert len(edges) == sum(len(q.answers) for q in guide.questions)
    assert {el.name for el in region.find_all(True)} <= set(ALLOWED) | {"div"}
    assert words(boxes[f"{tool_id}--{guide.start}"]) == f"Question 1 {label}"
    assert boxes[f"{tool_id}--{guide.start}"].a.title.get_text() == f"Question 1: {label}"
    outcome = guide.outcomes[0]
    assert words(boxes[f"{tool_id}--{outcome.id}"]) == f"Outcome 1 {TONES[outcome.tone]}: {title}"
    squashed = "".join(label.split())  # an arrow's words may break inside a long word
    assert any("".join(words(edge).split()) == squashed for edge in edges)
    sharing = diagram_on(html_of(site_dir, diagram.SHARING_PAGE), diagram.SHARING_KEY)
    assert {el.name for el in sharing.find_all(True)} <= set(ALLOWED) | {"div"}
    first = [node for node in nodes(sharing) if node.a is not None and node.a.title.get_text().startswith("Question 1")]
    assert [words(node) for node in first] == [f"Question 1 {label}"]


# --- posters ------------------------------------------------------------------------------


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1))


def test_each_guide_has_a_one_page_poster_on_the_downloads_page(site):
    downloads = html_of(site, DOWNLOADS)
    rows = {}
    for row in downloads.select("table.dpup-downloads tbody tr"):
        cells = row.find_all("td")
        rows[(site / "downloads" / cells[0].a["href"]).resolve()] = [c.get_text(" ", strip=True) for c in cells]
    for tool_id, guide in GUIDES.items():
        pdf = site / posters.poster_path(tool_id)
        assert pdf.is_file(), f"{posters.poster_path(tool_id)} is missing"
        assert page_count(pdf) == 1
        text = " ".join(
            subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
        )
        assert guide.title in text and "Version " in text and "Question 1" in text
        row = rows.get(pdf.resolve())
        assert row is not None, f"{posters.poster_path(tool_id)} is not on the downloads page"
        assert row[0] == f"{guide.title} (poster)" and re.fullmatch(r"\d+(\.\d)? (KB|MB)", row[3]) and row[4] == "1"


# --- in a browser -----------------------------------------------------------------------------


def diagram_pages() -> list[str]:
    return sorted({guide_page(tool_id) for tool_id in GUIDES} | {diagram.SHARING_PAGE})


def test_the_diagrams_open_have_no_axe_violations_and_work_with_the_keyboard(browser, server):
    """Each diagram unfolded, at its own size and fitted: axe in light and dark (its colours), and
    from the keyboard the region takes focus, then its first box, which opens that step."""
    from dpup.text import page_url
    from test_accessibility import AXE, SCHEMES, axe_violations, open_page, start_axe

    problems = []
    for scheme in SCHEMES:
        context = browser.new_context(color_scheme=scheme)
        context.add_init_script(path=str(AXE))
        tab = context.new_page()
        for src in diagram_pages():
            for fitted in (False, True):
                open_page(tab, scheme, server + page_url(src))
                tab.evaluate("document.querySelectorAll('details.dpup-guide__diagram').forEach(d => d.open = true)")
                if not fitted:  # fitted is how it opens
                    tab.uncheck(".dpup-diagram__fit")
                start_axe(tab, scheme, [".md-sidebar--primary"])
                problems += axe_violations(tab, f"{src} ({scheme}{', fitted' if fitted else ''}): ")
        context.close()
    assert problems == [], "\n".join(problems)


def test_a_box_is_a_link_the_keyboard_reaches(page, server):
    from dpup.text import page_url

    tool_id = sorted(GUIDES)[0]
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + page_url(guide_page(tool_id)))
    page.click(".dpup-guide__diagram > summary")
    # It opens whole: the drawing fits its box, with nothing to scroll to find the first question.
    assert page.is_checked(".dpup-diagram__fit")
    assert page.evaluate("(r => r.scrollWidth <= r.clientWidth)(document.querySelector('.dpup-diagram'))")
    # Named as the browser tells a screen reader: the region by the diagram's title, each box a
    # link named by its words (Chromium's own accessibility tree; Playwright's roles miss SVG links).
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    named = {(n.get("role", {}).get("value"), n.get("name", {}).get("value")) for n in tree}
    drawn = diagram.guide_diagram(model.ContentModel(data=DATA), tool_id)
    assert ("region", drawn.title) in named and ("group", drawn.title) in named
    assert {("link", node.name) for node in drawn.nodes} <= named
    page.focus(".dpup-diagram__fit")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
    page.keyboard.press("Tab")
    target = page.evaluate("document.activeElement.getAttribute('xlink:href')")
    assert target and target.startswith(f"#{tool_id}--")
    page.keyboard.press("Enter")
    # With instant navigation on, Material may swap in a fresh copy of the page after the first
    # jump to an anchor: the guide opens the step again from the address either way.
    page.wait_for_load_state("networkidle")
    wait_until(
        page,
        "id => location.hash === id && document.activeElement.id === id.slice(1)"
        " && document.activeElement.tagName === 'H3'",
        target,
    )  # the guide opened that step
    assert errors == []  # Material's scripts leave the diagram's links alone
