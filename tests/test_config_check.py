"""mkdocs.yml is checked with a safe loader before MkDocs or mike reads it (dpup/content/config_check.py):
MkDocs' own loader makes a Python object of any tag, so a tag not on the allow-list, an anchor or
alias, INHERIT or an oversized file stops every entry point before MkDocs starts.

Unit tests on the project's own mkdocs.yml with one change each (milliseconds), then each entry
point: dpup/local.py (the tests, bench and the offline build), bin/build, the preview and bin/archive.
"""

from __future__ import annotations

import html
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT
from dpup import local
from dpup.content import config_check
from dpup.content.config_check import CONFIG_BYTES, text_problems

CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
EXTRA = "  generator: false\n"
EMOJI_INDEX = "!!python/name:material.extensions.emoji.twemoji"


def changed(old: str, new: str, text: str = CONFIG) -> str:
    assert old in text, f"{old!r} is not in mkdocs.yml"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def canary_config(canary: Path) -> str:
    """mkdocs.yml with a command under extra: that MkDocs' loader would run as it reads the file."""
    return changed(EXTRA, EXTRA + f'  run: !!python/object/apply:os.system ["touch {canary}"]\n')


def test_the_projects_own_config_passes():
    assert config_check.check(ROOT / "mkdocs.yml") == []


HOSTILE = {
    "a command under extra": (
        changed(EXTRA, EXTRA + '  run: !!python/object/apply:os.system ["touch CANARY"]\n'),
        "extra.run",
        "the YAML tag '!!python/object/apply:os.system' is not allowed here",
    ),
    "a module object under extra": (
        changed(EXTRA, EXTRA + "  mod: !!python/module:os\n"),
        "extra.mod",
        "the YAML tag '!!python/module:os'",
    ),
    "!ENV under extra": (
        changed(EXTRA, EXTRA + "  token: !ENV GITHUB_TOKEN\n"),
        "extra.token",
        "the YAML tag '!ENV' is not allowed here",
    ),
    "!ENV in a list under extra": (
        changed(EXTRA, EXTRA + "  token: !ENV [GITHUB_TOKEN, none]\n"),
        "extra.token",
        "the YAML tag '!ENV'",
    ),
    "!ENV on site_url with another variable": (
        changed("!ENV [SITE_URL,", "!ENV [GITHUB_TOKEN,"),
        "site_url",
        "'!ENV' is allowed here only as the project uses it",
    ),
    "!ENV on site_url with a second variable first": (
        changed("!ENV [SITE_URL,", "!ENV [SITE_URL, GITHUB_TOKEN,"),
        "site_url",
        "got ['SITE_URL', 'GITHUB_TOKEN'",
    ),
    "!ENV on site_url as one name": (
        changed('!ENV [SITE_URL, "https://dpup-nz.github.io/dpup-site/"]', "!ENV HOME"),
        "site_url",
        "'!ENV' is allowed here only as the project uses it",
    ),
    "a tag inside the default of !ENV": (
        changed('"https://dpup-nz.github.io/dpup-site/"]', "!!python/object/apply:os.getcwd []]"),
        "site_url.1",
        "the YAML tag '!!python/object/apply:os.getcwd' is not allowed",
    ),
    "INHERIT": ("INHERIT: docs/evil.yml\n" + CONFIG, "INHERIT", "INHERIT is not allowed"),
    "!relative somewhere unused": (
        changed(EXTRA, EXTRA + "  where: !relative $docs_dir\n"),
        "extra.where",
        "the YAML tag '!relative'",
    ),
    "os.system in place of the emoji index": (
        changed(EMOJI_INDEX, "!!python/name:os.system"),
        "markdown_extensions.10.pymdownx.emoji.emoji_index",
        "the YAML tag '!!python/name:os.system' is not allowed here",
    ),
    "the emoji index with a value": (
        changed(EMOJI_INDEX, EMOJI_INDEX + " os.system"),
        "markdown_extensions.10.pymdownx.emoji.emoji_index",
        "allowed here only as the project uses it",
    ),
    "the emoji function on another key": (
        changed(EXTRA, EXTRA + f"  emoji: {EMOJI_INDEX}\n"),
        "extra.emoji",
        f"the YAML tag '{EMOJI_INDEX}' is not allowed here",
    ),
    "a tag redefined by %TAG": (
        "%TAG !e! tag:yaml.org,2002:python/object/apply:\n---\n" + changed(EXTRA, EXTRA + "  run: !e!os.system [x]\n"),
        "extra.run",
        "the YAML tag '!!python/object/apply:os.system'",
    ),
    "an anchor alone": (
        changed("  review_months: 12", "  review_months: &m 12"),
        "extra.review_months",
        "the YAML anchor '&m' is not allowed",
    ),
    "an alias": (
        changed(
            "generator: false",
            "generator: &m false",
            changed("  review_months: 12", "  review_months: 12\n  again: *m"),
        ),
        "extra.generator",
        "the YAML anchor '&m'",
    ),
    "deep nesting": (
        changed(EXTRA, EXTRA + "  deep: " + "[" * 50 + "]" * 50 + "\n"),
        "extra.deep.0.0",
        "nested more than 20 deep",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_config_is_refused_with_line_field_and_fix(case, tmp_path, monkeypatch):
    text, field, expected = HOSTILE[case]
    monkeypatch.chdir(tmp_path)  # where a command would leave its canary
    problems = text_problems(text)
    assert problems, f"the check accepted: {case}"
    first = problems[0]
    assert (first.file, first.field) == ("mkdocs.yml", field) or first.field.startswith(field), str(first)
    assert first.line and expected in first.message, str(first)
    assert "config_check.py" in first.message or case in ("INHERIT", "an anchor alone", "an alias", "deep nesting")
    assert not list(tmp_path.iterdir())


def test_an_alias_is_named_too():
    text = changed("  review_months: 12", "  review_months: &m 12\n  again: *m")
    problems = [str(p) for p in text_problems(text)]
    line = line_of(text, "  again: *m")
    assert f"mkdocs.yml:{line}: field 'extra.again': the YAML alias '*m' is not allowed" in " ".join(problems)


def test_a_config_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    big = tmp_path / "mkdocs.yml"
    big.write_text(CONFIG + "#" * CONFIG_BYTES, encoding="utf-8")
    monkeypatch.setattr(config_check.yaml, "parse", lambda *a, **k: pytest.fail("parsed a file over the limit"))
    [problem] = config_check.check(big)
    assert str(problem) == "mkdocs.yml: this file is over the limit of 128 KB; a site's configuration needs far less."
    endless = tmp_path / "endless.yml"
    endless.symlink_to("/dev/zero")  # no size to look up: it is read no further than the limit
    assert "over the limit of 128 KB" in str(config_check.check(endless)[0])


@pytest.mark.parametrize(
    "args, found",
    [
        ([], None),
        (["--strict", "-d", "site"], None),
        (["-f", "x.yml"], "x.yml"),
        (["-fx.yml"], "x.yml"),
        (["-sf", "x.yml"], "x.yml"),
        (["--config-file", "x.yml"], "x.yml"),
        (["--config-file=x.yml"], "x.yml"),
        (["-d", "-fy.yml", "-f", "x.yml"], "x.yml"),
        (["--site-dir", "-fy.yml"], None),
        (["-df"], None),
        (["-f", "a.yml", "-f", "x.yml"], "x.yml"),
    ],
)
def test_the_file_mkdocs_would_read_is_found_in_its_arguments(args, found):
    assert config_check.config_file_in(args) == found


def test_the_cli_exits_1_with_the_problems_and_finds_the_file_mkdocs_would(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "other.yml").write_text(changed(EXTRA, EXTRA + "  x: !relative $docs_dir\n"), encoding="utf-8")

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-P", "-m", "dpup.content.config_check", *args],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")},
            capture_output=True,
            text=True,
        )

    assert cli().returncode == 0
    assert cli("--mkdocs-args", "--strict", "-d", "site").returncode == 0
    for args in (["other.yml"], ["--mkdocs-args", "-f", "other.yml"], ["--mkdocs-args", "--config-file=other.yml"]):
        done = cli(*args)
        assert done.returncode == 1, args
        assert done.stderr.startswith("The site's configuration was not loaded: it has 1 problem:\n  other.yml:")
        assert "the YAML tag '!relative' is not allowed here" in done.stderr


