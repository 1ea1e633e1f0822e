"""Trusted files are code: a pull request that changes them fails without a maintainer's label.

bin/check-trusted is run on small git repositories made here; the workflow that runs it is read
to prove it judges a pull request with the base branch's code and runs none of the pull request's.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

SCRIPT = ROOT / "bin/check-trusted"
# What issue 26 names as code, every one of which CODEOWNERS must list.
CODE = [
    "mkdocs.yml",
    "macros.py",
    "hooks/content.py",
    "overrides/main.html",
    "bin/build",
    ".github/workflows/x.yml",
    "requirements.txt",
    "package.json",
    "package-lock.json",
    "tests/conftest.py",
    ".ci/run",
]


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository whose main has the project's CODEOWNERS, a page and a hook; a branch `pr` off it."""
    repo = tmp_path / "repo"
    (repo / ".github").mkdir(parents=True)
    (repo / ".github/CODEOWNERS").write_text((ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8"))
    for path in ("docs/index.md", "hooks/content.py", "data/laws.yml"):
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text("x\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "pr")
    return repo


def check(repo: Path, labels: list[str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PR_LABELS": json.dumps(labels or [])}
    return subprocess.run([str(SCRIPT), "main", "pr"], cwd=repo, capture_output=True, text=True, env=env)


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


def test_codeowners_lists_every_kind_of_code():
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader("check_trusted", str(SCRIPT))
    spec = importlib.util.spec_from_loader("check_trusted", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    patterns = module.trusted_patterns((ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8"))
    assert all(module.is_trusted(path, patterns) for path in CODE), [
        path for path in CODE if not module.is_trusted(path, patterns)
    ]
    assert not any(
        module.is_trusted(path, patterns)
        for path in ("docs/index.md", "data/laws.yml", "docs/hooks/x.md", "docs/bin/x.md")
    )


def test_a_content_change_passes(repo):
    (repo / "docs/index.md").write_text("new text\n")
    (repo / "data/laws.yml").write_text("y\n")
    commit(repo)
    assert check(repo).returncode == 0


def test_a_code_change_needs_the_label(repo):
    (repo / "hooks/content.py").write_text("import os\n")
    (repo / "mkdocs.yml").write_text("site_name: x\n")
    commit(repo)
    failed = check(repo, ["documentation"])
    assert failed.returncode == 1
    assert "hooks/content.py: trusted file" in failed.stdout and "mkdocs.yml: trusted file" in failed.stdout
    assert "trusted-change" in failed.stdout
    assert check(repo, ["trusted-change"]).returncode == 0


def test_the_base_list_judges_even_when_the_pull_request_edits_it(repo):
    """Taking /hooks/ off CODEOWNERS in the same pull request does not make hooks/ content."""
    owners = repo / ".github/CODEOWNERS"
    owners.write_text(owners.read_text().replace("/hooks/", "/nothing/"))
    (repo / "hooks/content.py").write_text("import os\n")
    commit(repo)
    result = check(repo)
    assert result.returncode == 1 and "hooks/content.py" in result.stdout


def test_moving_a_page_into_code_needs_the_label(repo):
    git(repo, "mv", "docs/index.md", "hooks/evil.py")
    commit(repo)
    result = check(repo)
    assert result.returncode == 1 and "hooks/evil.py" in result.stdout


def test_a_symlink_anywhere_fails_even_with_the_label(repo):
    (repo / "docs/leak.md").symlink_to("/etc/passwd")
    commit(repo)
    result = check(repo, ["trusted-change"])
    assert result.returncode == 1 and "docs/leak.md: a symlink" in result.stdout


def test_the_workflow_runs_the_base_branch_s_check_and_nothing_of_the_pull_request():
    workflow = yaml.load((ROOT / ".github/workflows/trusted.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert list(workflow["on"]) == ["pull_request_target"]
    assert {"labeled", "unlabeled", "synchronize"} <= set(workflow["on"]["pull_request_target"]["types"])
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"} and int(job["timeout-minutes"]) <= 10
    steps = job["steps"]
    checkout = steps[0]
    assert checkout["uses"].startswith("actions/checkout@") and "ref" not in checkout.get("with", {}), (
        "the job must check out the base branch, never the pull request's head"
    )
    runs = " ".join(step.get("run", "") for step in steps)
    for forbidden in ("bin/setup", "bin/test", "bin/build", "mkdocs", "pip", "npm", "python"):
        assert forbidden not in runs, f"the trusted-files job must run no project set-up or code: {forbidden}"
    assert "bin/check-trusted" in runs
    assert "toJSON(github.event.pull_request.labels.*.name)" in str(steps[-1]["env"]["PR_LABELS"])
    # The pull request's text reaches the script through env, never spliced into the script itself.
    assert "${{" not in runs
