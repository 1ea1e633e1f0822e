"""The engine tier: a small project (tests/fixtures/project/) built in the test process.

A test that breaks something on purpose need not build the whole policy: the fixture has a page
of each kind, a tool of each kind and every data file, each as small as the schema allows, and
builds in seconds. It is built here, in this process, as MkDocs and mkdocstrings test themselves:
no Python to start, no imports to repeat.

The fixture keeps only its docs/, data/ and fixture.yml. Its hooks/, overrides/ and macros.py are
the project's own, copied, and its mkdocs.yml is written from the project's own at test time,
with the fixture's nav and reading grades in place of the project's (`config_text`): a change to
mkdocs.yml reaches the fixture without anyone copying it there.

In this process the hooks are the copy's (MkDocs loads each hook file by its path, once per path:
a second build of the same copy reuses them, as `mkdocs serve` does) and macros.py is the copy's
(mkdocs-macros loads it by its path, each build), but `dpup` stays the one conftest.py imported
from the project's hooks/: a test that edits hooks/dpup/ in a copy builds it in a subprocess
(dpup.local.build) instead.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping
from pathlib import Path

from conftest import ROOT
from dpup import local, run
from dpup.content import config_check, yaml_reader
from dpup.content.errors import Problem

FIXTURE = ROOT / "tests" / "fixtures" / "project"
OVERRIDES = FIXTURE / "fixture.yml"  # the fixture's nav and reading grades
CONTENT = ("docs", "data")  # the fixture's own; every other part of a project is the project's
CODE = [part for part in local.PROJECT_PARTS if part not in (*CONTENT, "mkdocs.yml")]

# The project's mkdocs.yml, in the two places the fixture changes: the top-level `nav:` (to the next
# line that starts a top-level key or comment) and `extra.plain_language.max_body_grade`.
NAV = re.compile(r"^nav:[ \t]*\n(?:(?:[ \t]+[^\n]*)?\n)*", re.MULTILINE)
BODY_GRADES = re.compile(r"^    max_body_grade:[ \t]*\n(?:      [^\n]*\n)*", re.MULTILINE)


def fixture_project(dest: Path) -> Path:
    """A copy of the fixture to build or break: its docs/ and data/, the project's code, and a
    mkdocs.yml written from the project's own."""
    for part in CONTENT:
        shutil.copytree(FIXTURE / part, dest / part)
    for part in CODE:  # as local.copy_project copies them: links as links, no bytecode
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part, follow_symlinks=False)
    (dest / "mkdocs.yml").write_text(config_text(), encoding="utf-8")
    return dest


def config_text() -> str:
    """The project's mkdocs.yml as text, with the fixture's nav and body grades in place of its own.

    Text surgery, not a load and a dump: mkdocs.yml's tags (!ENV, !!python/name) stay as written,
    and no YAML reader but the project's own safe ones reads it."""
    problems: list[Problem] = []
    read = yaml_reader.read(OVERRIDES.read_text(encoding="utf-8"), "tests/fixtures/project/fixture.yml", problems)
    assert read is not None, "\n".join(map(str, problems))
    overrides = read[0]
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = _replace_once(NAV, text, _nav_text(overrides["nav"]), "the top-level `nav:`")
    grades = "".join(f"      {json.dumps(path)}: {grade}\n" for path, grade in overrides["max_body_grade"].items())
    return _replace_once(
        BODY_GRADES,
        text,
        "    max_body_grade:\n" + grades,
        "`max_body_grade:` under extra.plain_language (indented four spaces)",
    )


def _replace_once(pattern: re.Pattern, text: str, new: str, what: str) -> str:
    found = pattern.findall(text)
    assert len(found) == 1, (
        f"mkdocs.yml has {len(found)} of {what}, where tests/engine.py puts the fixture's "
        "own; update the pattern there to match mkdocs.yml."
    )
    return pattern.sub(lambda _: new, text)


