"""Safe page Jinja: a page is parsed, then allowed; nothing else of its template is trusted.

Pages come from pull requests. Before any rendering, the Jinja of every page that uses macros
is parsed into Jinja's syntax tree and checked against an allow-list: text, calls of the
policy's macros with literal arguments (each of the kind its parameter declares: arguments.py),
and `for_audience` blocks holding text and such calls.
Nothing else: no names, attributes, items, filters, tags, comments or nested blocks. What
passes becomes a small tree of our own (`Parsed`): the audience views are built from its
blocks, never cut out of the raw text. The page is then rendered in a sandbox that sees the
macros and nothing else (`page_environment`): the second wall, not the first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from jinja2 import Template, TemplateSyntaxError, Undefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import arguments
from .errors import Problem

AUDIENCE_MACRO = "for_audience"
# Jinja's default delimiters: mkdocs.yml sets none of mkdocs-macros' j2_* options, so the text
# checked here is read exactly as the page is rendered.
LIMITS = {"tags": 2000}  # '{{' and '{%' in one page: far above any real page, far below a costly one
HOW = (
    'a page may only call the policy\'s macros with plain values, such as {{ law("privacy-act-2020/ipp-1") }}, '
    'and hold {% call for_audience("…") %} blocks; to show Jinja as text, wrap it in {% raw %} … {% endraw %}.'
)
# What a contributor wrote, in their words rather than Jinja's own names for it.
WRITTEN = [
    ((nodes.Getattr, nodes.Getitem), "reading part of a value (x.y or x[y])"),
    ((nodes.Filter, nodes.Test), "a filter or test (| name, is name)"),
    ((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends), "{% include %} or another template"),
    ((nodes.Assign, nodes.AssignBlock), "{% set %}"),
    ((nodes.For,), "{% for %}"),
    ((nodes.If, nodes.CondExpr), "{% if %}"),
    ((nodes.Macro,), "defining a macro"),
    ((nodes.Name,), "a variable"),
    ((nodes.CallBlock,), "a {% call %} block inside another"),
]

Literal = str  # a macro's values are text: ids, a page's path, a link's words
# The one argument a page may give by name: a link's own words, law("…", text="the Act").
KEYWORDS = {"text"}
Macros = Mapping[str, arguments.Parameters]  # the macros a page may call, by name, with what each parameter takes
Checks = Mapping[arguments.Kind, arguments.Check]  # how to check each kind of value against the data


@dataclass(frozen=True)
class Call:
    """A call of one of the policy's macros, with its literal arguments."""

    name: str
    args: tuple[Literal, ...]
    kwargs: tuple[tuple[str, Literal], ...]
    line: int  # in the body


Piece = str | Call  # text, as Jinja would print it, or a macro call


@dataclass(frozen=True)
class Block:
    """`{% call for_audience("…") %} … {% endcall %}`: text and calls for one audience."""

    audience: str
    pieces: tuple[Piece, ...]
    line: int  # in the body


@dataclass(frozen=True)
class Parsed:
    """A page's body as the allow-list read it: text, calls and audience blocks, in order."""

    pieces: tuple[Piece | Block, ...]

    @property
    def blocks(self) -> list[Block]:
        return [p for p in self.pieces if isinstance(p, Block)]


