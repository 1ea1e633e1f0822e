"""Safe page Jinja: a page may call the policy's macros with literal arguments, nothing more.

Pages come from pull requests. Their Jinja already runs in Jinja's sandbox (hooks/content.py);
this check refuses anything beyond macro calls before it is rendered, with a message that
names the line. What a page's HTML may hold is checked on its output (dpup/content/sanitise.py).
"""

from __future__ import annotations

from jinja2 import Environment, TemplateSyntaxError, nodes

from .errors import Problem

# Node types a page's Jinja may contain: text, output, calls, call blocks and literal values.
ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Call, nodes.CallBlock,
                 nodes.Name, nodes.Const, nodes.List, nodes.Tuple, nodes.Keyword)


def jinja_problems(file: str, body: str, first_line: int, macros: set[str]) -> list[Problem]:
    """Anything in the page's Jinja other than calls to the policy's own macros."""
    try:
        tree = Environment().parse(body)
    except TemplateSyntaxError as error:
        return [Problem(file, first_line + error.lineno - 1, "body", f"Jinja syntax error: {error.message}.")]
    problems = []
    for node in tree.find_all(nodes.Node):
        line = first_line + (getattr(node, "lineno", None) or 1) - 1
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
