"""The decision guides, and the order of the sharing rules, drawn as diagrams when the site is built.

Graphviz lays each diagram out (`dot -Tsvg`, stopped if it runs past DOT_SECONDS); the page runs
no script for it. A guide's questions and outcomes are boxes, its answers labelled arrows. An
outcome shows its tone three ways: in words ("Go ahead:", from TONES in tools.py), by its shape
and by its colour. Boxes are numbered as the guide's page numbers them, and each one links to its
question or outcome on that page.

Every label is contributor text, so it is data, never code:
- it goes into DOT through graphviz.escape, so it is never an HTML-like label (`<b>x</b>` stays
  those six characters) and backslash sequences such as `\\l` stay text; quotes are quoted;
- dot's SVG comes back untrusted: defusedxml reads it (no entities, nothing external; comments,
  processing instructions and the doctype go), and `clean` writes a new SVG from an allow-list.
  Only the shapes, lines and words of the nodes and edges this module asked for are kept; every
  number is checked to be a number, every word escaped, dot's ids, fonts and colours dropped, and
  the only links are those `fill` was given for the nodes this module made. They are written
  `xlink:href`, not `href`: when a page loads, Material's instant navigation sets the `href`
  property of every element matching `[href]`, which an SVG link refuses (it is read-only), and
  the error stops that script; `[href]` does not match `xlink:href`, and browsers follow both.

Pages get a placeholder from the macro (`placeholder`), which the sanitiser allows; `fill`
swaps it for the diagram after the sanitiser has read the page (hooks/pages.py). dot's output is
cached by a hash of the DOT source (dpup/cache.py); it is cleaned afresh every build.
"""

from __future__ import annotations

import html
import math
import posixpath
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Collection
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from ..content import tool_schema as ts
from ..content.errors import ContentError, Problem, raise_problems, stop
from ..content.model import ContentModel
from ..content.schema import SHARING
from ..text import slug
from . import tools
from .fragments import LAW_PAGE, law_anchor, link

SVG = "{http://www.w3.org/2000/svg}"
PATHS_PAGE = "about/tool-paths.md"  # pages/views.py makes it: every path through every guide, as a table
SHARING_PAGE = "guides/sharing-rules.md"
SHARING_KEY = "sharing-rules"
MAX_NODES = 200  # far above any guide; dot's work grows faster than the graph
PLACEHOLDER = re.compile(r'<div class="dpup-diagram" data-dpup-diagram="([a-z0-9-]+)"></div>')

# Each kind of node: its shape in DOT, and its colours on paper and in the light palette (the
# web page's stylesheet, tools.css, sets them again for dark mode and forced colours).
# Text is #1a1a1a on every fill (over 14:1); every outline is 3:1 or more on white and on its fill.
KINDS = {
    "question": ({"shape": "box", "style": "rounded"}, "#ffffff", "#55606e"),
    "go": ({"shape": "ellipse"}, "#e6f3ea", "#1e6b35"),
    "caution": ({"shape": "hexagon"}, "#fcefdc", "#8a4b00"),
    "stop": ({"shape": "octagon"}, "#fbe6e6", "#a32020"),
    "step": ({"shape": "box", "style": "rounded"}, "#ffffff", "#55606e"),
    "lets": ({"shape": "ellipse"}, "#e6f3ea", "#1e6b35"),
    "consider": ({"shape": "hexagon"}, "#fcefdc", "#8a4b00"),
    "requires": ({"shape": "box", "peripheries": "2"}, "#e8eef7", "#0b3b60"),
    "end": ({"shape": "octagon"}, "#fbe6e6", "#a32020"),
    "junction": ({"shape": "point", "width": "0.08"}, "#55606e", "#55606e"),
}
INK = "#1a1a1a"  # words
LINE = "#55606e"  # arrows: 6.4:1 on white
FONT = "Liberation Sans"  # metric-compatible with Arial, which readers' systems have


