"""Safe contributed content: what a page in docs/ may not contain.

Pages come from pull requests, so the build refuses anything that could run code in a
reader's browser (scripts, frames, objects, event handlers, javascript: URLs) or on the
build machine (any Jinja beyond a call to one of the policy's macros with literal arguments).
"""

from __future__ import annotations

import re

from jinja2 import Environment, TemplateSyntaxError, nodes

from .errors import Problem

UNSAFE_HTML = [
    (re.compile(r"<\s*(script|iframe|object|embed)\b", re.IGNORECASE),
     "raw <{0}> is not allowed in policy pages; use Markdown, or ask a maintainer to add a macro."),
    (re.compile(r"<[a-zA-Z][^>]*\s(on[a-zA-Z]+)\s*=", re.IGNORECASE),
     "inline event handlers ({0}=…) are not allowed; pages cannot run scripts."),
    (re.compile(r"(javascript)\s*:", re.IGNORECASE),
     "{0}: URLs are not allowed; link to a page or an https:// address."),
]
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)

# Node types a page's Jinja may contain: text, output, calls, call blocks and literal values.
ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Call, nodes.CallBlock,
                 nodes.Name, nodes.Const, nodes.List, nodes.Tuple, nodes.Keyword)


def mask_inline_code(prose: str) -> str:
    """Blank out `inline code`, keeping offsets, so examples of HTML in code are allowed."""
    return INLINE_CODE.sub(lambda m: " " * len(m.group(0)), prose)


def unsafe_html_problems(file: str, prose: str, first_line: int) -> list[Problem]:
    """Raw scripts, frames, objects, event handlers and javascript: URLs, by line."""
    text = mask_inline_code(prose)
    problems = []
    for pattern, message in UNSAFE_HTML:
        for m in pattern.finditer(text):
            line = first_line + text[: m.start()].count("\n")
            problems.append(Problem(file, line, "body", message.format(m.group(1).lower())))
    return problems


def jinja_problems(file: str, body: str, first_line: int, macros: set[str]) -> list[Problem]:
    """Anything in the page's Jinja other than calls to the policy's own macros."""
    try:
        tree = Environment().parse(body)
    except TemplateSyntaxError as error:
        return [Problem(file, first_line + error.lineno - 1, "body", f"Jinja syntax error: {error.message}.")]
    problems = []
    for node in tree.find_all(nodes.Node):
        line = first_line + getattr(node, "lineno", 1) - 1
        if not isinstance(node, ALLOWED_NODES):
            problems.append(Problem(file, line, "body",
                                    f"'{type(node).__name__}' is not allowed in a page's Jinja; only calls "
                                    f"to the policy's macros are ({', '.join(sorted(macros))})."))
        elif isinstance(node, nodes.Call) and not (isinstance(node.node, nodes.Name)
                                                   and node.node.name in macros):
            name = getattr(node.node, "name", type(node.node).__name__)
            problems.append(Problem(file, line, "body",
                                    f"'{name}' is not one of the policy's macros; use one of: "
                                    f"{', '.join(sorted(macros))}."))
        elif isinstance(node, nodes.Name) and node.name not in macros and node.name != "caller":
            problems.append(Problem(file, line, "body",
                                    f"'{node.name}' is not one of the policy's macros."))
    return problems
