"""Turn YAML and schema failures into one readable message: file, line, field, fix.

YAML is read by the strict reader in yaml_reader.py; parse_yaml and field_line here hand over to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, overload

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

if TYPE_CHECKING:
    from .yaml_reader import Parsed

# LibYAML when present: ten times faster, same line marks. Only the strict reader (yaml_reader.py)
# uses it: never load contributed YAML with it directly.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Where a value is in a file: the keys and list positions that lead to it, as pydantic gives them.
Loc = tuple[str | int, ...]


class ContentError(Exception):
    """The policy's content or data breaks the content model. Stops the build; the hooks hand it
    to MkDocs as a plain error message (hooks/adapter.py), never a traceback."""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" field '{self.field}':" if self.field else ""
        return f"{where}:{field} {self.message}"


def raise_problems(problems: Sequence[Problem]) -> None:
    """Stop the build with every problem found, one per line."""
    if problems:
        stop(*problems)


def stop(*problems: Problem) -> NoReturn:
    """Stop the build with these problems (one or more), one per line: for code that cannot go on."""
    count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
    lines = "\n  ".join(str(p) for p in problems)
    raise ContentError(f"The policy content has {count}:\n  {lines}")


def yaml_problem(file: str, error: yaml.YAMLError, line_offset: int = 0) -> Problem:
    """A YAML syntax error, at the line where the mistake is: a quote that is never closed or a
    line that is not indented is named where it starts, not where the parser gave up."""
    context = getattr(error, "context", None) or ""
    starts = getattr(error, "context_mark", None) if "while scanning" in context else None
    mark = starts or getattr(error, "problem_mark", None)
    line = mark.line + 1 + line_offset if mark else None
    what = getattr(error, "problem", None) or str(error)
    if "quoted scalar" in context:
        advice = "a quotation mark opened on this line is never closed; close it, or remove it."
    elif "nesting depth" in what:  # LibYAML's own limit, met by thousands of '[' or '{'
        advice = "lists and fields are nested far too deep here; nothing in the policy needs that. Flatten it."
    elif "simple key" in context:
        advice = "this line is not part of the field above it; indent it to continue that field's text."
    else:
        advice = "check indentation, colons and quotes."
    return Problem(file, line, None, f"malformed YAML ({what}): {advice}")


def parse_yaml(
    text: str, file: str, problems: list[Problem], line_offset: int = 0, *, limit: int | None = None
) -> Parsed | None:
    """Parse YAML text into (data, node tree for line numbers) with the strict reader; None after
    noting a problem. `limit`: the most bytes it reads (default: by `file`, see yaml_reader.limit_for)."""
    from .yaml_reader import read  # imported here: yaml_reader builds on this module

    return read(text, file, problems, line_offset, limit=limit)


def duplicate_keys(file: str, node: yaml.Node | None, line_offset: int = 0, path: Loc = ()) -> list[Problem]:
    """Every key written twice in one mapping: YAML would silently keep only the last."""
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                problems.append(
                    Problem(
                        file,
                        key.start_mark.line + 1 + line_offset,
                        _dotted((*path, key.value)),
                        "this field is written twice; keep one (YAML would silently keep the last).",
                    )
                )
            seen.add(key.value)
            problems += duplicate_keys(file, value, line_offset, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            problems += duplicate_keys(file, item, line_offset, (*path, i))
    return problems


# Jinja's delimiters. The generated pages that repeat front matter and data (the audience
# views) are rendered by mkdocs-macros, so a '{{' there could run.
JINJA = re.compile(r"\{[{%#]")


def template_problems(file: str, node: yaml.Node | None, line_offset: int = 0, path: Loc = ()) -> list[Problem]:
    """Every scalar that holds a Jinja delimiter, at its own line: values and field names alike."""
    if isinstance(node, yaml.MappingNode):
        return [
            p
            for k, v in node.value
            for part in (k, v)
            for p in template_problems(file, part, line_offset, (*path, k.value))
        ]
    if isinstance(node, yaml.SequenceNode):
        return [p for i, v in enumerate(node.value) for p in template_problems(file, v, line_offset, (*path, i))]
    if isinstance(node, yaml.ScalarNode) and JINJA.search(node.value):
        return [
            Problem(
                file,
                node.start_mark.line + 1 + line_offset,
                _dotted(path),
                "'{{', '{%' and '{#' are not allowed here: front matter and data files are plain "
                "text, never templates. Write the words without the braces.",
            )
        ]
    return []


def schema_problems(file: str, error: ValidationError, node: yaml.Node | None, line_offset: int = 0) -> list[Problem]:
    """One problem per pydantic error, located in the YAML by walking the node tree."""
    problems = []
    for e in error.errors():
        loc = tuple(e["loc"])
        line = line_of(node, loc)
        problems.append(Problem(file, line + line_offset if line else None, _dotted(loc), _explain(e)))
    return problems


def _explain(e: ErrorDetails) -> str:
    kind, ctx = e["type"], e.get("ctx", {})
    if kind == "extra_forbidden":
        return "unknown field; remove it or check its spelling (see CONTRIBUTING.md, 'Front matter')."
    if kind == "missing":
        return "required field is missing; add it."
    if kind == "literal_error":
        return f"got {e['input']!r}; allowed: {ctx.get('expected')}."
    if kind == "value_error":
        return f"{ctx.get('error', e['msg'])}."
    if kind == "string_type" and isinstance(e["input"], bool):
        return (
            f"YAML read this as {e['input']!r}, not text: words like Yes, No, On and Off "
            'become true or false. Put the text in quotes, e.g. "Yes".'
        )
    if kind == "string_pattern_mismatch" and e["loc"][-1:] == ("email",):
        return (
            f"got {e['input']!r}; write a plain email address such as feedback@example.org, with nothing "
            "before or after it (no '?', '&', ',', ';', spaces or quotes)."
        )
    if kind == "string_pattern_mismatch":
        return f"got {e['input']!r}; use lower-case words joined by hyphens (pattern {ctx.get('pattern')})."
    return f"{e['msg']} (got {e['input']!r})."


def _dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def read_text(path: Path, name: str, problems: list[Problem]) -> str | None:
    """A source file's text; None, after noting a problem, if it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(not_utf8(name, path.read_bytes(), error))
        return None


def not_utf8(name: str, data: bytes, error: UnicodeDecodeError) -> Problem:
    line = data[: error.start].count(b"\n") + 1
    return Problem(
        name,
        line,
        None,
        "this file is not UTF-8 text (the encoding every page and data file must "
        "use); save it as UTF-8 in your editor.",
    )


def field_line(path: Path, loc: Loc) -> int | None:
    """The line of a field in a YAML file (for messages about a file already loaded), read with the
    strict reader: a file it refuses has no lines to give (None)."""
    from .yaml_reader import field_line as strict_field_line

    return strict_field_line(path, loc)


@overload
def line_of(node: yaml.Node, loc: Loc) -> int: ...
@overload
def line_of(node: yaml.Node | None, loc: Loc) -> int | None: ...
def line_of(node: yaml.Node | None, loc: Loc) -> int | None:
    """The 1-based line of the deepest YAML node that `loc` reaches (always one, given a node)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
            if node is None:  # a missing or unknown key: the line of the mapping itself
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line