@dataclass(frozen=True)
class Node:
    kind: str  # a key of KINDS
    lines: tuple[str, ...]  # its words, line by line, as the box shows them
    name: str  # its words as one sentence: the link's accessible name and tooltip
    anchor: str | None = None  # the id it links to; None: no link
    page: str | None = None  # the docs page of that id; None: the page the diagram is on


@dataclass(frozen=True)
class Edge:
    tail: int  # node indexes
    head: int
    label: str = ""
    arrow: bool = True


@dataclass(frozen=True)
class Diagram:
    key: str  # in the placeholder, and the start of its ids on the page
    title: str  # what the diagram is: its accessible name
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    rankdir: str = "TB"  # top to bottom, or LR: left to right
    same_rank: tuple[int, ...] = ()  # nodes drawn in one row (TB) or column (LR)
    file: str = ""  # the data file it is drawn from, named if it cannot be drawn


# --- what each diagram shows -----------------------------------------------------


def wrap(words: str, width: int, most: int = 12) -> list[str]:
    """Words in lines of about `width` characters, at most `most` lines (the last ends '…')."""
    lines = textwrap.wrap(" ".join(words.split()), width, break_on_hyphens=False) or [""]
    return lines if len(lines) <= most else [*lines[: most - 1], lines[most - 1] + " …"]


def guide_diagram(model: ContentModel, tool_id: str) -> Diagram:
    """A decision guide: numbered as its page numbers it (the start question is question 1)."""
    guide = tools.tool_of(model, tool_id, ts.DecisionGuide)
    questions = sorted(guide.questions, key=lambda q: q.id != guide.start)
    nodes: list[Node] = []
    index: dict[str, int] = {}
    for n, q in enumerate(questions, 1):
        index[q.id] = len(nodes)
        nodes.append(
            Node(
                "question",
                (f"Question {n}", *wrap(q.text, 26)),
                f"Question {n}: {_one_line(q.text)}",
                f"{tool_id}--{q.id}",
            )
        )
    for n, o in enumerate(guide.outcomes, 1):
        index[o.id] = len(nodes)
        said = f"{tools.TONES[o.tone]}: {_one_line(o.title)}"
        nodes.append(Node(o.tone, (f"Outcome {n}", *wrap(said, 26)), f"Outcome {n}. {said}", f"{tool_id}--{o.id}"))
    edges = [Edge(index[q.id], index[a.next], a.label) for q in questions for a in q.answers]
    title = f"Diagram of the guide: {_one_line(guide.title)}"
    return Diagram(f"guide-{tool_id}", title, tuple(nodes), tuple(edges), file=f"data/tools/{tool_id}.yml")


# The last box of the sharing rules, in the words of the page's own "If no rule fits".
NO_RULE = ("If no rule fits", "Do not share yet. Ask your privacy officer.", "if-no-rule-fits")


def sharing_diagram(model: ContentModel) -> Diagram:
    """The order of the sharing rules (data/laws.yml `sharing_order`): the questions one under
    another, each "No" leading to the next; from each "Yes", the laws it names and what each does."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    steps: list[int] = []
    for n, step in enumerate(model.data.sharing_order, 1):
        steps.append(len(nodes))
        nodes.append(
            Node(
                "step",
                (f"Question {n}", *wrap(step.question, 28)),
                f"Question {n}: {_one_line(step.question)}",
                step.section,
            )
        )
        edges.append(Edge(steps[-1], len(nodes), "Yes", arrow=False))
        junction = len(nodes)
        nodes.append(Node("junction", (), ""))  # where "Yes" divides into one arrow per law
        for law in step.laws:
            edges.append(Edge(junction, len(nodes)))
            cite, does = _law_name(model, law.id), "; ".join(SHARING[d] for d in law.does)
            does = does[:1].upper() + does[1:]
            kind = next(d for d in ("requires", "consider", "lets") if d in law.does)
            nodes.append(
                Node(kind, (*wrap(cite, 32), *wrap(f"{does}.", 32)), f"{cite}: {does}.", law_anchor(law.id), LAW_PAGE)
            )
    title, words, anchor = NO_RULE
    steps.append(len(nodes))
    nodes.append(Node("end", (title, *wrap(words, 24)), f"{title}: {words}", anchor))
    edges += [Edge(a, b, "No") for a, b in zip(steps, steps[1:])]
    return Diagram(
        SHARING_KEY,
        "Diagram: the order of the sharing rules",
        tuple(nodes),
        tuple(edges),
        "LR",
        tuple(steps),
        file="data/laws.yml",
    )


def _law_name(model: ContentModel, law_id: str) -> str:
    """'IPP 11, Privacy Act 2020' for a provision; the Act's name for an Act."""
    if law_id in model.data.provisions:
        act, provision = model.data.provisions[law_id]
        return f"{provision.cite}, {act.name}"
    return model.data.laws[law_id].name


