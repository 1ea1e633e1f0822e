"""mkdocs.yml, checked before MkDocs or mike reads it: plain YAML, with only the tags the project uses.

MkDocs (and mike) load mkdocs.yml with PyYAML's full loader, which builds whatever object a tag
names: `!!python/object/apply:os.system [...]` runs a command as the file is read, `!ENV` under
`extra:` would print a variable of the build's environment on every page, `INHERIT:` pulls in
another file. mkdocs.yml is a trusted file, but a pull request can still change it, and the Check
job reads it. So every entry point (bin/build, bin/serve, bin/archive, dpup/local.py) checks it
here first, as the parser's event stream: nothing is constructed, no alias is expanded.

`python -m dpup.content.config_check [file]` (default: ./mkdocs.yml) exits 1 with the problems;
`--mkdocs-args ARGS...` checks the file that `mkdocs build ARGS...` would read.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml

from .errors import Problem, not_utf8, yaml_problem
from .yaml_reader import MAX_DEPTH, Step, anchor_message, depth_problem, event_line, shown_tag, step_field, tag_of, walk

# mkdocs.yml is about 8 KB; 128 KB leaves room for sixteen times that, and no more for the parser.
CONFIG_BYTES = 128 * 1024
URL = re.compile(r"^https?://[^\s'\"<>]+$")


@dataclass(frozen=True)
class Allowed:
    """One use of a tag that the project makes in mkdocs.yml: where, which tag, and with what value."""

    path: tuple[str, ...]  # the keys that lead to it; '*' stands for any position in a list
    tag: str  # as written
    value: Callable[[object], bool]  # the value it tags, read as text or a list of text
    shown: str  # the use, as a message shows it


# Each tag mkdocs.yml may hold, and where. Any other tag, anywhere, is refused: a new one is a
# maintainer's change to this list.
ALLOWED = (
    # The address the site is published at: SITE_URL if set, else the default (README,
    # "Environment variables"). Only that variable, so no other can leak onto a page.
    Allowed(
        ("site_url",),
        "!ENV",
        lambda v: isinstance(v, list) and len(v) == 2 and v[0] == "SITE_URL" and bool(URL.match(str(v[1]))),
        'site_url: !ENV [SITE_URL, "<the default address>"]',
    ),
    # Material's emoji, as its documentation configures pymdownx.emoji: two functions by name.
    Allowed(
        ("markdown_extensions", "*", "pymdownx.emoji", "emoji_index"),
        "!!python/name:material.extensions.emoji.twemoji",
        lambda v: v == "",
        "emoji_index: !!python/name:material.extensions.emoji.twemoji",
    ),
    Allowed(
        ("markdown_extensions", "*", "pymdownx.emoji", "emoji_generator"),
        "!!python/name:material.extensions.emoji.to_svg",
        lambda v: v == "",
        "emoji_generator: !!python/name:material.extensions.emoji.to_svg",
    ),
)
FIX = "hooks/dpup/content/config_check.py says why; a maintainer adds a new use to ALLOWED there"


@dataclass
class _Tagged:
    """An allowed tag on a list, whose value is being read: the list is its value if it holds only text."""

    allowed: Allowed
    start: Step
    value: list[str] | None  # None: something else is inside (a list, mapping, alias or tag), or no list


def find_config(config_file: str | Path | IO[bytes] | None = None, folder: Path | None = None) -> Path:
    """The file MkDocs would read: `config_file` (a path or an open file), else mkdocs.yml or mkdocs.yaml."""
    folder = folder or Path.cwd()
    if config_file is None:
        found = (folder / name for name in ("mkdocs.yml", "mkdocs.yaml") if (folder / name).is_file())
        return next(found, folder / "mkdocs.yml")
    # Text as it is given; a Path or an open file by its name.
    return folder / (config_file if isinstance(config_file, str) else config_file.name)


def check(path: Path, name: str | None = None) -> list[Problem]:
    """Every problem with the configuration file at `path`; [] if MkDocs may read it. `name`: the
    file as messages name it (default: its own name)."""
    name = name or path.name
    try:
        with path.open("rb") as file:
            data = file.read(CONFIG_BYTES + 1)  # no more than the limit, whatever the file is
    except OSError as error:
        return [Problem(name, None, None, f"cannot be read ({error.strerror}); MkDocs needs it to build the site.")]
    if len(data) > CONFIG_BYTES:  # refused by its size before it is parsed
        return [
            Problem(
                name,
                None,
                None,
                f"this file is over the limit of {CONFIG_BYTES // 1024} KB; a site's configuration needs far less.",
            )
        ]
    try:
        return text_problems(data.decode("utf-8"), name)
    except UnicodeDecodeError as error:
        return [not_utf8(name, data, error)]


class _Plain(yaml.SafeLoader):
    """A configuration as plain data: each tag's value (the few `check` allows) read as None."""


_Plain.add_multi_constructor("", lambda loader, suffix, node: None)


def plain(path: Path) -> dict[str, Any]:
    """The configuration file at `path`, once `check` has passed it, as plain data without its
    tags, for a reader that needs no MkDocs (`python -m dpup check`)."""
    config: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_Plain) or {}
    return config


