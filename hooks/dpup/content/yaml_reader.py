"""The one strict YAML reader, for front matter and every data file: plain data, nothing more.

YAML can do far more than hold data. A tag makes a value into another kind of object (`!!binary`
once hid '{{' from the template check), an anchor and its aliases repeat a value (564 bytes of
them expand into billions of values), a merge key `<<` copies fields from elsewhere. Contributors
need none of it, so the reader refuses all of it in the parser's event stream, before anything is
built: an alias is never expanded. Then it builds only what YAML reads without a tag: text,
numbers, true or false, null and dates (`reviewed: 2026-11-01`), in lists and mappings.
Sizes are checked before parsing and nesting while parsing, so no input costs more than its size.

Every reader of contributed YAML comes here: the content model (errors.parse_yaml), the field
lines in messages (field_line) and the change check (dpup/history/check.py). mkdocs.yml, which
MkDocs reads itself, is checked by config_check.py with the same walk over the events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import FAST_LOADER, Loc, Problem, _dotted, duplicate_keys, line_of, template_problems, yaml_problem

# The limits, checked before the parser sees the text. Each is far above what the policy needs
# and far below what would slow a build: input whose cost grows faster than its size is refused
# by its size first.
# A page's front matter: the longest today is under 1 KB (docs/guides/sharing-rules.md).
FRONT_MATTER_BYTES = 16 * 1024
# A data file: the largest today is 27 KB (data/tools/can-i-share.yml): room to grow nearly twentyfold.
DATA_FILE_BYTES = 512 * 1024
# Lists and mappings inside each other: the deepest today is 6 (data/laws.yml). Building and
# checking recurse once a level, so 10,000 '[' would exhaust the stack; 20 is plenty.
MAX_DEPTH = 20
# One file's problems, at most: the first ones say what is wrong, thousands would bury them.
MAX_PROBLEMS = 10

# Plain scalars that YAML reads as instructions, not text: the merge key and the value key.
SPECIAL_KEYS = {"<<": "merge key (it copies fields from elsewhere)", "=": "value key"}
CORE_TAG = "tag:yaml.org,2002:"
# What read() gives: the data (plain values in lists and mappings), and the node tree for line numbers.
Parsed = tuple[Any, yaml.Node | None]


@dataclass(frozen=True)
class Step:
    """One parser event with its place in the document."""

    event: yaml.Event
    path: Loc  # the keys and list positions that lead to it
    is_key: bool  # the event is (part of) a mapping's key
    depth: int  # the lists and mappings around it, counting a list or mapping as around its own events


@dataclass(slots=True)
class _Frame:
    """An open list or mapping, as walk() goes through it."""

    is_mapping: bool
    at_key: bool = True  # a mapping's next node is a key
    key: str = ""  # a mapping's current key
    position: int = 0  # a list's current position


def walk(events: Iterable[yaml.Event]) -> Iterator[Step]:
    """Every event of a YAML stream with its place, built from the events alone: nothing is constructed."""
    frames: list[_Frame] = []
    for event in events:
        if isinstance(event, yaml.CollectionEndEvent):
            yield Step(event, *_place(frames[:-1]), len(frames))
            frames.pop()
            _advance(frames, None)
        elif isinstance(event, yaml.CollectionStartEvent):
            path, is_key = _place(frames)
            frames.append(_Frame(isinstance(event, yaml.MappingStartEvent)))
            yield Step(event, path, is_key, len(frames))
        elif isinstance(event, yaml.NodeEvent):  # a scalar or an alias
            yield Step(event, *_place(frames), len(frames))
            _advance(frames, event)


def _place(frames: list[_Frame]) -> tuple[Loc, bool]:
    """(path, is a key) of the next node, from the open lists and mappings."""
    path: list[str | int] = []
    for frame in frames:
        if frame.is_mapping and frame.at_key:
            return tuple(path), True
        path.append(frame.key if frame.is_mapping else frame.position)
    return tuple(path), False


def _advance(frames: list[_Frame], done: yaml.Event | None) -> None:
    """A node has ended (`done`, or a list or mapping if None): move its parent to the next key or item."""
    if not frames:
        return
    frame = frames[-1]
    if not frame.is_mapping:
        frame.position += 1
    elif frame.at_key:
        frame.at_key, frame.key = False, done.value if isinstance(done, yaml.ScalarEvent) else "?"
    else:
        frame.at_key = True


def shown_tag(tag: str) -> str:
    """A tag as it is written: 'tag:yaml.org,2002:binary' is '!!binary'."""
    return "!!" + tag.removeprefix(CORE_TAG) if tag.startswith(CORE_TAG) else tag


def step_field(step: Step) -> str:
    """The field a step is in, for a message: a key names itself."""
    event = step.event
    own = (event.value,) if step.is_key and isinstance(event, yaml.ScalarEvent) else ()
    return _dotted((*step.path, *own))


def anchor_message(event: yaml.NodeEvent) -> str | None:
    """Why an anchor or alias is refused, or None if the event has neither."""
    if isinstance(event, yaml.AliasEvent):
        return (
            f"the YAML alias '*{event.anchor}' is not allowed: an alias repeats a value written elsewhere, "
            "and a few lines of them can expand into billions of values. Write the value out in full here."
        )
    if event.anchor is not None:
        return (
            f"the YAML anchor '&{event.anchor}' is not allowed: anchors and aliases repeat a value, and a "
            f"few lines of them can expand into billions of values. Remove '&{event.anchor}' and write each "
            "value out in full."
        )
    return None


def event_line(event: yaml.Event, line_offset: int = 0) -> int:
    """The 1-based line an event starts on (the parser marks every event with its place)."""
    if event.start_mark is None:
        raise ValueError(f"YAML: the parser gave no place for {event}")
    return event.start_mark.line + 1 + line_offset


def tag_of(event: yaml.Event) -> str | None:
    """The tag written on a scalar, list or mapping; None on any other event, or none written."""
    return event.tag if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) else None


def refusals(step: Step) -> list[str]:
    """Why the strict reader refuses this event: every reason, or none."""
    event, found = step.event, []
    if isinstance(event, yaml.NodeEvent) and (anchor := anchor_message(event)):
        found.append(anchor)
    if (written := tag_of(event)) is not None:
        tag = shown_tag(written)
        found.append(
            f"the YAML tag '{tag}' is not allowed: front matter and data files hold plain values (text, "
            "numbers, dates, true or false) in lists and fields, never other kinds of object. Remove "
            f"'{tag}'; if the value is text, put it in quotes."
        )
    if step.is_key and isinstance(event, yaml.CollectionStartEvent):
        found.append("a field's name must be plain text, not a list or a mapping; write the name as text.")
    if isinstance(event, yaml.ScalarEvent) and event.implicit[0] and event.value in SPECIAL_KEYS:
        found.append(
            f"a bare '{event.value}' is YAML's {SPECIAL_KEYS[event.value]}, which front matter and data "
            f"files do not use: write each field out in full, or put it in quotes ('{event.value}') "
            "if you mean the text."
        )
    return found


def depth_problem(file: str, step: Step, line_offset: int = 0) -> Problem:
    return Problem(
        file,
        event_line(step.event, line_offset),
        step_field(step),
        f"lists and fields are nested more than {MAX_DEPTH} deep here; nothing in the policy needs "
        "that many levels (the deepest file today has 6). Flatten it.",
    )


def event_problems(text: str, file: str, line_offset: int = 0) -> list[Problem]:
    """Everything the strict reader refuses, found in the event stream before any node is built."""
    problems: list[Problem] = []
    for step in walk(yaml.parse(text, Loader=FAST_LOADER)):
        if step.depth > MAX_DEPTH:  # stop here: the parser need not read the rest
            return [*problems, depth_problem(file, step, line_offset)]
        line = event_line(step.event, line_offset)
        problems += [Problem(file, line, step_field(step), message) for message in refusals(step)]
        if len(problems) >= MAX_PROBLEMS:
            return problems[:MAX_PROBLEMS]
    return problems


def limit_for(file: str) -> int:
    """The size limit for a file as messages name it: a page's front matter, or a data file."""
    return FRONT_MATTER_BYTES if file.startswith("docs/") else DATA_FILE_BYTES