def _one_line(words: str) -> str:
    return " ".join(words.split())


def diagrams(model: ContentModel) -> dict[str, Diagram]:
    """Every diagram a page may show, by key: each decision guide, and the sharing rules."""
    out = {
        f"guide-{tool_id}": guide_diagram(model, tool_id)
        for tool_id, tool in model.data.tools.items()
        if isinstance(tool, ts.DecisionGuide)
    }
    if model.data.sharing_order:
        out[SHARING_KEY] = sharing_diagram(model)
    return out


# --- DOT, and dot --------------------------------------------------------------------


def dot_source(diagram: Diagram) -> str:
    """The diagram in DOT. Every word goes through graphviz.escape; node ids are ours (n0, n1, …)."""
    import graphviz

    if len(diagram.nodes) > MAX_NODES:
        raise ContentError(
            f"{diagram.title}: {len(diagram.nodes)} boxes is too many to draw (at most {MAX_NODES}); split it."
        )
    graph = graphviz.Digraph(
        graph_attr={"rankdir": diagram.rankdir, "nodesep": "0.3", "ranksep": "0.45", "pad": "0.1"},
        node_attr={"fontname": FONT, "fontsize": "14", "margin": "0.18,0.1", "penwidth": "2"},
        edge_attr={"fontname": FONT, "fontsize": "12", "penwidth": "1.5", "arrowsize": "0.8"},
    )
    for i, node in enumerate(diagram.nodes):
        graph.node(f"n{i}", label=graphviz.escape("\n".join(node.lines)), **KINDS[node.kind][0])
    if diagram.same_rank:
        with graph.subgraph() as same:
            same.attr(rank="same")
            for i in diagram.same_rank:
                same.node(f"n{i}")
    for e in diagram.edges:
        graph.edge(
            f"n{e.tail}",
            f"n{e.head}",
            label=graphviz.escape("\n".join(wrap(e.label, 22))),
            **({} if e.arrow else {"arrowhead": "none"}),
        )
    source: str = graph.source  # graphviz has no types: what it gives, as documented
    return source


# dot's time for one diagram, the second wall after the guides' limits (content/tools.py MAX_ROWS).
# On 2 cores, each real diagram takes 0.02 s, or 0.16 s beside four busy processes; a guide at
# those limits 0.07 s, or 0.23 s. Far more than any drawing needs, and it bounds a hostile one.
DOT_SECONDS = 30