def _nav_text(nav: list, indent: str = "") -> str:
    """A nav in mkdocs.yml's own style: '- Title: page.md', '- page.md' or '- Title:' with its items under it."""
    lines = []
    for item in nav:
        if isinstance(item, str):
            lines.append(f"{indent}  - {item}\n")
            continue
        [(title, value)] = item.items()
        if isinstance(value, list):
            lines.append(f"{indent}  - {title}:\n" + _nav_text(value, indent + "    "))
        else:
            lines.append(f"{indent}  - {title}: {value}\n")
    return ("nav:\n" if not indent else "") + "".join(lines)


def build(project: Path, site_dir: Path, *, strict: bool = True, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build` of `project` into `site_dir`, in this process; as dpup.local.build returns it.

    As the command line does: mkdocs.yml is checked first (content/config_check.py), then loaded,
    then the plugins start (`build`), build and shut down. The run's switches (dpup/run.py) are set
    in the environment while it builds, no PDFs unless `env` asks; what MkDocs' loggers say, and
    what the command line would print last, is the process's stderr; its return code is 0 or 1.
    """
    command = ["mkdocs", "build", "-d", str(site_dir), *(["--strict"] if strict else []), "(in this process)"]
    problems = config_check.check(config_check.find_config(None, project))
    if problems:
        return subprocess.CompletedProcess(command, 1, "", config_check.report(problems) + "\n")
    switches = {**run.environment(downloads=False), **env}
    with _environment(switches), _mkdocs_log() as said, _memory_left_alone(), _imports_kept(project):
        code = _build(project, site_dir, strict, said)
    return subprocess.CompletedProcess(command, code, "", said.getvalue())


def _build(project: Path, site_dir: Path, strict: bool, said) -> int:
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(config_file=str(project / "mkdocs.yml"), strict=strict, site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:  # Abort, ConfigurationError: the command line's last line
        said.write(("" if isinstance(error, SystemExit) else "Error: ") + error.format_message() + "\n")
        return 1
    except Exception:  # a crash: the command line would print the traceback
        said.write(traceback.format_exc())
        return 1
    except SystemExit as error:  # a plugin that ends the process (mkdocs-macros, on a page's bad Jinja)
        return error.code if isinstance(error.code, int) else 1
    return 0


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """These variables set while the build runs, and as they were afterwards."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class _Said(logging.Handler):
    """What MkDocs' loggers say, as its command line prints it (without colour or wrapping)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}\n")

    def write(self, text: str) -> None:
        self.lines.append(text)

    def getvalue(self) -> str:
        return "".join(self.lines)


@contextlib.contextmanager
def _mkdocs_log() -> Iterator[_Said]:
    """Collect the `mkdocs` loggers at INFO, kept from pytest's own log, as the command line sets them."""
    logger = logging.getLogger("mkdocs")
    said, level, propagate = _Said(), logger.level, logger.propagate
    logger.addHandler(said)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield said
    finally:
        logger.removeHandler(said)
        logger.setLevel(level)
        logger.propagate = propagate


@contextlib.contextmanager
def _memory_left_alone() -> Iterator[None]:
    """hooks/content.py bounds a build process's memory at on_startup; this process is pytest's, which
    builds again and again and runs a browser, so its limit stays as it is."""
    bound = run.bound_memory
    run.bound_memory = lambda *args, **kwargs: None
    try:
        yield
    finally:
        run.bound_memory = bound


@contextlib.contextmanager
def _imports_kept(project: Path) -> Iterator[None]:
    """macros.py puts its copy's hooks/ first on sys.path each time it is loaded, and MkDocs keeps
    each hook in sys.modules ("hooks/content.py"), with the copy's adapter.py they import: take
    them off again, so that no later import finds the copy."""
    before = sys.path[:]
    try:
        yield
    finally:
        sys.path[:] = before
        for name, module in list(sys.modules.items()):
            if Path(getattr(module, "__file__", None) or "/").is_relative_to(project):
                del sys.modules[name]