def size_problem(text: str, file: str, limit: int, line_offset: int = 0) -> Problem | None:
    """A problem if `text` is over `limit` bytes (measured before parsing)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= limit:
        return None
    if file.startswith("docs/"):
        what, fix = "this front matter", "the longest today is under 1 KB. Move long text into the page itself."
    else:
        what, fix = "this file", "the largest data file today is under 30 KB. Shorten it."
    return Problem(
        file,
        1 + line_offset if line_offset else None,
        None,
        f"{what} is {size:,} bytes, over the limit of {limit // 1024} KB; {fix}",
    )


def read(
    text: str, file: str, problems: list[Problem], line_offset: int = 0, *, limit: int | None = None
) -> Parsed | None:
    """Parse YAML text strictly into (data, node tree for line numbers); None after noting its problems.

    Front matter and data files are text, never templates, so a Jinja delimiter anywhere is a problem.
    """
    too_big = size_problem(text, file, limit or limit_for(file), line_offset)
    if too_big:
        problems.append(too_big)
        return None
    try:
        found = event_problems(text, file, line_offset)
        if found:
            problems.extend(found)
            return None
        return _compose_and_build(text, file, problems, line_offset)
    except yaml.YAMLError as error:
        problems.append(yaml_problem(file, error, line_offset))
        return None


def _compose_and_build(text: str, file: str, problems: list[Problem], line_offset: int) -> Parsed | None:
    """The node tree, checked, and the data built from it: plain events only, so a tree, not a graph."""
    loader: yaml.CSafeLoader | yaml.SafeLoader = FAST_LOADER(text)
    try:
        node = loader.get_single_node()
        found = duplicate_keys(file, node, line_offset) + template_problems(file, node, line_offset)
        if not found:
            if node is None:  # an empty document
                return None, None
            try:
                return loader.construct_document(node), node
            except (ValueError, OverflowError, yaml.YAMLError) as error:  # a date that is no date, a number too long
                found = unreadable_values(file, node, line_offset) or [
                    Problem(file, None, None, f"YAML could not read this file ({error}); check the values.")
                ]
        problems.extend(found)
        return None
    finally:
        loader.dispose()


def unreadable_values(file: str, node: yaml.Node, line_offset: int = 0, path: Loc = ()) -> list[Problem]:
    """Every value YAML takes for a date or number but cannot read as one (2026-02-30), at its line."""
    if isinstance(node, yaml.MappingNode):
        return [
            p
            for k, v in node.value
            for part in (k, v)
            for p in unreadable_values(file, part, line_offset, (*path, k.value))
        ]
    if isinstance(node, yaml.SequenceNode):
        return [p for i, v in enumerate(node.value) for p in unreadable_values(file, v, line_offset, (*path, i))]
    try:
        yaml.constructor.SafeConstructor().construct_object(node)
        return []
    except (ValueError, OverflowError, yaml.YAMLError) as error:
        kind = "date" if node.tag.endswith(":timestamp") else "number"
        reason = str(error).split(";")[0]  # not Python's advice on its own limits
        return [
            Problem(
                file,
                node.start_mark.line + 1 + line_offset,
                _dotted(path),
                f"YAML reads {_short(node.value)!r} as a {kind}, but it is not one ({reason}); write a real "
                f"{kind} (dates as YYYY-MM-DD), or put the value in quotes if it is text.",
            )
        ]


def _short(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[:most] + "…"


def field_line(path: Path, loc: Loc) -> int | None:
    """The line of a field in a YAML file (for messages about a file already loaded); None if the
    file cannot be read, or the strict reader refuses it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    parsed = read(text, str(path), [])
    return line_of(parsed[1], loc) if parsed else None