def layout(source: str, file: str) -> str:
    """dot's SVG for a DOT source drawn from `file`: untrusted until `clean` has read it."""
    try:
        done = subprocess.run(
            ["dot", "-Kdot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=DOT_SECONDS
        )
    except FileNotFoundError:
        raise ContentError(
            "Graphviz's dot is not installed, and the guides' diagrams need it: install the "
            "Debian package graphviz (bin/setup does)."
        ) from None
    except subprocess.TimeoutExpired:  # run() has stopped dot
        stop(
            Problem(
                file,
                None,
                None,
                f"the diagram drawn from this file is too complex: Graphviz's dot was stopped after {DOT_SECONDS} "
                "seconds on it. Draw less: fewer steps or answers, answers that lead to a nearer step, or the "
                "guide split in two.",
            )
        )
    said = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode:
        stop(Problem(file, None, None, f"Graphviz's dot could not lay out this file's diagram: {said}"))
    if said:  # dot's warnings, shown as the graphviz package showed them
        print(said, file=sys.stderr)
    return done.stdout.decode("utf-8")


def dot_version() -> str:
    """Part of every cache key: another dot may lay a diagram out differently."""
    import graphviz

    try:
        return ".".join(map(str, graphviz.version()))
    except graphviz.ExecutableNotFound:
        return "none"


# --- dot's SVG, cleaned ----------------------------------------------------------

NUMBER = r"-?\d+(?:\.\d+)?"
VALUE = {
    "d": re.compile(rf"^[MCLZ]?(?:\s*{NUMBER}[ ,]{NUMBER}\s*[MCLZ]?)*\s*$"),
    "points": re.compile(rf"^(?:\s*{NUMBER},{NUMBER})+\s*$"),
    "cx": re.compile(rf"^{NUMBER}$"),
    "cy": re.compile(rf"^{NUMBER}$"),
    "rx": re.compile(rf"^{NUMBER}$"),
    "ry": re.compile(rf"^{NUMBER}$"),
    "x": re.compile(rf"^{NUMBER}$"),
    "y": re.compile(rf"^{NUMBER}$"),
    "font-size": re.compile(rf"^{NUMBER}$"),
    "text-anchor": re.compile(r"^(start|middle|end)$"),
}
# The elements kept, with the attributes each keeps from dot (checked against VALUE).
SHAPES = {"path": ("d",), "polygon": ("points",), "polyline": ("points",), "ellipse": ("cx", "cy", "rx", "ry")}
WORDS = ("x", "y", "text-anchor", "font-size")
TRANSFORM = re.compile(rf"^(?:(?:scale|rotate|translate)\({NUMBER}(?: {NUMBER})*\) ?)+$")
VIEWBOX = re.compile(rf"^{NUMBER} {NUMBER} {NUMBER} {NUMBER}$")


def clean(raw: str, diagram: Diagram, hrefs: dict[int, str], ids: str) -> str:
    """A new SVG from dot's: only the nodes and edges of `diagram`, each node linked to its entry in
    `hrefs` (none for a node not in it), with `ids` as the prefix of the ids it holds."""
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(raw.encode("utf-8"), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except Exception as error:  # defusedxml's refusals and expat's errors alike
        raise ContentError(f"{diagram.title}: dot returned SVG that could not be read ({error}).") from None
    graph = root.find(f"{SVG}g")
    view_box = root.get("viewBox", "")
    if root.tag != f"{SVG}svg" or graph is None or not VIEWBOX.match(view_box):
        raise ContentError(f"{diagram.title}: dot returned SVG without the drawing expected.")
    nodes = {f"n{i}": i for i in range(len(diagram.nodes))}
    edges = {f"n{e.tail}->n{e.head}" for e in diagram.edges}
    transform = graph.get("transform", "")
    # dot's size is in points; the same number of CSS pixels shows its words at 14 px, and the
    # stylesheets scale it from there (the viewBox keeps its shape).
    width, height = (math.ceil(float(v)) for v in view_box.split()[2:])
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" width="{width}" '
        f'height="{height}" class="dpup-diagram__svg" role="group" aria-labelledby="{ids}-title">',
        f'<title id="{ids}-title">{_esc(diagram.title)}</title>',
        f"<g{_attr('transform', transform) if TRANSFORM.match(transform) else ''}>",
    ]
    for group in graph.findall(f"{SVG}g"):
        name = group.findtext(f"{SVG}title") or ""
        if group.get("class") == "node" and name in nodes:
            out.append(_node(group, diagram.nodes[nodes[name]], hrefs.get(nodes[name])))
        elif group.get("class") == "edge" and name in edges:
            out.append(_edge(group))
    out.append("</g></svg>")
    return "\n".join(out)


def _node(group: Element, node: Node, href: str | None) -> str:
    _, fill, stroke = KINDS[node.kind]
    # The first shape is the box; any other is an outline around it (a double border).
    drawn = [el for el in _drawn(group, SHAPES) if _shape(el, "", "", "")]
    shapes = "".join(
        _shape(el, "dpup-diagram__shape", fill, stroke)
        if n == 0
        else _shape(el, "dpup-diagram__shape dpup-diagram__shape--outer", "none", stroke)
        for n, el in enumerate(drawn)
    )
    words = "".join(_words(el, "dpup-diagram__words") for el in _drawn(group, ("text",)))
    inside = (f"<title>{_esc(node.name)}</title>" if node.name else "") + shapes + words
    if href is not None:
        inside = f'<a xlink:href="{_esc(href)}">{inside}</a>'
    return f'<g class="dpup-diagram__node dpup-diagram__node--{node.kind}">{inside}</g>'


def _edge(group: Element) -> str:
    parts = [_shape(el, "dpup-diagram__line", "none", LINE) for el in _drawn(group, ("path",))]
    parts += [_shape(el, "dpup-diagram__arrow", LINE, LINE) for el in _drawn(group, ("polygon",))]
    parts += [_words(el, "dpup-diagram__answer") for el in _drawn(group, ("text",))]
    return f'<g class="dpup-diagram__edge">{"".join(parts)}</g>'


def _drawn(group: Element, tags: Collection[str]) -> list[Element]:
    """The group's elements of these kinds, however deep dot put them (in a link, or not)."""
    return [el for el in group.iter() if el.tag.startswith(SVG) and el.tag[len(SVG) :] in tags]


def _shape(el: Element, cls: str, fill: str, stroke: str) -> str:
    """A shape with its geometry, or nothing if any of it is not numbers."""
    tag = el.tag[len(SVG) :]
    if not all(VALUE[a].match(el.get(a) or "") for a in SHAPES[tag]):
        return ""
    kept = "".join(_attr(a, el.get(a) or "") for a in SHAPES[tag])
    return f'<{tag} class="{cls}" fill="{fill}" stroke="{stroke}"{kept}/>'


def _words(el: Element, cls: str) -> str:
    """A line of words where dot put it (nothing if it put it nowhere), its text escaped."""
    if not all(VALUE[a].match(el.get(a) or "") for a in ("x", "y")):
        return ""
    kept = "".join(_attr(a, el.get(a) or "") for a in WORDS if VALUE[a].match(el.get(a) or ""))
    font = f"{FONT}, Arial, sans-serif"
    return f'<text class="{cls}" fill="{INK}" font-family="{font}"{kept}>{_esc(el.text or "")}</text>'


def _attr(name: str, value: str) -> str:
    return f' {name}="{_esc(value)}"'


def _esc(words: str) -> str:
    return html.escape(words, quote=True)


# --- on the page ----------------------------------------------------------------------


def placeholder(key: str) -> str:
    """What a macro writes where a diagram goes: the sanitiser allows it, `fill` replaces it."""
    return f'<div class="dpup-diagram" data-dpup-diagram="{key}"></div>'


def guide_details(model: ContentModel, from_src: str, tool_id: str) -> str:
    """The guide's diagram, folded away under "See the whole guide", with the way to read it and
    a link to the same guide as a table (the paths page, at the guide's own section)."""
    guide = tools.tool_of(model, tool_id, ts.DecisionGuide)
    table = link(from_src, PATHS_PAGE, slug(guide.title))
    return (
        '<details class="dpup-guide__diagram" markdown>\n'
        "<summary>See the whole guide</summary>\n\n"
        "Each box is a question or an outcome, numbered as on this page. Each arrow is an answer. "
        "Outcomes say how to go on: “Go ahead” (an oval), “Check first” (six sides) or “Stop” "
        "(eight sides). Select a box to go to it.\n\n"
        f"{placeholder(f'guide-{tool_id}')}\n\n"
        f"To read the guide in words instead, see [every path through it, as a table]({table}).\n\n"
        "</details>\n"
    )


def sharing_details(model: ContentModel) -> str:
    """The sharing rules' diagram, folded away, with the way to read it."""
    if not model.data.sharing_order:
        raise KeyError("sharing_rules_diagram: data/laws.yml has no `sharing_order` to draw; add it there.")
    return (
        '<details class="dpup-guide__diagram" markdown>\n'
        "<summary>See the order as a diagram</summary>\n\n"
        "Start at question 1. If it fits, the boxes beside it show the laws that apply and what "
        "each does: it lets you share (an oval), asks you to consider sharing (six sides) or "
        "requires you to share (a double box). If it does not fit, go down to the next question. "
        "Select a box to read more.\n\n"
        f"{placeholder(SHARING_KEY)}\n\n"
        "The list above says the same in words, and each question has its own section below.\n\n"
        "</details>\n"
    )


# The build cache's get_or_make (dpup/cache.py): a value by its inputs, made only if it is new.
Cached = Callable[[tuple[str, ...], Callable[[], str]], str]


def svg_of(diagram: Diagram, cached: Cached, hrefs: dict[int, str], ids: str) -> str:
    """The diagram's clean SVG: dot's output from the cache (by its DOT source), cleaned now."""
    source = dot_source(diagram)
    return clean(cached((dot_version(), source), lambda: layout(source, diagram.file)), diagram, hrefs, ids)


def fill(
    page_html: str,
    model: ContentModel,
    page_url: str,
    url_of: Callable[[str], str],
    cached: Cached,
    page_file: str = "",
) -> str:
    """The page's HTML with each placeholder replaced by its diagram, in a region the keyboard can
    scroll. `url_of` gives a docs page's URL, so links work with and without directory URLs."""
    found = PLACEHOLDER.findall(page_html)
    if not found:
        return page_html
    known = diagrams(model)
    problems = [
        Problem(page_file, None, "body", f"there is no diagram '{key}'; draw one with its macro.")
        for key in found
        if key not in known
    ]
    problems += _missing_sections(page_html, known, found)
    raise_problems(problems)
    made: dict[str, int] = {}

    def one(m: re.Match[str]) -> str:
        diagram = known[m.group(1)]
        made[diagram.key] = made.get(diagram.key, 0) + 1
        ids = f"dpup-diagram-{diagram.key}" + (f"-{made[diagram.key]}" if made[diagram.key] > 1 else "")
        hrefs = {
            i: ("" if n.page is None else relative(url_of(n.page), page_url)) + f"#{n.anchor}"
            for i, n in enumerate(diagram.nodes)
            if n.anchor
        }
        # Fitted to the box at first, so the reader sees it whole; unticked (no script: a checkbox
        # and CSS), it is drawn at its own size, its words larger, in a region that scrolls.
        return (
            f'<div class="dpup-diagram__view" data-search-exclude>\n'
            f'<input type="checkbox" class="dpup-diagram__fit" id="{ids}-fit" checked> '
            f'<label for="{ids}-fit">Show the whole diagram at once, with smaller words</label>\n'
            f'<div class="dpup-diagram" data-dpup-diagram="{diagram.key}" role="region" tabindex="0" '
            f'aria-labelledby="{ids}-title">\n{svg_of(diagram, cached, hrefs, ids)}\n</div>\n</div>'
        )

    return PLACEHOLDER.sub(one, page_html)


def _missing_sections(page_html: str, known: dict[str, Diagram], found: list[str]) -> list[Problem]:
    """The sharing rules' questions link to their sections on the page: each must be there."""
    if SHARING_KEY not in found:
        return []
    ids = set(re.findall(r'\sid="([^"]+)"', page_html))
    return [
        Problem(
            "data/laws.yml",
            None,
            f"sharing_order.{n}.section",
            f"'{node.anchor}' is not the id of a section of the page the diagram is on; use the id of "
            "the question's `##` heading there.",
        )
        for n, node in enumerate(n for n in known[SHARING_KEY].nodes if n.kind == "step")
        if node.anchor not in ids
    ]


def relative(to_url: str, from_url: str) -> str:
    """A link from the page at one site URL to another: 'law/' from 'guides/sharing-rules/' is
    '../../law/'; 'law.html' from 'guides/sharing-rules.html' is '../law.html'."""
    folder = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    path = posixpath.relpath(to_url or ".", folder.rstrip("/") or ".")
    return "./" if path == "." else path + ("/" if to_url.endswith("/") else "")
