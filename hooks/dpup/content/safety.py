"""Safe page Jinja: a page may call the policy's macros with literal arguments, nothing more.

Pages come from pull requests. Their Jinja already runs in Jinja's sandbox (hooks/content.py);
this check refuses anything beyond macro calls before it is rendered, with a message that
names the line. What a page's HTML may hold is checked on its output (dpup/content/sanitise.py).
"""

from __future__ import annotations

from collections.abc import Callable
from difflib import get_close_matches

from jinja2 import Environment, TemplateSyntaxError, nodes

from .errors import Problem

# Node types a page's Jinja may contain: text, output, calls, call blocks and literal values.
ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Call, nodes.CallBlock,
                 nodes.Name, nodes.Const, nodes.List, nodes.Tuple, nodes.Keyword)
# What a contributor wrote, in their words rather than Jinja's own names for it.
WRITTEN = [
    ((nodes.Getattr, nodes.Getitem), "reading part of a value (x.y or x[y])"),
    ((nodes.Filter, nodes.Test), "a filter or test (| name, is name)"),
    ((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends), "{% include %} or another template"),
    ((nodes.Assign, nodes.AssignBlock), "{% set %}"),
    ((nodes.For,), "{% for %}"),
    ((nodes.If, nodes.CondExpr), "{% if %}"),
    ((nodes.Macro,), "defining a macro"),
]
HOW = ("a page may only call the policy's macros with plain values, such as {{ law(\"privacy-act-2020/ipp-1\") }}; "
       "to show Jinja as text, wrap it in {% raw %} … {% endraw %}.")

# For each macro, how to check its literal arguments: (which arguments, known values, where they live).
# "all": every positional argument; 0: the first one.
ArgumentRule = tuple[str | int, Callable[[str], bool], str]


def jinja_problems(file: str, body: str, first_line: int, macros: set[str],
                   rules: dict[str, ArgumentRule] | None = None) -> list[Problem]:
    """Anything in the page's Jinja other than calls to the policy's own macros with known ids,
    one problem per line, in the contributor's words."""
    try:
        tree = Environment().parse(body)
    except TemplateSyntaxError as error:
        return [Problem(file, first_line + error.lineno - 1, "body", f"Jinja syntax error: {error.message}.")]
    found: dict[int, Problem] = {}

    def note(node, message: str) -> None:
        line = first_line + (getattr(node, "lineno", None) or 1) - 1
        found.setdefault(line, Problem(file, line, "body", message))

    for node in tree.find_all(nodes.Node):
        if not isinstance(node, ALLOWED_NODES):
            what = next((words for kinds, words in WRITTEN if isinstance(node, kinds)), "this Jinja")
            note(node, f"{what} is not allowed here: {HOW}")
        elif isinstance(node, nodes.Call):
            name = node.node.name if isinstance(node.node, nodes.Name) else None
            if name not in macros:
                close = get_close_matches(name or "", sorted(macros), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else f" The macros are: {', '.join(sorted(macros))}."
                note(node, f"'{name or 'this'}' is not one of the policy's macros.{hint}")
            elif rules and name in rules:
                for problem in _argument_problems(name, node, rules[name]):
                    note(node, problem)
        elif isinstance(node, nodes.Name) and node.name not in macros and node.name != "caller":
            note(node, f"'{node.name}' is not one of the policy's macros: {HOW}")
    return [found[line] for line in sorted(found)]


def _argument_problems(name: str, call: nodes.Call, rule: ArgumentRule) -> list[str]:
    which, known, where = rule
    args = call.args if which == "all" else call.args[which:which + 1]
    out = []
    for arg in args:
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str) and not known(arg.value):
            out.append(f"{name}(\"{arg.value}\"): '{arg.value}' is not in {where}; check its spelling there.")
    return out