def text_problems(text: str, file: str = "mkdocs.yml") -> list[Problem]:
    """Every problem with a configuration's text: tags not allowed, anchors, aliases, INHERIT, depth.

    PyYAML's own parser reads it, the one MkDocs and mike load it with, so both see the same tags.
    """
    problems: list[Problem] = []
    tagged: list[_Tagged] = []  # at most one: the allowed tag whose value is being read
    try:
        for step in walk(yaml.parse(text, Loader=yaml.SafeLoader)):
            if step.depth > MAX_DEPTH:
                return [*problems, depth_problem(file, step)]
            problems += [_problem(file, step, m) for m in _refusals(step, tagged)]
    except yaml.YAMLError as error:
        problems.append(yaml_problem(file, error))
    return problems


def _problem(file: str, step: Step, message: str) -> Problem:
    return Problem(file, event_line(step.event), step_field(step), message)


def _refusals(step: Step, tagged: list[_Tagged]) -> list[str]:
    """Why the configuration may not hold this event; `tagged` follows the value of an allowed tag."""
    event, found = step.event, []
    if isinstance(event, yaml.NodeEvent) and (anchor := anchor_message(event)):
        found.append(anchor)
    if step.is_key and step.path == () and isinstance(event, yaml.ScalarEvent) and event.value == "INHERIT":
        found.append(
            "INHERIT is not allowed: it pulls another file into the configuration, past this check. "
            "Copy the settings you need into mkdocs.yml itself."
        )
    if tagged:
        found += _read_tagged_value(step, tagged)
    if (written := tag_of(event)) is not None:
        found += _check_tag(step, written, tagged)
    return found


def _check_tag(step: Step, written: str, tagged: list[_Tagged]) -> list[str]:
    """A tagged event: refused unless ALLOWED lists its place and tag; its value is checked when read."""
    tag = shown_tag(written)
    wild = tuple("*" if isinstance(part, int) else part for part in step.path)
    allowed = next((a for a in ALLOWED if a.path == wild and a.tag == tag and not step.is_key), None)
    if allowed is None:
        return [
            f"the YAML tag '{tag}' is not allowed here: MkDocs would make a Python object of it (or read "
            "the build's environment) as it loads this file. Remove it: the only tags allowed are '!ENV' on "
            f"site_url and pymdownx.emoji's two functions ({FIX})."
        ]
    if isinstance(step.event, yaml.ScalarEvent):
        return [] if allowed.value(step.event.value) else [_not_as_allowed(allowed, step.event.value)]
    tagged[:] = [_Tagged(allowed, step, [] if isinstance(step.event, yaml.SequenceStartEvent) else None)]
    return []


def _read_tagged_value(step: Step, tagged: list[_Tagged]) -> list[str]:
    """One event inside an allowed tag's list: plain text items are its value; its end checks it."""
    allowed, start, value = tagged[0].allowed, tagged[0].start, tagged[0].value
    event = step.event
    if isinstance(event, yaml.CollectionEndEvent) and step.depth == start.depth:
        tagged.clear()
        return [] if value is not None and allowed.value(value) else [_not_as_allowed(allowed, value)]
    if value is not None and isinstance(event, yaml.ScalarEvent) and event.tag is None and step.depth == start.depth:
        value.append(event.value)
    else:  # a list, mapping, alias or tagged value inside: never what the project writes
        tagged[0].value = None
    return []


def _not_as_allowed(allowed: Allowed, value: object) -> str:
    got = "a value with lists, mappings or tags inside" if value is None else repr(value)
    return f"'{allowed.tag}' is allowed here only as the project uses it, {allowed.shown}; got {got} ({FIX})."


def report(problems: list[Problem]) -> str:
    """The problems as every entry point prints them, one per line."""
    count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
    lines = "\n  ".join(str(p) for p in problems)
    return f"The site's configuration was not loaded: it has {count}:\n  {lines}"


# mkdocs build's short options that take a value: -f FILE, -t THEME, -d DIR (and the long ones below).
VALUE_OPTIONS = "ftd"


def config_file_in(args: list[str]) -> str | None:
    """The file `mkdocs build ARGS` would read, from -f or --config-file, as click reads them
    (`-f x.yml`, `-fx.yml`, `-sf x.yml`, `--config-file x.yml`, `--config-file=x.yml`)."""
    found, i = None, 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            break
        if arg == "--config-file" and i + 1 < len(args):
            found, i = args[i + 1], i + 1
        elif arg in ("--theme", "--site-dir"):  # their value is never an option
            i += 1
        elif arg.startswith("--config-file="):
            found = arg.split("=", 1)[1]
        elif arg.startswith("-") and not arg.startswith("--"):
            at = next((n for n, c in enumerate(arg[1:], 1) if c in VALUE_OPTIONS), None)
            if at is not None:  # the rest of the word, or the next word, is that option's value
                value = arg[at + 1 :] or (args[i + 1] if i + 1 < len(args) else "")
                i += 0 if arg[at + 1 :] else 1
                found = value if arg[at] == "f" else found
        i += 1
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--mkdocs-args"]:
        given = config_file_in(args[1:])
    elif len(args) <= 1 and not any(a.startswith("-") for a in args):
        given = args[0] if args else None
    else:
        print("usage: python -m dpup.content.config_check [FILE | --mkdocs-args ARGS...]", file=sys.stderr)
        return 2
    path = find_config(given)
    problems = check(path, given or path.name)
    if problems:
        print(report(problems), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