def parse(
    file: str, body: str, first_line: int, macros: Macros, checks: Checks | None = None
) -> tuple[Parsed | None, list[Problem]]:
    """The page's Jinja as our own tree, or None with one problem per line, in the contributor's words.

    Each call is bound to its macro's signature; each value it gives is checked against the data
    its parameter's kind names (`checks`, content/arguments.py: none, if not given)."""
    env = ImmutableSandboxedEnvironment()  # only its lexer and parser: nothing is rendered here
    tags = body.count("{{") + body.count("{%")
    if tags > LIMITS["tags"]:
        return None, [
            Problem(
                file,
                first_line,
                "body",
                f"the page has {tags} Jinja tags ('{{{{' or '{{%'); at most "
                f"{LIMITS['tags']} are allowed. Split the page.",
            )
        ]
    try:
        tokens = list(env.lex(body))
        tree = env.parse(body)
    except TemplateSyntaxError as error:
        line = first_line + (error.lineno or 1) - 1
        return None, [Problem(file, line, "body", f"Jinja syntax error: {error.message}.")]
    except RecursionError:
        return None, [
            Problem(file, first_line, "body", "the page's Jinja is nested too deeply to read; close each block.")
        ]
    reader = _Reader(file, first_line, {n: p for n, p in macros.items() if n != AUDIENCE_MACRO}, checks or {})
    for line, kind, value in tokens:
        if kind == "comment_begin":
            reader.note(
                line,
                "a Jinja comment ({# … #}) is not allowed: it could hide template code from review. "
                "Delete it; a note for editors belongs in the pull request.",
            )
        elif kind == "string" and "\\" in value:
            # Jinja reads \n, \x5b or \u003c in quotes as the character they name, which the checks
            # of the page as written (content/limits.py) would not see: a value holds only itself.
            reader.note(
                line,
                f"{value[:40]}: a backslash is not allowed in a macro's value (Jinja reads \\n or \\x5b "
                "as another character); write the words themselves.",
            )
    pieces = reader.pieces(tree.body)
    problems = [reader.found[line] for line in sorted(reader.found)]
    return (None if problems else Parsed(tuple(pieces))), problems


def jinja_problems(
    file: str, body: str, first_line: int, macros: Macros, checks: Checks | None = None
) -> list[Problem]:
    """Anything in the page's Jinja beyond the allow-list."""
    return parse(file, body, first_line, macros, checks)[1]


