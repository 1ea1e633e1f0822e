"""The engine tier (tests/engine.py): the small fixture project, built in this process.

It must build with --strict, twice in one process, and leave the process as it found it; it must
report a refused page, a crash, a plugin's exit and a configuration the check refuses as the command
line does; its mkdocs.yml must be the project's own but for the nav and reading grades; and it must
hold every data file, every kind of tool and every field the schema has, so that a test which
places something in "every kind of field" (tests/test_security.py) finds each one there.
"""

from __future__ import annotations

import logging
import os
import resource
import sys
import time
import types
import typing

import pytest
import yaml
from pydantic import BaseModel

import engine
from conftest import ROOT
from dpup.content import config_check, schema, tool_schema
from dpup.pages import views
from dpup.text import page_url


def test_the_fixture_builds_strict_in_this_process_and_again(tmp_path):
    """Two builds in one process, as the hostile-input test makes them; each with --strict. The second
    loads the hooks and macros.py again, and finds the build cache warm."""
    project = engine.fixture_project(tmp_path / "project")
    before = _process_state()
    seconds = []
    for n in range(2):
        start = time.monotonic()
        done = engine.build(project, tmp_path / f"site-{n}")
        seconds.append(time.monotonic() - start)
        assert done.returncode == 0, done.stderr[-4000:]
        assert "Documentation built in" in done.stderr
        # mkdocs-macros loaded the copy's macros.py (the project's own, copied), not some other.
        assert f"Found local Python module 'macros' in: {project}\n" in done.stderr
        assert _process_state() == before, "the build left the test process changed"
        assert not [
            name
            for name, module in sys.modules.items()
            if str(getattr(module, "__file__", None) or "").startswith(str(project))
        ], "a module of the copy is still imported"
    print(f"the fixture built in {seconds[0]:.1f} s, then again in {seconds[1]:.1f} s")
    site = tmp_path / "site-1"
    for page in (engine.FIXTURE / "docs").rglob("*.md"):
        assert (site / page_url(page.relative_to(engine.FIXTURE / "docs").as_posix()) / "index.html").is_file()
    for audience in yaml.safe_load((engine.FIXTURE / "data/audiences.yml").read_text(encoding="utf-8"))["audiences"]:
        assert (site / "for" / audience["id"] / "index.html").is_file()
    assert (site / "at-a-glance/index.html").is_file() and (site / "about/tool-paths/index.html").is_file()
    assert (site / "search/lunr_index.json").is_file(), "our own search index, as the site's build makes it"


def _process_state() -> tuple:
    """What an in-process build must leave as it was: the run's switches, the memory limit, the
    import path and MkDocs' logger."""
    logger = logging.getLogger("mkdocs")
    switches = {name: value for name, value in os.environ.items() if name.startswith("DPUP_")}
    return (
        switches,
        resource.getrlimit(resource.RLIMIT_AS),
        sys.path[:],
        logger.level,
        logger.propagate,
        list(logger.handlers),
    )


def test_a_refused_page_and_a_crash_are_reported_as_the_command_line_reports_them(build_fixture, monkeypatch):
    def unknown_audience(project):
        page = project / "docs/guides/consent.md"
        page.write_text(
            page.read_text(encoding="utf-8").replace("audiences: [frontline]", "audiences: [nobody]"), encoding="utf-8"
        )

    done, _, _ = build_fixture(unknown_audience)
    assert done.returncode == 1
    assert "docs/guides/consent.md:7: field 'audiences': unknown id 'nobody'" in done.stderr, done.stderr[-3000:]
    assert done.stderr.endswith("Aborted with a BuildError!\n") and "Traceback" not in done.stderr

    def crash(model):
        raise RuntimeError("an error the build did not expect")

    monkeypatch.setattr(views, "at_a_glance", crash)  # dpup is this process's: the copy's hooks call it
    done, _, _ = build_fixture()
    assert done.returncode == 1
    assert (
        "Traceback (most recent call last)" in done.stderr and "RuntimeError: an error the build did not" in done.stderr
    )

    def exit_as_mkdocs_macros_does(model):
        raise SystemExit(100)  # its on_error_fail, on a page whose Jinja does not parse

    monkeypatch.setattr(views, "at_a_glance", exit_as_mkdocs_macros_does)
    done, _, _ = build_fixture()
    assert done.returncode == 100, "a process's exit is the build's return code, not the test's end"