# --- the entry points ---------------------------------------------------------------


def test_local_build_of_a_hostile_config_fails_with_the_message_and_runs_nothing(build_copy, tmp_path):
    canary = tmp_path / "CANARY"
    result, site, project = build_copy(lambda p: (p / "mkdocs.yml").write_text(canary_config(canary), encoding="utf-8"))
    assert result.returncode == 1
    assert result.stderr.startswith("The site's configuration was not loaded: it has 1 problem:\n  mkdocs.yml:")
    assert "field 'extra.run': the YAML tag '!!python/object/apply:os.system' is not allowed" in result.stderr
    assert not canary.exists() and not site.exists()


def test_bin_build_checks_the_config_mkdocs_will_read(tmp_path):
    """bin/build in a copy of its own folder: setup is skipped, so only the check and MkDocs run."""
    project = tmp_path / "project"
    (project / "bin").mkdir(parents=True)
    shutil.copy2(ROOT / "bin" / "build", project / "bin" / "build")
    (project / "bin" / "setup").write_text("#!/bin/sh\n", encoding="utf-8")
    (project / "bin" / "setup").chmod(0o755)
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    (project / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    canary = tmp_path / "CANARY"
    (project / "hostile.yml").write_text(canary_config(canary), encoding="utf-8")
    done = subprocess.run(
        [str(project / "bin" / "build"), "-f", "hostile.yml"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "hostile.yml:" in done.stderr and "'!!python/object/apply:os.system' is not allowed" in done.stderr
    assert not canary.exists() and not (project / "site").exists()


def load_preview():
    spec = importlib.util.spec_from_file_location("dpup_preview", ROOT / "bin" / "preview.py")
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # its dataclasses look it up
    spec.loader.exec_module(module)
    return module


class FakeMkDocs:
    """What the preview calls of MkDocs: loading the config and building; counts both."""

    def __init__(self, site: Path):
        self.loads, self.builds = 0, 0
        self.config = SimpleNamespace(plugins={}, site_dir=str(site), site_url="http://127.0.0.1/")
        self.preview = None  # the Preview it serves: a build records what it made there, as MkDocs' does

    def load_config(self, *args, **kwargs):
        self.loads += 1
        return self.config

    def build(self, config, **kwargs):
        self.builds += 1
        Path(config.site_dir).mkdir(parents=True, exist_ok=True)
        (Path(config.site_dir) / "index.html").write_text("<html><body><p>Built.</p></body></html>", encoding="utf-8")
        self.preview.recording.update(config=config, files=None, nav=None, env=None, doc_files=[])


def serving(preview, project: Path) -> tuple:
    """A Preview of `project` over a fake MkDocs: (preview, fake)."""
    mkdocs = FakeMkDocs(project / "site")
    mkdocs.preview = preview.Preview(project, mkdocs.load_config, mkdocs.build)
    return mkdocs.preview, mkdocs


def test_the_preview_refuses_a_hostile_config_at_start_without_loading_it(tmp_path):
    preview = load_preview()
    canary = tmp_path / "CANARY"
    (tmp_path / "mkdocs.yml").write_text(canary_config(canary), encoding="utf-8")
    server, mkdocs = serving(preview, tmp_path)
    with pytest.raises(SystemExit) as stopped:
        server.load_config(config_file=None)
    assert "field 'extra.run': the YAML tag '!!python/object/apply:os.system' is not allowed" in str(stopped.value)
    assert mkdocs.loads == 0 and not canary.exists()


def test_the_preview_shows_a_hostile_config_as_a_failed_build_and_keeps_serving(tmp_path, monkeypatch):
    monkeypatch.setattr(logging.getLogger("mkdocs"), "propagate", False)  # the test's output stays quiet
    preview = load_preview()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(CONFIG, encoding="utf-8")
    server, mkdocs = serving(preview, tmp_path)
    server.build(server.load_config(config_file=None))
    assert (mkdocs.loads, mkdocs.builds) == (1, 1)

    canary = tmp_path / "CANARY"
    config_file.write_text(canary_config(canary), encoding="utf-8")
    server.build(server.load_config(config_file=None))  # a save: MkDocs' builder loads the config again
    assert (mkdocs.loads, mkdocs.builds) == (1, 1), "MkDocs read a config that failed the check"
    page = html.unescape((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert preview.BANNER in page and "the last build failed" in page
    assert "field 'extra.run': the YAML tag '!!python/object/apply:os.system' is not allowed" in page
    assert not canary.exists()

    config_file.write_text(CONFIG, encoding="utf-8")
    server.build(server.load_config(config_file=None))
    assert (mkdocs.loads, mkdocs.builds) == (2, 2)
    assert preview.BANNER not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def archive_repo(repo: Path) -> Path:
    """A repository with what bin/archive needs before it builds anything: its script, the core, the venv."""
    local.copy_project(ROOT, repo)
    (repo / "bin").mkdir()
    shutil.copy2(ROOT / "bin" / "archive", repo / "bin" / "archive")
    (repo / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    (repo / ".gitignore").write_text(".cache\n.venv\nsite/\n__pycache__/\n", encoding="utf-8")
    return repo


GIT = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT}, check=True, capture_output=True)


def archive(repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(repo / "bin" / "archive")],
        cwd=repo,
        env={**os.environ, **GIT, "DPUP_PDF": "0"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_bin_archive_checks_the_checkout_before_mike_lists_anything(tmp_path):
    repo = archive_repo(tmp_path / "repo")
    canary = tmp_path / "CANARY"
    (repo / "mkdocs.yml").write_text(canary_config(canary), encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    done = archive(repo)
    assert done.returncode == 1
    assert "'!!python/object/apply:os.system' is not allowed" in done.stderr
    assert "bin/archive: mkdocs.yml failed the check" in done.stderr
    assert not canary.exists()


def test_bin_archive_checks_each_tags_config_before_mike_builds_it(tmp_path):
    """The tag's mkdocs.yml is hostile, main's is not: mike lists the branch (it loads main's), then
    the tag is refused in its worktree, before mike deploy reads it."""
    repo = archive_repo(tmp_path / "repo")
    canary = tmp_path / "CANARY"
    (repo / "mkdocs.yml").write_text(canary_config(canary), encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A hostile version")
    git(repo, "tag", "v1.0")
    (repo / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "Safe again")
    done = archive(repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1.0: the tag's mkdocs.yml failed the check (above); it was not built" in done.stderr
    assert "'!!python/object/apply:os.system' is not allowed" in done.stderr
    assert not canary.exists()