class _Reader:
    """Walks Jinja's syntax tree, keeping what the allow-list allows and noting the rest."""

    def __init__(self, file: str, first_line: int, macros: Macros, checks: Checks):
        self.file, self.first_line, self.macros, self.checks = file, first_line, macros, checks
        self.found: dict[int, Problem] = {}

    def note(self, line: int | None, message: str) -> None:
        at = self.first_line + (line or 1) - 1
        self.found.setdefault(at, Problem(self.file, at, "body", message))

    def refuse(self, node: nodes.Node) -> None:
        what = next((words for kinds, words in WRITTEN if isinstance(node, kinds)), "this Jinja")
        self.note(node.lineno, f"{what} is not allowed here: {HOW}")

    def pieces(self, body: list[nodes.Node]) -> list[Piece | Block]:
        """The page itself: text, calls and audience blocks."""
        out: list[Piece | Block] = []
        for node in body:
            if isinstance(node, nodes.CallBlock):
                if (block := self.block(node)) is not None:
                    out.append(block)
            else:
                out += self.text_and_calls([node])
        return out

    def text_and_calls(self, body: list[nodes.Node]) -> list[Piece]:
        """Inside an audience block: text and calls, and no block inside another."""
        out: list[Piece] = []
        for node in body:
            if isinstance(node, nodes.Output):
                out += [p for child in node.nodes if (p := self.output(child)) is not None]
            else:
                self.refuse(node)
        return out

    def output(self, node: nodes.Node) -> Piece | None:
        if isinstance(node, nodes.TemplateData):
            return node.data
        if isinstance(node, nodes.Call):
            return self.call(node)
        self.refuse(node)
        return None

    def call(self, node: nodes.Call, allowed: Collection[str] | None = None) -> Call | None:
        allowed = self.macros if allowed is None else allowed
        name = node.node.name if isinstance(node.node, nodes.Name) else None
        if name is None or name not in allowed:
            if name == AUDIENCE_MACRO:
                self.note(
                    node.lineno,
                    f'{AUDIENCE_MACRO} is a block: write {{% call {AUDIENCE_MACRO}("frontline") %}} … {{% endcall %}}.',
                )
            elif name in self.macros:
                self.note(node.lineno, f"'{name}' is a macro, not a block: write {{{{ {name}(…) }}}}.")
            else:
                close = get_close_matches(name or "", sorted(self.macros), n=1)
                names = ", ".join(sorted(self.macros))
                hint = f" Did you mean '{close[0]}'?" if close else f" The macros are: {names}."
                self.note(node.lineno, f"'{name or 'this'}' is not one of the policy's macros.{hint}")
            return None
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            self.note(node.lineno, f"{name}(*…) and {name}(**…) are not allowed: {HOW}")
            return None
        if unknown := [k.key for k in node.kwargs if k.key not in KEYWORDS]:
            self.note(
                node.lineno,
                f"{name}({unknown[0]}=…): give it in order, without a name; only "
                f"{', '.join(f'{k}=' for k in sorted(KEYWORDS))} may be named.",
            )
            return None
        values = [*node.args, *(k.value for k in node.kwargs)]
        if (unwritten := next((v for v in values if not isinstance(v, nodes.Const)), None)) is not None:
            self.refuse(unwritten)
            return None
        texts = [v.value for v in values if isinstance(v, nodes.Const) and isinstance(v.value, str)]
        if len(texts) < len(values):
            self.note(node.lineno, f'{name}(…): write each value as text in quotes, such as {name}("…").')
            return None
        if len({k.key for k in node.kwargs}) < len(node.kwargs):
            self.note(node.lineno, f"{name}(…): a value is named twice; name each one once.")
            return None
        if any(unicodedata.category(c) == "Cc" for text in texts for c in text):
            # A line break, tab or other control character in a value would reach the page unseen
            # by the checks of the page as written: a link's words or an id never need one.
            self.note(
                node.lineno,
                f"{name}(…): a value holds a line break or control character; keep each "
                "value on one line, in plain words.",
            )
            return None
        positional = len(node.args)  # the values given in order come first, then those given by name
        call = Call(
            name, tuple(texts[:positional]), tuple(zip((k.key for k in node.kwargs), texts[positional:])), node.lineno
        )
        if name in self.macros:  # not the audience block: block() checks its shape
            for problem in arguments.problems(call, self.macros[name], self.checks):
                self.note(node.lineno, problem)
        return call

    def block(self, node: nodes.CallBlock) -> Block | None:
        call = self.call(node.call, {AUDIENCE_MACRO})
        if call is None:
            return None
        if node.args or node.defaults or call.kwargs or len(call.args) != 1 or not isinstance(call.args[0], str):
            self.note(
                node.lineno,
                f'write an audience block as {{% call {AUDIENCE_MACRO}("frontline") %}}, '
                "with one audience id and nothing else.",
            )
            return None
        return Block(call.args[0], tuple(self.text_and_calls(node.body)), node.lineno)


def render(pieces: tuple[Piece, ...], run_macro: Callable[[Call], str]) -> str:
    """The text of checked pieces, each call replaced by what the macro returns."""
    return "".join(p if isinstance(p, str) else run_macro(p) for p in pieces)


# --- the second wall -------------------------------------------------------------


class _MacrosOnlyTemplate(Template):
    """A page template that sees only its environment's globals (the macros): mkdocs-macros
    hands every page its config, page, plugin and environment objects, and they are dropped."""

    def render(self, *args: Any, **kwargs: Any) -> str:  # Template's own signature: whatever it is given
        return super().render()


def page_environment(
    macros: Mapping[str, Callable[..., str]], undefined: type[Undefined]
) -> ImmutableSandboxedEnvironment:
    """The sandbox pages are rendered in: the macros and nothing else, no loader, no filters."""
    env = ImmutableSandboxedEnvironment(undefined=undefined, loader=None)
    env.template_class = _MacrosOnlyTemplate
    env.globals = dict(macros)  # not Jinja's defaults (range, lipsum, cycler, joiner, namespace, dict)
    env.filters, env.tests = {}, {}
    return env
