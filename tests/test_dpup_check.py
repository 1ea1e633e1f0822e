"""`python -m dpup check` (hooks/dpup/check.py): the content checks a build makes first, without
MkDocs, in under 2 seconds, for a contributor's pre-commit hook. It passes on the project and
names the file, line, field and fix for each kind of bad input the build refuses first."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT, copy_project, macros_py, policy_macros, replace_once
from dpup.content.arguments import Kind
from hostile import guide_with_long_arrows


def run_check(project):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "dpup", "check", str(project)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done, time.perf_counter() - start


def test_the_project_passes_in_under_2_seconds():
    done, seconds = run_check(ROOT)
    assert done.returncode == 0, done.stderr
    assert "no problems" in done.stderr
    assert seconds < 2, f"python -m dpup check took {seconds:.2f} s"


BREAKS = {
    "an unknown audience": (
        lambda p: replace_once(p / "docs/protocols/purpose-matters.md", "audiences: [", "audiences: [nobody, "),
        ["docs/protocols/purpose-matters.md:", "audiences", "nobody"],
    ),
    "a missing summary": (
        lambda p: replace_once(p / "docs/protocols/purpose-matters.md", "summary:", "summery:"),
        ["docs/protocols/purpose-matters.md:", "summary"],
    ),
    "an undefined macro": (
        lambda p: replace_once(p / "docs/protocols/purpose-matters.md", "\n## ", "\n{{ no_such_macro() }}\n\n## "),
        ["docs/protocols/purpose-matters.md:", "'no_such_macro' is not one of the policy's macros"],
    ),
    "malformed YAML in data": (
        lambda p: replace_once(p / "data/glossary.yml", "terms:", "terms: [\n"),
        ["data/glossary.yml"],
    ),
    "an audience view missing from the nav": (
        lambda p: replace_once(p / "mkdocs.yml", "      - for/analysts.md\n", ""),
        ["mkdocs.yml: field 'nav':", "'for/analysts.md' is not in the nav"],
    ),
    "a view in the nav for no audience": (
        lambda p: replace_once(
            p / "mkdocs.yml", "      - for/analysts.md\n", "      - for/analysts.md\n      - for/nobody.md\n"
        ),
        ["'for/nobody.md' is in the nav", "no audience 'nobody'"],
    ),
    # The steps of adding a tool (CONTRIBUTING.md, "Adding a decision guide"): a data file alone is not enough.
    "a decision guide no page shows": (
        lambda p: (p / "data/tools/should-we-keep.yml").write_text(
            (p / "data/tools/should-we-collect.yml").read_text(encoding="utf-8"), encoding="utf-8"
        ),
        [
            "data/tools/should-we-keep.yml: field 'kind': no page shows this tool",
            "docs/tools/should-we-keep.md",
            'decision_guide("should-we-keep")',
        ],
    ),
    # Cheap to check, dear to draw: the red team's guide held Graphviz for 13 CPU-minutes.
    "a decision guide too big to draw": (
        lambda p: (p / "data/tools/should-we-collect.yml").write_text(
            guide_with_long_arrows((p / "data/tools/should-we-collect.yml").read_text(encoding="utf-8")),
            encoding="utf-8",
        ),
        ["data/tools/should-we-collect.yml:", "field 'questions.10.answers'", "arrows cross 74,810 rows"],
    ),
    "a checklist no page shows": (
        lambda p: replace_once(p / "docs/tools/checklists.md", '{{ checklist("sharing-value") }}', ""),
        ["data/tools/checklists.yml: field 'checklists.", "'sharing-value'"],
    ),
    "a file that is not what it claims": (
        lambda p: (p / "docs/x.png").write_text("<script>alert(1)</script>"),
        ["docs/x.png"],
    ),
}


@pytest.mark.parametrize("name", BREAKS)
def test_bad_input_is_named(tmp_path, name):
    change, expected = BREAKS[name]
    project = copy_project(tmp_path / "project")
    change(project)
    done, _ = run_check(project)
    assert done.returncode == 1, f"{name}: passed"
    for words in expected:
        assert words in done.stderr, f"{name}: {words!r} not in\n{done.stderr}"
    assert "Traceback" not in done.stderr


def test_the_build_keeps_the_audience_nav_in_step_with_data(build_fixture):
    """The build refuses the same mismatch, naming mkdocs.yml's nav and the fix (in the fixture, whose
    nav lists the views of its three audiences)."""
    done, _, _ = build_fixture(lambda p: replace_once(p / "mkdocs.yml", "      - for/leaders.md\n", ""))
    assert done.returncode != 0
    assert "'for/leaders.md' is not in the nav; add it under 'For you'" in done.stdout + done.stderr


def test_the_check_knows_every_macro_macros_py_defines():
    """The build takes the macros from mkdocs-macros, the check from the registry: the same
    macros, each with the same kinds of value (dpup/content/arguments.py)."""
    from dpup.content.safety import AUDIENCE_MACRO
    from dpup.pages.macros import PARAMETERS

    assert set(macros_py()) == set(PARAMETERS) | {AUDIENCE_MACRO}
    assert policy_macros() == PARAMETERS
    assert set(PARAMETERS["law"].kinds.values()) == {Kind.LAW, Kind.TEXT}


def test_pre_commit_runs_these_checks_and_downloads_nothing(tmp_path):
    """.pre-commit-config.yaml: local hooks only (no repository to fetch), each a command that
    works here, on the files it names."""
    import shlex

    import yaml

    from dpup import run

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"]
    hooks = {h["id"]: h for h in config["repos"][0]["hooks"]}
    assert set(hooks) == {"ruff", "ruff-format", "codespell", "dpup-check", "mypy"}
    assert all(h["language"] == "system" for h in hooks.values())
    # mypy checks the whole core as pyproject.toml names it: given only the changed files, it
    # would miss a change that breaks a caller elsewhere.
    assert hooks["mypy"]["pass_filenames"] is False and hooks["mypy"]["files"] == "^hooks/dpup/"
    samples = {
        "ruff": ["hooks/dpup/check.py"],
        "ruff-format": ["hooks/dpup/check.py"],
        "codespell": ["README.md"],
        "dpup-check": [],
        "mypy": [],
    }
    # mypy's cache beside the build cache, as in test_python_types.py, not in the work tree.
    cache = run.read(ROOT).cache_root
    env = {**os.environ, "MYPY_CACHE_DIR": str(cache / "mypy" if cache else tmp_path / "mypy")}
    for name, hook in hooks.items():
        done = subprocess.run(
            shlex.split(hook["entry"]) + samples[name], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"{name}: {done.stdout}{done.stderr}"