def test_a_configuration_the_check_refuses_is_never_loaded(tmp_path, monkeypatch):
    project = engine.fixture_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "x: !!python/object/apply:os.system ['touch CANARY']\n", encoding="utf-8"
    )

    def load_config(*args, **kwargs):
        raise AssertionError("MkDocs loaded a configuration the check refused")

    monkeypatch.setattr("mkdocs.config.load_config", load_config)
    done = engine.build(project, tmp_path / "site")
    assert done.returncode == 1
    assert done.stderr.startswith("The site's configuration was not loaded: it has 1 problem:\n  mkdocs.yml:")
    assert not (tmp_path / "site").exists()


def test_the_fixtures_mkdocs_yml_is_the_projects_own_with_its_nav_and_grades(tmp_path):
    written = tmp_path / "mkdocs.yml"
    written.write_text(engine.config_text(), encoding="utf-8")
    assert config_check.check(written) == []
    ours, theirs = config_check.plain(written), config_check.plain(ROOT / "mkdocs.yml")
    overrides = yaml.safe_load(engine.OVERRIDES.read_text(encoding="utf-8"))
    assert ours.pop("nav") == overrides["nav"]
    assert ours["extra"]["plain_language"].pop("max_body_grade") == overrides["max_body_grade"]
    theirs.pop("nav")
    theirs["extra"]["plain_language"].pop("max_body_grade")
    assert ours == theirs, "besides its nav and grades, the fixture's mkdocs.yml must be the project's own"
    # The tags stay as mkdocs.yml writes them: only the two blocks were rewritten.
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for line in text.splitlines():
        if "!" in line and not line.lstrip().startswith("#"):
            assert line in engine.config_text().splitlines(), line


# --- everything the schema has, once ---------------------------------------------------------

# Each data file the build reads (dpup/content/model.py, load_data), and its shape.
DATA_FILES = {
    "audiences.yml": schema.AudiencesFile,
    "principles.yml": schema.PrinciplesFile,
    "laws.yml": schema.LawsFile,
    "glossary.yml": schema.GlossaryFile,
    "timeline.yml": schema.TimelineFile,
    "versions.yml": schema.VersionsFile,
    "jargon.yml": schema.JargonFile,
    "contacts.yml": schema.ContactsFile,
    "pages.yml": schema.PagesFile,
    "search.yml": schema.SearchFile,
}


def test_the_fixture_has_every_data_file_the_project_has_and_a_tool_of_each_kind():
    def names(folder):
        return sorted(p.name for p in folder.glob("*.yml"))

    assert names(engine.FIXTURE / "data") == names(ROOT / "data") == sorted(DATA_FILES)
    kinds = sorted(
        yaml.safe_load(p.read_text(encoding="utf-8"))["kind"] for p in (engine.FIXTURE / "data/tools").glob("*.yml")
    )
    assert kinds == sorted(tool_schema.KINDS), "one tool file of each kind, no more"


TOOL_FILES = sorted(f"tools/{p.name}" for p in (engine.FIXTURE / "data/tools").glob("*.yml"))


@pytest.mark.parametrize("file", [*DATA_FILES, *TOOL_FILES])
def test_every_field_the_schema_has_is_in_the_fixture(file):
    """So that a hostile payload, or any other change, can be put in each kind of field."""
    data = yaml.safe_load((engine.FIXTURE / "data" / file).read_text(encoding="utf-8"))
    shape = DATA_FILES.get(file) or tool_schema.KINDS[data["kind"]]
    missing = _missing(shape, [data], file)
    assert not missing, f"tests/fixtures/project/data/{file} has no value for: {', '.join(missing)}"


def _missing(shape: type[BaseModel], values: list[dict], where: str) -> list[str]:
    """The fields of `shape`, and of the shapes inside it, that none of `values` gives."""
    out = []
    for name, info in shape.model_fields.items():
        given = [v[name] for v in values if name in v]
        if not given:
            out.append(f"{where}: {name}")
            continue
        inside = [
            item
            for value in given
            for item in (value if isinstance(value, list) else [value])
            if isinstance(item, dict)
        ]
        for part in _shapes_in(info.annotation):
            out += _missing(part, inside, f"{where}: {name}")
    return out


def _shapes_in(annotation) -> list[type[BaseModel]]:
    """The models an annotation holds: Audience in list[Audience], Covered in Covered | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        return [shape for arg in typing.get_args(annotation) for shape in _shapes_in(arg)]
    return []
